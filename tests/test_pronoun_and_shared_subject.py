""""It" for a place named before it, and a verb sharing the subject before it.

Sentences written for these tests, read as one-sentence articles (the pronoun is
resolved by the article reader, as descriptions are):

* "X was quiet on Monday; troops had seized it the day before": "it" is X, within
  its sentence only, never a place named as a reference point ("a checkpoint near
  X ... retook it") nor one of a list ("shelled A and B, then took it": which?);
* "rebels stormed X on Monday but lost it on Tuesday": the second verb has no
  subject of its own and shares the first one's.
"""

from __future__ import annotations

import pytest
from sentence_checks import article_changes


def changes(text: str) -> list[tuple[str, str, str]]:
    """(place, to, ISO day) of the control changes of a one-sentence article, sorted."""
    return [(p, to, day) for p, to, kind, day in article_changes(text) if kind == "change"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Haydariya was calm on Wednesday; loyalist troops had captured it the day before.",
            [("haydariya", "regime", "2016-12-06")],
        ),
        (
            "The village of Tal Rifaat, long held by the Kurds, was encircled, and rebels entered it on Sunday.",
            [("tal_rifaat", "rebel", "2016-12-04")],
        ),
    ],
)
def test_it_stands_for_the_place_named_before_it(text, expected):
    assert changes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a reference point: "it" is the checkpoint
        "Rebels overran a checkpoint outside Haydariya, and the army retook it at dawn.",
        # a list: which one?
        "The army shelled Haydariya and Sakhour for hours; militias then stormed it.",
        # no place before it in the sentence
        "It was captured by the army.",
    ],
)
def test_it_without_a_clear_place_is_none(text):
    assert [c for c in changes(text) if c[1] == "regime" and c[0] in {"haydariya", "sakhour"}] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Rebels stormed Sakhour on Monday but lost it again on Tuesday.",
            [("sakhour", "rebel", "2016-12-05"), ("sakhour", "regime", "2016-12-06")],
        ),
        (
            "The opposition held on to Haydariya until Sunday, but then abandoned Sakhour on Monday.",
            [("sakhour", "regime", "2016-12-05")],
        ),
        (
            "Loyalist troops took Haydariya and later seized Sakhour.",
            [("haydariya", "regime", "2016-12-09"), ("sakhour", "regime", "2016-12-09")],
        ),
    ],
)
def test_a_verb_without_its_own_subject_shares_the_one_before(text, expected):
    assert changes(text) == expected
