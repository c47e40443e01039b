"""Event cues: which ACLED sub-event types a sentence tells, and whether they are incidents.

:func:`classify_events` finds event cues with one compiled pattern built from
``mapper/data/event_types.toml`` (trigger phrases per ACLED sub-event type,
with priorities, suppressions and weak cues as data; compiled in
:mod:`mapper.extract.event_lexicon`).

What is not an incident, as data in the lexicon's ``[guards]``: a cue
followed in its clause by a future ("are expected to"), an incident dated
weeks before the report (background, :func:`incidents`), a deal only named
and not made (``requires`` / ``blocked_by``), bare obstacles ("slowed by
landmines", weak cues), a means that is only present ("suicide teams are
inside the town", ``state_after``), the end of attacks ("air strikes were
halted").

Each reader first looks at the sentence's words (:func:`sentence_words`): a
pattern none of whose gate words the sentence holds cannot match it, so most
sentences skip most patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mapper.extract.context import SentenceContext
from mapper.extract.control_lexicon import lowered
from mapper.extract.event_lexicon import EventLexicon, Rule, event_lexicon
from mapper.extract.sides import clause_bounds

__all__ = ["EventCue", "classify_events", "sentence_cues", "incidents", "long_period",
           "sentence_words", "lacks"]

_HELD_SINCE = re.compile(
    r"\b(?:held|controlled|run|occupied|besieged|encircled|under siege|in control)\b[^,.;]*$", re.I
)

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
def sentence_words(sentence: str) -> frozenset[bytes] | None:
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


def lacks(words: frozenset[bytes] | None, gate: frozenset[bytes] | None) -> bool:
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
    return list(sentence_cues(sentence))


@lru_cache(maxsize=16)
def sentence_cues(sentence: str) -> tuple[EventCue, ...]:
    """:func:`classify_events`, cached: the pipeline asks whether a sentence has a cue
    before it reads the sentence's attributes, then builds its events."""
    lex = event_lexicon()
    words = sentence_words(sentence)
    if lacks(words, lex.cue_words):
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
    guarded, future = not lacks(words, lex.guard_words), not lacks(words, lex.after_words)
    # "is", "were" are in most sentences: a state is read only after a cue naming a means.
    stative, ceasing = not lacks(words, lex.state_words), not lacks(words, lex.ceased_words)
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


def incidents(ctx: SentenceContext, cues: tuple[EventCue, ...]) -> list[EventCue]:
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
    words = sentence_words(ctx.text)
    if not lacks(words, lex.summary_words) and _pattern_words(
        ctx, summary, subject, 0, len(subject)
    ):
        return []
    undated = not ctx.date_explicit
    if lacks(words, lex.habitual_words):
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


def long_period(ctx: SentenceContext) -> bool:
    """Dated only to a period longer than the lexicon's limit: a summary."""
    if ctx.date_precision == "day" or ctx.date_end is None:
        return False
    return (ctx.date_end - ctx.date).days > event_lexicon().max_period_days

