"""More armed groups of the Aleppo and northern fronts, each with its side (actors.csv)."""

from __future__ import annotations

import pytest

from mapper.extract.actors import find_actors


@pytest.mark.parametrize(
    "name, actor, side",
    [
        ("al-Jabha al-Shamiya", "Levant Front", "rebel"),
        ("Fatah Halab", "Opposition rebels", "rebel"),
        ("Sultan Murad Division", "Turkish-backed rebels", "turkish_backed_rebel"),
        ("Hamza Division", "Turkish-backed rebels", "turkish_backed_rebel"),
        ("Turkmen brigades", "Turkish-backed rebels", "turkish_backed_rebel"),
        ("Desert Hawks", "Syrian regime forces", "regime"),
        ("Kataib Hezbollah", "Iraqi Shia militias", "regime"),
        ("Hashd al-Shaabi", "Iraqi Shia militias", "regime"),
        ("Jaysh al-Thuwar", "Syrian Democratic Forces", "kurdish"),
        ("al-Qaeda", "Jabhat Fatah al-Sham", "rebel"),
    ],
)
def test_group_and_side(name, actor, side):
    found = find_actors(f"Fighters of {name} attacked Sakhour on Monday.")
    assert [(a.actor, a.side) for a in found] == [(actor, side)]


def test_a_named_kataib_hezbollah_is_not_lebanese_hezbollah():
    assert [a.actor for a in find_actors("Kataib Hezbollah shelled Sakhour.")] == ["Iraqi Shia militias"]
