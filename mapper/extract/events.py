"""Incidents in ACLED's terms: the events of a sentence, where, when and by whom.

:func:`build_events` turns a sentence's cues (:mod:`mapper.extract.event_cues`)
into :class:`~mapper.records.Event` records: one per (cue, place), the places
chosen by :mod:`mapper.extract.event_places`.  Territory changes found by
:mod:`mapper.extract.control` become Battles events (Government regains
territory / Non-state actor overtakes territory).  An event is dated by its
cue's clause when the sentence names several days, and a span of days ("on
November 28 and 29") gives one event a day, as ACLED codes them.

Who is not the agent, as data in the lexicon's ``[agent]``: the holder of a
place ("districts left in rebel hands") and the target of a violent verb
("killed three soldiers"); a weapon names its side ("government artillery",
in ``actors.csv``).

Sentences without a place give no event: an incident we cannot put on the map
would only be a false dot, and a place borrowed from the previous sentence is
wrong often enough to hurt precision more than it helps recall.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mapper.extract.context import ControlStatement, PlaceRef, SentenceContext
from mapper.extract.control_lexicon import lowered
from mapper.extract.event_cues import (
    EventCue,
    classify_events,
    incidents,
    lacks,
    long_period,
    sentence_cues,
    sentence_words,
)
from mapper.extract.event_lexicon import event_lexicon
from mapper.extract.event_places import (
    common_place,
    event_places,
    geo_precision,
    placed_cues,
    scene_candidates,
)
from mapper.extract.sides import actor_side, agent_side, clause_bounds, side_label, side_word_before
from mapper.extract.wholes import states_whole
from mapper.records import Event, Source

__all__ = ["EventCue", "classify_events", "build_events", "geo_precision", "VIOLENT_TYPES"]

#: Event types whose fatalities are counted.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


# -- actors -------------------------------------------------------------------


def _actors(
    ctx: SentenceContext, view: SentenceContext, start: int, end: int, event_type: str
) -> tuple[str, str]:
    """(actor1, actor2): the side acting at the cue, then the first other party named.

    Holders of a place and targets ("in rebel hands", "killed three soldiers")
    are no agent (``view`` is the sentence without them: :func:`_agent_view`),
    but may be the other party.
    """
    if event_type == "Protests":
        # ACLED's protester is the crowd; a combatant named is what it protests against
        other = _nearest(ctx.actors, start, lambda a, s: s)
        return "Protesters", other.actor if other is not None else ""
    against_civilians = event_type == "Violence against civilians"
    if not any(a.role == "armed" for a in view.actors):
        # No combatant named (perhaps a source: "activists reported ... shelling of X"):
        # only a side word of this sentence ("the army shelled"), never the previous one's.
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
    words = sentence_words(text)
    # An ASCII sentence is read lower-cased, with the lower-case patterns (the same spans).
    subject, holder, victim_before, victim_after = (
        (lowered(text), na.holder_low, na.victim_before_low, na.victim_after_low)
        if words is not None
        else (text, na.holder, na.victim_before, na.victim_after)
    )
    spans = [] if lacks(words, lex.holder_words) else [m.span() for m in holder.finditer(subject)]
    before = None if lacks(words, lex.victim_before_words) else victim_before.search
    after = None if lacks(words, lex.victim_after_words) else victim_after.match
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


def _dated_at(ctx: SentenceContext, cue: EventCue, ref: PlaceRef) -> int:
    """Where in the sentence the event of ``cue`` at ``ref`` takes its date from.

    The cue's clause, unless the place, after the cue, is followed right away by
    a date phrase of its own: "jets struck A on Monday and B on Tuesday" is two
    strikes on two days; in "the deal for A broke down the next morning" the
    date is the verb's, not the place's.
    """
    own = ctx.clause_dates.at(ref.start)
    if (
        own is not None
        and ref.start > cue.end
        and own.start >= ref.end
        and _RIGHT_AFTER.fullmatch(ctx.text, ref.end, own.start)
    ):
        return ref.start
    return cue.start


# What may stand between a place and the date phrase that follows it ("A on Monday").
_RIGHT_AFTER = re.compile(r"[\s,]*(?:on|at|in|during)?\s*")


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
    if long_period(ctx):
        return events  # "retook Palmyra in March" is still a change of hands
    cues = sentence_cues(ctx.text)
    if not cues:
        return events
    cues = incidents(ctx, cues)
    if events:
        cues = [c for c in cues if c.sub_event_type != "Armed clash"]
    if len(cues) > 1:
        cues = placed_cues(ctx, cues)
    if not cues:
        return events
    killer = _fatality_cue(ctx, cues) if ctx.fatalities else None
    if killer is not None:
        # The cue with the deaths goes first, so a second cue of its type cannot take its place.
        cues = [killer] + [c for c in cues if c is not killer]
    candidates = scene_candidates(ctx, gaz)
    # A change of hands owns the places after its verb as a cue does ("jets pounded A,
    # after the rebels took B": B is the capture's, not the strike's).
    owners = cues + [
        EventCue("Battles", "(change of hands)", "", st.trigger_start, st.trigger_end)
        for st in statements
        if st.kind == "change" and st.role != "handover" and st.trigger_end > st.trigger_start
        and not any(c.start < st.trigger_end and st.trigger_start < c.end for c in cues)
    ]
    view = _agent_view(ctx)  # once for every cue of the sentence
    seen: set[tuple[str, str]] = {(e.sub_event_type, e.place_id) for e in events}
    for cue in cues:
        refs = event_places(ctx, cue, gaz, candidates=candidates, cues=owners)
        if cue.single_place and len(refs) > 1:
            refs = [common_place(refs, gaz, cue)]
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
            days = ((shared,) if ctx.clause_dates is None
                    else _clause_fields(ctx, shared, _dated_at(ctx, cue, ref)))
            for i, fields in enumerate(days):  # the deaths go to the first day
                events.append(_event(fields, ref, geo, cue.event_type, sub, actors, 0 if i else n))
    return events



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
            ):
                # a part of an area ("took most of the Old City") is still a battle
                # there, if at no one district: precision 2, part of a region
                geo = (geo_precision(ctx, ref, gaz) if st.whole or states_whole(ctx, st, ref, gaz)
                       else max(2, geo_precision(ctx, ref, gaz)))
                # a change of hands happens once: on the first day of a span
                fields = (shared if ctx.clause_dates is None
                          else _clause_fields(ctx, shared, ref.start)[0])
                out.append(_event(fields, ref, geo, lex.territory["event_type"], sub, actors, 0))
    return out
