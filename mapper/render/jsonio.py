"""Fast, reproducible JSON for the render step: read ``events.geojson``, write layer data.

A 100,000-incident extraction is a 65 MB ``events.geojson``; parsing it and
serialising the layer data dominate a render.  Two things make that fast:

* ``orjson`` when it is installed (the standard library is the fallback, with the
  same output: sorted keys, compact separators, ASCII only);
* no cyclic garbage collection while millions of small dicts are being allocated
  (:func:`no_gc`): the collector would walk all of them again and again although
  parsed JSON holds no reference cycles.

The parsed events are then read once (:func:`index_events`) for what the layers
ask of all of them, instead of one scan per layer.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from mapper.control.shares import may_quote_share
from mapper.errors import InputError

try:  # optional speed-up; same output without it
    import orjson
except ImportError:  # pragma: no cover - exercised where orjson is absent
    orjson = None

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause cyclic garbage collection for a bulk allocation (restored afterwards)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _escape_char(m: re.Match) -> str:
    code = ord(m.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # astral plane: a UTF-16 surrogate pair, as json.dumps writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(obj: Any, **_ignored: Any) -> str:
    """Compact JSON with sorted keys and only ASCII characters.

    The same bytes as ``json.dumps(obj, sort_keys=True, separators=(",", ":"))`` for
    str-keyed dicts, lists, strings, ints and floats of 1e-4 or more (orjson writes
    ``0.00001`` where json writes ``1e-05``; both parse to the same number).  Extra
    keyword arguments (Jinja's ``json.dumps_kwargs``) are accepted and ignored.
    """
    if orjson is None:
        return json.dumps(obj, sort_keys=True, separators=(",", ":"))
    text = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    # Escaped like json.dumps: the files stay ASCII whatever charset a server announces.
    return text if text.isascii() else _NON_ASCII.sub(_escape_char, text)


def loads(data: bytes) -> Any:
    """Parse JSON bytes (orjson when installed), without pausing for garbage collection."""
    with no_gc():
        if orjson is not None:
            return orjson.loads(data)
        return json.loads(data)


def load_events(path: Path) -> list[dict[str, Any]]:
    """Features of an ``events.geojson`` (``[]`` when the file is absent).

    Raises
    ------
    InputError
        When the file is not a GeoJSON FeatureCollection.
    """
    if not path.exists():
        return []
    try:
        doc = loads(path.read_bytes())
    except (UnicodeDecodeError, ValueError) as exc:  # orjson's and json's errors are ValueErrors
        raise InputError(f"{path}: not valid GeoJSON ({exc}); re-run `mapper extract`") from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list):
        raise InputError(f"{path}: no 'features' list; re-run `mapper extract`")
    return feats


_FEATURE = itemgetter("properties", "geometry")
_PROPS = itemgetter("in_comments", "date", "sources", "event_type", "sub_event_type")
_POINT = itemgetter("type", "coordinates")


@dataclass(frozen=True)
class EventIndex:
    """What the render needs of every event, read in one pass (:func:`index_events`).

    Events from reader comments are left out of all three attributes.  Nothing is
    copied: at 100,000 events, every extra object per event costs time to make and
    to free.

    Attributes
    ----------
    points : list
        The features with a point geometry, in file order.
    point_days : list of str
        The first ten characters of each of their ``date``.
    point_types : list of tuple
        Their ``event_type`` and their ``sub_event_type`` (two lists).
    dates : frozenset of str
        First ten characters of every event's ``date`` (with or without a point).
    share_texts : tuple
        ``(date text, article, sentence)`` of the source sentences that may quote a
        share of territory (:func:`mapper.control.shares.may_quote_share`).
    """

    points: list[dict[str, Any]]
    point_days: list[str]
    point_types: tuple[list[Any], list[Any]]
    dates: frozenset[str]
    share_texts: tuple[tuple[str, str, str], ...]

    def mappable(self, days: list[date], types: Callable[[Any, Any], bool] | None = None
                 ) -> list[dict[str, Any]]:
        """Features with a point on one of ``days``, in file order; only those whose
        ``types(event_type, sub_event_type)`` is true when ``types`` is given."""
        wanted = {d.isoformat() for d in days}
        if types is None:
            return [f for f, d in zip(self.points, self.point_days, strict=True) if d in wanted]
        ok: dict[tuple[Any, Any], bool] = {}  # types() once per pair of types
        kept = []
        for f, d, pair in zip(self.points, self.point_days, zip(*self.point_types, strict=True),
                              strict=True):
            keep = ok.get(pair)
            if keep is None:
                keep = ok[pair] = bool(types(*pair))
            if keep and d in wanted:
                kept.append(f)
        return kept


def index_events(features: list[dict[str, Any]]) -> EventIndex:
    """One pass over the features of an ``events.geojson`` (see :class:`EventIndex`)."""
    points: list[dict[str, Any]] = []
    point_days: list[str] = []
    etypes: list[Any] = []
    subs: list[Any] = []
    dates: set[str] = set()
    texts = []
    for f in features:
        # One lookup of several keys (a fallback when one is absent): at 100,000
        # events, each dict.get counts.
        try:
            p, g = _FEATURE(f)
        except KeyError:
            p, g = f.get("properties"), f.get("geometry")
        p = p or {}
        try:
            in_comments, when, sources, etype, sub = _PROPS(p)
        except KeyError:
            in_comments, when, sources, etype, sub = (
                p.get("in_comments"), p.get("date", ""), p.get("sources"), p.get("event_type"),
                p.get("sub_event_type"))
        if in_comments:
            continue
        day = str(when)[:10]
        dates.add(day)
        for src in sources or ():
            sentence = src.get("sentence", "")
            if type(sentence) is not str:
                sentence = str(sentence)
            # Inline the cheap half of the test: nearly every sentence fails it.
            if ("%" in sentence or "cent" in sentence.lower()) and may_quote_share(sentence):
                texts.append((day, str(src.get("article", "")), sentence))
        g = g or {}
        try:
            kind, coords = _POINT(g)
        except KeyError:
            kind, coords = g.get("type"), g.get("coordinates")
        if kind == "Point" and coords:
            points.append(f)
            point_days.append(day)
            etypes.append(etype)
            subs.append(sub)
    return EventIndex(points, point_days, (etypes, subs), frozenset(dates), tuple(texts))
