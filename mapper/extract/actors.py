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
from typing import NamedTuple

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
_FOLD_WIDE = tuple((chr(c), t) for c, t in _FOLD.items() if c >= 128)
# In the text matched, every character that is no letter or digit and in no pattern
# reads as this one, so that a few characters stand for every word boundary.
_FILLER = "|"
_WIDE_NON_WORD = re.compile(r"[^\w\x00-\x7f]")  # \w: str.isalnum(), or "_"


_LEFTMOST_LONGEST = itemgetter(0, 1)  # on (start, -end, entry)
_DASHES = "-‐‑"  # the first character of a descriptor: a cheap test before the pattern
_DESCRIPTOR = re.compile(rf"[{_DASHES}](?:held|controlled|run|besieged|led|backed|allied|linked|"
                         r"dominated|occupied|supported|leaning)\b", re.IGNORECASE)


class ActorMention(NamedTuple):
    """An actor named in a sentence.

    A named tuple, not a dataclass: one is built for most sentences, and a frozen
    dataclass costs about four times as much to build.

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


@dataclass(frozen=True, slots=True)
class _Matcher:
    automaton: ahocorasick.Automaton  # folded patterns, a boundary character either side
    table: bytes  # bytes.translate table for ASCII: the fold, then other boundaries to _FILLER
    wide: tuple[tuple[str, str], ...]  # the non-ASCII characters the fold changes, and to what


def _entries() -> dict[str, tuple[_Entry, ...]]:
    """Folded pattern -> its entries (one key may carry several casings, e.g. "IS" and "Is")."""
    text = (files("mapper") / "data" / "actors.csv").read_text("utf-8")
    out: dict[str, tuple[_Entry, ...]] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        pattern = row["pattern"].strip()
        if (row["side"] not in _SIDES or row["role"] not in _ROLES or not pattern
                or _FILLER in pattern):
            raise MapperError(
                f"mapper/data/actors.csv line {line}: bad row {row!r}; side must be one of "
                f"{sorted(_SIDES)} and role one of {sorted(_ROLES)}, no {_FILLER!r} in a pattern")
        key = pattern.translate(_FOLD)
        entry = _Entry(pattern, row["actor"], row["side"], row["role"], _is_acronym(pattern),
                       len(pattern))
        out[key] = (*out.get(key, ()), entry)
    return out


@cache
def _matcher() -> _Matcher:
    """The automaton of the patterns with their word boundaries, and the fold it reads.

    A match sits on word boundaries when the characters either side are no letters
    or digits.  Those the patterns hold (blank, apostrophe, period) stay as they are
    in the folded text; all others read as ``_FILLER``; so the keys are each pattern
    between any two of these few characters, and the text is read between fillers.
    """
    entries = _entries()
    inner = {c for key in entries for c in key if not c.isalnum()}
    ascii_fold = "".join(map(chr, range(128))).translate(_FOLD)
    table = bytes.maketrans(bytes(range(128)), "".join(
        c if c.isalnum() or c in inner else _FILLER for c in ascii_fold).encode("ascii"))
    bounds = sorted({*inner, _FILLER})
    auto = ahocorasick.Automaton()
    for key, found in entries.items():
        for left in bounds:
            for right in bounds:
                auto.add_word(left + key + right, found)
    auto.make_automaton()
    wide = tuple((w, n.encode("ascii").translate(table).decode("ascii")) for w, n in _FOLD_WIDE)
    return _Matcher(auto, table, wide)


def _bounded(sentence: str, m: _Matcher) -> str:
    """``sentence`` folded and between fillers, its other non-words as fillers: one character each."""
    if sentence.isascii():  # bytes.translate indexes a table: far faster than str.translate
        return f"{_FILLER}{sentence.encode('ascii').translate(m.table).decode('ascii')}{_FILLER}"
    # the UTF-8 bytes of non-ASCII characters (0x80 and up) go through the table unchanged
    text = sentence.encode("utf-8", "surrogatepass").translate(m.table).decode(
        "utf-8", "surrogatepass")
    for wide, narrow in m.wide:
        text = text.replace(wide, narrow)
    return f"{_FILLER}{_WIDE_NON_WORD.sub(_FILLER, text)}{_FILLER}"


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
        Sorted by ``start`` (and so by ``end``: no two overlap).  The readers
        of :mod:`mapper.extract.sides` rely on this order.
    """
    m = _matcher()
    hits: list[tuple[int, int, _Entry]] = []  # (start, -end, entry)
    for last, entries in m.automaton.iter(_bounded(sentence, m)):
        end = last - 1  # the key's last character is the boundary after, the text's first a filler
        for e in entries:
            start = end - e.size
            if e.exact_case and sentence[start:end] != e.pattern:
                continue
            if end < len(sentence) and sentence[end] in _DASHES and _DESCRIPTOR.match(
                    sentence, end):
                continue  # "regime-held", "Kurdish-led": describes a place or group
            hits.append((start, -end, e))
    if not hits:
        return []
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
    pairs = {e.actor: e.side for entries in _entries().values() for e in entries}
    return dict(sorted(pairs.items()))
