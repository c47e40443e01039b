"""Dates counted back from the day of writing, a day named after "by", and a day inside a
trailing "two days after" clause; on sentences written for these tests.

* "three days ago", "two nights ago" is that day; "a week ago", "two weeks ago" the week
  around that day; "in the last few days", "in recent days" the three days up to the report;
* "by December 5" is that day (not the month of December);
* "X happened two days after the army took Y on Saturday": Saturday is Y's day, and
  X two days later; opening the sentence ("Two days after taking Y, the army took X
  on Sunday") the day after the comma is the main clause's, as before.
"""

from __future__ import annotations

from datetime import date

import pytest

from mapper.extract.dates import resolve_clauses

PUB = date(2016, 12, 9)  # a Friday


def when(text: str) -> tuple[str, str, str | None]:
    w, _, _ = resolve_clauses(text, PUB)
    return w.date.isoformat(), w.precision, w.date_end.isoformat() if w.date_end else None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Three days ago the army shelled Sakhour.", ("2016-12-06", "day", None)),
        ("Rebels lost Haydariya 4 days ago.", ("2016-12-05", "day", None)),
        ("A week ago, the opposition still held Jabal Badro.", ("2016-11-29", "week", "2016-12-05")),
        ("Two weeks ago the front ran through Hanano.", ("2016-11-22", "week", "2016-11-28")),
        ("Rebels abandoned Hanano two nights ago.", ("2016-12-07", "day", None)),
        ("In the last few days the army took Sakhour.", ("2016-12-06", "period", "2016-12-09")),
        ("Over the past several days the front moved.", ("2016-12-06", "period", "2016-12-09")),
        ("Loyalists probably held Sheikh Saeed by December 5.", ("2016-12-05", "day", None)),
        ("By November 30, the army controlled Hanano.", ("2016-11-30", "day", None)),
    ],
)
def test_days_counted_back_and_by_a_day(text, expected):
    assert when(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Agoraphobia is no date.",
        "The army plans to take Hanano by December.",  # a month, still
    ],
)
def test_no_day_where_none_is_named(text):
    w, _, _ = resolve_clauses(text, PUB)
    assert w.precision != "day" or w.basis == "published"


def clause_day(text: str, word: str) -> str:
    w, _, clauses = resolve_clauses(text, PUB)
    own = clauses.with_main(w).at(text.index(word)) if clauses is not None else None
    return (own or w).date.isoformat()


@pytest.mark.parametrize(
    "text, later, earlier, later_day, earlier_day",
    [
        ("The assault on Sakhour began two days after loyalists entered Hanano on Tuesday.",
         "assault", "Hanano", "2016-12-08", "2016-12-06"),
        ("Rebels lost Haydariya three days after the army had taken Hanano, on 3 December.",
         "Haydariya", "Hanano", "2016-12-06", "2016-12-03"),
        # opening the sentence: the day after the comma is the main clause's
        ("Two days after retaking Hanano, the army took Sakhour on Tuesday.",
         "Sakhour", "Hanano", "2016-12-06", "2016-12-04"),
    ],
)
def test_a_day_inside_a_trailing_after_clause(text, later, earlier, later_day, earlier_day):
    assert (clause_day(text, later), clause_day(text, earlier)) == (later_day, earlier_day)
