"""Sentences that tell more than one thing, on more than one day.

* A sentence naming several days dates each control change and incident by
  the date phrase of its own clause (:class:`mapper.extract.clause_dates.ClauseDates`).
* "28 and 29 November" is a span of two days (precision ``period``, ``date_end``
  the second day): a change of hands takes the first, an incident one a day.
* "28/11" is a day and month, the latest such day on or before the reference
  day, and only when near it; "The 15th —" opening a sentence names a day of
  the month.
* "Two days after retaking X, ..." dates X's change two days before the main
  clause's date.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from mapper.extract.dates import resolve_all, resolve_clauses
from mapper.extract.reader import extract_article
from mapper.records import Article

SAT = date(2016, 12, 3)  # a Saturday: Friday is 2 December, Monday 28 November


def _read(text: str, published: date = SAT) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(place -> date of its change, (place, sub-event type) -> date of its event)."""
    out = extract_article(Article("t", "", text, published))
    changes = {c.place_id: c.date.isoformat() for c in out.changes}
    events = {(e.place_id, e.sub_event_type): e.date.isoformat() for e in out.events}
    return changes, events


# -- one date per clause ----------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # a list of objects, each with its own day
    ("The army seized Sakhour on Friday and Haydariya on Monday.",
     {"sakhour": "2016-12-02", "haydariya": "2016-11-28"}),
    ("Troops took Sakhour last weekend and Haydariya on Tuesday.",
     {"sakhour": "2016-11-26", "haydariya": "2016-11-29"}),
    # two verbs; the later clause's list takes the later date
    ("Troops stormed Sheikh Khodr on 24 November and, activists say, overran Jabal Badro "
     "and Haydariya on 26 November.",
     {"sheikh_khodr": "2016-11-24", "jabal_badro": "2016-11-26", "haydariya": "2016-11-26"}),
    # a day counted from the one before, in a clause of its own
    ("Masaken Hanano fell to the army on Wednesday, while Sakhour was captured by troops "
     "two days later.",
     {"masaken_hanano": "2016-11-30", "sakhour": "2016-12-02"}),
    ("Troops took Sakhour on Monday and Haydariya a day later.",
     {"sakhour": "2016-11-28", "haydariya": "2016-11-29"}),
    # a date set off at the head of its clause dates the clause
    ("On Tuesday, the army captured Hanano, and on Thursday troops took Sakhour.",
     {"hanano": "2016-11-29", "sakhour": "2016-12-01"}),
    ("On Thursday, troops retook Sakhour, lost to rebels on Monday.", {"sakhour": "2016-12-01"}),
    ("On the 26th, rebels abandoned Sakhour, slipping away overnight; the army also took "
     "Haydariya the same day.",
     {"sakhour": "2016-11-26", "haydariya": "2016-11-26"}),
    # the day of the telling is not the day of the event told
    ("Monitors said on Thursday that troops had taken Sakhour on Sunday.",
     {"sakhour": "2016-11-27"}),
])
def test_each_clause_takes_its_own_date(text: str, expected: dict[str, str]) -> None:
    changes, events = _read(text)
    assert changes == expected
    for place, day in expected.items():
        assert events[(place, "Government regains territory")] == day


def test_an_incident_takes_the_date_of_its_cue_clause() -> None:
    # the place stands after the first date, but the deal is the first date's
    _, events = _read("The truce agreed on 25 November for Sakhour collapsed the following day.")
    assert events == {("sakhour", "Agreement"): "2016-11-25"}
    text = ("The truce agreed on 25 November for eastern Aleppo collapsed the following day, "
            "and warplanes bombed Sakhour on Friday.")
    _, events = _read(text)
    assert events[("sakhour", "Air/drone strike")] == "2016-12-02"


def test_one_date_in_a_sentence_dates_all_of_it() -> None:
    changes, _ = _read("On Friday the army took Sakhour, and rebels lost Haydariya.")
    assert set(changes.values()) == {"2016-12-02"}


def test_clause_dates_only_for_sentences_naming_several_days() -> None:
    assert resolve_clauses("Troops took Sakhour on Friday.", SAT)[2] is None
    assert resolve_clauses("Shelling since Monday hit Sakhour on Friday.", SAT)[2] is None
    clauses = resolve_clauses("They took A on Friday and B on Monday.", SAT)[2]
    assert clauses is not None
    assert [r.phrase for r in clauses.refs] == ["on Friday", "on Monday"]


# -- "two days after ..." -----------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Four days after capturing Hanano, the army captured Sakhour on Thursday.",
     {"hanano": "2016-11-27", "sakhour": "2016-12-01"}),
    # no other date: counted back from the day of writing
    ("Two days after recapturing Hanano, government forces seized Sakhour.",
     {"hanano": "2016-12-01", "sakhour": "2016-12-03"}),
])
def test_days_after_a_clause_count_back_from_the_main_clause(text: str,
                                                            expected: dict[str, str]) -> None:
    assert _read(text)[0] == expected


