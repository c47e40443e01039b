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
# them, which a search for the bare strings tells faster than the pattern.
_BREAK_MARKS = (";", ":", "—", "–", ". ")
_BREAK_WORDS = ("while", "whereas", "but", "however")
_BREAKS = _BREAK_MARKS + _BREAK_WORDS
_BREAK_START = re.compile("|".join(map(re.escape, _BREAKS)))
# "X, however, was retaken": between commas and before a verb, "however" is an aside
# inside one clause (no subject follows it), not a break between two.
# ("was, however, retaken" too.)
_ASIDE = (
    r"(?:(?<=,\s)however(?=,\s+(?:was|were|is|are|has|have|had|fell|remains?|remained|came|changed"
    r"|also|still|too)\b)|(?:(?<=was, )|(?<=were, )|(?<=has, )|(?<=had, )|(?<=have, ))however(?=,))"
)
_CLAUSE_BREAK = re.compile(
    "|".join(map(re.escape, _BREAK_MARKS))
    + rf"|\b(?!{_ASIDE})(?:"
    + "|".join(_BREAK_WORDS)
    + r")\b"
)
# "held by", "besieged by" ... belong to a label of a place, not to the verb's agent.
_LABEL_BY = re.compile(
    r"\b(?:held|controlled|run|besieged|backed|supported|led|surrounded|encircled|defended)"
    r"\s+by\s+(?:the\s+)?$",
    re.I,
)
# An actor after these words is acted upon, never the agent ("took territory from ISIS").
_OBJECT_BEFORE = re.compile(r"\b(?:from|against|on|at|with)\s+(?:the\s+)?$", re.I)
# A helper named with "with the support of" ("the YPG, with the backing of regime forces, took X").
_WITH_HELP = re.compile(
    r"\bwith\s+(?:the\s+)?(?:help|support|backing|cover|assistance)\s+(?:of|from)\s+(?:the\s+)?$", re.I
)
# "its militants", "their fighters": a side word that points back to the actor named before.
_POSSESSIVE = re.compile(r"\b(?:its|their)\s+$", re.I)
# The "by" of a passive right before its agent ("was captured by the army").
# ("by the same factions", "by those fighters": see _same_as_before)
_BY_BEFORE = re.compile(r"\bby\s+(?:(?:the\s+)?(?:same\s+)?|th(?:ose|ese)\s+(?:same\s+)?)$", re.I)
# The "from" before the side that loses ground ("took X from the rebels").
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
# Words pointing back to actors named before: "the same rebel factions", "those fighters".
_SAME = re.compile(r"\b(?:the same|th(?:ose|ese)(?: same)?|the said)\s+$", re.I)
# The "to" before the side that receives ground, a few words before it ("lost X to
# advancing government troops").
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# A side word right before one of these labels a place by its holder ("Hanano, a rebel
# stronghold, was captured", "the last opposition-held district fell"): the holder
# loses the place, it is never the agent of the verb.
_PLACE_LABEL = re.compile(
    r"[\s-]*(?:held|controlled|run|strongholds?|bastions?|enclaves?|pockets?|districts?"
    r"|neighbou?rhoods?|quarters?|territory|areas?|towns?|villages?)\b",
    re.I,
)


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
    # Every break opens with one of the strings: the full pattern is tried only where one
    # does, which finds what its scan from the start would (its look-behinds and \b still
    # see the text before the position).
    search, match = _BREAK_START.search, _CLAUSE_BREAK.match
    starts: list[int] = []
    ends: list[int] = []
    hit = search(text)
    while hit is not None:
        m = match(text, hit.start())
        if m is None:  # "but" in "attributed", "however" as an aside
            hit = search(text, hit.start() + 1)
        else:
            starts.append(m.start())
            ends.append(m.end())
            hit = search(text, m.end())
    return starts, ends


