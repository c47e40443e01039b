"""Writers of the extraction output folder.

``write_streams(out_dir, events, changes, mentions)`` (from a record spool) and
``write_outputs(result, out_dir)`` (from an in-memory result) write exactly:

* ``events.geojson``: one Point feature per event, with its sources;
* ``events.csv``: the same events in ACLED's column names;
* ``control_changes.csv``: changes and assertions;
* ``mentions.csv``: every place mention.

Rows are sorted, numbers formatted the same way every time and nothing depends
on the clock, so the same input gives byte-identical files.  Each file is
written to a temporary file in the folder and renamed over the old one, so a
reader never sees half a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from mapper.atomic import atomic_open
from mapper.errors import OutputError
from mapper.extract.frames import CONTROL_COLUMNS, MENTION_COLUMNS
from mapper.records import ControlChange, Event, Mention

__all__ = [
    "CsvText", "iso_time", "write_outputs", "write_streams", "EventRenderer", "event_feature", "acled_row",
    "ACLED_COLUMNS", "OUTPUT_FILES",
]

ACLED_COLUMNS = [
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "source",
    "notes",
    "fatalities",
]
#: The written columns of control_changes.csv (``in_comments`` is kept in the frames only).
CONTROL_HEADER = [c for c in CONTROL_COLUMNS if c != "in_comments"]
MENTION_HEADER = list(MENTION_COLUMNS)
OUTPUT_FILES = ("events.geojson", "events.csv", "control_changes.csv", "mentions.csv")
#: ACLED time_precision: 1 the day is known, 2 the week, 3 only the month or a longer period.
TIME_PRECISION = {"day": 1, "week": 2, "period": 3}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# A time zone aware datetime's isoformat() costs microseconds (it asks the zone for
# its offset), and a corpus writes each of its few thousand entry times many times.
# Only UTC times are kept: equal ones have equal fields, so equal text (equal times
# in two zones differ in offset).
_UTC_TEXT: dict[datetime, str] = {}


def iso_time(when: datetime | None) -> str | None:
    """``when.isoformat()`` (None for None), remembered for UTC times."""
    if when is None:
        return None
    if type(when) is not datetime or when.tzinfo is not UTC:
        return when.isoformat()
    text = _UTC_TEXT.get(when)
    if text is None:
        if len(_UTC_TEXT) >= 100_000:
            _UTC_TEXT.clear()
        text = _UTC_TEXT[when] = when.isoformat()
    return text


def _sources(ev: Event) -> list[dict[str, Any]]:
    return [
        {
            "article": s.article,
            "entry_time_utc": iso_time(s.entry_time_utc),
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
        }
        for s in ev.sources
    ]


def event_feature(ev: Event) -> dict[str, Any]:
    """A GeoJSON Feature for an event: coordinates in (lon, lat) order."""
    props = {
        "event_id": ev.event_id,
        "date": ev.date.isoformat(),
        "date_precision": ev.date_precision,
        "date_end": _iso(ev.date_end),
        "time_utc": iso_time(ev.time_utc),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1,
        "actor2": ev.actor2,
        "place_id": ev.place_id,
        "place": ev.place,
        "geo_precision": ev.geo_precision,
        "fatalities": ev.fatalities,
        "fatalities_phrase": ev.fatalities_phrase,
        "certainty": ev.certainty,
        "in_comments": ev.in_comments,
        "sources": _sources(ev),
    }
    geometry = None
    if ev.lat is not None and ev.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(ev.lon, 6), round(ev.lat, 6)]}
    return {"type": "Feature", "id": ev.event_id, "geometry": geometry, "properties": props}


def _admin1(place_id: str, gaz: Any) -> str:
    """The province ("Aleppo") a place lies in, as ACLED names it."""
    if gaz is None or place_id not in gaz:
        return ""
    for p in [gaz.get(place_id), *gaz.ancestors(place_id)]:
        if p.kind == "province":
            return p.name.removesuffix(" Governorate").removesuffix(" Province")
    return ""


def acled_row(
    ev: Event, gaz: Any = None, publishers: dict[str, str] | None = None, admin1: str | None = None
) -> list[str]:
    """An event as a row of :data:`ACLED_COLUMNS` (``admin1``: its province, if known already)."""
    publishers = publishers or {}
    names = dict.fromkeys(publishers.get(s.article) or s.article for s in ev.sources)
    first = ev.sources[0]
    notes = f"{first.sentence} [{ev.event_id}; {len(ev.sources)} report(s); {ev.certainty}]"
    return [
        ev.date.isoformat(),
        ev.event_type,
        ev.sub_event_type,
        ev.actor1,
        ev.actor2,
        _admin1(ev.place_id, gaz) if admin1 is None else admin1,
        ev.place,
        f"{ev.lat:.5f}" if ev.lat is not None else "",
        f"{ev.lon:.5f}" if ev.lon is not None else "",
        str(ev.geo_precision),
        str(TIME_PRECISION.get(ev.date_precision, 3)),
        "; ".join(names),
        notes,
        str(ev.fatalities),
    ]


class EventRenderer:
    """Turns a merged event into its two output lines: a GeoJSON feature and an ACLED CSV row.

    The spool calls it once per merged event (so events are never decoded
    twice) and stores the lines to write them in output order.

    Parameters
    ----------
    gaz : Gazetteer, optional
        For ACLED's ``admin1``; the shipped gazetteer when omitted.
    publishers : dict, optional
        Article id -> publisher name, for ACLED's ``source`` column.
    """

    def __init__(self, gaz: Any = None, publishers: dict[str, str] | None = None) -> None:
        if gaz is None:
            from mapper.extract.reader import tools

            gaz = tools()[0]
        self._gaz = gaz
        self._publishers = publishers or {}
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")
        self._provinces: dict[str, str] = {}  # place id -> admin1: a corpus names a few hundred places

    def __reduce__(self) -> tuple:
        # Sent to a worker process: the worker loads its own gazetteer and buffer.
        return (EventRenderer, (None, self._publishers))

    def __call__(self, ev: Event) -> tuple[bytes, str]:
        """(feature as compact JSON, ACLED row as one CSV line)."""
        # orjson keeps keys in the order given and writes floats the shortest way
        # that reads back equal, as Python does: the same bytes every run.
        self._buffer.seek(0)
        self._buffer.truncate()
        admin1 = self._provinces.get(ev.place_id)
        if admin1 is None:
            admin1 = self._provinces[ev.place_id] = _admin1(ev.place_id, self._gaz)
        self._csv.writerow(acled_row(ev, self._gaz, self._publishers, admin1))
        return orjson.dumps(event_feature(ev)), self._buffer.getvalue()


def _write_events(out: Path, rendered: Iterable[tuple[bytes, str]]) -> None:
    """Both event files in one pass; the GeoJSON has one feature per line (greppable, diffable)."""
    with atomic_open(out / "events.geojson", binary=True) as geo, atomic_open(out / "events.csv") as table:
        geo.write(b'{"type":"FeatureCollection","features":[')
        csv.writer(table, lineterminator="\n").writerow(ACLED_COLUMNS)
        sep = b"\n"
        for feature, row in rendered:
            geo.write(sep + feature)
            table.write(row)
            sep = b",\n"
        geo.write(b"\n]}\n")


def _control_rows(changes: Iterable[ControlChange]) -> Iterable[list[Any]]:
    for c in changes:
        yield [
            c.date.isoformat(),
            c.place_id,
            c.place,
            c.from_,
            c.to,
            c.kind,
            c.certainty,
            c.article,
            c.sentence,
            c.start,
            c.end,
        ]


def _mention_rows(mentions: Iterable[Mention]) -> Iterable[list[Any]]:
    for m in mentions:
        yield [
            m.article_id,
            m.place_id,
            m.place,
            m.surface,
            m.start,
            m.end,
            _iso(m.entry_time_utc) or "",
            "true" if m.in_comments else "false",
            m.rule,
        ]


@dataclass(frozen=True)
class CsvText:
    """A table's rows already written as CSV text (no header), in chunks of whole lines.

    Workers render the lines of ``mentions.csv`` as they read the articles; the
    main process only copies them.
    """

    chunks: Iterable[str]


def write_streams(
    out_dir: str | Path,
    events: Iterable[tuple[bytes, str]] | Callable[[Callable[[], None]], Iterable[tuple[bytes, str]]],
    change_rows: Iterable[Sequence[Any]],
    mention_rows: Iterable[Sequence[Any]] | CsvText,
) -> list[Path]:
    """Write the extraction output files from streams, one record at a time.

    Parameters
    ----------
    out_dir : str or Path
        Folder, created if missing.
    events : iterable of (bytes, str), or a callable returning one
        The merged events in output order, each as its :class:`EventRenderer`
        lines.  A callable is given a ``pump`` function and should call it now
        and then while it prepares the events (the spool does after each batch
        its workers merge): each call writes a slice of the two tables, so
        this process writes them while the workers merge instead of after.
    change_rows, mention_rows : iterable
        Sorted rows of ``control_changes.csv`` and ``mentions.csv`` (their
        columns in :data:`CONTROL_HEADER` and :data:`MENTION_HEADER` order);
        either may be a :class:`CsvText` of those rows instead.

    Returns
    -------
    list of Path
        The files written, in :data:`OUTPUT_FILES` order.

    Raises
    ------
    OutputError
        When the folder cannot be created or a file cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from exc
    with ExitStack() as files:  # on an error every file is removed, none renamed
        tables = _Tables(files, out, change_rows, mention_rows)
        _write_events(out, events(tables.pump) if callable(events) else events)
        tables.finish()
    return [out / name for name in OUTPUT_FILES]


