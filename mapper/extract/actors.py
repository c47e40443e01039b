"""Who did it, and to whom: actor mentions with normalised labels and sides.

The lexicon is ``mapper/data/actors.csv`` (``pattern,actor,side,role,note``),
read once into one Aho-Corasick automaton and matched in a single pass over a
length-preserving normalised copy of the sentence (ASCII lower case, curly
apostrophes and dashes folded, hyphens read as spaces, so "pro-Assad" and "pro
Assad" meet).  Matches must sit on word boundaries; the leftmost-longest match
wins, so "Russian Foreign Minister" (a diplomat) shadows "Russian" (the
military).

* Patterns written in capitals of up to five letters (``IS``, ``SAA``, ``FSA``,
  ``YPG``) are acronyms and must match in that case: "is" is not ``IS``.
* ``side`` uses the controllers vocabulary (regime, rebel, kurdish, isis,
  turkish_backed_rebel) plus ``coalition`` and ``civilians``.
* A name followed by "-held", "-led", "-backed"... describes a place or another
  group ("regime-held districts", "Kurdish-led SDF") and is not a mention;
  listed compounds such as "Turkish-backed rebels" still match whole.
* ``role`` is ``armed``, ``civilian``, ``diplomat``, ``government`` or
  ``media``.  Diplomats, governments and media outlets are not parties to an
  event; :func:`find_actors` leaves them out unless asked.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from operator import itemgetter

import ahocorasick

from mapper.errors import MapperError

__all__ = ["ActorMention", "actor_sides", "find_actors"]

ARMED_ROLES = frozenset({"armed", "civilian"})
_SIDES = frozenset({"regime", "rebel", "kurdish", "isis", "turkish_backed_rebel", "coalition",
                    "civilians"})
_ROLES = frozenset({"armed", "civilian", "diplomat", "government", "media"})
# length-preserving fold: ASCII lower case, typographic apostrophes and dashes,
# hyphens and white space to one space
_FOLD = str.maketrans({
    **{chr(c): chr(c + 32) for c in range(65, 91)},
    "\u2019": "'", "\u2018": "'", "`": "'", "-": " ", "\u2010": " ", "\u2011": " ",
    "\u2013": " ", "\n": " ", "\t": " ", "\r": " ", "\xa0": " ",
})
# the same fold for ASCII text as a byte table: str.translate looks each character
# up in the dict (and raises and catches a LookupError for each one missing from it),
# bytes.translate indexes a table: about four times faster
_FOLD_ASCII = bytes.maketrans(bytes(range(128)),
                              "".join(chr(c) for c in range(128)).translate(_FOLD).encode("ascii"))


_LEFTMOST_LONGEST = itemgetter(0, 1)  # on (start, -end, entry)
_DESCRIPTOR = re.compile(r"[-‐‑](?:held|controlled|run|besieged|led|backed|allied|linked|"
                         r"dominated|occupied|supported|leaning)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a sentence.

    Attributes
    ----------
    actor : str
        Normalised label ("Syrian regime forces", "Jabhat Fatah al-Sham").
    side : str
        regime, rebel, kurdish, isis, turkish_backed_rebel, coalition or civilians.
    surface : str
        ``sentence[start:end]``.
    start, end : int
        Character span in the sentence.
    role : str
        armed, civilian, diplomat, government or media.
    """

    actor: str
    side: str
    surface: str
    start: int
    end: int
    role: str = "armed"


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: str
    actor: str
    side: str
    role: str
    exact_case: bool
    size: int  # len(pattern), the length of a match


def _is_acronym(pattern: str) -> bool:
    return pattern.isupper() and pattern.isalpha() and len(pattern) <= 5


@cache
def _automaton() -> ahocorasick.Automaton:
    text = (files("mapper") / "data" / "actors.csv").read_text("utf-8")
    auto = ahocorasick.Automaton()
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        pattern = row["pattern"].strip()
        if row["side"] not in _SIDES or row["role"] not in _ROLES or not pattern:
            raise MapperError(
                f"mapper/data/actors.csv line {line}: bad row {row!r}; side must be one of "
                f"{sorted(_SIDES)} and role one of {sorted(_ROLES)}")
        key = pattern.translate(_FOLD)
        entry = _Entry(pattern, row["actor"], row["side"], row["role"], _is_acronym(pattern),
                       len(pattern))
        # one key may carry several casings (e.g. "IS" and "Is..."): keep a tuple
        prev = auto.get(key, ())
        auto.add_word(key, (*prev, entry))
    auto.make_automaton()
    return auto


def find_actors(sentence: str, include_all: bool = False) -> list[ActorMention]:
    """Actors named in a sentence, left to right, without overlaps.

    Parameters
    ----------
    sentence : str
        One sentence.
    include_all : bool, optional
        Also return diplomats, governments and media outlets (role other than
        armed or civilian).

    Returns
    -------
    list of ActorMention
    """
    if sentence.isascii():
        folded = sentence.encode("ascii").translate(_FOLD_ASCII).decode("ascii")
    else:
        folded = sentence.translate(_FOLD)
    size = len(folded)
    hits: list[tuple[int, int, _Entry]] = []  # (start, -end, entry)
    for last, entries in _automaton().iter(folded):
        end = last + 1
        if end < size and folded[end].isalnum():
            continue  # ends inside a word
        for e in entries:
            start = end - e.size
            if start and folded[start - 1].isalnum():
                continue  # starts inside a word ("is" in "this")
            if e.exact_case and sentence[start:end] != e.pattern:
                continue
            if _DESCRIPTOR.match(sentence, end):
                continue  # "regime-held", "Kurdish-led": describes a place or group
            hits.append((start, -end, e))
    hits.sort(key=_LEFTMOST_LONGEST)  # stable: ties stay in match order
    out: list[ActorMention] = []
    edge = 0
    for start, neg_end, e in hits:
        if start < edge:
            continue  # overlaps a longer or earlier match
        edge = -neg_end
        if include_all or e.role in ARMED_ROLES:
            out.append(ActorMention(e.actor, e.side, sentence[start:edge], start, edge, e.role))
    return out


@cache
def actor_sides() -> dict[str, str]:
    """Every normalised actor label with its side.

    Returns
    -------
    dict
        ``{actor label: side}``, sorted by label.
    """
    pairs = {e.actor: e.side for entries in _automaton().values() for e in entries}
    return dict(sorted(pairs.items()))