def agent_side(
    ctx: SentenceContext, start: int, end: int, *, inside: bool = False, by: bool = True
) -> str:
    """Side of the agent of the verb at ``[start, end)``.

    The ``by ...`` phrase of a passive wins (unless ``by`` is false: the subject
    of "were driven out of X by the army" is wanted), but not one naming a helper
    or belonging to another clause's verb (:func:`_by_is_agent`); else the nearest combatant
    named before the verb in its clause; else the side word before it; else the
    side acting in the previous sentence; else the nearest one named after the verb.
    """
    text = ctx.text
    lo, hi = clause_bounds(text, start, end)
    fighters = _fighters(ctx, lo, hi)
    if by and (passive := _by_agent(ctx, fighters, end)):
        return passive
    if by and _BY_SPEAKER.match(text, end):
        # "X was liberated by our forces": the speaker's side, which the sentence does not
        # name (a party's statement); no other side of the text is the agent
        return ""
    # With ``inside``, an actor within the cue ("regime bombing") is its agent too.
    before = [f for f in fighters if (f[0].start < end if inside else f[0].end <= start)]
    subject = _subject_before(ctx, before, lo, start)
    if subject is not None:
        return subject
    # Every one before the verb (if any) labels a place.
    named = side_word_before(text, lo, start)
    if named and not before and not _labels_a_place(text, lo, start):
        return named
    if named or before:
        # only the holder a place is labelled with: the other side took it
        return opponent(named or before[-1][1])
    # "rebels stormed X on Monday but lost it again": a verb opening its clause shares
    # the subject before
    if lo > 0 and _NO_SUBJECT.fullmatch(text, lo, start) and (shared := _first_subject(ctx, lo)):
        return shared
    if ctx.context_sides:
        return ctx.context_sides[0]
    after = [f for f in fighters if f[0].start >= end]
    return after[0][1] if after else ""  # the first: fighters are in mention order


# A passive's agent in the first person: "(was liberated) by our forces", "by my unit".
_BY_SPEAKER = re.compile(r"\s+by\s+(?:our|my)\b", re.I)


def _by_agent(ctx: SentenceContext, fighters: list[tuple[Any, str]], end: int) -> str:
    """Side of the "by ..." phrase naming the agent of a passive ending at ``end``; "" if none."""
    text = ctx.text
    for a, side in fighters:  # left to right, as the actors
        if a.start >= end and a.start - end < 80:
            lead = text[max(end, a.start - 40) : a.start]
            # "took X, the last district held by the rebels" names a holder, not the agent
            if _BY_BEFORE.search(lead) and not _LABEL_BY.search(lead) and _by_is_agent(text, end, a.start):
                return _same_as_before(ctx, a.start, side)
    return ""


def _subject_before(
    ctx: SentenceContext, before: list[tuple[Any, str]], lo: int, start: int
) -> str | None:
    """Side of the combatant before the verb that acts; None when every one labels a place.

    The nearest that does not label a place by its holder nor names a helper:
    in "the YPG, backed by regime forces, took X" the YPG took X.
    """
    text = ctx.text
    support = lexicon().support_by
    helper_at, back = -1, ""
    for a, side in reversed(before):
        if _PLACE_LABEL.match(text, a.end):
            continue
        if _POSSESSIVE.search(text, max(lo, a.start - 8), a.start):
            back = back or side  # "its militants": the group named before, if any
            continue
        helped = support.search(text, max(lo, a.start - 60), a.start) or _WITH_HELP.search(
            text, max(lo, a.start - 60), a.start
        )
        if helped is None:
            return _same_as_before(ctx, a.start, side)
        helper_at = helped.start()
    if helper_at < 0 and not back:
        return None
    # only helpers and pointers before the verb: a side word before the first "backed
    # by" (not "its ..."), else the side the sentence before acts with ("its fighters,
    # backed by the army, took X")
    found = _side_words_i(text, lo, helper_at if helper_at >= 0 else start)
    found = [m for m in found if not _POSSESSIVE.search(text, max(lo, m.start() - 8), m.start())]
    if found:
        return side_of_word(found[-1].group(0))
    return ctx.context_sides[0] if ctx.context_sides else back


# A clause that opens on its verb (a conjunction and adverbs, no subject of its own) or
# on a pronoun standing for the subject before ("...; it then took X", "but they lost X").
_NO_SUBJECT = re.compile(
    r"\s*(?:(?:but|and|yet|then|later|again|soon|quickly|eventually|finally|only to|"
    r"after that|hours later|days later)\s*,?\s*)*(?:(?:it|they)\s+(?:(?:then|later|also|soon|quickly|"
    r"again|eventually|finally)\s+)*)?",
    re.IGNORECASE,
)


def _first_subject(ctx: SentenceContext, hi: int) -> str:
    """Side of the first combatant of ``ctx.text[:hi]`` that is no place's label; "" if none.

    ("rebel-held" labels a place; "rebels held on to X" is a subject and its verb.)
    """
    for a, side in _fighters(ctx, 0, hi):
        if not _HYPHEN_LABEL.match(ctx.text, a.end):
            return side
    # no named combatant: a side word ("the opposition held on to X, but then ...")
    for m in _side_words_i(ctx.text, 0, hi):
        if not _HYPHEN_LABEL.match(ctx.text, m.end()):
            return side_of_word(m.group(0))
    return ""


