"""Date phrases resolved against the publication day (sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract.dates import DateRef, find_date_phrases, resolve_all, resolve_date

TUE = date(2016, 12, 13)  # a Tuesday


def _r(sentence: str, published: date = TUE, entry: datetime | None = None) -> DateRef:
    ref = resolve_date(sentence, published, entry)
    assert sentence[ref.start:ref.end] == ref.phrase
    return ref


@pytest.mark.parametrize(("sentence", "expected", "phrase"), [
    ("Loyalist jets hit the bakery on Sunday, witnesses said.", date(2016, 12, 11), "on Sunday"),
    ("Thursday saw the heaviest shelling of the month.", date(2016, 12, 8), "Thursday"),
    ("Shelling resumed Tuesday afternoon near the citadel.", TUE, "Tuesday afternoon"),
    ("Opposition groups struck back last Tuesday.", date(2016, 12, 6), "last Tuesday"),
    ("A clinic was hit on Saturday's second wave of raids.", date(2016, 12, 10), "on Saturday's"),
])
def test_weekday_latest_on_or_before(sentence: str, expected: date, phrase: str) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.precision, ref.basis, ref.phrase) == (expected, "day", "weekday", phrase)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Buses will begin leaving at 6 a.m. Thursday, the negotiators said.", date(2016, 12, 15)),
    ("Officials said departures would start early on Wednesday.", date(2016, 12, 14)),
    ("The convoy is expected to move out Friday morning.", date(2016, 12, 16)),
    ("Delegations meet again next Tuesday in Geneva.", date(2016, 12, 20)),
])
def test_future_tense_goes_forward(sentence: str, expected: date) -> None:
    assert _r(sentence).date == expected


def test_past_and_future_weekday_in_one_sentence() -> None:
    refs = resolve_all("The deal reached on Monday says fighters will leave on Wednesday.", TUE)
    assert [r.date for r in refs] == [date(2016, 12, 12), date(2016, 12, 14)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Rockets fell on the western districts yesterday.", date(2016, 12, 12)),
    ("Today the last hospital stopped working.", TUE),
    ("This morning two shells struck a queue for bread.", TUE),
    ("Clashes were heard through the night and tonight more are feared.", TUE),
    ("Regime helicopters dropped barrels overnight.", date(2016, 12, 12)),
    ("Residents said the bombing went on late last night.", date(2016, 12, 12)),
    ("The day before yesterday a school was hit.", date(2016, 12, 11)),
])
def test_relative_days(sentence: str, expected: date) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.basis) == (expected, "relative")


def test_overnight_in_an_entry_written_after_local_midnight() -> None:
    late = datetime(2016, 12, 13, 22, 40, tzinfo=UTC)  # 00:40 on the 14th in Aleppo
    early = datetime(2016, 12, 13, 6, 0, tzinfo=UTC)
    s = "Heavy artillery fire continued overnight."
    assert _r(s, TUE, late).date == TUE
    assert _r(s, TUE, early).date == date(2016, 12, 12)


def test_entry_time_sets_the_reference_day() -> None:
    entry = datetime(2016, 12, 14, 9, 15, tzinfo=UTC)
    assert _r("Yesterday the evacuation stalled.", TUE, entry).date == TUE


@pytest.mark.parametrize(("sentence", "start", "end", "precision"), [
    ("A field hospital was bombed last weekend.", date(2016, 12, 10), date(2016, 12, 11), "week"),
    ("Fighting slowed last week as talks went on.", date(2016, 12, 5), date(2016, 12, 11), "week"),
    ("Earlier this week the front moved south.", date(2016, 12, 12), date(2016, 12, 12), "week"),
    ("In the past 24 hours at least 30 people died.", date(2016, 12, 12), TUE, "period"),
    ("The district has been besieged since July 2016.", date(2016, 7, 1), TUE, "period"),
    ("Since November 15 the bombardment has not stopped.", date(2016, 11, 15), TUE, "period"),
    ("The siege began in March.", date(2016, 3, 1), date(2016, 3, 31), "period"),
    ("Rebels briefly broke the siege in late August.", date(2016, 8, 21), date(2016, 8, 31),
     "period"),
    ("The first convoys left in early January.", date(2016, 1, 1), date(2016, 1, 10), "period"),
])
def test_weeks_and_periods(sentence: str, start: date, end: date, precision: str) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.date_end, ref.precision) == (start, end, precision)


def test_last_weekend_read_on_a_sunday_is_the_previous_one() -> None:
    ref = _r("Ceasefire talks collapsed last weekend.", date(2016, 12, 11))
    assert (ref.date, ref.date_end) == (date(2016, 12, 3), date(2016, 12, 4))


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    ("On December 3 the Hanano quarter fell.", TUE, date(2016, 12, 3)),
    ("Heavy raids on Dec 9 closed the road.", TUE, date(2016, 12, 9)),
    ("On 12 December the old souq changed hands.", TUE, date(2016, 12, 12)),
    ("A wall painted 15/12/16 says goodbye.", date(2016, 12, 16), date(2016, 12, 15)),
    ("The order is dated 12/7/2016.", date(2016, 10, 1), date(2016, 7, 12)),  # day-first
    ("The memo is dated 7/25/2016.", TUE, date(2016, 7, 25)),  # day-first impossible
    ("Raids on Dec 28 hit the south.", date(2017, 1, 2), date(2016, 12, 28)),
    ("Talks are set for December 20.", TUE, date(2016, 12, 20)),
    ("Fighting on 4 November, 2015 was heavy.", TUE, date(2015, 11, 4)),
])
def test_explicit_dates(sentence: str, published: date, expected: date) -> None:
    ref = _r(sentence, published)
    assert (ref.date, ref.precision, ref.basis) == (expected, "day", "explicit")


def test_us_style_date_next_to_publication_day_reads_month_first() -> None:
    assert _r("A wire stamped 12/9/2016 said the talks failed.").date == date(2016, 12, 9)
    assert _r("A wire stamped 9/12/2016 said the talks failed.").date == date(2016, 12, 9)


@pytest.mark.parametrize("sentence", [
    "Nothing in this sentence dates anything.",
    "They may try to march on the city.",
    "A 5 km convoy of 20 buses waited at 5:30.",
    "It was dated 31/2/16, an impossible day.",
])
def test_no_date_falls_back_to_publication(sentence: str) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.basis, ref.phrase, ref.start, ref.end) == (TUE, "published", "", 0, 0)


def test_most_precise_phrase_wins() -> None:
    ref = _r("Besieged since July, the district fell on Monday.")
    assert (ref.phrase, ref.date) == ("on Monday", date(2016, 12, 12))


def test_find_date_phrases_lists_all() -> None:
    kinds = [p.kind for p in find_date_phrases("Yesterday and on Dec 5, and since March 2014.")]
    assert kinds == ["rel", "md", "since"]


_TOKENS = [*"abcdeMTWFSJND0123456789 /.,-'’", "Monday ", "December ", "Dec ", "since ", "last ",
           "week", "end", "yesterday", "24 hours", "will ", "late ", "in ", "on ", "March "]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80),
                 st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join)))
def test_any_text_resolves_inside_bounds(text: str) -> None:
    for ref in [resolve_date(text, TUE), *resolve_all(text, TUE)]:
        assert 0 <= ref.start <= ref.end <= len(text)
        assert text[ref.start:ref.end] == ref.phrase
        assert ref.precision in ("day", "week", "period")


def test_past_week_is_the_last_seven_days() -> None:
    ref = _r("The UN said 20,000 people had fled in the past week.")
    assert (ref.date, ref.date_end, ref.precision) == (date(2016, 12, 6), TUE, "period")


def test_future_cue_in_another_clause_does_not_count() -> None:
    s = "Rebels said they would never leave, but on Sunday they were overrun."
    assert _r(s).date == date(2016, 12, 11)


@pytest.mark.parametrize(("sentence", "phrase", "start"), [
    ("Aid reached the east over the previous forty-eight hours.",
     "over the previous forty-eight hours", date(2016, 12, 11)),
    ("During the previous Forty-Eight hours 40 raids were counted.",
     "During the previous Forty-Eight hours", date(2016, 12, 11)),
    ("Shelling went on in  the\npast   seventy-two hours, medics said.",
     "in  the\npast   seventy-two hours", date(2016, 12, 10)),
    ("Over the last twenty-four hours the front held.",
     "Over the last twenty-four hours", date(2016, 12, 12)),
])
def test_long_lead_ins_are_found(sentence: str, phrase: str, start: date) -> None:
    ref = _r(sentence)
    assert (ref.phrase, ref.date, ref.date_end, ref.precision) == (phrase, start, TUE, "period")


@pytest.mark.parametrize(("sentence", "phrase", "expected"), [
    ("Opposition groups struck back last     Tuesday.", "last     Tuesday", date(2016, 12, 6)),
    ("Buses will leave next\n\nFriday.", "next\n\nFriday", date(2016, 12, 16)),
    ("The hospital was hit early   this\tmorning.", "early   this\tmorning", TUE),
    ("The quarter fell the  day   before    yesterday.", "the  day   before    yesterday",
     date(2016, 12, 11)),
])
def test_blank_runs_inside_a_phrase(sentence: str, phrase: str, expected: date) -> None:
    ref = _r(sentence)
    assert (ref.phrase, ref.date) == (phrase, expected)


def test_part_of_month_spread_by_blanks_and_a_dash() -> None:
    ref = _r("Crossings stayed shut until early  -  December, residents said.")
    assert (ref.phrase, ref.date, ref.date_end) == ("until early  -  December",
                                                    date(2016, 12, 1), date(2016, 12, 10))


@pytest.mark.parametrize("sentence", [
    "Aid reached the east over the previous forty-eight months.",  # not hours
    "The previous forty-eight hours were quiet.",  # no preposition before "the"
    "Over the previous forty-eight-hour period nothing moved.",
    "A forty-eight hour truce was proposed over the previous week.",  # "previous week": no rule
    "They were lastMonday in the city.",  # glued words are no phrase
])
def test_near_misses_of_long_phrases(sentence: str) -> None:
    ref = _r(sentence)
    assert ref.basis == "published", ref.phrase
