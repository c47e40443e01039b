"""The control lexicon: ``control_verbs.toml`` compiled once into patterns.

Change verbs, assertion blocks, side words, guards, whole/partial quantifiers
and binding gaps all come from ``mapper/data/control_verbs.toml``; this module
compiles them (lower-cased literals where that keeps offsets, for speed) and
holds the place kinds a statement may bind.  :func:`needs_in` tells from a
sentence's words which blocks could match at all, so the others are not
scanned (:func:`changes_in`, :func:`assertions_in`).  Used by
:mod:`mapper.extract.control`, :mod:`mapper.extract.sides` and
:mod:`mapper.extract.wholes`; :func:`lower_pair` and :func:`lowered` serve
:mod:`mapper.extract.events` too.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

import ahocorasick

from gazetteer.records import KINDS

__all__ = [
    "lower_text",
    "AREA_KINDS",
    "ASSERTION_KINDS",
    "TARGET_KINDS",
    "Assertion",
    "Gaps",
    "Lexicon",
    "assertions_in",
    "changes_in",
    "lexicon",
    "lower_pair",
    "lower_pattern",
    "lowered",
    "needs_in",
]

AREA_KINDS = frozenset({"area", "city"})
# Everything but provinces and countries can change hands.
TARGET_KINDS = frozenset(KINDS) - {"province", "country"}
# An assertion may name a province ("opposition-held Idlib Province"); a change never
# does (a province does not change hands in one day).
ASSERTION_KINDS = TARGET_KINDS | {"province"}
# Escapes (``\S``) and group names keep their case when a pattern is lower-cased.
_ESCAPE_OR_NAME = re.compile(r"\\.|\(\?P<\w+>")
# A counted repetition, "{2}" or "{1,3}" (see _required_runs).
_REPEAT = re.compile(r"\{\d*(?:,\d*)?\}")


@dataclass(frozen=True, slots=True)
class Assertion:
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
    sided: bool = False  # every match holds a side word (the ``SIDE`` group): see assertions_in
    # One of these texts is in every match of ``pattern`` (one per alternative of
    # the block's pattern; () when some alternative holds none): see _phrases.
    phrases: tuple[str, ...] = ()


class Gaps(NamedTuple):
    """``[binding]``: what may stand between a verb and the places it binds."""

    after: re.Pattern[str]  # between a verb and a place after it
    before: re.Pattern[str]  # between a place and a verb after it
    between: re.Pattern[str]  # between two places of one list
    not_target: re.Pattern[str]  # before a place that is a reference point
    passive: re.Pattern[str]  # right before a verb in the passive
    not_subject: re.Pattern[str]  # before a place that cannot be the subject of the verb after it
    relative: re.Pattern[str]  # "which"/"that" and the subject of an object-first relative clause
    antecedent: re.Pattern[str]  # between a place and the "which"/"that" of its relative clause


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``control_verbs.toml`` compiled: see :func:`lexicon`."""

    changes_fallback: re.Pattern[str]  # every change verb, group c<i> for block i; re.I
    change_blocks: tuple[str, ...]  # block i as group c<i>, lower-cased: see changes_in
    change_bits: int  # the bits of the [[change]] blocks in a needs_in mask
    roles: dict[str, tuple[str, str]]  # (role, bind) of the block whose group is c<i>
    assertions: tuple[Assertion, ...]
    assertion_bits: int  # the bits of the [[assertion]] blocks in a needs_in mask
    # Every ``needs`` word with the bits of the blocks that name it: bit i for
    # [[change]] block i, bit len(change_blocks) + j for [[assertion]] block j;
    # and a part of every side word with ``side_bit``, the next bit (see assertions_in).
    needed: tuple[tuple[str, int], ...]
    needed_auto: ahocorasick.Automaton  # ``needed`` as one automaton: see needs_in
    side_bit: int  # 0 when some side word holds no certain part
    side_words: tuple[tuple[re.Pattern[str], str], ...]
    side_any: re.Pattern[str]
    side_any_low: re.Pattern[str]  # the same for lower-cased text
    opponents: dict[str, str]
    side_labels: dict[str, str]
    side_parents: dict[str, str]  # a side that is a kind of another: see sides.same_side
    whole_assertion: re.Pattern[str]
    guard: re.Pattern[str]
    guard_low: re.Pattern[str]  # the same for lower-cased words
    window: int
    gerund_ok: frozenset[str]
    infinitive_ok: frozenset[str]  # "forced to withdraw": a fact, not an aim
    bare_year: re.Pattern[str]  # "in 2012" after a verb: see control._history
    nominal_cue: re.Pattern[str]  # "fall of", "capture of": a capture named by a noun
    modal_after: re.Pattern[str]  # "would", "will" after that noun's phrase: see control._change
    whole: re.Pattern[str]
    whole_cue: re.Pattern[str]  # a verb that tells of a whole city by itself: see wholes._is_whole
    partial: re.Pattern[str]
    partial_after: re.Pattern[str]
    all_but: re.Pattern[str]
    all_but_part: str  # lower-cased text every all_but match holds ("" if unsure): see _certain_text
    city_area: dict[str, str]
    max_gap: int
    gaps: Gaps
    gaps_low: Gaps  # the same for lower-cased text
    support_by: re.Pattern[str]  # "covered by": the "by" side helps, it is no agent (sides.py)
    other_clause: re.Pattern[str]  # "after they were driven out by": another verb's "by"


