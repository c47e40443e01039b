"""Who holds what, told as a list after a present copula, on sentences written for these tests.

"The districts still held by the rebels are A, B and C", "the last rebel-held
neighbourhoods are A and B", "regime-controlled areas now include only A": the
places named after "are" / "include" / "comprise" are the holder's, as of the day of
writing.  A past copula ("were A and B") may tell of another day and is not read.
"""

from __future__ import annotations

import pytest
from sentence_checks import events, statements


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The neighbourhoods still held by the opposition are Sakhour and Haydariya.",
            [("assertion", "haydariya", "rebel"), ("assertion", "sakhour", "rebel")],
        ),
        (
            "Areas controlled by the army now include Hanano and Jabal Badro.",
            [("assertion", "hanano", "regime"), ("assertion", "jabal_badro", "regime")],
        ),
        (
            "Today the last rebel-held districts are al-Ansari and al-Mashhad, monitors say.",
            [("assertion", "ansari", "rebel"), ("assertion", "mashhad", "rebel")],
        ),
        (
            "Government-controlled areas now comprise only Sheikh Saeed.",
            [("assertion", "sheikh_saeed", "regime")],
        ),
        (
            "The remaining opposition neighbourhoods are Bustan al-Qasr and al-Kalasa.",
            [("assertion", "bustan_al_qasr", "rebel"), ("assertion", "kalaseh", "rebel")],
        ),
    ],
)
def test_places_after_a_present_copula_are_the_holders(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        # past: it may tell of a day before the report
        "The last rebel-held districts were al-Ansari and al-Mashhad until the weekend.",
        # the places after the copula are not what the side holds
        "Rebel-held districts are being bombed near Sakhour.",
        "Areas held by the rebels are shrinking, according to residents of Hanano and Sakhour.",
    ],
)
def test_no_list_after_a_past_copula_or_another_predicate(gaz, text):
    assert statements(text, gaz) == []


def test_a_holder_list_is_no_incident(gaz):
    assert events("The districts still held by the rebels are Sakhour and Haydariya.", gaz) == []
