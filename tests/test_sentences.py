"""Sentence spans: abbreviations, decimals, ellipses, quotes, line breaks, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract.sentences import split_sentences


def _sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, start, end)]


def test_abbreviations_do_not_end_sentences():
    text = ("The U.S. envoy met Mr. Haddad and Gen. Petrov at No. 4 St. George St. in the "
            "morning. The U.N. team arrived on Dec. 14 as planned.")
    assert _sentences(text) == [
        "The U.S. envoy met Mr. Haddad and Gen. Petrov at No. 4 St. George St. in the morning.",
        "The U.N. team arrived on Dec. 14 as planned.",
    ]


def test_clock_abbreviations_end_a_sentence_only_before_a_new_one():
    text = ("Buses left at 6 a.m. Thursday from the crossing. The last one came at 11 p.m. "
            "Nobody else was allowed through.")
    assert _sentences(text) == [
        "Buses left at 6 a.m. Thursday from the crossing.",
        "The last one came at 11 p.m.",
        "Nobody else was allowed through.",
    ]


def test_decimals_initials_and_lowercase_continuations():
    text = ('The shell landed 2.5 km away, said J. R. Smith. Approx. ten died? No. Five did! '
            '"Why?" he asked. It was 3.')
    assert _sentences(text) == [
        "The shell landed 2.5 km away, said J. R. Smith.",
        "Approx. ten died?",
        'No. Five did!',
        '"Why?" he asked.',
        "It was 3.",
    ]


def test_quotes_closing_after_the_period_and_ellipses():
    text = ('He said: "We are leaving." Then the line went dead... Later, silence… '
            "Nothing more. “It is over.” The convoy moved.")
    assert _sentences(text) == [
        'He said: "We are leaving."',
        "Then the line went dead...",
        "Later, silence…",
        "Nothing more.",
        "“It is over.”",
        "The convoy moved.",
    ]


def test_line_breaks_split_headlines_but_not_soft_wraps():
    text = ("Regime Retakes Old City\n"
            "Photo: Reuters\n"
            "The monitor says a\n"
            "second colonel was killed,\n"
            "officials said.\n\n"
            "  • A bulleted reader comment\n"
            "    with its second line\n")
    assert _sentences(text) == [
        "Regime Retakes Old City",
        "Photo: Reuters",
        "The monitor says a\nsecond colonel was killed,\nofficials said.",
        "• A bulleted reader comment\n    with its second line",
    ]


def test_region_offsets_are_into_the_whole_text():
    text = "Ignore this. Keep one. Keep two. Ignore that."
    start = text.index("Keep one")
    end = text.index(" Ignore that")
    spans = split_sentences(text, start, end)
    assert [text[a:b] for a, b in spans] == ["Keep one.", "Keep two."]
    assert spans[0][0] == start


def test_empty_and_blank_regions():
    assert split_sentences("") == []
    assert split_sentences("   \n\n\t ") == []
    assert split_sentences("abc", 3) == []


_ALPHABET = st.sampled_from(list("ab Z.!?…\"”'\n\t5") + ["U.S.", "p.m.", "Mr.", "...", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_spans_are_ordered_trimmed_and_cover_every_visible_character(text, lead, trail):
    start, end = min(lead, len(text)), max(min(len(text) - trail, len(text)), 0)
    spans = split_sentences(text, start, end)
    covered = set()
    prev_end = start
    for a, b in spans:
        assert prev_end <= a < b <= max(end, start)
        assert not text[a].isspace() and not text[b - 1].isspace()
        covered.update(range(a, b))
        prev_end = b
    visible = {i for i in range(start, end) if not text[i].isspace()}
    assert visible <= covered


def _plain_word_before(text: str, p: int, seg: int) -> str:
    w = p
    while w > seg and not text[w - 1].isspace() and text[w - 1] not in "(\"“‘'[":
        w -= 1
    return text[w:p]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(" \n\t\xa0\u2009(\"“‘'[]”ab.Z") + ["U.S", "Mr", "p.m"]),
                max_size=20).map("".join), st.data())
def test_word_before_a_period_is_the_plain_scan(text: str, data: st.DataObject) -> None:
    from mapper.extract.sentences import _word_before

    p = data.draw(st.integers(0, len(text)))
    seg = data.draw(st.integers(0, p))
    assert _word_before(text, p, seg) == _plain_word_before(text, p, seg)


def _plain_split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The splitter without its shortcuts: every line break weighed, every word scanned."""
    from mapper.extract import sentences as s

    stop = len(text) if end is None else min(end, len(text))
    spans: list[tuple[int, int]] = []
    seg = start
    for m in s._CANDIDATE.finditer(text, start, stop):
        p = m.start()
        if text[p] == "\n":
            if not s._line_break_ends(text, p, stop):
                continue
            cut = p + 1
        else:
            cut = m.end()
            if cut < stop and not text[cut].isspace():
                continue
            nxt = s._next_char(text, cut, stop)
            if nxt not in ("", "\n"):
                if nxt.islower():
                    continue
                if text[p] == "." and text[p:p + 3] != "...":
                    word = _plain_word_before(text, p, seg)
                    never, times = s._abbreviations()
                    key = word.lower()
                    if word and (key in never or (len(word) == 1 and word.isalpha())):
                        continue
                    if word and key in times:
                        if s._next_word(text, cut, stop).lower() in s._capitalised_continuations():
                            continue
                    elif word and s._INITIALISM.fullmatch(word):
                        continue
        s._append_trimmed(spans, text, seg, cut)
        seg = cut
    s._append_trimmed(spans, text, seg, stop)
    return spans


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET | st.sampled_from(["\n\n", " \n", "\n ", "am", "Etc", "(U.S.", "Monday"]),
                max_size=40).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_splitting_is_the_plain_splitter(text: str, lead: int, trail: int) -> None:
    start, end = min(lead, len(text)), max(len(text) - trail, 0)
    assert split_sentences(text, start, end) == _plain_split(text, start, end)