def _words(patterns: list[str]) -> str:
    """One alternation of whole-word patterns, longest first."""
    return r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + r")\b"


def needs_in(low: str, start: int = 0, end: int | None = None) -> int:
    """Bits of the blocks (see ``Lexicon.needed``) one of whose ``needs`` words ``low[start:end]`` holds.

    One Aho-Corasick pass finds every needed word in the text at once
    (overlapping ones too), whatever the words around them; a sentence holds
    one or two of them.
    """
    bits = 0
    for _, blocks in lexicon().needed_auto.iter(low, start, len(low) if end is None else end):
        bits |= blocks
    return bits


def _needs_automaton(needed: tuple[tuple[str, int], ...]) -> ahocorasick.Automaton:
    """An automaton of the needed words, each with the bits of its blocks: see :func:`needs_in`."""
    auto = ahocorasick.Automaton()
    for word, blocks in needed:
        auto.add_word(word, blocks)
    auto.add_word("\0", 0)  # adds no bit; an automaton without keys cannot be searched
    auto.make_automaton()
    return auto


@lru_cache(maxsize=256)
def changes_in(needs: int) -> re.Pattern[str]:
    """The change-verb scan of a lower-cased sentence, for the [[change]] blocks in ``needs``.

    Leaving out the blocks that cannot match finds the same matches, sooner.
    ``needs`` must hold at least one change block.
    """
    alts = [b for i, b in enumerate(lexicon().change_blocks) if needs >> i & 1]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


@lru_cache(maxsize=1024)
def assertions_in(needs: int) -> tuple[Assertion, ...]:
    """The [[assertion]] blocks in a :func:`needs_in` mask, in lexicon order.

    A sentence without a side word (no ``side_bit``) skips the blocks whose
    every match holds one, too.
    """
    lex = lexicon()
    bits = needs >> len(lex.change_blocks)
    sides = not lex.side_bit or needs & lex.side_bit
    return tuple(
        a for j, a in enumerate(lex.assertions) if bits >> j & 1 and (sides or not a.sided)
    )


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


def lower_text(text: str) -> str:
    """``text.lower()``, the cached copy when it keeps every offset: for substring tests."""
    return lowered(text) or text.lower()


def _required_runs(pattern: str) -> list[str]:
    """Runs of literal characters that every match of ``pattern`` holds, [] when unsure.

    Read from the pattern's text: the characters that stand outside any group,
    class or escape of a letter, and that no quantifier after them makes
    optional or repeated.  A run ends at anything else.  An alternation outside
    groups, or a flag that changes what a literal matches, leaves nothing certain.
    """
    try:
        flags = re.compile(pattern).flags
    except re.error:
        return []
    if flags & (re.IGNORECASE | re.VERBOSE):
        return []  # an inline (?i) or (?x): the literals may match other characters
    runs, run, i = [], "", 0
    while i < len(pattern):
        c, nxt = pattern[i], _after_item(pattern, i)
        if c == "|":
            return []  # an alternation of the whole pattern: no run is in every match
        if c == "\\" and not pattern[i + 1 : i + 2].isalnum():
            c = pattern[i + 1]  # an escaped punctuation mark is itself
        elif c == "\\" or nxt - i > 1 or c in ".^$?*+{":
            c = ""  # an escape of a letter, a group, a class or an operator: no literal
        if c and pattern[nxt : nxt + 1] not in ("?", "*", "+", "{"):
            run += c
        else:
            runs.append(run)
            run = ""
        i = nxt
    return [r for r in [*runs, run] if r]


