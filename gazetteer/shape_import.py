"""Import a user's polygon dataset of Aleppo neighbourhoods (``mapper gazetteer import-shapes``).

Features of any file geopandas reads are tied to our places by name first
(folded with :mod:`gazetteer.normalize`, then by consonant skeleton), among
places near the feature, and else by position; parts of one place
("al-Hamdaniyeh I" .. "V") are merged.  The result replaces the derived
districts it covers and is written to the user's layer, where
:func:`gazetteer.shapes.load_district_shapes` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from gazetteer.normalize import fold, skeleton, strip_articles
from gazetteer.paths import shipped_file, user_file
from gazetteer.records import Place
from gazetteer.shapes import (
    COLUMNS,
    DISTRICT_KINDS,
    DISTRICTS_FILE,
    LANDMARK_KINDS,
    UTM,
    WGS84,
    load_district_shapes,
    neighbourhoods,
    places_gazetteer,
    read_shapes_file,
)
from gazetteer.tessellate import polygonal, write_geojson
from mapper.errors import GazetteerError

#: A user feature with no name match is tied to the nearest place within this.
POSITION_MATCH_M = 1000.0
#: Area (m²) below which what is left of a derived cell is noise.
SLIVER_M2 = 1.0
#: A trailing part number or letter of a folded name ("hamdaniya iii" -> "i").
_PART_SUFFIX = re.compile(r" (?:[ivx]{1,4}|\d{1,2}|[abkd])$")
#: Arabic "neighbourhood of" before a name (حي الشيخ مقصود).
_AR_QUARTER = "حي "


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What :func:`import_shapes` did.

    Attributes
    ----------
    features : int
        Features read from the user's file.
    matched : int
        Features tied to one of our places (by name or by position).
    places : int
        Distinct places that received a shape (parts of a place are merged).
    unmatched : tuple of str
        Names (first string property) of the features left out.
    path : str
        Where the user shapes were written.
    """

    features: int
    matched: int
    places: int
    unmatched: tuple[str, ...]
    path: str

    def __str__(self) -> str:
        left = f"; not matched: {', '.join(self.unmatched)}" if self.unmatched else ""
        return (f"imported {self.matched} of {self.features} features as {self.places} "
                f"places into {self.path}{left}")


def fold_name(text: str) -> str:
    """Fold a place name for matching user shapes to our places.

    :func:`gazetteer.normalize.fold` without the article, the Arabic
    "حي" (quarter of) in front, or a trailing part number or letter, so
    that the parts of a place meet ("al-Hamdaniyeh III" -> "hamdaniya").

    Examples
    --------
    >>> fold_name("al-Hamdaniyeh III") == fold_name("Hamdaniyeh")
    True
    >>> fold_name("Qal’et ash-Sharif")
    'kalit sharif'
    """
    key = strip_articles(fold(text))
    if key.startswith(_AR_QUARTER) and len(key) > len(_AR_QUARTER):
        key = key[len(_AR_QUARTER):]
    return _PART_SUFFIX.sub("", key)


def _name_index(places: Sequence[Place], ids: Sequence[str]) -> dict[str, dict[str, set[str]]]:
    """Folded key and skeleton -> *ids* of places, over names, aliases and Arabic names."""
    index: dict[str, dict[str, set[str]]] = {"key": {}, "skeleton": {}}
    for place, pid in zip(places, ids, strict=True):
        for name in (place.name, place.name_ar, *place.aliases):
            key = fold_name(name)
            if key:
                index["key"].setdefault(key, set()).add(pid)
            if skeleton(key):
                index["skeleton"].setdefault(skeleton(key), set()).add(pid)
    return index


def _feature_strings(props: dict) -> list[str]:
    """The non-empty string properties of a feature: its candidate names."""
    return [v for v in props.values() if isinstance(v, str) and v.strip()]


def _match_feature(strings: list[str], geom: BaseGeometry, index: dict, points: dict) -> str | None:
    """Id of the place a user feature stands for, or None.

    *points* maps every candidate place id to its UTM point; *geom* is in
    UTM.  Names decide first (folded, then skeleton) among places within
    twice :data:`POSITION_MATCH_M`; a feature whose name is a non-district
    place (a hospital, the Citadel) maps to that id and is dropped by the
    caller.  Without a name, the feature takes the district whose point it
    contains (the nearest to its centre when several) or the nearest district
    point within :data:`POSITION_MATCH_M`.
    """
    for tier in ("key", "skeleton"):
        cands: set[str] = set()
        for text in strings:
            key = fold_name(text)
            key = key if tier == "key" else skeleton(key)
            cands |= index[tier].get(key, set()) if key else set()
        near = sorted((geom.distance(points[c]), c) for c in cands if c in points)
        near = [(d, c) for d, c in near if d <= 2 * POSITION_MATCH_M]
        if near:
            return near[0][1]
    districts = {k: p for k, p in points.items() if not k.startswith("~")}
    inside = [k for k, p in districts.items() if geom.contains(p)]
    centre = geom.representative_point()
    if inside:
        return min(inside, key=lambda k: (districts[k].distance(centre), k))
    d, best = min((geom.distance(p), k) for k, p in districts.items())
    return best if d <= POSITION_MATCH_M else None


