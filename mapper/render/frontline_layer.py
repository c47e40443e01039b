"""Front line layer data: every shared district edge once, and per day the edges on the front."""

from __future__ import annotations

from datetime import date
from typing import Any

from mapper.control.frontline import front_by_day, shared_edges
from mapper.control.timeline import DayControl
from mapper.render.geo import round_coords


def front_data(rows: list[DayControl], shapes, days: list[date]) -> dict[str, Any]:
    """``edges``: MultiLineString coordinates (lon, lat); ``byDay``: edge indices per day."""
    edges = shared_edges(shapes)
    per_day = front_by_day(rows, edges)
    coords = [round_coords([list(line.coords) for line in e.geoms]) for e in edges.values()]
    return {"edges": coords, "byDay": [per_day.get(d, []) for d in days]}
