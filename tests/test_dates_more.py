"""Day-of-month ordinals, months by reference and dates relative to another date.

Sentences written for these tests; the reference day is a Tuesday, 13 December 2016.
"""

from __future__ import annotations

from datetime import date

import pytest

from mapper.extract.dates import DateRef, resolve_all, resolve_date

TUE = date(2016, 12, 13)


def _r(sentence: str, published: date = TUE, carried: DateRef | None = None) -> DateRef:
    ref = resolve_date(sentence, published, carried=carried)
    assert sentence[ref.start:ref.end] == ref.phrase
    return ref


# -- 1. a day of the month without its month ----------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("On the 7th, loyalist units pushed into the eastern quarter.", date(2016, 12, 7)),
    ("The garrison had surrendered by the 12th.", date(2016, 12, 12)),
    ("On the 13th the bakery was hit again.", TUE),  # the reference day itself
    ("Shelling stopped on the 20th, according to medics.", date(2016, 11, 20)),  # last month
    ("On the 31st the airbase changed hands.", date(2016, 10, 31)),  # November has no 31st
    ("Fighters withdrew before the 2nd; the road then closed.", date(2016, 12, 2)),
])
def test_day_of_month_is_the_latest_such_day(sentence: str, expected: date) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.precision) == (expected, "day")


def test_since_a_day_of_month_is_a_period() -> None:
    ref = _r("No aid has entered since the 3rd.")
    assert (ref.date, ref.date_end, ref.precision) == (date(2016, 12, 3), TUE, "period")


@pytest.mark.parametrize("sentence", [
    "Men of the 7th Division took positions on the hill.",
    "It was on the 4th time of asking that the convoy got through.",
    "Snipers fired from the 2nd floor of the hospital.",
    "Since the 1st Armoured Brigade arrived, the front has held.",
    "This is the worst siege of the 21st century, an aid worker said.",
    "Residents queued for bread for the 3rd day running.",
    "By the 5th and 6th battalions the line was held.",
    "On the 104th day of the siege nothing changed.",  # no month has it
    "the 7th, 8th and 9th brigades",  # a list, no preposition
])
def test_ordinals_that_are_not_dates(sentence: str) -> None:
    assert _r(sentence).basis == "published"


def test_ordinal_with_its_month_stays_explicit() -> None:
    ref = _r("On the 9th of December the road fell.")
    assert (ref.date, ref.phrase) == (date(2016, 12, 9), "9th of December")


# -- 2. months by reference ----------------------------------------------------------

@pytest.mark.parametrize(("sentence", "start", "end"), [
    ("The hospital closed last month after repeated strikes.", date(2016, 11, 1), date(2016, 11, 30)),
    ("Rebels lost the ridge late last month.", date(2016, 11, 21), date(2016, 11, 30)),
    ("Early last month the airstrikes intensified.", date(2016, 11, 1), date(2016, 11, 10)),
    ("Earlier this month a truce collapsed.", date(2016, 12, 1), date(2016, 12, 12)),
    ("Government troops advanced in mid-November.", date(2016, 11, 11), date(2016, 11, 20)),
    ("Late November saw the heaviest raids.", date(2016, 11, 21), date(2016, 11, 30)),
    ("The district has been cut off since mid-November.", date(2016, 11, 11), TUE),
    ("Thousands fled over the past month.", date(2016, 11, 13), TUE),
    ("This month alone, 300 civilians were killed.", date(2016, 12, 1), TUE),
])
def test_months_by_reference(sentence: str, start: date, end: date) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.date_end, ref.precision) == (start, end, "period")


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    ref = _r("The bridge was blown up last month.", date(2017, 1, 9))
    assert (ref.date, ref.date_end) == (date(2016, 12, 1), date(2016, 12, 31))


@pytest.mark.parametrize("sentence", [
    "A month of bombing left the quarter in ruins.",
    "The monthly convoy did not arrive.",
])
def test_month_words_that_are_not_dates(sentence: str) -> None:
    assert _r(sentence).basis == "published"


# -- 3. relative to another date -----------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected", "phrase"), [
    ("A truce agreed on 10 December collapsed the following morning.", date(2016, 12, 11),
     "the following morning"),
    ("Talks opened on Thursday and the next day the first buses left.", date(2016, 12, 9),
     "the next day"),
    ("The airport fell on December 2; two days later the road was cut.", date(2016, 12, 4),
     "two days later"),
    ("Rebels retook the hill on Sunday; a day later the army struck back.", date(2016, 12, 12),
     "a day later"),
    ("Aid reached the town on 9 December, and the previous evening shelling stopped.",
     date(2016, 12, 8), "the previous evening"),
])
def test_shift_from_a_date_in_the_same_sentence(sentence: str, expected: date,
                                                phrase: str) -> None:
    ref = resolve_all(sentence, TUE)[-1]
    assert (ref.date, ref.precision, ref.phrase, ref.basis) == (expected, "day", phrase,
                                                                "shifted")


