"""Wordings of the voices added with c31-c34, on sentences written for these tests.

An analyst's map thread ("SAA capt. X", "W. Aleppo", "X is in SAA hands, and so are A
and B"), a siege diary whose paragraphs open with their day ("Monday 12 December. ...
this afternoon ..."), a long-read feature mixing history with the news ("captured the
hilltop village of X", "A and B, the two government-held villages in Idlib Province")
and a medical charity's release ("On Thursday 17 November ...").  None of these
sentences is taken from the reports.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import PUB, events, rows, statements

from mapper.extract.dates import resolve_clauses
from mapper.extract.reader import extract_article
from mapper.pipeline import read_sentence
from mapper.records import Article


def places(text: str) -> list[tuple[str, str]]:
    return [(text[p.start : p.end], p.place.id) for p in read_sentence(text, PUB, article_id="t.txt").places]


# --------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mortars fell on W. Aleppo again.", [("W. Aleppo", "aleppo_west")]),
        ("Shelling hit the western neighbourhoods of Aleppo at dusk.",
         [("western neighbourhoods of Aleppo", "aleppo_west")]),
        ("Jets struck the eastern districts of Aleppo.", [("eastern districts of Aleppo", "aleppo_east")]),
        # the district's bare name, capitalised, is the district ("Sha'ar" without its article)
        ("Families fled from Shaar towards the south.", [("Shaar", "sha_ar")]),
        ("A convoy left Gaziantep for the border.", [("Gaziantep", "gaziantep")]),
    ],
)
def test_spellings_of_a_thread_and_a_dateline(text, expected):
    assert places(text) == expected


# --------------------------------------------------------------- an analyst's shorthand


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Overnight the SAA capt. Sukkari after heavy fighting.", [("sukkari", "regime")]),
        ("YPG recapt. Sheikh Fares (local sources).", [("sheikh_fares", "kurdish")]),
    ],
)
def test_capt_is_captured(gaz, text, expected):
    assert rows(text, gaz) == expected


def test_the_rank_capt_takes_nothing(gaz):
    assert statements("Capt. Omar, an army officer, was wounded near Sukkari.", gaz) == []


# --------------------------------------------------------------- "and so are A and B"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kalaseh is in rebel hands, and so are Sukkari & Bustan al-Qasr.",
         [("bustan_al_qasr", "rebel"), ("kalaseh", "rebel"), ("sukkari", "rebel")]),
        ("Tariq al-Bab is now under army control, as are Jazmati and Karm al-Tarrab.",
         [("jazmati", "regime"), ("karm_al_tarrab", "regime"), ("tariq_al_bab", "regime")]),
    ],
)
def test_and_so_are_extends_a_holding(gaz, text, expected):
    assert sorted((p, to) for _, p, to in statements(text, gaz)) == expected


# --------------------------------------------------------------- descriptions before a name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels overran the frontline village of Khan Tuman on Friday.", [("khan_touman", "rebel")]),
        ("The army stormed the strategic hilltop village of Handarat.", [("handarat", "regime")]),
    ],
)
def test_an_adjective_before_the_kind_of_place(gaz, text, expected):
    assert rows(text, gaz) == expected


# --------------------------------------------------------------- "-held villages in a province"


def test_held_villages_in_a_province_are_the_villages(gaz):
    text = "Rockets hit Nubl and Zahraa, the two government-held towns in Aleppo Province, on Friday."
    got = statements(text, gaz)
    assert ("assertion", "nubl", "regime") in got and ("assertion", "zahraa_town", "regime") in got
    assert all(p != "aleppo_province" for _, p, _ in got)


def test_held_villages_in_a_province_never_hold_the_province(gaz):
    assert statements("Jets bombed rebel-held villages in Idlib Province.", gaz) == []


def test_held_districts_of_a_city_still_list_them(gaz):
    got = statements("Jets bombed the rebel-held districts of Sukkari and Kalaseh.", gaz)
    assert got == [("assertion", "kalaseh", "rebel"), ("assertion", "sukkari", "rebel")]


# --------------------------------------------------------------- a weekday before an explicit day


@pytest.mark.parametrize(
    "text, expected",
    [
        # the report is of Tuesday 13 December: the Wednesday before it is the 7th
        ("On Wednesday 30 November shells hit the market.", "2016-11-30"),
        ("Shells hit the market on Wednesday, 30 November.", "2016-11-30"),
        ("On Thursday, November 24, shells hit the market.", "2016-11-24"),
        ("On Wednesday shells hit the market.", "2016-12-07"),
    ],
)
def test_a_weekday_before_its_date_is_that_date(text, expected):
    when, _, _ = resolve_clauses(text, date(2016, 12, 13))
    assert when.date.isoformat() == expected


# --------------------------------------------------------------- a diary's dated paragraphs

_DIARY = (
    "Saturday 3 December. Rockets fell on Sukkari this morning; the neighbours buried two.\n\n"
    "Thursday 8 December. Yesterday the army took Kalaseh. Tonight we hear fighting in Sukkari.\n\n"
    "Today the rebels shelled Hamdaniyeh."
)


def _diary() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    out = extract_article(Article("t", "", _DIARY, date(2016, 12, 13)))
    changes = {c.place_id: c.date.isoformat() for c in out.changes}
    events = {(e.place_id, e.sub_event_type): e.date.isoformat() for e in out.events}
    return changes, events


def test_a_paragraph_headed_by_its_day_counts_from_that_day():
    changes, found = _diary()
    assert found[("sukkari", "Shelling/artillery/missile attack")] == "2016-12-03"
    assert changes["kalaseh"] == "2016-12-07"  # "yesterday" of the 8th
    assert found[("sukkari", "Armed clash")] == "2016-12-08"  # "tonight" of the 8th


def test_a_paragraph_without_its_day_counts_from_the_report():
    _, found = _diary()
    assert found[("hamdaniyeh", "Shelling/artillery/missile attack")] == "2016-12-13"


def test_a_day_alone_is_not_a_heading_inside_a_paragraph():
    text = "The army moved in. Monday 12 December. Rockets fell on Sukkari this morning."
    found = {(e.place_id, e.sub_event_type): e.date.isoformat()
             for e in extract_article(Article("t", "", text, date(2016, 12, 13))).events}
    assert found[("sukkari", "Shelling/artillery/missile attack")] == "2016-12-13"


def test_events_of_a_dated_line_unchanged(gaz):
    # a sentence that carries its own date is read as before
    assert events("Sat 26 Nov: regime jets struck Sukkari.", gaz) == [("Air/drone strike", "sukkari")]


# --------------------------------------------------------------- soldiers standing in a place; "gov't"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("By nightfall the soldiers were in Kalaseh.", [("assertion", "kalaseh", "regime")]),
        ("Kurdish troops are now in Sheikh Maqsoud's southern streets.", [("assertion", "sheikh_maqsoud", "kurdish")]),
        ("A shell hit a bakery in gov't-held Hamdaniyeh.", [("assertion", "hamdaniyeh", "regime")]),
        ("Govt forces stormed Sukkari at dawn.", [("change", "sukkari", "regime")]),
    ],
)
def test_soldiers_in_a_place_and_govt(gaz, text, expected):
    assert statements(text, gaz) == expected


def test_soldiers_killed_in_a_place_hold_nothing(gaz):
    assert statements("Soldiers in Sukkari were killed by a mine.", gaz) == []


# --------------------------------------------------------------- a claim called false


@pytest.mark.parametrize(
    "text",
    [
        "Claims that the army has entered Sukkari are false.",
        # the gate before the pattern reads the words in any case, as the pattern does
        "Claims that the army has entered Sukkari are FALSE, a rebel spokesman said.",
        "Reports on Monday that rebels had retaken Kalaseh were untrue, the army said.",
        "Rumours that the YPG took Sheikh Fares are completely baseless.",
    ],
)
def test_a_change_inside_a_false_claim_is_none(gaz, text):
    assert statements(text, gaz) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Reports that the army entered Sukkari were confirmed on Monday.", [("change", "sukkari", "regime")]),
        ("The army entered Sukkari, and claims that it shelled a school are false.", [("change", "sukkari", "regime")]),
    ],
)
def test_a_change_outside_the_false_claim_stands(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Troops restored security to three quarters of Aleppo city.",
        "The army took two districts of eastern Aleppo.",
    ],
)
def test_a_count_before_the_kind_of_place_binds_no_whole(gaz, text):
    assert rows(text, gaz) == []
