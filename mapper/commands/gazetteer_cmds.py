"""``mapper gazetteer ...``: find, list, export and import places."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from gazetteer.places import COLUMNS, Gazetteer, load_gazetteer
from gazetteer.records import KINDS, Match, Place
from mapper.atomic import atomic_write_text
from mapper.errors import GazetteerError, PlaceNotFound


def _match_dict(m: Match, gaz: Gazetteer) -> dict:
    p = m.place
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "parent": p.parent,
        "lat": p.lat,
        "lon": p.lon,
        "matched_alias": m.alias,
        "score": m.score,
        "rule": m.rule,
        "on_map": p.on_map,
        "path": [a.id for a in gaz.ancestors(p.id)],
        "coord_source": p.coord_source,
    }


def cmd_find(args: argparse.Namespace) -> int:
    """Look up a name; exit 1 when nothing matches."""
    gaz = load_gazetteer()
    matches = gaz.find(args.name, kinds=[args.kind] if args.kind else None)
    if not matches:
        raise PlaceNotFound(args.name, "try another spelling, or `mapper gazetteer list`")
    if args.json:
        print(json.dumps([_match_dict(m, gaz) for m in matches], ensure_ascii=False, indent=2))
        return 0
    for m in matches:
        p = m.place
        where = f"{p.lat:.5f}, {p.lon:.5f}" if p.has_coords else "no coordinates"
        print(
            f"{p.id}\t{p.name}\t{p.kind}\tparent={p.parent or '-'}\t{where}\t"
            f"matched {m.alias!r} ({m.rule}, score {m.score:.2f})"
        )
    return 0


def _selected(gaz: Gazetteer, kind: str | None, within: str | None) -> list[Place]:
    places = list(gaz.places)
    if within:
        area = gaz.lookup(within).place if within not in gaz else gaz.get(within)
        places = [p for p in places if p.id != area.id and gaz.is_within(p.id, area.id)]
    if kind:
        places = [p for p in places if p.kind == kind]
    return places


def cmd_list(args: argparse.Namespace) -> int:
    """List places, optionally of one kind or inside one area."""
    gaz = load_gazetteer()
    places = _selected(gaz, args.kind, args.within)
    for p in places:
        where = f"{p.lat:.5f}, {p.lon:.5f}" if p.has_coords else "-"
        print(f"{p.id}\t{p.name}\t{p.kind}\t{p.parent or '-'}\t{where}")
    print(f"{len(places)} place(s)", file=sys.stderr)
    return 0


def places_csv(places: list[Place]) -> str:
    """Places in the gazetteer's own CSV format."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in places:
        writer.writerow([
            p.id, p.name, p.kind, p.parent,
            "" if p.lat is None else f"{p.lat:.5f}", "" if p.lon is None else f"{p.lon:.5f}",
            p.name_ar, "|".join(p.aliases), p.coord_source, p.coord_confidence,
            "true" if p.on_map else "false", "|".join(p.ambiguous_with), p.note,
        ])
    return buf.getvalue()


def places_geojson(places: list[Place]) -> str:
    """Places with coordinates as a GeoJSON FeatureCollection (lon, lat order)."""
    features = []
    for p in places:
        if not p.has_coords:
            continue
        features.append({
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "id": p.id, "name": p.name, "kind": p.kind, "parent": p.parent,
                "name_ar": p.name_ar, "aliases": list(p.aliases),
                "coord_source": p.coord_source, "coord_confidence": p.coord_confidence,
                "on_map": p.on_map,
            },
        })
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def cmd_export(args: argparse.Namespace) -> int:
    """Export the gazetteer (shipped + user layer) as GeoJSON or CSV."""
    gaz = load_gazetteer()
    places = _selected(gaz, args.kind, args.within)
    text = places_geojson(places) if args.format == "geojson" else places_csv(places)
    if args.output and args.output != "-":
        atomic_write_text(args.output, text)
        print(f"wrote {len(places)} place(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import_shapes(args: argparse.Namespace) -> int:
    """Load a user's polygon dataset, matched to our places."""
    from gazetteer.shape_import import import_shapes

    summary = import_shapes(args.file)
    print(summary)
    return 0


def cmd_import_geonames(args: argparse.Namespace) -> int:
    """Read a GeoNames dump into the user gazetteer layer."""
    from gazetteer.geonames import import_geonames

    summary = import_geonames(args.file, min_population=args.min_population)
    print(summary)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``mapper gazetteer`` and its subcommands."""
    gp = sub.add_parser("gazetteer", help="find, list, export and import places")
    gsub = gp.add_subparsers(dest="gazetteer_command", metavar="COMMAND", required=True)

    p = gsub.add_parser("find", help="look up a place by any spelling")
    p.add_argument("name", help='a spelling, e.g. "Shaykh Said" or "الشيخ سعيد"')
    p.add_argument("--kind", choices=KINDS, help="only places of this kind")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_find)

    p = gsub.add_parser("list", help="list places")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--within", metavar="AREA", help="an area id or name, e.g. aleppo_east or 'Old City'")
    p.set_defaults(func=cmd_list)

    p = gsub.add_parser("export", help="export places as GeoJSON or CSV")
    p.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--within", metavar="AREA")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = gsub.add_parser("import-shapes", help="load district polygons (GeoJSON, Shapefile, GeoPackage)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_shapes)

    p = gsub.add_parser("import-geonames", help="read a GeoNames dump (e.g. SY.txt) into your gazetteer layer")
    p.add_argument("file")
    p.add_argument("--min-population", type=int, default=0, help="skip populated places smaller than this")
    p.set_defaults(func=cmd_import_geonames)


__all__ = ["add_parser", "GazetteerError"]
