"""Split article text into sentence spans.

The splitter works on offsets, never on copies: it returns ``(start, end)``
pairs into the text it was given, trimmed of surrounding white space, so every
later stage can quote the exact evidence.  It is one compiled pattern plus a
few look-ups per candidate boundary, because it runs over whole corpora.

Rules, in order of the candidate found:

* a blank line always ends a sentence;
* a single line break ends one unless it is a soft wrap (the line ends in a
  lower-case word or a comma and the next one starts in lower case), so
  headlines, captions and list items stand alone;
* ``.``, ``!``, ``?`` or an ellipsis, with any closing quotes or brackets, end
  a sentence only when white space and then a character that is not lower
  case follow, and the word before the period is not a known abbreviation
  (titles, months, ``U.S.``, ``a.m.``; the list is in ``structure.toml``).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

# A candidate: terminal punctuation with closing quotes/brackets, or a line break.
# One character class first: much faster to scan than an alternation.
_CANDIDATE = re.compile(r"[\n.!?…][.!?…\"'”’»)\]]*")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# A word before a period runs back to white space, an opening quote or bracket.
_WORD_STOPS = "(\"“‘'["
_UP_TO_LAST_STOP = re.compile(rf"(?s:.*)[\s{re.escape(_WORD_STOPS)}]")
_SPACE = " \t\r\f\v\u00a0"
_ALL_SPACE = " \t\r\n\f\v\u00a0\u2028\u2029"


@cache
def _sentence_data() -> dict[str, Any]:
    """The ``[sentences]`` table of ``mapper/data/structure.toml``."""
    raw = resources.files("mapper").joinpath("data", "structure.toml").read_text("utf-8")
    return tomllib.loads(raw)["sentences"]


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """Return (never-ending abbreviations, time abbreviations), lower case, no final dot."""
    data = _sentence_data()
    never = frozenset(a.lower().rstrip(".") for a in data["abbreviations"])
    times = frozenset(a.lower().rstrip(".") for a in data["time_abbreviations"])
    return never, times


@cache
def _capitalised_continuations() -> frozenset[str]:
    """Words that follow ``p.m.`` or ``Dec.`` without starting a sentence."""
    return frozenset(w.lower() for w in _sentence_data()["continuations"])


@cache
def _question() -> re.Pattern[str]:
    """A question's opening: an optional speaker's label, then a question word."""
    data = _sentence_data()
    labels = "|".join(map(re.escape, data["question_labels"]))
    openers = "|".join(map(re.escape, data["question_openers"]))
    return re.compile(rf"[\W_]*(?:(?:{labels})\s*[:.—–-]\s*)?(?:{openers})\b", re.I)


def is_question(sentence: str) -> bool:
    """Whether ``sentence`` is a direct question ("Has X fallen?"), which asserts nothing.

    It must end in "?" (before closing quotes or brackets) and open with a question
    word of ``structure.toml`` (after a label such as "Question:"), so a headline
    "X Was Lost in Four Days: How Did It Happen?" is not one.
    """
    end = sentence.rstrip().rstrip("\"'”’»)]")
    return end.endswith("?") and _question().match(sentence) is not None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans.

    Parameters
    ----------
    text
        The whole article text (offsets are into it).
    start, end
        The region to split; ``end=None`` means the end of the text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each sentence, trimmed of white space, in order,
        never empty, all inside ``[start, end)``.
    """
    stop = len(text) if end is None else min(end, len(text))
    spans: list[tuple[int, int]] = []
    seg = start
    for m in _CANDIDATE.finditer(text, start, stop):
        p = m.start()
        if text[p] == "\n":
            if p == seg:  # opens the segment (a blank line, a break after a period):
                seg += 1  # trimmed away, whether it ends a sentence or not
                continue
            if not _line_break_ends(text, p, stop):
                continue
            cut = p + 1
        else:
            cut = m.end()
            # The run must be followed by white space (not "3.5", not "U.S").
            if cut < stop and not text[cut].isspace():
                continue
            if not _punct_ends(text, p, cut, seg, stop):
                continue
        _append_trimmed(spans, text, seg, cut)
        seg = cut
    _append_trimmed(spans, text, seg, stop)
    return spans


def _append_trimmed(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Append ``(a, b)`` shrunk to its non-space content, if any."""
    while a < b and text[a] in _ALL_SPACE:
        a += 1
    while b > a and text[b - 1] in _ALL_SPACE:
        b -= 1
    if a < b:
        spans.append((a, b))


def _next_char(text: str, i: int, stop: int) -> str:
    """First character at or after ``i`` that is not a space or tab ("" at the end)."""
    while i < stop and text[i] in _SPACE:
        i += 1
    return text[i] if i < stop else ""


def _line_break_ends(text: str, nl: int, stop: int) -> bool:
    """Whether the line break at ``nl`` ends a sentence (see module docstring)."""
    nxt = _next_char(text, nl + 1, stop)
    if nxt in ("\n", ""):
        return True
    j = nl - 1
    while j >= 0 and text[j] in _SPACE:
        j -= 1
    if j < 0 or text[j] == "\n":
        return True
    prev = text[j]
    soft = (prev.islower() or prev == ",") and nxt.islower()
    return not soft


def _punct_ends(text: str, p: int, cut: int, seg: int, stop: int) -> bool:
    """Whether the punctuation run ``text[p:cut]`` ends a sentence."""
    nxt = _next_char(text, cut, stop)
    if nxt == "" or nxt == "\n":
        return True
    if nxt.islower():
        return False
    if text[p] != "." or text[p : p + 3] == "...":
        return True
    # A single period: look at the word before it.
    word = _word_before(text, p, seg)
    if not word:
        return True
    key = word.lower()
    never, times = _abbreviations()
    if key in never or (len(word) == 1 and word.isalpha()):
        return False
    if key in times:
        # "at 5 p.m. Wednesday" goes on; "at 5 p.m. The next day" does not.
        return _next_word(text, cut, stop).lower() not in _capitalised_continuations()
    # Initialisms (U.S., U.N.) are far more often inside a sentence than at its end.
    return "." not in word or _INITIALISM.fullmatch(word) is None


def _word_before(text: str, p: int, seg: int) -> str:
    """The word ending at ``p``: back to white space, an opening quote or bracket, or ``seg``."""
    # the last blank first (a fast search), then any other stop in what follows it
    word = text[text.rfind(" ", seg, p) + 1 or seg : p]
    if word.isalnum():  # most words: no stop in them (stops are no letters or digits)
        return word
    last = _UP_TO_LAST_STOP.match(word)
    return word[last.end():] if last else word


def _next_word(text: str, i: int, stop: int) -> str:
    """The alphabetic word starting at the first non-space at or after ``i``."""
    while i < stop and text[i].isspace():
        i += 1
    j = i
    while j < stop and text[j].isalpha():
        j += 1
    return text[i:j]
