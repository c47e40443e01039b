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


@dataclass(frozen=True, slots=True)
class NameHit:
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
            automaton.add_word(f" {key} ", (key, tuple(sorted(entry.ids)), entry.alias, entry.guarded))
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
        folded = " " + " ".join(keys) + " "
        # Position of each word in the folded string; an Arabic word with a
        # glued article ("al <rest>") occupies one slot with a space inside.
        lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) + 1
        fpos = np.concatenate(([1], 1 + np.cumsum(lens)[:-1]))
        # end_idx is the index of the closing space of " key "
        raw = [(end_idx - len(value[0]), end_idx - 1, value) for end_idx, value in self._automaton.iter(folded)]
        if not raw:
            return []
        first_idx = np.searchsorted(fpos, [r[0] for r in raw])
        last_idx = np.searchsorted(fpos, [r[1] for r in raw], side="right") - 1
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        nkeys = len(keys)
        word_pos = fpos.tolist()
        word_starts = starts.tolist()
        for (begin, _end, (_key, ids, alias, guarded)), first, last in zip(
            raw, first_idx.tolist(), last_idx.tolist(), strict=True
        ):
            if first >= nkeys or word_pos[first] != begin:
                continue  # starts inside an Arabic word with a glued article
            # Fast path of _acceptable for the usual hit: one capitalised word.
            if first == last and not guarded and keys[first] != ARTICLE:
                head = text[word_starts[first]]
                if not (head.isalpha() and head.isascii() and head.islower()):
                    found.append((first, last, alias, ids))
                continue
            if self._acceptable(text, keys, word_starts, first, last, guarded):
                found.append((first, last, alias, ids))
        return self._select(text, keys, word_starts, ends, found)

    @staticmethod
    def _acceptable(text: str, keys, starts, first: int, last: int, guarded: bool) -> bool:
        # At least one word of the name must be capitalised in the text (or be
        # Arabic script or a number): "eastern Aleppo city" yes, "the halk" no.
        named = False
        for i in range(first, last + 1):
            if keys[i] == ARTICLE:
                continue
            head = text[int(starts[i])]
            if not (head.isalpha() and head.isascii() and head.islower()):
                named = True
                break
        if not named:
            return False
        if guarded:
            after = keys[last + 1] if last + 1 < len(keys) else ""
            return after in _KIND_WORDS
        return True

    @staticmethod
    def _select(text: str, keys, starts, ends, found) -> list[NameHit]:
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[NameHit] = []
        taken_until = -1
        for first, last, alias, ids in found:
            if first <= taken_until:
                continue
            taken_until = last
            if not ids:
                continue  # a phrase that only looks like a place ("Syria Daily")
            # Include an article written just before the name ("al-Mashhad").
            if first > 0 and keys[first - 1] == ARTICLE and (not hits or hits[-1].end <= starts[first - 1]):
                first -= 1
            start, end = int(starts[first]), int(ends[last])
            hits.append(NameHit(start, end, text[start:end], alias, ids))
        return hits


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
