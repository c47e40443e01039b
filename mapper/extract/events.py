"""Incidents in ACLED's terms: what happened in a sentence, where, and who did it.

:func:`classify_events` finds event cues with one compiled pattern built from
``mapper/data/event_types.toml`` (trigger phrases per ACLED sub-event type,
with priorities, suppressions and weak cues as data; compiled in
:mod:`mapper.extract.event_lexicon`).  :func:`build_events`
turns a sentence's cues into :class:`~mapper.records.Event` records: one per
(cue, place), the place being the most specific one the sentence ties to the
cue (a district over its city over its province), so "districts such as A, B
and C" gives one event per district; a cue in a ", where" clause goes to that
clause's places, else to the last place before it.  Territory changes found by
:mod:`mapper.extract.control` become Battles events (Government regains
territory / Non-state actor overtakes territory).

What is not an incident, as data in the lexicon's ``[guards]``: a cue
followed in its clause by a future ("are expected to"), an incident dated
weeks before the report (background), a deal only named and not made
(``requires`` / ``blocked_by``), bare obstacles ("slowed by landmines", weak
cues), a means that is only present ("suicide teams are inside the town",
``state_after``), the topic of a protest ("against the bombing of X").  Where
it is not: a "Homs-based" source, a place people fled from, the cause of a
protest ("in solidarity with X").  Who is not the agent, as data in
``[agent]``: the holder of a place ("districts left in rebel hands") and the
target of a violent verb ("killed three soldiers"); a weapon names its side
("government artillery", in ``actors.csv``).

Sentences without a place give no event: an incident we cannot put on the map
would only be a false dot, and a place borrowed from the previous sentence is
wrong often enough to hurt precision more than it helps recall.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

from mapper.extract.context import LIST_GAP, ControlStatement, PlaceRef, SentenceContext
from mapper.extract.control_lexicon import lower_pair, lowered
from mapper.extract.event_lexicon import EventLexicon, Rule, event_lexicon
from mapper.extract.sides import actor_side, agent_side, clause_bounds, side_label, side_word_before
from mapper.extract.wholes import states_whole
from mapper.records import Event, Source

__all__ = ["EventCue", "classify_events", "build_events", "geo_precision", "VIOLENT_TYPES"]

#: Event types whose fatalities are counted.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
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
_HELD_SINCE = re.compile(
    r"\b(?:held|controlled|run|occupied|besieged|encircled|under siege|in control)\b[^,.;]*$", re.I
)
_WIDE_AREA_SIZE = 30  # an area expanding to more neighbourhoods than this is "wide"


@dataclass(frozen=True, slots=True)
class EventCue:
    """A trigger of an ACLED sub-event type; offsets relative to the sentence."""

    event_type: str
    sub_event_type: str
    trigger: str
    start: int
    end: int
    weak: bool = False
    single_place: bool = False


# ASCII bytes that are not word characters, as spaces, and capitals in lower case:
# ``split()`` then gives the lower-case words (no ``lower()`` of the sentence first).
_WORDS_ONLY = bytes(
    c if c > 127 else ord(chr(c).lower()) if chr(c).isalnum() or c == ord("_") else 32
    for c in range(256)
)


@lru_cache(maxsize=16)
def _words(sentence: str) -> frozenset[bytes] | None:
    """The gate words an ASCII sentence holds (lower-case); None for any other (then no gate).

    A pattern none of whose gate words is among them cannot match the sentence,
    nor any part of it: the cue, guard and background readers skip it.  Only
    words of some gate are kept, so that each gate is one look-up of a few
    words.  Cached for those readers of one sentence in turn.
    """
    if not sentence.isascii():
        return None
    words = sentence.encode("ascii").translate(_WORDS_ONLY).split()
    return event_lexicon().gate_words.intersection(words)


def _lacks(words: frozenset[bytes] | None, gate: frozenset[bytes] | None) -> bool:
    """Whether the sentence of ``words`` surely holds no word of ``gate``."""
    return words is not None and gate is not None and words.isdisjoint(gate)


def _guarded(before: str, guard: re.Pattern[str], window: int) -> bool:
    """Negated, future, intended or conditional: the few words before the cue say so."""
    words = before.split()[-window:]
    if not words:
        return False
    if words[-1].lower() == "to":
        return True  # an infinitive is an aim: "threatened to shell"
    return guard.search(" ".join(words)) is not None


def classify_events(sentence: str) -> list[EventCue]:
    """Event cues of one sentence, in ACLED's taxonomy.

    Parameters
    ----------
    sentence : str
        One sentence.

    Returns
    -------
    list of EventCue
        Left to right.  Guarded cues ("will be evacuated", "no blasts") are
        dropped; suppressions and weak cues are applied (see the lexicon).
    """
    return list(_classify(sentence))


@lru_cache(maxsize=16)
def _classify(sentence: str) -> tuple[EventCue, ...]:
    """:func:`classify_events`, cached: the pipeline asks whether a sentence has a cue
    before it reads the sentence's attributes, then builds its events."""
    lex = event_lexicon()
    words = _words(sentence)
    if _lacks(words, lex.cue_words):
        return ()  # most sentences with a place have no cue
    low = lowered(sentence)
    hits = _hits(lex, sentence, low)
    if not hits:
        return ()  # the guards need not be set up
    found = _unguarded(lex, sentence, low if words is not None else None, words, hits)
    if len(found) == 1:
        # One cue: only a rule suppressing its own kind could drop it (a weak one has no strong rival).
        rule, start, end = found[0]
        return () if rule.sub_event_type in rule.suppresses else (_cue(sentence, rule, start, end),)
    suppressed: set[str] = set()
    strong_types: set[str] = set()
    for rule, _, _ in found:
        suppressed |= rule.suppresses
        if not rule.weak:
            strong_types.add(rule.event_type)
    return tuple(
        [
            _cue(sentence, rule, start, end)
            for rule, start, end in found
            if rule.sub_event_type not in suppressed
            and not (rule.weak and rule.event_type in strong_types)
        ]
    )


