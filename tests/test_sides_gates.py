"""The clause splitter's fast path gives what its plain pattern gives.

:func:`mapper.extract.sides._clause_breaks` looks for the bare break strings
and tries the break pattern only where one of them starts; the spans must be
those of the pattern run over the whole sentence, "however" asides included.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import sides

_PARTS = ["however", "However", "but", "butter", "while", "whereas", "was", "were", "has", "fell",
          "the army", "Aleppo", ",", ";", ":", "—", "–", ".", "x", "rebuttal", "awhile"]
_GLUE = [" ", ", ", "", ". ", "; "]


def _plain(text: str) -> tuple[list[int], list[int]]:
    spans = [m.span() for m in sides._CLAUSE_BREAK.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PARTS), st.sampled_from(_GLUE)), max_size=14))
def test_clause_breaks_are_the_patterns(parts):
    text = "".join(p + g for p, g in parts)
    assert sides._clause_breaks.__wrapped__(text) == _plain(text)


def test_an_aside_before_the_first_break_string_is_still_seen():
    # The look-behind of the "however" aside reads the text before where the scan starts.
    text = "Manbij, however, was retaken; the army advanced"
    assert sides._clause_breaks.__wrapped__(text) == _plain(text) == ([28], [29])


_SIDE_PARTS = ["rebels", "Rebel-held", "the opposition", "ISIS", "iſis", "the army", "Syrian Army",
               "regime", "YPG", "Kurds", "pro-Assad", "to", "from", "İ", "ı", "K", "é", "ß", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SIDE_PARTS), st.sampled_from(_GLUE)), max_size=12),
       st.data())
def test_side_words_are_the_case_blind_pattern(parts, data):
    """``_side_words_i`` (lowered ASCII sentence, gated) finds every span the ``re.I`` scan finds.

    And ``side_word_before`` reads the lowered sentence whenever it keeps its offsets.
    """
    text = "".join(p + g for p, g in parts)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    lex = sides.lexicon()
    plain = list(lex.side_any.finditer(text, lo, hi))
    found = sides._side_words_i(text, lo, hi)
    assert [(m.span(), m.group(0).lower()) for m in found] == [
        (m.span(), m.group(0).lower()) for m in plain
    ]
    low = sides.lowered(text)
    last = list(lex.side_any_low.finditer(low, lo, hi) if low is not None else plain)
    assert sides.side_word_before(text, lo, hi) == (
        sides.side_of_word(last[-1].group(0)) if last else ""
    )


def test_a_long_s_is_an_s_to_the_side_words_after_a_verb():
    text = "rebels iſis"
    assert [m.span() for m in sides._side_words_i(text, 0, len(text))] == [(0, 6), (7, 11)]
