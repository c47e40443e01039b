"""Event cues and events, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_statements
from mapper.extract.event_lexicon import trigger_pattern
from mapper.extract.events import build_events, classify_events
from mapper.pipeline import read_sentence

PUB = date(2016, 11, 28)  # a Monday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def subs(text: str) -> list[str]:
    return [c.sub_event_type for c in classify_events(text)]


def events(text: str, gaz, **kw):
    ctx = read_sentence(text, PUB, article_id="t.txt", **kw)
    statements, _ = find_statements(ctx, gaz)
    return build_events(ctx, gaz, statements)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Helicopters dropped barrel bombs on the market.", "Air/drone strike"),
        ("Warplanes pounded the town at dawn.", "Air/drone strike"),
        ("Mortar rounds landed near the school.", "Shelling/artillery/missile attack"),
        ("A suicide car bomb struck the checkpoint.", "Suicide bomb"),
        ("A roadside bomb killed two soldiers.", "Remote explosive/landmine/IED"),
        ("Militiamen summarily executed nine men in the street.", "Attack"),
        ("Gunmen abducted a doctor as he left the clinic.", "Abduction/forced disappearance"),
        ("Security forces detained dozens of young men at the crossing.", "Arrests"),
        ("A truce was brokered by Moscow and Ankara.", "Agreement"),
        ("The aid convoy was turned back at the last checkpoint.", "Other"),
        ("Militiamen looted shops after the rebels left.", "Looting/property destruction"),
        ("Six buses were set on fire by armed men on the road.", "Looting/property destruction"),
        ("The houses of the returnees had been burnt down.", "Looting/property destruction"),
        ("There were reports that several evacuees were shot.", "Attack"),
        ("Residents protested against the siege.", "Peaceful protest"),
        ("Heavy clashes erupted on the southern front.", "Armed clash"),
    ],
)
def test_cue_types(text, expected):
    assert expected in subs(text)


def test_barrel_bomb_is_not_a_remote_explosive():
    assert subs("Barrel bombs were dropped on the bakery.") == ["Air/drone strike"]


def test_suicide_bombing_suppresses_ied():
    found = subs("A suicide bomber detonated a car bomb at the gate.")
    assert "Suicide bomb" in found and "Remote explosive/landmine/IED" not in found


@pytest.mark.parametrize(
    "text",
    [
        "The evacuation will be resumed tomorrow.",
        "No airstrikes were reported overnight.",
        "Officials threatened to shell the town.",
        "Residents fear a massacre if the army enters.",
        "Our correspondent says the sound of shelling has not stopped.",
    ],
)
def test_guarded_cues(text):
    assert subs(text) == []


def test_triggers_not_starting_with_a_letter_get_their_own_group_names():
    # "(?:...)" next to words starting with "m" in one rule: the two group names differ
    pattern, _ = trigger_pattern([["massacre", "(?:civilians|evacuees) were shot"]])
    assert pattern.search("several evacuees were shot") and pattern.search("a massacre")


def test_weak_cue_only_without_a_strong_one():
    assert subs("Artillery and bombing hit the district.") == ["Shelling/artillery/missile attack"]


def test_one_event_per_listed_district(gaz):
    evs = events("Air strikes hit Sukkari, Kalaseh and Ansari on Sunday, killing 9 people.", gaz)
    assert sorted(e.place_id for e in evs) == ["ansari", "kalaseh", "sukkari"]
    assert {e.sub_event_type for e in evs} == {"Air/drone strike"}
    assert sum(e.fatalities for e in evs) == 9
    assert {e.date for e in evs} == {date(2016, 11, 27)}
    assert {e.geo_precision for e in evs} == {1}


def test_district_wins_over_its_city(gaz):
    evs = events("Shelling hit the Hanano district of Aleppo on Saturday.", gaz)
    assert [e.place_id for e in evs] == ["hanano"]


def test_wide_area_has_precision_three(gaz):
    evs = events("Airstrikes pounded East Aleppo on Sunday.", gaz)
    assert [(e.place_id, e.geo_precision) for e in evs] == [("aleppo_east", 3)]


def test_near_a_place_has_precision_two(gaz):
    evs = events("Clashes broke out near al-Bab on Sunday.", gaz)
    assert [(e.place_id, e.geo_precision) for e in evs] == [("al_bab", 2)]


def test_places_abroad_never_carry_events(gaz):
    assert events("Protesters rallied in Moscow on Sunday.", gaz) == []


def test_no_place_no_event(gaz):
    assert events("Airstrikes killed four people on Sunday.", gaz) == []


def test_habitual_sentence_without_date_gives_nothing(gaz):
    assert events("Sukkari has been under daily bombardment for months.", gaz) == []


def test_toll_since_a_month_is_a_summary(gaz):
    assert (
        events("On Sunday monitors said shelling had killed 300 in Hanano since July.", gaz) == []
    )


def test_capture_becomes_government_regains_territory(gaz):
    evs = events("Regime troops recaptured Sakhour on Sunday after heavy clashes.", gaz)
    assert [(e.sub_event_type, e.place_id) for e in evs] == [
        ("Government regains territory", "sakhour")
    ]
    assert evs[0].event_type == "Battles"


def test_rebel_capture_is_non_state_overtakes(gaz):
    evs = events("Rebel fighters seized Dahiyet al-Assad on Sunday.", gaz)
    assert [e.sub_event_type for e in evs] == ["Non-state actor overtakes territory"]


def test_execution_names_perpetrator_and_civilians(gaz):
    evs = events("Pro-Assad forces executed eleven civilians in Kalaseh on Sunday.", gaz)
    assert len(evs) == 1
    ev = evs[0]
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack")
    assert ev.actor1 and ev.actor1 != "Civilians" and ev.actor2 == "Civilians"
    assert ev.fatalities == 11


def test_agreement_over_listed_districts_is_one_event(gaz):
    evs = events("A deal was agreed on Sunday for Sukkari, Kalaseh and Ansari.", gaz)
    assert len([e for e in evs if e.sub_event_type == "Agreement"]) == 1


def test_sources_point_at_the_sentence(gaz):
    text = "Mortar fire hit Hanano on Sunday."
    (ev,) = events(text, gaz)
    (src,) = ev.sources
    assert (
        src.sentence == text and (src.start, src.end) == (0, len(text)) and src.article == "t.txt"
    )


def test_handover_is_a_non_violent_transfer_not_a_battle(gaz):
    evs = events("The Kurds handed over Sheikh Maqsoud to the government on Sunday.", gaz)
    assert [e.sub_event_type for e in evs] == ["Non-violent transfer of territory"]


def test_infinitive_is_an_aim():
    assert subs("Officials threatened to shell the town.") == []
    assert subs("The militia began to loot the shops.") == []


# -- deals, futures, background --------------------------------------------------------


def test_a_deal_only_named_is_no_agreement():
    assert "Agreement" not in subs("Moscow vetoed the ceasefire proposal for Aleppo.")
    assert "Agreement" not in subs("The militias breached the truce in Aleppo within hours.")
    assert "Agreement" in subs("A ceasefire was announced for Aleppo on Sunday.")
    assert "Agreement" in subs("Both sides agreed a truce covering the Old City.")


def test_a_cue_followed_by_a_future_is_no_event():
    assert subs("Air strikes on the town are expected to resume tomorrow.") == []
    assert subs("Air strikes on the town resumed at dawn.") == ["Air/drone strike"]


def test_an_incident_weeks_before_the_report_is_background(gaz):
    assert events("Turkish warplanes first bombed al-Bab on October 2.", gaz) == []
    evs = events("Turkish warplanes bombed al-Bab on Sunday.", gaz)
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Air/drone strike", "al_bab")]


def test_a_capture_dated_to_a_month_is_still_a_territory_event(gaz):
    evs = events("Government forces retook Palmyra in March.", gaz)
    assert [(e.sub_event_type, e.place_id, e.date_precision) for e in evs] == [
        ("Government regains territory", "palmyra", "period")
    ]


def test_recaptured_districts_as_adjective_is_no_capture_of_the_whole(gaz):
    evs = events(
        "Witnesses described shootings in recaptured east Aleppo districts on Sunday.", gaz
    )
    assert "aleppo_east" not in {e.place_id for e in evs if e.event_type == "Battles"}


# -- where: sources, origins, causes, nearest place ----------------------------------------


def test_a_based_source_is_not_the_scene(gaz):
    evs = events("A Raqqa-based monitor said clashes broke out in Manbij on Sunday.", gaz)
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Armed clash", "manbij")]


def test_the_place_people_fled_is_not_the_scene(gaz):
    evs = events(
        "A family that fled Hanano on Sunday said militiamen detained their son in Jibreen.", gaz
    )
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Arrests", "jibreen")]


def test_the_cause_of_a_protest_is_not_its_place(gaz):
    evs = events(
        "Crowds rallied in Idlib city on Sunday in solidarity with the people of Aleppo.", gaz
    )
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Peaceful protest", "idlib")]


def test_single_place_cue_takes_the_nearest_place(gaz):
    evs = events(
        "Shelling hit Sukkari on Sunday, and militiamen turned back the aid convoy at the "
        "Ramouseh crossing.",
        gaz,
    )
    assert ("Other", "ramouseh") in {(e.sub_event_type, e.place_id) for e in evs}
    assert ("Other", "sukkari") not in {(e.sub_event_type, e.place_id) for e in evs}


def test_held_since_does_not_make_an_arrest_a_summary(gaz):
    evs = events(
        "In Manbij, controlled by the SDF since August, police detained five men on Sunday.", gaz
    )
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Arrests", "manbij")]
    assert events("Jets have killed 300 people in Manbij since August.", gaz) == []


def test_obstacles_are_no_explosion(gaz):
    assert events("The advance on al-Bab was slowed by trenches and landmines.", gaz) == []


def test_advancing_into_a_district_is_a_clash(gaz):
    evs = events("Regime troops pushed into Sheikh Saeed on Sunday.", gaz)
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Armed clash", "sheikh_saeed")]


def test_a_strike_alone_is_from_the_air_when_dated(gaz):
    evs = events("Five people died in Maadi on Sunday after a strike on their street.", gaz)
    assert [(e.sub_event_type, e.place_id) for e in evs] == [("Air/drone strike", "maadi")]


def test_cues_read_the_same_in_any_case():
    text = "Warplanes STRUCK a Market and Shelling hit the clinic."
    found = classify_events(text)
    assert [c.sub_event_type for c in found] == [
        c.sub_event_type for c in classify_events(text.lower())
    ]
    assert {c.trigger for c in found} & {"STRUCK", "Shelling"}  # as written
    for c in found:
        assert text[c.start : c.end] == c.trigger


def test_cues_survive_a_length_changing_lower_case():
    plain = "A car bomb exploded near the Istanbul road, killing six."
    dotted = plain.replace("Istanbul", "İstanbul")
    assert len(dotted.lower()) != len(dotted)
    assert subs(plain) == subs(dotted) and subs(plain)


def test_classify_events_returns_a_fresh_list():
    first = classify_events("Helicopters dropped barrel bombs on the market.")
    first.clear()
    assert classify_events("Helicopters dropped barrel bombs on the market.")
