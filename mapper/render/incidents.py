"""Incidents layer data: compact columns to draw at start, evidence per day on demand.

The page loads ``incidents`` at start, with per incident only what drawing needs:
coordinates as integers (1e-5 degree, about 1 m) from the south-west corner, hour,
symbol, fatalities, certainty.  Incidents are sorted by day and hour, and
``dayStart[d]`` .. ``dayStart[d+1]`` are those of day ``d``, so a time step touches
only the days entering and leaving the window.  What only a popup shows (ids,
types, actors, places and the evidence sentences) is in one file per day
(``details[d]``), loaded when a popup of that day opens.  The browser writes all
text with ``textContent``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from mapper.control.inputs import styles
from mapper.render.jsonio import EventIndex, index_events

CERTAINTIES = ("confirmed", "reported", "claimed", "denied", "unknown")
_CERT_CODE = {c: k for k, c in enumerate(CERTAINTIES)}
#: Coordinates are sent as integers in units of 1/SCALE degree.
SCALE = 100_000


def symbol_key(props: dict[str, Any]) -> str:
    """The colors.toml entry that draws an event: its sub-event type, else its type."""
    cfg = styles()
    if props.get("sub_event_type") in cfg.get("sub_event_types", {}):
        return props["sub_event_type"]
    if props.get("event_type") in cfg.get("event_types", {}):
        return props["event_type"]
    return "default"


def _symbol(key: str) -> list[str]:
    cfg = styles()
    entry = (cfg["sub_event_types"].get(key) or cfg["event_types"].get(key)
             or cfg["incident_default"])
    return [key, entry["color"], entry["glyph"], "Other" if key == "default" else key]


def event_time(props: dict[str, Any]) -> datetime | None:
    """UTC time of an event when it falls on the event's own day, else None."""
    t = props.get("time_utc")
    if not t:
        return None
    try:
        dt = datetime.fromisoformat(str(t).replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.date().isoformat() == str(props.get("date"))[:10] else None




def _clock(time_utc: Any, day: str) -> int:
    """Minute of the day (UTC) of an event on its own day, or -1 (see :func:`event_time`)."""
    if not time_utc:
        return -1
    t = str(time_utc)
    # The extractor writes "YYYY-MM-DDTHH:MM:SS+00:00": read that without datetime.
    if len(t) == 25 and t.endswith("+00:00") and t[10] == "T" and t[13] == ":":
        if t[:10] != day:
            return -1
        if t[11:13].isdigit() and t[14:16].isdigit():
            return int(t[11:13]) * 60 + int(t[14:16])
    dt = event_time({"time_utc": t, "date": day})
    return dt.hour * 60 + dt.minute if dt is not None else -1


def mappable(features: list[dict] | EventIndex, days: list[date],
             types: Callable[[Any, Any], bool] | None = None) -> list[dict]:
    """Features to draw: not from reader comments, with a point, on a day of the map.

    From an :class:`EventIndex`, only those whose ``types(event_type, sub_event_type)``
    is true when ``types`` is given (see :meth:`EventIndex.mappable`).
    """
    if isinstance(features, EventIndex):
        return features.mappable(days, types)
    first, last = days[0].isoformat(), days[-1].isoformat()
    out = []
    for f in features:
        p, g = f.get("properties") or {}, f.get("geometry") or {}
        if p.get("in_comments") or g.get("type") != "Point" or not g.get("coordinates"):
            continue
        if first <= str(p.get("date", ""))[:10] <= last:
            out.append(f)
    return out


@dataclass(frozen=True)
class IncidentData:
    """The Incidents layer: ``columns`` loaded at start, ``details`` per day on demand.

    Attributes
    ----------
    columns : dict
        ``x, y`` (integers: ``(x0 + x[i]) / scale`` is the longitude), ``x0, y0, scale``,
        ``hour`` (-1 when untimed), ``sym, fat, cert``; ``dayStart``; ``symbols``
        (``[key, colour, glyph, label]``), ``certainties``; ``details``: per day the name
        of its details file, or None for a day without incidents.
    details : tuple
        Per day ``{"rows": [[id, minute of day or -1, type, sub-type, actor1, actor2,
        place, [[article, entry time, sentence], ...]], ...], "strings": [...]}`` (the
        indices point into ``strings``) or None; row ``k`` of day ``d`` is incident
        ``dayStart[d] + k``.
    """

    columns: dict[str, Any]
    details: tuple[dict[str, Any] | None, ...]

    def payloads(self) -> dict[str, Any]:
        """Data file name -> data: ``incidents`` and one ``incidents/NNN`` per day."""
        out: dict[str, Any] = {"incidents": self.columns}
        for name, detail in zip(self.columns["details"], self.details, strict=True):
            if name is not None:
                out[name] = detail
        return out


def detail_name(day: int) -> str:
    """Data file (without ``.js``) holding the popup details of day ``day``."""
    return f"incidents/{day:03d}"


#: Properties an incident is drawn with, read with one call; a feature missing one of
#: them is read key by key (:func:`_drawn`).
_DRAWN = itemgetter("time_utc", "event_id", "event_type", "sub_event_type", "fatalities",
                    "certainty")
#: The five named fields of a popup, which repeat as a whole (same actors, same place).
_NAMED = itemgetter("event_type", "sub_event_type", "actor1", "actor2", "place")
_SOURCE = itemgetter("article", "entry_time_utc", "sentence")


def _drawn(p: dict[str, Any]) -> tuple:
    """:data:`_DRAWN` of properties lacking some of them (an absent event id is "")."""
    return (p.get("time_utc"), p.get("event_id", ""), p.get("event_type"),
            p.get("sub_event_type"), p.get("fatalities"), p.get("certainty"))


def _rows(index: EventIndex, days: list[date]) -> tuple[list[tuple], dict[str, int]]:
    """Mappable incidents as ``(day, hour, id, minute, symbol, x, y, fatalities, certainty,
    named fields, sources)``, sorted by day, hour and id (x, y in 1/SCALE degrees)."""
    day_index = {d.isoformat(): k for k, d in enumerate(days)}
    sym_index: dict[str, int] = {}
    sym_of: dict[tuple[Any, Any], int] = {}  # (type, sub-type) -> symbol, looked up once
    cert_code = _CERT_CODE.get
    rows = []
    append = rows.append
    for f, day in zip(index.points, index.point_days, strict=True):
        d = day_index.get(day)
        if d is None:
            continue
        p = f["properties"]
        try:
            t, eid, etype, sub, fat, cert = _DRAWN(p)
        except KeyError:
            t, eid, etype, sub, fat, cert = _drawn(p)
        sym = sym_of.get((etype, sub))
        if sym is None:
            sym = sym_of[(etype, sub)] = sym_index.setdefault(symbol_key(p), len(sym_index))
        clock = _clock(t, day) if t else -1
        lon, lat = f["geometry"]["coordinates"][:2]
        try:  # read now, while the event is in the processor's cache
            named = _NAMED(p)
        except KeyError:
            named = (p.get("event_type"), p.get("sub_event_type"), p.get("actor1"),
                     p.get("actor2"), p.get("place"))
        append((d, clock // 60 if clock >= 0 else -1, str(eid), clock, sym,
                round(float(lon) * SCALE), round(float(lat) * SCALE), int(fat or 0),
                cert_code(cert, 4), named, p.get("sources") or ()))
    # Stable sorts by id, hour, then day: the order of one sort by (day, hour, id), in a
    # third of the time of a tuple key.
    for k in (2, 1, 0):
        rows.sort(key=itemgetter(k))
    return rows, sym_index


def _details(rows: list[tuple]) -> dict[str, Any]:
    """The popup details of one day's incidents (see :class:`IncidentData`)."""
    table: dict[str, int] = {}  # repeated texts (types, actors, places, articles) sent once
    known = table.get

    def sid(value: Any) -> int:
        key = value if type(value) is str else str(value or "")
        k = known(key)
        if k is None:
            k = table[key] = len(table)
        return k

    named: dict[tuple, list[int]] = {}  # the five named fields repeat as a whole
    out = []
    for _, _, eid, clock, _, _, _, _, _, key, srcs in rows:
        ids = named.get(key)
        if ids is None:
            ids = named[key] = [sid(v) for v in key]
        sources = []
        for src in srcs:
            try:
                article, t, sentence = _SOURCE(src)
            except KeyError:
                article, t, sentence = (src.get("article"), src.get("entry_time_utc"),
                                        src.get("sentence", ""))
            k = known(article) if type(article) is str else None
            sources.append([sid(article) if k is None else k,
                            str(t)[:16].replace("T", " ") if t else "",
                            sentence if type(sentence) is str else str(sentence)])
        out.append([eid, clock, *ids, sources])
    return {"rows": out, "strings": list(table)}


def incidents_data(features: list[dict] | EventIndex, days: list[date]) -> IncidentData:
    """Data of the Incidents layer (see :class:`IncidentData`).

    ``features`` are the GeoJSON features of the events, or their :class:`EventIndex`.
    """
    index = features if isinstance(features, EventIndex) else index_events(features)
    rows, sym_index = _rows(index, days)
    n_days = len(days)
    lists = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(11)]
    day, hour, _, _, sym, xs, ys, fat, cert, _, _ = lists
    x0, y0 = min(xs, default=0), min(ys, default=0)
    day_start = [bisect_left(day, d) for d in range(n_days + 1)]
    details = tuple(_details(rows[day_start[d]:day_start[d + 1]])
                    if day_start[d + 1] > day_start[d] else None for d in range(n_days))
    columns = {
        "x": [x - x0 for x in xs], "y": [y - y0 for y in ys], "x0": x0, "y0": y0,
        "scale": SCALE, "hour": hour, "sym": sym, "fat": fat, "cert": cert,
        "dayStart": day_start,
        "symbols": [_symbol(key) for key in sym_index],
        "certainties": list(CERTAINTIES),
        "details": [detail_name(d) if x is not None else None for d, x in enumerate(details)],
    }
    return IncidentData(columns, details)


