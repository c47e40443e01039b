"""Derive Aleppo's district polygons and city outline from the points of ``places.csv``.

The project ships shapes it derives itself; no third-party polygon dataset is
copied.  The rule, worked in UTM zone 37N (EPSG:32637, metres):

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
   midpoint towards a dense cluster.  With :data:`USE_LANDMARKS`, landmarks of
   the city (parks, cemeteries, barracks, the Citadel) whose point lies inside
   the outline take a cell too, with a smaller weight.  ``WEIGHT_ALPHA = 0``
   gives the plain Voronoi tessellation.

The cells tile the outline exactly: every border is noded into one planar
arrangement, snap-rounded to ``PRECISION_DEG`` in EPSG:4326, and each face
given to one place.  Features are sorted by ``place_id``, so the same
``places.csv`` always gives byte-identical files;
``python -m gazetteer.shapes build`` (or ``python -m gazetteer.tessellate
build``) regenerates them.  Measured against the Columbia CSR polygons by
``benchmarks/compare_shapes.py``.  :mod:`gazetteer.shapes` loads the result.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, mapping
from shapely.geometry.base import BaseGeometry

from gazetteer.paths import shipped_file
from gazetteer.shapes import (
    CITY_ID,
    COLUMNS,
    DISTRICT_KINDS,
    DISTRICTS_FILE,
    LANDMARK_KINDS,
    OUTLINE_FILE,
    UTM,
    WGS84,
    neighbourhoods,
)
from mapper.atomic import atomic_write_text
from mapper.errors import GazetteerError

log = logging.getLogger(__name__)

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
#: Precision grid of the overlays (m).
GRID_M = 0.01
#: Tolerance of the outline's simplification: keeps the files small.
OUTLINE_SIMPLIFY_M = 10.0
#: Rounding of output coordinates (1e-6 degree is about 0.1 m).
PRECISION_DEG = 1e-6

#: Whether landmarks (parks, cemeteries, barracks) take cells.  Off: they have no
#: baseline controller, so their cells would be grey holes in the control layer;
#: on, the median IoU against the CSR polygons rises from 0.578 to 0.600.
USE_LANDMARKS = False


def _coord(row: dict) -> tuple[float, float] | None:
    """(lat, lon) of a place row, or None when it has no usable coordinate."""
    try:
        return float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError, KeyError):
        return None


def _points_utm(rows: Sequence[dict]) -> tuple[list[dict], np.ndarray]:
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
        wins = polygonal(_dominance(xy[i], xy[j], weights[i], weights[j], frame))
        cells[i] = polygonal(shapely.intersection(cells[i], wins, grid_size=GRID_M))
        cells[j] = polygonal(shapely.difference(cells[j], wins, grid_size=GRID_M))
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
        parts = polygon_parts(shapely.union_all(faces[mine])) if len(mine) else []
        if len(parts) > 1:
            own = min(parts, key=lambda p: p.distance(pts[i]))
            owner[mine[~shapely.contains(own, shapely.point_on_surface(faces[mine]))]] = -1
    _assign_loose(faces, owner, pts, weights)
    # Each cell is the union of whole faces of one noded arrangement, so two
    # neighbours share their border vertex for vertex.
    out = [shapely.coverage_union_all(faces[owner == i]) for i in range(len(cells))]
    return [shapely.MultiPolygon(ps) if len(ps := polygon_parts(c)) > 1 else ps[0] for c in out]


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


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """*geom* without the lines and points an overlay may leave beside its polygons."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = polygon_parts(geom)
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def polygon_parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Polygon parts of *geom* (lines and points left by overlays are dropped)."""
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def distinct_points(rows: Sequence[dict]) -> tuple[list[dict], dict]:
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
    groups: dict[tuple[float, float], list[dict]] = {}
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
    """UTM geometries reprojected to EPSG:4326."""
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
    fixed = polygonal(shapely.make_valid(out))
    again = shapely.transform(fixed, lambda c: np.round(c, decimals))
    return again if again.is_valid else fixed


def _rounded(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of *frame* with every geometry passed through :func:`_round_geom`."""
    frame = frame.copy()
    frame["geometry"] = [_round_geom(g) for g in frame.geometry]
    return frame


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
    atomic_write_text(Path(path), _feature_collection(rows))


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
    props = {"id": CITY_ID, "area_km2": round(area, 4)}
    atomic_write_text(opath, _feature_collection([(props, outline)]))
    return dpath, opath


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gazetteer.tessellate build [DATA_DIR]``: regenerate the derived files.

    ``python -m gazetteer.shapes build`` delegates here.  Returns the exit status.
    """
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
