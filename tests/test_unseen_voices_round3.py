"""Wordings of the voices added with c23-c26, on sentences written for these tests.

A pro-government military blog ("the SAA", "NDF", "militants fell back on X", "X and Y,
which remain in militant hands"), a state-agency bulletin ("restored security and
stability on Saturday to X", "established full control over X", "terrorist organizations
positioned in X fired on Y", "foiled an attempt by terrorist groups to infiltrate"), a
regional roundup ("the rebels now hold only a strip that includes A, B", "in IS hands",
an all-capital "DEIR EZ-ZOR." heading) and an activist's translated thread ("the Free
Army pulled out of X", "the PYD stormed X", "the revolutionaries withdrew to X", loose
spellings).  None of these sentences is taken from the reports.
"""

from __future__ import annotations

import pytest
from sentence_checks import PUB, events, rows

from mapper.pipeline import read_sentence


def places(text: str) -> list[str]:
    return [p.place.id for p in read_sentence(text, PUB, article_id="t.txt").places]


@pytest.mark.parametrize(
    "text, expected",
    [
        # unit names and short forms as side words
        ("By the evening al-Marjeh was under SAA control.", [("marjeh", "regime")]),
        ("Sources said Karm al-Tarrab is now firmly under NDF control.", [("karm_al_tarrab", "regime")]),
        # "the Free Army" is the rebels (not the "army" of the regime): it loses what it leaves
        ("The Free Army withdrew from Karm al-Myassar before dawn.", [("karm_al_myassar", "regime")]),
        # the PYD's fighters, in opposition usage, are the Kurds
        ("PYD gunmen took Sheikh Fares on Monday.", [("sheikh_fares", "kurdish")]),
        # the day between the cue and "to"
        (
            "Troops restored security and stability on Thursday to the quarters of Jazmati and Maadi.",
            [("jazmati", "regime"), ("maadi", "regime")],
        ),
        ("Units of the army established full control over Karm al-Dada on Friday.", [("karm_al_dada", "regime")]),
        # the side falls back on ground it still holds
        ("The rebels fell back on Sheikh Saeed after losing the hill.", [("sheikh_saeed", "rebel")]),
        ("The revolutionaries retreated into Sukkari and al-Mashhad.", [("mashhad", "rebel"), ("sukkari", "rebel")]),
        ("Opposition fighters withdrew to Bustan al-Qasr overnight.", [("bustan_al_qasr", "rebel")]),
        # ... and sits in it: "positioned in", "entrenched in"
        ("Terrorist groups entrenched in Zebdiyeh fired mortars at the university.", [("zebdiyeh", "rebel")]),
        # "hold only a pocket that includes A and B"
        (
            "The opposition still controls a narrow pocket which includes Ansari and Zebdiyeh.",
            [("ansari", "rebel"), ("zebdiyeh", "rebel")],
        ),
        # "in militant hands", "in IS hands"
        (
            "Salhin and Kalaseh, which stay in terrorist hands, were shelled.",
            [("kalaseh", "rebel"), ("salhin", "rebel")],
        ),
        ("Qabasin, still in IS hands, was bombed again.", [("qabasin", "isis")]),
    ],
)
def test_wordings_of_the_new_voices(gaz, text, expected):
    assert rows(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a direction is no holding; "fell back from" is a loss (another rule), "fell back" alone no place
        "The rebels withdrew to the south of Sukkari.",
        "The militants fell back in disorder.",
        # a state of mind, a hand that is not a side's
        "The decision is in the hands of the negotiators in Geneva.",
    ],
)
def test_look_alikes_state_no_holding(gaz, text):
    assert all(to != "rebel" for _, to in rows(text, gaz))


def test_the_shooters_place_is_no_target(gaz):
    # the fire falls on the place after "on", not where the gunmen sit
    got = events("Terrorist groups positioned in Zebdiyeh fired rocket shells on al-Midan.", gaz)
    assert ("Shelling/artillery/missile attack", "midan") in got
    assert ("Shelling/artillery/missile attack", "zebdiyeh") not in got


@pytest.mark.parametrize(
    "text, place",
    [
        ("Soldiers foiled an attempt by Nusra gunmen to infiltrate Sheikh Saeed at night.", "sheikh_saeed"),
        ("The NDF thwarted an infiltration bid in Layramoun on Thursday.", "layramoun"),
    ],
)
def test_an_attempt_beaten_off_is_a_clash(gaz, text, place):
    assert ("Armed clash", place) in events(text, gaz)


@pytest.mark.parametrize(
    "text, place",
    [
        ("Families fled from Hulluk overnight.", "halak"),
        ("Shelling hit Jabal Bedro again.", "jabal_badro"),
        ("Kurdish units entered Aynal Tal.", "ayn_al_tal"),
        ("DEIR EZ-ZOR: two soldiers were killed.", "deir_ez_zor"),
    ],
)
def test_loose_spellings(text, place):
    assert place in places(text)
