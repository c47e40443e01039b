"""Labels layer data: district names (shown when zoomed in) and places outside the city."""

from __future__ import annotations

from typing import Any

from mapper.control.inputs import PlaceInfo, ancestors

#: Zoom from which district names are shown (the whole city fits at about 12-13).
DISTRICT_LABEL_ZOOM = 14
OUTSIDE_KINDS = ("town", "city", "village", "military_base")


def labels_data(shapes, places: dict[str, PlaceInfo]) -> dict[str, Any]:
    """``districts``: ``[name, lat, lon]`` at a point inside each polygon; ``outside``: towns
    and cities of Syria outside Aleppo city, ``[name, lat, lon, kind]``."""
    shapes = shapes.sort_values("place_id", kind="stable")
    names = list(shapes["name"]) if "name" in shapes.columns else list(shapes["place_id"])
    districts = []
    for name, geom in zip(names, shapes.geometry, strict=True):
        pt = geom.representative_point()
        districts.append([str(name), round(pt.y, 6), round(pt.x, 6)])
    outside = []
    for p in sorted(places.values(), key=lambda p: p.id):
        if (p.kind in OUTSIDE_KINDS and p.on_map and p.lat is not None and p.lon is not None
                and "aleppo_city" not in ancestors(p.id, places) and p.id != "aleppo_city"
                and "syria" in ancestors(p.id, places)):
            outside.append([p.name, round(p.lat, 6), round(p.lon, 6), p.kind])
    return {"districts": districts, "outside": outside, "district_zoom": DISTRICT_LABEL_ZOOM}