def _candidates(places_path: Path | None) -> tuple[dict[str, dict], dict, dict]:
    """Targets of matching: the districts, the UTM points and the name index.

    Every located place takes part in name matching, so that a hospital or
    the Citadel is recognised and left out; places that are not targets are
    keyed ``"~" + id`` in the points.
    """
    located = [p for p in places_gazetteer(places_path).places if p.has_coords]
    targets = neighbourhoods(places_path, DISTRICT_KINDS | LANDMARK_KINDS)
    districts = {r["id"]: r for r in targets if r["lat"] is not None and r["lon"] is not None}
    keys = [p.id if p.id in districts else "~" + p.id for p in located]
    xy = gpd.GeoSeries(gpd.points_from_xy([p.lon for p in located], [p.lat for p in located]),
                       crs=WGS84).to_crs(UTM)
    return districts, dict(zip(keys, xy, strict=True)), _name_index(located, keys)


def match_shapes(frame: gpd.GeoDataFrame,
                 places_path: Path | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Tie features of a polygon dataset to our Aleppo neighbourhoods.

    Parameters
    ----------
    frame : GeoDataFrame
        The user's features (any CRS; string properties are names).
    places_path : Path, optional
        ``places.csv`` to match against; the shipped one by default.

    Returns
    -------
    matched : GeoDataFrame
        ``place_id, name, kind, parent, area_km2, geometry`` (EPSG:4326): one
        row per place, the union of every feature tied to it.
    unmatched : list of str
        Names of features tied to no district.
    """
    districts, points, index = _candidates(places_path)
    utm = frame.to_crs(UTM) if frame.crs else frame.set_crs(WGS84).to_crs(UTM)
    parts: dict[str, list[BaseGeometry]] = {}
    unmatched: list[str] = []
    for props, geom in zip(utm.drop(columns="geometry").to_dict("records"), utm.geometry,
                           strict=True):
        strings = _feature_strings(props)
        label = strings[0] if strings else "(unnamed)"
        geom = polygonal(shapely.make_valid(geom)) if geom is not None else shapely.Polygon()
        if geom.is_empty:
            unmatched.append(f"{label} (no polygon)")
            continue
        pid = _match_feature(strings, geom, index, points)
        if pid is None or pid.startswith("~"):
            unmatched.append(label)
        else:
            parts.setdefault(pid, []).append(geom)
    rows = [{**{k: districts[pid][k] for k in ("name", "kind", "parent")}, "place_id": pid,
             "geometry": shapely.union_all(geoms)} for pid, geoms in sorted(parts.items())]
    out = gpd.GeoDataFrame(rows, columns=["place_id", "name", "kind", "parent", "geometry"],
                           geometry="geometry", crs=UTM)
    out["area_km2"] = (out.area / 1e6).round(4)
    return out.to_crs(WGS84)[COLUMNS], unmatched


def import_shapes(path: str | Path, places_path: Path | None = None) -> ImportSummary:
    """Load a user's polygon dataset of Aleppo neighbourhoods as the districts in use.

    Features are matched to our places by name and position (see
    :func:`match_shapes`); parts of one place are merged.  Districts the file
    lacks keep their derived cell, cut by the user's shapes so nothing
    overlaps.  The result is written atomically to
    ``user_file("districts.geojson")``, which
    :func:`gazetteer.shapes.load_district_shapes` prefers from then on.

    Raises
    ------
    GazetteerError
        When the file cannot be read or holds no polygon matching a district.
    """
    path = Path(path)
    frame = read_shapes_file(path)
    matched, unmatched = match_shapes(frame, places_path)
    if matched.empty:
        raise GazetteerError(f"no feature of {path} matches an Aleppo neighbourhood by name "
                             "or position; check its names and its CRS")
    derived = load_district_shapes(shipped_file(DISTRICTS_FILE))
    rest = derived[~derived.place_id.isin(matched.place_id)].to_crs(UTM)
    cover = shapely.union_all(matched.to_crs(UTM).geometry.to_numpy())
    rest = rest.set_geometry([polygonal(g.difference(cover)) for g in rest.geometry], crs=UTM)
    rest = rest[rest.area > SLIVER_M2]
    rest = rest.assign(area_km2=(rest.area / 1e6).round(4)).to_crs(WGS84)
    combined = gpd.GeoDataFrame(
        pd.concat([matched.assign(source="user"), rest.assign(source="derived")],
                  ignore_index=True), geometry="geometry", crs=WGS84)
    target = user_file(DISTRICTS_FILE)
    write_geojson(combined, target)
    n_matched = len(frame) - len(unmatched)
    return ImportSummary(len(frame), n_matched, len(matched), tuple(unmatched), str(target))
