"""Who holds the ground: control changes and assertions read from one sentence.

A *change* says a place changed hands ("X was captured by pro-Assad forces",
"rebels withdrew from Y", "Z fell"); an *assertion* says who holds it
("rebels were holding out in A, B and C", "W, one of the last rebel-held
districts").  Verbs, side words and binding rules live in
``mapper/data/control_verbs.toml``.

A verb binds the places right after it (or right before it, for passives and
appositions), continuing along lists ("A, B and C").  A statement about an area
("all of the Old City", "east Aleppo") expands to the neighbourhoods inside it;
"all but a few districts" is kept pending and resolved per article by
:func:`resolve_all_but` once the article's assertions are known.  Negated,
future, intended or conditional statements ("close to taking", "hoping to
capture", "if rebels capture") are not changes.

This module also holds :class:`SentenceContext`, the per-sentence bundle both
this module and :mod:`mapper.extract.events` read.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from gazetteer.records import CONTROLLERS, Place
from mapper.records import ControlChange

__all__ = [
    "PlaceRef",
    "SentenceContext",
    "ControlStatement",
    "PendingAllBut",
    "find_control",
    "find_statements",
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

_AREA_KINDS = frozenset({"area", "city"})
_ASSERTION_KINDS: frozenset[str]
_TARGET_KINDS = frozenset(
    {
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
    }
)
# An assertion may name a province ("opposition-held Idlib Province"); a change never
# does (a province does not change hands in one day).
_ASSERTION_KINDS = _TARGET_KINDS | {"province"}
_CLAUSE_BREAK = re.compile(r"[;:—–]|\bwhile\b|\bwhereas\b|\bbut\b|\bhowever\b|\. ")
# "held by", "besieged by" ... belong to a label of a place, not to the verb's agent.
_LABEL_BY = re.compile(
    r"\b(?:held|controlled|run|besieged|backed|supported|led|surrounded|encircled|defended)"
    r"\s+by\s+(?:the\s+)?$",
    re.I,
)
# An actor after these words is acted upon, never the agent ("took territory from ISIS").
_OBJECT_BEFORE = re.compile(r"\b(?:from|against|on|at|with)\s+(?:the\s+)?$", re.I)
# The "by" of a passive right before its agent ("was captured by the army").
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
# Escapes (``\S``) and group names keep their case when a pattern is lower-cased.
_ESCAPE_OR_NAME = re.compile(r"\\.|\(\?P<\w+>")


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A resolved place named in a sentence; offsets are relative to the sentence."""

    place: Place
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """Everything the event and control readers need to know about one sentence.

    Offsets of ``places`` and ``actors`` are relative to ``text``; ``start`` and
    ``end`` place ``text`` in the article.  ``actors`` are objects with
    ``actor``, ``side``, ``surface``, ``start``, ``end`` (the attribute helper's
    ``ActorMention``).  ``context_sides`` are sides named in the previous
    sentence of the paragraph, ``context_area`` the last area or city the
    article named before this sentence, ``report_date`` the day the entry was
    written (the date of present-tense assertions; None: ``date``).
    """

    article_id: str
    text: str
    start: int
    end: int
    date: date
    date_precision: str = "day"
    date_end: date | None = None
    date_explicit: bool = False
    entry_time_utc: datetime | None = None
    in_comments: bool = False
    places: tuple[PlaceRef, ...] = ()
    actors: tuple[Any, ...] = ()
    certainty: str = "reported"
    fatalities: int = 0
    fatalities_phrase: str = ""
    fatalities_span: tuple[int, int] | None = None
    context_sides: tuple[str, ...] = ()
    context_area: Place | None = None
    report_date: date | None = None


@dataclass(frozen=True, slots=True)
class ControlStatement:
    """One change or assertion before expansion to neighbourhoods."""

    kind: str  # change | assertion
    to: str
    from_: str
    targets: tuple[PlaceRef, ...]
    trigger_start: int
    trigger_end: int
    whole: bool = False
    role: str = ""  # winner | loser | fell | listed | handover, for changes
    date: date | None = None  # when not the sentence's date (assertions of the time of writing)


@dataclass(frozen=True, slots=True)
class PendingAllBut:
    """ "Took all but a few districts": resolved per article by :func:`resolve_all_but`."""

    ctx: SentenceContext = field(compare=False)
    area: Place
    to: str
    from_: str


