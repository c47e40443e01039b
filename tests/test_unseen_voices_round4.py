"""Wordings of the voices added with c27-c30, on sentences written for these tests.

A Turkish state agency ("the YPG/PKK ..., backed by regime forces, captured X", "its
militants"), a wire translated from French ("seized on Wednesday the entirety of X", "the
quarter of Chaar", "the west of Aleppo"), a rights group's update ("killed at least 82
civilians in A, B", "a column of ambulances and cars was halted") and a Q&A explainer
("security and stability had returned to X").  None of these sentences is taken from the
reports.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import PUB, events, rows, statements

from mapper.extract.control import find_statements
from mapper.pipeline import read_sentence


def places(text: str) -> list[tuple[str, str]]:
    return [(text[p.start : p.end], p.place.id) for p in read_sentence(text, PUB, article_id="t.txt").places]


# --------------------------------------------------------------- who acts: helpers are no agents


@pytest.mark.parametrize(
    "text, expected",
    [
        # the backer between commas helps; the subject takes the place
        ("The Kurdish units, backed by the army, stormed Bustan al-Basha at dawn.", [("bustan_al_basha", "kurdish")]),
        ("The YPG, with the support of regime troops, seized al-Halak on Thursday.", [("halak", "kurdish")]),
        ("Rebel brigades, aided by Turkish artillery, entered Qabasin yesterday.", [("qabasin", "rebel")]),
        # a helper after the agent, without commas, changes nothing
        ("Government troops supported by Russian jets recaptured al-Sukkari.", [("sukkari", "regime")]),
    ],
)
def test_a_backer_is_not_the_agent(gaz, text, expected):
    assert rows(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On Thursday its fighters, backed by government troops, overran Sheikh Fares.",
        # "militants" alone would be rebels: "its" points back to the group named before
        "On Thursday its militants, backed by government troops, overran Sheikh Fares.",
        "Its militants overran Sheikh Fares on Thursday.",
    ],
)
def test_its_fighters_are_the_group_of_the_sentence_before(gaz, text):
    ctx = read_sentence(text, PUB, article_id="t.txt", context_sides=("kurdish",))
    found, _ = find_statements(ctx, gaz)
    assert [(t.place.id, st.to) for st in found for t in st.targets] == [("sheikh_fares", "kurdish")]


# --------------------------------------------------------------- control wordings


@pytest.mark.parametrize(
    "text, expected",
    [
        # the day between the verb and its object, as French word order has it
        ("The troops took on Tuesday the whole of Qadi Askar.", [("change", "qadi_askar", "regime")]),
        ("Loyalist units captured on Sunday al-Jazmati.", [("change", "jazmati", "regime")]),
        # adjectives joined by "and" before the kind word
        ("The army seized the large and strategic district of al-Marjeh.", [("change", "marjeh", "regime")]),
        # the formula of the state's victory, "returned" rather than "restored", quoted or not
        ("The army command said security had returned to Karm al-Dada.", [("change", "karm_al_dada", "regime")]),
        (
            'Army officers declared that "security and stability" have returned to al-Maadi.',
            [("change", "maadi", "regime")],
        ),
        # a military site that makes up much of the place: its capture is the place's
        ("On Sunday troops recaptured the air force academy at al-Ramouseh.", [("change", "ramouseh", "regime")]),
        # where the remaining areas lie, before the list
        (
            "The last rebel districts in the north of the enclave, including Sheikh Khodr and al-Sakhour, "
            "await the assault.",
            [("assertion", "sakhour", "rebel"), ("assertion", "sheikh_khodr", "rebel")],
        ),
    ],
)
def test_control_wordings(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a truce's calm is no capture
        "Calm returned to al-Sukkari after the truce.",
        # "and" only joins adjectives: not a thing and a place
        "The army took the hill and then shelled al-Sukkari.",
        # a hospital taken leaves the district's fate open
        "Gunmen seized the hospital in al-Sukkari.",
    ],
)
def test_look_alikes_change_nothing(gaz, text):
    assert [s for s in statements(text, gaz) if s[0] == "change"] == []


def test_the_victory_formula_about_a_city_is_about_all_of_it(gaz):
    said = "The army's general command announced that 'security and stability' have returned to Aleppo."
    got = rows(said, gaz)
    assert ("sukkari", "regime") in got and ("hamdaniyeh", "regime") in got and len(got) > 100
    # ... but a plain capture of a city names no district
    assert rows("The army took Aleppo.", gaz) == []
    # ... and districts named after the formula are what it binds
    assert rows("Troops restored security to three quarters of Aleppo city.", gaz) == []


# --------------------------------------------------------------- places


@pytest.mark.parametrize(
    "text, expected",
    [
        # a guarded single word after "the quarter of", "the district of"
        ("Shells hit the quarter of Chaar.", [("Chaar", "sha_ar")]),
        ("Fighting spread to the district of Halk.", [("Halk", "halak")]),
        # Khader: one more spelling of Sheikh Khodr
        ("Troops entered Sheikh Khader.", [("Sheikh Khader", "sheikh_khodr")]),
        # "the west of Aleppo" is the western city; "the west of Aleppo province" the province
        ("A mortar fell on the west of Aleppo.", [("the west of Aleppo", "aleppo_west")]),
        ("Refugees crowd the east of Aleppo.", [("the east of Aleppo", "aleppo_east")]),
        ("Rebels attacked in the west of Aleppo province.", [("the west of Aleppo province", "aleppo_province")]),
        # the air base of Damascus, in its spellings
        ("Missiles hit the Mezzeh air base overnight.", [("Mezzeh air base", "mezzeh_airbase")]),
        ("Jets struck Mazzeh.", [("Mazzeh", "mezzeh_airbase")]),
    ],
)
def test_place_wordings(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text", ["Troops took Halk.", "She cut her shaar.", "The area was quiet."])
def test_a_guarded_word_alone_is_still_no_place(text):
    assert places(text) == []


# --------------------------------------------------------------- incidents


@pytest.mark.parametrize(
    "text, expected",
    [
        # a toll with a quantifier is still a toll of killed civilians: one attack per district
        (
            "Militiamen killed at least 40 civilians in al-Ferdous and al-Kalaseh on Monday.",
            [("Attack", "firdous"), ("Attack", "kalaseh")],
        ),
        ("Gunmen killed more than 1,200 civilians in Bustan al-Qasr.", [("Attack", "bustan_al_qasr")]),
        ("Soldiers killed dozens of civilians in al-Salhin.", [("Attack", "salhin")]),
        # ... but the deaths of a strike are the strike's
        ("Air strikes killed at least 30 civilians in al-Ferdous.", [("Air/drone strike", "firdous")]),
        # a convoy told by what it carried
        ("A column of buses and ambulances was turned back at al-Ramouseh.", [("Other", "ramouseh")]),
        ("A convoy of 20 cars was stopped near al-Ramouseh.", [("Other", "ramouseh")]),
        # a column of troops is no evacuation
        ("A column of tanks was stopped near al-Ramouseh.", []),
    ],
)
def test_incident_wordings(gaz, text, expected):
    assert events(text, gaz, date(2016, 12, 13)) == expected
