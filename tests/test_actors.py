"""Actor mentions, normalised labels and sides (sentences written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract.actors import ActorMention, actor_sides, find_actors


def _a(sentence: str, **kw: bool) -> list[ActorMention]:
    got = find_actors(sentence, **kw)
    for m in got:
        assert sentence[m.start:m.end] == m.surface
    return got


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Pro-Assad militias and Afghan fighters of the Fatemiyoun advanced.",
     [("Pro-regime forces", "regime"), ("Afghan Shia militias", "regime"),
      ("Afghan Shia militias", "regime")]),
    ("Russian warplanes and Hezbollah units pressed the attack.",
     [("Russian military", "regime"), ("Hezbollah", "regime")]),
    ("The NDF and Iraqi militiamen of al-Nujaba held the road.",
     [("National Defence Forces", "regime"), ("Iraqi Shia militias", "regime"),
      ("Iraqi Shia militias", "regime")]),
    ("Fighters from Jabhat Fateh al-Sham and the Nureddin al-Zinki movement withdrew.",
     [("Jabhat Fatah al-Sham", "rebel"), ("Nour al-Din al-Zenki", "rebel")]),
    ("FSA units and Ahrar ash Sham regrouped.",
     [("Free Syrian Army", "rebel"), ("Ahrar al-Sham", "rebel")]),
    ("Daesh lost the town to Turkish-backed rebels.",
     [("Islamic State", "isis"), ("Turkish-backed rebels", "turkish_backed_rebel")]),
    ("The YPG and the wider SDF hold Sheikh Maqsoud.",
     [("YPG", "kurdish"), ("Syrian Democratic Forces", "kurdish")]),
    ("U.S.-led coalition jets hit the dam.", [("US-led coalition", "coalition")]),
    ("Residents, among them children and medics, sheltered in basements.",
     [("Civilians", "civilians")] * 3),
])
def test_actor_labels_and_sides(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.actor, m.side) for m in _a(sentence)] == expected


def test_acronyms_are_case_sensitive() -> None:
    assert _a("This is what is left of the town.") == []
    got = _a("IS fighters struck the SAA position.")
    assert [m.surface for m in got] == ["IS", "SAA"]


def test_longest_match_wins() -> None:
    got = _a("Syrian Arab Army tanks moved in.")
    assert [(m.surface, m.actor) for m in got] == [("Syrian Arab Army", "Syrian regime forces")]


def test_diplomats_and_media_are_not_armed_actors() -> None:
    s = "The Russian Foreign Minister and Iran's Al-Alam both praised the Syrian army."
    assert [m.surface for m in _a(s)] == ["Syrian army"]
    roles = {m.surface: m.role for m in _a(s, include_all=True)}
    assert roles["Russian Foreign Minister"] == "diplomat"
    assert roles["Iran's Al-Alam"] == "media"


def test_typographic_apostrophes_and_hyphens() -> None:
    got = _a("Assad’s troops and pro Assad forces entered.")
    assert [m.actor for m in got] == ["Syrian regime forces", "Pro-regime forces"]


def test_actor_sides_lists_labels() -> None:
    sides = actor_sides()
    assert sides["Hezbollah"] == "regime"
    assert sides["Islamic State"] == "isis"
    assert set(sides.values()) <= {"regime", "rebel", "kurdish", "isis", "turkish_backed_rebel",
                                   "coalition", "civilians"}


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(
    [" ", "IS", "is", "rebels", "Russian ", "Foreign ", "Minister", "-", "’s ", "pro", "Assad",
     "forces", "İ", "x"]), max_size=20).map("".join)))
def test_any_text_gives_valid_spans(text: str) -> None:
    edge = 0
    for m in find_actors(text, include_all=True):
        assert edge <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        edge = m.end


def test_descriptive_compounds_are_not_mentions() -> None:
    got = _a("Residents crossed into regime-held districts and the Kurdish-led SDF took others.")
    assert [m.surface for m in got] == ["Residents", "SDF"]
    got = _a("The regime held the road while Iranian-backed militias advanced.")
    assert [m.actor for m in got] == ["Syrian regime forces", "Iranian forces"]


def test_media_outlets_are_flagged() -> None:
    got = _a("A pro-Assad website said the army advanced.", include_all=True)
    assert [(m.surface, m.role) for m in got] == [("pro-Assad website", "media"),
                                                  ("the army", "armed")]
