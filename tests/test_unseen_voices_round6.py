"""Wordings of the voices added with c35-c38, on sentences written for these tests.

A daily toll list by province, a party's statement in the first person ("liberated by our
forces"), a general staff's numbered bulletin ("ESA elements", "air operations carried
out on 21 December") and a Security Council meeting summary (speeches weighing what a
capture would bring: "the fall of X would not end the war").  None of these sentences is
taken from the reports.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import PUB, events, statements

from mapper.extract.reader import extract_article
from mapper.pipeline import read_sentence
from mapper.records import Article


def places(text: str) -> list[tuple[str, str]]:
    return [(text[p.start : p.end], p.place.id) for p in read_sentence(text, PUB, article_id="t.txt").places]


# --------------------------------------------------------------- a capture weighed, not told


@pytest.mark.parametrize(
    "text",
    [
        "Diplomats fear the capture of Sukkari and Sheikh Saeed by the army will leave civilians nowhere to run.",
        "The envoy argued that the fall of Manbij to the Turkish-backed rebels could open the road to Raqqa.",
        "The regime's seizure of Tariq al-Bab is expected to cut the airport road, officials said on Friday.",
        "The fall of Sukkari to the army would not end the war, the minister warned on Friday.",
    ],
)
def test_a_noun_capture_before_a_modal_is_no_change(gaz, text):
    assert statements(text, gaz) == []


@pytest.mark.parametrize(
    "text",
    [
        "The army's capture of Sukkari on Thursday split the pocket.",
        # a modal perfect weighs how it came about, not whether
        "He said the capture of Sukkari by the army may have been planned in Moscow.",
    ],
)
def test_a_noun_capture_that_happened_is_still_read(gaz, text):
    assert ("change", "sukkari", "regime") in statements(text, gaz)


# --------------------------------------------------------------- held, in other words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ashrafiyeh is still in the hands of the Kurdish fighters, residents say.",
         [("assertion", "ashrafiyeh", "kurdish")]),
        ("The Sheikh Maqsoud quarter remains under the protection of the YPG, a spokesman said.",
         [("assertion", "sheikh_maqsoud", "kurdish")]),
    ],
)
def test_in_the_hands_and_under_the_protection_of_a_side_is_held(gaz, text, expected):
    assert statements(text, gaz) == expected


def test_fell_into_the_hands_of_is_still_a_change(gaz):
    assert statements("Hanano fell into the hands of the army on Saturday.", gaz) == [
        ("change", "hanano", "regime")
    ]


# --------------------------------------------------------------- the ends of a line


def test_a_line_between_two_places_holds_neither(gaz):
    assert statements("The highway between Manbij and al-Bab was secured by the rebels on Friday.", gaz) == []


def test_a_place_secured_is_still_a_change(gaz):
    assert statements("Rebels secured Qabasin on Friday.", gaz) == [("change", "qabasin", "rebel")]


# --------------------------------------------------------------- the speaker's own forces


def _changes(text: str) -> list[tuple[str, str]]:
    out = extract_article(Article("t", "", text, date(2016, 11, 26)))
    return sorted((c.place_id, c.to) for c in out.changes)


def test_by_our_forces_takes_no_side_from_the_sentence_before():
    text = (
        "The Turkish-backed rebels shelled the villages again today.\n\n"
        "We recall that Manbij was freed by our forces in August after a long battle.\n"
    )
    assert ("manbij", "turkish_backed_rebel") not in _changes(text)


def test_a_named_agent_after_by_is_still_read():
    text = (
        "The Turkish-backed rebels shelled the villages again today.\n\n"
        "Manbij was taken by the SDF on Thursday after a long battle.\n"
    )
    assert ("manbij", "kurdish") in _changes(text)


# --------------------------------------------------------------- a general staff's words


def test_esa_elements_are_turkish_backed_rebels(gaz):
    assert statements("On Tuesday ESA elements captured Qabasin.", gaz) == [
        ("change", "qabasin", "turkish_backed_rebel")
    ]


def test_air_operations_carried_out_are_air_strikes(gaz):
    assert events("In air operations conducted on Tuesday, 40 targets around Qabasin were struck.", gaz) == [
        ("Air/drone strike", "qabasin")
    ]


# --------------------------------------------------------------- killings and their scene


def test_shot_on_the_spot_is_an_attack(gaz):
    assert events("Witnesses said 14 men had been shot on the spot in Sukkari on Monday.", gaz) == [
        ("Attack", "sukkari")
    ]


def test_from_the_direction_of_is_where_the_attack_set_out(gaz):
    assert events(
        "On Monday the rebels beat back an assault on the Sukkari front from the direction of Ramouseh.", gaz
    ) == [("Armed clash", "sukkari")]


# --------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The wounded were taken to Kilis across the border.", [("Kilis", "kilis")]),
        ("Damascus Suburbs: four dead in Douma.", [("Damascus Suburbs", "damascus_province"), ("Douma", "douma")]),
    ],
)
def test_places_of_a_toll_list_and_a_bulletin(text, expected):
    assert places(text) == expected
