"""Labels layer data: district names (shown when zoomed in) and places outside the city."""

from __future__ import annotations

from typing import Any

from gazetteer.places import Gazetteer

#: Zoom from which district names are shown (the whole city fits at about 12-13).
DISTRICT_LABEL_ZOOM = 14
OUTSIDE_KINDS = ("town", "city", "village", "military_base")


def labels_data(shapes, gaz: Gazetteer) -> dict[str, Any]:
    """``districts``: ``[name, lat, lon]`` at a point inside each polygon; ``outside``: towns
    and cities of Syria outside Aleppo city, ``[name, lat, lon, kind]``."""
    shapes = shapes.sort_values("place_id", kind="stable")
    names = list(shapes["name"]) if "name" in shapes.columns else list(shapes["place_id"])
    districts = []
    for name, geom in zip(names, shapes.geometry, strict=True):
        pt = geom.representative_point()
        districts.append([str(name), round(pt.y, 6), round(pt.x, 6)])
    outside = []
    for p in gaz.places:  # sorted by id
        if (p.kind in OUTSIDE_KINDS and p.on_map and p.has_coords
                and not gaz.is_within(p.id, "aleppo_city") and "syria" in gaz.ancestor_ids(p.id)):
            outside.append([p.name, round(p.lat, 6), round(p.lon, 6), p.kind])
    return {"districts": districts, "outside": outside, "district_zoom": DISTRICT_LABEL_ZOOM}
