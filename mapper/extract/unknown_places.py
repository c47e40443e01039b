"""Names that look like places but that the gazetteer does not know.

A report that names "the village of Tell Shughaib" or "the al-Qaterji
district" tells us a place exists even when the gazetteer lacks it.  Such
names are listed in the build summary (so a user can add them) and, when the
user opts in with ``--geocoder``, looked up online.

Cues are data (``mapper/data/place_cues.toml``): a kind word before "of"
("the town of X"), a kind word after the name ("X district"), and the article
prefix ("al-X") on a capitalised word.  A candidate that overlaps a known
place, or is a guarded plain word, is not reported.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import accumulate
from operator import itemgetter

from gazetteer.places import is_guarded

_ARTICLES = ("al", "el", "as", "ash", "ad", "an", "ar", "az")
_ARTICLE = "(?:" + "|".join(_ARTICLES) + ")"
_CAP_WORD = r"[A-Z][\w'’‘ʿ]+"
# One to four capitalised words, each optionally behind an article or a connector.
_NAME = rf"(?:{_ARTICLE}[-‐‑]\s?)?{_CAP_WORD}(?:[ -](?:(?:{_ARTICLE}|bin|ibn|abu|of)[-‐‑ ])?{_CAP_WORD}){{0,3}}"


@dataclass(frozen=True, slots=True)
class UnknownName:
    """A place-like name with no gazetteer match.

    Attributes
    ----------
    surface : str
        The name as written (without the cue words).
    start, end : int
        Its span in the text.
    cue : str
        What made it look like a place (``kind-of``, ``kind-after``, ``article``).
    article : str
        The article it was found in ("" until the pipeline sets it).
    """

    surface: str
    start: int
    end: int
    cue: str
    article: str = ""


# Every character a cue can match: word characters, apostrophes, white space
# and hyphens (plus any other character of the cue words, see _cues).  A match
# never crosses any other character, so the cues are read only in the stretches
# of these characters ("runs") that hold an anchor: a cheap literal that every
# match contains.  Most runs hold none, and the full patterns are slow to try at
# every position of a long article.
_RUN_CHARS = r"\w'’‘ʿ\s\-‐‑"


@dataclass(frozen=True, slots=True)
class _Cue:
    """One cue: its full pattern and the anchor that finds the runs worth reading."""

    name: str
    pattern: re.Pattern[str]
    anchor: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Cues:
    cues: tuple[_Cue, ...]
    run_break: re.Pattern[str]  # a character no cue can match
    last_break: re.Pattern[str]  # matches up to the last such character


@cache
def _cues() -> _Cues:
    with (files("mapper") / "data" / "place_cues.toml").open("rb") as fh:
        cues = tomllib.load(fh)
    kind_words, place_words = list(cues["kind_words"]), list(cues["place_words_before"])
    kinds = _by_first_letter(sorted(kind_words, key=lambda k: len(re.escape(k)), reverse=True))
    places = _by_first_letter(place_words)
    # A name starts with a capital or an article: a cheap test before the whole pattern.
    name_start = "(?=[A-Z" + "".join(sorted({a[0] for a in _ARTICLES})) + "])"
    run_chars = _RUN_CHARS + re.escape("".join(sorted(set("".join(kind_words + place_words)))))
    return _Cues(
        cues=(
            # The anchors test in C the word before them, where the pattern wants one.
            _Cue("kind-of", re.compile(rf"\b{kinds} of (?:the )?(?P<name>{_NAME})"),
                 re.compile(" of(?= )" + _after_one_of(kind_words, " of"))),
            _Cue("kind-after", re.compile(rf"{name_start}(?P<name>{_NAME}) {kinds}\b"),
                 re.compile(rf" {kinds}\b")),
            # "al-X" alone is as often a surname ("Mohammed al-Masri") as a place:
            # only after a word of place or movement ("in al-Rai", "entered al-Rai").
            _Cue("article", re.compile(
                rf"\b{places} "
                r"(?P<name>(?:al|el|as|ash|ad|an|ar|az)[-‐‑][A-Z][\w'’‘ʿ]+)"
            ), re.compile(f" (?={_by_first_letter(_ARTICLES)}[-‐‑][A-Z]){_after_one_of(place_words, ' ')}")),
        ),
        run_break=re.compile(f"[^{run_chars}]"),
        last_break=re.compile(f"(?s:.*)[^{run_chars}]"),
    )


def _by_first_letter(words: Iterable[str]) -> str:
    """``(?:w1|w2|...)`` for ``words``, grouped by first letter: the same matches, found faster.

    re tries the branches of an alternation one after another at every
    position; grouped, most positions fail on one test.  The order of the
    words is kept within a letter (words of two letters never both match at
    one position), so the same word wins where two could.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


