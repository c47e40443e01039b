"""District polygons, city outline, areas and the import of a user's shapes.

The geometry checks run on the shipped ``districts.geojson`` (what the map
draws) in UTM 37N; the baseline checks read ``baseline_control.csv`` with the
``csv`` module so they do not depend on the timeline code.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gazetteer import shape_import, shapes, tessellate
from gazetteer.paths import shipped_file
from mapper.errors import GazetteerError

REPO = Path(__file__).resolve().parents[1]
CSR = REPO.parent / "shared" / "gazetteer_raw" / "csr_aleppo_neighborhoods.geojson"
#: Overlap below this (m²) between two districts is rounding of the 1e-6° grid.
OVERLAP_M2 = 50.0
#: Regime positions inside the besieged east on 2016-11-15: the Citadel's garrison.
REGIME_INSIDE_EAST = {"citadel"}


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    """Shipped districts in UTM, indexed by place id."""
    return shapes.load_district_shapes(shipped_file(shapes.DISTRICTS_FILE)).to_crs(
        shapes.UTM).set_index("place_id")


@pytest.fixture(scope="module")
def outline() -> shapely.Geometry:
    return gpd.GeoSeries([shapes.city_outline()], crs=shapes.WGS84).to_crs(shapes.UTM).iloc[0]


@pytest.fixture(scope="module")
def points() -> dict[str, shapely.Geometry]:
    """UTM point of every tessellated place (neighbourhoods and landmarks), read from csv."""
    rows = shapes.neighbourhoods(None, shapes.DISTRICT_KINDS | shapes.LANDMARK_KINDS)
    rows = [r for r in rows if r["lat"] and r["lon"]]
    pts = gpd.GeoSeries(gpd.points_from_xy([float(r["lon"]) for r in rows],
                                           [float(r["lat"]) for r in rows]), crs=shapes.WGS84)
    return dict(zip([r["id"] for r in rows], pts.to_crs(shapes.UTM), strict=True))


@pytest.fixture(scope="module")
def baseline() -> dict[str, str]:
    """Controller of each place on 2016-11-15."""
    with open(shipped_file("baseline_control.csv"), newline="", encoding="utf-8") as fh:
        return {r["place_id"]: r["controller"] for r in csv.DictReader(fh)
                if r["date"] == "2016-11-15"}


# ------------------------------------------------------------------ tiling


def test_districts_do_not_overlap(districts):
    geoms = districts.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    bad = [(districts.index[i], districts.index[j], round(geoms[i].intersection(geoms[j]).area))
           for i, j in zip(left, right, strict=True) if i < j
           and geoms[i].intersection(geoms[j]).area > OVERLAP_M2]
    assert not bad


def test_districts_cover_the_outline_without_gaps(districts, outline):
    # Neighbours share their borders vertex for vertex (a valid coverage).
    wgs = shapes.load_district_shapes(shipped_file(shapes.DISTRICTS_FILE)).geometry.to_numpy()
    assert shapely.coverage_is_valid(wgs)
    union = shapely.union_all(districts.geometry.to_numpy())
    assert union.area == pytest.approx(outline.area, rel=1e-3)
    assert outline.symmetric_difference(union).area < 1e-3 * outline.area
    holes = sum(len(p.interiors) for p in shapely.get_parts(union))
    assert holes == 0


def test_each_district_holds_its_own_point_inside_the_outline(districts, outline, points):
    for pid, geom in districts.geometry.items():
        assert geom.contains(points[pid]), pid
        assert outline.contains(points[pid]), pid
        assert geom.is_valid and geom.area > 0, pid


def test_one_polygon_per_neighbourhood_with_coordinates(districts):
    rows = [r for r in shapes.neighbourhoods() if r["lat"] and r["lon"]]
    kept, shared = tessellate.distinct_points(rows)
    assert len(rows) >= 100
    assert districts.index.is_unique
    assert {r["id"] for r in kept} <= set(districts.index)
    # A place sharing another's exact coordinate has no cell of its own: its
    # twin must have one (and the pair is listed in the build's warnings).
    assert all(twin in districts.index for twin in shared.values())
    assert len(shared) <= 0.05 * len(rows)


def test_shipped_files_are_current_and_byte_stable(tmp_path):
    """Rebuilding from the shipped places.csv gives the very same bytes."""
    dpath, opath = tessellate.build(tmp_path)
    for built in (dpath, opath):
        shipped = shipped_file(built.name)
        assert built.read_bytes() == shipped.read_bytes(), (
            f"{shipped.name} is stale: run `python -m gazetteer.shapes build`")
    assert not list(tmp_path.glob(".*.tmp"))


def _write_places(path: Path, rows: list[tuple]) -> Path:
    head = ("id,name,kind,parent,lat,lon,name_ar,aliases,coord_source,coord_confidence,"
            "on_map,ambiguous_with,note\n")
    body = "".join(",".join(map(str, r)) + ",,,,high,true,,\n" for r in rows)
    path.write_text(head + body, encoding="utf-8")
    return path


def test_build_from_a_small_places_file(tmp_path, caplog):
    places = _write_places(tmp_path / "places.csv", [
        ("aleppo_city", "Aleppo", "city", "", 36.2, 37.16),
        ("aleppo_east", "East", "area", "aleppo_city", 36.2, 37.18),
        ("aleppo_west", "West", "area", "aleppo_city", 36.2, 37.12),
        ("e1", "E one", "district", "aleppo_east", 36.200, 37.180),
        ("e2", "E two", "district", "aleppo_east", 36.210, 37.185),
        ("e3", "E three", "district", "aleppo_east", 36.192, 37.176),
        ("w1", "W one", "district", "aleppo_west", 36.205, 37.120),
        ("w2", "W two", "district", "aleppo_west", 36.198, 37.130),
        ("lost", "No coordinate", "district", "aleppo_west", "", ""),
        ("park", "A park", "landmark", "aleppo_east", 36.201, 37.181),
        ("far", "Far landmark", "landmark", "aleppo_east", 36.5, 37.5),
    ])
    first, _ = tessellate.build(tmp_path / "a", places)
    second, _ = tessellate.build(tmp_path / "b", places)
    assert first.read_bytes() == second.read_bytes()
    assert "lost has no coordinate" in caplog.text
    ids = [f["properties"]["place_id"] for f in json.loads(first.read_text())["features"]]
    if not tessellate.USE_LANDMARKS:
        # Landmarks carry no baseline controller, so they take no cell.
        assert ids == ["e1", "e2", "e3", "w1", "w2"]
        return
    assert ids == ["e1", "e2", "e3", "park", "w1", "w2"]  # the far landmark is outside
    cells = shapes.load_district_shapes(first).set_index("place_id")
    assert cells.area_km2["park"] < cells.area_km2["e1"]  # a landmark's weight is smaller


def test_output_is_wgs84_rounded_and_sorted():
    text = shipped_file(shapes.DISTRICTS_FILE).read_text(encoding="utf-8")
    feats = json.loads(text)["features"]
    ids = [f["properties"]["place_id"] for f in feats]
    assert ids == sorted(ids)
    coords = shapely.get_coordinates(shapely.from_geojson(text))
    assert ((coords[:, 0] > 37.0) & (coords[:, 0] < 37.35)).all()  # lon first, Aleppo
    assert ((coords[:, 1] > 36.1) & (coords[:, 1] < 36.3)).all()
    assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-3).all()


def test_areas_are_unions_of_their_districts():
    areas = shapes.area_shapes().set_index("place_id")
    east, west, old, city = (areas.area_km2[a] for a in shapes.AREA_IDS)
    assert 20 < east < 80 and 20 < west < 80 and 1 < old < 8
    assert east + west + old <= city * 1.001
    # East, West and Old City are disjoint parts of the city.
    utm = areas.to_crs(shapes.UTM).geometry
    for a, b in [("aleppo_east", "aleppo_west"), ("aleppo_east", "aleppo_old_city"),
                 ("aleppo_west", "aleppo_old_city")]:
        assert utm[a].intersection(utm[b]).area < 1e4
    assert utm["aleppo_city"].area / 1e6 == pytest.approx(city, rel=1e-3)


# ------------------------------------------------------------------ front line


def _besieged_east(districts, baseline) -> shapely.Geometry:
    inner = {r["id"] for r in shapes.neighbourhoods(None, shapes.DISTRICT_KINDS
                                                    | shapes.LANDMARK_KINDS)
             if {"aleppo_east", "aleppo_old_city"} & set(r["areas"].split("|"))}
    held = [g for pid, g in districts.geometry.items()
            if pid in inner and baseline.get(pid) == "rebel"]
    assert len(held) >= 30
    return shapely.union_all(held)


def test_rebel_east_is_one_connected_area(districts, baseline):
    east = _besieged_east(districts, baseline)
    assert len(shapely.get_parts(east.buffer(1.0))) == 1


def test_baseline_points_lie_on_their_controllers_side(districts, baseline, points):
    """No regime-held district lies inside the besieged east, closed over 500 m notches,
    and the rebel pocket lies east of the regime-held city."""
    east = _besieged_east(districts, baseline)
    closed = east.buffer(500).buffer(-500)
    regime = [pid for pid in districts.index if baseline.get(pid) == "regime"]
    inside = {pid for pid in regime if closed.contains(points[pid])}
    assert inside <= REGIME_INSIDE_EAST
    regime_union = shapely.union_all([districts.geometry[p] for p in regime])
    assert east.centroid.x > regime_union.centroid.x + 2000
    rebel_pts = [points[p] for p in districts.index if baseline.get(p) == "rebel"]
    assert sum(east.contains(p) for p in rebel_pts) >= len(rebel_pts) - 2  # outskirts only


def test_each_controllers_points_lie_in_its_own_union(districts, baseline, points):
    for controller in ("regime", "rebel", "kurdish"):
        ids = [p for p in districts.index if baseline.get(p) == controller]
        union = shapely.union_all([districts.geometry[p] for p in ids])
        others = [p for p in districts.index if baseline.get(p) not in (controller, None)]
        assert all(union.contains(points[p]) for p in ids), controller
        assert not any(union.contains(points[p]) for p in others), controller


# ------------------------------------------------------------------ weighted Voronoi


def test_weighted_cells_tile_and_let_a_lone_point_reach_farther(monkeypatch):
    xy = tessellate._points_utm([{"id": str(i), "lat": str(lat), "lon": str(lon)}
                                 for i, (lat, lon) in enumerate([
                                     (36.20, 37.10), (36.20, 37.16), (36.201, 37.165),
                                     (36.199, 37.165), (36.23, 37.13)])])[1]
    frame = shapely.MultiPoint(xy).convex_hull.buffer(1500)
    cells = tessellate.derive_cells(xy, frame)
    assert shapely.union_all(cells).area == pytest.approx(frame.area, rel=1e-6)
    assert sum(c.area for c in cells) == pytest.approx(frame.area, rel=1e-6)
    assert all(c.contains(shapely.Point(p)) for c, p in zip(cells, xy, strict=True))
    monkeypatch.setattr(tessellate, "WEIGHT_ALPHA", 0.0)
    plain = tessellate.derive_cells(xy, frame)
    # The lone western point has the widest spacing: its weighted cell grows
    # at the expense of the dense cluster's.
    assert cells[0].area > 1.05 * plain[0].area
    assert cells[2].area < plain[2].area


# ------------------------------------------------------------------ import


def _square(lon: float, lat: float, half: float = 0.004) -> list:
    return [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
             [lon - half, lat + half], [lon - half, lat - half]]]


def _feature(props: dict, rings: list) -> dict:
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": rings}}


def _place(pid: str) -> tuple[float, float]:
    row = next(r for r in shapes.neighbourhoods() if r["id"] == pid)
    return float(row["lon"]), float(row["lat"])


def test_import_shapes_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path / "user"))
    lon, lat = _place("sheikh_maqsoud")
    w, e = _square(lon - 0.002, lat, 0.002), _square(lon + 0.002, lat, 0.002)
    slon, slat = _place("sukkari")
    feats = [
        # Two parts of one place, spelled as a source would, merge into one.
        _feature({"NAME": "ash-Sheikh Maqsoud I", "code": 7}, w),
        _feature({"NAME": "Sheikh Maksud II"}, e),
        # The Arabic name alone is enough.
        _feature({"label": "", "NAME_A": "السكري"}, _square(slon, slat, 0.003)),
        # No usable name: matched because it contains the place's point.
        _feature({"NAME": "zone 12"}, _square(*_place("bustan_al_qasr"), 0.002)),
        # An unknown name far from every district: left out.
        _feature({"NAME": "Dar al-Shifa Hospital"}, _square(37.5, 36.5, 0.001)),
        # A point is no shape, even with a good name.
        {"type": "Feature", "properties": {"NAME": "Sukkari"},
         "geometry": {"type": "Point", "coordinates": [slon, slat]}},
    ]
    src = tmp_path / "user_shapes.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")

    summary = shape_import.import_shapes(src)

    assert (summary.features, summary.matched, summary.places) == (6, 4, 3)
    assert summary.unmatched == ("Dar al-Shifa Hospital", "Sukkari (no polygon)")
    assert Path(summary.path) == tmp_path / "user" / shapes.DISTRICTS_FILE
    loaded = shapes.load_district_shapes().set_index("place_id")  # now the user's file
    utm = loaded.to_crs(shapes.UTM).geometry
    merged = gpd.GeoSeries([shapely.Polygon(w[0]).union(shapely.Polygon(e[0]))],
                           crs=shapes.WGS84).to_crs(shapes.UTM).iloc[0]
    assert utm["sheikh_maqsoud"].symmetric_difference(merged).area < 1.0
    assert loaded.area_km2["sukkari"] == pytest.approx(utm["sukkari"].area / 1e6, rel=1e-3)
    # Districts the file lacks keep their derived cell, cut so nothing overlaps.
    shipped = set(shapes.load_district_shapes(shipped_file(shapes.DISTRICTS_FILE)).place_id)
    assert shipped <= set(loaded.index)
    others = shapely.union_all([g for pid, g in utm.items() if pid != "sheikh_maqsoud"])
    assert others.intersection(utm["sheikh_maqsoud"]).area < 1.0


def test_import_shapes_rejects_unreadable_files(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path))
    bad = tmp_path / "broken.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        shape_import.import_shapes(bad)
    assert "broken.geojson" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(GazetteerError, match="missing.geojson"):
        shape_import.import_shapes(tmp_path / "missing.geojson")
    assert not (tmp_path / shapes.DISTRICTS_FILE).exists()


def test_fold_name_variants():
    assert shape_import.fold_name("al-Hamdaniyeh III") == shape_import.fold_name("Hamdaniyeh")
    assert shape_import.fold_name("Qal’et ash-Sharif") == shape_import.fold_name("Qal'et Sharif")
    assert shape_import.fold_name("as-Salheen") == shape_import.fold_name("Salheen")
    assert shape_import.fold_name("الصالحين") == shape_import.fold_name("صالحين")
    assert shape_import.fold_name("Bab al-Nairab") != shape_import.fold_name("Nairab")


# ------------------------------------------------------------------ reference


def test_shapes_resemble_the_csr_reference():
    if not CSR.is_file():
        pytest.skip(f"reference polygons not present at {CSR}")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import compare_shapes
    finally:
        sys.path.pop(0)
    res = compare_shapes.compare(CSR, shipped_file(shapes.DISTRICTS_FILE))
    assert len(res["per_place"]) >= 90
    assert res["median"] > 0.5
    assert statistics.mean(v for _, v, _, _ in res["per_place"]) > 0.45
    assert res["outline_iou"] > 0.55
