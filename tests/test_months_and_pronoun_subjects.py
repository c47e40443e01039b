"""Months by clause, and a pronoun subject standing for the subject before; on sentences
written for these tests.

* "lost X in August and retook it in September": in a sentence naming no day, each
  clause takes its own month; beside a day, a month stays background;
* "...; it then took X", "but they still hold X": the pronoun opening the clause
  stands for the sentence's first subject.
"""

from __future__ import annotations

import pytest
from sentence_checks import article_changes as changes


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The rebels, who seized Sakhour in July, lost it again in October.",
            [("sakhour", "rebel", "change", "2016-07-01"), ("sakhour", "regime", "change", "2016-10-01")],
        ),
        (
            "Loyalist troops took Haydariya on Tuesday, the first gain since they entered Hanano in November.",
            [("haydariya", "regime", "change", "2016-12-06")],
        ),
    ],
)
def test_months_by_clause(text, expected):
    assert [c for c in changes(text) if c[0] != "hanano"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Loyalist troops took Haydariya; it then took Sakhour.",
         [("haydariya", "regime", "change", "2016-12-09"), ("sakhour", "regime", "change", "2016-12-09")]),
        ("The rebels lost Haydariya, but they still hold Sakhour.",
         [("haydariya", "regime", "change", "2016-12-09"), ("sakhour", "rebel", "assertion", "2016-12-09")]),
    ],
)
def test_a_pronoun_subject_is_the_subject_before(text, expected):
    assert changes(text) == expected
