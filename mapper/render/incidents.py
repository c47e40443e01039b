"""Incidents layer data: one compact column per attribute, sorted by day and hour.

``dayStart[d]`` .. ``dayStart[d+1]`` are the incidents of day ``d``, so a time step
looks up its incidents without scanning 100,000 of them.  Popup text travels in
plain strings (repeated ones through a string table); the browser writes it with
``textContent``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mapper.control.inputs import styles

CERTAINTIES = ("confirmed", "reported", "claimed", "denied", "unknown")


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


def event_hour(props: dict[str, Any]) -> int:
    """Hour (UTC) of an event on its own day, or -1 when the reports give none."""
    dt = event_time(props)
    return dt.hour if dt is not None else -1


def mappable(features: list[dict], days: list[date]) -> list[dict]:
    """Features to draw: not from reader comments, with a point, on a day of the map."""
    first, last = days[0].isoformat(), days[-1].isoformat()
    out = []
    for f in features:
        p, g = f.get("properties") or {}, f.get("geometry") or {}
        if p.get("in_comments") or g.get("type") != "Point" or not g.get("coordinates"):
            continue
        if first <= str(p.get("date", ""))[:10] <= last:
            out.append(f)
    return out


def _sources(props: dict[str, Any]) -> list[list[str]]:
    out = []
    for s in props.get("sources") or []:
        t = s.get("entry_time_utc") or ""
        out.append([str(s.get("article", "")), str(t)[:16].replace("T", " "),
                    str(s.get("sentence", ""))])
    return out


class _Strings:
    """A string table: repeated texts (types, actors, places, articles) are sent once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: Any) -> int:
        return self.index.setdefault(str(value or ""), len(self.index))


def incidents_data(features: list[dict], days: list[date]) -> dict[str, Any]:
    """Data of the Incidents layer (see module docstring).

    Returns
    -------
    dict
        Columns ``lat, lon, day, hour, clock`` (minute of the day or -1), ``sym, fat, cert``,
        ``type, sub, actor1, actor2, place`` (indices into ``strings``), ``id`` and ``src``
        (per incident ``[[article index, entry time, sentence], ...]``); ``dayStart``,
        ``symbols``, ``certainties``, ``strings``.
    """
    day_index = {d.isoformat(): k for k, d in enumerate(days)}
    timed = [(f, event_time(f["properties"])) for f in mappable(features, days)]
    timed.sort(key=lambda ft: (ft[0]["properties"]["date"][:10],
                               ft[1].hour if ft[1] is not None else -1,
                               str(ft[0]["properties"].get("event_id", ""))))
    names = ("lat", "lon", "day", "hour", "clock", "sym", "fat", "cert", "type", "sub",
             "actor1", "actor2", "place", "id", "src")
    cols: dict[str, list] = {k: [] for k in names}
    sym_index: dict[str, int] = {}
    sym_of: dict[tuple[str, str], int] = {}  # (type, sub-type) -> symbol, looked up once
    strings = _Strings()
    for f, when in timed:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        cert = p.get("certainty") if p.get("certainty") in CERTAINTIES else "unknown"
        pair = (str(p.get("event_type")), str(p.get("sub_event_type")))
        if pair not in sym_of:
            sym_of[pair] = sym_index.setdefault(symbol_key(p), len(sym_index))
        cols["lat"].append(round(float(lat), 6))
        cols["lon"].append(round(float(lon), 6))
        cols["day"].append(day_index[p["date"][:10]])
        cols["hour"].append(when.hour if when is not None else -1)
        cols["clock"].append(when.hour * 60 + when.minute if when is not None else -1)
        cols["sym"].append(sym_of[pair])
        cols["fat"].append(int(p.get("fatalities") or 0))
        cols["cert"].append(CERTAINTIES.index(cert))
        for key, prop in (("type", "event_type"), ("sub", "sub_event_type"),
                          ("actor1", "actor1"), ("actor2", "actor2"), ("place", "place")):
            cols[key].append(strings(p.get(prop)))
        cols["id"].append(str(p.get("event_id", "")))
        cols["src"].append([[strings(a), t, s] for a, t, s in _sources(p)])
    day_start, k = [], 0
    for d in range(len(days) + 1):
        while k < len(cols["day"]) and cols["day"][k] < d:
            k += 1
        day_start.append(k)
    cols["dayStart"] = day_start
    cols["symbols"] = [_symbol(key) for key in sym_index]
    cols["certainties"] = list(CERTAINTIES)
    cols["strings"] = list(strings.index)
    return cols


def decode(data: dict[str, Any], i: int) -> dict[str, Any]:
    """Incident ``i`` of :func:`incidents_data` as a plain dict (for tests and debugging)."""
    s = data["strings"]
    out = {k: data[k][i] for k in ("lat", "lon", "day", "hour", "clock", "fat", "id")}
    out.update({k: s[data[k][i]] for k in ("type", "sub", "actor1", "actor2", "place")})
    out["certainty"] = data["certainties"][data["cert"][i]]
    out["sources"] = [[s[a], t, sentence] for a, t, sentence in data["src"][i]]
    return out


def time_steps(days: list[date], incidents: dict[str, Any] | None) -> list[list[int]]:
    """Slider steps ``[day, hour]``: each hour with timed incidents, then the whole day (-1)."""
    hours: dict[int, set[int]] = {}
    if incidents:
        for d, h in zip(incidents["day"], incidents["hour"], strict=True):
            if h >= 0:
                hours.setdefault(d, set()).add(h)
    steps = []
    for d in range(len(days)):
        steps.extend([d, h] for h in sorted(hours.get(d, ())))
        steps.append([d, -1])
    return steps


def per_day_counts(incidents: dict[str, Any] | None, n_days: int) -> tuple[list[int], list[int]]:
    """Incidents and reported deaths per day."""
    counts, deaths = [0] * n_days, [0] * n_days
    if incidents:
        for d, fat in zip(incidents["day"], incidents["fat"], strict=True):
            counts[d] += 1
            deaths[d] += fat
    return counts, deaths
