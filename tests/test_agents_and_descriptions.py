"""Who took a place, and what "the town" stands for, in wordings the blind reports showed.

The agent of a capture is its subject when a later "by ..." names a helper
("..., escorted by army tanks") or belongs to the verb of another clause ("...,
weeks after they had been pushed out by the rebels").  A description ("the town",
"the district") points back at a place named earlier in its own sentence too, and
then stands for it where it is written.  None of these sentences is taken from the
reports.
"""

from __future__ import annotations

import pytest
from sentence_checks import PUB, events, rows

from mapper.extract.anaphora import Antecedents
from mapper.extract.reader import extract_article
from mapper.pipeline import read_sentence
from mapper.records import Article


def article_rows(text: str) -> list[tuple[str, str]]:
    """(place, to) of the control rows of a short article (descriptions resolved)."""
    out = extract_article(Article("t.txt", "t.txt", text + "\n", PUB))
    return sorted((c.place_id, c.to) for c in out.changes)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a helper after "by": the subject took the place
        ("YPG units seized Sheikh Fares at dawn, escorted by pro-government militiamen.",
         [("sheikh_fares", "kurdish")]),
        ("The rebels overran al-Sakhour on Friday, aided by Turkish-backed fighters.",
         [("sakhour", "rebel")]),
        ("Kurdish fighters captured Hanano overnight, covered by army tanks.",
         [("hanano", "kurdish")]),
        # the "by" of another clause's verb: the subject took the place
        ("The rebels recaptured Jabal Badro on Friday, a month after they had been pushed out by the army.",
         [("jabal_badro", "rebel")]),
        # still the agent: a plain passive
        ("Hanano was captured on Sunday by the army.", [("hanano", "regime")]),
        ("Jabal Badro was retaken late on Friday by Kurdish fighters.", [("jabal_badro", "kurdish")]),
    ],
)
def test_the_agent_is_not_a_helper_nor_another_verbs_by(gaz, text, expected):
    assert rows(text, gaz) == expected


def test_a_relative_clause_keeps_its_by_to_itself(gaz):
    # the capture by government troops is the relative clause's own (history) statement
    found = rows("IS fighters took back Palmyra, which had been wrested from them by "
                 "government troops in March.", gaz)
    assert ("palmyra", "isis") in found


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the town" after the name in the same sentence says who holds it
        ("Rebel units got to the edge of Manbij on Tuesday but could not break into the town, "
         "which remains under Kurdish control.", [("manbij", "kurdish")]),
        # "the district": the last district named before it, not an earlier one
        ("Having cleared Hanano, army units pushed on into al-Sakhour and secured the district "
         "by dusk.", [("sakhour", "regime")]),
    ],
)
def test_a_description_points_back_within_its_sentence(text, expected):
    assert article_rows(text) == expected


def _described(text: str) -> list[str]:
    """Places the descriptions of one sentence stand for."""
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found = Antecedents().resolve(text, ctx.places)
    return [r.place.id for r in found if r.rule == "anaphora"]


def test_only_a_clear_antecedent_in_the_sentence():
    assert _described("Troops entered al-Sakhour and held the district all night.") == ["sakhour"]
    # two districts in one list: which one?
    assert _described("Troops shelled Hanano and al-Sakhour, then entered the district.") == []
    # an apposition right after the name adds nothing
    assert _described("Troops reached Manbij, the town north of Aleppo, on Monday.") == []


# -- where an incident goes -----------------------------------------------------



def article_events(text: str) -> list[tuple[str, str]]:
    out = extract_article(Article("t.txt", "t.txt", text + "\n", PUB))
    return sorted((e.sub_event_type, e.place_id) for e in out.events)


@pytest.mark.parametrize(
    "text, expected",
    [
        # where an advance sets out from is not where the fighting is
        ("Fierce fighting on Thursday as the army pushed to advance from the Hanano side toward "
         "Sheikh Khodr.", [("Armed clash", "sheikh_khodr")]),
        ("Clashes broke out in Jabal Badro after rebels attacked from the al-Sakhour direction.",
         [("Armed clash", "jabal_badro")]),
        # ... also with the target between the verb and "from"
        ("Clashes raged after rebel units stormed army positions in Hanano from al-Sakhour.",
         [("Armed clash", "hanano")]),
        # every place of a list after "positioned in" is where the gunners sit
        ("Militants entrenched in al-Ansari, Sukkari and al-Mashhad fired mortars at Hamdaniyah, "
         "wounding four.", [("Shelling/artillery/missile attack", "hamdaniyeh")]),
    ],
)
def test_origins_are_not_scenes(gaz, text, expected):
    assert events(text, gaz) == expected


def test_a_city_listed_with_a_town_is_hit_too(gaz):
    assert events("Warplanes pounded Saraqib and Idlib city on Sunday, killing nine.", gaz) == [
        ("Air/drone strike", "idlib"), ("Air/drone strike", "saraqib")]
    # but not a city only said to be near the town
    assert events("Warplanes pounded Saraqib, near Idlib, on Sunday.", gaz) == [
        ("Air/drone strike", "saraqib")]


def test_the_area_stands_for_a_place_of_its_own_sentence_only():
    # "stormed the area" is the capture of the district the sentence named
    assert article_events("Rebels lost their last post in Hanano when the army stormed the area "
                          "at dawn.") == [("Government regains territory", "hanano")]
    # two sentences on, "the area" may be anything: no place, no event
    assert article_events("Rebels held Hanano for years. Then the army stormed the area.") == []


def test_a_present_state_is_an_assertion_not_a_capture():
    # "X is now under Y control" says who holds X, not that (or when) it changed hands:
    # a control row of kind assertion, and no territory incident
    out = extract_article(Article("t.txt", "t.txt", "Sheikh Khodr is now under army control.\n", PUB))
    assert [(c.place_id, c.to, c.kind) for c in out.changes] == [("sheikh_khodr", "regime", "assertion")]
    assert out.events == ()