def _cue(sentence: str, rule: Rule, start: int, end: int) -> EventCue:
    """The cue of ``rule`` at ``sentence[start:end]`` (its text as written, not lower-cased)."""
    # By position: faster than by keyword, for every cue.
    return EventCue(
        rule.event_type, rule.sub_event_type, sentence[start:end], start, end, rule.weak,
        rule.single_place,
    )


def _unguarded(
    lex: EventLexicon,
    sentence: str,
    low: str | None,
    words: frozenset[bytes] | None,
    hits: list[tuple[int, int, str]],
) -> list[tuple[Rule, int, int]]:
    """(rule, start, end) of the trigger ``hits`` that no guard drops, left to right.

    ``low`` is the sentence lower-cased when it is ASCII (else None): lower-case
    patterns on it are faster than ``re.I`` and, on ASCII text, match exactly the same.
    """
    subject, guard, after, state, ceased = (
        (low, lex.guard_low, lex.after_low, lex.state_low, lex.ceased_low)
        if low is not None
        else (sentence, lex.guard, lex.after, lex.state, lex.ceased)
    )
    # Most sentences hold no guard word and no future: then no clause to read for them.
    guarded, future = not _lacks(words, lex.guard_words), not _lacks(words, lex.after_words)
    # "is", "were" are in most sentences: a state is read only after a cue naming a means.
    stative, ceasing = not _lacks(words, lex.state_words), not _lacks(words, lex.ceased_words)
    found: list[tuple[Rule, int, int]] = []
    for start, end, group in hits:
        rule = lex.rule_of[group]
        means = stative and lex.means.search(sentence, start, end) is not None
        if not (guarded or future or ceasing or means or rule.blocked_by or rule.requires):
            found.append((rule, start, end))
            continue
        # One clause for the guards: the words before, the future after, the deal's verb.
        lo, hi = clause_bounds(sentence, start, end)
        if guarded and _guarded(subject[lo:start], guard, lex.window):
            continue
        if future and after.match(subject, end, hi):
            continue
        if ceasing and ceased.match(subject, end, hi):
            continue  # "air strikes on X were halted": the end of attacks
        if means and state.match(subject, end, hi):
            continue  # "suicide teams are inside the town": there, not yet used
        # A deal must be made in its clause, not only named.
        if rule.blocked_by is not None and rule.blocked_by.search(sentence, lo, start):
            continue
        if rule.requires is not None and not rule.requires.search(sentence, lo, hi):
            continue
        found.append((rule, start, end))
    return found


