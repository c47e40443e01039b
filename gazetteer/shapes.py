"""District polygons of Aleppo city, the built-up city outline and area unions.

The project ships shapes it derives itself from the points of ``places.csv``;
no third-party polygon dataset is copied.  The rule, worked in UTM zone 37N
(EPSG:32637, metres):

1. **Outline.**  Each neighbourhood point gets a disc whose radius is
   ``OUTLINE_NN_FACTOR`` times the distance to its nearest neighbour, clamped
   to ``OUTLINE_MIN_RADIUS_M`` .. ``OUTLINE_MAX_RADIUS_M``: dense quarters
   such as the Old City get small discs, sparse suburbs large ones.  The union
   of the discs is *closed* (grown, then shrunk by ``OUTLINE_CLOSING_M``) so
   gaps between neighbouring discs fill in and the edge is smooth; holes are
   dropped.
2. **Cells.**  A multiplicatively weighted Voronoi tessellation, clipped to
   the outline: a spot belongs to the point ``p`` with the smallest
   ``|x - p| / w``, where ``w`` grows with the local spacing of points
   (:func:`point_weights`), so a large suburb reaches farther than the plain
   midpoint towards a dense cluster.  Landmarks of the city (parks,
   cemeteries, barracks, the Citadel) whose point lies inside the outline take
   a cell too, with a smaller weight, since they occupy land that would
   otherwise go to the districts around them.  ``WEIGHT_ALPHA = 0`` gives the
   plain Voronoi tessellation.

The cells tile the outline exactly: every border is noded into one planar
arrangement, snap-rounded to ``PRECISION_DEG`` in EPSG:4326, and each face
given to one place.  Features are sorted by ``place_id``, so the same
``places.csv`` always gives byte-identical files;
``python -m gazetteer.shapes build`` regenerates them.  Measured against the
Columbia CSR polygons by ``benchmarks/compare_shapes.py``.

A user may load a real polygon dataset with :func:`import_shapes`; it then
takes precedence over the derived shapes.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point, mapping
from shapely.geometry.base import BaseGeometry

from gazetteer.paths import shipped_file, user_file
from mapper.errors import GazetteerError

log = logging.getLogger(__name__)

#: Metric CRS of all geometric work (UTM zone 37N covers Aleppo).
UTM = "EPSG:32637"
WGS84 = "EPSG:4326"
#: Root of the city hierarchy and the areas whose unions :func:`area_shapes` returns.
CITY_ID = "aleppo_city"
AREA_IDS: tuple[str, ...] = ("aleppo_east", "aleppo_west", "aleppo_old_city", CITY_ID)
#: Kinds of place that are tessellated.
DISTRICT_KINDS = frozenset({"district", "old_city_quarter"})
#: Kinds of place inside the city that take their own cell when their point
#: lies within the outline: parks, cemeteries, barracks and the Citadel occupy
#: land that would otherwise be given to the districts around them.
LANDMARK_KINDS = frozenset({"landmark", "area", "military_base"})

#: Outline discs: radius factor on the nearest-neighbour distance, its bounds,
#: and the closing distance (see the module docstring).
OUTLINE_NN_FACTOR = 1.3
OUTLINE_MIN_RADIUS_M = 350.0
OUTLINE_MAX_RADIUS_M = 900.0
OUTLINE_CLOSING_M = 400.0
#: Weighted Voronoi: exponent on the local spacing and neighbours that define it
#: (see :func:`point_weights`); 0 gives the plain Voronoi tessellation.
WEIGHT_ALPHA = 0.5
WEIGHT_NEIGHBOURS = 3
#: Weight factor of a landmark's point: a park or a hospital is smaller than
#: the neighbourhoods spaced like it.
LANDMARK_SCALE = 0.7
#: Precision grid of the overlays (m) and the area below which a leftover is noise.
GRID_M = 0.01
SLIVER_M2 = 1.0
#: Tolerance of the outline's simplification: keeps the files small.
OUTLINE_SIMPLIFY_M = 10.0
#: Rounding of output coordinates (1e-6 degree is about 0.1 m).
PRECISION_DEG = 1e-6
#: A user feature with no name match is tied to the nearest place within this.
POSITION_MATCH_M = 1000.0

DISTRICTS_FILE = "districts.geojson"
OUTLINE_FILE = "city_outline.geojson"
COLUMNS = ["place_id", "name", "kind", "parent", "area_km2", "geometry"]
#: Whether landmarks (parks, cemeteries, barracks) take cells.  Off: they have no
#: baseline controller, so their cells would be grey holes in the control layer;
#: on, the median IoU against the CSR polygons rises from 0.578 to 0.600.
USE_LANDMARKS = False


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


# --------------------------------------------------------------------------- places


def _read_places(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of ``places.csv`` as dicts (the shipped file unless *path*)."""
    path = path or shipped_file("places.csv")
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise GazetteerError(f"cannot read places file {path}: {exc}") from exc


