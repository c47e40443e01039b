"""Coordinates for the browser: the one place where (lon, lat) becomes [lat, lon].

GeoJSON and shapely use (x=lon, y=lat); Leaflet wants [lat, lon].  Coordinates
are rounded (6 decimals, ~0.1 m) so output is small and byte-stable.
"""

from __future__ import annotations

from typing import Any

DECIMALS = 6


def to_latlon(lon: float, lat: float) -> list[float]:
    """Leaflet ``[lat, lon]`` from GeoJSON order ``(lon, lat)``, rounded."""
    return [round(float(lat), DECIMALS), round(float(lon), DECIMALS)]


def round_coords(coords: Any) -> Any:
    """Round nested GeoJSON coordinate arrays, keeping (lon, lat) order."""
    if isinstance(coords, (int, float)):
        return round(float(coords), DECIMALS)
    return [round_coords(c) for c in coords]


def polygonal(geom):
    """The polygon parts of a geometry (a GeometryCollection from an overlay keeps only its
    polygons); other geometries are returned unchanged."""
    from shapely.geometry import MultiPolygon, Polygon

    if geom.geom_type != "GeometryCollection":
        return geom
    polys = [g for part in geom.geoms for g in getattr(polygonal(part), "geoms", [part])
             if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(polys) if len(polys) != 1 else polys[0]


def geometry_json(geom) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON dict with rounded coordinates."""
    from shapely.geometry import mapping

    m = mapping(polygonal(geom))
    return {"type": m["type"], "coordinates": round_coords(m["coordinates"])}
