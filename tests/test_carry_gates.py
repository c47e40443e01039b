"""The cheap tests in front of the carry rules change nothing but their speed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import carry

_text = st.lists(st.sampled_from(
    ["is", "are", " ", "  ", "\n", "still", "now", "being", "rag", "ing", "Fight", "X", ".", "”",
     ")", "\u2009", "\xa0", ":", "a", "1"]), max_size=16).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, st.text(max_size=30)))
def test_ongoing_is_the_plain_search(sentence: str) -> None:
    assert carry.is_ongoing(sentence) == bool(carry._ONGOING.search(sentence))


def _plain_headline(sentence: str) -> bool:
    line = sentence.strip()
    if not line or "\n" in line or line[-1] in carry._CLOSING:
        return False
    words = line.split()
    if len(words) > carry._HEADLINE_MAX_WORDS:
        return False
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) * 2 >= len(words)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, st.text(max_size=30)))
def test_headline_is_the_plain_test(sentence: str) -> None:
    assert carry.is_headline(sentence) == _plain_headline(sentence)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_text, st.text(alphabet=" \t\r\n\xa0\u2028x", max_size=24)))
def test_paragraph_break_is_the_plain_search(text: str) -> None:
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            plain = bool(carry._BLANK_LINE.search(text, start, end))
            assert carry.paragraph_break(text, start, end) == plain


@pytest.mark.parametrize(("sentence", "ongoing"), [
    ("Fighting is still raging in X.", True),
    ("Clashes are ongoing", True),
    ("Talks are now continuing, he said.", True),
    ("The road is being repaired.", False),
    ("Fighting raged in X.", False),
])
def test_ongoing_examples(sentence: str, ongoing: bool) -> None:
    assert carry.is_ongoing(sentence) is ongoing
    assert bool(carry._ONGOING.search(sentence)) is ongoing


def _plain_drop(events: list, headlines: set[int]) -> list:
    heads = [sum(src.start in headlines for src in e.sources) for e in events]
    told = {(e.sub_event_type, e.place_id) for e, n in zip(events, heads, strict=True) if not n}
    return [e for e, n in zip(events, heads, strict=True)
            if not (n == len(e.sources) and (e.sub_event_type, e.place_id) in told)]


_event = st.builds(
    SimpleNamespace,
    sources=st.lists(st.builds(SimpleNamespace, start=st.integers(0, 6)), max_size=3).map(tuple),
    sub_event_type=st.sampled_from(["Shelling", "Air strike"]),
    place_id=st.sampled_from(["a", "b"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_event, max_size=8), st.sets(st.integers(0, 6)))
def test_headline_repeats_are_those_of_the_plain_count(events: list, headlines: set[int]) -> None:
    assert carry.drop_headline_repeats(events, headlines) == _plain_drop(events, headlines)