def _after_one_of(words: Iterable[str], then: str) -> str:
    """A look-behind: one of ``words`` followed by ``then`` ends here.

    re needs each look-behind to have one width: one per length of word.
    """
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(re.escape(word))
    then = re.escape(then)
    return "(?:" + "|".join(f"(?<=(?:{'|'.join(same)}){then})" for same in by_length.values()) + ")"


@cache
def _ignored() -> frozenset[str]:
    with (files("mapper") / "data" / "place_cues.toml").open("rb") as fh:
        cues = tomllib.load(fh)
    return frozenset(w.casefold() for w in cues["not_names"])


def find_unknown_places(text: str, known_spans: Iterable[tuple[int, int]]) -> list[UnknownName]:
    """Place-like names in ``text`` that overlap none of ``known_spans``.

    Parameters
    ----------
    text : str
        The text to read.
    known_spans : iterable of (start, end)
        Spans already tagged as gazetteer places.

    Returns
    -------
    list of UnknownName
        Sorted by position, without overlaps.
    """
    known = _Spans(known_spans)
    found: dict[tuple[int, int], UnknownName] = {}
    runs = _cues()
    for cue in runs.cues:
        for m in _cue_matches(cue, runs, text):
            start, end = m.span("name")
            name = m.group("name")
            if known.overlaps(start, end) or _skip(name):
                continue
            found.setdefault((start, end), UnknownName(name, start, end, cue.name))
    return _without_overlaps(sorted(found.values(), key=lambda u: (u.start, -u.end)))


def _cue_matches(cue: _Cue, runs: _Cues, text: str) -> Iterator[re.Match[str]]:
    """Same matches as ``cue.pattern.finditer(text)``, reading only the runs that hold an anchor."""
    run_end = -1
    for anchor in cue.anchor.finditer(text):
        at = anchor.start()
        if at < run_end:
            continue
        stop = runs.run_break.search(text, at)
        run_end = stop.start() if stop else len(text)
        # The break ending the run is invisible past ``endpos``, which changes no
        # match: no cue can match it, and it is no word character (for ``\b``).
        yield from cue.pattern.finditer(text, _run_start(runs, text, at), run_end)


def _run_start(runs: _Cues, text: str, at: int) -> int:
    """Start of the run holding ``at``: just after the last break before it."""
    width = 64  # runs are mostly a clause long; look further back only when needed
    while True:
        lo = max(0, at - width)
        last = runs.last_break.match(text, lo, at)
        if last is not None:
            return last.end()
        if lo == 0:
            return 0
        width *= 4


def _skip(name: str) -> bool:
    first = name.split()[0].casefold()
    return name.casefold() in _ignored() or first in _ignored() or is_guarded(name)


class _Spans:
    """Sorted spans answering "does [start, end) overlap any?" in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = list(map(itemgetter(0), ordered))
        # reach[i]: the furthest end among the first i + 1 spans
        self.reach = list(accumulate(map(itemgetter(1), ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # last span starting before ``end``
        return i >= 0 and self.reach[i] > start


def _without_overlaps(names: list[UnknownName]) -> list[UnknownName]:
    out: list[UnknownName] = []
    for name in names:
        if out and name.start < out[-1].end:
            continue
        out.append(name)
    return out
