"""The event lexicon: ``mapper/data/event_types.toml`` compiled once for :mod:`mapper.extract.event_cues`.

Every trigger of every rule goes into one pattern, bucketed by first letter so
that the engine tries one bucket per word (:func:`trigger_pattern`), with a
copy without the rule groups to find the matches fast (:func:`scan_pattern`).
The guards (future, habitual, summary, state of a means, ceased attacks,
origin and cause of a place, who is not the agent) are compiled beside them,
each with its *word gate*: words one of which every match holds whole, so a
sentence with none of them skips the pattern (:mod:`mapper.extract.trigger_words`
derives them).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from mapper.extract.control_lexicon import lower_pair, lower_pattern
from mapper.extract.trigger_words import leading_alternatives, required_words

__all__ = ["EventLexicon", "NotAgent", "Rule", "alternation", "event_lexicon", "scan_pattern", "trigger_pattern"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``[[rule]]`` of the lexicon: the event type its triggers tell, and how they weigh."""

    event_type: str
    sub_event_type: str
    priority: int
    suppresses: frozenset[str]
    weak: bool
    single_place: bool
    requires: re.Pattern[str] | None = None  # one of these in the clause, or no event
    blocked_by: re.Pattern[str] | None = None  # none of these before the cue in its clause


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """The compiled lexicon (see :func:`event_lexicon`)."""

    pattern: re.Pattern[str]  # every trigger, on lower-cased text
    scan: re.Pattern[str]  # the same without the rule groups: see ``scan_pattern``
    fallback: re.Pattern[str]  # the same, case-insensitive (lower() changed the length)
    # Word gates (see ``_gate_words``): a sentence with none of these words has no
    # cue, guard, future, habitual or summary phrasing, place of origin.
    cue_words: frozenset[bytes] | None
    guard_words: frozenset[bytes] | None
    after_words: frozenset[bytes] | None
    state_words: frozenset[bytes] | None
    ceased_words: frozenset[bytes] | None
    habitual_words: frozenset[bytes] | None
    summary_words: frozenset[bytes] | None
    origin_words: frozenset[bytes] | None
    holder_words: frozenset[bytes] | None  # the ``[agent]`` phrases: see ``NotAgent``
    victim_before_words: frozenset[bytes] | None
    victim_after_words: frozenset[bytes] | None
    gate_words: frozenset[bytes]  # the words of every gate above
    rules: tuple[Rule, ...]
    rule_of: dict[str, Rule]  # a trigger group of ``pattern`` -> its rule
    guard: re.Pattern[str]
    guard_low: re.Pattern[str]  # the same, lower-case: see ``_classify``
    window: int
    habitual: re.Pattern[str]
    habitual_low: re.Pattern[str]  # the same for a lower-cased sentence (see ``lowered``)
    territory: dict[str, str]
    max_period_days: int
    summary: re.Pattern[str]
    summary_low: re.Pattern[str]
    background_days: int
    after: re.Pattern[str]
    after_low: re.Pattern[str]
    after_window: int
    state: re.Pattern[str]  # a means present, not used: see ``state_after`` in the lexicon
    state_low: re.Pattern[str]
    ceased: re.Pattern[str]  # attacks that stopped: see ``ceased_after`` in the lexicon
    ceased_low: re.Pattern[str]
    means: re.Pattern[str]  # a cue ending in one of these names a means, which may be a state
    origin_before: re.Pattern[str]
    not_scene_after: re.Pattern[str]
    not_agent: NotAgent
    # Words one of which every match of a trigger that looks past its own text
    # holds (see ``_context_words``); None: some trigger cannot be read.
    context_words: frozenset[bytes] | None = None
    # A trigger phrase (lower-case) -> the group of ``pattern`` it is always
    # matched by, or "" when that depends on the text around it: filled as
    # phrases are met (see ``event_cues._hits``).
    group_of: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NotAgent:
    """Phrases in which an actor is not the agent of the sentence's events (``[agent]``)."""

    holder: re.Pattern[str]  # "in rebel hands", "rebel-held", "anti-regime": no agent
    victim_before: re.Pattern[str]  # "killed three militants": the target after the verb
    victim_after: re.Pattern[str]  # "soldiers were killed": the target before the passive
    # The same three, lower-case, for an ASCII sentence lower-cased (see ``lowered``).
    holder_low: re.Pattern[str]
    victim_before_low: re.Pattern[str]
    victim_after_low: re.Pattern[str]


def alternation(patterns: list[str]) -> str:
    return "|".join(sorted(patterns, key=len, reverse=True))