def _ancestors(row_id: str, by_id: dict[str, dict[str, str]]) -> list[str]:
    """Ids above *row_id*, nearest first (cycles are cut)."""
    out: list[str] = []
    parent = by_id[row_id]["parent"]
    while parent and parent in by_id and parent not in out:
        out.append(parent)
        parent = by_id[parent]["parent"]
    return out


def neighbourhoods(path: Path | None = None,
                   kinds: frozenset[str] = DISTRICT_KINDS) -> list[dict[str, str]]:
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
        The csv rows, each with an extra ``areas`` key: the ids of
        :data:`AREA_IDS` it belongs to, joined by ``|``.
    """
    rows = _read_places(path)
    by_id = {r["id"]: r for r in rows}
    parents = {r["parent"] for r in rows}
    out = []
    for row in rows:
        if row["kind"] not in kinds or row["id"] in parents:
            continue
        chain = _ancestors(row["id"], by_id)
        if CITY_ID in chain:
            out.append({**row, "areas": "|".join(a for a in AREA_IDS if a in chain)})
    return sorted(out, key=lambda r: r["id"])


def _coord(row: dict[str, str]) -> tuple[float, float] | None:
    try:
        return float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError, KeyError):
        return None


def _points_utm(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, str]], np.ndarray]:
    """Rows that have a coordinate, and their UTM x/y; others are skipped with a warning."""
    kept, lons, lats = [], [], []
    for row in rows:
        if (ll := _coord(row)) is None:
            log.warning("shapes: %s has no coordinate; no polygon built for it", row["id"])
            continue
        kept.append(row)
        lats.append(ll[0])
        lons.append(ll[1])
    pts = gpd.GeoSeries(gpd.points_from_xy(lons, lats), crs=WGS84).to_crs(UTM)
    return kept, np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])


# --------------------------------------------------------------------------- derivation


def derive_outline(xy: np.ndarray) -> BaseGeometry:
    """Built-up outline (UTM) from neighbourhood points, by the rule in the module doc."""
    pts = shapely.points(xy)
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    radius = np.clip(OUTLINE_NN_FACTOR * dist.min(axis=1), OUTLINE_MIN_RADIUS_M,
                     OUTLINE_MAX_RADIUS_M)
    discs = shapely.union_all(shapely.buffer(pts, radius, quad_segs=16))
    closed = discs.buffer(OUTLINE_CLOSING_M, quad_segs=16).buffer(-OUTLINE_CLOSING_M, quad_segs=16)
    parts = getattr(closed, "geoms", [closed])
    # Holes would be unassigned land inside the city: drop them.
    filled = shapely.union_all([shapely.Polygon(p.exterior) for p in parts])
    return filled.simplify(OUTLINE_SIMPLIFY_M, preserve_topology=True)


def point_weights(xy: np.ndarray) -> np.ndarray:
    """Reach of each point: its local spacing raised to :data:`WEIGHT_ALPHA`.

    The spacing is the mean distance to the :data:`WEIGHT_NEIGHBOURS`
    nearest other points.  A sparse suburb's district is large and a dense
    Old City quarter small, so the boundary between them should lie nearer
    the dense one than the plain midpoint; the exponent damps the effect so
    that one isolated point does not swallow its neighbours.
    """
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    k = min(WEIGHT_NEIGHBOURS, len(xy) - 1)
    spacing = np.sort(dist, axis=1)[:, :k].mean(axis=1)
    return spacing**WEIGHT_ALPHA


def _disc(centre: np.ndarray, radius: float, frame: BaseGeometry) -> BaseGeometry:
    """A disc, as a polygon accurate to about 0.2 m where it crosses *frame*.

    Apollonius circles of two points of near-equal weight are huge; only the
    arc passing through the frame is drawn, closed through the centre.
    """
    fc = np.array(frame.centroid.coords[0])
    frame_r = float(np.hypot(*(np.array(frame.exterior.coords) - fc).T).max())
    gap = float(np.hypot(*(fc - centre)))
    if gap <= radius - frame_r:
        return frame  # the frame lies inside the disc
    if gap >= radius + frame_r:
        return shapely.Polygon()  # the disc misses the frame
    if radius <= 4 * frame_r:
        quad = int(np.ceil(np.pi / (4 * np.arccos(1 - 0.2 / radius)))) if radius > 0.2 else 1
        return Point(centre).buffer(radius, quad_segs=max(quad, 8))
    half = np.arcsin(min(1.0, frame_r / gap)) * 1.05
    step = np.sqrt(8 * radius * 0.2)  # chord length for a 0.2 m sagitta
    n = max(16, int(np.ceil(2 * half * radius / step)))
    mid = np.arctan2(*(fc - centre)[::-1])
    ang = np.linspace(mid - half, mid + half, n)
    arc = np.column_stack([centre[0] + radius * np.cos(ang), centre[1] + radius * np.sin(ang)])
    return shapely.Polygon(np.vstack([centre, arc])).intersection(frame)


def _dominance(pi: np.ndarray, pj: np.ndarray, wi: float, wj: float,
               frame: BaseGeometry) -> BaseGeometry:
    """Part of *frame* where point i is nearer than j in weighted distance |x-p|/w."""
    r = wi / wj
    if abs(1 - r) < 1e-9:  # equal weights: the half-plane on i's side of the bisector
        mid = (pi + pj) / 2
        n = (pj - pi) / float(np.hypot(*(pj - pi))) * 1e6
        t = np.array([-n[1], n[0]])
        return frame.intersection(shapely.Polygon([mid + t, mid + t - n, mid - t - n, mid - t]))
    if r > 1:
        return frame.difference(_dominance(pj, pi, wj, wi, frame))
    # i wins inside the Apollonius circle |x-pi| = r |x-pj|.
    centre = (pi - r * r * pj) / (1 - r * r)
    radius = r * float(np.hypot(*(pi - pj))) / (1 - r * r)
    return _disc(centre, radius, frame).intersection(frame)


def derive_cells(xy: np.ndarray, outline: BaseGeometry,
                 scale: np.ndarray | None = None) -> list[BaseGeometry]:
    """Weighted Voronoi cells of *xy* clipped to *outline*, in the order of *xy*.

    Plain Voronoi when :data:`WEIGHT_ALPHA` is 0, else multiplicatively
    weighted by :func:`point_weights` times *scale* (per point, default 1):
    the cell of i is the part of the outline where ``|x - p_i| / w_i`` is
    smallest.  Each pair's dividing
    region is computed once and its complement given to the other point, so
    cells cannot overlap; slivers left by rounding and fragments cut off from
    their own point are handed to a neighbour (:func:`_tidy_cells`).
    """
    if len({tuple(p) for p in xy}) < len(xy):
        raise GazetteerError("shapes: two places share a coordinate; give each a distinct one")
    if WEIGHT_ALPHA == 0:
        frame = outline.envelope.buffer(5000)
        cells = shapely.voronoi_polygons(MultiPoint(xy), extend_to=frame, ordered=True)
        return [c.intersection(outline) for c in cells.geoms]
    weights = point_weights(xy) * (1.0 if scale is None else scale)
    frame = outline.envelope.buffer(500)
    cells = [outline] * len(xy)
    reach = np.full(len(xy), np.inf)  # farthest vertex of each cell from its point
    gap = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    # Nearest pairs first: cells shrink fast, and a far pair whose points cannot
    # reach into each other's current cell is skipped (it would change nothing).
    pairs = [(i, j) for i in range(len(xy)) for j in range(i + 1, len(xy))]
    for i, j in sorted(pairs, key=lambda ij: (gap[ij], ij)):
        d = gap[i, j]
        if ((d - reach[i]) / weights[j] >= reach[i] / weights[i]
                and (d - reach[j]) / weights[i] >= reach[j] / weights[j]):
            continue
        wins = _areal(_dominance(xy[i], xy[j], weights[i], weights[j], frame))
        cells[i] = _areal(shapely.intersection(cells[i], wins, grid_size=GRID_M))
        cells[j] = _areal(shapely.difference(cells[j], wins, grid_size=GRID_M))
        for k in (i, j):
            reach[k] = np.hypot(*(shapely.get_coordinates(cells[k]) - xy[k]).T).max()
    return _tidy_cells(cells, xy, weights, outline)


def _tidy_cells(cells: list[BaseGeometry], xy: np.ndarray, weights: np.ndarray,
                outline: BaseGeometry, grid: float | None = None) -> list[BaseGeometry]:
    """Turn overlay results into an exact tiling of the outline.

    All cell borders and the outline are noded into one planar arrangement,
    so neighbours share identical edges (no slivers after rounding, and the
    front line can be traced along them).  Each face goes to the cell that
    covers most of it.  Faces covered by no cell (rounding gaps) and pieces
    of a cell cut off from its own point (a weighted cell may reach round a
    smaller one) go to the neighbour sharing the longest border with them.
    With *grid*, the borders are snap-rounded to that grid first, so the
    cells come out with rounded coordinates and still tile exactly.
    """
    pts = shapely.points(xy)
    lines = shapely.union_all([shapely.boundary(c) for c in cells] + [outline.boundary],
                              grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[shapely.contains(outline, shapely.point_on_surface(faces))]
    cell_arr = np.array(cells, dtype=object)
    owner = np.full(len(faces), -1)
    for f, face in enumerate(faces):
        cover = shapely.area(shapely.intersection(cell_arr, face))
        if cover.max() > 0.5 * face.area:
            owner[f] = int(np.argmax(cover))
    # Faces of a cell not connected to the part holding its point are freed.
    for i in range(len(cells)):
        mine = np.nonzero(owner == i)[0]
        parts = _polygons(shapely.union_all(faces[mine])) if len(mine) else []
        if len(parts) > 1:
            own = min(parts, key=lambda p: p.distance(pts[i]))
            owner[mine[~shapely.contains(own, shapely.point_on_surface(faces[mine]))]] = -1
    _assign_loose(faces, owner, pts, weights)
    # Each cell is the union of whole faces of one noded arrangement, so two
    # neighbours share their border vertex for vertex.
    out = [shapely.coverage_union_all(faces[owner == i]) for i in range(len(cells))]
    return [shapely.MultiPolygon(ps) if len(ps := _polygons(c)) > 1 else ps[0] for c in out]


def _assign_loose(faces: np.ndarray, owner: np.ndarray, pts: np.ndarray,
                  weights: np.ndarray) -> None:
    """Give each unowned face (in place) to the owner sharing the longest border with it."""
    loose = sorted(np.nonzero(owner < 0)[0], key=lambda f: (-faces[f].area, f))
    while loose:
        progress = []
        for f in loose:
            near = [g for g in np.nonzero(shapely.intersects(faces, faces[f]))[0]
                    if owner[g] >= 0]
            border: dict[int, float] = {}
            for g in near:
                length = faces[g].boundary.intersection(faces[f].boundary).length
                border[int(owner[g])] = border.get(int(owner[g]), 0.0) + length
            if border and max(border.values()) > 0:
                owner[f] = max(border, key=lambda k: (border[k], -k))
                progress.append(f)
        if not progress:  # islands of the outline: nearest point in weighted distance
            for f in loose:
                owner[f] = int(np.argmin(shapely.distance(faces[f], pts) / weights))
            return
        loose = [f for f in loose if owner[f] < 0]


def _areal(geom: BaseGeometry) -> BaseGeometry:
    """*geom* without the lines and points an overlay may leave beside its polygons."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = _polygons(geom)
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def _polygons(geom: BaseGeometry) -> list[BaseGeometry]:
    """Polygon parts of *geom* (lines and points left by overlays are dropped)."""
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def distinct_points(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Keep one place per coordinate.

    Two places on the very same coordinate (a synonym given its own row, or
    two districts located from one reference polygon) cannot both have a
    Voronoi cell.  A district beats a landmark, then the best
    ``coord_confidence``, then the smallest id keeps the cell; the others
    are reported.

    Returns
    -------
    kept : list of dict
        Rows that get a cell, in input order.
    shared : dict
        Id of each skipped place -> id of the place whose cell it shares.
    """
    groups: dict[tuple[float, float], list[dict[str, str]]] = {}
    for row in rows:
        if (ll := _coord(row)) is not None:
            groups.setdefault(ll, []).append(row)
    shared: dict[str, str] = {}
    for group in groups.values():
        group.sort(key=lambda r: (r["kind"] not in DISTRICT_KINDS,
                                  _CONFIDENCE_RANK.get(r.get("coord_confidence", ""), 3), r["id"]))
        for row in group[1:]:
            shared[row["id"]] = group[0]["id"]
            log.warning("shapes: %s has the same coordinate as %s; it shares that polygon",
                        row["id"], group[0]["id"])
    return [r for r in rows if r["id"] not in shared], shared


def build_districts(places_path: Path | None = None) -> tuple[gpd.GeoDataFrame, BaseGeometry]:
    """Derive district polygons and the outline from ``places.csv``.

    Returns
    -------
    districts : GeoDataFrame
        Columns of :data:`COLUMNS` in EPSG:4326, sorted by ``place_id``.
    outline : shapely geometry
        The built-up outline in EPSG:4326.
    """
    rows, xy = _points_utm(distinct_points(neighbourhoods(places_path))[0])
    if len(rows) < 3:
        raise GazetteerError("shapes: fewer than 3 Aleppo neighbourhoods have coordinates")
    outline = derive_outline(xy)
    if USE_LANDMARKS:
        marks, mxy = _points_utm(neighbourhoods(places_path, LANDMARK_KINDS))
        inside = shapely.contains_xy(outline, mxy[:, 0], mxy[:, 1]) if len(marks) else []
        rows, _ = distinct_points(rows + [m for m, ok in zip(marks, inside, strict=True) if ok])
        rows, xy = _points_utm(rows)
    scale = np.array([1.0 if r["kind"] in DISTRICT_KINDS else LANDMARK_SCALE for r in rows])
    cells = derive_cells(xy, outline, scale)
    # Rounding each polygon on its own would open slivers between neighbours:
    # the tiling is redone in degrees on the rounding grid instead.
    outline_ll = _round_geom(_to_wgs84([outline])[0])
    lonlat = shapely.get_coordinates(_to_wgs84(shapely.points(xy)))
    cells = _tidy_cells(list(_to_wgs84(cells)), lonlat, point_weights(xy) * scale, outline_ll,
                        grid=PRECISION_DEG)
    frame = gpd.GeoDataFrame(
        {"place_id": [r["id"] for r in rows], "name": [r["name"] for r in rows],
         "kind": [r["kind"] for r in rows], "parent": [r["parent"] for r in rows]},
        geometry=cells, crs=WGS84,
    )
    frame["area_km2"] = (frame.to_crs(UTM).area / 1e6).round(4)
    out = _rounded(frame)[COLUMNS]
    return out.sort_values("place_id").reset_index(drop=True), outline_ll


def _to_wgs84(geoms: Sequence[BaseGeometry] | np.ndarray) -> np.ndarray:
    return gpd.GeoSeries(list(geoms), crs=UTM).to_crs(WGS84).to_numpy()


def _round_geom(geom: BaseGeometry) -> BaseGeometry:
    """Coordinates rounded to :data:`PRECISION_DEG`, vertex by vertex.

    Plain rounding (not GEOS snapping) maps a vertex shared by two districts
    to the same place in both, so the tiling survives.
    """
    decimals = round(-np.log10(PRECISION_DEG))
    out = shapely.transform(geom, lambda c: np.round(c, decimals))
    if out.is_valid:
        return out
    # Rounding can make a ring touch itself; repair, then round the repair's
    # new vertices too (keeping the repair if that breaks it again).
    fixed = _areal(shapely.make_valid(out))
    again = shapely.transform(fixed, lambda c: np.round(c, decimals))
    return again if again.is_valid else fixed


def _rounded(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.copy()
    frame["geometry"] = [_round_geom(g) for g in frame.geometry]
    return frame


# --------------------------------------------------------------------------- files


def _atomic_write(path: Path, text: str) -> None:
    """Write *text* to *path* through a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _feature_collection(features: Iterable[tuple[dict, BaseGeometry]]) -> str:
    """Deterministic GeoJSON text: one feature per line, keys in insertion order."""
    lines = []
    for props, geom in features:
        feat = {"type": "Feature", "properties": props, "geometry": mapping(geom)}
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n")


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a district frame as byte-stable GeoJSON (rounded, sorted by place_id)."""
    frame = _rounded(frame.to_crs(WGS84)).sort_values("place_id")
    props = [c for c in frame.columns if c != "geometry"]
    rows = (({c: _plain(r[c]) for c in props}, r.geometry) for _, r in frame.iterrows())
    _atomic_write(Path(path), _feature_collection(rows))


def _plain(value: object) -> object:
    """Numpy scalars to Python ones for json."""
    return value.item() if hasattr(value, "item") else value


def build(data_dir: Path | None = None, places_path: Path | None = None) -> tuple[Path, Path]:
    """Regenerate ``districts.geojson`` and ``city_outline.geojson``.

    Parameters
    ----------
    data_dir : Path, optional
        Target folder; ``gazetteer/data`` by default.
    places_path : Path, optional
        The ``places.csv`` to derive from; the shipped one by default.

    Returns
    -------
    tuple of Path
        The districts file and the outline file written.
    """
    data_dir = Path(data_dir) if data_dir else shipped_file(DISTRICTS_FILE).parent
    districts, outline = build_districts(places_path)
    dpath, opath = data_dir / DISTRICTS_FILE, data_dir / OUTLINE_FILE
    write_geojson(districts, dpath)
    area = gpd.GeoSeries([outline], crs=WGS84).to_crs(UTM).area.iloc[0] / 1e6
    _atomic_write(opath, _feature_collection([({"id": CITY_ID, "area_km2": round(area, 4)},
                                               outline)]))
    return dpath, opath


# --------------------------------------------------------------------------- API


def _read_frame(path: Path) -> gpd.GeoDataFrame:
    """Any file geopandas reads, as EPSG:4326; GazetteerError when it cannot."""
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
    """Resolved path and mtime, so a re-imported or rebuilt file is read again."""
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError as exc:
        raise GazetteerError(f"shapes file {path} not found; run `python -m gazetteer.shapes "
                             "build` or pass an existing file") from exc
    return str(path), stat.st_mtime_ns, stat.st_size


@cache
def _load_districts(path: str, _mtime: int, _size: int) -> gpd.GeoDataFrame:
    frame = _read_frame(Path(path))
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(f"shapes file {path} lacks columns {missing}; "
                             "rebuild it with `python -m gazetteer.shapes build`")
    return frame[COLUMNS].sort_values("place_id").reset_index(drop=True)


def city_outline(path: str | Path | None = None) -> BaseGeometry:
    """The derived built-up outline of Aleppo city (EPSG:4326 polygon).

    This is the outline the shipped districts were clipped to, kept in
    ``city_outline.geojson``; it does not change when a user imports shapes.
    """
    return _load_outline(*_cache_key(path or shipped_file(OUTLINE_FILE)))


@cache
def _load_outline(path: str, _mtime: int, _size: int) -> BaseGeometry:
    return shapely.union_all(_read_frame(Path(path)).geometry.to_numpy())


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


# --------------------------------------------------------------------------- import

_APOSTROPHES = re.compile(r"[’‘'`ʿʾ´ʼ]")
_ARTICLE = re.compile(r"(?<![a-z])(?:al|el|as|ash|ad|an|aj|az|at|ar|es)[-\s]+(?=[a-z])")
_AR_ARTICLE = re.compile(r"(?<!\S)(?:حي\s+)?ال")
_PART_SUFFIX = re.compile(r"\s+(?:[ivx]{1,4}|\d{1,2}|[a-d])$")
_AR_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "إ": "ا", "أ": "ا", "آ": "ا"})


def fold_name(text: str) -> str:
    """Fold a place name for matching user shapes to our places.

    Lower-cases, drops accents, apostrophes and the Arabic article in its
    Latin spellings (al-, el-, as-, ash-, ad-, an-, aj-, az-, ...) and Arabic
    script, collapses doubled letters and a trailing part number
    ("al-Hamdaniyeh III" -> "hamdaniyeh").

    Examples
    --------
    >>> fold_name("al-Hamdaniyeh III") == fold_name("Hamdaniyeh")
    True
    >>> fold_name("Qal’et ash-Sharif")
    'qalet sharif'
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text).translate(_AR_LETTERS))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _AR_ARTICLE.sub(" ", _ARTICLE.sub(" ", text.lower()))
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    text = _PART_SUFFIX.sub("", text)
    return re.sub(r"(\w)\1+", r"\1", text)


