"""Tagging place names in running text: folded matching and its guards."""

import pytest

from gazetteer.matcher import PlaceTagger
from gazetteer.places import load_gazetteer
from gazetteer.resolve import resolve_hits


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(user_layer=False)


@pytest.fixture(scope="module")
def tagger(gaz):
    return PlaceTagger(gaz)


def ids(tagger, gaz, text):
    return [(r.surface, r.place_id) for r in resolve_hits(tagger.tag(text), gaz, text)]


def test_unseen_spellings_in_text(tagger, gaz):
    text = "Shelling hit Shaikh Sa'iid and al-Zibdiyah overnight, then Kallasa and Salheen."
    found = dict(ids(tagger, gaz, text))
    assert found["Shaikh Sa'iid"] == "sheikh_saeed"
    assert found["al-Zibdiyah"] == "zebdiyeh"
    assert found["Kallasa"] == "kalaseh"
    assert found["Salheen"] == "salhin"


def test_offsets_match_surface(tagger):
    text = "Troops entered as-Sukkari; residents fled al-Mash'had for Bab al-Nairab."
    for hit in tagger.tag(text):
        assert text[hit.start:hit.end] == hit.surface


def test_plain_words_are_not_places(tagger):
    text = ("Bana said the halk of the bab was quiet. Is that so? The sale went ahead. "
            "Sha'arawi wrote that shaar is a word. He said the Eis cream melted.")
    assert tagger.tag(text) == []


def test_guarded_names_match_with_article_or_kind_word(tagger, gaz):
    text = "Clashes in al-Halk and the Halk district; the Turkish push on al-Bab."
    found = [p for _, p in ids(tagger, gaz, text)]
    assert found.count("halak") == 2
    assert "al_bab" in found


def test_longest_name_wins(tagger, gaz):
    found = ids(tagger, gaz, "Barrel bombs fell on Bab al-Nairab and Tariq al-Bab.")
    assert [p for _, p in found] == ["bab_al_nairab", "tariq_al_bab"]


def test_lowercase_words_are_not_names(tagger):
    # A capitalised name is required; lower-case common words never start one.
    assert tagger.tag("the homs of the idlib") == []


def test_arabic_script_with_and_without_article(tagger, gaz):
    found = [p for _, p in ids(tagger, gaz, "قصف على حي الشيخ مقصود و الشيخ سعيد")]
    assert found == ["sheikh_maqsoud", "sheikh_saeed"]


def test_kind_word_resolves_city_or_province(tagger, gaz):
    found = dict(ids(tagger, gaz, "Fighting in Idlib Province, and in Aleppo city."))
    assert found["Idlib Province"] == "idlib_province"
    assert found["Aleppo city"] == "aleppo_city"


def test_places_abroad_are_recognised(tagger, gaz):
    found = dict(ids(tagger, gaz, "Talks in Geneva and Hamburg; Moscow disagreed."))
    assert {"Geneva", "Hamburg", "Moscow"} <= set(found)
    assert all(not gaz.get(p).on_map for p in found.values())


def test_short_names_match_but_short_english_words_do_not(tagger, gaz):
    found = [p for _, p in ids(tagger, gaz, "Buses left Foua and Fuaa; حلب was quiet; Nil and Ray spoke.")]
    assert found == ["al_fuah", "al_fuah", "aleppo_city"]
