"""Control changes and assertions, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.places import load_gazetteer
from mapper.extract.control import find_control, guarded, resolve_all_but
from mapper.pipeline import read_sentence

PUB = date(2016, 11, 28)  # a Monday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def rows(text: str, gaz, **kw):
    changes, pending = find_control(read_sentence(text, PUB, article_id="t.txt", **kw), gaz)
    return changes, pending


def summary(changes):
    return sorted((c.place_id, c.from_, c.to, c.kind) for c in changes)


def test_active_capture_by_regime(gaz):
    changes, _ = rows("Government troops recaptured the Hanano district on Sunday.", gaz)
    assert summary(changes) == [("hanano", "rebel", "regime", "change")]
    assert changes[0].date == date(2016, 11, 27)


def test_passive_capture_with_by_agent(gaz):
    changes, _ = rows("Jabal Badro was seized on Saturday by pro-Assad forces.", gaz)
    assert summary(changes) == [("jabal_badro", "rebel", "regime", "change")]
    assert changes[0].date == date(2016, 11, 26)


def test_rebels_withdrew_means_regime_takes(gaz):
    changes, _ = rows("Rebels withdrew from Sakhour overnight.", gaz)
    assert summary(changes) == [("sakhour", "rebel", "regime", "change")]


def test_rebel_advance_is_rebel_gain(gaz):
    changes, _ = rows("Opposition fighters captured Dahiyet al-Assad in a surprise attack.", gaz)
    assert {(c.from_, c.to) for c in changes} == {("regime", "rebel")}


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces are close to taking Sakhour.",
        "The army is on the verge of capturing Hanano.",
        "Loyalists hope to take Masakin Hanano within days.",
        "If rebels capture Sheikh Saeed, the siege would be broken.",
        "Pro-Assad forces failed to seize Sakhour.",
        "Capturing Hanano would be a turning point for the army.",
    ],
)
def test_intentions_and_conditions_are_not_changes(gaz, text):
    changes, pending = rows(text, gaz)
    assert changes == [] and pending == []


def test_guard_reads_only_the_words_before_the_verb():
    text = "Troops captured the hill, although they had hoped to advance further."
    assert not guarded(text, text.index("captured"), text.index("captured") + 8)
    text = "Troops hoped to capture the hill."
    assert guarded(text, text.index("capture"), text.index("capture") + 7)


def test_holding_out_lists_every_district(gaz):
    changes, _ = rows(
        "The opposition is still holding out in Sukkari, Kalaseh and Bustan al-Qasr.", gaz
    )
    assert summary(changes) == [
        ("bustan_al_qasr", "", "rebel", "assertion"),
        ("kalaseh", "", "rebel", "assertion"),
        ("sukkari", "", "rebel", "assertion"),
    ]


def test_apposition_last_rebel_held_district(gaz):
    changes, _ = rows("Ansari, one of the last rebel-held districts, was shelled again.", gaz)
    assert ("ansari", "", "rebel", "assertion") in summary(changes)


def test_adjective_binds_only_the_name_after_it(gaz):
    changes, _ = rows("Families fled from Sukkari to government-held Hamdaniyeh.", gaz)
    assert summary(changes) == [("hamdaniyeh", "", "regime", "assertion")]


def test_whole_old_city_expands_to_its_quarters(gaz):
    changes, _ = rows("Syrian troops took all of the Old City on Wednesday.", gaz)
    quarters = {p.id for p in gaz.expand("aleppo_old_city")}
    assert len(quarters) > 5
    assert {c.place_id for c in changes} == quarters
    assert {(c.from_, c.to, c.kind) for c in changes} == {("rebel", "regime", "change")}


def test_partial_statement_about_an_area_is_not_expanded(gaz):
    changes, _ = rows("Regime forces seized parts of east Aleppo on Sunday.", gaz)
    assert changes == []


def test_all_but_a_few_excludes_districts_still_held(gaz):
    area = gaz.get("aleppo_east")
    first, pending = rows(
        "Loyalist troops took all but a handful of districts on Monday.", gaz, context_area=area
    )
    assert first == [] and len(pending) == 1
    held, _ = rows("Rebels were holding out in Sukkari and Kalaseh on Monday.", gaz)
    out = resolve_all_but(pending, held, gaz)
    ids = {c.place_id for c in out}
    assert ids == {p.id for p in gaz.expand("aleppo_east")} - {"sukkari", "kalaseh"}
    assert {(c.from_, c.to) for c in out} == {("rebel", "regime")}


def test_subjectless_verb_takes_side_from_previous_sentence(gaz):
    changes, _ = rows(
        "Districts captured included Hanano and Jabal Badro.", gaz, context_sides=("regime",)
    )
    assert summary(changes) == [
        ("hanano", "rebel", "regime", "change"),
        ("jabal_badro", "rebel", "regime", "change"),
    ]


def test_reference_places_are_not_targets(gaz):
    changes, _ = rows("Pro-Assad forces captured Sakhour, near the border with Hanano.", gaz)
    assert [c.place_id for c in changes] == ["sakhour"]


def test_certainty_and_evidence_are_kept(gaz):
    changes, _ = rows("Activists claim that regime forces overran Sheikh Saeed on Sunday.", gaz)
    assert changes and changes[0].certainty == "claimed"
    assert changes[0].sentence.startswith("Activists claim") and changes[0].article == "t.txt"


def test_subject_pushing_the_other_side_out_wins(gaz):
    changes, _ = rows("The army pushed the rebels out of Jabal Badro on Monday.", gaz)
    assert summary(changes) == [("jabal_badro", "rebel", "regime", "change")]


def test_fell_to_a_side_named_by_a_word(gaz):
    changes, _ = rows("The district of Tariq al-Bab fell to loyalist troops on Saturday.", gaz)
    assert summary(changes) == [("tariq_al_bab", "rebel", "regime", "change")]


def test_assertion_about_a_whole_area_needs_a_whole_word(gaz):
    quarters = {p.id for p in gaz.expand("aleppo_old_city")}
    whole, _ = rows("The Old City is now fully under government control.", gaz)
    assert {c.place_id for c in whole} == quarters and {c.to for c in whole} == {"regime"}
    vague, _ = rows("Fighting raged on in the rebel-held Old City.", gaz)
    assert vague == []


def test_handover_goes_to_the_side_after_to(gaz):
    changes, _ = rows("The Kurds handed over Sheikh Maqsoud to the government on Sunday.", gaz)
    assert summary(changes) == [("sheikh_maqsoud", "kurdish", "regime", "change")]
