"""Fast, reproducible JSON for the render step: read ``events.geojson``, write layer data.

A 100,000-incident extraction is a 65 MB ``events.geojson``; parsing it and
serialising the layer data dominate a render.  Two things make that fast:

* ``orjson`` when it is installed (the standard library is the fallback, with the
  same output: sorted keys, compact separators, ASCII only);
* no cyclic garbage collection while millions of small dicts are being allocated
  (:func:`no_gc`): the collector would walk all of them again and again although
  parsed JSON holds no reference cycles.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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

    Same contract as :func:`mapper.control.inputs.read_events`, faster on large files.

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