def decode(data: IncidentData, i: int) -> dict[str, Any]:
    """Incident ``i`` of :func:`incidents_data` as a plain dict (for tests and debugging)."""
    c = data.columns
    day = bisect_right(c["dayStart"], i) - 1
    detail = data.details[day]
    eid, clock, *named, sources = detail["rows"][i - c["dayStart"][day]]
    s = detail["strings"]
    out = {"id": eid, "day": day, "hour": c["hour"][i], "clock": clock, "fat": c["fat"][i],
           "lat": (c["y0"] + c["y"][i]) / c["scale"], "lon": (c["x0"] + c["x"][i]) / c["scale"],
           "certainty": c["certainties"][c["cert"][i]]}
    out.update(zip(("type", "sub", "actor1", "actor2", "place"), (s[n] for n in named),
                   strict=True))
    out["sources"] = [[s[a], t, sentence] for a, t, sentence in sources]
    return out


def time_steps(days: list[date], incidents: dict[str, Any] | None) -> list[list[int]]:
    """Slider steps ``[day, hour]``: each hour with timed incidents, then the whole day (-1).

    ``incidents`` is :attr:`IncidentData.columns`.
    """
    steps = []
    for d in range(len(days)):
        if incidents:
            lo, hi = incidents["dayStart"][d], incidents["dayStart"][d + 1]
            steps.extend([d, h] for h in sorted(set(incidents["hour"][lo:hi]) - {-1}))
        steps.append([d, -1])
    return steps


def per_day_counts(incidents: dict[str, Any] | None, n_days: int) -> tuple[list[int], list[int]]:
    """Incidents and reported deaths per day (``incidents`` is :attr:`IncidentData.columns`)."""
    if not incidents:
        return [0] * n_days, [0] * n_days
    starts = incidents["dayStart"]
    counts = [starts[d + 1] - starts[d] for d in range(n_days)]
    deaths = [sum(incidents["fat"][starts[d]:starts[d + 1]]) for d in range(n_days)]
    return counts, deaths
