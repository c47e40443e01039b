"""Lexicon phrases first met in unseen reports, on sentences written for these tests.

Each block checks one phrase of ``control_verbs.toml``, ``event_types.toml`` or
``actors.csv`` in several wordings, with the near misses that must stay silent.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_control, find_statements
from mapper.extract.events import build_events, classify_events
from mapper.pipeline import read_sentence

PUB = date(2016, 11, 28)  # a Monday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def control(text: str, gaz) -> list[tuple[str, str, str]]:
    changes, _ = find_control(read_sentence(text, PUB, article_id="t.txt"), gaz)
    return sorted((c.place_id, c.to, c.kind) for c in changes)


def subs(text: str) -> list[str]:
    return [c.sub_event_type for c in classify_events(text)]


def events(text: str, gaz) -> list[tuple[str, str]]:
    ctx = read_sentence(text, PUB, article_id="t.txt")
    statements, _ = find_statements(ctx, gaz)
    return sorted((e.place_id, e.sub_event_type) for e in build_events(ctx, gaz, statements))


# -- control: changes ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Loyalist units consolidated control of Sakhour on Sunday.",
        "By Sunday evening the army had consolidated its grip on Sakhour.",
        "Government troops consolidated their control over Sakhour after the rebels left.",
    ],
)
def test_consolidated_control_is_a_capture(gaz, text):
    assert ("sakhour", "regime", "change") in control(text, gaz)


@pytest.mark.parametrize(
    "text, places",
    [
        ("The army mopped up Haydariya on Sunday.", {"haydariya"}),
        ("Pro-Assad militias mopped up the remaining pockets of resistance inside Hanano.", {"hanano"}),
        ("Troops mopped up the last rebel fighters in Sakhour and Haydariya overnight.",
         {"sakhour", "haydariya"}),
        ("The final remnants of resistance in Hanano were mopped up by the army on Sunday.", {"hanano"}),
    ],
)
def test_mopped_up_is_a_capture(gaz, text, places):
    rows = control(text, gaz)
    assert {p for p, to, kind in rows if to == "regime" and kind == "change"} == places


@pytest.mark.parametrize(
    "text",
    [
        "The army secured Jabal Badro on Sunday after a night of fighting.",
        "Regime forces fully secured Jabal Badro on Sunday.",
        "Jabal Badro was secured by the army on Sunday.",
        "On Sunday Jabal Badro was fully secured by pro-government forces, state media said.",
    ],
)
def test_secured_is_a_capture(gaz, text):
    assert control(text, gaz) == [("jabal_badro", "regime", "change")]


@pytest.mark.parametrize(
    "text",
    [
        "The aid convoy was secured before it left on Sunday.",
        "Negotiators secured the release of twelve hostages on Sunday.",
        "Turkey said it would turn to Manbij once al-Bab is secured.",
        "The army has not yet secured Jabal Badro, a commander said.",
        "Troops hope to secure Jabal Badro within days.",
    ],
)
def test_secured_without_a_place_taken_is_no_change(gaz, text):
    assert [r for r in control(text, gaz) if r[2] == "change"] == []


@pytest.mark.parametrize(
    "text",
    [
        "On Saturday control was imposed by the forces of the regime and allied militias over Hanano.",
        "Control was imposed by regime troops on the neighbourhood of Hanano on Saturday.",
        "The army imposed full control over Hanano on Saturday.",
    ],
)
def test_control_imposed_is_a_capture(gaz, text):
    assert control(text, gaz) == [("hanano", "regime", "change")]


@pytest.mark.parametrize(
    "text, side",
    [
        ("On Sunday Bustan al-Basha was handed over to the YPG without a shot.", "kurdish"),
        ("Sheikh Maqsoud was handed back to the Kurds on Sunday, activists said.", "kurdish"),
        ("Rebels said Bustan al-Basha had been handed over to the army on Sunday.", "regime"),
    ],
)
def test_passive_handover_goes_to_the_side_after_to(gaz, text, side):
    rows = control(text, gaz)
    assert len(rows) == 1 and rows[0][1:] == (side, "change")


def test_active_handover_is_unchanged(gaz):
    rows = control("The Kurds handed over Sheikh Maqsoud to the government on Sunday.", gaz)
    assert rows == [("sheikh_maqsoud", "regime", "change")]


def test_a_passive_handover_is_a_non_violent_transfer(gaz):
    evs = events("On Sunday Bustan al-Basha was handed over to the YPG.", gaz)
    assert ("bustan_al_basha", "Non-violent transfer of territory") in evs


def test_the_last_districts_of_an_area_complete_it(gaz):
    rows = control("On Thursday loyalist troops took control of the last districts of eastern Aleppo.", gaz)
    assert len(rows) > 30 and {to for _, to, _ in rows} == {"regime"}
    # "districts of" alone still names a part
    assert control("On Thursday loyalist troops took control of districts of eastern Aleppo.", gaz) == []


# -- control: assertions -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rebels continue to hold Sukkari and Kalaseh, a commander said.",
        "The opposition continues to control Sukkari and Kalaseh despite the shelling.",
        "The factions, which have held Sukkari and Kalaseh since 2012, refused to leave.",
    ],
)
def test_continue_to_hold_is_held_now(gaz, text):
    assert control(text, gaz) == [("kalaseh", "rebel", "assertion"), ("sukkari", "rebel", "assertion")]


def test_continued_to_hold_is_dated_to_the_sentence(gaz):
    changes, _ = find_control(
        read_sentence("On Saturday rebels continued to hold Sukkari.", PUB, article_id="t.txt"), gaz
    )
    assert [(c.place_id, c.to, c.date) for c in changes] == [("sukkari", "rebel", date(2016, 11, 26))]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels will continue to hold Sukkari, a spokesman vowed.",
        "The rebels cannot continue to hold Sukkari for long.",
    ],
)
def test_continue_to_hold_as_a_promise_is_no_assertion(gaz, text):
    assert control(text, gaz) == []


def test_the_factions_are_rebels(gaz):
    # "the factions" of translated Arabic reports: the armed opposition
    assert control("It is said that the factions still hold Sukkari.", gaz) == [
        ("sukkari", "rebel", "assertion")
    ]


def test_the_sdf_which_have_held(gaz):
    text = "The Kurdish-led SDF, which has held Sheikh Maqsoud since 2012, stayed out of the battle."
    assert control(text, gaz) == [("sheikh_maqsoud", "kurdish", "assertion")]


@pytest.mark.parametrize(
    "text",
    [
        "Sheikh Saeed remains contested, the monitor said.",
        "Both sides claim Sheikh Saeed, which is still contested.",
        "Fighting went on in the contested district of Sheikh Saeed.",
        "Sheikh Saeed remained hotly contested on Sunday.",
    ],
)
def test_contested(gaz, text):
    assert control(text, gaz) == [("sheikh_saeed", "contested", "assertion")]


@pytest.mark.parametrize(
    "text",
    ["The claims about Sheikh Saeed are contested by the army.", "A contested report named Sheikh Saeed."],
)
def test_a_contested_claim_is_no_contested_place(gaz, text):
    assert control(text, gaz) == []


@pytest.mark.parametrize(
    "text",
    [
        "Turkish jets struck targets in IS-held al-Bab on Sunday.",
        "Thousands remain trapped in IS-controlled al-Bab.",
        "Shelling hit IS-held areas of al-Bab overnight.",
    ],
)
def test_is_held(gaz, text):
    assert ("al_bab", "isis", "assertion") in control(text, gaz)


def test_the_verb_is_is_no_side(gaz):
    assert control("The town of al-Bab is held firmly, Ankara said.", gaz) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sheikh Maqsoud has stayed under the control of the Units since 2012.",
        "The neighbourhood of Sheikh Maqsoud, held by the Units, was calm.",
        "Sheikh Maqsoud is under the control of the People's Protection Units.",
    ],
)
def test_the_units_are_the_ypg(gaz, text):
    assert control(text, gaz) == [("sheikh_maqsoud", "kurdish", "assertion")]


def test_units_of_an_army_division_are_not_the_ypg(gaz):
    text = "Sheikh Maqsoud came under the control of the units of the Fourth Division."
    assert ("sheikh_maqsoud", "kurdish", "assertion") not in control(text, gaz)


# -- incidents -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday gunmen took away at least 30 men at a checkpoint in Ramouseh.",
        "Militiamen stopped a bus in Ramouseh on Sunday and took away dozens of young men.",
        "Twelve men were taken away by soldiers in Ramouseh on Sunday, relatives said.",
    ],
)
def test_took_away_men_is_an_abduction(gaz, text):
    assert events(text, gaz) == [("ramouseh", "Abduction/forced disappearance")]


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday looters took away furniture from homes in Ramouseh.",
        "Ambulances took away the bodies in Ramouseh on Sunday.",
    ],
)
def test_took_away_things_is_no_abduction(gaz, text):
    assert "Abduction/forced disappearance" not in subs(text)


@pytest.mark.parametrize(
    "text",
    [
        "Militants burned two captured soldiers alive near Dabiq on Sunday.",
        "Two prisoners were burnt alive in Dabiq on Sunday, activists said.",
        "A video showed a captive being burned to death in Dabiq.",
    ],
)
def test_burnt_alive_is_an_attack_not_looting(text):
    found = subs(text)
    assert "Attack" in found and "Looting/property destruction" not in found


def test_burnt_buildings_are_still_looting():
    assert subs("Buses were burned in Ramouseh on Sunday.") == ["Looting/property destruction"]


@pytest.mark.parametrize(
    "text",
    [
        "A massacre was committed in Hanano on Sunday when artillery shells hit fleeing families.",
        "Regime shelling killed 12 people in Hanano on Sunday, a massacre, activists said.",
        "Activists called the air strikes on Hanano on Sunday a massacre.",
    ],
)
def test_a_massacre_by_shelling_is_one_explosion_event(gaz, text):
    evs = events(text, gaz)
    assert [s for _, s in evs if s == "Attack"] == []
    assert len(evs) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Militiamen committed a massacre in Hanano on Sunday, activists said.",
        # the massacre and the shelling in two clauses: two events
        "Militiamen massacred 20 men in Hanano on Sunday; shelling also hit Sakhour.",
    ],
)
def test_a_massacre_alone_is_an_attack(gaz, text):
    assert ("hanano", "Attack") in events(text, gaz)


def test_a_massacre_does_not_drop_an_execution_beside_shelling(gaz):
    subs_ = subs("Troops executed nine men in Hanano on Sunday as shells fell on the district.")
    assert "Attack" in subs_


@pytest.mark.parametrize(
    "text",
    [
        "Rebels pushed into al-Bab on Sunday.",
        "Turkish-backed fighters fought for a hill outside al-Bab on Sunday.",
        "On Sunday rebels were pushed into a corner of the Old City after heavy fighting.",
    ],
)
def test_pushed_into_and_fought_for_are_clashes(gaz, text):
    assert "Armed clash" in [s for _, s in events(text, gaz)]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels in Hanano were pushed into a corner, an analyst wrote on Sunday.",
        "Rebels fought for years in Hanano.",
        "Rebels have fought for Hanano for months.",
    ],
)
def test_figures_of_speech_and_habits_are_no_clash(gaz, text):
    assert events(text, gaz) == []


def test_the_place_people_fled_from_is_no_scene(gaz):
    text = "On Sunday shells killed nine people in Sakhour as they were fleeing from the neighbourhood of Hanano."
    assert events(text, gaz) == [("sakhour", "Shelling/artillery/missile attack")]


def test_the_place_an_actor_holds_is_no_scene(gaz):
    text = "The SDF, which has held Tal Rifaat since February, shelled rebel positions in Marea on Tuesday."
    assert events(text, gaz) == [("marea", "Shelling/artillery/missile attack")]
    assert events("Rebels shelled Tal Rifaat on Tuesday.", gaz) == [
        ("tal_rifaat", "Shelling/artillery/missile attack")
    ]


def test_buses_taking_away_evacuees_is_no_abduction():
    text = "On Sunday buses took away the last fighters and civilians from Ramouseh."
    assert "Abduction/forced disappearance" not in subs(text)
