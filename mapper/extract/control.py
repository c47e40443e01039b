"""Who holds the ground: control changes and assertions read from one sentence.

A *change* says a place changed hands ("X was captured by pro-Assad forces",
"rebels withdrew from Y", "Z fell"); an *assertion* says who holds it
("rebels were holding out in A, B and C", "W, one of the last rebel-held
districts").  Verbs, side words and binding rules live in
``mapper/data/control_verbs.toml``.

A verb binds the places right after it (or right before it, for passives and
appositions), continuing along lists ("A, B and C"); a verb with its object
first in a relative clause ("X, which the rebels captured") binds the
antecedent, its side the clause's subject.  A statement about an area
("all of the Old City", "east Aleppo") expands to the neighbourhoods inside it;
"all but a few districts" is kept pending and resolved per article by
:func:`resolve_all_but` once the article's assertions are known.  Negated,
future, intended or conditional statements ("close to taking", "hoping to
capture", "if rebels capture") are not changes.

The parts live in their own modules and are re-exported here:
:mod:`mapper.extract.context` (:class:`SentenceContext` and the statement
records), :mod:`mapper.extract.control_lexicon` (the compiled lexicon),
:mod:`mapper.extract.sides` (who acts) and :mod:`mapper.extract.wholes`
(expansion of areas and "all but").
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Any

from gazetteer.records import Place
from mapper.extract.context import ControlStatement, PendingAllBut, PlaceRef, SentenceContext
from mapper.extract.control_lexicon import (
    AREA_KINDS,
    ASSERTION_KINDS,
    TARGET_KINDS,
    Assertion,
    Gaps,
    Lexicon,
    assertions_in,
    changes_in,
    lower_pair,
    lower_pattern,
    lower_text,
    lowered,
    needs_in,
)
from mapper.extract.control_lexicon import lexicon as _lexicon
from mapper.extract.sides import (
    actor_side,
    agent_side,
    change_sides,
    clause_bounds,
    side_label,
    side_of_word,
    side_word_before,
)
from mapper.extract.wholes import (
    expand_statement,
    is_unit,
    may_be_whole,
    resolve_all_but,
    states_whole,
    whole_assertion,
)
from mapper.records import ControlChange

__all__ = [
    "PlaceRef",
    "SentenceContext",
    "ControlStatement",
    "PendingAllBut",
    "expand_statement",
    "find_control",
    "find_statements",
    "guarded",
    "resolve_all_but",
    "actor_side",
    "agent_side",
    "clause_bounds",
    "lower_pair",
    "lower_pattern",
    "lowered",
    "may_be_whole",
    "side_label",
    "side_word_before",
    "states_whole",
]

_start = attrgetter("start")
# Any decimal digit, as ``\d`` in the lexicon's ``bare_year`` reads one: see _history.
_DIGIT = re.compile(r"\d")
# "A and B, the two government-held villages in Idlib Province": the villages are A and B;
# the province after "in" only says where they lie, and is not held as a whole.
_SMALL_IN = re.compile(r"\b(?:districts?|neighbou?rhoods?|quarters?|towns?|villages?)\s+in$", re.I)
_CONTAINERS = frozenset({"province", "country", "city"})
# A change told only as the content of a claim the sentence calls false: "Claims that the
# army has entered X are false", "reports that rebels retook X were untrue".
_FALSE_WORDS = ("false", "untrue", "baseless", "unfounded", "fabricated", "wrong", "not true", "fake")
_FALSE_CLAIM = re.compile(
    r"\b(?:claims?|reports?|rumou?rs?|allegations?|stories)\b[^.;:!?]{0,40}?\bthat\b(?P<claim>[^.;:!?]{1,150}?)"
    r"\b(?:is|are|was|were)\s+(?:(?:completely|totally|entirely|simply|also)\s+)?"
    rf"(?:{'|'.join(_FALSE_WORDS)})\b",
    re.I,
)


def _in_false_claim(text: str, start: int) -> bool:
    """Whether the verb at ``start`` tells what a claim the sentence calls false says."""
    low = lower_text(text)
    if not any(w in low for w in _FALSE_WORDS):  # cheap: most sentences call nothing false
        return False
    return any(m.start("claim") <= start < m.end("claim") for m in _FALSE_CLAIM.finditer(text))


# -- guards and binding -------------------------------------------------------


def guarded(
    text: str, start: int, end: int, *, gerunds: bool = True, low: str | None = None
) -> bool:
    """Whether the verb at ``[start, end)`` is negated, future, intended or conditional.

    With ``gerunds``, a verb in -ing ("capturing X") only counts after "after",
    "since", ... : elsewhere it names an aim or a generality.  ``low`` is
    ``lowered(text)``, if the caller has it.
    """
    lex = _lexicon()
    lo, _ = clause_bounds(text, start, end)
    if low is not None:
        return _guarded_low(low, lo, start, end, gerunds, lex)
    words = text[lo:start].split()[-lex.window :]
    before = " ".join(words)
    low = before.lower()
    if lex.guard_low.search(low) if len(low) == len(before) else lex.guard.search(before):
        return True
    if words and words[-1].lower() == "to":
        # an infinitive names an aim ("launched a counterattack to recapture X"),
        # unless a word before says it was done ("were forced to withdraw from X")
        return len(words) < 2 or words[-2].lower() not in lex.infinitive_ok
    if gerunds and text[start:end].split()[0].lower().endswith("ing"):
        prev = words[-1].lower().strip(",") if words else ""
        return prev not in lex.gerund_ok
    return False


def _guarded_low(low: str, lo: int, start: int, end: int, gerunds: bool, lex: Lexicon) -> bool:
    """:func:`guarded` on the lowered sentence: its words are those of ``text``, lower-cased.

    (``low`` keeps every offset, so each character lowers to one: the words and
    spaces stay where they were.  Only a Greek sigma may lower otherwise than in
    the words alone, and no guard or gerund word holds one.)
    """
    # rsplit: only the last words are wanted, and the clause before them may be long.
    words = low[lo:start].rsplit(None, lex.window)[-lex.window :]
    if lex.guard_low.search(" ".join(words)):
        return True
    if words and words[-1] == "to":
        return len(words) < 2 or words[-2] not in lex.infinitive_ok  # an aim, unless done
    if gerunds and low[start:end].split(None, 1)[0].endswith("ing"):
        return (words[-1].strip(",") if words else "") not in lex.gerund_ok
    return False


def _targets(
    ctx: SentenceContext,
    start: int,
    end: int,
    bind: str,
    kinds: frozenset[str] = TARGET_KINDS,
    low: str | None = None,
) -> list[PlaceRef]:
    """Places bound by the verb at ``[start, end)``: right after or before it, with lists.

    ``bind`` is ``after``, ``before``, ``after_before`` (after, else before) or
    ``both`` (the places before and the places after).  Assertions (``kinds``
    with provinces) bind names in apposition, so the words before a name
    ("near", "from") do not disqualify it, and an unbound name after the cue
    does not stop binding before it.  ``low`` is ``lowered(ctx.text)``, if any.
    """
    assertion = kinds is ASSERTION_KINDS
    lex = _lexicon()
    lo, hi = clause_bounds(ctx.text, start, end)
    places = [p for p in ctx.places if lo <= p.start and p.end <= hi and p.place.kind in kinds]
    if not places:
        return []
    places.sort(key=_start)
    text, gaps = (low, lex.gaps_low) if low is not None else (ctx.text, lex.gaps)
    if bind == "both":
        return _bind_before(text, places, start, gaps, lex.max_gap) + _bind_after(
            text, places, end, gaps, lex.max_gap
        )
    dated = ctx.clause_dates.refs if ctx.clause_dates is not None else ()
    found = (_bind_after(text, places, end, gaps, lex.max_gap, dated)
             if bind.startswith("after") else [])
    if (
        not found
        and bind.endswith("before")
        and not (
            bind == "after_before"
            and not assertion
            and _has_after(places, end, lex)
            # "X was recaptured by the army, which pushed on to Y": a passive binds before
            and not gaps.passive.search(text, max(lo, start - 30), start)
        )
    ):
        found = _bind_before(text, places, start, gaps, lex.max_gap)
        if found and not assertion and _not_subject(text, found[0], start, gaps):
            return []
    if assertion:
        if found and _SMALL_IN.search(text, start, end) and all(
            p.place.kind in _CONTAINERS for p in found
        ):
            return _bind_before(text, places, start, gaps, lex.max_gap) if bind.endswith("before") else []
        return found
    # The object right after the verb is bound even when "from" or "near" stands before it.
    return [
        p
        for p in found
        if 0 <= p.start - end <= 6 or not gaps.not_target.search(text[max(0, p.start - 25) : p.start])
    ]


def _not_subject(text: str, first: PlaceRef, start: int, gaps: Gaps) -> bool:
    """Whether the places bound before the verb at ``start`` sit in a phrase of place.

    "Soldiers in X were captured": X is where, not what, was captured.  Only
    when nothing but the verb phrase follows the place (no comma: "fighting
    raged in X, which fell" binds X).
    """
    return "," not in text[first.end : start] and bool(
        gaps.not_subject.search(text, max(0, first.start - 40), first.start)
    )


def _has_after(places: list[PlaceRef], end: int, lex: Lexicon) -> bool:
    """Whether any place follows the verb closely (an active verb with an object)."""
    return any(0 <= p.start - end <= lex.max_gap for p in places)


def _bind_after(
    text: str, places: list[PlaceRef], end: int, gaps: Gaps, max_gap: int, dated: tuple = ()
) -> list[PlaceRef]:
    """The places right after a verb, with the list they open.

    ``dated`` are the day phrases of a sentence naming several days
    (:class:`~mapper.extract.clause_dates.ClauseDates`): one right after a place of the
    list does not end it ("took A last weekend and B on Tuesday").
    """
    after = [p for p in places if p.start >= end]
    if (
        not after
        or after[0].start - end > max_gap
        or not gaps.after.match(text[end : after[0].start])
    ):
        return []
    out = [after[0]]
    for p in after[1:]:
        lo = out[-1].end
        for r in dated:  # a date phrase closing the last place's clause
            if lo <= r.start and r.end <= p.start and not text[lo : r.start].strip():
                lo = r.end
                break
        if gaps.between.match(text[lo : p.start]):
            out.append(p)
        else:
            break
    return out


def _bind_before(
    text: str, places: list[PlaceRef], start: int, gaps: Gaps, max_gap: int
) -> list[PlaceRef]:
    """Places right before ``start`` (the verb), with the list they end.

    "X, the district next to Y, fell": a reference point ("next to Y") inside an
    apposition gives way to the place before it, when the gap from that one fits.
    """
    before = [p for p in places if p.end <= start]
    while (
        len(before) > 1
        and gaps.not_target.search(text, max(0, before[-1].start - 25), before[-1].start)
        and start - before[-2].end <= max_gap
        and gaps.before.match(text[before[-2].end : start])
    ):
        before.pop()
    if (
        not before
        or start - before[-1].end > max_gap
        or not gaps.before.match(text[before[-1].end : start])
    ):
        return []
    out = [before[-1]]
    for p in reversed(before[:-1]):
        if gaps.between.match(text[p.end : out[-1].start]):
            out.append(p)
        else:
            break
    return sorted(out, key=_start)


# -- statements ---------------------------------------------------------------


def find_statements(
    ctx: SentenceContext, gaz: Any = None
) -> tuple[list[ControlStatement], list[PendingAllBut]]:
    """Changes and assertions of one sentence, before expansion of wholes.

    ``gaz`` (the Gazetteer) is needed only to map a city in context to the part
    of it a statement is about (``city_area`` in the lexicon).

    Returns
    -------
    statements : list of ControlStatement
    pending : list of PendingAllBut
        "all but a few districts" statements, for :func:`resolve_all_but`.
    """
    lex = _lexicon()
    text, places = ctx.text, ctx.places
    out: list[ControlStatement] = []
    pending: list[PendingAllBut] = []
    taken: list[tuple[int, int]] = []
    relative: list[int] = []  # indices in ``out`` of changes read from a relative clause
    low = lowered(text)
    # The blocks worth scanning; every block when lower-casing shifts offsets.
    needs = needs_in(low) if low is not None else -1
    if needs & lex.change_bits and (
        _has_kind(places, TARGET_KINDS) or may_be_whole(text)
    ):
        cues = (
            changes_in(needs & lex.change_bits).finditer(low)
            if low is not None
            else lex.changes_fallback.finditer(text)
        )
        for m in cues:
            start, end = m.span()
            if (
                (taken and any(s < end and start < e for s, e in taken))
                or guarded(text, start, end, low=low)
                or _in_false_claim(text, start)
                or _inside_place(places, start, end)
            ):
                continue
            role, bind = lex.roles[m.lastgroup]  # type: ignore[index]
            to, from_ = change_sides(ctx, m, role)
            if not to:
                continue
            taken.append((start, end))
            # The text every "all but" holds, in the window, else no match (Lexicon.all_but_part).
            allbut = (
                lex.all_but.search(text, end, end + 40)
                if low is None or low.find(lex.all_but_part, end, end + 40) >= 0
                else None
            )
            if allbut and allbut.start() - end < 4:
                area = _context_area(ctx, lex, gaz)
                if area is not None:
                    pending.append(PendingAllBut(ctx, area, to, from_))
                continue
            st, from_relative = _change(ctx, m, role, bind, (to, from_), low)
            if st is not None:
                if from_relative:
                    relative.append(len(out))
                out.append(st)
        if relative:
            out = _drop_restated(out, relative)
    if places and needs & lex.assertion_bits:  # an assertion block may match
        changed = {t.place.id for st in out for t in st.targets}
        out.extend(_assertions(ctx, taken, gaz, changed, low=low, needs=needs))
    return out, pending


def _change(
    ctx: SentenceContext,
    m: re.Match[str],
    role: str,
    bind: str,
    sides: tuple[str, str],
    low: str | None,
) -> tuple[ControlStatement | None, bool]:
    """The change told by the cue ``m`` (None without a place), and whether a relative clause placed it.

    ``sides`` are (to, from) as :func:`change_sides` read them; a relative
    clause reads them again from its subject.  History ("in 2012") is no change.
    """
    start, end = m.span()
    to, from_ = sides
    targets = _targets(ctx, start, end, bind if role != "listed" else "after", low=low)
    rel = None
    if not targets and bind != "before" and role != "listed":
        rel = _relative(ctx, start, low)
        if rel is not None:
            targets = rel[0]
            to, from_ = change_sides(ctx, m, role, agent=rel[1])
    lex = _lexicon()
    if not targets or not to or _history(ctx, end, lex) or _conjecture(ctx.text, m, targets, lex):
        return None, False
    return ControlStatement("change", to, from_, tuple(targets), start, end, False, role), rel is not None


def _conjecture(text: str, m: re.Match[str], targets: list[PlaceRef], lex: Lexicon) -> bool:
    """Whether a noun cue's phrase is the subject of a modal verb ("the fall of X would ...").

    Such a sentence weighs what a capture would bring; it reports none.
    """
    if lex.nominal_cue.match(m.group()) is None:
        return False
    return lex.modal_after.match(text, max(t.end for t in targets)) is not None


def _relative(
    ctx: SentenceContext, start: int, low: str | None
) -> tuple[list[PlaceRef], str] | None:
    """(places, subject side) of an object-first relative clause ending at the verb at ``start``.

    "Qabasin, which Turkish-backed rebels captured": the place is the object,
    the subject inside the clause the agent ("" for "they": the caller finds it).
    In "Kobani, the town north of Manbij that the YPG took" the place right
    before "that" is a reference point in an apposition: an earlier place the
    apposition fits is the antecedent.  None without such a clause, or when its
    subject names no combatant ("which journalists entered").
    """
    lex = _lexicon()
    text, gaps = (low, lex.gaps_low) if low is not None else (ctx.text, lex.gaps)
    lo, _ = clause_bounds(ctx.text, start, start)
    rel = gaps.relative.search(text, lo, start)
    agent = _subject_side(ctx, rel.start("subject"), start) if rel is not None else None
    if rel is None or agent is None:
        return None
    places = sorted(
        (p for p in ctx.places if lo <= p.start and p.end <= rel.start() and p.place.kind in TARGET_KINDS),
        key=_start,
    )
    best = -1
    for i in range(len(places) - 1, -1, -1):
        fits = gaps.antecedent.match(text[places[i].end : rel.start()]) is not None
        best = i if fits else best
        # Only a reference point ("north of Y") lets an earlier place be the antecedent.
        if not gaps.not_target.search(text, max(0, places[i].start - 25), places[i].start):
            break
    if best < 0:
        return None
    found = _bind_before(text, places[: best + 1], places[best].end, gaps, lex.max_gap)
    # "West of al-Bab, Qabasin, which ...": a reference point is no part of the list.
    return [
        p
        for p in found
        if p is places[best] or not gaps.not_target.search(text, max(0, p.start - 25), p.start)
    ], agent


def _subject_side(ctx: SentenceContext, lo: int, hi: int) -> str | None:
    """Side of a relative clause's subject in ``text[lo:hi]``; "" for "they"; None if no combatant."""
    named = [a for a in ctx.actors if lo <= a.start and a.end <= hi and actor_side(a)]
    if named:
        return actor_side(named[-1])
    word = side_word_before(ctx.text, lo, hi)
    if word:
        return word
    return "" if re.search(r"\bthey\b", ctx.text[lo:hi], re.I) else None


def _history(ctx: SentenceContext, end: int, lex: Lexicon) -> bool:
    """Whether a bare year before the sentence's own follows the verb ending at ``end``.

    "Rebels captured Hanano in 2012" tells the war's history: dated to the
    sentence's day it would undo the news.  (A month with its year, "in
    August 2015", is dated by the date reader.)
    """
    # A match holds its year's digits, inside [end, end + 80): most verbs have
    # none after them, and a digit is found faster than the clause and the year.
    if _DIGIT.search(ctx.text, end, end + 80) is None:
        return False
    hi = min(clause_bounds(ctx.text, end, end)[1], end + 80)
    m = lex.bare_year.search(ctx.text, end, hi)
    return m is not None and int(m.group("year")) < ctx.date.year


def _drop_restated(out: list[ControlStatement], relative: list[int]) -> list[ControlStatement]:
    """``out`` without relative-clause changes of places another change of the sentence binds.

    "The army retook Hanano, which rebels captured in 2012": the clause tells an
    older change, which the sentence's date would misdate.
    """
    rel = set(relative)
    other = {t.place.id for i, st in enumerate(out) if i not in rel for t in st.targets}
    return [
        st
        for i, st in enumerate(out)
        if i not in rel or not all(t.place.id in other for t in st.targets)
    ]


def _inside_place(places: tuple[PlaceRef, ...], start: int, end: int) -> bool:
    """Whether a cue lies inside a place name ("rebel-held Aleppo" is a name)."""
    for p in places:  # a loop: any() over a generator costs more for a few places
        if p.start <= start and end <= p.end:
            return True
    return False


def _has_kind(places: tuple[PlaceRef, ...], kinds: frozenset[str]) -> bool:
    """Whether any of ``places`` is of one of ``kinds``."""
    for p in places:
        if p.place.kind in kinds:
            return True
    return False


def _context_area(ctx: SentenceContext, lex: Lexicon, gaz: Any) -> Place | None:
    """The area a sentence without one talks about: its own, else the article's last."""
    areas = [p.place for p in ctx.places if p.place.kind in AREA_KINDS]
    area = areas[0] if areas else ctx.context_area
    if area is None:
        return None
    part = lex.city_area.get(area.id) if area.kind == "city" else None
    if part and gaz is not None and part in gaz:
        return gaz.get(part)
    return area


def _assertions(
    ctx: SentenceContext,
    taken: list[tuple[int, int]],
    gaz: Any = None,
    changed: frozenset[str] | set[str] = frozenset(),
    *,
    low: str | None = None,
    needs: int | None = None,
) -> list[ControlStatement]:
    """Assertions of who holds which neighbourhood, town or province.

    An area with neighbourhoods needs a word saying all of it is held ("fully
    under government control"); a town or a city without mapped districts is
    one unit.  A place that changes hands in the same sentence gets no
    assertion: "troops entered X, the last district held by the rebels" tells
    who held it before.  Assertions in the present tense, and labels
    ("rebel-held X"), are dated to the day of writing.  ``low`` and ``needs``
    are ``lowered(ctx.text)`` and its :func:`needs_in` when the caller has them.
    """
    out: list[ControlStatement] = []
    if not _has_kind(ctx.places, ASSERTION_KINDS):
        return out  # nothing an assertion could bind: skip the scans
    text = ctx.text
    if needs is None:
        low = lowered(text)
        needs = needs_in(low) if low is not None else -1
    for rule in assertions_in(needs):
        if low is not None and rule.phrases and not any(map(low.__contains__, rule.phrases)):
            continue  # every match holds one of the phrases: no scan without them
        for m in rule.pattern.finditer(low) if low is not None else rule.fallback.finditer(text):
            start, end = m.span()
            if (
                (taken and any(s < end and start < e for s, e in taken))
                or _inside_place(ctx.places, start, end)
                or (
                    rule.side_from == "subject"
                    and guarded(text, start, end, gerunds=False, low=low)
                )
            ):
                continue
            side = _assertion_side(ctx, rule, m)
            if not side:
                continue
            targets = [
                p
                for p in _targets(ctx, start, end, rule.bind, ASSERTION_KINDS, low)
                if p.place.id not in changed
                and (
                    p.place.kind not in AREA_KINDS
                    or whole_assertion(text, p, m)
                    or is_unit(p.place, gaz)
                )
            ]
            if targets:
                taken.append((start, end))
                when = ctx.date if rule.dated == "sentence" else (ctx.report_date or ctx.date)
                out.append(
                    ControlStatement("assertion", side, "", tuple(targets), start, end, date=when)
                )
    return out


def _assertion_side(ctx: SentenceContext, rule: Assertion, m: re.Match[str]) -> str:
    if rule.side_from == "subject":
        return agent_side(ctx, m.start(), m.start())
    if rule.side_from == "fixed":
        return rule.side
    return side_of_word(m.group("side"))


def find_control(ctx: SentenceContext, gaz: Any) -> tuple[list[ControlChange], list[PendingAllBut]]:
    """Control changes and assertions of one sentence.

    Parameters
    ----------
    ctx : SentenceContext
        The sentence with its resolved places, actors, date and certainty.
    gaz : Gazetteer
        Used to expand areas ("all of the Old City") to neighbourhoods.

    Returns
    -------
    changes : list of ControlChange
        One row per neighbourhood or place, in sentence order.
    pending : list of PendingAllBut
        "all but a few districts" statements, for :func:`resolve_all_but`.
    """
    statements, pending = find_statements(ctx, gaz)
    rows = [row for st in statements for row in expand_statement(st, ctx, gaz)]
    return rows, pending