@dataclass(frozen=True, slots=True)
class _Assertion:
    """One ``[[assertion]]`` block of the lexicon.

    ``pattern`` matches a lower-cased sentence, ``fallback`` (case-insensitive)
    the rare one whose lower-casing changes its length; ``needs`` are words
    one of which every match contains (a cheap test that skips the scan).
    """

    pattern: re.Pattern[str]
    fallback: re.Pattern[str]
    needs: tuple[str, ...]
    bind: str
    side_from: str  # pattern (the SIDE word) | subject (the agent) | fixed (``side``)
    side: str = ""
    dated: str = "report"  # report: the day of writing | sentence: the day told of


@dataclass(frozen=True, slots=True)
class _Lexicon:
    changes: re.Pattern[str]  # every change verb, group c<i> for block i; lower-cased text
    changes_fallback: re.Pattern[str]  # the same, case-insensitive
    roles: tuple[tuple[str, str], ...]  # (role, bind) of block i
    assertions: tuple[_Assertion, ...]
    assertion_gate: re.Pattern[str]  # a sentence without a match holds no assertion
    assertion_gate_low: re.Pattern[str]  # the same, for the lower-cased sentence
    needed: frozenset[str]  # every ``needs`` word of the assertion blocks
    side_words: tuple[tuple[re.Pattern[str], str], ...]
    side_any: re.Pattern[str]
    opponents: dict[str, str]
    side_labels: dict[str, str]
    whole_assertion: re.Pattern[str]
    guard: re.Pattern[str]
    window: int
    gerund_ok: frozenset[str]
    whole: re.Pattern[str]
    partial: re.Pattern[str]
    partial_after: re.Pattern[str]
    all_but: re.Pattern[str]
    city_area: dict[str, str]
    max_gap: int
    after_gap: re.Pattern[str]
    before_gap: re.Pattern[str]
    list_gap: re.Pattern[str]
    not_target: re.Pattern[str]


def _words(patterns: list[str]) -> str:
    """One alternation of whole-word patterns, longest first."""
    return r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")\b"


def lower_pattern(pattern: str) -> str:
    """A regular expression with its literal letters lower-cased (escapes and group names kept)."""
    out, pos = [], 0
    for m in _ESCAPE_OR_NAME.finditer(pattern):
        out += [pattern[pos : m.start()].lower(), m.group()]
        pos = m.end()
    return "".join(out) + pattern[pos:].lower()


