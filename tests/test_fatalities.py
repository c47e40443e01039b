"""Fatality counts as lower bounds (sentences written for these tests)."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from mapper.extract.fatalities import (
    _AMONG,
    _MODAL,
    _NEGATED,
    _OF_BEFORE,
    _TOLL,
    Fatalities,
    _alt,
    _lexicon,
    _number_matches,
    _read_sentence,
    _Text,
    extract_fatalities,
)


def _f(sentence: str) -> Fatalities | None:
    got = extract_fatalities(sentence)
    if got is not None:
        assert sentence[got.start:got.end] == got.phrase
    return got


@pytest.mark.parametrize(("sentence", "count"), [
    ("More than 30 loyalist fighters were slain in the ambush.", 30),
    ("At least 17 civilians died when the shelter collapsed.", 17),
    ("Nine people were killed in the strike on the bakery queue.", 9),
    ("Thirty-four bodies were recovered from the basement.", 34),
    ("Twenty one residents lost their lives in the raid.", 21),
    ("Some 2,300 people have died in the district since the summer.", 2300),
    ("Two hundred and twelve fighters were killed in a month.", 212),
    ("A dozen militiamen were killed near the school.", 12),
    ("The air raids killed nearly 50 people.", 50),
    ("The monitor documented the killing of 73 people on Friday.", 73),
    ("The death toll rose to 118.", 118),
    ("Opposition medics counted 19 dead after the barrel bombs.", 19),
    ("Six men were executed in the street.", 6),
])
def test_numbers_as_lower_bounds(sentence: str, count: int) -> None:
    got = _f(sentence)
    assert got is not None and got.count == count


@pytest.mark.parametrize(("sentence", "count"), [
    ("Dozens of people were killed in the market.", 12),
    ("Scores of civilians perished under the rubble.", 20),
    ("Hundreds have died in the eastern districts.", 100),
    ("Tens of thousands have been killed since 2011.", 10000),
])
def test_vague_quantities_follow_acled(sentence: str, count: int) -> None:
    got = _f(sentence)
    assert got is not None and got.count == count
    assert "ACLED" in got.convention


def test_breakdown_is_not_added() -> None:
    got = _f("Militiamen shot dead 64 people, among them 9 women and 15 children, in three"
             " quarters.")
    assert got is not None and got.count == 64
    got = _f("Forty people died (12 of them children) in the strike.")
    assert got is not None and got.count == 40


@pytest.mark.parametrize("sentence", [
    "About 6,000 people in the convoy were evacuated to the west.",
    "Security forces detained 250 men at the crossing.",
    "At least 80 people were wounded in the shelling.",
    "Around 1,200 residents were displaced overnight.",
    "Twelve buses carried 700 people out of the city.",
    "There were 45 casualties in the attack.",
    "Fifteen fighters are missing after the battle.",
    "The 19-year-old medic died at 4:30 on December 5.",
    "Nobody was killed; no one died in the second strike.",
])
def test_non_fatality_counts_are_ignored(sentence: str) -> None:
    assert _f(sentence) is None


def test_only_the_killed_clause_counts() -> None:
    got = _f("Rebels said 22 pro-regime troops were slain in the village and seven were captured.")
    assert got is not None and got.count == 22
    got = _f("The bombing killed 14 people and wounded 60 others.")
    assert got is not None and got.count == 14
    got = _f("Troops captured 30 insurgents and killed 5.")
    assert got is not None and got.count == 5


def test_distinct_death_clauses_are_summed() -> None:
    got = _f("Four people died in Bustan al-Qasr and six in Kalaseh.")
    assert got is not None and got.count == 10 and got.convention.startswith("sum")


def test_cumulative_toll_is_not_added_to_its_parts() -> None:
    got = _f("Three more people died on Sunday, bringing the death toll to 27.")
    assert got is not None and got.count == 27
    assert "toll" in got.convention


def test_phrase_spans_count_and_death_word() -> None:
    s = "Witnesses said at least 11 people were killed near the roundabout."
    got = _f(s)
    assert got is not None and got.phrase == "at least 11 people were killed"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(
    [*"0123456789 ,.-()—", "killed ", "died ", "including ", "and ", "wounded ", "at least ",
     "twenty", "-one ", "hundred ", "dozens ", "people ", "of ", "no ", "toll ", "1,500 "]),
    max_size=25).map("".join)))
def test_any_text_gives_a_valid_span(text: str) -> None:
    got = extract_fatalities(text)
    if got is not None:
        assert 0 <= got.start <= got.end <= len(text)
        assert text[got.start:got.end] == got.phrase
        assert got.count >= 0


def test_the_object_of_a_killing_verb_is_the_count() -> None:
    got = _f("Three gunmen of the militia shot dead seven men outside the mosque.")
    assert got is not None and got.count == 7


@pytest.mark.parametrize("sentence", [
    "Many said they would rather be killed than arrested.",
    "The commander threatened to kill 200 prisoners.",
    "One of the few doctors left said the wounded may die.",
    "The victims were among 310 killed across the country that day.",
])
def test_hypothetical_pronoun_and_wider_totals_do_not_count(sentence: str) -> None:
    assert _f(sentence) is None


def test_other_predicate_blocks_a_gapped_clause() -> None:
    got = _f("Two civilians were shot dead and nine abducted by the patrol.")
    assert got is not None and got.count == 2
    got = _f("Five people were executed and four seized at the checkpoint.")
    assert got is not None and got.count == 5


def test_breakdown_after_the_number() -> None:
    got = _f("Jets killed 230 people, 41 of them children, in a week of raids.")
    assert got is not None and got.count == 230


@pytest.mark.parametrize(("sentence", "count"), [
    ("A mortar round killed a boy in the western districts.", 1),
    ("A woman said the strike killed nobody.", None),
    ("Shells hit the square, killing a child and wounding four.", 1),
    ("An elderly man was shot dead at the checkpoint.", 1),
    ("Seven members of one household died when the roof fell in.", 7),
    ("One civilian died and 12 were hurt.", 1),
])
def test_single_victims_and_one(sentence: str, count: int | None) -> None:
    got = _f(sentence)
    assert (got.count if got else None) == count


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="kiledsng toa", max_size=40))
def test_trie_alternation_matches_as_longest_first(text: str) -> None:
    # the trie must pick what the words sorted longest first would, backtracking included
    words = ["kill", "killed", "kills", "killing", "die", "died", "dies", "dead", "to death",
             "toll", "a", "an", "and"]
    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for tail in ("", r"\b", r"(?![a-z])", r"\s"):
        spans = [[m.span() for m in re.finditer(f"(?:{rx}){tail}", text)] for rx in (plain, _alt(words))]
        assert spans[0] == spans[1]


@pytest.mark.parametrize(("sentence", "count", "convention"), [
    # a bound word inside a longer word is no bound
    ("Moreover 12 people were killed in the shelling.", 12, "exact"),
    ("Twosome 5 fighters were slain, the commander said.", 5, "exact"),
    ("Handsome rewards aside, 8 guards died.", 8, "exact"),
    ("Clover fields burned and 6 farmers were killed.", 6, "exact"),
    ("After the take-over 9 men were executed.", 9, "exact"),
    # the whole word still is, also across a line break or a double space
    ("Over 40 people were killed in the raid.", 40, "lower bound (over), exact"),
    ("The raid killed some 15 people.", 15, "lower bound (some), exact"),
    ("Shells killed at  least\n7 residents.", 7, "lower bound (at  least), exact"),
    ("Tens-of-thousands have died since the siege began.", 10000, "ACLED vague quantity"),
])
def test_bound_words_match_whole_words_only(sentence: str, count: int, convention: str) -> None:
    got = _f(sentence)
    assert got is not None and (got.count, got.convention) == (count, convention)


@pytest.mark.parametrize(("sentence", "count"), [
    # number words inside longer words or compounds are no counts
    ("They often came under fire, and 3 villagers died.", 3),
    ("The eighteenth-century mosque was hit and 4 worshippers died.", 4),
    ("The twenty-first soldier was killed on Sunday.", None),
    ("Two-thirds of the 90 killed were civilians.", 90),
    ("The two hundredth victim of the siege died in hospital.", None),
    ("Someone said that 7 people were killed.", 7),
    ("No-one was killed in the second blast.", None),
    ("The second blast killed no-one.", None),
    ("Fifty-odd people were killed at the crossing.", 50),
    ("Ten adults were killed in the raid.", 10),
    # digits inside model or code names are no counts
    ("An F16 was shot down and 2 pilots died.", 2),
    ("A Su-24 crashed; 3 crew members died.", 3),
    # a month is a whole word: "Marib", "Marines" and "Mayor" are not months
    ("In Marib 12 people were killed by the strike.", 12),
    ("12 Marines were killed near the airport.", 12),
    ("The Mayor said 5 people died.", 5),
    ("On 12 March 4 people were killed at the market.", 4),
    ("On March 12 a man was shot dead.", 1),
])
def test_number_and_month_words_match_whole_words_only(sentence: str, count: int | None) -> None:
    got = _f(sentence)
    assert (got.count if got else None) == count


_PIECES = [
    "killed", "Killed", "dead", "died", "to death", "death toll", "wounded", "injured", "people",
    "civilians", "a child", "An elderly man", "one", "One", "two", "Twenty-one", "dozens",
    "tens of thousands", "hundred", "a", "at least", "More than", "over", "no", "not", "nobody",
    "12", "1,500", "2016", "5 km", "F16", "March", "of them", "including", "among", "would be",
    "5 KM", "KILLED", "Dozens", "NOBODY", "At Least", "Including", "Among", "Would", "Of Them",
    "and", "in", "the", "of", "were", "bringing the toll to", "toll", "Jets", "executed", "İ", "x",
    ",", ".", ";", ":", "(", "—", "-",
]
_SENTENCES = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "  ", "\n", ""])),
                      max_size=14).map(lambda xs: "".join(a + b for a, b in xs))


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
@example("At least 12 people were killed, including a child, and An elderly man died; "
         "no one was killed in March 2016.")
@example("Among 40 killed, 12 people Would be killed; 3 KILLED, Including 2 Of Them")
@example("The strike killed 5 people, 2 Of Them children.")
@example("two Killed a killed ")  # found by hypothesis: the active verb was sought case-sensitively
def test_lower_case_patterns_read_an_ascii_sentence_as_ignorecase_does(text: str) -> None:
    # an ASCII sentence is read with lower-case literals on its lower-cased text, any
    # other with IGNORECASE on the text itself: on ASCII both must give the same
    lex, low = _lexicon(), text.lower()
    assume(text.isascii())
    assert _read_sentence(_Text(text, low, lex.lo), low) == _read_sentence(
        _Text(text, text, lex.ci), low)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
@example("12 killed, 1,500 dead-13 at least 4")
def test_number_matches_are_finditers(text: str) -> None:
    # the pattern starts one character early, and is searched with a space in front
    low = text.lower()
    lex = _lexicon()
    pattern = lex.number_low if len(low) == len(text) else lex.number
    assert pattern.pattern.startswith(r"\W")
    plain = re.compile(pattern.pattern[2:])
    want = [(m.start(), m.start("num"), m.end(), m.group("bound"), m.group("num"))
            for m in plain.finditer(low if len(low) == len(text) else text)]
    got = [(m.start(), m.start("num") - 1, m.end() - 1, m.group("bound"), m.group("num"))
           for m in _number_matches(text, low)]
    assert got == want


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
@example("a child,an elderly man; Ban man, -a boy, A Girl")
def test_single_victims_match_as_the_plain_pattern(text: str) -> None:
    persons = _alt(tomllib.loads((files("mapper") / "data" / "numbers.toml").read_text("utf-8"))
                   ["words"]["persons"])
    plain = re.compile(rf"(?i)\b(?P<one>an?\s+(?:[\w-]+\s+)?(?:{persons}))\b")
    want = [m.span("one") for m in plain.finditer(text)]
    lex = _lexicon()
    assert [m.span("one") for m in lex.ci.single.finditer(text)] == want
    if text.isascii():
        assert [m.span("one") for m in lex.lo.single.finditer(text.lower())] == want


@settings(max_examples=300, deadline=None)
@given(_SENTENCES, st.integers(0, 60), st.integers(0, 60))
@example("Tolls rose; not-12, no  3, among 4, which may all be, to 5: "
         "xno 6, Among  7 Would be", 0, 60)
@example("12not ", 0, 6)
@example("5among ", 0, 7)
@example("9to ", 0, 4)
@example("9toll", 0, 5)
def test_word_start_patterns_find_what_the_boundary_ones_do(text: str, lo: int, hi: int) -> None:
    # _word_start writes "\b(?:word|...)" with the letter first: the same searches
    plain = {
        _TOLL: r"\b(?:toll|total|tally|bringing|brings|bring|raising|rises?|rose|risen"
               r"|reached|reaches|reaching)\b",
        _NEGATED: r"\b(?:no|not|none|nobody)(?:\s+|-)$",
        _MODAL: r"\b(?:would|could|might|may|will|to)\s+(?:all\s+|rather\s+)?"
                r"(?:be\s+|have\s+been\s+)?$",
        _AMONG: r"\bamong\s+$",
        _OF_BEFORE: r"\bof\s+$",
    }
    for fast, slow in plain.items():
        for flags, subject in ((re.IGNORECASE, text), (0, text.lower())):
            got = re.compile(fast, flags).search(subject, lo, hi)
            want = re.compile(slow, flags).search(subject, lo, hi)
            assert (got and got.span()) == (want and want.span()), slow
