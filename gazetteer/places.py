"""The gazetteer: places, their hierarchy and name lookup.

Places are read from ``gazetteer/data/places.csv`` and, layered over them, the
user's ``places.csv`` (see :mod:`gazetteer.paths`).  A user row with a new id
adds a place; a row with a shipped id replaces it.

Lookup of a single name (:meth:`Gazetteer.find`) tries, in order:

1. ``exact``: the spelling is a name or alias, ignoring case (score 1.0);
2. ``folded``: the folded forms agree, articles ignored (score 0.9);
3. ``skeleton``: the consonant skeletons agree, for names of three or more
   consonants (score 0.75).

Running text is tagged by :class:`gazetteer.matcher.PlaceTagger`, which uses the
folded keys only.
"""

from __future__ import annotations

import csv
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from gazetteer.normalize import fold, skeleton, strip_articles
from gazetteer.paths import shipped_file, user_file
from gazetteer.records import KINDS, Match, Place
from mapper.errors import GazetteerError, PlaceNotFound

log = logging.getLogger("gazetteer")

COLUMNS = (
    "id", "name", "kind", "parent", "lat", "lon", "name_ar", "aliases",
    "coord_source", "coord_confidence", "on_map", "ambiguous_with", "note",
)
REQUIRED = ("id", "name", "kind", "parent", "lat", "lon")
#: Kinds that tile the city and carry a controller.
NEIGHBOURHOOD_KINDS = ("district", "old_city_quarter")
CITY_ID = "aleppo_city"

_MIN_SKELETON = 3


def _parse_coord(value: str, low: float, high: float, name: str) -> float | None:
    if value.strip() == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number (decimal degrees, e.g. 36.2)") from None
    if not (low <= number <= high) or math.isnan(number):
        raise ValueError(f"{name} {value} is outside {low}..{high}")
    return number


def _split(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split("|") if a.strip())


def _row_to_place(row: dict[str, str], layer: str) -> Place:
    kind = row["kind"].strip()
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    pid = row["id"].strip()
    if not pid:
        raise ValueError("empty id")
    return Place(
        id=pid,
        name=row["name"].strip(),
        kind=kind,
        parent=(row.get("parent") or "").strip(),
        lat=_parse_coord(row["lat"], -90, 90, "lat"),
        lon=_parse_coord(row["lon"], -180, 180, "lon"),
        name_ar=(row.get("name_ar") or "").strip(),
        aliases=_split(row.get("aliases", "")),
        coord_source=(row.get("coord_source") or "").strip(),
        coord_confidence=(row.get("coord_confidence") or "").strip(),
        on_map=(row.get("on_map") or "true").strip().lower() not in ("false", "0", "no"),
        ambiguous_with=_split(row.get("ambiguous_with", "")),
        note=(row.get("note") or "").strip(),
        layer=layer,
    )


def read_places(path: Path, layer: str = "shipped") -> list[Place]:
    """Read a places CSV file.

    A row that cannot be parsed is skipped with a warning naming the file and
    line; a file without the required columns raises.

    Raises
    ------
    GazetteerError
        If the file cannot be read or lacks required columns.
    """
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(
                    f"{path}: missing column(s) {', '.join(missing)}; "
                    f"a places file needs {', '.join(REQUIRED)}"
                )
            places = []
            for row in reader:
                try:
                    places.append(_row_to_place(row, layer))
                except (ValueError, KeyError, TypeError) as exc:
                    log.warning("%s:%d: skipped place row: %s", path, reader.line_num, exc)
            return places
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{path}: cannot read places file: {exc}") from exc