def _hits(lex: EventLexicon, sentence: str, low: str | None) -> list[tuple[int, int, str]]:
    """(start, end, rule group) of every trigger match, left to right."""
    if low is None:
        return [(*m.span(), m.lastgroup) for m in lex.fallback.finditer(sentence)]  # type: ignore[misc]
    # The scan finds the matches; the named pattern, run once at each, says whose
    # they are, unless the phrase is known to be always the same trigger's.
    named, group_of = lex.pattern.match, lex.group_of
    out = []
    for m in lex.scan.finditer(low):
        start, end = m.span()
        phrase = low[start:end]
        group = group_of.get(phrase)
        if not group:
            group = named(low, start).lastgroup  # type: ignore[union-attr]
            if group_of.get(phrase) is None and len(group_of) < _MAX_PHRASES:
                group_of[phrase] = group if _context_free(lex, phrase) else ""
        out.append((start, end, group))
    return out  # type: ignore[return-value]


# Trigger phrases remembered (those with numbers or wildcards could be many).
_MAX_PHRASES = 20_000


def _context_free(lex: EventLexicon, phrase: str) -> bool:
    """Whether the first trigger matching ``phrase`` is the same wherever it stands.

    The named pattern tries the triggers in order and takes the first that
    matches: one that reads nothing outside its match matches ``phrase`` in
    every sentence or in none; only a trigger that looks past it (a lookahead)
    can match it in one sentence and not in another.  Such a trigger's match
    holds one of ``lex.context_words``; a phrase holding none of them is safe.
    """
    if lex.context_words is None or not phrase.isascii():
        return False
    return lex.context_words.isdisjoint(phrase.encode().translate(_WORDS_ONLY).split())


def _incidents(ctx: SentenceContext, cues: tuple[EventCue, ...]) -> list[EventCue]:
    """The cues that tell an incident, not a pattern or a long period.

    Summary phrasing ("since the start of the year") or a date weeks before
    the report makes every cue background.  Habitual words just before a cue
    ("months of bombardment") always count; elsewhere in the sentence only
    when the sentence gives no date.  Weak cues ("bombing") need an explicit date.
    """
    lex = event_lexicon()
    if ctx.report_date is not None and (ctx.report_date - ctx.date).days > lex.background_days:
        return []
    low = lowered(ctx.text)
    if low is None:
        habitual, summary, subject = lex.habitual, lex.summary, ctx.text
    else:
        habitual, summary, subject = lex.habitual_low, lex.summary_low, low
    words = _words(ctx.text)
    if not _lacks(words, lex.summary_words) and _pattern_words(
        ctx, summary, subject, 0, len(subject)
    ):
        return []
    undated = not ctx.date_explicit
    if _lacks(words, lex.habitual_words):
        return [c for c in cues if not (undated and c.weak)]  # no habitual words to look for
    if undated and habitual.search(subject):
        return []  # no date, and habitual words anywhere
    out = []
    for c in cues:
        if not (undated and c.weak) and not _pattern_words(
            ctx, habitual, subject, max(0, c.start - 40), c.start
        ):
            out.append(c)
    return out


def _pattern_words(
    ctx: SentenceContext, pattern: re.Pattern[str], subject: str, start: int, end: int
) -> bool:
    """Habitual or summary phrasing in ``subject[start:end]`` (``subject`` lower-cased or not, as ``pattern``).

    "since X" counts only when the sentence gives no day: in "Manbij, held by
    the SDF since August, ... detained 12 men on Thursday" it dates the holding.
    """
    if not (ctx.date_explicit and ctx.date_precision == "day"):
        return pattern.search(subject, start, end) is not None
    for m in pattern.finditer(subject, start, end):
        if not (
            m.group(0).lower().startswith("since")
            and _HELD_SINCE.search(ctx.text, max(0, m.start() - 40), m.start())
        ):
            return True
    return False


def _long_period(ctx: SentenceContext) -> bool:
    """Dated only to a period longer than the lexicon's limit: a summary."""
    if ctx.date_precision == "day" or ctx.date_end is None:
        return False
    return (ctx.date_end - ctx.date).days > event_lexicon().max_period_days


# -- places -------------------------------------------------------------------


