"""Read what the control timeline and the map are built from, beyond the gazetteer.

The extraction folder's ``control_changes.csv``, the district polygons and the map's
colours are read here; ``events.geojson`` is read by
:func:`mapper.render.jsonio.load_events`, places and their hierarchy by
:func:`gazetteer.places.load_gazetteer` and baseline control by
:func:`gazetteer.baseline.load_baseline`.  Each reader returns plain records or
frames and raises :class:`~mapper.errors.InputError` /
:class:`~mapper.errors.RenderError` naming the file and the fix, so later stages
never deal with missing columns.
"""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from mapper.errors import InputError, RenderError
from mapper.extract.output import CONTROL_HEADER
from mapper.records import ControlChange


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


def read_control_changes(path: Path) -> list[ControlChange]:
    """Read ``control_changes.csv`` written by the extractor.

    Parameters
    ----------
    path
        The CSV file; a missing file means "no reported changes" and gives ``[]``.

    Returns
    -------
    list of ControlChange
        In file order.
    """
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CONTROL_HEADER if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing columns {missing}; re-run `mapper extract`")
        rows = []
        for n, row in enumerate(reader, start=2):
            where = f"{path}:{n}"
            rows.append(ControlChange(
                date=_parse_date(row["date"], where), place_id=row["place_id"],
                place=row["place"], from_=row["from"], to=row["to"], kind=row["kind"],
                certainty=row["certainty"], article=row["article"], sentence=row["sentence"],
                start=int(row["start"] or 0), end=int(row["end"] or 0),
                in_comments=str(row.get("in_comments", "")).lower() == "true"))
    return rows


def load_shapes(path: Path | str | None = None):
    """District polygons as a GeoDataFrame (``place_id, name, geometry``, EPSG:4326).

    Parameters
    ----------
    path
        A GeoJSON file; by default the gazetteer's district shapes.
    """
    import geopandas as gpd

    if path is None:
        from gazetteer.shapes import load_district_shapes

        return load_district_shapes()
    path = Path(path)
    if not path.exists():
        raise RenderError(f"{path}: no district polygons; build them with the gazetteer "
                          "shapes step or pass a GeoJSON of districts with a place_id property")
    gdf = gpd.read_file(path)
    if "place_id" not in gdf.columns:
        raise RenderError(f"{path}: district polygons need a 'place_id' property")
    return gdf.to_crs(4326) if gdf.crs and gdf.crs.to_epsg() != 4326 else gdf

