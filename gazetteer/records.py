"""Immutable records of the gazetteer: a place and a name match."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Kinds of place, from the smallest to the widest.  Order is used to pick the
#: most specific place an event can be tied to.
KINDS: tuple[str, ...] = (
    "landmark",
    "old_city_quarter",
    "district",
    "military_base",
    "mountain",
    "road",
    "village",
    "town",
    "area",
    "city",
    "province",
    "country",
)

#: Controllers a district can have on a day.
CONTROLLERS: tuple[str, ...] = (
    "regime",
    "rebel",
    "kurdish",
    "isis",
    "turkish_backed_rebel",
    "contested",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer.

    Attributes
    ----------
    id : str
        Stable identifier (lower-case ASCII, underscores), never reused.
    name : str
        Preferred English name.
    kind : str
        One of :data:`KINDS`.
    parent : str
        Id of the enclosing place ("" for a country).
    lat, lon : float or None
        WGS84 coordinates; None where the place could not be located.
    name_ar : str
        Arabic name, "" where unknown.
    aliases : tuple of str
        Other spellings, English and Arabic.
    coord_source : str
        Where the coordinate comes from (a citation, or "derived: ...").
    coord_confidence : str
        ``high``, ``medium`` or ``low``.
    on_map : bool
        False for places abroad: recognised so they are not mistaken for
        Syrian ones, but never drawn.
    ambiguous_with : tuple of str
        Ids of other places that share a folded alias with this one, on purpose.
    note : str
        Free text for reviewers.
    """

    id: str
    name: str
    kind: str
    parent: str
    lat: float | None
    lon: float | None
    name_ar: str = ""
    aliases: tuple[str, ...] = ()
    coord_source: str = ""
    coord_confidence: str = ""
    on_map: bool = True
    ambiguous_with: tuple[str, ...] = ()
    note: str = ""
    layer: str = field(default="shipped", compare=False)

    @property
    def has_coords(self) -> bool:
        """Whether the place has a coordinate."""
        return self.lat is not None and self.lon is not None

    @property
    def rank(self) -> int:
        """Specificity rank: smaller is more specific (see :data:`KINDS`)."""
        return KINDS.index(self.kind) if self.kind in KINDS else len(KINDS)


@dataclass(frozen=True, slots=True)
class Match:
    """The answer to a name lookup.

    Attributes
    ----------
    place : Place
        The place found.
    alias : str
        The spelling (name or alias) whose folded form matched.
    score : float
        1.0 for an exact spelling, lower for folded or skeleton matches.
    rule : str
        How it matched: ``exact``, ``folded``, ``skeleton`` or a context rule.
    """

    place: Place
    alias: str
    score: float
    rule: str
