"""Where an event happened: the places of its sentence it is tied to, and how precisely.

:func:`event_places` picks, for one cue, the most specific places the
sentence ties to it (a district over its city over its province), so
"districts such as A, B and C" gives one place per district; a cue in a
", where" clause goes to that clause's places, else to the last place before
it.  Not a scene: a "Homs-based" source, a place people fled from or fired
from, the cause of a protest ("in solidarity with X").
:func:`geo_precision` gives ACLED's precision code of a place as the sentence
names it ("near X", a wide area).
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter
from typing import Any

from mapper.extract.context import LIST_GAP, PlaceRef, SentenceContext
from mapper.extract.control_lexicon import lower_pair, lowered
from mapper.extract.event_cues import EventCue, lacks, sentence_words
from mapper.extract.event_lexicon import event_lexicon
from mapper.extract.sides import clause_bounds

__all__ = ["event_places", "scene_candidates", "common_place", "geo_precision", "placed_cues"]

# Specificity buckets of place kinds: events go to the smallest bucket named.
_BUCKET = {
    "landmark": 0,
    "old_city_quarter": 0,
    "district": 0,
    "military_base": 1,
    "mountain": 1,
    "road": 1,
    "village": 1,
    "town": 1,
    "area": 2,
    "city": 3,
    "province": 4,
}
# Kinds a list names as scenes of their own beside more specific places (event_places).
_SETTLEMENTS = frozenset({"village", "town", "city"})
_NEAR_LOW, _NEAR = lower_pair(
    r"\b(?:near|nearby|outskirts of|around|close to|vicinity of|outside|(?:north|south|east|west)"
    r"(?:-?(?:east|west))? of|countryside of|edge of|approaches to)\s+(?:the\s+)?$"
)
# Every phrase of ``_NEAR`` ends with one of these words (before an optional "the"):
# a lead ending otherwise, as nearly all do ("in Aleppo"), needs no search.
_NEAR_ENDS = ("near", "nearby", "around", "outside", "of", "to", "the")
_NEAR_AFTER_LOW, _NEAR_AFTER = lower_pair(r"\s*(?:countryside|outskirts|province|region|area)\b")
# "since X" after these dates a state ("held by the SDF since August"), not the event.
_WIDE_AREA_SIZE = 30  # an area expanding to more neighbourhoods than this is "wide"



def scene_candidates(ctx: SentenceContext, gaz: Any) -> tuple[list[PlaceRef], list[PlaceRef]]:
    """The sentence's places an event may go to, and those of them that are scenes.

    The first are the mappable places that are not ancestors of another one
    named; the second leave out where people came from or why they gathered.
    """
    lex = event_lexicon()
    text = ctx.text
    refs = []
    for r in ctx.places:
        place = r.place
        if (
            place.on_map
            and place.has_coords
            and place.kind in _BUCKET
            and not lex.not_scene_after.match(text, r.end)
        ):
            refs.append(r)
    if len(refs) > 1:  # a place is never its own ancestor
        above: set[str] = set()
        for r in refs:
            above |= gaz.ancestor_ids(r.place.id)
        refs = [r for r in refs if r.place.id not in above]
    # Most sentences name no origin word at all: their words say so.
    if not refs or lacks(sentence_words(text), lex.origin_words):
        return refs, refs
    origin = lex.origin_before
    scenes, prev = [], None  # prev: the last origin place, to which a list may add more
    for r in sorted(refs, key=_by_start):
        if origin.search(text, max(0, r.start - 50), r.start) or (
            prev is not None and LIST_GAP.fullmatch(text, prev.end, r.start)
        ):
            prev = r  # "positioned in A and B": B is where they sit too
        else:
            scenes.append(r)
            prev = None
    return refs, scenes


def event_places(
    ctx: SentenceContext,
    cue: EventCue,
    gaz: Any,
    *,
    candidates: tuple[list[PlaceRef], list[PlaceRef]] | None = None,
    cues: list[EventCue] | tuple[EventCue, ...] = (),
) -> list[PlaceRef]:
    """The places a cue is tied to: the most specific ones of its clause, else of the sentence.

    ``candidates``, the sentence's :func:`scene_candidates`, saves reading them
    again for each cue of the sentence.  ``cues``, all the sentence's cues,
    share out the places of a clause they have in common (see :func:`_governed`).
    """
    refs, scenes = candidates if candidates is not None else scene_candidates(ctx, gaz)
    # A place people fled from is the scene only when nothing else is named;
    # the cause of a protest ("in solidarity with X") never is.
    refs = scenes if scenes or cue.event_type == "Protests" else refs
    if len(refs) < 2:
        return list(refs)  # its clause's or not, the one place there is
    lo, hi = clause_bounds(ctx.text, cue.start, cue.end)
    refs = [r for r in refs if lo <= r.start and r.end <= hi] or refs
    if len(refs) > 1 and "where" in ctx.text:
        refs = _where_places(ctx.text, cue, refs, lo, hi)
    if len(refs) > 1 and len(cues) > 1:
        refs = _governed(cue, refs, cues, lo, hi)
    if len(refs) == 1:
        return list(refs)
    best = min([_BUCKET[r.place.kind] for r in refs])
    ordered = sorted(refs, key=_by_start)
    keep = [_BUCKET[r.place.kind] == best for r in ordered]
    # A town or city listed with a kept place is a scene of its own, whatever its size
    # ("air strikes on Idlib and Kafr Nabl": the city and the town were both hit); a
    # vaguer area is not ("fighting for A and the eastern areas").
    # (A pass rightwards, then one leftwards: a list passes it on from either end.)
    pairs = [(i - 1, i) for i in range(1, len(ordered))]
    for a, b in pairs + [(b, a) for a, b in reversed(pairs)]:
        if (
            keep[a]
            and not keep[b]
            and ordered[b].place.kind in _SETTLEMENTS
            and LIST_GAP.fullmatch(ctx.text, ordered[min(a, b)].end, ordered[max(a, b)].start)
        ):
            keep[b] = True
    out, seen = [], set()
    for r, kept in zip(ordered, keep, strict=True):
        if kept and r.place.id not in seen:
            seen.add(r.place.id)
            out.append(r)
    return out


_by_start = attrgetter("start")
# A relative clause about a place: ", where clashes were renewed on X".
_WHERE = re.compile(r",\s+(?:where|in which)\b", re.I)


def _governed(
    cue: EventCue, refs: list[PlaceRef], cues: list[EventCue] | tuple[EventCue, ...], lo: int, hi: int
) -> list[PlaceRef]:
    """The places of a clause that belong to ``cue`` when cues of other kinds share it.

    A place belongs to the last cue before it (the verb it follows), else to
    the first cue: in "artillery pounded A and B, a volunteer said, and a
    militia stopped the convoy at C", C is the convoy's, A and B the shelling's.
    Cues of one kind count as one ("helicopters dropped barrel bombs on A").
    A cue owning no place keeps them all ("shelling and air strikes hit A").
    """
    kinds = sorted(
        [(c.start, c.sub_event_type) for c in cues if lo <= c.start and c.end <= hi]
    )
    if len({k for _, k in kinds}) < 2:
        return refs
    own = []
    for r in refs:
        owner = kinds[0][1]
        for start, kind in kinds:
            if start < r.start:
                owner = kind
        if owner == cue.sub_event_type:
            own.append(r)
    return own or refs


def _where_places(
    text: str, cue: EventCue, refs: list[PlaceRef], lo: int, hi: int
) -> list[PlaceRef]:
    """The places of a cue's own part of a clause split by ", where".

    A cue in a "where" clause happened at the places that clause names, else
    at the last place before it ("hold A, B and C, where clashes were renewed
    on the X axis": X; "hold A and B, where clashes erupted": B).  A cue before
    every "where" does not take the places the relative clauses name.
    """
    cuts = [m.start() for m in _WHERE.finditer(text, lo, hi)]
    if not cuts:
        return refs
    before = [c for c in cuts if c < cue.start]
    if not before:
        own = [r for r in refs if r.end <= cuts[0]]
        return own or refs
    start = before[-1]
    stop = next((c for c in cuts if c > cue.start), hi)
    own = [r for r in refs if start <= r.start and r.end <= stop]
    if own:
        return own
    earlier = [r for r in refs if r.end <= start]
    return [max(earlier, key=_by_start)] if earlier else refs


def common_place(refs: list[PlaceRef], gaz: Any, cue: EventCue | None = None) -> PlaceRef:
    """One place for a list: their common parent when they share one, else the one
    nearest the cue ("artillery pounded A and B, and a militia stopped the convoy at C")."""
    parents = {r.place.parent for r in refs}
    if len(parents) == 1:
        pid = parents.pop()
        if pid and pid in gaz:
            parent = gaz.get(pid)
            # A province is too wide to stand for a list of towns: keep the first town.
            if (
                parent.on_map
                and parent.has_coords
                and _BUCKET.get(parent.kind, 9) <= _BUCKET["city"]
            ):
                return PlaceRef(parent, refs[0].start, refs[-1].end, "common parent")
    if cue is None:
        return refs[0]
    return min(refs, key=lambda r: (min(abs(r.start - cue.end), abs(cue.start - r.end)), r.start))


def geo_precision(ctx: SentenceContext, ref: PlaceRef, gaz: Any) -> int:
    """ACLED geo_precision: 1 the place itself, 2 near it or part of a region, 3 a wide area."""
    kind = ref.place.kind
    if kind == "province":
        return 3
    if kind == "area" and _wide_area(gaz, ref.place.id):
        return 3  # "near" cannot widen it further
    if kind == "area":
        return 2
    text = ctx.text
    if not text.isascii():
        lead = text[max(0, ref.start - 30) : ref.start]
        return 2 if _NEAR.search(lead) or _NEAR_AFTER.match(text, ref.end) else 1
    # Lower-case patterns are faster and, on ASCII text, match as the ``re.I`` ones do.
    low = lowered(text)
    lead = low[max(0, ref.start - 30) : ref.start]  # type: ignore[index]
    near = lead[-1:].isspace() and lead.rstrip().endswith(_NEAR_ENDS) and _NEAR_LOW.search(lead)
    return 2 if near or _NEAR_AFTER_LOW.match(low, ref.end) else 1  # type: ignore[arg-type]


@lru_cache(maxsize=1024)
def _wide_area(gaz: Any, pid: str) -> bool:
    """Whether an area spans more neighbourhoods than a "wide" one (a gazetteer does not change)."""
    return len(gaz.expand(pid)) > _WIDE_AREA_SIZE

def placed_cues(ctx: SentenceContext, cues: list[EventCue]) -> list[EventCue]:
    """Drop cues whose clause names no place when another cue's clause does.

    In "X were slain in fighting; bombing hit A and B" the places belong to the
    bombing, not to the fighting.
    """

    def has_place(c: EventCue) -> bool:
        lo, hi = clause_bounds(ctx.text, c.start, c.end)
        return any(lo <= r.start and r.end <= hi for r in ctx.places)

    placed = [c for c in cues if has_place(c)]
    return placed or cues

