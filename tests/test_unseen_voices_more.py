"""Wordings of the voices added with c19-c22, on sentences written for these tests.

A UN noon briefing (a reporter's question states nothing), a resistance-axis outlet
("cleansed the neighbourhoods of X of terrorists", "restored to the homeland", fighters
"besieged in a small pocket which includes A, B"), a rescue service's casualty table
("vacuum missiles", families sheltering "from X") and a think-tank assessment ("the
opposition retains A and B", "likely control X", "recaptured parts of X").  None of these
sentences is taken from the reports.
"""

from __future__ import annotations

import pytest
from sentence_checks import PUB, events, rows, statements

from mapper.extract.reader import extract_article
from mapper.extract.sentences import is_question
from mapper.records import Article

# -- changes and holdings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # "cleansed/cleaned/purged the districts of A and B (of ...)", like "cleared the quarters of"
        ("Troops cleansed the districts of Hanano and Jabal Badro of gunmen on Wednesday.",
         [("change", "hanano", "regime"), ("change", "jabal_badro", "regime")]),
        ("Rebel units purged the quarters of al-Sakhour and Haydariya of regime agents on Tuesday.",
         [("change", "haydariya", "rebel"), ("change", "sakhour", "rebel")]),
        # state media's "restored to the homeland", "returned to the embrace of the homeland"
        ("On Wednesday, the district of Karm al-Jabal was restored to the homeland.",
         [("change", "karm_al_jabal", "regime")]),
        ("Al-Haydariya returned to the embrace of the homeland on Tuesday.",
         [("change", "haydariya", "regime")]),
        # ... even when the fleeing side is named right after it
        ("Soldiers pushed into Sheikh Lutfi, which was restored to the homeland after the "
         "militants ran towards Marjeh.",
         [("change", "sheikh_lutfi", "regime")]),
        # the besieged side holds the pocket it is besieged in
        ("The militants are now trapped in a shrinking enclave which includes Zebdiyeh, "
         "al-Ansari and Sukkari.",
         [("assertion", "ansari", "rebel"), ("assertion", "sukkari", "rebel"),
          ("assertion", "zebdiyeh", "rebel")]),
        ("Rebel fighters are holed up in the last pocket of al-Mashhad.",
         [("assertion", "mashhad", "rebel")]),
        # an assessment's "retains", "likely control", "now hold"
        ("The opposition retains Bab al-Nairab, al-Maadi and the southern districts.",
         [("assertion", "bab_al_nairab", "rebel"), ("assertion", "maadi", "rebel")]),
        ("Government troops took Baedeen on Monday and likely control the al-Sakhour district.",
         [("assertion", "sakhour", "regime"), ("change", "baeedeen", "regime")]),
        ("Loyalist militias now hold Qadi Askar.", [("assertion", "qadi_askar", "regime")]),
    ],
)
def test_wordings_of_the_new_voices(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Civilians are trapped in a small pocket which includes Sukkari and al-Mashhad.",
        "Thousands of displaced families returned to their homeland in Hanano on Friday.",
        "Electricity was restored to Hanano on Friday.",
        "The rebels hope to retain Sukkari and al-Mashhad.",
    ],
)
def test_look_alikes_state_no_control(gaz, text):
    assert statements(text, gaz) == []


def test_a_neighbourhood_taken_in_parts_is_contested(gaz):
    assert rows("The rebels won back parts of Sheikh Saeed on Thursday.", gaz) == [
        ("sheikh_saeed", "contested")]
    assert rows("The rebels won back Sheikh Saeed on Thursday.", gaz) == [("sheikh_saeed", "rebel")]
    # "the neighbourhoods of A and B" names them whole
    assert rows("On Thursday the army seized the neighbourhoods of Sakhour and Hanano.", gaz) == [
        ("hanano", "regime"), ("sakhour", "regime")]


# -- questions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Question: Has al-Sakhour been retaken as well?", True),
        ("Q: Did the army take Bab al-Nairab last night?", True),
        ("\"Can anyone confirm the fall of Hanano?\"", True),
        ("Who holds Tariq al-Bab now?", True),
        ("Aleppo's North Fell in Three Days: Why Did the Defences Collapse?", False),
        ("The army took Hanano.", False),
        ("Hanano fell?", False),
    ],
)
def test_direct_questions(text, expected):
    assert is_question(text) is expected


def test_a_question_in_a_briefing_is_no_control_change():
    text = ("Question: Has the army retaken al-Sakhour, too?\n\n"
            "Spokesman: We understand that the army retook Haydariya on Thursday.\n")
    out = extract_article(Article("a.txt", "a.txt", text, PUB))
    assert {(c.place_id, c.to) for c in out.changes} == {("haydariya", "regime")}
    assert {e.place_id for e in out.events} == {"haydariya"}


# -- events --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # an air force with a verb of striking
        ("The Syrian air force pounded Kafr Nabl and Saraqib on Thursday.",
         [("Air/drone strike", "kafrnabel"), ("Air/drone strike", "saraqib")]),
        # weapons only aircraft drop are no shelling, though "missiles" is in the name
        ("On Thursday thermobaric missiles hit al-Maadi.", [("Air/drone strike", "maadi")]),
        # where the displaced came from is not the scene
        ("On Thursday a warplane bombed a school in al-Maadi sheltering families from Sakhour.",
         [("Air/drone strike", "maadi")]),
        # a bomb made safe is no bombing; engineers at work clearing is no incident
        ("Army sappers dismantled three explosive devices in al-Kalaseh on Thursday.",
         [("Disrupted weapons use", "kalaseh")]),
        ("On Thursday engineers were dismantling explosive devices in al-Kalaseh.", []),
        # a crowd in the streets is a rally, whatever it is for
        ("Hundreds of residents took to the streets of Saraqib on Thursday to denounce the siege.",
         [("Peaceful protest", "saraqib")]),
        # the end of the fighting is no clash; fighting going on is one
        ("On Thursday a general said the fighting in Haydariya is over.", []),
        ("On Thursday the battle for Haydariya has ended, the army said.", []),
        ("On Thursday fighting raged in Haydariya for over six hours.", [("Armed clash", "haydariya")]),
        # a bomb that went off still is one
        ("On Thursday an explosive device went off in al-Kalaseh.",
         [("Remote explosive/landmine/IED", "kalaseh")]),
    ],
)
def test_events_of_the_new_voices(gaz, text, expected):
    assert events(text, gaz) == expected