def _skeleton(key: str) -> str:
    """Consonants of a folded key: a looser second-chance match (Kalaseh ~ Kallasa)."""
    return re.sub(r"[aeiouyw\s]+", "", key) if key.isascii() else key.replace(" ", "")


def _name_index(rows: Sequence[dict[str, str]]) -> dict[str, dict[str, set[str]]]:
    """Folded key and skeleton -> ids of places, over names, aliases and Arabic names."""
    index: dict[str, dict[str, set[str]]] = {"key": {}, "skeleton": {}}
    for row in rows:
        names = [row["name"], row.get("name_ar", "")] + row.get("aliases", "").split("|")
        for name in filter(None, (n.strip() for n in names)):
            key = fold_name(name)
            if key:
                index["key"].setdefault(key, set()).add(row["id"])
            if _skeleton(key):
                index["skeleton"].setdefault(_skeleton(key), set()).add(row["id"])
    return index


def _feature_strings(props: dict) -> list[str]:
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
            key = key if tier == "key" else _skeleton(key)
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
        ``place_id, name, parent, area_km2, geometry`` (EPSG:4326): one row
        per place, the union of every feature tied to it.
    unmatched : list of str
        Names of features tied to no district.
    """
    all_rows = [r for r in _read_places(places_path) if r["lat"] and r["lon"]]
    targets = neighbourhoods(places_path, DISTRICT_KINDS | LANDMARK_KINDS)
    districts = {r["id"]: r for r in targets if _coord(r)}
    # Non-district places take part in name matching only, marked with "~".
    tagged = [r if r["id"] in districts else {**r, "id": "~" + r["id"]} for r in all_rows]
    kept, xy = _points_utm(tagged)
    points = dict(zip([r["id"] for r in kept], shapely.points(xy), strict=True))
    index = _name_index(kept)
    utm = frame.to_crs(UTM) if frame.crs else frame.set_crs(WGS84).to_crs(UTM)
    parts: dict[str, list[BaseGeometry]] = {}
    unmatched: list[str] = []
    for props, geom in zip(utm.drop(columns="geometry").to_dict("records"), utm.geometry,
                           strict=True):
        strings = _feature_strings(props)
        label = strings[0] if strings else "(unnamed)"
        geom = _areal(shapely.make_valid(geom)) if geom is not None else shapely.Polygon()
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
    ``user_file("districts.geojson")``, which :func:`load_district_shapes`
    prefers from then on.

    Raises
    ------
    GazetteerError
        When the file cannot be read or holds no polygon matching a district.
    """
    path = Path(path)
    frame = _read_frame(path)
    matched, unmatched = match_shapes(frame, places_path)
    if matched.empty:
        raise GazetteerError(f"no feature of {path} matches an Aleppo neighbourhood by name "
                             "or position; check its names and its CRS")
    derived = load_district_shapes(shipped_file(DISTRICTS_FILE))
    rest = derived[~derived.place_id.isin(matched.place_id)].to_crs(UTM)
    cover = shapely.union_all(matched.to_crs(UTM).geometry.to_numpy())
    rest = rest.set_geometry([_areal(g.difference(cover)) for g in rest.geometry], crs=UTM)
    rest = rest[rest.area > SLIVER_M2]
    rest = rest.assign(area_km2=(rest.area / 1e6).round(4)).to_crs(WGS84)
    combined = gpd.GeoDataFrame(
        pd.concat([matched.assign(source="user"), rest.assign(source="derived")],
                  ignore_index=True), geometry="geometry", crs=WGS84)
    target = user_file(DISTRICTS_FILE)
    write_geojson(combined, target)
    n_matched = len(frame) - len(unmatched)
    return ImportSummary(len(frame), n_matched, len(matched), tuple(unmatched), str(target))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gazetteer.shapes build [DATA_DIR]``: regenerate the derived files."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "build":
        print("usage: python -m gazetteer.shapes build [DATA_DIR]", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    dpath, opath = build(Path(args[1]) if len(args) > 1 else None)
    print(f"wrote {dpath} and {opath}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
