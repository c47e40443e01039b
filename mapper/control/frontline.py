"""The front line: where a regime-held district touches an opposition-held one.

Adjacency and the shared edges of district polygons are computed once; each day
then only selects the edges whose two sides are held by opposing camps.  District
polygons drawn by hand rarely share vertices exactly, so a neighbour's edge is
taken as the part of one boundary within a small tolerance of the other polygon.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, mapping
from shapely.geometry.base import BaseGeometry

from mapper.control.inputs import styles
from mapper.control.timeline import DayControl

#: Gap (degrees, ~20 m) within which two district outlines count as touching.
TOLERANCE = 0.0002


def side_of(controller: str) -> str:
    """``regime``, ``opposition`` or ``other`` for a controller (from colors.toml)."""
    return styles()["controllers"].get(controller, {}).get("side", "other")


def _lines(geom: BaseGeometry) -> list[LineString]:
    if geom.is_empty:
        return []
    if isinstance(geom, LineString):
        return [geom] if geom.length > 0 else []
    if isinstance(geom, MultiLineString):
        return [g for g in geom.geoms if g.length > 0]
    parts = getattr(geom, "geoms", [])
    return [g for part in parts for g in _lines(part)]


def shared_edges(shapes) -> dict[tuple[str, str], MultiLineString]:
    """Shared boundary of every pair of neighbouring districts.

    Parameters
    ----------
    shapes : GeoDataFrame
        ``place_id`` and polygon ``geometry`` in EPSG:4326.

    Returns
    -------
    dict
        ``{(a, b): MultiLineString}`` with ``a < b``; pairs that only touch at a point are left out.
    """
    ids = list(shapes["place_id"])
    geoms = list(shapes.geometry)
    tree = STRtree(geoms)
    out: dict[tuple[str, str], MultiLineString] = {}
    for i, g in enumerate(geoms):
        for j in tree.query(g.buffer(TOLERANCE)):
            j = int(j)
            if j <= i or ids[i] == ids[j]:
                continue
            edge = _lines(g.boundary.intersection(geoms[j].buffer(TOLERANCE)))
            # Districts meeting at a corner share ~2 x TOLERANCE of outline: not a border.
            if edge and sum(e.length for e in edge) > 3 * TOLERANCE:
                key = tuple(sorted((ids[i], ids[j])))
                out[key] = MultiLineString(edge)
    return dict(sorted(out.items()))


def front_by_day(rows: list[DayControl], edges: dict[tuple[str, str], MultiLineString]
                 ) -> dict[date, list[int]]:
    """Indices (into ``list(edges)``) of the edges on the front line, per day."""
    held: dict[date, dict[str, str]] = defaultdict(dict)
    for r in rows:
        held[r.date][r.place_id] = side_of(r.controller)
    keys = list(edges)
    out = {}
    for day in sorted(held):
        sides = held[day]
        out[day] = [k for k, (a, b) in enumerate(keys)
                    if {sides.get(a), sides.get(b)} == {"regime", "opposition"}]
    return out


def front_geojson(rows: list[DayControl], edges: dict[tuple[str, str], MultiLineString],
                  day: date) -> dict:
    """The front line of one day as a GeoJSON FeatureCollection of lines."""
    keys = list(edges)
    idx = front_by_day([r for r in rows if r.date == day], edges).get(day, [])
    feats = [{"type": "Feature", "properties": {"a": keys[k][0], "b": keys[k][1]},
              "geometry": mapping(edges[keys[k]])} for k in idx]
    return {"type": "FeatureCollection", "features": feats}
