"""The quick tests of :mod:`mapper.extract.fatalities` skip only what could not match.

``_may_relate`` keeps the "and her baby" pattern off sentences without the words
it needs.  The plain reading here runs the pattern on every sentence; both must
agree on any text, above all on text made of those words in every case.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import fatalities
from mapper.extract.fatalities import extract_fatalities


def _relative_hits(sentence: str) -> list[tuple[int, int]]:
    lex = fatalities._lexicon()
    low = sentence.lower()
    text = (fatalities._Text(sentence, low, lex.lo) if sentence.isascii()
            else fatalities._Text(sentence, sentence, lex.ci))
    return [m.span("one") for m in text.ci.relative.finditer(text.fold)], text


_WORDS = ["a", "woman", "and", "AND", "And", "his", "her", "HER", "their", "hıs", "baby", "son",
          "children", "two", "killed", "were", "mother", "ſon", "other", "brother", "the"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=10), st.sampled_from([" ", "  ", "\n", "-"]))
def test_may_relate_whenever_the_pattern_matches(words, sep):
    sentence = sep.join(words)
    hits, text = _relative_hits(sentence)
    if hits:
        assert fatalities._may_relate(text)


def test_the_gate_skips_sentences_without_the_words():
    _, text = _relative_hits("Two soldiers were killed in the north.")
    assert not fatalities._may_relate(text)
    _, text = _relative_hits("A woman and her baby were killed.")
    assert fatalities._may_relate(text)
    assert extract_fatalities("A woman and her baby were killed.").count == 2


def test_other_text_is_always_searched():
    _, text = _relative_hits("A WOMAN AND HER BABY — killed")
    assert fatalities._may_relate(text)