def test_days_after_is_never_the_sentence_date() -> None:
    when, onward, clauses = resolve_clauses("Three days after losing A, rebels shelled B.", SAT)
    assert when.basis == onward.basis == "published"
    assert clauses is not None and clauses.priors[0][2] == 3


def test_days_after_carries_the_paragraph_date() -> None:
    text = ("The army entered Haydariya on Monday. A day after capturing Hanano, troops "
            "pushed into Sakhour.")
    changes, _ = _read(text)
    assert changes["hanano"] == "2016-11-27"


# -- spans of days, day/month, a heading's day -----------------------------------


@pytest.mark.parametrize(("sentence", "first", "last"), [
    ("Jets struck the town on 25 and 26 November.", "2016-11-25", "2016-11-26"),
    ("Jets struck the town on November 25 and 26.", "2016-11-25", "2016-11-26"),
    ("Jets struck the town on 25-27 November.", "2016-11-25", "2016-11-27"),
    ("Jets struck the town Nov 25 to 27.", "2016-11-25", "2016-11-27"),
])
def test_two_days_joined_are_a_span(sentence: str, first: str, last: str) -> None:
    [ref] = resolve_all(sentence, SAT)
    assert (ref.date.isoformat(), ref.precision, ref.date_end.isoformat()) == (first, "period", last)


def test_a_second_number_too_far_is_no_span() -> None:
    [ref] = resolve_all("On November 20 and 30 fighters were killed.", SAT)
    assert (ref.date, ref.precision, ref.date_end) == (date(2016, 11, 20), "day", None)


def test_a_span_dates_a_change_to_its_first_day() -> None:
    changes, events = _read("Government forces captured Sakhour on 29 and 30 November.")
    assert changes == {"sakhour": "2016-11-29"}
    assert events == {("sakhour", "Government regains territory"): "2016-11-29"}


def test_a_span_gives_an_incident_a_day() -> None:
    text = "Warplanes bombed Sakhour on 29 and 30 November, killing 9 people."
    out = extract_article(Article("t", "", text, SAT))
    got = [(e.date, e.date_precision, e.date_end, e.fatalities) for e in out.events]
    assert got == [(date(2016, 11, 29), "day", None, 9), (date(2016, 11, 30), "day", None, 0)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Shells fell on the market on 30/11.", date(2016, 11, 30)),
    ("Update 2/12: the road is cut.", date(2016, 12, 2)),
    ("Report of 3/12 on the strikes.", date(2016, 12, 3)),
])
def test_day_and_month_without_a_year(sentence: str, expected: date) -> None:
    assert [r.date for r in resolve_all(sentence, SAT)] == [expected]


@pytest.mark.parametrize("sentence", [
    "Troops hold 3/4 of the eastern districts.",  # far in the past: no date
    "The radio plays 24/7 from the west.",
    "Convoy set for 9/12, officials said.",  # in the future, a year back is too far
    "Page 1/2 of the bulletin.",
])
def test_fractions_are_no_day_and_month(sentence: str) -> None:
    assert resolve_all(sentence, SAT) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The 29th \u2014 troops captured Sakhour.", date(2016, 11, 29)),
    ("The 2nd: shelling all day.", date(2016, 12, 2)),
    ("On the 1st, shelling resumed.", date(2016, 12, 1)),
])
def test_a_day_of_the_month_opening_a_line(sentence: str, expected: date) -> None:
    assert [r.date for r in resolve_all(sentence, SAT)] == [expected]


@pytest.mark.parametrize("sentence", [
    "The 4th Division moved in.",
    "The 2nd, 3rd and 5th brigades withdrew.",
    "Troops of the 104th \u2014 an airborne brigade \u2014 arrived.",  # not the line's start
])
def test_ordinals_that_open_no_date(sentence: str) -> None:
    assert resolve_all(sentence, SAT) == []


def test_overnight_after_a_day_named_is_that_days_night() -> None:
    refs = resolve_all("On 28 November, rebels withdrew overnight from the town.", SAT)
    assert [r.date for r in refs] == [date(2016, 11, 28)] * 2
    # without a day before it, "overnight" is still the night before the reference day
    assert [r.date for r in resolve_all("Rebels withdrew overnight.", SAT)] == [date(2016, 12, 2)]


@pytest.mark.parametrize(("text", "expected"), [
    # a timeline's entry: its heading's day is the day its labels tell of
    ("The 1st \u2014 A convoy of buses leaves Sakhour for government-held Haydariya.", "2016-12-01"),
    ("1/12: A convoy of buses leaves Sakhour for government-held Haydariya.", "2016-12-01"),
    # a date in the running text leaves a label to the day of writing
    ("On Thursday a convoy of buses left Sakhour for government-held Haydariya.", "2016-12-03"),
])
def test_a_dateline_dates_the_labels_of_its_entry(text: str, expected: str) -> None:
    assert _read(text)[0] == {"haydariya": expected}
