"""An incident's places: each dated by its own date phrase, and not a capture's place.

Sentences written for these tests.  "Jets struck A on Monday and B on Tuesday"
is two strikes on two days (a place after the cue, followed right away by a date
phrase, takes that date).  "Jets pounded A, after the rebels took B": B is the
capture's place, not the strike's (a change of hands owns the places after its
verb, as a cue of another kind does).
"""

from __future__ import annotations

from datetime import date

import pytest

from mapper.extract.control import find_statements
from mapper.extract.events import build_events
from mapper.pipeline import read_sentence

PUB = date(2016, 12, 9)  # a Friday


def dated(text: str, gaz) -> list[tuple[str, str, str]]:
    """(sub-event type, place, ISO day) of the events of one sentence, sorted."""
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return sorted((e.sub_event_type, e.place_id, e.date.isoformat()) for e in build_events(ctx, gaz, found))


AIR, SHELL = "Air/drone strike", "Shelling/artillery/missile attack"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Warplanes bombed Maarat al-Numan on Wednesday and Kafr Nabl on Thursday.",
            [(AIR, "kafrnabel", "2016-12-08"), (AIR, "maarat_al_numan", "2016-12-07")],
        ),
        (
            "Army guns shelled Sakhour on 3 December and Hanano on 5 December.",
            [(SHELL, "hanano", "2016-12-05"), (SHELL, "sakhour", "2016-12-03")],
        ),
        (
            "Helicopters dropped barrel bombs on Hanano on Tuesday and on Sakhour a day later.",
            [(AIR, "hanano", "2016-12-06"), (AIR, "sakhour", "2016-12-07")],
        ),
    ],
)
def test_a_place_with_its_own_day_is_dated_by_it(gaz, text, expected):
    assert dated(text, gaz) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # one day for both places: the cue's
        (
            "On Tuesday warplanes bombed Maarat al-Numan and Kafr Nabl.",
            [(AIR, "kafrnabel", "2016-12-06"), (AIR, "maarat_al_numan", "2016-12-06")],
        ),
        # the date belongs to the verb after the place, not to the place
        (
            "Shelling of Sakhour that began on Monday stopped on Wednesday.",
            [(SHELL, "sakhour", "2016-12-05")],
        ),
    ],
)
def test_a_place_without_its_own_day_takes_the_cues(gaz, text, expected):
    assert dated(text, gaz) == expected


@pytest.mark.parametrize(
    "text, strike_places",
    [
        ("Russian jets pounded Kafr Nabl on Thursday, after the rebels seized Hanano.", {"kafrnabel"}),
        ("Air strikes hit Sakhour while government troops captured Hanano.", {"sakhour"}),
        # the capture comes first: the strike after it owns no place and keeps them all
        ("Rebels captured Hanano after heavy air strikes.", {"hanano"}),
    ],
)
def test_a_capture_owns_the_places_after_its_verb(gaz, text, strike_places):
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    got = {e.place_id for e in build_events(ctx, gaz, found) if e.sub_event_type == AIR}
    assert got == strike_places


def test_a_handover_owns_no_place_of_its_own(gaz):
    # a handover is no battle: its place stays the transfer's
    got = dated("Sakhour was handed over to the army on Monday.", gaz)
    assert got == [("Non-violent transfer of territory", "sakhour", "2016-12-05")]
