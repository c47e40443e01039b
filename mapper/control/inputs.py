"""Read what the control timeline and the map are built from.

Three kinds of input meet here: the extraction folder (``events.geojson``,
``control_changes.csv``), the gazetteer (places, baseline control) and the district
polygons.  Each reader returns plain records or frames and raises
:class:`~mapper.errors.InputError` / :class:`~mapper.errors.RenderError` naming the
file and the fix, so later stages never deal with missing columns.
"""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from mapper.errors import InputError, RenderError

CONTROL_COLUMNS = ("date", "place_id", "place", "from", "to", "kind", "certainty",
                   "article", "sentence", "start", "end")


@dataclass(frozen=True, slots=True)
class ControlReport:
    """A ``control_changes.csv`` row: a change of hands or an assertion of who holds a place."""

    date: date
    place_id: str
    place: str
    from_: str
    to: str
    kind: str
    certainty: str
    article: str
    sentence: str
    start: int
    end: int
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """What the map needs of a gazetteer place."""

    id: str
    name: str
    kind: str
    parent: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()
    on_map: bool = True


@cache
def styles() -> dict[str, Any]:
    """Colours and symbols from ``mapper/data/colors.toml`` (read once)."""
    text = (files("mapper") / "data" / "colors.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _parse_date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"{where}: bad date {value!r}; expected YYYY-MM-DD") from None


def read_control_changes(path: Path) -> list[ControlReport]:
    """Read ``control_changes.csv`` written by the extractor.

    Parameters
    ----------
    path
        The CSV file; a missing file means "no reported changes" and gives ``[]``.

    Returns
    -------
    list of ControlReport
        In file order.
    """
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CONTROL_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing columns {missing}; re-run `mapper extract`")
        rows = []
        for n, row in enumerate(reader, start=2):
            where = f"{path}:{n}"
            rows.append(ControlReport(
                date=_parse_date(row["date"], where), place_id=row["place_id"],
                place=row["place"], from_=row["from"], to=row["to"], kind=row["kind"],
                certainty=row["certainty"], article=row["article"], sentence=row["sentence"],
                start=int(row["start"] or 0), end=int(row["end"] or 0),
                in_comments=str(row.get("in_comments", "")).lower() == "true"))
    return rows


def read_events(path: Path) -> list[dict[str, Any]]:
    """Read ``events.geojson``: a list of features (``[]`` when the file is absent)."""
    if not path.exists():
        return []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not valid GeoJSON ({exc}); re-run `mapper extract`") from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list):
        raise InputError(f"{path}: no 'features' list; re-run `mapper extract`")
    return feats


def _gazetteer():
    try:
        from gazetteer.places import load_gazetteer
    except ImportError:  # the gazetteer package is being written; fall back to its CSV
        return None
    return load_gazetteer()


def _float(value: str) -> float | None:
    return float(value) if value and value.strip() else None


@cache
def load_places() -> dict[str, PlaceInfo]:
    """Every gazetteer place by id (from ``gazetteer.places`` or, failing that, its CSV)."""
    gaz = _gazetteer()
    if gaz is not None:
        return {p.id: PlaceInfo(p.id, p.name, p.kind, p.parent, p.lat, p.lon,
                                tuple(p.aliases), p.on_map) for p in gaz.places}
    from gazetteer.paths import shipped_file
    path = shipped_file("places.csv")
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["id"]] = PlaceInfo(
                row["id"], row["name"], row["kind"], row["parent"], _float(row["lat"]),
                _float(row["lon"]), tuple(a for a in row["aliases"].split("|") if a),
                row["on_map"].strip().lower() != "false")
    return out


def ancestors(place_id: str, places: dict[str, PlaceInfo]) -> list[str]:
    """Ids of the places enclosing ``place_id``, nearest first."""
    out, seen = [], {place_id}
    cur = places.get(place_id)
    while cur is not None and cur.parent and cur.parent not in seen:
        out.append(cur.parent)
        seen.add(cur.parent)
        cur = places.get(cur.parent)
    return out


DISTRICT_KINDS = ("district", "old_city_quarter")


def city_districts(places: dict[str, PlaceInfo]) -> list[str]:
    """Sorted ids of Aleppo city's districts and Old City quarters."""
    return sorted(p.id for p in places.values()
                  if p.kind in DISTRICT_KINDS and "aleppo_city" in ancestors(p.id, places))


def expand(place_id: str, places: dict[str, PlaceInfo]) -> list[str]:
    """Districts under ``place_id`` (itself when it is a district), sorted."""
    if place_id in places and places[place_id].kind in DISTRICT_KINDS:
        return [place_id]
    return sorted(d for d in city_districts(places) if place_id in ancestors(d, places))


def load_baseline(path: Path | None = None) -> dict[date, dict[str, tuple[str, str]]]:
    """Baseline snapshots: ``{date: {place_id: (controller, source)}}``.

    Uses the gazetteer's reader (which validates controllers and ids) when present.
    """
    try:
        from gazetteer.baseline import load_baseline as gaz_baseline
    except ImportError:
        gaz_baseline = None
    if gaz_baseline is not None:
        return gaz_baseline(path)
    if path is None:
        from gazetteer.paths import shipped_file
        path = shipped_file("baseline_control.csv")
    out: dict[date, dict[str, tuple[str, str]]] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            day = _parse_date(row["date"], f"{path}:{n}")
            out.setdefault(day, {})[row["place_id"]] = (row["controller"], row["source"])
    if not out:
        raise InputError(f"{path}: no baseline rows; the timeline needs a starting state")
    return out


def load_shapes(path: Path | str | None = None):
    """District polygons as a GeoDataFrame (``place_id, name, geometry``, EPSG:4326).

    Parameters
    ----------
    path
        A GeoJSON file; by default the gazetteer's district shapes.
    """
    import geopandas as gpd

    if path is None:
        try:
            from gazetteer.shapes import load_district_shapes
            return load_district_shapes()
        except ImportError:
            from gazetteer.paths import shipped_file
            path = shipped_file("districts.geojson")
    path = Path(path)
    if not path.exists():
        raise RenderError(f"{path}: no district polygons; build them with the gazetteer "
                          "shapes step or pass a GeoJSON of districts with a place_id property")
    gdf = gpd.read_file(path)
    if "place_id" not in gdf.columns:
        raise RenderError(f"{path}: district polygons need a 'place_id' property")
    return gdf.to_crs(4326) if gdf.crs and gdf.crs.to_epsg() != 4326 else gdf
