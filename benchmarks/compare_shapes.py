"""Measure our derived district shapes against a reference polygon dataset.

The reference (by default the Columbia Center for Spatial Research polygons in
``../shared/gazetteer_raw/``, relative to the repository) is only read here, to
measure; it is never copied into the project.  Reference features are tied to
our places with the same name-and-position matching as
``mapper gazetteer import-shapes``; parts of one place are merged.

Prints, for each place present in both, the intersection over union (IoU) of
our polygon and the reference one, then the median IoU and the IoU of the
two city outlines (union of all districts).  Areas in EPSG:32637.

Usage::

    python benchmarks/compare_shapes.py [REFERENCE] [--districts FILE] [--quiet]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import shapely

from gazetteer.shape_import import match_shapes
from gazetteer.shapes import UTM, city_outline, load_district_shapes

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO.parent / "shared" / "gazetteer_raw" / "csr_aleppo_neighborhoods.geojson"


def iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Intersection over union of two polygons (0 when both are empty)."""
    union = a.union(b).area
    return a.intersection(b).area / union if union else 0.0


def compare(reference: Path, districts: Path | None = None) -> dict:
    """Per-district IoU, median IoU and outline IoU of our shapes vs *reference*.

    Returns
    -------
    dict
        ``per_place`` (list of (place_id, iou, our_km2, ref_km2)), ``median``,
        ``outline_iou`` (union of our districts vs union of the reference
        features tied to them), ``outline_iou_shipped`` (our outline file vs the
        same), ``outline_iou_all`` (vs every reference feature), ``unmatched``
        (reference names tied to no district),
        ``missing`` (our districts with no reference polygon).
    """
    import geopandas as gpd

    ref, unmatched = match_shapes(gpd.read_file(reference))
    ref = ref.to_crs(UTM).set_index("place_id")
    ours = load_district_shapes(districts).to_crs(UTM).set_index("place_id")
    per_place = []
    for pid in sorted(set(ours.index) & set(ref.index)):
        a, b = ours.geometry[pid], ref.geometry[pid]
        per_place.append((pid, iou(a, b), a.area / 1e6, b.area / 1e6))
    ref_union = shapely.union_all(ref.geometry.to_numpy())
    ref_all = shapely.union_all(gpd.read_file(reference).to_crs(UTM).geometry.to_numpy())
    our_union = shapely.union_all(ours.geometry.to_numpy())
    outline = gpd.GeoSeries([city_outline()], crs="EPSG:4326").to_crs(UTM).iloc[0]
    return {
        "per_place": per_place,
        "median": statistics.median(v for _, v, _, _ in per_place) if per_place else 0.0,
        "outline_iou": iou(our_union, ref_union),
        "outline_iou_shipped": iou(outline, ref_union),
        "outline_iou_all": iou(our_union, ref_all),
        "areas_km2": (our_union.area / 1e6, ref_union.area / 1e6),
        "unmatched": unmatched,
        "missing": sorted(set(ours.index) - set(ref.index)),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; exit 2 when the reference file is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--districts", type=Path, default=None,
                        help="districts GeoJSON to measure (default: the shipped one)")
    parser.add_argument("--quiet", action="store_true", help="only the summary figures")
    args = parser.parse_args(argv)
    if not args.reference.is_file():
        print(f"reference file {args.reference} not found; pass its path", file=sys.stderr)
        return 2
    res = compare(args.reference, args.districts)
    if not args.quiet:
        print(f"{'place_id':28} {'IoU':>6} {'ours km2':>9} {'ref km2':>8}")
        for pid, value, ours, ref in sorted(res["per_place"], key=lambda t: t[1]):
            print(f"{pid:28} {value:6.3f} {ours:9.3f} {ref:8.3f}")
        print(f"reference features tied to no district: {', '.join(res['unmatched']) or '-'}")
        print(f"our districts with no reference polygon: {', '.join(res['missing']) or '-'}")
    ours_km2, ref_km2 = res["areas_km2"]
    print(f"districts compared: {len(res['per_place'])}")
    print(f"median IoU: {res['median']:.3f}")
    print(f"outline IoU (union of districts): {res['outline_iou']:.3f} "
          f"(ours {ours_km2:.1f} km2, reference {ref_km2:.1f} km2)")
    print(f"outline IoU vs every reference feature (airport, industrial city...): "
          f"{res['outline_iou_all']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
