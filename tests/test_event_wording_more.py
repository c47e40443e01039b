"""More wordings of incidents, on sentences written for these tests.

"A shell struck X" (a single shell is shelling); "an IED targeted a convoy";
where the fire came from is not the scene ("artillery fire from regime positions
in X hit Y": Y); military police are the government's unless named Russian; a
protest's actor is the crowd, and a combatant it names is what it protests against.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import events

from mapper.extract.control import find_statements
from mapper.extract.events import build_events
from mapper.pipeline import read_sentence

PUB = date(2016, 12, 9)
SHELL, IED = "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Two children were hurt when a shell landed in Sakhour.", [(SHELL, "sakhour")]),
        ("Another shell exploded near the school in Haydariya on Monday.", [(SHELL, "haydariya")]),
        ("An IED struck an army patrol in Azaz on Monday.", [(IED, "azaz")]),
        ("Mortar fire from rebel positions in Sakhour hit Jabal Badro.", [(SHELL, "jabal_badro")]),
        ("Rockets from their bases near Azaz struck Marea on Sunday.", [(SHELL, "marea")]),
    ],
)
def test_incident_wording(gaz, text, expected):
    assert events(text, gaz) == expected


def _actors(text: str, gaz) -> set[tuple[str, str]]:
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return {(e.actor1, e.actor2) for e in build_events(ctx, gaz, found)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Military police detained 40 men in Jibreen on Monday.", {("Syrian regime forces", "")}),
        ("Russian military police detained 40 men in Jibreen on Monday.", {("Russian military", "")}),
        ("Crowds in Idlib protested against the Islamic State on Friday.", {("Protesters", "Islamic State")}),
        ("Residents of Azaz demonstrated on Friday.", {("Protesters", "")}),
    ],
)
def test_who_acted(gaz, text, expected):
    assert _actors(text, gaz) == expected
