"""Who acts in a sentence: sides of actors, side words and the agent of a verb.

Maps actor mentions and side words ("the opposition", "the army") to the
controller vocabulary, splits a sentence into clauses, and finds the side
behind a verb (the ``by ...`` of a passive, else the nearest combatant of its
clause, else the side acting in the previous sentence) and the sides a
change verb moves ground between.  Shared by :mod:`mapper.extract.control`
and :mod:`mapper.extract.events`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

from gazetteer.records import CONTROLLERS
from mapper.extract.context import SentenceContext
from mapper.extract.control_lexicon import lexicon, lowered, needs_in

__all__ = [
    "actor_side",
    "agent_side",
    "change_sides",
    "clause_bounds",
    "opponent",
    "side_label",
    "side_of_word",
    "side_word_before",
]

# Clauses break at these marks and whole words.  Most sentences hold none of
# them, which a substring test tells faster than the pattern.
_BREAK_MARKS = (";", ":", "—", "–", ". ")
_BREAK_WORDS = ("while", "whereas", "but", "however")
_BREAKS = _BREAK_MARKS + _BREAK_WORDS
_CLAUSE_BREAK = re.compile(
    "|".join(map(re.escape, _BREAK_MARKS)) + r"|\b(?:" + "|".join(_BREAK_WORDS) + r")\b"
)
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


@lru_cache(maxsize=1024)
def side_of_word(word: str) -> str:
    """Controller for a side word of the lexicon ("opposition" -> ``rebel``), "" if none.

    Cached: a few dozen side words and actor sides come back in every sentence.
    """
    for pattern, side in lexicon().side_words:
        if pattern.match(word.strip()):
            return side
    return ""


def actor_side(actor: Any) -> str:
    """Controller vocabulary for an actor mention's side, "" for non-combatants."""
    return _controller(str(getattr(actor, "side", "") or ""))


@lru_cache(maxsize=256)
def _controller(side: str) -> str:
    if side in CONTROLLERS and side not in ("contested", "unknown"):
        return side
    return side_of_word(side) if side else ""


def side_label(side: str) -> str:
    """The actor name for a side named only by a word ("the army" -> Syrian regime forces)."""
    return lexicon().side_labels.get(side, "")


def opponent(side: str) -> str:
    """Whom ``side`` takes ground from when the report does not say."""
    return lexicon().opponents.get(side, "unknown")


@lru_cache(maxsize=1024)
def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Span of the clause around ``text[start:end]`` (split at ;, :, dashes, but, while).

    Cached: the guard, the agent and the targets of a cue, and the event
    reader after them, ask for the same span in turn.
    """
    starts, ends = _clause_breaks(text)
    if not starts:
        return 0, len(text)
    i = bisect_right(ends, start)  # breaks that end at or before ``start``
    lo = ends[i - 1] if i else 0
    j = bisect_left(starts, end)
    return lo, (starts[j] if j < len(starts) else len(text))


@lru_cache(maxsize=256)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of a sentence's clause breaks (asked for again and again per sentence)."""
    if not any(map(text.__contains__, _BREAKS)):
        return [], []
    spans = [m.span() for m in _CLAUSE_BREAK.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


def agent_side(ctx: SentenceContext, start: int, end: int, *, inside: bool = False) -> str:
    """Side of the agent of the verb at ``[start, end)``.

    The ``by ...`` phrase of a passive wins; else the nearest combatant named
    before the verb in its clause; else the nearest one after it in the clause;
    else the side acting in the previous sentence; else the nearest one named
    after the verb.
    """
    text = ctx.text
    lo, hi = clause_bounds(text, start, end)
    fighters = _fighters(ctx, lo, hi)
    for a, side in sorted(fighters, key=_by_start):
        if a.start >= end and a.start - end < 80:
            lead = text[max(end, a.start - 40) : a.start]
            # "took X, the last district held by the rebels" names a holder, not the agent
            if _BY_BEFORE.search(lead) and not _LABEL_BY.search(lead):
                return side
    # With ``inside``, an actor within the cue ("regime bombing") is its agent too.
    before = [f for f in fighters if (f[0].start < end if inside else f[0].end <= start)]
    if before:
        return max(before, key=_by_end)[1]
    named = side_word_before(text, lo, start)
    if named:
        return named
    if ctx.context_sides:
        return ctx.context_sides[0]
    after = [f for f in fighters if f[0].start >= end]
    return min(after, key=_by_start)[1] if after else ""


def _fighters(ctx: SentenceContext, lo: int, hi: int) -> list[tuple[Any, str]]:
    """(actor, side) of the combatants in ``text[lo:hi]`` that are not objects, in mention order."""
    out = []
    for a in ctx.actors:
        if lo <= a.start and a.end <= hi:
            side = actor_side(a)
            # _OBJECT_BEFORE ends in whitespace: an actor right after anything else is no object.
            if side and not (
                ctx.text[a.start - 1 : a.start].isspace()
                and _OBJECT_BEFORE.search(ctx.text, max(lo, a.start - 20), a.start)
            ):
                out.append((a, side))
    return out


def _by_start(fighter: tuple[Any, str]) -> int:
    return fighter[0].start


def _by_end(fighter: tuple[Any, str]) -> int:
    return fighter[0].end


def side_word_before(text: str, lo: int, start: int) -> str:
    """The last side word of the lexicon ("the opposition") in ``text[lo:start]``."""
    lex, low = lexicon(), lowered(text)
    if low is not None:
        if lex.side_bit and not needs_in(low[lo:start]) & lex.side_bit:
            return ""  # no word there holds a side word's certain part
        found = list(lex.side_any_low.finditer(low, lo, start))
    else:
        found = list(lex.side_any.finditer(text, lo, start))
    return side_of_word(found[-1].group(0)) if found else ""


def _after_to_side(ctx: SentenceContext, end: int) -> str:
    """Side named right after "fell to"."""
    for a in sorted(ctx.actors, key=lambda a: a.start):
        if a.start >= end - 1 and a.start - end < 40 and actor_side(a):
            return actor_side(a)
    m = lexicon().side_any.search(ctx.text, end, min(len(ctx.text), end + 40))
    return side_of_word(m.group(0)) if m else ""


def change_sides(ctx: SentenceContext, m: re.Match[str], role: str) -> tuple[str, str]:
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
        # "fell to X", "fell into the hands of X", "fell under the control of X": X wins
        won = _after_to_side(ctx, m.end()) if m.group(0).lower().endswith((" to", " of")) else ""
        won = (
            won
            or (ctx.context_sides[0] if ctx.context_sides else "")
            or agent_side(ctx, m.start(), m.end())
        )
        return won, opponent(won)
    # "the takeover by Government forces of X": the agent is named inside the cue
    inside = " by " in m.group(0).lower()
    won = agent_side(ctx, m.start(), m.end(), inside=inside)
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
