"""'The town', 'the district': a description stands for the place of its kind named just before."""

from __future__ import annotations

from datetime import date

from mapper.extract.anaphora import find_descriptions
from mapper.extract.reader import extract_article
from mapper.records import Article


def _read(text: str):
    return extract_article(Article("a.txt", "a.txt", text, date(2016, 12, 20)))


def _event_places(text: str, sub: str) -> set[str]:
    return {e.place_id for e in _read(text).events if e.sub_event_type == sub}


def test_descriptions_found_with_their_kinds():
    found = find_descriptions("Shells fell on the town, then on this district and the Neighbourhood.")
    assert [kinds for _, _, kinds in found] == [
        frozenset({"town", "village"}),
        frozenset({"district", "old_city_quarter"}),
        frozenset({"district", "old_city_quarter"}),
    ]
    assert find_descriptions("Fighters entered the town of Atarib and the district council met.") == []
    assert find_descriptions("Downtown streets and districts were quiet.") == []


def test_a_town_named_in_the_sentence_before_is_the_scene():
    text = ("Turkish-backed fighters reached the edge of al-Bab on Monday.\n\n"
            "Heavy clashes raged inside the town through the night, a monitor said.\n")
    assert "al_bab" in _event_places(text, "Armed clash")
    # The place only described is no mention: nobody wrote its name there.
    assert [m.surface for m in _read(text).mentions] == ["al-Bab"]


def test_a_district_named_before_in_the_same_sentence_counts_once():
    text = "Government troops stormed Hanano and held the district by nightfall.\n"
    assert [(c.place_id, c.to) for c in _read(text).changes] == [("hanano", "regime")]


def test_two_candidates_leave_the_description_unresolved():
    one = ("Rebels pulled back to al-Sakhour on Sunday.\n\n"
           "Clashes raged in the district on Monday, activists said.\n")
    assert _event_places(one, "Armed clash") == {"sakhour"}
    two = one.replace("back to al-Sakhour", "back from Hanano to al-Sakhour")
    assert _event_places(two, "Armed clash") == set()


def test_a_description_of_another_kind_or_too_far_back_finds_nothing():
    near = "Rebels pulled back to al-Sakhour. Clashes raged in the district, activists said.\n"
    assert _event_places(near, "Armed clash") == {"sakhour"}
    assert _event_places(near.replace("al-Sakhour", "Aleppo"), "Armed clash") == set()  # a city
    far = near.replace("al-Sakhour. ", "al-Sakhour. Aid was short. Prices rose. ")
    assert _event_places(far, "Armed clash") == set()