class _Tables:
    """``control_changes.csv`` then ``mentions.csv``, written a slice at a time.

    Both are opened at once as temporary files entered on ``files``, which
    renames them into place (or removes them on an error) when it closes.
    """

    #: Items (rows, or chunks of a :class:`CsvText`) per :meth:`pump`: little beside a batch
    #: of merged events, so that workers never wait.
    SLICE = 2000

    def __init__(self, files: ExitStack, out: Path, change_rows: Iterable[Sequence[Any]] | CsvText,
                 mention_rows: Iterable[Sequence[Any]] | CsvText) -> None:
        # per table: how to write one item, how to write all the rest, the items
        self._todo: list[tuple[Callable[[Any], Any], Callable[[Any], Any], Iterator[Any]]] = []
        for name, header, rows in (("control_changes.csv", CONTROL_HEADER, change_rows),
                                   ("mentions.csv", MENTION_HEADER, mention_rows)):
            file = files.enter_context(atomic_open(out / name))
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(header)
            if isinstance(rows, CsvText):
                self._todo.append((file.write, file.writelines, iter(rows.chunks)))
            else:
                self._todo.append((writer.writerow, writer.writerows, iter(rows)))

    def pump(self) -> None:
        """Write the next :attr:`SLICE` items."""
        budget = self.SLICE
        while budget and self._todo:
            write, _, items = self._todo[0]
            for item in islice(items, budget):  # one by one: a slice is never held in memory
                write(item)
                budget -= 1
            if budget:  # this table ran out of items
                self._todo.pop(0)

    def finish(self) -> None:
        """Write the items left."""
        for _, write_all, items in self._todo:
            write_all(items)
        self._todo = []


def write_outputs(result: Any, out_dir: str | Path, gaz: Any = None) -> list[Path]:
    """Write the output files of an :class:`~mapper.pipeline.ExtractionResult`.

    Parameters
    ----------
    result : ExtractionResult
        From :func:`mapper.pipeline.extract`.
    out_dir : str or Path
        Folder, created if missing.
    gaz : Gazetteer, optional
        For ACLED's ``admin1``; the shipped gazetteer when omitted.

    Returns
    -------
    list of Path
        As :func:`write_streams`.
    """
    rec = result.records
    render = EventRenderer(gaz, {a.id: a.source for a in result.articles if a.source})
    return write_streams(out_dir, map(render, rec.events), _control_rows(rec.control_changes),
                         _mention_rows(rec.mentions))
