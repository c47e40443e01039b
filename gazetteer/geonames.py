"""Import a GeoNames dump into the user's gazetteer layer.

GeoNames publishes one tab-separated file per country (``SY.txt`` in
https://download.geonames.org/export/dump/SY.zip), 19 columns a row.  This
module streams such a file, keeps the kinds of place war reports name
(populated places, governorates, mountains, military sites, roads; the mapping
is data in ``gazetteer/data/geonames_codes.toml``), skips places the shipped
gazetteer already has, and merges the rest into ``user_file("places.csv")``,
which the gazetteer loader layers over the shipped places.

Usage
-----
>>> from gazetteer.geonames import import_geonames      # doctest: +SKIP
>>> summary = import_geonames("SY.txt", country="SY")   # doctest: +SKIP
>>> print(summary.describe())                           # doctest: +SKIP
imported 8 places from SY.txt into .../places.csv (8 new, 0 updated); ...

Each imported place gets the id ``gn_<geonameid>``, its names (Latin and
Arabic script) as aliases and ``GeoNames <geonameid>`` as coordinate source.
Re-importing the same file rewrites a byte-identical file.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from gazetteer.normalize import fold, strip_articles
from gazetteer.paths import shipped_file, user_file
from gazetteer.records import KINDS, Place
from mapper.atomic import atomic_write_text
from mapper.errors import GazetteerError

logger = logging.getLogger("gazetteer.geonames")

#: Columns of ``places.csv`` (shipped and user layer alike), in file order.
PLACE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "parent",
    "lat",
    "lon",
    "name_ar",
    "aliases",
    "coord_source",
    "coord_confidence",
    "on_map",
    "ambiguous_with",
    "note",
)

#: Number of tab-separated columns in a GeoNames ``geoname`` table row.
GEONAMES_COLUMNS = 19

#: Two places with the same folded name closer than this are one place.
DUPLICATE_KM = 2.0

#: At most this many warnings are kept on the summary (all are logged).
MAX_WARNINGS = 100

_ARTICLES = frozenset(
    "al el il ul ad ed ar er as es ash esh at et az ez an en ath adh dh sh".split()
)
_APOSTROPHES = re.compile("['’‘ʼʻʿʾ`´]")
_NON_WORD = re.compile(r"[\W_]+")


@cache
def load_codes() -> dict[str, Any]:
    """Read ``geonames_codes.toml`` (kinds, admin1 codes, countries), once."""
    path = shipped_file("geonames_codes.toml")
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read the code table ({exc})") from exc


def fold_key(text: str) -> str:
    """Fold a name for duplicate detection: the gazetteer's own fold, articles dropped.

    "Al Bāb", "al-Bab" and "El Bab" all give the same key.
    """
    return strip_articles(fold(text))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did.

    Attributes
    ----------
    source, output : Path
        The GeoNames file read and the user ``places.csv`` written.
    rows : int
        Data lines read.
    added, updated : int
        Places new to the user file, and ``gn_`` places it already had.
    duplicates : int
        Rows skipped because the shipped gazetteer has the place.
    filtered : int
        Rows skipped for their feature code, country or population.
    bad_rows : int
        Malformed rows skipped (each one warned about with file:line).
    removed : int
        ``gn_`` places of the user file dropped because the shipped gazetteer now has them.
    warnings : tuple of str
        The first :data:`MAX_WARNINGS` warnings.
    hints : tuple of str
        Shipped places without a coordinate that GeoNames could locate.
    """

    source: Path
    output: Path
    rows: int
    added: int
    updated: int
    duplicates: int
    filtered: int
    bad_rows: int
    removed: int = 0
    warnings: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the CLI."""
        return (
            f"imported {self.added + self.updated} places from {self.source.name} into "
            f"{self.output} ({self.added} new, {self.updated} updated); skipped "
            f"{self.duplicates} already in the shipped gazetteer, {self.filtered} of other "
            f"kinds/countries, {self.bad_rows} malformed rows"
            + (f"; removed {self.removed} now shipped" if self.removed else "")
        )


@dataclass(frozen=True, slots=True)
class _Row:
    """The fields of a GeoNames row this module uses."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature: str  # "P.PPL"
    country: str
    admin1: str
    population: int


class _BadRow(ValueError):
    """A row that cannot be parsed; the message says why."""


