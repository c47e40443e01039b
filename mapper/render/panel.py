"""Side panel data: control share over time (computed and quoted), daily counts, place search."""

from __future__ import annotations

from datetime import date
from typing import Any

from gazetteer.places import Gazetteer
from mapper.control.shares import QuotedShare


def panel_data(days: list[date], computed: dict[date, dict[str, float]],
               quoted: list[QuotedShare], counts: tuple[list[int], list[int]], shapes,
               gaz: Gazetteer) -> dict[str, Any]:
    """Chart series per day and the list of searchable places.

    ``places`` rows are ``[name, lat, lon, district index or -1]``; the district index
    points into the Control layer's polygons (sorted by place id).
    """
    day_index = {d: k for k, d in enumerate(days)}
    ids = sorted(shapes["place_id"])
    geoms = dict(zip(shapes["place_id"], shapes.geometry, strict=True))
    search = {}
    for k, pid in enumerate(ids):
        pt = geoms[pid].representative_point()
        name = gaz.get(pid).name if pid in gaz else pid
        search[name] = [name, round(pt.y, 6), round(pt.x, 6), k]
    for p in gaz.places:
        if (p.on_map and p.has_coords and p.name not in search
                and gaz.is_within(p.id, "syria")):
            search[p.name] = [p.name, round(p.lat, 6), round(p.lon, 6), -1]
    return {
        "computed": [computed.get(d, {}).get("regime_pct", 0.0) for d in days],
        "opposition": [computed.get(d, {}).get("opposition_pct", 0.0) for d in days],
        "quoted": [[day_index[q.date], q.regime_pct, q.phrase, q.sentence, q.article]
                   for q in quoted if q.date in day_index],
        "incidents": counts[0],
        "deaths": counts[1],
        "places": [search[n] for n in sorted(search)],
    }
