"""Definite descriptions of places: "the town", "the district" pointing back at a named place.

Reports name a place once and then call it "the town" ("Turkish-backed rebels
reached al-Bab on Monday. Fighting for the town went on all night.").  Without
this, the second sentence has no place and its clash is lost.  A description
stands for the last place of its kind (``mapper/data/anaphora.toml``) named
earlier in its own sentence (unless that place stands in a list with another
one, or the description is an apposition right after its name), else in the few
sentences before it in the same entry; when the nearest sentence naming such a
place names two of them, the reference is unclear and none is taken.  A vague
noun ("the area") reaches back only within its own sentence, and so does "it" as
the object of a verb of taking or striking ("X was quiet; troops had seized it the
day before"), never for a place named as a reference point ("near X").
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mapper.extract.context import LIST_GAP, PlaceRef
from mapper.extract.control_lexicon import lower_text

__all__ = ["Antecedents", "find_descriptions"]

RULE = "anaphora"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    pattern: re.Pattern[str]
    kinds: dict[str, frozenset[str]]  # noun -> kinds it points back at
    nouns: tuple[str, ...]  # lower-case, for a substring test before the pattern
    reach: int
    local: frozenset[str]  # nouns that reach back only within their sentence
    pronoun: re.Pattern[str]  # "seized it": the group ``it`` is the pronoun
    pronoun_kinds: frozenset[str]
    reference: re.Pattern[str]  # right before a place named as a reference point


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads(resources.files("mapper").joinpath("data", "anaphora.toml").read_text("utf-8"))
    nouns = {noun.lower(): frozenset(kinds) for noun, kinds in raw["nouns"].items()}
    determiners = "|".join(map(re.escape, raw["determiners"]))
    not_after = "|".join(map(re.escape, raw["not_after"]))
    pattern = re.compile(
        rf"\b(?:{determiners})\s+(?P<noun>{'|'.join(map(re.escape, nouns))})\b(?!\s+(?:{not_after})\b)",
        re.IGNORECASE,
    )
    local = frozenset(n.lower() for n in raw.get("this_sentence_only", ()))
    pro = raw["pronoun"]
    pronoun = re.compile(rf"\b(?:{'|'.join(map(re.escape, pro['verbs']))})\s+(?P<it>it)\b", re.IGNORECASE)
    reference = re.compile(
        rf"\b(?:{'|'.join(pro['reference_before'])})\s+(?:the\s+)?$", re.IGNORECASE
    )
    return _Lexicon(pattern, nouns, tuple(nouns), int(raw["reach"]), local, pronoun,
                    frozenset(pro["kinds"]), reference)


def find_descriptions(sentence: str) -> list[tuple[int, int, frozenset[str]]]:
    """``(start, end, kinds)`` of each description in ``sentence`` ("the town": town, village).

    Parameters
    ----------
    sentence : str
        One sentence.

    Returns
    -------
    list of tuple
        Left to right; offsets of the whole description, kinds of place it can mean.
    """
    lex = _lexicon()
    low = lower_text(sentence)  # the control and event readers' cached copy
    # most sentences hold no such noun at all; a plain loop, not any() over a
    # generator, as this runs on every sentence
    for noun in lex.nouns:
        if noun in low:
            break
    else:
        return []
    return [(m.start(), m.end(), lex.kinds[m["noun"].lower()]) for m in lex.pattern.finditer(sentence)]


def _pronouns(sentence: str, places: tuple[PlaceRef, ...]) -> list[PlaceRef]:
    """A :class:`PlaceRef` for each "it" object of a verb that stands for a place named before it.

    Only within the sentence, for the last place of a kind "it" can mean
    (unclear in a list: none), never a reference point ("near X").
    """
    low = lower_text(sentence)
    if " it" not in low:
        return []  # most sentences: no need to run the pattern
    lex = _lexicon()
    out = []
    for m in lex.pronoun.finditer(sentence):
        start = m.start("it")
        refs = [r for r in places if r.end <= start and r.place.kind in lex.pronoun_kinds]
        place = _in_sentence(sentence, refs, start) if refs else None
        if place is not None and not lex.reference.search(sentence, max(0, refs[-1].start - 20), refs[-1].start):
            out.append(PlaceRef(place, start, m.end("it"), RULE))
    return out


def _local(sentence: str, start: int) -> bool:
    """Whether the description at ``start`` reaches back only within its sentence ("the area")."""
    lex = _lexicon()
    m = lex.pattern.match(sentence, start)
    return m is not None and m["noun"].lower() in lex.local


class Antecedents:
    """The places named in the last few sentences of an entry, to resolve descriptions against.

    Call :meth:`resolve` for a sentence, then :meth:`named` with its places.
    """

    def __init__(self) -> None:
        self._recent: deque[tuple[Any, ...]] = deque(maxlen=_lexicon().reach)

    def resolve(self, sentence: str, places: tuple[PlaceRef, ...]) -> tuple[PlaceRef, ...]:
        """``places`` with a :class:`PlaceRef` (rule ``anaphora``) for each description resolved.

        A description of a place the sentence names before it stands for that
        place where it is written too: "reached X but did not enter the town,
        which remains in IS hands" says who holds X, and "advanced into X and
        took full control of the neighbourhood" that X was taken.
        """
        descriptions = find_descriptions(sentence)
        pronouns = _pronouns(sentence, places) if places else []
        if not descriptions and not pronouns:
            return places
        found = list(places) + pronouns
        for start, end, kinds in descriptions:
            refs = [r for r in places if r.end <= start and r.place.kind in kinds]
            if refs:  # the sentence names one before it: that one, or none if unclear
                place = _in_sentence(sentence, refs, start)
            elif _local(sentence, start):
                place = None
            else:
                place = _antecedent(list(reversed(self._recent)), kinds)
                if place is not None and any(r.place.id == place.id for r in places):
                    place = None  # named later in the sentence: the name stands for it
            if place is not None:
                found.append(PlaceRef(place, start, end, RULE))
        return tuple(sorted(found, key=lambda r: (r.start, r.end)))

    def named(self, places: tuple[PlaceRef, ...]) -> None:
        """Remember the places a sentence named (not those it only described)."""
        self._recent.append(tuple([r.place for r in places if r.rule != RULE]) if places else ())

    def clear(self) -> None:
        """Forget everything (a new entry starts)."""
        self._recent.clear()


# Between a name and a description of it set off right after: "Manbij, the town".
_APPOSITION = re.compile(r"\s*[,(–—-]\s*")
# Between two places of a span, "from A to B" (those of a list: context.LIST_GAP).
_SPAN_GAP = re.compile(r"\s*to\s*(?:the\s+)?", re.IGNORECASE)


def _in_sentence(sentence: str, refs: list[PlaceRef], start: int) -> Any:
    """The place a description at ``start`` points back at among ``refs``, those of its kind before it.

    The last one ("after clearing A, they entered B and took the district": B),
    unless it stands in a list with another one ("shelled A and B and then
    stormed the district": which?): then ``None``.  ``None`` too for an
    apposition ("Manbij, the town north of Aleppo that ..."): the name right
    before it is the place already.
    """
    last = refs[-1]
    if _APPOSITION.fullmatch(sentence, last.end, start):
        return None
    for r in reversed(refs[:-1]):
        if r.place.id != last.place.id:
            gap = (r.end, last.start)
            if LIST_GAP.fullmatch(sentence, *gap) or _SPAN_GAP.fullmatch(sentence, *gap):
                return None
            break
    return last.place


def _antecedent(sentences: list[tuple[Any, ...]], kinds: frozenset[str]) -> Any:
    """The place of ``kinds`` in the nearest sentence naming one; None if it names two."""
    for named in sentences:
        matching = {p.id: p for p in named if p.kind in kinds}
        if len(matching) == 1:
            return next(iter(matching.values()))
        if matching:
            return None  # "from Hanano to Sakhour ... the district": which one?
    return None