def trigger_pattern(triggers: list[list[str]]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern for every rule's triggers (rules in priority order).

    Triggers are bucketed by their first letter, ``a(?:...)|b(?:...)``, so the
    engine tries one bucket per word instead of every trigger: this pattern
    runs over every sentence with a place.  Group ``r<rule>_<letter><n>`` names the
    rule; triggers not starting with a plain letter go first, in rule order, as
    groups ``r<rule>__<n>``.
    Returns the lower-case pattern and its case-insensitive fallback.
    """
    misc, buckets = _bucketed(triggers)
    # "__": a letter bucket of the same rule is ``r<i>_<letter><n>``, so
    # "_m0" here would clash with the bucket of words starting with "m"
    alts = [f"(?P<r{i}__{n}>{t})" for n, (i, t) in enumerate(misc)]
    for head, groups in sorted(buckets.items()):
        parts = [f"(?P<r{i}_{head}{n}>{alternation(rests)})" for n, (i, rests) in enumerate(groups)]
        alts.append(f"{head}(?:{'|'.join(parts)})")
    return lower_pair(rf"\b(?:{'|'.join(alts)})\b")


def scan_pattern(triggers: list[list[str]]) -> re.Pattern[str]:
    """:func:`trigger_pattern` without its groups, for lower-cased text: where the cues are.

    Each group costs the engine a step at every word it tries, so finding the
    matches without them and then matching the named pattern once at each
    is faster; the two hold the same alternatives in the same order, so they
    match the same spans.  Triggers opening with a group of words
    ("(?:after|in|by) strikes") are spread over the letter buckets ("fter
    strikes" under "a", ...) at the head of each, so they are no longer tried
    at every word, yet still before the bucket's own triggers.  Only those after
    the last trigger that cannot be spread move: it stays in front of them.
    """
    misc, buckets = _bucketed(triggers)
    moving = len(misc)
    while moving and _spread(misc[moving - 1][1]) is not None:
        moving -= 1
    spread: dict[str, list[str]] = {}
    for _, t in misc[moving:]:
        for alt in _spread(t) or ():
            spread.setdefault(alt[0].lower(), []).append(alt[1:])
    alts = [t for _, t in misc[:moving]]
    for head in sorted(spread.keys() | buckets.keys()):
        parts = spread.get(head, []) + [alternation(rests) for _, rests in buckets.get(head, ())]
        alts.append(f"{head}(?:{'|'.join(parts)})")
    return re.compile(lower_pattern(rf"\b(?:{'|'.join(alts)})\b"))


def _bucketed(
    triggers: list[list[str]],
) -> tuple[list[tuple[int, str]], dict[str, list[tuple[int, list[str]]]]]:
    """Triggers as the trigger pattern tries them.

    First (rule, trigger) for those not starting with a plain letter, in rule
    order; then, per first letter, (rule, the rests of its triggers) in rule order.
    """
    misc: list[tuple[int, str]] = []
    buckets: dict[str, list[tuple[int, list[str]]]] = {}
    for i, rule_triggers in enumerate(triggers):
        by_letter: dict[str, list[str]] = {}
        for t in rule_triggers:
            if _letter_led(t):
                by_letter.setdefault(t[0].lower(), []).append(t[1:])
            else:
                misc.append((i, t))
        for head, rests in by_letter.items():
            buckets.setdefault(head, []).append((i, rests))
    return misc, buckets


def _letter_led(trigger: str) -> bool:
    """Whether every match of ``trigger`` starts with its first character, a letter."""
    return trigger[:1].isalpha() and (len(trigger) == 1 or trigger[1] not in "?*{+")


def _spread(trigger: str) -> list[str] | None:
    """``(?:after|in) X`` as ``["after X", "in X"]`` when each starts with a letter, else None."""
    alts = leading_alternatives(trigger)
    return alts if alts and all(map(_letter_led, alts)) else None


def _gate_words(patterns: list[str], *more: str) -> frozenset[bytes] | None:
    """Words one of which every match of the patterns holds whole (lower-case), None if unknown.

    ``more`` are words added as they are (a test the patterns do not spell out).
    """
    words = set(more)
    for t in patterns:
        needed = required_words(lower_pattern(t))
        if needed is None:
            return None  # a pattern we cannot read: no gate rather than a wrong one
        words |= needed
    return frozenset(w.encode() for w in words)


# What lets a trigger's match depend on the text outside it: lookarounds, anchors,
# atomic groups and possessive quantifiers (and, to be safe, anything spelled alike).
_CONTEXT_MARKS = ("(?=", "(?!", "(?<", "(?>", "^", "$", "\\A", "\\Z", "++", "*+", "?+", "}+")


def _context_words(triggers: list[str]) -> frozenset[bytes] | None:
    """Words one of which every match of a trigger that may look past its own text holds.

    A phrase holding none of them is matched by triggers that read nothing but
    the phrase, so which trigger matches it first is the same in every sentence.
    None when such a trigger cannot be read (then no phrase is taken as such).
    """
    words: set[bytes] = set()
    for t in triggers:
        if any(mark in t for mark in _CONTEXT_MARKS):
            needed = required_words(lower_pattern(t))
            if needed is None:
                return None
            words |= {w.encode() for w in needed}
    return frozenset(words)


@cache
def event_lexicon() -> EventLexicon:
    """Load ``event_types.toml`` once and compile every trigger into one pattern."""
    raw = tomllib.loads(files("mapper").joinpath("data", "event_types.toml").read_text("utf-8"))
    rules = sorted(raw["rule"], key=lambda r: -int(r.get("priority", 0)))

    def words(key: str, r: dict[str, Any]) -> re.Pattern[str] | None:
        return re.compile(rf"\b(?:{alternation(r[key])})\b", re.I) if r.get(key) else None

    compiled = tuple(
        Rule(
            r["event_type"],
            r["sub_event_type"],
            int(r.get("priority", 0)),
            frozenset(r.get("suppresses", ())),
            bool(r.get("weak", False)),
            bool(r.get("single_place", False)),
            words("requires", r),
            words("blocked_by", r),
        )
        for r in rules
    )
    g = raw["guards"]
    habitual = lower_pair(rf"\b(?:{alternation(g['habitual'])})\b")
    guard = lower_pair(rf"\b(?:{alternation(g['before'])})\b")
    after = lower_pair(
        rf"\W*(?:\S+\W+){{0,{int(g['after_window'])}}}?(?:{alternation(g['after'])})\b"
    )
    summary = lower_pair(rf"\b(?:{alternation(g['summary'])})\b")
    # Words between the cue and the verb of presence, none opening a relative
    # clause: in "strikes killed people who were in the market" the people were.
    gap = rf"\W*(?:(?!(?:who|which|that|where)\b)\S+\W+){{0,{int(g['state_window'])}}}?"
    state = lower_pair(rf"{gap}(?:{alternation(g['state_after'])})\b")
    ceased = lower_pair(rf"{gap}(?:{alternation(g['ceased_after'])})")
    triggers = [r["triggers"] for r in rules]
    pattern, fallback = trigger_pattern(triggers)
    return EventLexicon(
        pattern=pattern,
        scan=scan_pattern(triggers),
        fallback=fallback,
        rules=compiled,
        rule_of={name: compiled[int(name[1 : name.index("_")])] for name in pattern.groupindex},
        guard=guard[1],
        guard_low=guard[0],
        window=int(g["window"]),
        habitual=habitual[1],
        habitual_low=habitual[0],
        territory=dict(raw["territory"]),
        max_period_days=int(g["max_period_days"]),
        summary=summary[1],
        summary_low=summary[0],
        background_days=int(g["background_days"]),
        after=after[1],
        after_low=after[0],
        after_window=int(g["after_window"]),
        state=state[1],
        state_low=state[0],
        ceased=ceased[1],
        ceased_low=ceased[0],
        means=re.compile(rf"\b(?:{alternation(g['means'])})$", re.I),
        origin_before=re.compile(
            rf"\b(?:(?:{alternation(g['origin_before'])})\s+(?:the\s+)?"
            rf"|(?:{alternation(g['cause_before'])})\s+(?:[\w'’-]+\s+){{0,4}})$",
            re.I,
        ),
        not_scene_after=re.compile(g["not_scene_after"], re.I),
        not_agent=_not_agent(raw["agent"]),
        context_words=_context_words([t for ts in triggers for t in ts]),
        **_gates(triggers, g, raw["agent"]),
    )


def _not_agent(raw: dict[str, list[str]]) -> NotAgent:
    """The ``[agent]`` phrases of the lexicon, compiled."""
    # Up to three words between the verb and its target, none a conjunction or a
    # preposition that would start another phrase ("hit the town as rebels advanced").
    gap = (
        r"(?:at least\s+|(?!(?:as|and|or|but|while|when|after|before|in|near|on|at|with|to"
        r"|from|by|where|which|who|that)\b)[\w'-]+\s+){0,3}"
    )
    holder = lower_pair(rf"\b(?:{alternation(raw['holder'] + raw['opposed'])})\b")
    before = lower_pair(rf"\b(?:{alternation(raw['victim_before'])})\s+{gap}$")
    after = lower_pair(rf"\s+(?:[\w'-]+\s+){{0,2}}?(?:{alternation(raw['victim_after'])})\b")
    return NotAgent(
        holder=holder[1], victim_before=before[1], victim_after=after[1],
        holder_low=holder[0], victim_before_low=before[0], victim_after_low=after[0],
    )


def _gates(
    triggers: list[list[str]], guards: dict[str, Any], agent: dict[str, list[str]]
) -> dict[str, Any]:
    """The word gates of the lexicon's patterns, as fields of :class:`EventLexicon`."""
    gates = {
        "cue_words": _gate_words([t for ts in triggers for t in ts]),
        "guard_words": _gate_words(guards["before"], "to"),  # "to": see ``event_cues._guarded``
        "after_words": _gate_words(guards["after"]),
        "state_words": _gate_words(guards["state_after"]),
        "ceased_words": _gate_words(guards["ceased_after"]),
        "habitual_words": _gate_words(guards["habitual"]),
        "summary_words": _gate_words(guards["summary"]),
        "origin_words": _gate_words(guards["origin_before"] + guards["cause_before"]),
        # Each of these phrases stands between word boundaries or whitespace in
        # its pattern (see ``_not_agent``), so its words are whole in the sentence.
        "holder_words": _gate_words(agent["holder"] + agent["opposed"]),
        "victim_before_words": _gate_words(agent["victim_before"]),
        "victim_after_words": _gate_words(agent["victim_after"]),
    }
    return {**gates, "gate_words": frozenset().union(*filter(None, gates.values()))}
