"""Choose one place for a name that several places share, from its context.

al-Bab the town or Bab al-Nairab the district; Aleppo the city or the province;
the Old City of Aleppo or of al-Bab.  The caller passes the hits of one context
(a live-blog entry, a paragraph); the other names in it decide.  Rules, in order
(the first that separates the candidates wins, and is recorded):

``unique``       only one place has that spelling;
``kind-word``    a following word names the kind ("Idlib Province", "Aleppo city");
``containment``  a candidate inside, or containing, a place named unambiguously
                 nearby (the Old City when al-Bab is named in the same entry);
``proximity``    the candidate closest to the other places named nearby;
``prior``        the place whose own name was written, else the most specific kind.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import repeat
from operator import add, attrgetter
from typing import NamedTuple

from gazetteer.matcher import NameHit
from gazetteer.normalize import fold
from gazetteer.places import Gazetteer
from gazetteer.records import Place

_KIND_AFTER = {
    "province": ("province",),
    "governorate": ("province",),
    "countryside": ("province",),
    "city": ("city", "town"),
    "town": ("town", "city"),
    "village": ("village", "town"),
    "district": ("district", "old_city_quarter"),
    "neighbourhood": ("district", "old_city_quarter"),
    "neighborhood": ("district", "old_city_quarter"),
    "quarter": ("old_city_quarter", "district"),
}
_NEXT_WORD = re.compile(r"\W*(\w+)")


# A named tuple rather than a frozen dataclass: as immutable, and several times
# cheaper to build (one per name found).
class ResolvedHit(NamedTuple):
    """A name with the one place chosen for it.

    Attributes
    ----------
    start, end : int
        Span in the text.
    surface : str
        The text as written.
    place_id : str
        The chosen place.
    rule : str
        The rule that decided (see the module docstring).
    score : float
        1.0 for a unique name, lower the weaker the deciding rule.
    """

    start: int
    end: int
    surface: str
    place_id: str
    rule: str
    score: float


_RULE_SCORE = {"unique": 1.0, "kind-word": 0.95, "containment": 0.9, "proximity": 0.8, "prior": 0.6}


def resolve_hits(hits: Sequence[NameHit], gazetteer: Gazetteer, text: str = "") -> list[ResolvedHit]:
    """Resolve every hit of one context to a single place.

    Parameters
    ----------
    hits : sequence of NameHit
        The names found in one context (e.g. one entry), from
        :meth:`gazetteer.matcher.PlaceTagger.tag`.
    gazetteer : Gazetteer
    text : str, optional
        The text the hits were found in (offsets index it); enables the
        ``kind-word`` rule.

    Returns
    -------
    list of ResolvedHit
        One per hit, in the same order.

    Notes
    -----
    Two passes: names with one place, and names whose candidates nest (Aleppo
    the city inside Aleppo the province, decided by the kind word or the name
    written), are settled first; they are then the context for the rest.
    """
    picks: list[tuple[str, str, float] | None] = [
        (cands[0], "unique", 1.0) if len(cands) == 1 else None for cands in map(_CANDIDATES, hits)
    ]
    ambiguous = [i for i, pick in enumerate(picks) if pick is None]
    for i in ambiguous:
        hit = hits[i]
        if _nested(hit.candidates, gazetteer):
            cands = [gazetteer.get(c) for c in hit.candidates]
            by_kind = _by_kind_word(hit, cands, text)
            picks[i] = _pick(by_kind.id, "kind-word") if by_kind else _pick(_by_prior(hit, cands).id, "prior")
    settled = set(picks)  # one anchor per (place, rule) settled
    settled.discard(None)
    anchors = [gazetteer.get(c[0]) for c in settled]
    undecided = [i for i in ambiguous if picks[i] is None]
    if undecided:
        # Each anchor with the places around it, looked up once for all the hits.
        enclosing = [(a.id, gazetteer.ancestor_ids(a.id)) for a in anchors if a.kind != "country"]
        for i in undecided:
            hit = hits[i]
            cands = [gazetteer.get(c) for c in hit.candidates]
            picks[i] = _pick(*_choose(hit, cands, anchors, enclosing, gazetteer, text))
    # Built in C: (start, end, surface) + (place_id, rule, score) is the ResolvedHit's tuple.
    return list(map(_new_tuple, repeat(ResolvedHit), map(add, map(_SPAN_AND_SURFACE, hits), picks)))


_CANDIDATES = attrgetter("candidates")
_SPAN_AND_SURFACE = attrgetter("start", "end", "surface")
_new_tuple = tuple.__new__


def _pick(place_id: str, rule: str) -> tuple[str, str, float]:
    return place_id, rule, _RULE_SCORE[rule]


def _nested(candidates: Sequence[str], gaz: Gazetteer) -> bool:
    """Whether the candidates lie on one chain of enclosing places."""
    ids = list(candidates)
    return all(
        gaz.is_within(a, b) or gaz.is_within(b, a)
        for i, a in enumerate(ids) for b in ids[i + 1:]
    )


def _choose(
    hit: NameHit,
    cands: list[Place],
    anchors: list[Place],
    enclosing: list[tuple[str, frozenset[str]]],
    gaz: Gazetteer,
    text: str,
) -> tuple[str, str]:
    by_kind = _by_kind_word(hit, cands, text)
    if by_kind is not None:
        return by_kind.id, "kind-word"
    related = _by_containment(cands, enclosing, gaz)
    if related is not None:
        return related.id, "containment"
    near = _by_proximity(cands, anchors)
    if near is not None:
        return near.id, "proximity"
    return _by_prior(hit, cands).id, "prior"


def _by_kind_word(hit: NameHit, cands: list[Place], text: str) -> Place | None:
    if not text:
        return None
    m = _NEXT_WORD.match(text, hit.end)
    kinds = _KIND_AFTER.get(m.group(1).lower(), ()) if m else ()
    for kind in kinds:
        chosen = [c for c in cands if c.kind == kind]
        if len(chosen) == 1:
            return chosen[0]
    return None


def _by_containment(
    cands: list[Place], enclosing: list[tuple[str, frozenset[str]]], gaz: Gazetteer
) -> Place | None:
    """The one candidate inside, or around, the most anchors (``enclosing``: id and ancestors, countries left out)."""
    scores = []
    for cand in cands:
        inside = gaz.ancestor_ids(cand.id)
        scores.append(sum(1 for aid, around in enclosing if aid != cand.id and (aid in inside or cand.id in around)))
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return cands[scores.index(best)]
    return None


def _by_proximity(cands: list[Place], anchors: list[Place]) -> Place | None:
    points = [a for a in anchors if a.has_coords and a.on_map and a.kind != "country"]
    located = [c for c in cands if c.has_coords]
    if not points or len(located) < 2:
        return None
    dist = [min(_km(c, a) for a in points) for c in located]
    order = sorted(range(len(located)), key=dist.__getitem__)
    # Decide only when one candidate is clearly nearer.
    if dist[order[1]] - dist[order[0]] < 1.0:
        return None
    return located[order[0]]


def _by_prior(hit: NameHit, cands: list[Place]) -> Place:
    surface = fold(hit.surface)
    return min(cands, key=lambda c: (fold(c.name) != surface, c.rank, c.id))


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in km (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