_HYPHEN_LABEL = re.compile(r"[-‐‑](?:held|controlled|run)\b", re.IGNORECASE)


def _by_is_agent(text: str, end: int, start: int) -> bool:
    """Whether the "by" right before ``text[start:]`` names the agent of the verb ending at ``end``.

    Not when it names a helper ("stormed X, covered by regime artillery") nor
    when another clause opens between them, its own verb the "by" belongs to
    ("retook X, months after they were driven out by the army"): ``[agents]``
    of ``control_verbs.toml``.
    """
    lex = lexicon()
    if lex.support_by.search(text, max(end, start - 60), start):
        return False
    return lex.other_clause.search(text, end, start) is None


def _labels_a_place(text: str, lo: int, start: int) -> bool:
    """Whether the last side word in ``text[lo:start]`` labels a place by its holder."""
    found = _side_words_i(text, lo, start)
    return bool(found) and bool(_PLACE_LABEL.match(text, found[-1].end()))


def _same_as_before(ctx: SentenceContext, start: int, side: str) -> str:
    """``side`` of the actor at ``start``, or the side it points back to.

    "by the same rebel factions", "those fighters": the side of the sentence
    before when it is ``side`` or a kind of it (Turkish-backed rebels are
    rebels: ``[side_parents]``).
    """
    if ctx.context_sides and _SAME.search(ctx.text, max(0, start - 16), start):
        parents = lexicon().side_parents
        for prev in ctx.context_sides:
            if side in (prev, parents.get(prev)):
                return prev
    return side


def _fighters(ctx: SentenceContext, lo: int, hi: int) -> list[tuple[Any, str]]:
    """(actor, side) of the combatants in ``text[lo:hi]`` that are not objects, in mention order."""
    out: list[tuple[Any, str]] = []
    last, last_side = None, ""
    for a in ctx.actors:
        if not (lo <= a.start and a.end <= hi):
            continue
        side = actor_side(a)
        if last_side and a.start == last.end + 1 and ctx.text[last.end] == " ":
            # "IS militants": a group's name and a generic word are one mention, of the group
            if out and out[-1][0] is last:
                out[-1] = (a, last_side)
            last = a
            continue
        # _OBJECT_BEFORE ends in whitespace: an actor right after anything else is no object.
        if side and not (
            ctx.text[a.start - 1 : a.start].isspace()
            and _OBJECT_BEFORE.search(ctx.text, max(lo, a.start - 20), a.start)
        ):
            out.append((a, side))
        last, last_side = a, side
    return out


def side_word_before(text: str, lo: int, start: int) -> str:
    """The last side word of the lexicon ("the opposition") in ``text[lo:start]``."""
    found = _side_words(text, lo, start, lowered(text))
    return side_of_word(found[-1].group(0)) if found else ""


