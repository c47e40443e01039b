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

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, repeat
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

_OF = fold_token("of")


def _kind_of_before(keys: list[str], first: int) -> bool:
    """Whether "<kind word> of" stands right before the word ``first`` ("the quarter of Shaar")."""
    return first >= 2 and keys[first - 1] == _OF and keys[first - 2] in _KIND_WORDS


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
                        entries[key] = _Entry({place.id}, spelling, guarded)
                    else:
                        entry.ids.add(place.id)
                        entry.guarded = entry.guarded and guarded
        for phrase in not_place_phrases(gazetteer):
            key = fold(phrase)
            if key:
                # ids == (): a phrase that wins the span yields no place
                entries[key] = _Entry(set(), phrase, False)
        # The automaton stores entry numbers; the facts of each entry are looked
        # up in arrays, for all the hits of a text at once.
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for number, key in enumerate(entries):
            # Spaces around the key make the automaton report word-aligned hits only.
            automaton.add_word(f" {key} ", number)
        automaton.make_automaton()
        self._automaton = automaton
        self.size = len(entries)
        # Object arrays: the ids and alias of many hits are picked in one step.
        self._ids = _objects(tuple(sorted(e.ids)) for e in entries.values())
        self._named = np.array([bool(ids) for ids in self._ids], dtype=bool)
        self._alias = _objects(e.alias for e in entries.values())
        self._guarded = np.array([e.guarded for e in entries.values()], dtype=bool)
        self._key_len = np.array([len(k) for k in entries], dtype=np.int64)
        # Words of each key as the folded text has them: a word that folds to ""
        # leaves two spaces in a row, and is a word all the same.
        self._nwords = np.array([k.count(" ") + 1 for k in entries], dtype=np.int64)
        # [entry, j]: word j of the key is the article (it need not be capitalised).
        self._is_article = np.zeros((len(entries), int(self._nwords.max(initial=1))), dtype=bool)
        for number, key in enumerate(entries):
            for j, word in enumerate(key.split(" ")):
                self._is_article[number, j] = word == ARTICLE

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
        folded = " " + " ".join(keys) + " "
        # One row per hit: the index of the space closing " key " in ``folded``, the
        # entry.  Streamed: a list of the automaton's tuples would wake the garbage collector.
        hits = np.fromiter(chain.from_iterable(self._automaton.iter(folded)), dtype=np.int64).reshape(-1, 2)
        if not len(hits):
            return []
        spaces = (_code_points(folded) == ord(" ")).nonzero()[0]
        if len(spaces) == len(keys) + 1:
            found = self._found_aligned(text, keys, starts, spaces, hits)
        else:
            found = self._found_any(text, keys, starts.tolist(), hits)
        return self._select(text, keys, starts, ends, found)

    def _found_aligned(self, text: str, keys: list[str], starts: np.ndarray, spaces: np.ndarray, hits) -> tuple:
        """The hits that pass the guards, when no word's key holds a space (``spaces`` one per word and one more).

        Then each word of a hit is one word of its key, so the guards read the
        entry's facts, for all hits at once.  Returns ``(first, last, entry)``
        arrays in the automaton's order.
        """
        entry = hits[:, 1]
        # The word a hit starts on is the one after the space before it.
        first = np.searchsorted(spaces, hits[:, 0] - self._key_len[entry] - 1)
        nwords = self._nwords[entry]
        last = first + nwords - 1
        keep = _capitalised(_code_points(text), starts, first, nwords, self._is_article[entry])
        guarded = (self._guarded[entry] & keep).nonzero()[0]
        if guarded.size:
            # A guarded word needs a kind word after it ("Halk district").
            nkeys = len(keys)
            for h, after in zip(guarded.tolist(), (last[guarded] + 1).tolist(), strict=True):
                if (after == nkeys or keys[after] not in _KIND_WORDS) and not _kind_of_before(keys, int(first[h])):
                    keep[h] = False
        return first[keep], last[keep], entry[keep]

    def _found_any(self, text: str, keys: list[str], word_starts: list[int], hits) -> tuple:
        """The hits that pass the guards, word by word: right for any text, slower.

        An Arabic word with a glued article that tokenize left whole ("al <rest>")
        is one word holding two words of a key, and a hit may start inside it.
        """
        first_words, last_words, entries = _word_spans(keys, hits, self._key_len)
        nkeys = len(keys)
        found: list[tuple[int, int, int]] = []
        for first, last, entry in zip(first_words.tolist(), last_words.tolist(), entries.tolist(), strict=True):
            if (
                self._guarded[entry]
                and (last + 1 == nkeys or keys[last + 1] not in _KIND_WORDS)
                and not _kind_of_before(keys, first)
            ):
                continue
            # At least one word of the name must be capitalised in the text (or be
            # Arabic script or a number): "eastern Aleppo city" yes, "the halk" no.
            for i in range(first, last + 1):
                if keys[i] != ARTICLE and not "a" <= text[word_starts[i]] <= "z":
                    break
            else:
                continue
            found.append((first, last, entry))
        if not found:
            return (np.zeros(0, dtype=np.int64),) * 3
        return tuple(np.array(found, dtype=np.int64).T)

    def _select(self, text: str, keys: list[str], starts: np.ndarray, ends: np.ndarray, found) -> list[NameHit]:
        """Leftmost-longest hits that do not overlap, as NameHits.

        A not-place phrase takes its span but gives no hit.  An article written
        just before a name joins it ("al-Mashhad"), unless the name before ends on it.
        """
        first, last, entry = found
        if not len(first):
            return []
        # Sorted by start, longest first; stable: equal spans keep the automaton's order.
        order = np.argsort(first * (len(keys) + 1) - last, kind="stable")
        first, last, entry = first[order], last[order], entry[order]
        kept = _leftmost_longest(first, last)
        kept[kept] = self._named[entry[kept]]
        first, last, entry = first[kept], last[kept], entry[kept]
        if not len(first):
            return []
        before = map(keys.__getitem__, (first - 1).tolist())  # keys[-1] for a name at 0: masked below
        with_article = np.fromiter(map(ARTICLE.__eq__, before), dtype=bool, count=len(first))
        with_article &= first > 0
        with_article[1:] &= last[:-1] != first[1:] - 1
        first = first - with_article
        begin, end = starts[first].tolist(), ends[last].tolist()
        # Built by map in C: several times cheaper than a loop for thousands of hits.
        surfaces = map(text.__getitem__, map(slice, begin, end))
        aliases, ids = self._alias[entry].tolist(), self._ids[entry].tolist()
        return list(map(_new_hit, repeat(NameHit), zip(begin, end, surfaces, aliases, ids, strict=True)))


