"""Tag every gazetteer name in running text in one pass.

The text is split into words and folded (:mod:`gazetteer.normalize`); the
folded words, joined by spaces, are scanned once by an Aho-Corasick automaton
holding the folded form of every spelling of every place.  A hit counts only
when it starts and ends on word boundaries; overlapping hits keep the
leftmost-longest.

Guards against plain words
--------------------------
* A spelling that folds to a single word of ``data/guard_words.txt`` ("bab",
  "halk", "eis", "said", "bana" ...) matches only with its article ("al-Bab")
  or when a place-kind word follows ("Halk district").
* The first word of a hit (after any article) must be capitalised in the text
  (or be Arabic script or a number): "the halk of ..." is not a place.
* Words are whole tokens, so "Sha'ar" never matches inside another word.
* Phrases of ``data/not_places.txt`` ("Syria Daily", "Geneva Convention",
  "Jabhat Fatah al-Sham") take their span, so the place inside is not tagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

import ahocorasick
import numpy as np

from gazetteer.normalize import ARTICLE, fold, fold_token, tokenize
from gazetteer.paths import shipped_file
from gazetteer.places import Gazetteer, guard_words

_KIND_WORDS = frozenset(
    fold_token(w)
    for w in (
        "district neighbourhood neighborhood neighbourhoods neighborhoods quarter area "
        "town village mountain camp suburb front"
    ).split()
)


# A named tuple rather than a frozen dataclass: as immutable, and several times
# cheaper to build (a long article has thousands of hits).
class NameHit(NamedTuple):
    """A place name found in text, before disambiguation.

    Attributes
    ----------
    start, end : int
        Span in the text (``text[start:end] == surface``).
    surface : str
        The text as written.
    alias : str
        The gazetteer spelling whose folded form matched.
    candidates : tuple of str
        Ids of every place with that folded spelling (more than one when ambiguous).
    """

    start: int
    end: int
    surface: str
    alias: str
    candidates: tuple[str, ...]


@dataclass(slots=True)
class _Entry:
    ids: set[str]
    alias: str
    guarded: bool
    ntokens: int


class PlaceTagger:
    """Fast multi-pattern tagger of place names.

    Parameters
    ----------
    gazetteer : Gazetteer
        The places to find.  Build the tagger once and reuse it for every article.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        guard = guard_words()
        entries: dict[str, _Entry] = {}
        for place in gazetteer.places:
            for spelling in gazetteer.spellings(place):
                for key in _variants(fold(spelling)):
                    core = [t for t in key.split() if t != ARTICLE]
                    guarded = key.split()[0] != ARTICLE and len(core) == 1 and (
                        core[0] in guard or _too_short(core[0], spelling)
                    )
                    entry = entries.get(key)
                    if entry is None:
                        entries[key] = _Entry({place.id}, spelling, guarded, len(key.split()))
                    else:
                        entry.ids.add(place.id)
                        entry.guarded = entry.guarded and guarded
        for phrase in not_place_phrases(gazetteer):
            key = fold(phrase)
            if key:
                # ids == (): a phrase that wins the span yields no place
                entries[key] = _Entry(set(), phrase, False, len(key.split()))
        automaton = ahocorasick.Automaton()
        for key, entry in entries.items():
            # Spaces around the key make the automaton report word-aligned hits only.
            automaton.add_word(f" {key} ", (len(key), tuple(sorted(entry.ids)), entry.alias, entry.guarded))
        automaton.make_automaton()
        self._automaton = automaton
        self.size = len(entries)

    def tag(self, text: str) -> list[NameHit]:
        """Find place names in ``text``.

        Returns
        -------
        list of NameHit
            Sorted by position, not overlapping.
        """
        keys, starts, ends = tokenize(text)
        if not keys:
            return []
        raw = list(self._automaton.iter(" " + " ".join(keys) + " "))
        if not raw:
            return []
        firsts, lasts = _word_spans(keys, raw)
        found: list[tuple[int, int, int, str, tuple[str, ...]]] = []
        nkeys = len(keys)
        word_starts = starts.tolist()
        for first, last, (_, (_, ids, alias, guarded)) in zip(firsts, lasts, raw, strict=True):
            if guarded and (last + 1 == nkeys or keys[last + 1] not in _KIND_WORDS):
                continue
            # At least one word of the name must be capitalised in the text (or be
            # Arabic script or a number): "eastern Aleppo city" yes, "the halk" no.
            for i in range(first, last + 1):
                if keys[i] != ARTICLE and not "a" <= text[word_starts[i]] <= "z":
                    break
            else:
                continue
            # Sorted below by start, longest first: first * (nkeys + 1) - last says both in one int.
            found.append((first * (nkeys + 1) - last, first, last, alias, ids))
        return self._select(text, keys, word_starts, ends, found)

    @staticmethod
    def _select(text: str, keys, starts, ends, found) -> list[NameHit]:
        found.sort(key=itemgetter(0))  # stable: equal spans keep the automaton's order
        hits: list[NameHit] = []
        taken_until = -1
        last_end = -1
        for _, first, last, alias, ids in found:
            if first <= taken_until:
                continue
            taken_until = last
            if not ids:
                continue  # a phrase that only looks like a place ("Syria Daily")
            # Include an article written just before the name ("al-Mashhad").
            if first > 0 and keys[first - 1] == ARTICLE and last_end <= starts[first - 1]:
                first -= 1
            start, last_end = starts[first], int(ends[last])
            hits.append(NameHit(start, last_end, text[start:last_end], alias, ids))
        return hits