def lower_pair(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(lower-case pattern, case-insensitive fallback): see :func:`lowered`.

    Matching lower-case literals against a lower-cased sentence is two to four
    times faster than ``re.I``, which tries both cases at every character.
    """
    return re.compile(lower_pattern(pattern)), re.compile(pattern, re.I)


@lru_cache(maxsize=64)
def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset, else None (then use the ``re.I`` pattern).

    Cached: the control and event readers ask for the same sentence in turn.
    """
    low = text.lower()
    return low if len(low) == len(text) else None


def _scan_text(text: str, pair: tuple[re.Pattern[str], re.Pattern[str]]) -> tuple[Any, str]:
    """The pattern of ``pair`` to use on ``text`` and the string to run it on."""
    low = lowered(text)
    return (pair[0], low) if low is not None else (pair[1], text)


@cache
def _lexicon() -> _Lexicon:
    """Load ``control_verbs.toml`` once."""
    raw = tomllib.loads(files("mapper").joinpath("data", "control_verbs.toml").read_text("utf-8"))
    side_alt = "|".join(
        sorted((w for ws in raw["side_words"].values() for w in ws), key=len, reverse=True)
    )

    def words_of(ps: list[str]) -> str:
        # A side word may be possessive: "the rebels' stronghold in X".
        side = f"(?P<side>{side_alt})(?:['’]s?)?"
        return _words([p.replace("SIDE", side) for p in ps])

    # Scanning every assertion pattern over every sentence with a place is
    # slow; one short pattern of the words they all need rules most sentences out.
    gate_low, gate = lower_pair(_words([side_alt, *raw["assertion_gate"]["words"]]))

    # One scan for every change verb: group c<i> names the [[change]] block (earlier wins).
    blocks = [
        f"(?P<c{i}>{'|'.join(sorted(c['patterns'], key=len, reverse=True))})"
        for i, c in enumerate(raw["change"])
    ]
    changes = lower_pair(r"\b(?:" + "|".join(blocks).replace("SIDE", f"(?:{side_alt})") + r")\b")
    roles = tuple((c["role"], c["bind"]) for c in raw["change"])
    assertions = tuple(
        _Assertion(
            *lower_pair(words_of([a["pattern"]])),
            tuple(w.lower() for w in a["needs"]),
            a["bind"],
            "fixed" if "side" in a else a.get("side_from", "pattern"),
            a.get("side", ""),
            a.get("dated", "report"),
        )
        for a in raw["assertion"]
    )
    sides = tuple(
        (re.compile(r"^(?:" + "|".join(ws) + r")$", re.I), s) for s, ws in raw["side_words"].items()
    )
    g, w, b = raw["guards"], raw["wholes"], raw["binding"]
    return _Lexicon(
        changes=changes[0],
        changes_fallback=changes[1],
        roles=roles,
        assertions=assertions,
        assertion_gate=gate,
        assertion_gate_low=gate_low,
        needed=frozenset(w for a in assertions for w in a.needs),
        side_words=sides,
        opponents=raw["opponents"],
        side_labels=dict(raw["side_labels"]),
        whole_assertion=re.compile(_words(w["whole_assertion"]), re.I),
        side_any=re.compile(rf"\b(?:{side_alt})\b", re.I),
        guard=re.compile(_words(g["before"]), re.I),
        window=int(g["window"]),
        gerund_ok=frozenset(g["gerund_ok_after"]),
        whole=re.compile(_words(w["whole"]), re.I),
        partial=re.compile(_words(w["partial"]), re.I),
        partial_after=re.compile(w["partial_after"], re.I),
        all_but=re.compile(_words(w["all_but"]), re.I),
        city_area=dict(w["city_area"]),
        max_gap=int(b["max_gap"]),
        after_gap=re.compile(b["after_gap"], re.I),
        before_gap=re.compile(b["before_gap"], re.I),
        list_gap=re.compile(b["list_gap"], re.I),
        not_target=re.compile(b["not_target"], re.I),
    )


# -- sides -----------------------------------------------------------------


def side_of_word(word: str) -> str:
    """Controller for a side word of the lexicon ("opposition" -> ``rebel``), "" if none."""
    for pattern, side in _lexicon().side_words:
        if pattern.match(word.strip()):
            return side
    return ""


def actor_side(actor: Any) -> str:
    """Controller vocabulary for an actor mention's side, "" for non-combatants."""
    side = str(getattr(actor, "side", "") or "")
    if side in CONTROLLERS and side not in ("contested", "unknown"):
        return side
    return side_of_word(side) if side else ""


def side_label(side: str) -> str:
    """The actor name for a side named only by a word ("the army" -> Syrian regime forces)."""
    return _lexicon().side_labels.get(side, "")


def opponent(side: str) -> str:
    """Whom ``side`` takes ground from when the report does not say."""
    return _lexicon().opponents.get(side, "unknown")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Span of the clause around ``text[start:end]`` (split at ;, :, dashes, but, while)."""
    starts, ends = _clause_breaks(text)
    i = bisect_right(ends, start)  # breaks that end at or before ``start``
    lo = ends[i - 1] if i else 0
    j = bisect_left(starts, end)
    return lo, (starts[j] if j < len(starts) else len(text))


@lru_cache(maxsize=256)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of a sentence's clause breaks (asked for again and again per sentence)."""
    spans = [m.span() for m in _CLAUSE_BREAK.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


def agent_side(ctx: SentenceContext, start: int, end: int, *, inside: bool = False) -> str:
    """Side of the agent of the verb at ``[start, end)``.

    The ``by ...`` phrase of a passive wins; else the nearest combatant named
    before the verb in its clause; else the nearest one after it in the clause;
    else the side acting in the previous sentence; else the nearest one named
    after the verb.
    """
    lo, hi = clause_bounds(ctx.text, start, end)
    fighters = [
        a
        for a in ctx.actors
        if actor_side(a)
        and lo <= a.start
        and a.end <= hi
        and not _OBJECT_BEFORE.search(ctx.text, max(lo, a.start - 20), a.start)
    ]
    for a in sorted(fighters, key=lambda a: a.start):
        lead = ctx.text[max(end, a.start - 40) : a.start]
        if (
            a.start >= end
            and a.start - end < 80
            and _BY_BEFORE.search(lead)
            and not _LABEL_BY.search(lead)  # "took X, the last district held by the rebels"
        ):
            return actor_side(a)
    # With ``inside``, an actor within the cue ("regime bombing") is its agent too.
    before = [a for a in fighters if (a.start < end if inside else a.end <= start)]
    if before:
        return actor_side(max(before, key=lambda a: a.end))
    named = side_word_before(ctx.text, lo, start)
    if named:
        return named
    if ctx.context_sides:
        return ctx.context_sides[0]
    after = [a for a in fighters if a.start >= end]
    return actor_side(min(after, key=lambda a: a.start)) if after else ""


def side_word_before(text: str, lo: int, start: int) -> str:
    """The last side word of the lexicon ("the opposition") in ``text[lo:start]``."""
    found = ""
    for m in _lexicon().side_any.finditer(text, lo, start):
        found = side_of_word(m.group(0))
    return found


def _after_to_side(ctx: SentenceContext, end: int) -> str:
    """Side named right after "fell to"."""
    for a in sorted(ctx.actors, key=lambda a: a.start):
        if a.start >= end - 1 and a.start - end < 40 and actor_side(a):
            return actor_side(a)
    m = _lexicon().side_any.search(ctx.text, end, min(len(ctx.text), end + 40))
    return side_of_word(m.group(0)) if m else ""


# -- guards and binding -------------------------------------------------------


def guarded(text: str, start: int, end: int, *, gerunds: bool = True) -> bool:
    """Whether the verb at ``[start, end)`` is negated, future, intended or conditional.

    With ``gerunds``, a verb in -ing ("capturing X") only counts after "after",
    "since", ... : elsewhere it names an aim or a generality.
    """
    lex = _lexicon()
    lo, _ = clause_bounds(text, start, end)
    words = text[lo:start].split()[-lex.window :]
    if lex.guard.search(" ".join(words)):
        return True
    if words and words[-1].lower() == "to":
        return True  # an infinitive names an aim: "launched a counterattack to recapture X"
    verb = text[start:end].split()[0].lower()
    if gerunds and verb.endswith("ing"):
        prev = words[-1].lower().strip(",") if words else ""
        return prev not in lex.gerund_ok
    return False


def _targets(
    ctx: SentenceContext, start: int, end: int, bind: str, kinds: frozenset[str] = _TARGET_KINDS
) -> list[PlaceRef]:
    """Places bound by the verb at ``[start, end)``: right after or before it, with lists.

    ``bind`` is ``after``, ``before``, ``after_before`` (after, else before) or
    ``both`` (the places before and the places after).  Assertions (``kinds``
    with provinces) bind names in apposition, so the words before a name
    ("near", "from") do not disqualify it, and an unbound name after the cue
    does not stop binding before it.
    """
    assertion = kinds is _ASSERTION_KINDS
    lex = _lexicon()
    lo, hi = clause_bounds(ctx.text, start, end)
    places = sorted(
        (p for p in ctx.places if lo <= p.start and p.end <= hi and p.place.kind in kinds),
        key=lambda p: p.start,
    )
    if not places:
        return []
    found: list[PlaceRef] = []
    if bind.startswith("after") or bind == "both":
        found = _bind_after(ctx.text, places, end, lex)
    if bind == "both":
        found = _bind_before(ctx.text, places, start, lex) + found
    elif (
        not found
        and bind.endswith("before")
        and not (bind == "after_before" and not assertion and _has_after(ctx, places, end))
    ):
        found = _bind_before(ctx.text, places, start, lex)
    return [
        p
        for p in found
        if assertion
        or not lex.not_target.search(ctx.text[max(0, p.start - 25) : p.start])
        or (p.start >= end and p.start - end <= 6)
    ]


def _has_after(ctx: SentenceContext, places: list[PlaceRef], end: int) -> bool:
    """Whether any place follows the verb closely (an active verb with an object)."""
    return any(0 <= p.start - end <= _lexicon().max_gap for p in places)


def _bind_after(text: str, places: list[PlaceRef], end: int, lex: _Lexicon) -> list[PlaceRef]:
    after = [p for p in places if p.start >= end]
    if (
        not after
        or after[0].start - end > lex.max_gap
        or not lex.after_gap.match(text[end : after[0].start])
    ):
        return []
    out = [after[0]]
    for p in after[1:]:
        if lex.list_gap.match(text[out[-1].end : p.start]):
            out.append(p)
        else:
            break
    return out


def _bind_before(text: str, places: list[PlaceRef], start: int, lex: _Lexicon) -> list[PlaceRef]:
    before = [p for p in places if p.end <= start]
    if (
        not before
        or start - before[-1].end > lex.max_gap
        or not lex.before_gap.match(text[before[-1].end : start])
    ):
        return []
    out = [before[-1]]
    for p in reversed(before[:-1]):
        if lex.list_gap.match(text[p.end : out[-1].start]):
            out.append(p)
        else:
            break
    return sorted(out, key=lambda p: p.start)


# -- statements ---------------------------------------------------------------


def _change_sides(ctx: SentenceContext, m: re.Match[str], role: str) -> tuple[str, str]:
    """(to, from) of a change verb with this role."""
    if role == "loser":
        lost = agent_side(ctx, m.start(), m.start())
        by = _by_side(ctx, m.end())
        return (by or opponent(lost), lost) if lost else ("", "")
    if role == "handover":
        giver = agent_side(ctx, m.start(), m.start())
        taker = _after_to_side(ctx, m.end() + 1) if giver else ""
        return (taker, giver) if taker and taker != giver else ("", "")
    if role == "fell":
        won = _after_to_side(ctx, m.end()) if m.group(0).lower().endswith(" to") else ""
        won = (
            won
            or (ctx.context_sides[0] if ctx.context_sides else "")
            or agent_side(ctx, m.start(), m.end())
        )
        return won, opponent(won)
    won = agent_side(ctx, m.start(), m.end())
    return won, opponent(won)


def _by_side(ctx: SentenceContext, end: int) -> str:
    for a in sorted(ctx.actors, key=lambda a: a.start):
        if (
            a.start >= end
            and actor_side(a)
            and _BY_BEFORE.search(ctx.text[end : a.start])
        ):
            return actor_side(a)
    return ""


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
    out: list[ControlStatement] = []
    pending: list[PendingAllBut] = []
    taken: list[tuple[int, int]] = []
    targetable = any(p.place.kind in _TARGET_KINDS for p in ctx.places)
    if targetable or may_be_whole(ctx.text):
        changes, text = _scan_text(ctx.text, (lex.changes, lex.changes_fallback))
        for m in changes.finditer(text):
            role, bind = lex.roles[int(m.lastgroup[1:])]  # type: ignore[index]
            if any(s < m.end() and m.start() < e for s, e in taken) or guarded(
                ctx.text, m.start(), m.end()
            ):
                continue
            if _inside_place(ctx, m.start(), m.end()):
                continue
            to, from_ = _change_sides(ctx, m, role)
            if not to:
                continue
            taken.append(m.span())
            allbut = lex.all_but.search(ctx.text, m.end(), min(len(ctx.text), m.end() + 40))
            if allbut and allbut.start() - m.end() < 4:
                area = _context_area(ctx, lex, gaz)
                if area is not None:
                    pending.append(PendingAllBut(ctx, area, to, from_))
                continue
            targets = _targets(ctx, m.start(), m.end(), bind if role != "listed" else "after")
            if targets:
                out.append(
                    ControlStatement("change", to, from_, tuple(targets), *m.span(), role=role)
                )
    changed = {t.place.id for st in out for t in st.targets}
    out.extend(_assertions(ctx, taken, gaz, changed))
    return out, pending


def may_be_whole(sentence: str) -> bool:
    """Whether a sentence without a place may still change hands ("all but a few districts")."""
    return bool(_lexicon().all_but.search(sentence))


def _inside_place(ctx: SentenceContext, start: int, end: int) -> bool:
    """Whether a cue lies inside a place name ("rebel-held Aleppo" is a name)."""
    return any(p.start <= start and end <= p.end for p in ctx.places)


def _context_area(ctx: SentenceContext, lex: _Lexicon, gaz: Any) -> Place | None:
    """The area a sentence without one talks about: its own, else the article's last."""
    areas = [p.place for p in ctx.places if p.place.kind in _AREA_KINDS]
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
) -> list[ControlStatement]:
    """Assertions of who holds which neighbourhood, town or province.

    An area with neighbourhoods needs a word saying all of it is held ("fully
    under government control"); a town or a city without mapped districts is
    one unit.  A place that changes hands in the same sentence gets no
    assertion: "troops entered X, the last district held by the rebels" tells
    who held it before.  Assertions in the present tense, and labels
    ("rebel-held X"), are dated to the day of writing.
    """
    out: list[ControlStatement] = []
    if not any(p.place.kind in _ASSERTION_KINDS for p in ctx.places):
        return out  # nothing an assertion could bind: skip the scans
    lex = _lexicon()
    low = lowered(ctx.text)
    gate = lex.assertion_gate.search(ctx.text) if low is None else lex.assertion_gate_low.search(low)
    if not gate:
        return out
    rules = lex.assertions
    if low is not None:  # each needed word looked for once, not once per block naming it
        present = {w for w in lex.needed if w in low}
        rules = tuple(r for r in rules if not present.isdisjoint(r.needs))
    for rule, m in ((r, m) for r in rules for m in _assertion_matches(r, ctx.text, low)):
        if any(s < m.end() and m.start() < e for s, e in taken) or _inside_place(
            ctx, m.start(), m.end()
        ):
            continue
        if rule.side_from == "subject" and guarded(ctx.text, m.start(), m.end(), gerunds=False):
            continue
        side = _assertion_side(ctx, rule, m)
        if not side:
            continue
        targets = [
            p
            for p in _targets(ctx, m.start(), m.end(), rule.bind, _ASSERTION_KINDS)
            if p.place.id not in changed
            and (
                p.place.kind not in _AREA_KINDS
                or _whole_assertion(ctx.text, p, m)
                or _is_unit(p.place, gaz)
            )
        ]
        if targets:
            taken.append(m.span())
            when = ctx.date if rule.dated == "sentence" else (ctx.report_date or ctx.date)
            out.append(
                ControlStatement("assertion", side, "", tuple(targets), *m.span(), date=when)
            )
    return out


def _assertion_matches(rule: _Assertion, text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Matches of one assertion block, on the lower-cased text when there is one."""
    return rule.pattern.finditer(low) if low is not None else rule.fallback.finditer(text)


def _assertion_side(ctx: SentenceContext, rule: _Assertion, m: re.Match[str]) -> str:
    if rule.side_from == "subject":
        return agent_side(ctx, m.start(), m.start())
    if rule.side_from == "fixed":
        return rule.side
    return side_of_word(m.group("side"))


def _is_unit(place: Place, gaz: Any) -> bool:
    """A city without mapped neighbourhoods (Palmyra, Idlib) changes hands as one place."""
    return gaz is not None and place.kind == "city" and not gaz.expand(place.id)


# -- expansion ----------------------------------------------------------------


def expand_statement(st: ControlStatement, ctx: SentenceContext, gaz: Any) -> list[ControlChange]:
    """ControlChange rows of a statement, areas expanded to their neighbourhoods."""
    lex = _lexicon()
    rows: list[ControlChange] = []
    for ref in st.targets:
        places = [ref.place]
        if _is_unit(ref.place, gaz):
            if _is_partial(ctx.text, st, ref, lex):
                continue
        elif ref.place.kind in _AREA_KINDS:
            if not _is_whole(ctx.text, st, ref, lex):
                continue
            places = gaz.expand(ref.place.id)
        rows.extend(_row(ctx, p, st.from_, st.to, st.kind, st.date) for p in places)
    return rows


def states_whole(ctx: SentenceContext, st: ControlStatement, ref: PlaceRef, gaz: Any) -> bool:
    """Whether a statement's target is meant whole: a neighbourhood or town always,
    a town-like city unless "parts of" it, an area or city with districts only
    with "all of" and the like ("recaptured east Aleppo districts" is not)."""
    if ref.place.kind not in _AREA_KINDS or st.kind != "change":
        return True
    lex = _lexicon()
    if _is_unit(ref.place, gaz):
        return not _is_partial(ctx.text, st, ref, lex)
    return _is_whole(ctx.text, st, ref, lex)


def _whole_assertion(text: str, ref: PlaceRef, m: re.Match[str]) -> bool:
    """Whether an assertion about an area says all of it ("fully under government control")."""
    lo, hi = min(ref.start, m.start()), max(ref.end, m.end())
    return bool(_lexicon().whole_assertion.search(text, max(0, lo - 20), hi))


def _is_whole(text: str, st: ControlStatement, ref: PlaceRef, lex: _Lexicon) -> bool:
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
        return bool(lex.whole.search(between) or lex.whole.search(lead))
    return True


def _is_partial(text: str, st: ControlStatement, ref: PlaceRef, lex: _Lexicon) -> bool:
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
    return ControlChange(
        date=when or ctx.date,
        place_id=place.id,
        place=place.name,
        from_=from_,
        to=to,
        kind=kind,
        certainty=ctx.certainty,
        article=ctx.article_id,
        sentence=ctx.text,
        start=ctx.start,
        end=ctx.end,
        in_comments=ctx.in_comments,
    )


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
            for place in gaz.expand(p.area.id)
            if place.id not in kept
        )
    return out