def _leftmost_longest(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Which hits to keep, in order: each one that starts after the last word of the last kept.

    ``first`` and ``last`` are word spans sorted by start, longest first.
    """
    n = len(first)
    # A hit that no hit before it reaches is kept ("free"); most are.
    reach = np.maximum.accumulate(last)
    kept = np.empty(n, dtype=bool)
    kept[0] = True
    kept[1:] = first[1:] > reach[:-1]
    # A hit that starts within the latest free hit is not: that one was kept.
    latest_free = np.maximum.accumulate(np.where(kept, np.arange(n), 0))
    free_until = last[latest_free]
    unsure = (~kept & (first > free_until)).nonzero()[0].tolist()
    # The rest (a hit overlapping one that was dropped) depend on the hits kept
    # before them, one by one.  The last word taken is the furthest of the
    # latest free hit and of those kept here (kept hits do not overlap).
    taken_here = -1
    for i, start, end, free_end in zip(
        unsure, first[unsure].tolist(), last[unsure].tolist(), free_until[unsure].tolist(), strict=True
    ):
        if start > max(free_end, taken_here):
            kept[i] = True
            taken_here = end
    return kept


def _objects(items: Iterable) -> np.ndarray:
    """A 1-d array of Python objects (tuples stay whole)."""
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


# NameHit(...) without the Python-level __new__ of a named tuple: the same tuple, built in C.
_new_hit = tuple.__new__


def _code_points(text: str) -> np.ndarray:
    """The characters of ``text`` as numbers, one per character."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _capitalised(codes: np.ndarray, starts: np.ndarray, first, nwords, is_article) -> np.ndarray:
    """Whether some word of each hit, not an article, starts with no letter a-z.

    At least one word of a name must be capitalised in the text (or be Arabic
    script or a number): "eastern Aleppo city" yes, "the halk" no.  ``codes``:
    the text's code points; ``is_article[h, j]``: word j of hit h is the article.
    """
    ok = np.zeros(len(first), dtype=bool)
    todo = np.arange(len(first))
    for j in range(int(nwords.max())):
        if j:
            todo = todo[nwords[todo] > j]  # the hits with a word j
        initial = codes[starts[first[todo] + j]]
        lower = (initial >= ord("a")) & (initial <= ord("z"))
        ok[todo] |= ~lower & ~is_article[todo, j]
    return ok


def _word_spans(keys: list[str], hits: np.ndarray, key_len: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First and last word and the entry of each hit that starts on a word, in order.

    ``hits`` holds ``(end, entry)`` rows from the automaton, ``end`` the index
    of the space closing " key " in the folded text and ``key_len[entry]`` the
    key's length.
    """
    # Position of each word in the folded string; an Arabic word with a glued
    # article ("al <rest>") occupies one slot with a space inside.
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) + 1
    fpos = np.concatenate(([1], 1 + np.cumsum(lens)[:-1]))
    ends = hits[:, 0]
    begins = ends - key_len[hits[:, 1]]
    first = np.searchsorted(fpos, begins)
    last = np.searchsorted(fpos, ends - 1, side="right") - 1
    # A hit may start inside an Arabic word with a glued article.
    on_word = first < len(keys)
    on_word[on_word] = fpos[first[on_word]] == begins[on_word]
    return first[on_word], last[on_word], hits[on_word, 1]


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
