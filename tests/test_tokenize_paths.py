"""The two word splitters of the normaliser (regex and character table) cut text the same way."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import normalize
from gazetteer.normalize import _APOSTROPHES, _WORD, _is_sun_article, _split_by_regex, _split_by_table

# Characters at the edges of the rules: apostrophes (some are word characters
# themselves), s/S for the possessive, combining marks, hyphens, Arabic alef
# and lam, digits, "_", white space, a lone surrogate and characters past the BMP.
_TRICKY = "aAsSlzé_1٣ \n\t.,-‐‑–" + _APOSTROPHES + "\u0301\u064B\u0670أالبx\x1c\u2028\ud800😀𝐀"
_WORDS = ["al", "Al", "ash", "AS", "as", "an", "es", "the", "Aleppo", "s", "S", "Sa", "ال", "أل"]


def _same(text: str) -> None:
    by_regex, by_table = _split_by_regex(text), _split_by_table(text)
    assert by_table[0] == by_regex[0]
    assert by_table[1].tolist() == by_regex[1].tolist()
    assert by_table[2].tolist() == by_regex[2].tolist()
    # Candidate sun articles may differ; the articles they give may not.
    words = by_regex[0]
    assert [i for i in by_table[3] if _is_sun_article(words[i])] == [
        i for i in by_regex[3] if _is_sun_article(words[i])
    ]
    # Glued articles: only those at a word's start count.
    starts = set(by_regex[1].tolist())
    assert [p for p in by_table[4] if p in starts] == [p for p in by_regex[4] if p in starts]


@settings(max_examples=1500)
@given(st.lists(st.one_of(st.sampled_from(_TRICKY), st.sampled_from(_WORDS)), max_size=40).map("".join))
def test_table_split_is_regex_split_on_tricky_text(text):
    _same(text)


@given(st.text(max_size=300))
def test_table_split_is_regex_split_on_any_text(text):
    _same(text)


@pytest.mark.parametrize("text", [
    "", "Aleppo's", "Aleppo’s east", "Sa'eed", "Aleppo'sa", "x's\u0301y", "a''b", "'a'", "a'",
    "ash-Shaar and as-Sukkari", "AS-Sukkari", "was-it", "بستان القصر", "ٱلباب", "😀 Aleppo's 𝐀's",
])
def test_table_split_is_regex_split_on_examples(text):
    _same(text)


def test_tokenize_is_the_same_on_both_sides_of_the_length_threshold(monkeypatch):
    text = ("Shelling hit al-Mash'had, ash-Shaar and Aleppo's east; القصر و بستان الباشا. " * 40)
    assert len(text) >= normalize._TABLE_MIN_CHARS
    long_path = normalize.tokenize(text)
    monkeypatch.setattr(normalize, "_TABLE_MIN_CHARS", len(text) + 1)
    short_path = normalize.tokenize(text)
    assert long_path[0] == short_path[0]
    assert long_path[1].tolist() == short_path[1].tolist()
    assert long_path[2].tolist() == short_path[2].tolist()


def test_no_word_character_is_white_space():
    # The table splitter turns every other character into a space and relies on str.split.
    in_word = re.compile(_WORD[:-1] + f"|[{_APOSTROPHES}]")
    assert not [c for c in range(0x110000) if chr(c).isspace() and in_word.fullmatch(chr(c))]


def _reference_tokenize(text: str):
    """tokenize as first written: regex split, every hyphen candidate tested, glued articles spliced one by one."""
    words, starts, ends, before_hyphen, alefs = _split_by_regex(text)
    keys = [normalize._memo[w] for w in words]
    for i in before_hyphen:
        if _is_sun_article(words[i]):
            keys[i] = normalize.ARTICLE
    starts, ends = starts.tolist(), ends.tolist()
    glued = [i for i, s in enumerate(starts) if s in alefs and keys[i].startswith("al ")]
    for i in reversed(glued):
        keys[i : i + 1] = ("al", keys[i][3:])
        starts[i + 1 : i + 1] = [starts[i] + 2]
        ends[i:i] = [starts[i] + 2]
    return keys, starts, ends


_ARABIC = ["الباب", "الشيخ", "سعيد", "ٱلقصر", "أل", "الـ", "ـالباب", "حلب", "ال", "إلى", "al-", "ash-", "As-", "Aleppo"]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(_ARABIC), st.sampled_from([" ", "-", "،", "\u064b", ""])), max_size=400)
       .map(lambda parts: "".join(w + s for w, s in parts)))
def test_tokenize_is_the_reference_on_arabic_text(text):
    keys, starts, ends = normalize.tokenize(text)
    assert (keys, starts.tolist(), ends.tolist()) == _reference_tokenize(text)
