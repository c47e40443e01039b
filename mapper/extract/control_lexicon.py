"""The control lexicon: ``control_verbs.toml`` compiled once into patterns.

Change verbs, assertion blocks, side words, guards, whole/partial quantifiers
and binding gaps all come from ``mapper/data/control_verbs.toml``; this module
compiles them (lower-cased literals where that keeps offsets, for speed) and
holds the place kinds a statement may bind.  Used by
:mod:`mapper.extract.control`, :mod:`mapper.extract.sides` and
:mod:`mapper.extract.wholes`; :func:`lower_pair` and :func:`lowered` serve
:mod:`mapper.extract.events` too.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from gazetteer.records import KINDS

__all__ = [
    "AREA_KINDS",
    "ASSERTION_KINDS",
    "TARGET_KINDS",
    "Assertion",
    "Lexicon",
    "lexicon",
    "lower_pair",
    "lower_pattern",
    "lowered",
    "scan_text",
]

AREA_KINDS = frozenset({"area", "city"})
# Everything but provinces and countries can change hands.
TARGET_KINDS = frozenset(KINDS) - {"province", "country"}
# An assertion may name a province ("opposition-held Idlib Province"); a change never
# does (a province does not change hands in one day).
ASSERTION_KINDS = TARGET_KINDS | {"province"}
# Escapes (``\S``) and group names keep their case when a pattern is lower-cased.
_ESCAPE_OR_NAME = re.compile(r"\\.|\(\?P<\w+>")


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


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``control_verbs.toml`` compiled: see :func:`lexicon`."""

    changes: re.Pattern[str]  # every change verb, group c<i> for block i; lower-cased text
    changes_fallback: re.Pattern[str]  # the same, case-insensitive
    roles: tuple[tuple[str, str], ...]  # (role, bind) of block i
    assertions: tuple[Assertion, ...]
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


def scan_text(text: str, pair: tuple[re.Pattern[str], re.Pattern[str]]) -> tuple[Any, str]:
    """The pattern of ``pair`` to use on ``text`` and the string to run it on."""
    low = lowered(text)
    return (pair[0], low) if low is not None else (pair[1], text)


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
        Assertion(
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
    return Lexicon(
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
