"""Misreadings of incidents: who acted, where, and whether anything happened.

Sentences written for these tests in the style of wire reports and monitors'
tolls, each with near misses that must read otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_statements
from mapper.extract.events import build_events, classify_events
from mapper.pipeline import read_sentence

PUB = date(2016, 11, 28)  # a Monday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def events(text: str, gaz):
    ctx = read_sentence(text, PUB, article_id="t.txt")
    statements, _ = find_statements(ctx, gaz)
    return build_events(ctx, gaz, statements)


def readings(text: str, gaz) -> list[tuple[str, str, str, str]]:
    return [(e.sub_event_type, e.place, e.actor1, e.actor2) for e in events(text, gaz)]


# -- 1. the agent: a weapon names its side; a holder of a place is no agent --------


@pytest.mark.parametrize(
    "text, actor1",
    [
        ("Regime artillery shelled Sukkari and al-Shaar, districts still in rebel hands, "
         "on Sunday.", "Syrian regime forces"),
        ("Syrian artillery pounded al-Shaar on Sunday.", "Syrian regime forces"),
        ("Government gunners shelled Sukkari, which is under opposition control, on Sunday.",
         "Syrian regime forces"),
        ("Russian helicopters strafed the rebel-held town of Atarib on Sunday.", "Russian military"),
        ("Rebel mortars hit al-Hamdaniya, a government-held district, on Sunday.",
         "Opposition rebels"),
        ("Opposition rockets slammed into the regime-controlled district of al-Hamdaniya "
         "on Sunday.", "Opposition rebels"),
        ("Coalition warplanes struck Manbij on Sunday.", "US-led coalition"),
    ],
)
def test_a_weapon_names_its_side(gaz, text, actor1):
    found = events(text, gaz)
    assert found and {e.actor1 for e in found} == {actor1}


@pytest.mark.parametrize(
    "text",
    [
        "Jets bombed the town of Atarib, in the hands of the rebels, on Sunday.",
        "In rebel-held Sukkari, shelling killed five people on Sunday.",
        "Shelling killed four people in Sukkari, held by the rebels, on Sunday.",
        "Artillery pounded Sukkari, the last district under rebel control, on Sunday.",
    ],
)
def test_the_holder_of_a_place_is_not_the_agent(gaz, text):
    found = events(text, gaz)
    assert found and all(e.actor1 != "Opposition rebels" for e in found)


def test_the_holder_may_be_the_other_party(gaz):
    found = readings(
        "Government artillery pounded al-Shaar, one of the districts left in rebel hands, "
        "on Sunday.", gaz)
    assert found == [("Shelling/artillery/missile attack", "al-Sha'ar", "Syrian regime forces",
                      "Opposition rebels")]


@pytest.mark.parametrize(
    "text",
    [
        "A drone strike killed three militants in al-Bab on Sunday.",
        "Two soldiers were killed by a landmine near Palmyra on Sunday.",
        "A roadside bomb exploded near Palmyra on Sunday, wounding at least four soldiers.",
    ],
)
def test_the_target_is_not_the_agent(gaz, text):
    found = events(text, gaz)
    assert found and all(e.actor1 == "" and e.actor2 for e in found)


@pytest.mark.parametrize(
    "text, actor1",
    [
        ("Rebels shelled the government-held district of al-Hamdaniya on Sunday.",
         "Opposition rebels"),
        ("Regime forces shelled rebel positions in Sukkari on Sunday, killing five rebels.",
         "Syrian regime forces"),
        ("The army shelled Sukkari on Sunday.", "Syrian regime forces"),
    ],
)
def test_a_named_agent_still_acts(gaz, text, actor1):
    found = events(text, gaz)
    assert found and found[0].actor1 == actor1


# -- 2. a "where" clause owns its places --------------------------------------------


def test_a_where_clause_with_a_place_keeps_the_event(gaz):
    found = readings(
        "Insurgents still hold Sukkari, al-Shaar and Bustan al-Qasr, where fighting flared "
        "again on the Karm al-Tarrab front on Sunday.", gaz)
    assert [p for _, p, _, _ in found] == ["Karm al-Tarrab"]


def test_a_where_clause_without_a_place_refers_to_the_last_one(gaz):
    found = readings("Rebels hold Sukkari and al-Shaar, where clashes erupted on Sunday.", gaz)
    assert [p for _, p, _, _ in found] == ["al-Sha'ar"]


def test_a_cue_before_the_where_clause_keeps_its_own_places(gaz):
    found = readings(
        "Clashes broke out in Sukkari on Sunday, where the rebels also hold al-Shaar.", gaz)
    assert [p for _, p, _, _ in found] == ["al-Sukkari"]


def test_a_list_without_where_still_spreads(gaz):
    found = readings("Shelling hit Sukkari, al-Shaar and Bustan al-Qasr on Sunday.", gaz)
    assert len(found) == 3


# -- 3. a state is no event ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bomb-laden vehicles and suicide teams are in the town of al-Bab, a commander said "
        "on Sunday.",
        "Suicide bombers of the group are inside al-Bab, the army said on Sunday.",
        "Landmines were planted along the road to al-Bab on Sunday.",
        "Regime jets are stationed at the air base near Palmyra, a monitor said on Sunday.",
        "Car bombs have been placed at the entrances of al-Bab, the group said on Sunday.",
    ],
)
def test_a_means_that_is_present_is_no_event(gaz, text):
    assert events(text, gaz) == []


@pytest.mark.parametrize(
    "text, sub",
    [
        ("A suicide bomber blew himself up in al-Bab on Sunday.", "Suicide bomb"),
        ("Suicide teams stormed the town of al-Bab on Sunday.", "Suicide bomb"),
        ("Fighting was in full swing in Sukkari on Sunday.", "Armed clash"),
        ("Air strikes killed five people who were in the market of al-Bab on Sunday.",
         "Air/drone strike"),
    ],
)
def test_an_act_is_still_an_event(gaz, text, sub):
    assert sub in {e.sub_event_type for e in events(text, gaz)}


# -- 4. other wire-report wordings -------------------------------------------------------


@pytest.mark.parametrize(
    "text, sub",
    [
        ("A double-tap strike hit a market in Idlib on Sunday.", "Air/drone strike"),
        ("Militants attacked an army checkpoint near Palmyra on Sunday.", "Armed clash"),
        ("Gunmen opened fire on a military patrol near Palmyra on Sunday.", "Armed clash"),
        ("Militiamen stopped the buses at a checkpoint in Ramouseh on Sunday.", "Other"),
        ("Gunmen killed 12 civilians in Manbij on Sunday.", "Attack"),
    ],
)
def test_wire_wordings(gaz, text, sub):
    assert sub in {e.sub_event_type for e in events(text, gaz)}


@pytest.mark.parametrize(
    "text",
    [
        "Coalition air strikes killed 12 civilians in Manbij on Sunday.",
        "Russian jets killed 20 civilians in Idlib on Sunday, a monitor said.",
    ],
)
def test_civilians_killed_by_a_strike_are_the_strikes_toll(gaz, text):
    found = events(text, gaz)
    assert [e.sub_event_type for e in found] == ["Air/drone strike"]
    assert found[0].fatalities > 0


def test_gunmen_firing_on_civilians_is_still_an_attack_on_them():
    assert [c.sub_event_type for c in classify_events(
        "Gunmen opened fire on civilians near Palmyra on Sunday.")] == ["Attack"]


@pytest.mark.parametrize(
    "text, sub",
    [
        ("A bomb went off outside a bakery in Azaz on Sunday, killing six.",
         "Remote explosive/landmine/IED"),
        ("A motorcycle bomb struck a checkpoint in Azaz on Sunday.", "Remote explosive/landmine/IED"),
        ("Helicopter gunships pounded al-Bab on Sunday.", "Air/drone strike"),
        ("A relief convoy came under fire near Palmyra on Sunday.", "Attack"),
    ],
)
def test_more_wire_wordings(gaz, text, sub):
    assert [e.sub_event_type for e in events(text, gaz)] == [sub]


def test_an_islamic_state_fighter_is_not_a_rebel(gaz):
    found = events(
        "A roadside bomb planted by Islamic State militants killed three soldiers near Palmyra "
        "on Sunday.", gaz)
    assert [(e.actor1, e.actor2) for e in found] == [("Islamic State", "Syrian regime forces")]


@pytest.mark.parametrize(
    "text, places",
    [
        ("Hundreds rallied in Idlib on Sunday against the siege of Aleppo.", ["Idlib"]),
        ("Residents of Atarib demonstrated on Sunday against the bombing of Aleppo.",
         ["al-Atarib"]),
    ],
)
def test_what_a_protest_is_against_is_not_its_scene(gaz, text, places):
    assert [e.place for e in events(text, gaz)] == places


@pytest.mark.parametrize(
    "text",
    [
        "Residents of Atarib demonstrated on Sunday against the bombing of Aleppo.",
        "Hundreds took to the streets of Idlib on Sunday in protest at the shelling of Aleppo.",
    ],
)
def test_the_topic_of_a_protest_is_no_incident(gaz, text):
    assert {e.event_type for e in events(text, gaz)} == {"Protests"}


@pytest.mark.parametrize(
    "text, sub",
    [
        ("Rebels launched an attack against regime positions in Sukkari on Sunday.", "Armed clash"),
        ("A sniper from the eastern side killed a boy in Sukkari on Sunday.", "Attack"),
        ("Snipers on rooftops shot two women in Madaya on Sunday.", "Attack"),
    ],
)
def test_attacks_in_other_words(gaz, text, sub):
    assert [e.sub_event_type for e in events(text, gaz)] == [sub]


@pytest.mark.parametrize(
    "text",
    [
        "Regime air strikes on al-Bab were suspended on Sunday, a monitor said.",
        "Artillery fire on Sukkari ceased on Sunday as the truce took hold.",
        "Drones were spotted over al-Bab on Sunday.",
        "Russian jets flew low over Idlib on Sunday but did not strike.",
        "Calm returned to Sukkari on Sunday after days of fighting.",
    ],
)
def test_attacks_that_stopped_or_aircraft_seen_are_no_event(gaz, text):
    assert events(text, gaz) == []


@pytest.mark.parametrize(
    "text, sub",
    [
        ("Shelling stopped the evacuation of Sukkari on Sunday.", "Shelling/artillery/missile attack"),
        ("Jets struck al-Bab on Sunday and the strikes stopped only at dusk.", "Air/drone strike"),
    ],
)
def test_a_stop_with_an_object_is_still_an_act(gaz, text, sub):
    assert sub in {e.sub_event_type for e in events(text, gaz)}


# -- places shared by cues of different kinds in one clause -----------------------------


def test_each_cue_keeps_the_places_that_follow_it(gaz):
    found = readings(
        "Regime tanks shelled Sukkari and al-Shaar all morning, residents said, and gunmen "
        "turned back the aid convoy at the Ramouseh crossing on Sunday.", gaz)
    by_kind = {}
    for sub, place, _, _ in found:
        by_kind.setdefault(sub, []).append(place)
    assert by_kind == {
        "Shelling/artillery/missile attack": ["al-Sukkari", "al-Sha'ar"],
        "Other": ["al-Ramouseh"],
    }


def test_cues_named_together_share_their_places(gaz):
    found = readings("Air raids and artillery fire hit Sukkari and al-Shaar on Sunday.", gaz)
    assert sorted(found) == sorted([
        ("Air/drone strike", "al-Sukkari", "", ""), ("Air/drone strike", "al-Sha'ar", "", ""),
        ("Shelling/artillery/missile attack", "al-Sukkari", "", ""),
        ("Shelling/artillery/missile attack", "al-Sha'ar", "", ""),
    ])


# -- "pro-" and "anti-" qualify another noun ---------------------------------------------


def test_pro_regime_media_and_militias_are_named():
    from mapper.extract.actors import find_actors

    got = find_actors("Pro-government pages said pro-Assad gunmen and a pro-regime militia "
                      "moved in.", include_all=True)
    assert [(m.surface, m.actor) for m in got] == [
        ("Pro-government pages", "Pro-regime media"), ("pro-Assad gunmen", "Pro-regime forces"),
        ("pro-regime militia", "Pro-regime forces"),
    ]


@pytest.mark.parametrize(
    "text, actor1",
    [
        ("Insurgents denied claims by pro-regime pages that they had executed men fleeing "
         "Sukkari on Sunday.", "Opposition rebels"),
        # the crowd acts (ACLED's "Protesters"), not the government it is against
        ("Anti-government protesters marched in Idlib on Sunday.", "Protesters"),
    ],
)
def test_a_qualified_side_does_not_act(gaz, text, actor1):
    found = events(text, gaz)
    assert found and {e.actor1 for e in found} == {actor1}


def test_the_object_of_an_attack_is_not_its_agent(gaz):
    found = readings(
        "Islamic State militants stormed regime positions near Palmyra on Sunday.", gaz)
    assert found and found[0][2:] == ("Islamic State", "Syrian regime forces")
    found = readings("Jihadists attacked government positions near Palmyra on Sunday.", gaz)
    assert found and found[0][2] == "Islamic State"


@pytest.mark.parametrize(
    "text",
    [
        "A regime helicopter crashed near Palmyra on Sunday, state media said.",
        "A Russian jet was shot down near Palmyra on Sunday.",
    ],
)
def test_an_aircraft_lost_is_no_air_strike(gaz, text):
    assert "Air/drone strike" not in {e.sub_event_type for e in events(text, gaz)}


def test_sniper_fire_is_an_attack(gaz):
    found = events("A woman was killed by sniper fire in Madaya on Sunday.", gaz)
    assert [e.sub_event_type for e in found] == ["Attack"]
