"""Gazetteer lookup, hierarchy and alias hygiene."""

import csv

import pytest

from gazetteer.places import load_gazetteer, read_places
from mapper.errors import GazetteerError, PlaceNotFound


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(user_layer=False)


@pytest.mark.parametrize(
    "spelling,pid",
    [
        ("Shaykh Said", "sheikh_saeed"),
        ("Sheikh Sa'eed", "sheikh_saeed"),
        ("sheikh maqsoud", "sheikh_maqsoud"),
        ("al-Mashhad", "mashhad"),
        ("Mash'had", "mashhad"),
        ("al-Zibdiyeh", "zebdiyeh"),
        ("Salah al-Din", "salaheddin"),
        ("Salah-Eddin", "salaheddin"),
        ("Kallaseh", "kalaseh"),
        ("Salheen", "salhin"),
        ("Jalloum", "jaloum"),
        ("Foua", "al_fuah"),
        ("Bustan al-Qasr", "bustan_al_qasr"),
    ],
)
def test_spellings_resolve(gaz, spelling, pid):
    assert gaz.lookup(spelling).place.id == pid


def test_unseen_spelling_found_by_folding_with_score_and_alias(gaz):
    # Neither spelling is in the data as written; folding finds them.
    m = gaz.lookup("Shaikh Sa'iid")
    assert m.place.id == "sheikh_saeed"
    assert m.rule in ("folded", "skeleton") and m.score < 1.0
    assert m.alias in gaz.spellings(m.place)


def test_plain_words_never_resolve(gaz):
    for word in ("bab", "halk", "Eis", "said", "Bana"):
        assert gaz.find(word) == [], word
    with pytest.raises(PlaceNotFound):
        gaz.lookup("bab")


def test_every_alias_resolves_to_its_own_place(gaz):
    wrong = []
    for place in gaz.places:
        for spelling in gaz.spellings(place):
            ids = [m.place.id for m in gaz.find(spelling) if m.score >= 0.9]
            if ids and place.id not in ids:
                wrong.append((spelling, place.id, ids))
            if ids and ids[0] != place.id and gaz.get(ids[0]).id not in place.ambiguous_with:
                wrong.append((spelling, place.id, ids))
    assert not wrong, wrong[:10]


def test_no_folded_alias_shared_unless_marked_ambiguous(gaz):
    assert gaz.collisions() == {}


def test_hierarchy_district_to_country(gaz):
    chain = [p.id for p in gaz.ancestors("bustan_al_qasr")]
    assert chain[-3:] == ["aleppo_city", "aleppo_province", "syria"]
    assert chain[0] in ("aleppo_east", "aleppo_west", "aleppo_old_city")


def test_wholes_expand_to_their_districts(gaz):
    old_city = {p.id for p in gaz.expand("aleppo_old_city")}
    assert len(old_city) >= 15
    assert all(gaz.get(p).kind in ("district", "old_city_quarter") for p in old_city)
    east = {p.id for p in gaz.expand("aleppo_east")}
    assert "sukkari" in east and "bustan_al_qasr" in east
    assert gaz.expand("sukkari") == [gaz.get("sukkari")]
    assert len(gaz.districts()) >= 100


def test_user_layer_overrides_and_adds(tmp_path):
    base = load_gazetteer(user_layer=False)
    extra = tmp_path / "places.csv"
    with open(extra, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "kind", "parent", "lat", "lon", "aliases"])
        w.writerow(["tal_qarah_test", "Tal Qarah", "village", "aleppo_province", "36.3", "37.2", "Tell Qara"])
        w.writerow(["sukkari", "al-Sukkari (edited)", "district", "aleppo_east", "36.18", "37.16", ""])
    gaz = load_gazetteer([extra], user_layer=False)
    assert len(gaz) == len(base) + 1
    assert gaz.lookup("Tell Qarah").place.id == "tal_qarah_test"
    assert gaz.get("sukkari").name == "al-Sukkari (edited)"


def test_corrupt_row_is_skipped_with_a_warning(tmp_path, caplog):
    bad = tmp_path / "bad.csv"
    rows = "id,name,kind,parent,lat,lon\nx1,X,town,syria,not-a-number,37\nx2,Y,town,syria,36,37\n"
    bad.write_text(rows, encoding="utf-8")
    places = read_places(bad)
    assert [p.id for p in places] == ["x2"]
    assert "bad.csv:2" in caplog.text


def test_file_without_columns_raises_one_clear_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nX,1\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing column"):
        read_places(bad)


def test_geodataframe_is_lon_lat(gaz):
    gdf = gaz.to_geodataframe([gaz.get("aleppo_city")])
    pt = gdf.geometry.iloc[0]
    assert pt.x == pytest.approx(gaz.get("aleppo_city").lon)
    assert 36.0 < pt.y < 36.4  # latitude of Aleppo, not its longitude
