"""The fast reading of actor mentions finds exactly what a plain reading finds.

:func:`mapper.extract.actors.find_actors` matches its patterns with their word
boundaries built into the automaton's keys, over a copy of the sentence folded
through byte tables.  The plain reading here folds with ``str.translate``,
finds every pattern with ``str.find`` and tests the boundaries with
``str.isalnum``: both must agree on any text, above all on text made of the
patterns glued by punctuation, blanks and non-ASCII characters.
"""

from __future__ import annotations

import re
import sys
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import actors
from mapper.extract.actors import ActorMention, find_actors


def _plain(sentence: str, include_all: bool) -> list[ActorMention]:
    folded = sentence.translate(actors._FOLD)
    hits = []
    for key, entries in actors._entries().items():
        i = folded.find(key)
        while i >= 0:
            end = i + len(key)
            if not ((end < len(folded) and folded[end].isalnum())
                    or (i and folded[i - 1].isalnum())):
                hits.extend((i, -end, e) for e in entries
                            if not (e.exact_case and sentence[i:end] != e.pattern)
                            and not actors._DESCRIPTOR.match(sentence, end))
            i = folded.find(key, i + 1)
    out, edge = [], 0
    for start, neg_end, e in sorted(hits, key=lambda h: h[:2]):
        if start >= edge:
            edge = -neg_end
            if include_all or e.role in actors.ARMED_ROLES:
                out.append(ActorMention(e.actor, e.side, sentence[start:edge], start, edge, e.role))
    return out


_PATTERNS = [e.pattern for entries in actors._entries().values() for e in entries]
_GLUE = [" ", "", "-", "’", "'", ".", ",", "_", "é", "—", "\u2009", "|", "\xa0", "‐", "–", "s",
         "\n", "İ", "K", "2", "(", "-held", "‐led ", "“"]
_text = st.lists(
    st.tuples(st.sampled_from(_PATTERNS), st.sampled_from(["same", "lower", "upper", "title"]),
              st.sampled_from(_GLUE)),
    max_size=10,
).map(lambda parts: "".join((w if case == "same" else getattr(w, case)()) + glue
                            for w, case, glue in parts))


@settings(max_examples=500, deadline=None)
@given(st.one_of(_text, st.text(max_size=60)), st.booleans())
def test_find_actors_is_the_plain_reading(text: str, include_all: bool) -> None:
    assert find_actors(text, include_all) == _plain(text, include_all)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, st.text(max_size=60)), st.booleans())
def test_find_actors_is_sorted_by_start_without_overlaps(text: str, include_all: bool) -> None:
    """The order the readers of sides.py rely on (they no longer sort)."""
    found = find_actors(text, include_all)
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_glued_and_spread_patterns() -> None:
    for text in ["Assad’s troops|SAA.Hezbollah—YPG“rebels”", "the SAA\u2009forces", "é rebels",
                 "rebelsé", "_rebels_", "Kurdish-led SDF", "pro-Assad\xa0forces", "İS rebels"]:
        assert find_actors(text, True) == _plain(text, True), text


def test_wide_non_word_is_the_complement_of_isalnum() -> None:
    """What the text's non-ASCII characters turn into rests on this."""
    wide = actors._WIDE_NON_WORD
    chars = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    kept = wide.sub("", chars)
    assert all(c.isalnum() for c in kept)
    assert not any(c.isalnum() for c in "".join(re.findall(wide, chars)))
