"""Incidents told in other words, on sentences written for these tests.

Killings aimed at people (an assassination, a beheading, fire opened on a bus of
evacuees) are attacks; "the artillery academy" names a place, not shelling;
"battles raged" is fighting; a landmine that went off is a remote explosive.
"""

from __future__ import annotations

import pytest
from sentence_checks import events

ATTACK, CLASH = "Attack", "Armed clash"
SHELL, IED = "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Masked men assassinated a council official in Marea on Monday.", [(ATTACK, "marea")]),
        ("The assassination of a judge in Azaz on Monday shocked the town.", [(ATTACK, "azaz")]),
        ("Militants beheaded three captured soldiers near Dabiq on Monday.", [(ATTACK, "dabiq")]),
        ("Militiamen opened fire on a minibus of displaced families in Sakhour.", [(ATTACK, "sakhour")]),
        ("Fierce battles raged in Haydariya on Tuesday.", [(CLASH, "haydariya")]),
        ("Battles erupted near the artillery academy in Ramouseh on Sunday.", [(CLASH, "ramouseh")]),
        ("A landmine went off under a tractor near Marea on Monday.", [(IED, "marea")]),
        ("Government artillery pounded Sakhour on Monday.", [(SHELL, "sakhour")]),
    ],
)
def test_incident_wording(gaz, text, expected):
    assert events(text, gaz) == expected


def test_a_place_named_for_its_artillery_is_no_shelling(gaz):
    assert events("Cadets graduated from the artillery school in Ramouseh on Monday.", gaz) == []
