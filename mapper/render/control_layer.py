"""Control layer data: district polygons and, per day, who held each of them.

States (controller, basis, certainty, evidence, since) are stored once in a table
and each day is a list of state indices in polygon order, so the browser only
restyles districts whose state index changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mapper.control.inputs import styles
from mapper.control.timeline import DayControl
from mapper.render.geo import geometry_json


def control_data(rows: list[DayControl], shapes, days: list[date]) -> dict[str, Any]:
    """Data of the Control layer.

    Parameters
    ----------
    rows
        The control timeline.
    shapes : GeoDataFrame
        District polygons (``place_id``, ``name``, ``geometry``); one polygon per district.
    days
        The days of the time control.

    Returns
    -------
    dict
        ``districts`` (FeatureCollection), ``states``, ``byDay``, ``evidence``, ``colors``,
        ``labels``, ``legend``.
    """
    shapes = shapes.sort_values("place_id", kind="stable")
    ids = list(shapes["place_id"])
    names = list(shapes["name"]) if "name" in shapes.columns else ids
    day_index = {d: k for k, d in enumerate(days)}
    by = {(r.date, r.place_id): r for r in rows}
    states: dict[tuple, int] = {}
    evidence: dict[tuple[str, str], int] = {}
    by_day = []
    unknown = ("unknown", "baseline", "", ("", "no control data for this district"), 0)
    for d in days:
        today = []
        for pid in ids:
            r = by.get((d, pid))
            if r is None:
                key = (unknown[0], unknown[1], unknown[2], unknown[3], unknown[4])
            else:
                key = (r.controller, r.basis, r.certainty, (r.article, r.sentence),
                       day_index.get(r.since, 0))
            ev = evidence.setdefault(key[3], len(evidence))
            state = (key[0], key[1], key[2], ev, key[4])
            today.append(states.setdefault(state, len(states)))
        by_day.append(today)
    ctrl = styles()["controllers"]
    feats = [{"type": "Feature", "properties": {"id": pid, "name": str(name)},
              "geometry": geometry_json(geom)}
             for pid, name, geom in zip(ids, names, shapes.geometry, strict=True)]
    return {
        "districts": {"type": "FeatureCollection", "features": feats},
        "states": [list(s) for s in states],
        "byDay": by_day,
        "evidence": [list(e) for e in evidence],
        "colors": {k: v["color"] for k, v in ctrl.items()},
        "labels": {k: v["label"] for k, v in ctrl.items()},
        "legend": [[k, v["label"], v["color"]] for k, v in ctrl.items()],
    }
