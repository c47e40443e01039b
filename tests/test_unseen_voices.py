"""Wordings and spellings of voices the corpus lacked (c15-c18), on sentences written for these tests.

A defence ministry's briefing ("freed from illegal armed formations", "cleared the quarters
of"), a Kurdish outlet's spellings ("Şêx Meqsûd", "Mesakin"), a timeline's historic present
("falls to", "pull out of"), and "protected by the YPG" as a statement of who holds a place.
None of these sentences is taken from the reports.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import PUB, statements

from mapper.extract.control import find_statements
from mapper.pipeline import read_sentence

# -- spellings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling, place",
    [
        ("Şêx Meqsûd", "sheikh_maqsoud"),
        ("Shex Meqsud", "sheikh_maqsoud"),
        ("SHEXMEQSUD", "sheikh_maqsoud"),
        ("Şêx Faris", "sheikh_fares"),
        ("Mesaken Hanano", "masaken_hanano"),
        ("Khmeimim", "hmeimim_airbase"),
        ("Shahba canton", "aleppo_province"),
    ],
)
def test_spellings_of_other_voices_are_found(gaz, spelling, place):
    assert gaz.lookup(spelling).place.id == place


def test_kurdish_spelling_is_tagged_in_running_text(gaz):
    s = read_sentence("Families from the east reached Şêx Meqsûd before dawn.", PUB, article_id="t.txt")
    assert [r.place.id for r in s.places] == ["sheikh_maqsoud"]


# -- changes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # a briefing's passive without an agent, the army named in the sentence before
        ("Government troops said the districts of Salaheddin and Ansari were freed from illegal armed groups.",
         [("change", "ansari", "regime"), ("change", "salaheddin", "regime")]),
        ("Syrian army units cleared the neighbourhoods of Maadi and Bab al-Nairab overnight.",
         [("change", "bab_al_nairab", "regime"), ("change", "maadi", "regime")]),
        ("By evening the army said Jandoul had been cleaned of militants.", [("change", "jandoul", "regime")]),
        # the historic present of a timeline
        ("Hanano falls to the army after a week of shelling.", [("change", "hanano", "regime")]),
        ("The rebels pull out of Sheikh Lutfi and fall back towards the river.",
         [("change", "sheikh_lutfi", "regime")]),
        ("Opposition fighters pulled back from Bab al-Nairab under heavy fire.",
         [("change", "bab_al_nairab", "regime")]),
        ("The rebels retreat from Maadi as the army advances.", [("change", "maadi", "regime")]),
        # who holds a place, told by who protects it
        ("Ashrafiyeh, defended by the YPG for years, was calm.", [("assertion", "ashrafiyeh", "kurdish")]),
        ("Jandoul is protected by the rebels.", [("assertion", "jandoul", "rebel")]),
        # state media's formula, in the passive
        ("The army announced that security had been restored to Sheikh Lutfi.", [("change", "sheikh_lutfi", "regime")]),
    ],
)
def test_other_wordings_of_control(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sappers cleared mines in Hanano on Friday.",
        "Volunteers cleared the rubble of the market in Maadi.",
        "The army said it would free Sheikh Lutfi within days.",
        "Prices in Ansari fall to half of last week's.",
        "Order was restored in the market after a brawl in Maadi.",
    ],
)
def test_look_alikes_are_no_control(gaz, text):
    assert [k for k in statements(text, gaz) if k[0] == "change"] == []


# -- a side word that labels the place taken names its holder, not its taker -----------


@pytest.mark.parametrize(
    "text, place, to",
    [
        ("Tariq al-Bab, long an opposition stronghold, was stormed before dawn.", "tariq_al_bab", "regime"),
        ("Maadi, the last rebel enclave south of the citadel, is overrun.", "maadi", "regime"),
        ("Jandoul, a government-held district, was seized in a surprise raid.", "jandoul", "rebel"),
        # a taker named besides the label still acts
        ("Rebel fighters captured Jandoul, a regime-held district.", "jandoul", "rebel"),
        ("The army took Maadi, a rebel bastion, on Monday.", "maadi", "regime"),
    ],
)
def test_a_labelled_holder_loses_the_place(gaz, text, place, to):
    assert [(k, p, t) for k, p, t in statements(text, gaz) if k == "change"] == [("change", place, to)]


# -- where the fire came from is not where it fell ---------------------------------------


def _event_places(text: str, gaz) -> list[tuple[str, str]]:
    from mapper.extract.events import build_events

    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return sorted((e.sub_event_type, e.place_id) for e in build_events(ctx, gaz, found))


@pytest.mark.parametrize(
    "text, place",
    [
        ("Mortar rounds fired from Bustan al-Basha hit homes in Sheikh Maqsoud on Friday.", "sheikh_maqsoud"),
        ("Rockets launched from the district of Ansari struck New Aleppo, killing two.", "new_aleppo"),
    ],
)
def test_the_origin_of_fire_is_no_scene(gaz, text, place):
    assert [p for _, p in _event_places(text, gaz)] == [place]


# -- a timeline's "Monday the 5th" ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        # (a weekday alone, in a report of 22 December, would be the 19th and the 17th)
        ("Monday the 5th: the army enters al-Sha'ar.", date(2016, 12, 5)),
        ("On Saturday the 3rd the road to the airport reopened.", date(2016, 12, 3)),
        # a numbered unit after a weekday stays no date of the month
        ("On Friday the 4th Division moved north.", date(2016, 12, 16)),
    ],
)
def test_weekday_and_ordinal_name_the_day(text, day):
    from mapper.extract.dates import resolve_date

    assert resolve_date(text, date(2016, 12, 22)).date == day


def test_the_aleppo_operations_room_is_no_place(gaz):
    s = read_sentence("Gunmen of Fateh Halab shelled al-Hamdaniyeh on Friday.", PUB, article_id="t.txt")
    assert [r.place.id for r in s.places] == ["hamdaniyeh"]
