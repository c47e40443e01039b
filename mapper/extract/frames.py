"""Tables of the extractor's records: events, control changes and mentions as frames.

The writers and the rest of the pipeline work on records
(:mod:`mapper.records`); these builders turn them into pandas / geopandas
frames with fixed columns (:data:`EVENT_COLUMNS`, :data:`CONTROL_COLUMNS`,
:data:`MENTION_COLUMNS`) for :class:`mapper.pipeline.ExtractionResult` and
the Python API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mapper.records import ControlChange, Event, Mention

if TYPE_CHECKING:  # imported where used: `mapper extract` writes files and needs no frames
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

__all__ = [
    "EVENT_COLUMNS",
    "CONTROL_COLUMNS",
    "MENTION_COLUMNS",
    "control_frame",
    "events_frame",
    "lonlat_point",
    "mentions_frame",
    "source_dicts",
]

EVENT_COLUMNS = [
    "event_id",
    "date",
    "date_precision",
    "date_end",
    "time_utc",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "place_id",
    "place",
    "geo_precision",
    "fatalities",
    "fatalities_phrase",
    "certainty",
    "in_comments",
    "sources",
]
CONTROL_COLUMNS = [
    "date",
    "place_id",
    "place",
    "from",
    "to",
    "kind",
    "certainty",
    "article",
    "sentence",
    "start",
    "end",
    "in_comments",
]
MENTION_COLUMNS = [
    "article",
    "place_id",
    "place",
    "surface",
    "start",
    "end",
    "entry_time_utc",
    "in_comments",
    "rule",
]


def lonlat_point(lat: float, lon: float) -> Point:
    """The one place where (lat, lon) becomes a GeoJSON/shapely point (x=lon, y=lat)."""
    from shapely.geometry import Point

    return Point(float(lon), float(lat))


def source_dicts(ev: Event) -> list[dict[str, Any]]:
    """An event's sources as plain dicts (``entry_time_utc`` in ISO 8601 or None)."""
    return [
        {
            "article": s.article,
            "entry_time_utc": s.entry_time_utc.isoformat() if s.entry_time_utc else None,
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
        }
        for s in ev.sources
    ]


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame in EPSG:4326."""
    import geopandas as gpd

    events = list(events)
    # Column by column: a list of one dict per row costs several times the records.
    columns: dict[str, list[Any]] = {
        "event_id": [ev.event_id for ev in events],
        "date": [ev.date for ev in events],
        "date_precision": [ev.date_precision for ev in events],
        "date_end": [ev.date_end for ev in events],
        "time_utc": [ev.time_utc for ev in events],
        "event_type": [ev.event_type for ev in events],
        "sub_event_type": [ev.sub_event_type for ev in events],
        "actor1": [ev.actor1 for ev in events],
        "actor2": [ev.actor2 for ev in events],
        "place_id": [ev.place_id for ev in events],
        "place": [ev.place for ev in events],
        "geo_precision": [ev.geo_precision for ev in events],
        "fatalities": [ev.fatalities for ev in events],
        "fatalities_phrase": [ev.fatalities_phrase for ev in events],
        "certainty": [ev.certainty for ev in events],
        "in_comments": [ev.in_comments for ev in events],
        "sources": [source_dicts(ev) for ev in events],
    }
    geoms = [
        lonlat_point(ev.lat, ev.lon) if ev.lat is not None and ev.lon is not None else None
        for ev in events
    ]
    frame = _frame(columns, EVENT_COLUMNS)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def _frame(columns: dict[str, list[Any]], names: list[str]) -> pd.DataFrame:
    """A frame from column lists, typed as one built from row dicts would be."""
    import pandas as pd

    frame = pd.DataFrame({name: pd.Series(columns[name], dtype=object) for name in names})
    return frame.infer_objects() if len(frame) else frame


def control_frame(changes: Iterable[ControlChange]) -> pd.DataFrame:
    """Control changes and assertions as a DataFrame."""
    changes = list(changes)
    fields = ("date", "place_id", "place", "from_", "to", "kind", "certainty", "article",
              "sentence", "start", "end", "in_comments")  # fmt: skip
    columns = {
        name: [getattr(c, f) for c in changes]
        for name, f in zip(CONTROL_COLUMNS, fields, strict=True)
    }
    return _frame(columns, CONTROL_COLUMNS)


def mentions_frame(mentions: Iterable[Mention]) -> pd.DataFrame:
    """Place mentions as a DataFrame."""
    mentions = list(mentions)
    fields = ("article_id", "place_id", "place", "surface", "start", "end", "entry_time_utc",
              "in_comments", "rule")  # fmt: skip
    columns = {
        name: [getattr(m, f) for m in mentions]
        for name, f in zip(MENTION_COLUMNS, fields, strict=True)
    }
    return _frame(columns, MENTION_COLUMNS)
