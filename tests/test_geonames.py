"""Importing a GeoNames dump into the user layer.

``fixtures/geonames_sample.txt`` is hand-written in GeoNames' 19-column
tab-separated format.  The two governorate rows use their real GeoNames ids
(admin1CodesASCII.txt); the other ids (99000xx) are invented, with rounded
real coordinates, except the far "Al Bab" hamlet (a made-up namesake) and the
"Al Jumaymah" point (made up: the shipped place has no coordinate).  Line 7
has too few columns and line 10 a non-numeric latitude.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
from pathlib import Path

import pytest

from gazetteer.geonames import (
    PLACE_COLUMNS,
    clean_aliases,
    fold_key,
    import_geonames,
    merge_user_places,
)
from gazetteer.records import Place
from mapper.errors import GazetteerError, OutputError

FIXTURE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"

# A stand-in for the shipped places.csv, so that these tests do not change as
# the shipped gazetteer grows (one test below uses the real one).
MINI_SHIPPED = """\
id,name,kind,parent,lat,lon,name_ar,aliases,coord_source,coord_confidence,on_map,ambiguous_with,note
syria,Syria,country,,35.0,38.0,سوريا,,test,high,true,,
turkey,Turkey,country,,39.0,35.0,,,test,high,false,,
aleppo_province,Aleppo Province,province,syria,36.2,37.5,,,test,low,true,,
idlib_province,Idlib Province,province,syria,35.8,36.7,,,test,low,true,,
homs_province,Homs Province,province,syria,34.3,38.3,,,test,low,true,,
aleppo_city,Aleppo,city,aleppo_province,36.20124,37.16117,حلب,Halab,test,high,true,,
al_bab,al-Bab,town,aleppo_province,36.37051,37.51570,الباب,Al Bab|El Bab,test,high,true,,
al_jumaymah,al-Jumaymah,village,aleppo_province,,,الجميمة,Jumaymah,test,low,true,,
"""


@pytest.fixture
def mini(tmp_path):
    path = tmp_path / "shipped_places.csv"
    path.write_text(MINI_SHIPPED, encoding="utf-8")
    return path


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == PLACE_COLUMNS
        return {row["id"]: row for row in reader}


@pytest.fixture
def imported(tmp_path, mini):
    out = tmp_path / "places.csv"
    return import_geonames(FIXTURE, output=out, shipped=mini), _rows(out)


def test_kinds_parents_and_ids(imported):
    _, rows = imported
    got = {pid: (r["kind"], r["parent"]) for pid, r in rows.items()}
    assert got == {
        "gn_163342": ("province", "syria"),  # Tartus: a governorate we do not ship
        "gn_9900001": ("town", "aleppo_province"),  # PPLA3
        "gn_9900002": ("town", "idlib_province"),  # PPL promoted by population 32495
        "gn_9900003": ("village", "aleppo_province"),  # PPL of 4917, just outside the city box
        "gn_9900004": ("district", "aleppo_city"),  # PPLX inside Aleppo
        "gn_9900005": ("mountain", "aleppo_province"),
        "gn_9900006": ("military_base", "aleppo_province"),
        "gn_9900007": ("town", "gn_163342"),  # parent is the imported governorate
        "gn_9900009": ("village", "homs_province"),
        "gn_9900010": ("city", "turkey"),
    }


def test_fields_of_an_imported_place(imported):
    _, rows = imported
    row = rows["gn_9900002"]
    assert row["name"] == "Saraqib"  # the ASCII name, like the shipped English names
    assert (row["lat"], row["lon"]) == ("35.86444", "36.80056")
    assert row["coord_source"] == "GeoNames 9900002"
    assert row["coord_confidence"] == "high" and row["on_map"] == "true"
    assert rows["gn_9900010"]["on_map"] == "false"  # Kilis, Turkey: recognised, not drawn


def test_aliases_keep_latin_and_arabic_drop_urls_codes_other_scripts(imported):
    _, rows = imported
    row = rows["gn_9900001"]
    aliases = row["aliases"].split("|")
    assert row["name_ar"] == "تل رفعت"
    assert {"Tall Rif‘at", "Tell Rifaat", "Tell Rif'at", "تل رفعت"} <= set(aliases)
    assert "TRF" not in aliases and "Телль-Рифаат" not in aliases
    assert not any("http" in a for a in aliases)
    assert row["name"] not in aliases


def test_duplicates_of_shipped_places_are_skipped_and_counted(imported):
    summary, rows = imported
    assert "gn_9900008" not in rows  # Al Bab at 36.37, 37.52 is the shipped al_bab
    assert "gn_170062" not in rows  # the Aleppo governorate is aleppo_province
    assert summary.duplicates == 3  # and al_jumaymah, below
    # Same name 200 km away is another place, flagged as a namesake.
    assert rows["gn_9900009"]["ambiguous_with"] == "al_bab"


def test_bad_rows_warn_with_file_and_line(tmp_path, caplog, mini):
    with caplog.at_level(logging.WARNING, logger="gazetteer.geonames"):
        summary = import_geonames(FIXTURE, output=tmp_path / "places.csv", shipped=mini)
    assert summary.bad_rows == 2
    assert [w.split(": ")[0] for w in summary.warnings] == [f"{FIXTURE}:7", f"{FIXTURE}:10"]
    assert "9 columns, expected 19" in summary.warnings[0]
    assert "bad number" in summary.warnings[1]
    logged = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert logged == list(summary.warnings)


def test_counts_add_up(imported):
    summary, rows = imported
    assert summary.rows == 16
    assert summary.added == len(rows) == 10 and summary.updated == 0
    assert summary.filtered == 1  # the stream (H.STM)
    assert summary.rows == summary.added + summary.duplicates + summary.filtered + summary.bad_rows
    assert "10 new" in summary.describe()


def test_country_and_population_filters(tmp_path, mini):
    out = tmp_path / "places.csv"
    summary = import_geonames(FIXTURE, country="sy", min_population=10000, output=out, shipped=mini)
    rows = _rows(out)
    assert "gn_9900010" not in rows  # Kilis is in Turkey
    small = {"gn_9900003", "gn_9900004", "gn_9900009", "gn_9900014"}  # under 10000
    assert not small & rows.keys()
    assert "gn_9900005" in rows  # mountains have no population and are kept
    assert summary.filtered == 6


def test_reimport_is_byte_identical(tmp_path, mini):
    out = tmp_path / "places.csv"
    import_geonames(FIXTURE, output=out, shipped=mini)
    first = out.read_bytes()
    again = import_geonames(FIXTURE, output=out, shipped=mini)
    assert out.read_bytes() == first
    assert (again.added, again.updated) == (0, 10)


def test_merges_with_existing_user_places_sorted_by_id(tmp_path, mini):
    out = tmp_path / "places.csv"
    mine = Place(
        id="a_my_place",
        name="My Place",
        kind="village",
        parent="aleppo_province",
        lat=36.1,
        lon=37.0,
        coord_source="my survey",
        coord_confidence="low",
    )
    merge_user_places([mine], out)
    import_geonames(FIXTURE, output=out, shipped=mini)
    rows = _rows(out)
    assert rows["a_my_place"]["name"] == "My Place"
    assert list(rows) == sorted(rows)
    assert out.read_bytes().count(b"\r\n") == 0


def test_parent_falls_back_to_syria_without_its_governorate(tmp_path, mini):
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    only_baniyas = tmp_path / "baniyas.txt"
    only_baniyas.write_text("".join(ln for ln in lines if ln.startswith("9900007\t")), "utf-8")
    out = tmp_path / "places.csv"
    import_geonames(only_baniyas, output=out, shipped=mini)
    assert _rows(out)["gn_9900007"]["parent"] == "syria"


def test_windows_line_endings_give_the_same_file(tmp_path, mini):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(FIXTURE.read_bytes().replace(b"\n", b"\r\n"))
    import_geonames(FIXTURE, output=tmp_path / "a.csv", shipped=mini)
    import_geonames(crlf, output=tmp_path / "b.csv", shipped=mini)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_default_output_is_the_user_layer(tmp_path, monkeypatch, mini):
    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path / "user"))
    summary = import_geonames(FIXTURE, shipped=mini)
    assert summary.output == tmp_path / "user" / "places.csv"
    assert summary.output.is_file()


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch, mini):
    out = tmp_path / "places.csv"
    import_geonames(FIXTURE, output=out, shipped=mini)
    before = out.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="places.csv: cannot write"):
        import_geonames(FIXTURE, output=out, country="TR", shipped=mini)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))  # no temporary file left behind


def test_unreadable_file_is_one_clear_error_bad_bytes_one_bad_row(tmp_path, mini):
    missing = tmp_path / "SY.txt"
    with pytest.raises(GazetteerError) as info:
        import_geonames(missing, output=tmp_path / "places.csv", shipped=mini)
    assert str(missing) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(GazetteerError, match="cannot read the GeoNames file"):
        import_geonames(tmp_path, output=tmp_path / "places.csv", shipped=mini)  # a folder
    latin1 = tmp_path / "latin1.txt"
    shutil.copy(FIXTURE, latin1)
    with open(latin1, "ab") as fh:
        fh.write("9900099\tHal\xe9b\n".encode("latin-1"))
    summary = import_geonames(latin1, output=tmp_path / "places.csv", shipped=mini)
    assert summary.bad_rows == 3 and "latin1.txt:17: not UTF-8" in summary.warnings[-1]
    zipped = tmp_path / "SY.zip"
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(GazetteerError, match="SY.zip: is a zip archive; unzip it"):
        import_geonames(zipped, output=tmp_path / "other.csv", shipped=mini)
    assert not (tmp_path / "other.csv").exists()


def test_existing_user_file_with_wrong_header_is_an_error(tmp_path, mini):
    out = tmp_path / "places.csv"
    out.write_text("id,name\nx,X\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="places.csv: missing columns kind"):
        import_geonames(FIXTURE, output=out, shipped=mini)


def test_fold_key_strips_articles_marks_and_apostrophes():
    assert fold_key("Al Bāb") == fold_key("al-Bab") == fold_key("El Bab") == "bab"
    assert fold_key("الباب") == "باب"
    assert fold_key("Tall Rif‘at") == fold_key("Tall Rifat")
    assert fold_key("Ash-Shaykh Sa'id") == fold_key("Sheikh Saeed")


def test_clean_aliases():
    got = clean_aliases(
        ["Halab", "HALAB", "ALP", "http://x.org/a", "Alep 2", "Χαλέπι", "حلب", "Ḩalab", "a"],
        exclude="Aleppo",
    )
    assert got == ("Halab", "حلب", "Ḩalab")


def test_with_the_real_shipped_gazetteer(tmp_path, monkeypatch):
    from gazetteer.places import clear_cache, load_gazetteer

    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path))
    summary = import_geonames(FIXTURE)
    rows = _rows(summary.output)
    assert "gn_9900008" not in rows and "gn_170062" not in rows  # al-Bab, Aleppo governorate
    assert summary.duplicates >= 3
    clear_cache()
    try:
        gaz = load_gazetteer()
        assert gaz.find("al-Bab")[0].place.id == "al_bab"  # the shipped town still wins
        for pid, row in rows.items():
            place = gaz.get(pid)
            assert place.layer == "user"
            assert pid in [m.place.id for m in gaz.find(row["name"])]
            chain = [p.id for p in gaz.ancestors(pid)]
            assert chain[-1] == ("syria" if row["on_map"] == "true" else "turkey"), chain
    finally:
        clear_cache()


def test_reimport_drops_user_rows_the_shipped_data_now_has(tmp_path, mini):
    out = tmp_path / "places.csv"
    # As if an older import had added al-Bab before the shipped data had it.
    old = Place(
        id="gn_9900008",
        name="Al Bab",
        kind="town",
        parent="aleppo_province",
        lat=36.37051,
        lon=37.5157,
        coord_source="GeoNames 9900008",
    )
    merge_user_places([old], out)
    summary = import_geonames(FIXTURE, output=out, shipped=mini)
    assert "gn_9900008" not in _rows(out)
    assert summary.removed == 1 and "removed 1 now shipped" in summary.describe()


def test_shipped_place_without_coordinate_is_a_hint_not_a_new_place(imported):
    summary, rows = imported
    assert "gn_9900014" not in rows
    assert summary.hints == (
        "shipped place al_jumaymah has no coordinate; GeoNames 9900014 (Al Jumaymah) "
        "gives 36.015, 37.075",
    )


def test_code_table_uses_known_kinds_and_ids():
    from gazetteer.geonames import load_codes
    from gazetteer.paths import shipped_file
    from gazetteer.records import KINDS

    codes = load_codes()
    kinds = {*codes["geonames"]["kinds"].values(), *codes["osm"]["kinds"].values()}
    assert kinds <= set(KINDS)
    assert set(codes["geonames"]["promote"]) <= set(KINDS)
    with open(shipped_file("places.csv"), encoding="utf-8", newline="") as fh:
        shipped = {row["id"] for row in csv.DictReader(fh)}
    admin1 = codes["admin1"]["SY"]
    assert sorted(admin1) == [f"{i:02d}" for i in range(1, 15)]  # the 14 governorates
    assert all(v in shipped or v.startswith("gn_") for v in admin1.values())
    assert set(codes["countries"].values()) <= shipped
