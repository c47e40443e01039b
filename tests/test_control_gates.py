"""The cheap gates of the control reader give what the plain scans give, on text written here.

Each gate (a word lookup, a substring test) stands before a pattern that would
otherwise scan the sentence; these tests compare both ways on generated text
made of lexicon words, separators and characters whose case is tricky ("İ"
lower-cases to two characters, "ſ" and the Kelvin sign match "s" and "k" only
case-insensitively, "Σ" lower-cases by its context).
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract.context import SentenceContext
from mapper.extract.control import _assertions, _history, guarded
from mapper.extract.control_lexicon import (
    _alternatives,
    _certain_part,
    _certain_text,
    _phrases,
    _required_runs,
    assertions_in,
    lexicon,
    lower_pattern,
    lowered,
    needs_in,
)
from mapper.extract.sides import clause_bounds, side_of_word, side_word_before
from mapper.extract.wholes import may_be_whole
from mapper.pipeline import read_sentence

_WORDS = [
    "rebels", "Rebel", "the opposition", "ISIS", "iſis", "Kurds", "Kurdish", "the army", "Syrian Army",
    "free syrian army", "pro-Assad", "anti-assad", "regime-held", "rebel-held", "held", "held by", "still hold",
    "still holds", "holding out in", "remained in control of", "under", "control", "under rebel control",
    "under the control of", "districts", "district of", "areas", "stronghold", "pocket", "edge of", "hands",
    "in rebel hands", "which", "the", "positions", "evacuated militants from", "all but", "All But",
    "ALL BUT", "aLl bUt", "all", "but", "a few", "districts", "captured", "recaptured", "took", "taking",
    "fell", "to", "not", "will", "failed to", "plan to", "after", "capturing", "Sukkari", "Hanano", "X",
]
_MARKS = [" ", " ", " ", ", ", "; ", ": ", " — ", ". ", "\u00a0", "\n", "-", "'", "’s", "(", ")"]
_ODD = ["İ", "ı", "ſ", "K", "Σ", "ΟΔΟΣ", "σ", "é", "ß", "ǅ"]
# Words that tell the gates apart from the scans, drawn more often than the rest.
_HOT = ["ALL BUT", "All but a few", "to", "after,", "capturing", "rebels", "Rebel-held", "still hold"]
_TEXT = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(_HOT),
            st.sampled_from(_WORDS + [w for w, _ in lexicon().needed]),
            st.sampled_from(_ODD),
        ),
        st.sampled_from(_MARKS + [" "] * 6 + [""]),
    ),
    max_size=20,
).map(lambda parts: "".join(w + mark for w, mark in parts))


def _offset(data, text: str, lo: int = 0) -> int:
    """An offset in ``text`` from ``lo`` on, often where a word starts or ends."""
    edges = [m.start() for m in re.finditer(r"\b", text) if m.start() >= lo]
    return data.draw(st.one_of(st.integers(lo, len(text)), st.sampled_from(edges or [lo])))


def _plain_needs(low: str) -> int:
    bits = 0
    for word, blocks in lexicon().needed:
        if word in low:
            bits |= blocks
    return bits


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_needs_of_the_words_are_the_needs_of_the_sentence(text):
    low = text.lower()
    assert needs_in(low) == _plain_needs(low)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.data())
def test_needs_of_a_stretch_are_the_needs_of_its_text(text, data):
    """``needs_in(low, start, end)`` reads ``low[start:end]`` only (as side_word_before asks)."""
    low = text.lower()
    start = data.draw(st.integers(0, len(low)))
    end = data.draw(st.integers(start, len(low)))
    assert needs_in(low, start, end) == _plain_needs(low[start:end])
    assert needs_in(low, start) == _plain_needs(low[start:])


def test_needs_of_every_needed_word():
    for word, _ in lexicon().needed:
        for text in (word, f"The {word}.", f"x{word}y and {word[:-1]}", f"{word[:-1]} {word[-1]}"):
            low = text.lower()
            assert needs_in(low) == _plain_needs(low), text


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_a_sentence_without_the_side_bit_holds_no_sided_match(text):
    """Leaving out the sided assertion blocks changes no match."""
    lex = lexicon()
    low = lowered(text)
    if low is None:
        return  # the fallback scans every block
    needs = needs_in(low)
    kept = set(map(id, assertions_in(needs)))
    for j, rule in enumerate(lex.assertions):
        if needs >> (len(lex.change_blocks) + j) & 1 and id(rule) not in kept:
            assert rule.sided and not rule.pattern.search(low), (rule.pattern.pattern, text)


def test_every_side_word_holds_its_certain_part():
    lex = lexicon()
    assert lex.side_bit  # the lexicon's side words all have one
    parts = {w for w, bits in lex.needed if bits & lex.side_bit}
    for side in lex.side_any_low.pattern[5:-3].split("|"):
        assert any(p in side for p in parts), side


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_certain_part_lies_in_every_match(data):
    word = data.draw(
        st.sampled_from(
            ["rebels?", "kurds?", "free syrian army", "ab*c", "x+y", "pro-assad", "(?:people['’]s )?protection units"]
        )
    )
    part = _certain_part(word)
    text = data.draw(st.from_regex(lower_pattern(word), fullmatch=True))
    assert part in text


_RUN_PATTERNS = [
    "rebels? held", "a[|]b", "A Bc+", "x(?:y|z)", "ab(c|d)", "(?:x )?saab", "a(b)|c", r"\w+", "x{2}y", "ab{1,3}c",
    "a{b", r"a\.b\d", "[]a(]bc", r"(a\)b)cd", r"[^\]x]yz", "ab??c", r"\(ab\)", "(?P<s>ab)?cd", "pro-assad'?s",
    "(?:people['’]s )?protection units", r"x\b y", "a|b",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_required_runs_lie_in_every_match(data):
    pattern = data.draw(st.sampled_from(_RUN_PATTERNS))
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    assert all(run in text for run in _required_runs(pattern)), (pattern, text)


def test_required_runs_of_written_patterns():
    expected = {
        "rebels? held": ["rebel", " held"], "a[|]b": ["a", "b"], "A Bc+": ["A B"], r"a\.b\d": ["a.b"],
        "[]a(]bc": ["bc"], r"(a\)b)cd": ["cd"], r"[^\]x]yz": ["yz"], "ab??c": ["a", "c"], r"\(ab\)": ["(ab)"],
        "(?P<s>ab)?cd": ["cd"], "x{2}y": ["y"], "a|b": [], "(?i)ab": [], "(?x)a b": [], "a(": [],
    }  # fmt: skip
    assert {p: _required_runs(p) for p in expected} == expected


def test_certain_part_of_side_words():
    expected = {
        "rebels?": "rebel", "Free Syrian Army": "syrian", "(?:people['’]s )?protection units": "protection",
        "a|b": "", "ab|ac": "", "[xy]z": "z", r"\w+": "", "x{2}": "", "(?i)kurds": "", "ab*c": "a",
    }  # fmt: skip
    assert {w: _certain_part(w) for w in expected} == expected


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_certain_text_lies_in_every_case_insensitive_match(data):
    pattern = data.draw(
        st.sampled_from(
            ["all but (?:a few)?", "rebels? held", "ab*c", "sik", "Kab", "x(?:y|z)", "a|b", "a[|]b", "A Bc+"]
            + ["(?:x )?Sab"]
        )
    )
    lead = _certain_text([pattern])
    text = data.draw(st.from_regex(re.compile(pattern, re.I)))
    if re.search(pattern, text, re.I):
        assert lead in text.lower(), (pattern, lead, text)


def test_certain_text_of_the_lexicon_and_of_alternations():
    assert lexicon().all_but_part == "all but "
    assert _certain_text(["a(b)|c"]) == _certain_text(["a", "b"]) == _certain_text(["sik"]) == ""
    assert _certain_text(["ab(c|d)"]) == "ab"
    assert _certain_text(["(?:x )?saab"]) == "aab"  # "s" may match the long s, which lower-cases to itself


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_may_be_whole_is_the_pattern(text):
    assert may_be_whole(text) == bool(lexicon().all_but.search(text))


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.data())
def test_guard_on_the_lowered_sentence_is_the_guard(text, data):
    low = lowered(text)
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    if low is None or not starts:
        return
    start = data.draw(st.sampled_from(starts))
    end = _offset(data, text, start + 1)
    for gerunds in (True, False):
        assert guarded(text, start, end, gerunds=gerunds, low=low) == guarded(
            text, start, end, gerunds=gerunds
        ), (text, start, end)


def test_guard_on_the_lowered_sentence_at_every_word():
    for text in (
        "Troops came after, capturing Hanano; rebels failed to hold it.",
        "The army moved to take Sukkari, but not Hanano, while Rebels Will retake it.",
        "ΟΔΟΣ: the army, Since Monday, capturing X.",
        "Rebels did not,  in fact,\never quite fully capture Hanano.",  # "not" six words back
    ):
        low = lowered(text)
        for m in re.finditer(r"\b\w", text):
            for end in (m.start() + 1, text.find(" ", m.start()) % (len(text) + 1)):
                if end > m.start():
                    assert guarded(text, m.start(), end, low=low) == guarded(text, m.start(), end)


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.data())
def test_side_word_before_is_the_last_side_word(text, data):
    lo = _offset(data, text)
    start = _offset(data, text, lo)
    lex = lexicon()
    low = lowered(text)
    found = (
        list(lex.side_any_low.finditer(low, lo, start))
        if low is not None
        else list(lex.side_any.finditer(text, lo, start))
    )
    assert side_word_before(text, lo, start) == (side_of_word(found[-1].group(0)) if found else "")


def test_assertions_scan_the_same_with_and_without_needs():
    """``needs`` leave out only blocks that would find nothing (on written sentences)."""
    for text in (
        "Rebels still hold Sukkari and Hanano.",
        "Sukkari, one of the last rebel-held districts, was shelled.",
        "Sukkari remained under rebel control.",
        "Hanano, held by the army since 2012, was quiet.",
        "Sukkari is under the control of the opposition.",
    ):
        ctx = read_sentence(text, date(2016, 11, 28), article_id="t.txt")
        assert _assertions(ctx, []) == _assertions(ctx, [], needs=-1), text


def test_fighters_skip_only_actors_that_cannot_follow_an_object_word():
    """The whitespace test before ``_OBJECT_BEFORE`` keeps every fighter the pattern keeps."""
    from mapper.extract.sides import _OBJECT_BEFORE, _fighters, actor_side

    for text in (
        "Rebels took territory from ISIS and (the army) fought with\nthe YPG.",
        "The army, with rebels nearby, clashed against the SDF;ISIS withdrew from\tthe Kurds.",
        "ISIS: rebels attacked the army at dawn, and fought on the regime's lines.",
    ):
        ctx = read_sentence(text, date(2016, 11, 28), article_id="t.txt")
        assert ctx.actors, text
        for lo in (0, 5, 20):
            plain = [
                (a, actor_side(a))
                for a in ctx.actors
                if lo <= a.start
                and a.end <= len(text)
                and actor_side(a)
                and not _OBJECT_BEFORE.search(text, max(lo, a.start - 20), a.start)
            ]
            assert _fighters(ctx, lo, len(text)) == plain, (text, lo)


def test_expansions_kept_per_gazetteer_are_the_gazetteers():
    from gazetteer.places import load_gazetteer
    from mapper.extract.wholes import _expand, is_unit

    gaz = load_gazetteer()

    class StandIn:  # no weak references: expanded afresh every time
        __slots__ = ()

        def expand(self, pid):
            return gaz.expand(pid)

    for place in gaz.places[:400]:
        want = tuple(gaz.expand(place.id))
        assert _expand(gaz, place.id) == want == _expand(StandIn(), place.id)
        assert _expand(gaz, place.id) == want  # from the cache
        assert is_unit(place, gaz) == (place.kind == "city" and not want)


def _plain_history(ctx: SentenceContext, end: int) -> bool:
    """``_history`` without its digit gate."""
    lex = lexicon()
    hi = min(clause_bounds(ctx.text, end, end)[1], end + 80)
    m = lex.bare_year.search(ctx.text, end, hi)
    return m is not None and int(m.group("year")) < ctx.date.year


_YEARS = ["in 2012", "In 1999", "during 2015,", "mid-2014", "late 2016", "in 2012/13", "in 20", "2012",
          "in ٢٠١٢", "in 2O12", "since", "; ", "throughout 2013.", "in 2030", "early 1980"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_YEARS + _WORDS + _ODD), max_size=30).map(" ".join),
    st.data(),
)
def test_history_gate_is_the_bare_year_scan(text, data):
    ctx = SentenceContext("t", text, 0, len(text), date(2016, 11, 28))
    end = _offset(data, text)
    assert _history(ctx, end, lexicon()) == _plain_history(ctx, end), (text, end)


def test_history_gate_lets_years_through():
    text = "Rebels captured Hanano in 2012, and the army took it back during 2016."
    ctx = SentenceContext("t", text, 0, len(text), date(2016, 11, 28))
    found = [end for end in range(len(text)) if _history(ctx, end, lexicon())]
    assert found and found == [end for end in range(len(text)) if _plain_history(ctx, end)]


_PHRASE_WORDS = [
    "were holding out in", "was still in", "held out in", "still held", "remained in control of", "continued to",
    "hold", "control", "under", "the units", "held by the Units", "edge of", "rebel territory", "contested",
    "hands", "in the hands of", "evacuating militants from", "IS-held", "is", "by",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_WORDS + _WORDS), max_size=14).map(" ".join))
def test_every_assertion_match_holds_one_of_its_phrases(text):
    low = lowered(text)
    if low is None:
        return
    for rule in lexicon().assertions:
        if rule.phrases and rule.pattern.search(low):
            assert any(p in low for p in rule.phrases), (rule.pattern.pattern, text)


def test_phrases_of_written_patterns():
    assert _alternatives("(?:a|b c)") == ["a", "b c"]
    assert _alternatives("a|(?:b|c)d") == ["a", "(?:b|c)d"]
    assert _alternatives("(?:a|b)?") == ["(?:a|b)?"]
    assert _phrases("(?:were|was) holding out in|still held") == (" holding out in", "still held")
    assert _phrases("under (?:the )?control of (?:the )?(?:side)") == ("control of ",)
    assert _phrases("(?:a|b) (?:c|d)") == _phrases("(a|b)") == _phrases("x|y?") == ()


def test_phrases_gate_the_lexicons_assertions():
    """Some blocks are gated, and a sentence with one of their phrases is still read."""
    lex = lexicon()
    assert sum(1 for rule in lex.assertions if rule.phrases) >= 5
    ctx = read_sentence("Rebels were holding out in Sukkari and Hanano.", date(2016, 11, 28), article_id="t.txt")
    assert [s.kind for s in _assertions(ctx, [])] == ["assertion"]
