"""Which date a sentence without one takes: paragraphs, headlines and story openers.

A sentence without a date phrase takes the last explicit date of its story.
The story goes on within a paragraph, and over a paragraph break only when the
new paragraph opens by pointing back at the action just told ("... made gains
on Wednesday.\\n\\nThe offensive reclaimed all of the Old City"; the openers are
``[narrative] continues`` in ``event_types.toml``) in the past tense.  A
headline line (short, no closing punctuation) starts a new story, and a
sentence in the present progressive ("fighting is still raging in X") is the
day of writing.  :mod:`mapper.pipeline` applies these rules entry by entry.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from mapper.records import Event

__all__ = [
    "continues_story",
    "day_heading",
    "drop_headline_repeats",
    "is_headline",
    "is_ongoing",
    "paragraph_break",
]

_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")
# Closing punctuation of a sentence (a headline has none).
_CLOSING = frozenset(".!?:;\"'”’)]…")
_HEADLINE_MAX_WORDS = 16
# Present progressive ("fighting is still raging in X"): going on as the entry is
# written, so the day of writing, not the day carried from the sentence before.
_ONGOING = re.compile(r"\b(?:is|are)\s+(?:still\s+|now\s+)?(?!being\b)[a-z]+ing\b")


def paragraph_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (the gap between two sentences) holds a blank line."""
    return bool(_BLANK_LINE.search(text, start, end))


def day_heading(sentence: str, when: Any) -> bool:
    """Whether a sentence is only a day ("Monday 12 December.", "Wednesday, December 7 --").

    ``when`` is the sentence's resolved date (a :class:`~mapper.extract.dates.DateRef`):
    a heading is one explicit day phrase and nothing else.  A diary's or a chronicle's
    paragraph opened by one tells of that day ("this morning", "yesterday" count from
    it), and a live page's entries below one are of that day.  A weekday alone is not
    enough (too often a word of a title).
    """
    return (len(sentence) <= _DAY_HEADING_CHARS and when.basis == "explicit"
            and when.precision == "day"
            and when.phrase == sentence.strip().rstrip(".:-\u2013\u2014 ").strip())


_DAY_HEADING_CHARS = 40


def is_ongoing(sentence: str) -> bool:
    """Whether a sentence is in the present progressive ("fighting is still raging in X")."""
    return "ing" in sentence and bool(_ONGOING.search(sentence))  # the substring test is cheaper


@cache
def _continues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Openers that point back at the story just told, and present-tense words."""
    raw = tomllib.loads(files("mapper").joinpath("data", "event_types.toml").read_text("utf-8"))
    nar = raw["narrative"]
    nouns = "|".join(sorted(nar["continues"], key=len, reverse=True))
    opener = re.compile(
        rf"^\W*(?:{'|'.join(nar['determiners'])})\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b", re.I
    )
    present = re.compile(rf"\b(?:{'|'.join(nar['present'])})\b", re.I)
    return opener, present


def continues_story(sentence: str) -> bool:
    """Whether a paragraph's first sentence goes on with the event just told.

    "The offensive reclaimed all of the Old City" after "... made gains on
    Wednesday" does; a sentence in the present tense or perfect ("The
    offensive has now reached X") is about the time of writing and does not.
    """
    opener, present = _continues()
    return bool(opener.match(sentence)) and not present.search(sentence)


def is_headline(sentence: str) -> bool:
    """Whether a sentence is a headline line: one short line, no closing punctuation, capitalised.

    "Pro-Assad Forces Take 75% of Opposition Territory in Aleppo" heads a new
    story inside an entry; the date of the story before it does not carry over.
    """
    # most sentences end in a period: tested before the copy (a closing character is no blank)
    if not sentence or sentence[-1] in _CLOSING:
        return False
    line = sentence.strip()
    if not line or "\n" in line or line[-1] in _CLOSING:
        return False
    words = line.split()
    if len(words) > _HEADLINE_MAX_WORDS:
        return False
    capital = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capital * 2 >= len(words)


def drop_headline_repeats(events: list[Event], headlines: set[int]) -> list[Event]:
    """Drop a headline's event when the article's text tells it too.

    "Islamic State Claims Deadly Attack in Homs Province" heads the paragraph
    that reports the attack with its date; the undated headline would
    otherwise stand as a second event on the day of publication.
    """
    # per event, how many of its sources are headlines: none (told by the text) or all
    # (a plain loop: a generator summed per event costs more than the test itself)
    heads = []
    for e in events:
        n = 0
        for src in e.sources:
            if src.start in headlines:
                n += 1
        heads.append(n)
    told = {(e.sub_event_type, e.place_id) for e, n in zip(events, heads, strict=True) if not n}
    return [
        e
        for e, n in zip(events, heads, strict=True)
        if not (n == len(e.sources) and (e.sub_event_type, e.place_id) in told)
    ]