def _after_item(pattern: str, i: int) -> int:
    """Where the item at ``pattern[i]`` (a character, an escape, a class or a whole group) ends."""
    c = pattern[i]
    if c == "\\":
        return i + 2
    if c == "{":
        repeat = _REPEAT.match(pattern, i)  # else a "{" that is itself
        return repeat.end() if repeat else i + 1
    if c == "[":
        j = i + 1
        j += pattern[j : j + 1] == "^"
        j += pattern[j : j + 1] == "]"  # a "]" first in a class is itself
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if c == "(":
        j, depth = i + 1, 1
        while j < len(pattern) and depth:
            if pattern[j] in "\\[":
                j = _after_item(pattern, j)
                continue
            depth += {"(": 1, ")": -1}.get(pattern[j], 0)
            j += 1
        return j
    return i + 1


def _certain_part(word: str) -> str:
    """The longest run of letters without a space that every match of the side word ``word`` holds.

    "" when there is none ("rebels?" holds "rebel"; "a|b" nothing for sure).
    Lower-cased, for the lowered sentence; only ASCII runs, which lower-case
    letter by letter as the lowered pattern does.
    """
    pieces = (p for r in _required_runs(word) if r.isascii() for p in r.lower().split())
    return max(pieces, key=len, default="")


# Characters that match only their ASCII upper and lower case under re.I ("k"
# also matches the Kelvin sign, "s" the long s, "i" the dotted and dotless I).
_PLAIN_CASE = re.compile("[" + re.escape("".join(sorted(
    set(string.ascii_letters + string.digits + " -'") - set("iksIKS")
))) + "]+")  # fmt: skip


def _certain_text(patterns: list[str]) -> str:
    """Lower-cased text that every case-insensitive match of ``patterns`` holds, "" if unsure.

    The longest stretch of a required literal run (see :func:`_required_runs`)
    whose every character matches only its own upper and lower case: a match
    holds it in ``text.lower()``, whatever else the text holds.
    """
    if len(patterns) != 1:
        return ""  # an alternation of patterns: no one text
    stretches = (m.group() for r in _required_runs(patterns[0]) for m in _PLAIN_CASE.finditer(r))
    return max(stretches, key=len, default="").lower()


def _assertion(raw: dict, pattern: str) -> Assertion:
    """One ``[[assertion]]`` block, its ``SIDE`` already spelled out in ``pattern``."""
    side_from = "fixed" if "side" in raw else raw.get("side_from", "pattern")
    return Assertion(
        *lower_pair(pattern),
        tuple(w.lower() for w in raw["needs"]),
        raw["bind"],
        side_from,
        raw.get("side", ""),
        raw.get("dated", "report"),
        # The side of a "pattern" block is its SIDE group: without a side word, no match.
        sided=side_from == "pattern" and "SIDE" in raw["pattern"],
        phrases=_phrases(lower_pattern(raw["pattern"].replace("SIDE", "(?:SIDE)"))),
    )