def import_geonames(
    path: str | os.PathLike[str],
    *,
    country: str | None = None,
    min_population: int = 0,
    output: str | os.PathLike[str] | None = None,
    shipped: str | os.PathLike[str] | None = None,
) -> ImportSummary:
    """Import a GeoNames dump into the user layer.

    Parameters
    ----------
    path
        A GeoNames ``geoname`` table file (``SY.txt``, ``cities500.txt``, ...),
        UTF-8, 19 tab-separated columns, read line by line.
    country
        Keep only rows of this ISO country code (e.g. ``"SY"``); all when None.
    min_population
        Populated places (class P) below this population are skipped.
    output
        The user ``places.csv`` to merge into; ``user_file("places.csv")`` by default.
    shipped
        The places file whose places are not imported again; the shipped
        ``gazetteer/data/places.csv`` by default.

    Returns
    -------
    ImportSummary

    Raises
    ------
    GazetteerError
        When the dump or the existing user file cannot be read.
    OutputError
        When the user file cannot be written.
    """
    source = Path(path)
    out = Path(output) if output is not None else user_file("places.csv")
    codes = load_codes()
    shipped_index = _ShippedIndex.load(Path(shipped) if shipped else shipped_file("places.csv"))
    state = _ImportState(source)
    existing = read_user_places(out)  # before streaming: a bad user file fails fast
    kept: dict[str, Place] = {}
    stale: set[str] = set()
    kinds = frozenset(codes["geonames"]["kinds"])
    country = country.upper() if country else None
    for lineno, line in _iter_lines(source):
        state.rows += 1
        try:
            row = _parse(line, kinds, country)
        except _BadRow as exc:
            state.warn(f"{source}:{lineno}: {exc}; row skipped")
            continue
        if row is None or (row.feature.startswith("P.") and row.population < min_population):
            state.filtered += 1
            continue
        place = _to_place(row, codes)
        duplicate, namesakes = shipped_index.match(row, place, state)
        if duplicate:
            state.duplicates += 1
            # An earlier import may have added it before the shipped data had it.
            stale.add(place.id)
            continue
        kept[place.id] = replace(place, ambiguous_with=namesakes)
    state.removed = len(stale & existing.keys())
    existing = {pid: row for pid, row in existing.items() if pid not in stale}
    _fix_parents(kept, existing, shipped_index.ids)
    state.added = sum(1 for pid in kept if pid not in existing)
    write_user_places(out, {**existing, **{pid: place_row(p) for pid, p in kept.items()}})
    summary = state.summary(out, updated=len(kept) - state.added)
    logger.info("%s", summary.describe())
    return summary


class _ImportState:
    """Counters and warnings collected while streaming a dump."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.rows = self.added = self.duplicates = self.filtered = self.bad_rows = 0
        self.removed = 0
        self.warnings: list[str] = []
        self.hints: list[str] = []

    def warn(self, message: str) -> None:
        self.bad_rows += 1
        logger.warning("%s", message)
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def hint(self, message: str) -> None:
        logger.info("%s", message)
        if len(self.hints) < MAX_WARNINGS:
            self.hints.append(message)

    def summary(self, output: Path, updated: int) -> ImportSummary:
        return ImportSummary(
            source=self.source,
            output=output,
            rows=self.rows,
            added=self.added,
            updated=updated,
            duplicates=self.duplicates,
            filtered=self.filtered,
            bad_rows=self.bad_rows,
            removed=self.removed,
            warnings=tuple(self.warnings),
            hints=tuple(self.hints),
        )


def _iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Yield (line number, raw line) of the non-empty, non-comment lines.

    Lines are read as bytes so that a stray non-UTF-8 byte costs one row
    (with its line number), not the whole import.
    """
    try:
        with open(path, "rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise GazetteerError(
                    f"{path}: is a zip archive; unzip it and import the .txt inside (e.g. SY.txt)"
                )
            fh.seek(0)
            for lineno, line in enumerate(fh, start=1):
                line = line.rstrip(b"\r\n")
                if line and not line.startswith(b"#"):
                    yield lineno, line
    except OSError as exc:
        raise GazetteerError(
            f"{path}: cannot read the GeoNames file ({exc.strerror or exc}); "
            "check the path (e.g. SY.txt unzipped from download.geonames.org/export/dump/SY.zip)"
        ) from exc