@cache
def guard_words() -> frozenset[str]:
    """Folded single words that never stand alone for a place (``data/guard_words.txt``)."""
    words = set()
    with open(shipped_file("guard_words.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(fold(line))
    return frozenset(words)


def is_guarded(name: str) -> bool:
    """Whether ``name`` is a bare plain word (no article) that must not be read as a place."""
    folded = fold(name)
    return " " not in folded and folded in guard_words()


class Gazetteer:
    """Places with their hierarchy and name indexes.

    Parameters
    ----------
    places : iterable of Place
        Later places replace earlier ones with the same id (user layers last).
    """

    def __init__(self, places: Iterable[Place]) -> None:
        by_id: dict[str, Place] = {}
        for place in places:
            by_id[place.id] = place
        self._by_id = by_id
        self._ancestor_cache: dict[str, frozenset[str]] = {}
        self._children: dict[str, list[str]] = defaultdict(list)
        for place in by_id.values():
            if place.parent:
                self._children[place.parent].append(place.id)
        self._exact: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._folded: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._skeleton: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for place in by_id.values():
            for spelling in self.spellings(place):
                self._index(place.id, spelling)

    # -- indexes ---------------------------------------------------------
    @staticmethod
    def spellings(place: Place) -> tuple[str, ...]:
        """The name, Arabic name and aliases of a place, without duplicates."""
        seen: dict[str, None] = {}
        for s in (place.name, place.name_ar, *place.aliases):
            if s:
                seen.setdefault(s, None)
        return tuple(seen)

    def _index(self, pid: str, spelling: str) -> None:
        entry = (pid, spelling)
        self._exact[spelling.casefold()].append(entry)
        folded = strip_articles(fold(spelling))
        if folded:
            self._folded[folded].append(entry)
            skel = skeleton(folded)
            if len(skel) >= _MIN_SKELETON:
                self._skeleton[skel].append(entry)

    # -- access ----------------------------------------------------------
    @property
    def places(self) -> tuple[Place, ...]:
        """All places, sorted by id."""
        return tuple(self._by_id[k] for k in sorted(self._by_id))

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, pid: object) -> bool:
        return pid in self._by_id

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def get(self, pid: str) -> Place:
        """The place with this id.

        Raises
        ------
        PlaceNotFound
            If no place has this id.
        """
        try:
            return self._by_id[pid]
        except KeyError:
            raise PlaceNotFound(pid, "not a place id; try `mapper gazetteer find`") from None

    # -- hierarchy -------------------------------------------------------
    def children(self, pid: str) -> list[Place]:
        """Places whose parent is ``pid``, sorted by id."""
        return [self._by_id[c] for c in sorted(self._children.get(pid, ()))]

    def ancestors(self, pid: str) -> list[Place]:
        """Enclosing places of ``pid``, nearest first (cycles are cut)."""
        out: list[Place] = []
        seen = {pid}
        parent = self.get(pid).parent
        while parent and parent not in seen and parent in self._by_id:
            seen.add(parent)
            out.append(self._by_id[parent])
            parent = self._by_id[parent].parent
        return out

    def ancestor_ids(self, pid: str) -> frozenset[str]:
        """Ids of the places enclosing ``pid`` (cached: called in inner loops)."""
        found = self._ancestor_cache.get(pid)
        if found is None:
            found = frozenset(a.id for a in self.ancestors(pid))
            self._ancestor_cache[pid] = found
        return found

    def is_within(self, pid: str, area_id: str) -> bool:
        """Whether ``pid`` is ``area_id`` or lies inside it."""
        return pid == area_id or area_id in self.ancestor_ids(pid)

    def descendants(self, pid: str, kinds: Iterable[str] | None = None) -> list[Place]:
        """All places below ``pid`` (optionally only of some kinds), sorted by id."""
        wanted = set(kinds) if kinds is not None else None
        out: list[Place] = []
        stack = [pid]
        seen = {pid}
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child in seen:
                    continue
                seen.add(child)
                stack.append(child)
                place = self._by_id[child]
                if wanted is None or place.kind in wanted:
                    out.append(place)
        return sorted(out, key=lambda p: p.id)

    def expand(self, pid: str) -> list[Place]:
        """The neighbourhoods a statement about ``pid`` covers.

        A neighbourhood expands to itself; an area ("the Old City", "east
        Aleppo", the city) to every district and quarter inside it.
        """
        place = self.get(pid)
        if place.kind in NEIGHBOURHOOD_KINDS:
            return [place]
        return self.descendants(pid, NEIGHBOURHOOD_KINDS)

    def districts(self) -> list[Place]:
        """Every neighbourhood (district or Old City quarter) of Aleppo city."""
        return self.expand(CITY_ID) if CITY_ID in self._by_id else []

    # -- lookup ----------------------------------------------------------
    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Match]:
        """Places whose spelling matches ``name``, best first.

        Parameters
        ----------
        name : str
            Any spelling, English or Arabic.
        kinds : iterable of str, optional
            Keep only places of these kinds.

        Returns
        -------
        list of Match
            Empty when nothing matches.
        """
        wanted = set(kinds) if kinds is not None else None
        if is_guarded(name):
            return []
        folded = strip_articles(fold(name))
        tiers = (
            ("exact", 1.0, self._exact.get(name.strip().casefold(), [])),
            ("folded", 0.9, self._folded.get(folded, []) if folded else []),
        )
        skel = skeleton(folded) if folded else ""
        if len(skel) >= _MIN_SKELETON:
            tiers += (("skeleton", 0.75, self._skeleton.get(skel, [])),)
        best: dict[str, Match] = {}
        for rule, score, entries in tiers:
            for pid, alias in entries:
                place = self._by_id[pid]
                if pid in best or (wanted is not None and place.kind not in wanted):
                    continue
                best[pid] = Match(place, alias, score, rule)
        return sorted(best.values(), key=self._match_order)

    @staticmethod
    def _match_order(m: Match) -> tuple:
        # Higher score first; then the place whose own name matched; then the
        # more specific kind; then id for a stable order.
        return (-m.score, m.alias != m.place.name, m.place.rank, m.place.id)

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> Match:
        """The best match for ``name``.

        Raises
        ------
        PlaceNotFound
            If nothing matches.
        """
        matches = self.find(name, kinds)
        if not matches:
            raise PlaceNotFound(name, "add it as an alias in places.csv or import GeoNames")
        return matches[0]

    def collisions(self) -> dict[str, list[str]]:
        """Folded spellings shared by places not marked ``ambiguous_with`` each other."""
        out: dict[str, list[str]] = {}
        for key, entries in self._folded.items():
            ids = sorted({pid for pid, _ in entries})
            if len(ids) < 2:
                continue
            unmarked = [
                a for a in ids
                if any(b != a and b not in self._by_id[a].ambiguous_with
                       and a not in self._by_id[b].ambiguous_with for b in ids)
            ]
            if unmarked:
                out[key] = ids
        return out

    def to_geodataframe(self, places: Iterable[Place] | None = None):
        """Places with coordinates as a GeoDataFrame (EPSG:4326, points)."""
        import geopandas as gpd
        from shapely.geometry import Point

        rows = [p for p in (places if places is not None else self.places) if p.has_coords]
        return gpd.GeoDataFrame(
            {
                "id": [p.id for p in rows],
                "name": [p.name for p in rows],
                "kind": [p.kind for p in rows],
                "parent": [p.parent for p in rows],
                "name_ar": [p.name_ar for p in rows],
                "aliases": ["|".join(p.aliases) for p in rows],
                "coord_source": [p.coord_source for p in rows],
                "on_map": [p.on_map for p in rows],
            },
            geometry=[Point(lonlat(p)) for p in rows],
            crs="EPSG:4326",
        )


def lonlat(place: Place) -> tuple[float, float]:
    """The one conversion point from a place to GeoJSON/shapely order (lon, lat)."""
    if not place.has_coords:
        raise GazetteerError(f"place {place.id} has no coordinates")
    return (place.lon, place.lat)  # type: ignore[return-value]


def load_gazetteer(extra: Iterable[str | Path] = (), *, user_layer: bool = True) -> Gazetteer:
    """Load the shipped places, the user's layer and any extra files.

    Parameters
    ----------
    extra : iterable of path
        Further places files, applied last.
    user_layer : bool
        Whether to apply the user's ``places.csv`` when it exists.
    """
    files = [shipped_file("places.csv")]
    if user_layer and user_file("places.csv").exists():
        files.append(user_file("places.csv"))
    files.extend(Path(p) for p in extra)
    return _load(tuple(str(f) for f in files))


@cache
def _load(files: tuple[str, ...]) -> Gazetteer:
    places: list[Place] = []
    for i, f in enumerate(files):
        places.extend(read_places(Path(f), layer="shipped" if i == 0 else "user"))
    return Gazetteer(places)


def clear_cache() -> None:
    """Forget loaded gazetteers (after an import changed the user layer)."""
    _load.cache_clear()