def _phrases(pattern: str) -> tuple[str, ...]:
    """The longest literal run of each alternative of ``pattern``: a match holds one of them.

    () when an alternative has none but spaces (see :func:`_required_runs`):
    testing for them would tell nothing.
    """
    runs = [max(_required_runs(alt), key=len, default="") for alt in _alternatives(pattern)]
    return () if any(not run.strip() for run in runs) else tuple(runs)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``, inside a group that is the whole pattern.

    "(?:a|b c)" gives ["a", "b c"]; "a|(?:b|c)d" gives ["a", "(?:b|c)d"].
    """
    while pattern.startswith("(?:") and _after_item(pattern, 0) == len(pattern):
        pattern = pattern[3:-1]
    out, start, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "|":
            out.append(pattern[start:i])
            start = i + 1
        i = _after_item(pattern, i)
    return [*out, pattern[start:]]


@cache
def lexicon() -> Lexicon:
    """Load ``control_verbs.toml`` once."""
    raw = tomllib.loads(files("mapper").joinpath("data", "control_verbs.toml").read_text("utf-8"))
    side_alt = "|".join(
        sorted((w for ws in raw["side_words"].values() for w in ws), key=len, reverse=True)
    )

    def words_of(ps: list[str]) -> str:
        # A side word may be possessive: "the rebels' stronghold in X".
        side = f"(?P<side>{side_alt})(?:['’]s?)?"
        return _words([p.replace("SIDE", side) for p in ps])

    # One scan for every change verb: group c<i> names the [[change]] block (earlier wins).
    blocks = [
        f"(?P<c{i}>{'|'.join(sorted(c['patterns'], key=len, reverse=True))})".replace(
            "SIDE", f"(?:{side_alt})"
        )
        for i, c in enumerate(raw["change"])
    ]
    roles = {f"c{i}": (c["role"], c["bind"]) for i, c in enumerate(raw["change"])}
    assertions = tuple(_assertion(a, words_of([a["pattern"]])) for a in raw["assertion"])
    sides = tuple(
        (re.compile(r"^(?:" + "|".join(ws) + r")$", re.I), s) for s, ws in raw["side_words"].items()
    )
    g, w, b = raw["guards"], raw["wholes"], raw["binding"]
    guard = lower_pair(_words(g["before"]))
    side_any = lower_pair(rf"\b(?:{side_alt})\b")
    gaps = [
        lower_pair(b[k])
        for k in (
            "after_gap", "before_gap", "list_gap", "not_target", "passive", "not_subject", "relative",
            "antecedent_gap",
        )
    ]  # fmt: skip
    needs = [[w.lower() for w in c["needs"]] for c in raw["change"]] + [a.needs for a in assertions]
    parts = [_certain_part(w) for ws in raw["side_words"].values() for w in ws]
    side_bit = 0 if "" in parts else 1 << len(needs)
    if side_bit:
        needs.append(parts)
    needed = tuple(
        (w, sum(1 << i for i, ws in enumerate(needs) if w in ws))
        for w in sorted({w for ws in needs for w in ws})
    )
    return Lexicon(
        changes_fallback=re.compile(r"\b(?:" + "|".join(blocks) + r")\b", re.I),
        change_blocks=tuple(lower_pattern(b) for b in blocks),
        change_bits=(1 << len(blocks)) - 1,
        roles=roles,
        assertions=assertions,
        assertion_bits=((1 << len(assertions)) - 1) << len(blocks),
        side_bit=side_bit,
        needed=needed,
        needed_auto=_needs_automaton(needed),
        side_words=sides,
        opponents=raw["opponents"],
        side_labels=dict(raw["side_labels"]),
        side_parents=dict(raw.get("side_parents", {})),
        whole_assertion=re.compile(_words(w["whole_assertion"]), re.I),
        side_any=side_any[1],
        side_any_low=side_any[0],
        guard=guard[1],
        guard_low=guard[0],
        window=int(g["window"]),
        gerund_ok=frozenset(g["gerund_ok_after"]),
        infinitive_ok=frozenset(g["infinitive_ok_after"]),
        bare_year=re.compile(g["bare_year"], re.I),
        nominal_cue=re.compile(g["nominal_cue"], re.I),
        modal_after=re.compile(g["modal_after"], re.I),
        whole=re.compile(_words(w["whole"]), re.I),
        whole_cue=re.compile(_words(w["whole_cue"]), re.I),
        partial=re.compile(_words(w["partial"]), re.I),
        partial_after=re.compile(w["partial_after"], re.I),
        all_but=re.compile(_words(w["all_but"]), re.I),
        all_but_part=_certain_text(w["all_but"]),
        city_area=dict(w["city_area"]),
        max_gap=int(b["max_gap"]),
        gaps=Gaps(*(gap[1] for gap in gaps)),
        gaps_low=Gaps(*(gap[0] for gap in gaps)),
        support_by=re.compile(rf"\b(?:{'|'.join(raw['agents']['support_by'])})\s+by\s+(?:the\s+)?$", re.I),
        other_clause=re.compile(_words(raw["agents"]["other_clause"]), re.I),
    )