def _side_words_i(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """The side words of the lexicon in ``text[lo:hi]`` as the ``re.I`` pattern finds them.

    On an ASCII sentence the lower-case pattern on the lowered sentence finds
    the same spans, sooner; not always elsewhere ("iſis" is "isis" to ``re.I``).
    """
    return _side_words(text, lo, hi, lowered(text) if text.isascii() else None)


def _side_words(text: str, lo: int, hi: int, low: str | None) -> list[re.Match[str]]:
    """The side words of the lexicon in ``text[lo:hi]``, left to right.

    Read on ``low`` (the lowered sentence: the same spans, lower-cased) when
    given, else with the ``re.I`` pattern; none without a side word's certain
    part there.
    """
    lex = lexicon()
    if low is None:
        return list(lex.side_any.finditer(text, lo, hi))
    if lex.side_bit and not needs_in(low, lo, hi) & lex.side_bit:
        return []  # no word there holds a side word's certain part
    return list(lex.side_any_low.finditer(low, lo, hi))


def _to_side(ctx: SentenceContext, end: int, *, right_after: bool) -> str:
    """Side that receives ground, named after ``end`` in the clause.

    With ``right_after`` (the cue ends in "to" or "of": "fell to", "came under the
    control of") the first combatant or side word within 40 characters; else one
    after a "to" within 60 ("lost X to the army", "handed X back to the YPG").
    """
    text = ctx.text
    hi = min(clause_bounds(text, end, end)[1], end + (40 if right_after else 60))
    to = None if right_after else _TO_BEFORE.search  # the side must follow a "to"
    for a in ctx.actors:  # left to right: see find_actors
        if end - 1 <= a.start < hi:
            side = actor_side(a)
            if side and (to is None or to(text, end, a.start)):
                return side
    for m in _side_words_i(text, end, hi):
        if to is None or to(text, end, m.start()):
            return side_of_word(m.group(0))
    return ""


def change_sides(
    ctx: SentenceContext, m: re.Match[str], role: str, agent: str = ""
) -> tuple[str, str]:
    """(to, from) of a change verb with this role.

    ``agent`` is the side of the verb's subject when the caller knows it (the
    subject of a relative clause); else it is found by :func:`agent_side`.
    """
    cue = m.group(0).lower()
    if role == "loser":
        return _loser_sides(ctx, m, agent)
    if role == "handover":
        return _handover_sides(ctx, m, agent)
    if role == "fell":
        won = (
            # "fell to X", "fell into the hands of X", "came under the control of X": X wins
            (_to_side(ctx, m.end(), right_after=True) if cue.endswith((" to", " of")) else "")
            # "came under rebel control": the side named in the cue
            or side_word_before(ctx.text, m.start(), m.end())
            # "fell on Saturday to the army"
            or _to_side(ctx, m.end(), right_after=False)
            or (ctx.context_sides[0] if ctx.context_sides else "")
            or agent_side(ctx, m.start(), m.end())
        )
        return won, opponent(won)
    # "the takeover by Government forces of X": the agent is named inside the cue
    won = agent or agent_side(ctx, m.start(), m.end(), inside=" by " in cue)
    if _RID_OF.search(cue) and (rid := _to_side(ctx, m.end(), right_after=True)):
        # "X was cleared of terrorists", "freed from the militants": those named lost it
        return (won if won and won != rid else opponent(rid)), rid
    # "took X from IS": the side it was taken from, else the winner's usual opponent
    lost = _from_side(ctx, m.end())
    return won, (lost if lost and lost != won else opponent(won))


# A verb that rids a place of a side: the side named right after it lost the place.
_RID_OF = re.compile(r"\b(?:clear|clean|cleans|purg|fre|liberat|rid)\w*\b.*\b(?:of|from)$")


def _loser_sides(ctx: SentenceContext, m: re.Match[str], agent: str) -> tuple[str, str]:
    """(to, from) of a verb whose subject loses ground ("withdrew from", "lost X to").

    The subject loses, also of a passive ("IS was driven out of X by the rebels");
    the "by ..." side wins, else the side after "to" ("lost X to the army"), else
    the loser's opponent.  Without a subject the side found may be the "by" one
    itself: it wins.
    """
    lost = agent or agent_side(ctx, m.start(), m.start(), by=False)
    by = _by_side(ctx, m.end())
    if by:
        return (by, lost) if lost and lost != by else (by, opponent(by))
    if not lost:
        return "", ""
    won = _to_side(ctx, m.end(), right_after=False)
    return (won if won and won != lost else opponent(lost)), lost


def _handover_sides(ctx: SentenceContext, m: re.Match[str], agent: str) -> tuple[str, str]:
    """(to, from) of a handover: the side after "to" takes, the giver gives.

    A cue ending in "to" is the passive ("X was handed over to the YPG by the
    rebels"): the giver is the "by ..." side, "unknown" when not named.  Else the
    subject gives ("the Kurds handed X back to the army").
    """
    if m.group(0).lower().endswith(" to"):
        taker = _to_side(ctx, m.end(), right_after=True)
        giver = _by_side(ctx, m.end()) or "unknown"
    else:
        giver = agent or agent_side(ctx, m.start(), m.start())
        taker = _to_side(ctx, m.end(), right_after=False) if giver else ""
    return (taker, giver) if taker and taker != giver else ("", "")


def _from_side(ctx: SentenceContext, end: int) -> str:
    """Side named after "from" near the verb ending at ``end`` ("seized X from IS")."""
    hi = min(clause_bounds(ctx.text, end, end)[1], end + 50)
    for a in ctx.actors:  # left to right: see find_actors
        if end <= a.start < hi and actor_side(a) and _FROM_BEFORE.search(ctx.text, end, a.start):
            return actor_side(a)
    return ""


def _by_side(ctx: SentenceContext, end: int) -> str:
    """Side of the "by ..." agent of the passive ending at ``end``, in its clause and near it.

    (Farther on, "by" belongs to another verb: "..., a step that was condemned by the rebels".)
    """
    hi = min(clause_bounds(ctx.text, end, end)[1], end + 60)
    for a in ctx.actors:  # left to right: see find_actors
        if (
            end <= a.start < hi
            and actor_side(a)
            and _BY_BEFORE.search(ctx.text, end, a.start)
            and _by_is_agent(ctx.text, end, a.start)
        ):
            return actor_side(a)
    return ""
