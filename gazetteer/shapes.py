"""District polygons of Aleppo city, the built-up city outline and area unions.

This module loads the shapes; it does not make them.  The shipped
``districts.geojson`` and ``city_outline.geojson`` are derived from the points
of ``places.csv`` by :mod:`gazetteer.tessellate` (``python -m gazetteer.shapes
build`` regenerates them), and a user may load a real polygon dataset with
:func:`gazetteer.shape_import.import_shapes`, which then takes precedence over
the derived districts.

Geometry is returned in EPSG:4326; areas are measured in UTM zone 37N
(EPSG:32637, metres).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from gazetteer.paths import shipped_file, user_file
from gazetteer.places import Gazetteer, load_gazetteer, read_places
from mapper.errors import GazetteerError

#: Metric CRS of all geometric work (UTM zone 37N covers Aleppo).
UTM = "EPSG:32637"
WGS84 = "EPSG:4326"
#: Root of the city hierarchy and the areas whose unions :func:`area_shapes` returns.
CITY_ID = "aleppo_city"
AREA_IDS: tuple[str, ...] = ("aleppo_east", "aleppo_west", "aleppo_old_city", CITY_ID)
#: Kinds of place that are tessellated.
DISTRICT_KINDS = frozenset({"district", "old_city_quarter"})
#: Kinds of place inside the city that may take their own cell (see
#: :data:`gazetteer.tessellate.USE_LANDMARKS`): parks, cemeteries, barracks
#: and the Citadel occupy land that would otherwise go to the districts around them.
LANDMARK_KINDS = frozenset({"landmark", "area", "military_base"})

DISTRICTS_FILE = "districts.geojson"
OUTLINE_FILE = "city_outline.geojson"
COLUMNS = ["place_id", "name", "kind", "parent", "area_km2", "geometry"]

_REBUILD = "`python -m gazetteer.shapes build`"


def places_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer the shapes are derived from and matched against.

    Only the shipped ``places.csv`` (or the file *path*): the user's layer of
    places does not change the shipped shapes.
    """
    if path is None:
        return load_gazetteer(user_layer=False)
    return Gazetteer(read_places(Path(path)))


def neighbourhoods(path: Path | None = None,
                   kinds: frozenset[str] = DISTRICT_KINDS) -> list[dict]:
    """Aleppo neighbourhoods (districts and Old City quarters) sorted by id.

    Parameters
    ----------
    path : Path, optional
        A ``places.csv``; the shipped one by default.
    kinds : frozenset of str
        Kinds to keep; places with children (East Aleppo, ...) are never kept.

    Returns
    -------
    list of dict
        One row per place: ``id, name, kind, parent, lat, lon, name_ar,
        aliases, coord_confidence`` of the :class:`~gazetteer.records.Place`
        (``lat``/``lon`` None when unknown), and ``areas``: the ids of
        :data:`AREA_IDS` it belongs to, joined by ``|``.
    """
    gaz = places_gazetteer(path)
    if CITY_ID not in gaz:
        return []
    out = []
    for place in gaz.descendants(CITY_ID, kinds):
        if gaz.children(place.id):
            continue
        above = gaz.ancestor_ids(place.id)
        out.append({
            "id": place.id, "name": place.name, "kind": place.kind, "parent": place.parent,
            "lat": place.lat, "lon": place.lon, "name_ar": place.name_ar,
            "aliases": place.aliases, "coord_confidence": place.coord_confidence,
            "areas": "|".join(a for a in AREA_IDS if a in above),
        })
    return out


def read_shapes_file(path: Path) -> gpd.GeoDataFrame:
    """Any file geopandas reads, as EPSG:4326.

    Raises
    ------
    GazetteerError
        When the file cannot be read, with the first line of the reader's message.
    """
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several unrelated types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GazetteerError(f"cannot read shapes file {path}: {first}; "
                             "give a GeoJSON, GeoPackage or shapefile of polygons") from exc
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    return frame.to_crs(WGS84)


def load_district_shapes(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """District polygons, one row per Aleppo neighbourhood or landmark that has a shape.

    Parameters
    ----------
    path : str or Path, optional
        A districts GeoJSON.  By default the user's imported shapes
        (``user_file("districts.geojson")``) when present, else the shipped
        derived ones.

    Returns
    -------
    GeoDataFrame
        ``place_id, name, kind, parent, area_km2, geometry`` in EPSG:4326,
        sorted by ``place_id``.  Cached per file and modification time: do
        not modify it in place.
    """
    if path is None:
        user = user_file(DISTRICTS_FILE)
        path = user if user.is_file() else shipped_file(DISTRICTS_FILE)
    return _load_districts(*_cache_key(path))


def _cache_key(path: str | Path) -> tuple[str, int, int]:
    """Resolved path, mtime and size, so a re-imported or rebuilt file is read again."""
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise GazetteerError(f"shapes file {path} not found; run {_REBUILD} "
                             "or pass an existing file") from exc
    return str(path), stat.st_mtime_ns, stat.st_size


@cache
def _load_districts(path: str, _mtime: int, _size: int) -> gpd.GeoDataFrame:
    """Read and check a districts file (cached per :func:`_cache_key`)."""
    frame = read_shapes_file(Path(path))
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(f"shapes file {path} lacks columns {missing}; "
                             f"rebuild it with {_REBUILD}")
    return frame[COLUMNS].sort_values("place_id").reset_index(drop=True)


def city_outline(path: str | Path | None = None) -> BaseGeometry:
    """The derived built-up outline of Aleppo city (EPSG:4326 polygon).

    This is the outline the shipped districts were clipped to, kept in
    ``city_outline.geojson``; it does not change when a user imports shapes.
    """
    return _load_outline(*_cache_key(path or shipped_file(OUTLINE_FILE)))


@cache
def _load_outline(path: str, _mtime: int, _size: int) -> BaseGeometry:
    """Read an outline file as one geometry (cached per :func:`_cache_key`)."""
    return shapely.union_all(read_shapes_file(Path(path)).geometry.to_numpy())


def area_shapes(places_path: Path | None = None) -> gpd.GeoDataFrame:
    """Unions of the districts of East, West, Old City and the whole city.

    Returns
    -------
    GeoDataFrame
        ``place_id, area_km2, n_districts, geometry`` in EPSG:4326, one row
        per id of :data:`AREA_IDS`; areas are computed in EPSG:32637.
    """
    members_of = neighbourhoods(places_path, DISTRICT_KINDS | LANDMARK_KINDS)
    areas_of = {r["id"]: r["areas"].split("|") for r in members_of}
    shapes = load_district_shapes()
    rows = []
    for area_id in AREA_IDS:
        members = shapes[[area_id in areas_of.get(p, ()) for p in shapes.place_id]]
        geom = shapely.union_all(members.geometry.to_numpy())
        rows.append({"place_id": area_id, "n_districts": len(members), "geometry": geom})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    frame["area_km2"] = (frame.to_crs(UTM).area / 1e6).round(3)
    return frame[["place_id", "area_km2", "n_districts", "geometry"]]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gazetteer.shapes build [DATA_DIR]``: see :func:`gazetteer.tessellate.main`."""
    from gazetteer.tessellate import main as tessellate_main  # it imports this module

    return tessellate_main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