def test_a_sentence_with_a_date_and_a_shift_from_it_keeps_the_first() -> None:
    # one date a sentence: the leftmost, as for any two days (the events of a sentence
    # are not tied to the phrase nearest them)
    ref = _r("A truce agreed on 10 December collapsed the following morning.")
    assert (ref.date, ref.phrase) == (date(2016, 12, 10), "on 10 December")


def test_shift_from_the_date_carried_from_the_sentence_before() -> None:
    monday = resolve_date("Fighting flared around the citadel on Monday.", TUE)
    ref = _r("The next day, troops entered the old souq.", carried=monday)
    assert ref.date == date(2016, 12, 13)
    ref = _r("The day before, the last bakery had closed.", carried=monday)
    assert ref.date == date(2016, 12, 11)


def test_shift_without_any_date_counts_from_the_reference_day() -> None:
    assert _r("Three days earlier the ridge had fallen.").date == date(2016, 12, 10)


def test_shift_counts_from_the_nearest_date_before_it() -> None:
    refs = resolve_all("Raids on 1 December, a lull on 5 December, and the next day more raids.",
                       TUE)
    assert [r.date for r in refs] == [date(2016, 12, 1), date(2016, 12, 5), date(2016, 12, 6)]


@pytest.mark.parametrize("sentence", [
    "Fighting went on day after day in the east.",
    "The day before the ceasefire was the bloodiest of all.",  # a day before an event, not a date
    "Days later than expected, the talks stalled.",
    "The convoy reached the crossing a day later than planned.",
])
def test_day_words_that_are_not_shifts(sentence: str) -> None:
    assert _r(sentence).basis == "published"


# -- 4. weeks ------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "start", "end", "precision"), [
    ("Earlier this week two clinics were struck.", date(2016, 12, 12), date(2016, 12, 12),
     "week"),
    ("This week the regime took the last bridges.", date(2016, 12, 12), TUE, "week"),
    ("Loyalists advanced quickly last week.", date(2016, 12, 5), date(2016, 12, 11), "week"),
    ("The market was bombed last weekend.", date(2016, 12, 10), date(2016, 12, 11), "week"),
])
def test_weeks_are_weeks_not_the_publication_day(sentence: str, start: date, end: date,
                                                 precision: str) -> None:
    ref = _r(sentence)
    assert (ref.date, ref.date_end, ref.precision) == (start, end, precision)


def test_earlier_this_week_read_on_a_monday_is_that_monday() -> None:
    ref = _r("Earlier this week a school was hit.", date(2016, 12, 12))
    assert (ref.date, ref.date_end) == (date(2016, 12, 12), date(2016, 12, 12))


# -- the reader: a shift counts from the date of the sentence before --------------------

def test_next_day_in_the_next_paragraph_counts_from_the_date_told_before() -> None:
    from mapper.extract.reader import extract_article
    from mapper.records import Article

    text = ("Rebels shelled government positions near al-Bab on Monday.\n\n"
            "The next day, Turkish-backed fighters clashed with IS militants in al-Bab.\n")
    out = extract_article(Article("a.txt", "a.txt", text, date(2016, 12, 15)))  # a Thursday
    days = {e.date for e in out.events if "clash" in e.sub_event_type.lower()}
    assert days == {date(2016, 12, 13)}


def test_the_story_goes_on_from_the_day_counted_last() -> None:
    from mapper.extract.dates import resolve_sentence

    when, onward = resolve_sentence("A truce agreed on 10 December collapsed the next morning.",
                                    TUE)
    assert (when.date, onward.date, onward.phrase) == (date(2016, 12, 10), date(2016, 12, 11),
                                                       "the next morning")
    when, onward = resolve_sentence("Rebels shelled the airport on 10 December.", TUE)
    assert when is onward


def test_a_sentence_after_a_shift_takes_the_shifted_day() -> None:
    from mapper.extract.reader import extract_article
    from mapper.records import Article

    text = ("A truce agreed on 10 December collapsed the next morning. "
            "Within hours, air strikes hit al-Bab, medics said.\n")
    out = extract_article(Article("a.txt", "a.txt", text, date(2016, 12, 15)))
    days = {e.date for e in out.events if "strike" in e.sub_event_type.lower()}
    assert days == {date(2016, 12, 11)}
