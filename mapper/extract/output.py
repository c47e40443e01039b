"""Writers of the extraction output folder.

``write_outputs(result, out_dir)`` writes exactly:

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
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mapper.atomic import atomic_open
from mapper.errors import OutputError
from mapper.extract.frames import CONTROL_COLUMNS, MENTION_COLUMNS
from mapper.records import ControlChange, Event, Mention

__all__ = ["write_outputs", "event_feature", "acled_row", "ACLED_COLUMNS", "OUTPUT_FILES"]

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


def _sources(ev: Event) -> list[dict[str, Any]]:
    return [
        {
            "article": s.article,
            "entry_time_utc": _iso(s.entry_time_utc),
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
        "time_utc": _iso(ev.time_utc),
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


def acled_row(ev: Event, gaz: Any = None, publishers: dict[str, str] | None = None) -> list[str]:
    """An event as a row of :data:`ACLED_COLUMNS`."""
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
        _admin1(ev.place_id, gaz),
        ev.place,
        f"{ev.lat:.5f}" if ev.lat is not None else "",
        f"{ev.lon:.5f}" if ev.lon is not None else "",
        str(ev.geo_precision),
        str(TIME_PRECISION.get(ev.date_precision, 3)),
        "; ".join(names),
        notes,
        str(ev.fatalities),
    ]


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    """Stream rows into ``path`` (atomically): a large corpus is never one string in memory."""
    with atomic_open(path) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_geojson(path: Path, features: Iterable[dict[str, Any]]) -> None:
    """Stream a FeatureCollection, byte for byte what ``json.dumps(..., indent=1)`` gives."""
    with atomic_open(path) as fh:
        fh.write('{\n "type": "FeatureCollection",\n "features": [')
        first = True
        for feature in features:
            text = json.dumps(feature, ensure_ascii=False, indent=1).replace("\n", "\n  ")
            fh.write(("\n  " if first else ",\n  ") + text)
            first = False
        fh.write("]\n}\n" if first else "\n ]\n}\n")


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


def write_outputs(result: Any, out_dir: str | Path, gaz: Any = None) -> list[Path]:
    """Write the extraction output files.

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
    if gaz is None:
        from mapper.pipeline import _tools

        gaz = _tools()[0]
    rec = result.records
    publishers = {a.id: a.source for a in result.articles if a.source}
    _write_geojson(out / "events.geojson", (event_feature(e) for e in rec.events))
    _write_csv(out / "events.csv", ACLED_COLUMNS, (acled_row(e, gaz, publishers) for e in rec.events))
    _write_csv(out / "control_changes.csv", CONTROL_HEADER, _control_rows(rec.control_changes))
    _write_csv(out / "mentions.csv", MENTION_HEADER, _mention_rows(rec.mentions))
    paths = [out / name for name in OUTPUT_FILES]
    return paths