def _candidates(ctx: SentenceContext, gaz: Any) -> tuple[list[PlaceRef], list[PlaceRef]]:
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
    if not refs or _lacks(_words(text), lex.origin_words):
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

    ``candidates``, the sentence's :func:`_candidates`, saves reading them
    again for each cue of the sentence.  ``cues``, all the sentence's cues,
    share out the places of a clause they have in common (see :func:`_governed`).
    """
    refs, scenes = candidates if candidates is not None else _candidates(ctx, gaz)
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


def _common_place(refs: list[PlaceRef], gaz: Any, cue: EventCue | None = None) -> PlaceRef:
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


# -- actors -------------------------------------------------------------------


def _actors(
    ctx: SentenceContext, view: SentenceContext, start: int, end: int, event_type: str
) -> tuple[str, str]:
    """(actor1, actor2): the side acting at the cue, then the first other party named.

    Holders of a place and targets ("in rebel hands", "killed three soldiers")
    are no agent (``view`` is the sentence without them: :func:`_agent_view`),
    but may be the other party.
    """
    against_civilians = event_type == "Violence against civilians"
    if not view.actors:
        # Only a side word of this sentence ("the army shelled"), never the previous one's.
        side = side_word_before(view.text, clause_bounds(view.text, start, end)[0], end)
        actor1 = side_label(side)
    else:
        side = agent_side(view, start, end, inside=True)
        actor1 = _coalition_agent(view, start, end) or _agent(view, start, side)
    # Civilians are a party only to violence against them; elsewhere they are bystanders.
    other = _nearest(
        ctx.actors, start, lambda a, s: (s or against_civilians) and a.actor != actor1 and (not side or s != side)
    )
    actor2 = other.actor if other is not None else ""
    return actor1, ("Civilians" if against_civilians and not actor2 else actor2)


def _nearest(actors: tuple[Any, ...], start: int, fits: Callable[[Any, str], Any]) -> Any:
    """The actor nearest ``start`` (then the leftmost, then the first named) that ``fits`` (actor, its side).

    One pass instead of sorting the actors by that order: a sentence has a
    few, and only the first that fits is wanted.
    """
    best, best_key = None, None
    for i, a in enumerate(actors):
        if fits(a, actor_side(a)):
            key = (abs(a.start - start), a.start, i)
            if best_key is None or key < best_key:
                best, best_key = a, key
    return best


def _agent(view: SentenceContext, start: int, side: str) -> str:
    """actor1: the named actor of the agent's side nearest the cue, else the side's label.

    A side known only from a word ("Government artillery") is never given to an
    actor of another side named elsewhere in the sentence.  Without a side, the
    combatant nearest the cue.
    """
    if side:
        own = _nearest(view.actors, start, lambda a, s: s == side)
        return own.actor if own is not None else side_label(side)
    fighter = _nearest(view.actors, start, lambda a, s: s)
    return fighter.actor if fighter is not None else ""


def _coalition_agent(view: SentenceContext, start: int, end: int) -> str:
    """The US-led coalition when it is the combatant named last before the cue in its clause.

    The coalition holds no ground, so the side readers of
    :mod:`mapper.extract.sides` (in the controllers' vocabulary) never name it
    the agent: "Coalition warplanes struck Manbij" is still its strike.
    """
    lo, _ = clause_bounds(view.text, start, end)
    last = None
    for a in view.actors:
        if lo <= a.start < end and (a.side == "coalition" or actor_side(a)):
            if last is None or a.end > last.end:
                last = a
    return last.actor if last is not None and last.side == "coalition" else ""


def _agent_view(ctx: SentenceContext) -> SentenceContext:
    """The sentence as the agent readers should see it: without holders and targets.

    Actors in a holder phrase ("left in rebel hands", "held by the SDF") or
    targets of a violent verb ("killed three militants", "soldiers were
    killed") are dropped, and holder phrases are blanked (same length) so that
    their side words ("rebel-held") are not read as the agent either.
    """
    lex = event_lexicon()
    na, text = lex.not_agent, ctx.text
    # Most sentences hold no word of a holder or victim phrase: their words say so.
    words = _words(text)
    # An ASCII sentence is read lower-cased, with the lower-case patterns (the same spans).
    subject, holder, victim_before, victim_after = (
        (lowered(text), na.holder_low, na.victim_before_low, na.victim_after_low)
        if words is not None
        else (text, na.holder, na.victim_before, na.victim_after)
    )
    spans = [] if _lacks(words, lex.holder_words) else [m.span() for m in holder.finditer(subject)]
    before = None if _lacks(words, lex.victim_before_words) else victim_before.search
    after = None if _lacks(words, lex.victim_after_words) else victim_after.match
    if not (spans or before or after):
        return ctx
    actors = tuple(
        a
        for a in ctx.actors
        if not any(s < a.end and a.start < e for s, e in spans)
        and not (before and before(subject, max(0, a.start - 60), a.start))
        and not (after and after(subject, a.end))
    )
    if not spans and len(actors) == len(ctx.actors):
        return ctx
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return ctx._replace(text=text, actors=actors)


# -- events -------------------------------------------------------------------


def _sentence_fields(ctx: SentenceContext, source: Source) -> tuple[Any, ...]:
    """The fields every event of the sentence shares, in :func:`_event`'s order (read once)."""
    time = ctx.entry_time_utc
    if time is not None and time.date() != ctx.date:
        time = None
    date_end = ctx.date_end if ctx.date_precision != "day" else None
    return (
        ctx.date, ctx.date_precision, time, ctx.fatalities_phrase, ctx.certainty,
        ctx.in_comments, (source,), date_end,
    )


def _clause_fields(
    ctx: SentenceContext, shared: tuple[Any, ...], pos: int
) -> tuple[tuple[Any, ...], ...]:
    """``shared`` dated by the clause holding ``ctx.text[pos]`` (``ctx.clause_dates`` is set).

    A span of days ("struck X on November 28 and 29") gives the fields of each
    of its days, first to last: ACLED codes an incident lasting days once a day.
    """
    own = ctx.clause_dates.at(pos) or ctx.clause_dates.main
    if own is None:
        return (shared,)
    if own.basis == "span":
        return tuple(_fields_on(ctx, shared, own.date + timedelta(days=i), "day", None)
                     for i in range((own.date_end - own.date).days + 1))
    if (own.date, own.precision) == shared[:2]:
        return (shared,)
    return (_fields_on(ctx, shared, own.date, own.precision,
                       own.date_end if own.precision != "day" else None),)


def _fields_on(ctx: SentenceContext, shared: tuple[Any, ...], day: Any, precision: str,
               end: Any) -> tuple[Any, ...]:
    time = ctx.entry_time_utc
    if time is not None and time.date() != day:
        time = None
    return (day, precision, time, *shared[3:7], end)


def _event(
    shared: tuple[Any, ...],
    ref: PlaceRef,
    geo: int,
    event_type: str,
    sub: str,
    actors: tuple[str, str],
    fatalities: int,
) -> Event:
    """One event of the sentence; ``shared`` is its :func:`_sentence_fields`, ``geo`` its precision."""
    day, precision, time, phrase, certainty, in_comments, sources, date_end = shared
    place = ref.place
    # Positional (the order of Event's fields): this runs for every event read.
    return Event(
        "", day, precision, time, event_type, sub, actors[0], actors[1], place.id, place.name,
        place.lat, place.lon, geo, fatalities, phrase if fatalities else "", certainty,
        in_comments, sources, date_end,
    )


def _split(total: int, n: int) -> list[int]:
    """ACLED splits a total over several locations evenly; the remainder goes first."""
    if n <= 0:
        return []
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


def _fatality_cue(ctx: SentenceContext, cues: list[EventCue]) -> EventCue | None:
    """The violent cue nearest the fatality phrase: the deaths are its."""
    at = ctx.fatalities_span[0] if ctx.fatalities_span else 0
    killer, distance = None, 0
    for c in cues:
        if c.event_type in VIOLENT_TYPES and (killer is None or abs(c.start - at) < distance):
            killer, distance = c, abs(c.start - at)
    return killer


def build_events(
    ctx: SentenceContext, gaz: Any, statements: list[ControlStatement] = ()
) -> list[Event]:  # type: ignore[assignment]
    """Events of one sentence: one per (cue, place).

    Parameters
    ----------
    ctx : SentenceContext
        The sentence with its places, actors, date, fatalities and certainty.
    gaz : Gazetteer
        For ancestors (to pick the most specific place) and area sizes.
    statements : list of ControlStatement
        The sentence's control statements; changes become territory events.

    Returns
    -------
    list of Event
        With empty ``event_id`` (merging assigns ids).
    """
    shared = _sentence_fields(
        ctx, Source(ctx.article_id, ctx.entry_time_utc, ctx.text, ctx.start, ctx.end)
    )
    events = _territory_events(ctx, gaz, statements, shared) if statements else []
    if _long_period(ctx):
        return events  # "retook Palmyra in March" is still a change of hands
    cues = _classify(ctx.text)
    if not cues:
        return events
    cues = _incidents(ctx, cues)
    if events:
        cues = [c for c in cues if c.sub_event_type != "Armed clash"]
    if len(cues) > 1:
        cues = _placed_cues(ctx, cues)
    if not cues:
        return events
    killer = _fatality_cue(ctx, cues) if ctx.fatalities else None
    if killer is not None:
        # The cue with the deaths goes first, so a second cue of its type cannot take its place.
        cues = [killer] + [c for c in cues if c is not killer]
    candidates = _candidates(ctx, gaz)
    view = _agent_view(ctx)  # once for every cue of the sentence
    seen: set[tuple[str, str]] = {(e.sub_event_type, e.place_id) for e in events}
    for cue in cues:
        refs = event_places(ctx, cue, gaz, candidates=candidates, cues=cues)
        if cue.single_place and len(refs) > 1:
            refs = [_common_place(refs, gaz, cue)]
        sub = cue.sub_event_type
        refs = [r for r in refs if (sub, r.place.id) not in seen]
        if not refs:
            continue
        counts = _split(ctx.fatalities, len(refs)) if cue is killer else [0] * len(refs)
        actors = _actors(ctx, view, cue.start, cue.end, cue.event_type)
        for ref, n in zip(refs, counts, strict=True):
            seen.add((sub, ref.place.id))
            geo = geo_precision(ctx, ref, gaz)
            # an incident is dated by its cue's clause, a change of hands by its place's
            days = (shared,) if ctx.clause_dates is None else _clause_fields(ctx, shared, cue.start)
            for i, fields in enumerate(days):  # the deaths go to the first day
                events.append(_event(fields, ref, geo, cue.event_type, sub, actors, 0 if i else n))
    return events


def _placed_cues(ctx: SentenceContext, cues: list[EventCue]) -> list[EventCue]:
    """Drop cues whose clause names no place when another cue's clause does.

    In "X were slain in fighting; bombing hit A and B" the places belong to the
    bombing, not to the fighting.
    """

    def has_place(c: EventCue) -> bool:
        lo, hi = clause_bounds(ctx.text, c.start, c.end)
        return any(lo <= r.start and r.end <= hi for r in ctx.places)

    placed = [c for c in cues if has_place(c)]
    return placed or cues


def _party(ctx: SentenceContext, side: str, near: int) -> str:
    """The actor of the sentence on ``side`` nearest ``near``, else the side's label."""
    named = [a for a in ctx.actors if actor_side(a) == side]
    if named:
        return min(named, key=lambda a: abs(a.start - near)).actor
    return side_label(side) if side else ""


def _territory_events(
    ctx: SentenceContext, gaz: Any, statements: list[ControlStatement], shared: tuple[Any, ...]
) -> list[Event]:
    """Battles events for control changes: one per place (an area stays one event)."""
    lex = event_lexicon()
    out = []
    for st in statements:
        if st.kind != "change" or st.role == "handover":
            continue  # a handover is a non-violent transfer, read from its own cue
        sub = lex.territory.get(st.to, lex.territory["default"])
        actors = (_party(ctx, st.to, st.trigger_start), _party(ctx, st.from_, st.trigger_start))
        for ref in st.targets:
            if (
                ref.place.on_map
                and ref.place.has_coords
                and (st.whole or states_whole(ctx, st, ref, gaz))
            ):
                geo = geo_precision(ctx, ref, gaz)
                # a change of hands happens once: on the first day of a span
                fields = (shared if ctx.clause_dates is None
                          else _clause_fields(ctx, shared, ref.start)[0])
                out.append(_event(fields, ref, geo, lex.territory["event_type"], sub, actors, 0))
    return out
