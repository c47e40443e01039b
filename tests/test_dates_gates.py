"""The cheap gates of the date reader change nothing but its speed.

:mod:`mapper.extract.dates` tries its phrase pattern (compiled in
:mod:`mapper.extract.date_lexicon`) only where a look-ahead on the first word lets
it, only at word starts near anchor words, with the kinds of phrase that can begin
with the first character there only, and reads the tense through a
pattern gated on first letters.  Each gate must be a necessary condition: these
tests compare the gated forms with the plain ones on text made of the words the
patterns know, in any case, glued or spread by long runs of white space: the
phrases found near anchors must be exactly those a plain ``finditer`` finds.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import date_days, dates
from mapper.extract import date_lexicon as lexicon
from mapper.extract.date_lexicon import _alt, _build_pattern, date_lexicon
from mapper.extract.dates import _matches

_RAW = tomllib.loads((files("mapper") / "data" / "dates.toml").read_text("utf-8"))
_NAMES = [n for name, spec in _RAW["months"].items() for n in (name, *spec[1:])]
_WORDS = [*_NAMES, *_RAW["weekdays"], *_RAW["parts_of_month"], *_RAW["anchors"]["words"],
          *lexicon._OPENERS, *_RAW["tense"]["future_cues"],
          "of", "the", "day", "before", "previous", "twenty-four", "forty-eight", "24", "48",
          "3", "12", "2016", "12/7/2016", "2016-12-03", "3rd", "km", "GMT", "people", "mayor",
          "Marching", "ſince", "İ", "’s", "'s",
          # near misses of anchors: other cases, longer words, numbers glued to separators
          "MAY", "may", "Mayor", "weeks", "nightly", "_", "é", "3.5", "1/2/3", "12-", "2016-12",
          "٣/١٢/٢٠١٦", "yeſterday", "weeK", "tonıght",
          # one phrase of each kind, to be found whole, cut or glued to others
          "the day before yesterday", "in the past 24 hours", "during the previous 48 hours",
          "over the weekend", "this past Sunday", "earlier this week", "late last night",
          "early this morning", "on 3 December 2016", "Dec. 12th", "12 of March", "mid-July",
          "since 5 Nov", "until late August", "15/12/16", "next Friday's evening", "by December",
          "later this week", "past week", "end of May", "early December", "last weekend",
          "this afternoon", "tonight", "today", "overnight",
          # every lead-in word the pattern knows, so the longest leads get spread too
          *lexicon._WD_MODS, *[w for slot in lexicon._HOUR_PREPS for w in slot], *lexicon.HOUR_DAYS,
          *lexicon._WE_MODS, *lexicon._WK_MODS, *lexicon._RELATIVE, *lexicon._M_PREPS,
          "over the previous forty-eight hours", "until end of May", "in the past seventy-two hours",
          # days of the month, months by reference, days counted from another date
          "7th", "21st", "104th", "on the 7th", "since the 3rd", "before the 22nd", "7th Division",
          "late last month", "earlier this month", "the past month", "since mid-November",
          "the following morning", "two days later", "a day later", "the day before",
          "the day after", "later that same day", "the same day", "than", "days", "monthly",
          *_RAW["day_of_month"]["preps"], *_RAW["day_of_month"]["clause_words"],
          *[w for table in _RAW["shifts"].values() for w in table], *_RAW["months_by_reference"],
          *lexicon._TIMES_OF_DAY,
          # spans of days, day/month without a year, a heading's day, days before the main clause
          "and", "to", "28 and 29 November", "November 28-29", "Dec 3 to 5", "28/11", "3/4",
          "The 15th", "\u2014", "two days after", "a day after", *_RAW["day_spans"]["joins"]]
_GLUE = [" ", " ", "  ", "\n\n", " " * 30, " \t\n ", " - ", "--", ", ", ".", "-", "/", "; ", "",
         "\xa0", "\u2009", "\x1c"]

_text = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(["same", "lower", "upper"]),
              st.sampled_from(_GLUE)),
    max_size=14,
).map(lambda parts: "".join(
    (w if case == "same" else getattr(w, case)()) + glue for w, case, glue in parts))


def _plain_pattern() -> re.Pattern[str]:
    lex = date_lexicon()
    names = list(_RAW["months"])
    abbrs = [a for spec in _RAW["months"].values() for a in spec[1:]]
    return _build_pattern(names, abbrs, list(_RAW["weekdays"]), list(lex.parts), gate=False)


def _span(m: re.Match[str] | None) -> tuple[object, ...] | None:
    return None if m is None else (m.span(), m.lastgroup, m.groupdict())


@settings(max_examples=400, deadline=None)
@given(_text)
def test_opener_gate_keeps_every_match(text: str) -> None:
    gated, plain = date_lexicon().pattern, _plain_pattern()
    for i in range(len(text) + 1):
        assert _span(gated.match(text, i)) == _span(plain.match(text, i))


@settings(max_examples=600, deadline=None)
@given(_text)
def test_matches_are_those_of_the_plain_pattern(text: str) -> None:
    """Anchors and the window before them lose no phrase ``finditer`` finds."""
    assert [m.span() for m in _matches(text)] == [m.span() for m in _plain_pattern().finditer(text)]


@pytest.mark.parametrize("sentence", [
    "Fighters left last" + " " * 40 + "Monday.",
    "Aid arrived over the previous forty-eight hours.",
    "Shelling during  the\tprevious \n forty-eight   hours killed 12.",
    "Talks stalled until early - \n December, as expected.",
    "The road was shut  --  during the past seventy-two hours, and on 3 Dec.",
    "İİİ In the past twenty-four hours İstanbul said so.",
])
def test_a_phrase_spread_by_blanks_is_found_whole(sentence: str) -> None:
    found = [m.group() for m in _matches(sentence)]
    assert found == [m.group() for m in _plain_pattern().finditer(sentence)]
    assert found and found[0].split()[0].lower() in ("last", "over", "during", "until", "in")


@pytest.mark.parametrize("sentence", [
    "On 2016-12-03 and 3.12.2016, since 5 Nov, on 31st of May, on 2nd of Dec and Dec. 12th, 2016.",
    "The mayor may MARCH in May; weeks later, on Monday night, tonight, 1/2/3/2016.",
    "(Sunday)-yesterday/today: the day before yesterday, in the past 24 hours, mid-July.",
    "Raids began early this morning after last weekend and earlier this week, MAY 3.",
    "Noted 12/7/2016_and_2016-12-03x but not 2016-12-03 nor 3.5 km; until late August.",
    "A ٣/١٢/٢٠١٦ stamp, yeſterday and this weeK, tonıght and İ on May 3.",
    "The 15th \u2014 on 28/11, on 28 and 29 November, Dec 3-5 and two days after it, 3/4.",
])
def test_every_kind_of_phrase_is_found(sentence: str) -> None:
    found = [m.span() for m in _matches(sentence)]
    assert found == [m.span() for m in _plain_pattern().finditer(sentence)]
    assert len(found) >= 2


def test_window_before_an_anchor_follows_the_lead_in_words() -> None:
    leads = lexicon._anchor_leads(["May"], ["Dec"], ["Monday"], ["early", "mid"])
    assert leads["hours"] == len("during the previous forty-eight ")  # a count is no anchor
    assert leads["May"] == len("on 31st and 31st of ")  # "on 28th and 29th of May"
    assert leads["Dec"] == len("on 31st and 31st of ")
    assert leads["0/0"] == len("on ")  # "on 28-29 May" (a number before a separator)
    assert leads["Monday"] == len("this past ")
    assert leads["yesterday"] == len("the day before ")
    assert leads["tonight"] == leads["since"] == 0
    assert leads["0th"] == leads["00st"] == len("on wednesday the ")  # the longest [day_of_month] prep
    assert leads["month"] == len("early earlier this ")
    assert leads["day"] == len("earlier that same ")


@settings(max_examples=300, deadline=None)
@given(_text)
def test_future_cue_gate_keeps_every_cue(text: str) -> None:
    plain = re.compile(r"\b(?:" + _alt(_RAW["tense"]["future_cues"]) + r")\b", re.IGNORECASE)
    gated = date_lexicon().future
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _plain_is_future(sentence: str, start: int, end: int) -> bool:
    lex = date_lexicon()
    before = sentence[max(0, start - lex.window):start]
    cue = lex.future.search(before)
    if cue is not None:
        cut = max((before.rfind(b) + len(b) for b in date_days._CLAUSE_BREAKS if b in before),
                  default=0)
        if cue.start() >= cut or lex.future.search(before, cut):
            return True
    return bool(date_days._WILL_AFTER.match(sentence, end))


@settings(max_examples=300, deadline=None)
@given(_text)
def test_future_cue_gate_changes_no_tense(text: str) -> None:
    for i in range(len(text) + 1):
        assert date_days.is_future(text, i, i, date_lexicon()) == _plain_is_future(text, i, i)


@pytest.mark.parametrize("cue", _RAW["tense"]["future_cues"])
def test_every_future_cue_passes_the_gate(cue: str) -> None:
    for text in (f"Buses {cue} leave on Monday.", f"BUSES {cue.upper()} LEAVE ON Monday.",
                 f"{cue.title()} Monday"):
        start = text.index("Monday")
        assert date_days.is_future(text, start, start + 6, date_lexicon())
        assert _plain_is_future(text, start, start + 6)


@settings(max_examples=400, deadline=None)
@given(_text)
def test_pattern_cut_by_first_character_matches_as_the_whole(text: str) -> None:
    """At each position the cut for its character matches what the whole pattern matches."""
    lex = date_lexicon()
    for i in range(len(text)):
        whole, cut = lex.pattern.match(text, i), lex.by_first.get(text[i])
        if cut is None:
            assert whole is None or _exotic(text)
        else:
            found = cut(text, i)
            assert (found and (found.span(), found.lastgroup)) == (whole and (whole.span(), whole.lastgroup))
            if found:
                assert {k: v for k, v in whole.groupdict().items() if v} == {
                    k: v for k, v in found.groupdict().items() if v}


def _exotic(text: str) -> bool:
    return dates._EXOTIC.search(text) is not None


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, st.text(max_size=40)))
def test_every_word_start_follows_a_blank_of_the_fold(text: str) -> None:
    """The reader tries the characters after a blank of the folded sentence: every word start."""
    folded = dates._folded(text)
    if folded is None:
        return  # read by the plain pattern
    blanks, opens = folded.replace("/", " "), date_lexicon().by_first
    for m in re.finditer(r"(?<![\w'’])(?=\w)", text):
        if text[m.start()] in opens:
            assert blanks[m.start()] == " "


@pytest.mark.parametrize(("regex", "chars"), [
    (r"(?i:on)\s+\d", "oO"),
    (r"(?:(?i:on)\s+)?\b(?:May|Dec)", "oOMD"),
    (r"(?<!x)(?=\w)(?:\d|ab)", "0123456789a"),
    (r"(?:a|(?:b)?c)d", "abc"),
    (r"(?i:[a-c])", "abcABC"),
])
def test_first_characters_of_a_pattern(regex: str, chars: str) -> None:
    assert lexicon._first_chars(regex) == frozenset(chars)


def test_first_characters_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="date phrase"):
        lexicon._first_chars(r"\w+")


@settings(max_examples=300, deadline=None)
@given(_text)
def test_window_start_gate_sees_every_run(text: str) -> None:
    """The runs of blanks are listed only when the window holds the end of one: no run is missed."""
    runs, folded = [m.span() for m in dates._RUN.finditer(text)], dates._folded(text)
    if folded is None:
        return  # read by the plain pattern
    blanks = folded.replace("/", " ")
    for a in range(len(text)):
        if text[a] in "- " or text[a].isspace():
            continue  # an anchor is no blank
        for lead in (0, 1, 2, 5, 10, 16, 32):
            assert dates._lead_start(text, blanks, a, lead) == dates._window_start(a, lead, runs)


@pytest.mark.parametrize("glue", [" ", "\n", "\t", "\xa0", "  \n ", "\x1c"])
def test_will_after_any_blank_is_future(glue: str) -> None:
    text = f"Buses leave on Monday{glue}will they?"
    start = text.index("Monday")
    assert date_days.is_future(text, start, start + 6, date_lexicon())
    assert _plain_is_future(text, start, start + 6)