def _word_spans(keys: list[str], raw: list[tuple[int, tuple]]) -> tuple[list[int], list[int]]:
    """First and last word of each automaton hit that starts on a word, in order.

    ``raw`` holds ``(end, value)`` from the automaton, ``end`` the index of the
    space closing " key " in the folded text and ``value[0]`` the key's length;
    hits that do not start on a word are removed from it.
    """
    # Position of each word in the folded string; an Arabic word with a glued
    # article ("al <rest>") occupies one slot with a space inside.
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) + 1
    fpos = np.concatenate(([1], 1 + np.cumsum(lens)[:-1]))
    ends = np.fromiter(map(itemgetter(0), raw), dtype=np.int64, count=len(raw))
    begins = ends - np.fromiter((v[0] for _, v in raw), dtype=np.int64, count=len(raw))
    first = np.searchsorted(fpos, begins)
    last = np.searchsorted(fpos, ends - 1, side="right") - 1
    # A hit may start inside an Arabic word with a glued article.
    on_word = first < len(keys)
    on_word[on_word] = fpos[first[on_word]] == begins[on_word]
    if not on_word.all():
        raw[:] = [r for r, ok in zip(raw, on_word.tolist(), strict=True) if ok]
        first, last = first[on_word], last[on_word]
    return first.tolist(), last.tolist()


def _too_short(key: str, spelling: str) -> bool:
    """A one- or two-letter Latin word is a place only as an acronym ("US", "UK")."""
    return key.isascii() and len(key) < 3 and not spelling.isupper()


def not_place_phrases(gazetteer: Gazetteer) -> list[str]:
    """Phrases of ``data/not_places.txt``, with ``{country}`` expanded to every country's spellings."""
    countries = [s for p in gazetteer.places if p.kind == "country" for s in gazetteer.spellings(p)]
    out = []
    with open(shipped_file("not_places.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "{country}" in line:
                out.extend(line.replace("{country}", c) for c in countries)
            else:
                out.append(line)
    return out


def _variants(key: str) -> set[str]:
    """Folded keys a spelling is found under: as written, and without a leading article."""
    if not key:
        return set()
    out = {key}
    toks = key.split()
    if toks[0] == ARTICLE and len(toks) > 1:
        out.add(" ".join(toks[1:]))
    return out
