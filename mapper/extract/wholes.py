"""From statements to rows: areas expanded to neighbourhoods, and "all but" resolved.

A control statement about an area ("all of the Old City", "east Aleppo")
stands for every neighbourhood inside it, unless a quantifier makes it partial
("parts of", "75% of", "districts of"); a city with no mapped neighbourhoods
changes hands as one unit.  "Took all but a few districts" waits as a
:class:`~mapper.extract.context.PendingAllBut` until :func:`resolve_all_but`
knows which districts the same article says the losing side still holds.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from gazetteer.records import Place
from mapper.extract.context import ControlStatement, PendingAllBut, PlaceRef, SentenceContext
from mapper.extract.control_lexicon import AREA_KINDS, Lexicon, lexicon, lower_text
from mapper.records import ControlChange

__all__ = [
    "expand_statement",
    "is_unit",
    "may_be_whole",
    "resolve_all_but",
    "states_whole",
    "whole_assertion",
]


def may_be_whole(sentence: str) -> bool:
    """Whether a sentence without a place may still change hands ("all but a few districts")."""
    lex = lexicon()
    # Most sentences lack the words every match holds: a substring test tells.
    return lex.all_but_part in lower_text(sentence) and bool(lex.all_but.search(sentence))


def is_unit(place: Place, gaz: Any) -> bool:
    """A city without mapped neighbourhoods (Palmyra, Idlib) changes hands as one place."""
    return gaz is not None and place.kind == "city" and not _expand(gaz, place.id)


# ``gaz.expand`` per gazetteer and place id: a city's neighbourhoods are sought
# again for every statement about it.  A gazetteer is not changed once built
# (a new user layer builds a new one), and its entry goes with it.
_EXPANDED: WeakKeyDictionary[Any, dict[str, tuple[Place, ...]]] = WeakKeyDictionary()


def _expand(gaz: Any, pid: str) -> tuple[Place, ...]:
    try:
        known = _EXPANDED.setdefault(gaz, {})
    except TypeError:  # a gazetteer without weak references (a test's stand-in)
        return tuple(gaz.expand(pid))
    found = known.get(pid)
    if found is None:
        found = known[pid] = tuple(gaz.expand(pid))
    return found


# "recaptured parts of X": a neighbourhood taken in part is fought over, held by neither.
_PART_OF = re.compile(r"\b(?:parts?|sections?|half|a third|a quarter) of (?:the )?$", re.I)


def expand_statement(st: ControlStatement, ctx: SentenceContext, gaz: Any) -> list[ControlChange]:
    """ControlChange rows of a statement, areas expanded to their neighbourhoods.

    A neighbourhood or town changed "in parts" ("the rebels recaptured parts of X")
    becomes ``contested``: the text says fighting split it, not who holds it.
    """
    lex = lexicon()
    rows: list[ControlChange] = []
    for ref in st.targets:
        places = [ref.place]
        to = st.to
        if is_unit(ref.place, gaz):
            if _is_partial(ctx.text, st, ref, lex):
                continue
        elif ref.place.kind in AREA_KINDS:
            if not _is_whole(ctx.text, st, ref, lex):
                continue
            places = _expand(gaz, ref.place.id)
        elif st.kind == "change" and _PART_OF.search(ctx.text, max(0, ref.start - 20), ref.start):
            to = "contested"
        when = st.date
        if when is None and ctx.clause_dates is not None:  # several days in the sentence
            own = ctx.clause_dates.at(ref.start)
            when = own.date if own is not None else None
        for p in places:
            rows.append(_row(ctx, p, st.from_, to, st.kind, when))
    return rows


def states_whole(ctx: SentenceContext, st: ControlStatement, ref: PlaceRef, gaz: Any) -> bool:
    """Whether a statement's target is meant whole: a neighbourhood or town always,
    a town-like city unless "parts of" it, an area or city with districts only
    with "all of" and the like ("recaptured east Aleppo districts" is not)."""
    if ref.place.kind not in AREA_KINDS or st.kind != "change":
        return True
    lex = lexicon()
    if is_unit(ref.place, gaz):
        return not _is_partial(ctx.text, st, ref, lex)
    return _is_whole(ctx.text, st, ref, lex)


def whole_assertion(text: str, ref: PlaceRef, m: re.Match[str]) -> bool:
    """Whether an assertion about an area says all of it ("fully under government control")."""
    lo, hi = min(ref.start, m.start()), max(ref.end, m.end())
    return bool(lexicon().whole_assertion.search(text, max(0, lo - 20), hi))


def _is_whole(text: str, st: ControlStatement, ref: PlaceRef, lex: Lexicon) -> bool:
    """Whether a statement about an area is about all of it.

    An area ("the Old City", "east Aleppo") counts whole unless a partial
    quantifier ("parts of", "75%", "districts of") or a following "districts"
    says otherwise; a city only with an explicit "all of", "entire", ...
    """
    if _is_partial(text, st, ref, lex):
        return False
    between = text[st.trigger_end : ref.start] if ref.start >= st.trigger_end else ""
    lead = text[max(0, ref.start - 20) : ref.start]
    if ref.place.kind == "city":
        return bool(
            lex.whole.search(between)
            or lex.whole.search(lead)
            or lex.whole_cue.search(text, st.trigger_start, st.trigger_end)
        )
    return True


def _is_partial(text: str, st: ControlStatement, ref: PlaceRef, lex: Lexicon) -> bool:
    """Whether a quantifier makes the statement about part of the place ("parts of X")."""
    between = text[st.trigger_end : ref.start] if ref.start >= st.trigger_end else ""
    lead = text[max(0, ref.start - 20) : ref.start]
    return bool(
        lex.partial.search(between)
        or lex.partial.search(lead)
        or lex.partial_after.match(text[ref.end :])
    )


def _row(
    ctx: SentenceContext, place: Place, from_: str, to: str, kind: str, when: date | None = None
) -> ControlChange:
    # Positional, in field order: keywords cost more, and a row is made per neighbourhood.
    return ControlChange(
        when or ctx.date, place.id, place.name, from_, to, kind, ctx.certainty,
        ctx.article_id, ctx.text, ctx.start, ctx.end, ctx.in_comments,
    )  # fmt: skip


def resolve_all_but(
    pending: list[PendingAllBut], changes: list[ControlChange], gaz: Any
) -> list[ControlChange]:
    """Expand "all but a few districts" once the article's other statements are known.

    Every neighbourhood of the area changes hands except those the same article
    says the losing side still holds (an assertion, or a change to it) within a
    day of the statement.
    """
    out: list[ControlChange] = []
    for p in pending:
        kept = {
            c.place_id
            for c in changes
            if c.article == p.ctx.article_id
            and c.to == p.from_
            and abs((c.date - p.ctx.date).days) <= 1
        }
        out.extend(
            _row(p.ctx, place, p.from_, p.to, "change")
            for place in _expand(gaz, p.area.id)
            if place.id not in kept
        )
    return out