def _parse(line: bytes, kinds: frozenset[str], country: str | None) -> _Row | None:
    """Turn one GeoNames line (19 tab-separated fields) into a :class:`_Row`.

    Returns None, before reading any number, for a feature code not in
    ``kinds`` or a country other than ``country``: most rows of a dump are
    streams, wells and farms, and are skipped cheaply.
    """
    try:
        fields = line.decode("utf-8").split("\t")
    except UnicodeDecodeError as exc:
        raise _BadRow(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if len(fields) != GEONAMES_COLUMNS:
        raise _BadRow(f"{len(fields)} columns, expected {GEONAMES_COLUMNS}")
    feature = f"{fields[6]}.{fields[7]}"
    if feature not in kinds or (country is not None and fields[8].strip().upper() != country):
        return None
    try:
        geonameid = int(fields[0])
        lat, lon = float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
    except ValueError as exc:
        raise _BadRow(f"bad number ({exc})") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _BadRow(f"coordinate out of range ({lat}, {lon})")
    if not fields[1].strip():
        raise _BadRow("empty name")
    return _Row(
        geonameid=geonameid,
        name=fields[1].strip(),
        asciiname=fields[2].strip(),
        alternatenames=tuple(a for a in fields[3].split(",") if a),
        lat=lat,
        lon=lon,
        feature=feature,
        country=fields[8].strip().upper(),
        admin1=fields[10].strip(),
        population=population,
    )


def _to_place(row: _Row, codes: dict[str, Any]) -> Place:
    """Build our place record from a GeoNames row."""
    # The ASCII name reads like the shipped English names; the accented one is kept as alias.
    name = row.asciiname or row.name
    aliases = clean_aliases((row.name, *row.alternatenames), exclude=name)
    name_ar = next((a for a in aliases if _script(a) == "arabic"), "")
    klass = row.feature.split(".")[0]
    note = f"GeoNames feature {row.feature}"
    if row.population:
        note += f", population {row.population}"
    return Place(
        id=f"gn_{row.geonameid}",
        name=name,
        kind=_kind(row, codes),
        parent=_parent(row, codes),
        lat=round(row.lat, 5),
        lon=round(row.lon, 5),
        name_ar=name_ar,
        aliases=aliases,
        coord_source=f"GeoNames {row.geonameid}",
        coord_confidence=codes["geonames"]["confidence"].get(klass, "medium"),
        on_map=row.country == "SY",
        note=note,
        layer="user",
    )


def _kind(row: _Row, codes: dict[str, Any]) -> str:
    """Our kind for a row, promoting large populated places."""
    kind = codes["geonames"]["kinds"][row.feature]
    if row.feature.startswith("P.") and row.feature != "P.PPLX":
        thresholds = sorted(codes["geonames"]["promote"].items(), key=lambda kv: -kv[1])
        for bigger, threshold in thresholds:
            # Promotion only ever widens: a PPLA "city" stays a city.
            if row.population >= threshold and KINDS.index(bigger) > KINDS.index(kind):
                return bigger
    return kind


def _parent(row: _Row, codes: dict[str, Any]) -> str:
    """Guess the enclosing place: Aleppo city, the governorate or the country."""
    country_id = codes["countries"].get(row.country, "")
    if row.feature == "A.ADM1":
        return country_id
    if row.country != "SY":
        return country_id
    if not row.feature.startswith("A.") and in_aleppo_city(row.lat, row.lon):
        return codes["aleppo_city"]["id"]
    return codes["admin1"].get("SY", {}).get(row.admin1, country_id)


def in_aleppo_city(lat: float, lon: float) -> bool:
    """Whether a point lies in the Aleppo city box of the code table."""
    south, west, north, east = load_codes()["aleppo_city"]["bbox"]
    return south <= lat <= north and west <= lon <= east


def _script(text: str) -> str:
    """``latin``, ``arabic`` or ``other``: the script of a name's letters."""
    scripts = {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}
    if scripts == {"ARABIC"}:
        return "arabic"
    if scripts <= {"LATIN"}:
        return "latin"
    return "other"


def clean_aliases(names: Iterable[str], *, exclude: str = "") -> tuple[str, ...]:
    """Keep the usable spellings among GeoNames alternate names.

    Drops URLs, codes (digits, short all-caps such as airport codes), names in
    scripts other than Latin and Arabic (they never occur in English or Arabic
    reports) and repeats; keeps the first-seen order.
    """
    seen = {exclude.casefold()}
    kept = []
    for raw in names:
        name = " ".join(raw.replace("|", " ").split())
        if len(name) < 2 or name.casefold() in seen:
            continue
        if "://" in name or name.lower().startswith("www.") or any(c.isdigit() for c in name):
            continue
        if name.isascii() and name.isupper() and len(name) <= 5:
            continue
        if _script(name) == "other":
            continue
        seen.add(name.casefold())
        kept.append(name)
    return tuple(kept)


class _ShippedIndex:
    """Shipped places by folded name, to spot GeoNames rows we already have."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.ids = frozenset(r["id"] for r in rows)
        self.by_key: dict[str, list[dict[str, str]]] = {}
        for r in rows:
            names = [r["name"], r.get("name_ar", ""), *r.get("aliases", "").split("|")]
            for key in {fold_key(n) for n in names if n}:
                if key:
                    self.by_key.setdefault(key, []).append(r)

    @classmethod
    def load(cls, path: Path) -> _ShippedIndex:
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                return cls(list(csv.DictReader(fh)))
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read the shipped places ({exc})") from exc

    def match(self, row: _Row, place: Place, state: _ImportState) -> tuple[bool, tuple[str, ...]]:
        """Whether the shipped gazetteer already has this place, and its namesakes.

        Namesakes are shipped places with the same folded name farther than
        :data:`DUPLICATE_KM` away; they go into ``ambiguous_with``.
        """
        if row.feature == "A.ADM1" and row.country == "SY":
            # A governorate we ship is known by its admin1 code, whatever its spelling.
            return load_codes()["admin1"]["SY"].get(row.admin1, "") in self.ids, ()
        namesakes = set()
        for key in sorted({fold_key(n) for n in (place.name, *place.aliases)}):
            for r in self.by_key.get(key, ()):
                if self._same(place, r, state):
                    return True, ()
                namesakes.add(r["id"])
        return False, tuple(sorted(namesakes))

    @staticmethod
    def _same(place: Place, r: dict[str, str], state: _ImportState) -> bool:
        if r["lat"] and r["lon"] and place.lat is not None and place.lon is not None:
            km = distance_km(place.lat, place.lon, float(r["lat"]), float(r["lon"]))
            return km <= DUPLICATE_KM
        if not r["lat"] and r["parent"] == place.parent:
            state.hint(
                f"shipped place {r['id']} has no coordinate; {place.coord_source} "
                f"({place.name}) gives {place.lat}, {place.lon}"
            )
            return True
        return False


def _fix_parents(
    kept: dict[str, Place], existing: dict[str, dict[str, str]], shipped_ids: frozenset[str]
) -> None:
    """Point places whose governorate row was not imported at the country instead."""
    known = shipped_ids | kept.keys() | existing.keys()
    for pid, place in kept.items():
        if place.parent and place.parent not in known:
            fallback = "syria" if place.on_map else ""
            kept[pid] = replace(place, parent=fallback)


def place_row(place: Place) -> dict[str, str]:
    """The ``places.csv`` row of a place (coordinates to 5 decimals, ~1 m)."""
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "parent": place.parent,
        "lat": "" if place.lat is None else f"{place.lat:.5f}",
        "lon": "" if place.lon is None else f"{place.lon:.5f}",
        "name_ar": place.name_ar,
        "aliases": "|".join(place.aliases),
        "coord_source": place.coord_source,
        "coord_confidence": place.coord_confidence,
        "on_map": "true" if place.on_map else "false",
        "ambiguous_with": "|".join(place.ambiguous_with),
        "note": place.note,
    }


def read_user_places(path: Path) -> dict[str, dict[str, str]]:
    """Rows of an existing user ``places.csv`` by id ({} when there is none)."""
    if not path.exists():
        return {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in PLACE_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(
                    f"{path}: missing columns {', '.join(missing)}; the user places file "
                    f"needs the header {','.join(PLACE_COLUMNS)} (or delete it to start afresh)"
                )
            return {row["id"]: {c: row[c] or "" for c in PLACE_COLUMNS} for row in reader}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{path}: cannot read the user places file ({exc})") from exc


def write_user_places(path: Path, rows: dict[str, dict[str, str]]) -> None:
    """Write user places sorted by id to ``path`` atomically."""
    write_csv_atomic(path, PLACE_COLUMNS, (rows[pid] for pid in sorted(rows)))


def write_csv_atomic(path: Path, columns: Iterable[str], rows: Iterable[dict[str, str]]) -> None:
    """Write a CSV (``\n`` line ends) so that a reader never sees it half-written."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(path, buf.getvalue())


def merge_user_places(places: Iterable[Place], path: Path | None = None) -> Path:
    """Add or replace places (e.g. geocoder answers) in the user ``places.csv``.

    Returns the path written.
    """
    out = path if path is not None else user_file("places.csv")
    rows = read_user_places(out)
    rows.update({p.id: place_row(p) for p in places})
    write_user_places(out, rows)
    return out
