"""Data checks of the shipped gazetteer files (places.csv, baseline_control.csv).

Pure ``csv`` reads, independent of the lookup code, so a broken row is caught
even when the loader would skip it.  The spelling checks use a deliberately
simple fold (case, marks, hyphens, article, doubled letters, common vowel and
ending variants), weaker than the project's normaliser: a name that passes here
will also pass there.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from gazetteer.records import CONTROLLERS, KINDS

DATA = Path(__file__).resolve().parents[1] / "gazetteer" / "data"
PLACES = DATA / "places.csv"
BASELINE = DATA / "baseline_control.csv"
COLUMNS = [
    "id", "name", "kind", "parent", "lat", "lon", "name_ar", "aliases",
    "coord_source", "coord_confidence", "on_map", "ambiguous_with", "note",
]
NEIGHBOURHOOD_KINDS = {"district", "old_city_quarter"}
CITY_AREAS = {"aleppo_east", "aleppo_west", "aleppo_old_city", "aleppo_city"}
KIND_ORDER = [
    "country", "province", "city", "area", "town", "village", "mountain",
    "military_base", "road", "district", "old_city_quarter", "landmark",
]
SYRIA_BBOX = (32.3, 37.4, 35.6, 42.4)  # lat min, lat max, lon min, lon max
CITY_BBOX = (36.10, 36.28, 37.05, 37.26)
DATES = ("2016-11-15", "2016-12-07")

# Places the issue names one by one (spelling as written there -> id).
ISSUE_NAMES = {
    "Citadel of Aleppo": "citadel", "Sheikh Maqsoud": "sheikh_maqsoud", "Hanano": "hanano",
    "Sakhour": "sakhour", "Sheikh Saeed": "sheikh_saeed", "Sheikh Sa'eed": "sheikh_saeed",
    "Shaykh Said": "sheikh_saeed", "Ansari": "ansari", "Mashhad": "mashhad", "Mash'had": "mashhad",
    "al-Mashhad": "mashhad", "Zebdia": "zebdiyeh", "al-Zibdiyeh": "zebdiyeh", "Sukkari": "sukkari",
    "Salaheddin": "salaheddin", "Salah-Eddin": "salaheddin", "Salah al-Din": "salaheddin",
    "Amiriya": "amiriya", "Seif al-Dawla": "seif_al_dawla", "Bustan al-Qasr": "bustan_al_qasr",
    "Kalaseh": "kalaseh", "Kallaseh": "kalaseh", "Firdous": "firdous", "Maadi": "maadi",
    "Salhin": "salhin", "Salheen": "salhin", "Jaloum": "jaloum", "Jaloom": "jaloum",
    "Jalloum": "jaloum", "Maghayir": "maghayir", "Sahet Baza": "sahet_baza",
    "Jeb Chalabi": "jeb_chalabi", "al-Halk": "halak", "Ramouseh": "ramouseh",
    "Rashidin": "rashidin", "Hamdaniyeh": "hamdaniyeh", "Fu'ah": "al_fuah", "Foua": "al_fuah",
    "al-Bab": "al_bab", "Bab al-Nairab": "bab_al_nairab", "Tariq al-Bab": "tariq_al_bab",
    "East Aleppo": "aleppo_east", "Idlib": "idlib",
    # towns of Aleppo and Idlib provinces that the brief lists
    "Azaz": "azaz", "Jarabulus": "jarabulus", "Tal Rifaat": "tal_rifaat", "Marea": "marea",
    "Anadan": "anadan", "Hraytan": "hraytan", "Kafr Hamra": "kafr_hamra", "Handarat": "handarat",
    "Deir Hafer": "deir_hafer", "al-Atarib": "atarib", "Darat Izza": "darat_izza",
    "Khan Tuman": "khan_touman", "Zarbah": "zarbah", "Hayyan": "hayyan", "Bayanoun": "bayanoun",
    "Nubl": "nubl", "Tadef": "tadef", "Qabasin": "qabasin", "Akhtarin": "akhtarin", "Dabiq": "dabiq",
    "Sawran": "sawran", "al-Rai": "al_rai", "Kafr Naha": "kafr_naha", "Mansoura": "mansoura",
    "Saraqib": "saraqib", "Maarat al-Numan": "maarat_al_numan", "Khan Shaykhun": "khan_shaykhun",
    "Jisr al-Shughur": "jisr_al_shughur", "Ariha": "ariha", "Binnish": "binnish", "Sarmin": "sarmin",
    "Taftanaz": "taftanaz", "Maarat Misrin": "maarat_misrin", "Harem": "harem", "Salqin": "salqin",
    "Sarmada": "sarmada", "Atmeh": "atmeh", "al-Dana": "dana", "Abu al-Duhur": "abu_al_duhur",
    "Kafr Takharim": "kafr_takharim", "Bab al-Hawa": "bab_al_hawa", "Bab al-Salama": "bab_al_salama",
    "Hish": "hish", "Kafranbel": "kafrnabel", "Tamanah": "tamanah", "Khan al-Asal": "khan_al_assal",
}

# Place names read by hand from the five seed articles and their reader comments,
# as they are spelled there.
SEED_NAMES = [
    "Aleppo", "East Aleppo", "Sheikh Saeed", "Sukkari", "Mash’had", "al-Mashhad", "Salaheddin",
    "Seif al-Dawla", "al-Sha’ar", "Bustan al-Qasr", "Kalaseh", "Firdous", "Maadi", "Salhin",
    "Jaloom", "Sahet Baza", "al-Halk", "Ansari", "Zebdia", "Jeb Chalabi", "Ramouseh", "al-Bab",
    "Manbij", "Palmyra", "Homs", "Idlib", "Kafrnabel", "Hama", "Damascus", "al-Fu’ah", "Kafraya",
    "Madaya", "Zabadani", "Deir Ezzor", "Deir zzor", "Raqqa", "Suqalabiya", "Kernak", "Al-Eis",
    "Al-Haider", "Al-Jumaymah", "Jabal Azaan", "Jabal Zurzur", "Jabal Nabi Idris", "Abtin",
    "Sabiqiyah", "Shuqaydillah", "Safira", "Ithriya", "Khanassir", "Jazal", "Mahr oilfields",
    "Sha’er Gas Fields", "Qaryatayn", "Huwaysis", "Nayrab airbase", "Hamburg", "Geneva", "Moscow",
    "Washington", "Tehran", "Grozny", "Srebrenica", "Guernica", "Warsaw", "Algiers", "Turkey",
    "Russia", "Iran", "Iraq", "Lebanon", "Portugal", "Malta", "Sweden", "Denmark", "Naples", "Venice",
    "Bohemia", "California", "Two Sicilies", "Baltic", "Wisconsin", "Europe", "Barbary", "Halabja",
    "Belgrade", "Rome", "Ankara", "St. Petersburg", "Tambov", "Astana", "Latakia", "Kazakhstan",
    "Germany", "Syria", "Zarzur", "Brigade 66",
]

# Bare plain words that must never be an alias on their own.
PLAIN_WORDS = {"bab", "halk", "eis", "is", "said", "bana", "citadel", "old town", "mare", "rai"}


def simple_fold(text: str) -> str:
    """Fold a spelling with a few robust rules (see module docstring)."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"['’‘`ʿʾ´]", "", t)
    tokens = re.sub(r"[-.,()]", " ", t).split()
    out = []
    for i, tok in enumerate(tokens):
        if tok in {"al", "el", "as", "ash", "ad", "an", "ar", "az", "at", "aj"} and i + 1 < len(tokens):
            continue
        tok = re.sub(r"(.)\1+", r"\1", tok)
        tok = tok.replace("ee", "i").replace("oo", "u").replace("ou", "u").replace("ei", "ay")
        tok = re.sub(r"(iyeh|iyah|iya|ieh|ia)$", "iya", tok)
        tok = re.sub(r"(eh|ah)$", "a", tok)
        out.append(tok)
    return " ".join(out)


@cache
def places() -> tuple[dict[str, str], ...]:
    with open(PLACES, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def by_id() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in places()}


def split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


@cache
def spellings() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for r in places():
        for name in [r["name"], *split(r["aliases"])]:
            index.setdefault(simple_fold(name), set()).add(r["id"])
    return index


def ancestors(pid: str) -> list[str]:
    chain, seen = [], {pid}
    parent = by_id()[pid]["parent"]
    while parent:
        assert parent not in seen, f"parent cycle through {parent}"
        seen.add(parent)
        chain.append(parent)
        parent = by_id()[parent]["parent"]
    return chain


def neighbourhoods() -> list[dict[str, str]]:
    return [r for r in places() if r["kind"] in NEIGHBOURHOOD_KINDS]


@cache
def baseline() -> tuple[dict[str, str], ...]:
    with open(BASELINE, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def test_columns_and_plain_line_endings():
    raw = PLACES.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    assert raw.decode("utf-8").splitlines()[0].split(",") == COLUMNS
    assert b"\r" not in BASELINE.read_bytes()


def test_rows_in_stable_order():
    keys = [(r["parent"], KIND_ORDER.index(r["kind"]), r["id"]) for r in places()]
    assert keys == sorted(keys)
    rows = [(r["place_id"], r["date"]) for r in baseline()]
    assert rows == sorted(rows)


def test_ids_unique_and_ascii():
    ids = [r["id"] for r in places()]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9_]+", i)]
    assert not bad


def test_kinds_valid():
    assert {r["kind"] for r in places()} <= set(KINDS)


def test_parents_exist_without_cycles():
    for r in places():
        if r["parent"]:
            assert r["parent"] in by_id(), r["id"]
            ancestors(r["id"])
        else:  # only countries and regions abroad hang at the top
            assert r["kind"] == "country" or r["on_map"] == "false", r["id"]


def test_coordinates_in_range_and_sourced():
    for r in places():
        assert r["coord_confidence"] in {"high", "medium", "low"}, r["id"]
        assert r["coord_source"].strip(), r["id"]
        assert r["on_map"] in {"true", "false"}, r["id"]
        if not r["lat"]:
            assert not r["lon"] and r["coord_confidence"] == "low", r["id"]
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["id"]


def test_syrian_places_inside_syria():
    for r in places():
        if r["lat"] and r["on_map"] == "true" and r["kind"] != "country":
            assert "syria" in ancestors(r["id"]), r["id"]
            lat, lon = float(r["lat"]), float(r["lon"])
            assert SYRIA_BBOX[0] <= lat <= SYRIA_BBOX[1] and SYRIA_BBOX[2] <= lon <= SYRIA_BBOX[3], r["id"]


def test_places_abroad_are_off_the_map():
    for r in places():
        if r["id"] != "syria" and "syria" not in ancestors(r["id"]):
            assert r["on_map"] == "false", r["id"]


def test_neighbourhoods_in_the_city():
    rows = neighbourhoods()
    assert len(rows) >= 100
    for r in rows:
        assert r["parent"] in CITY_AREAS, r["id"]
        assert r["lat"], r["id"]
        lat, lon = float(r["lat"]), float(r["lon"])
        assert CITY_BBOX[0] <= lat <= CITY_BBOX[1] and CITY_BBOX[2] <= lon <= CITY_BBOX[3], r["id"]


def test_arabic_names_of_syrian_neighbourhoods_and_towns():
    for r in places():
        if r["kind"] in NEIGHBOURHOOD_KINDS | {"town", "city", "province"} and r["on_map"] == "true":
            assert re.search(r"[\u0600-\u06FF]", r["name_ar"]), r["id"]


def test_aliases_clean():
    for r in places():
        aliases = split(r["aliases"])
        assert len(aliases) == len(set(aliases)), r["id"]
        assert r["name"] not in aliases, r["id"]
        for a in aliases:
            assert a == a.strip() and "|" not in a, (r["id"], a)
            assert a.lower() not in PLAIN_WORDS, (r["id"], a)


def test_old_city_alias_only_on_old_cities():
    owners = {r["id"] for r in places() if "Old City" in split(r["aliases"])}
    assert owners == {"aleppo_old_city", "homs_old_city"}


def test_ambiguity_marked_both_ways():
    for r in places():
        for other in split(r["ambiguous_with"]):
            assert other in by_id(), (r["id"], other)
            assert r["id"] in split(by_id()[other]["ambiguous_with"]), (r["id"], other)
    for pair in [("aleppo_city", "aleppo_province"), ("idlib", "idlib_province"),
                 ("aleppo_old_city", "homs_old_city"), ("zahraa", "zahraa_town")]:
        assert pair[1] in split(by_id()[pair[0]]["ambiguous_with"])


def test_shared_spellings_are_declared():
    for key, ids in spellings().items():
        if len(ids) > 1:
            for i in ids:
                assert ids - {i} <= set(split(by_id()[i]["ambiguous_with"])), (key, sorted(ids))


@pytest.mark.parametrize("name,pid", sorted(ISSUE_NAMES.items()))
def test_issue_names_present(name, pid):
    assert pid in spellings().get(simple_fold(name), set()), name


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_names_present(name):
    assert spellings().get(simple_fold(name)), name


def test_baseline_values():
    for r in baseline():
        assert r["place_id"] in by_id(), r["place_id"]
        assert r["date"] in DATES, r
        assert r["controller"] in CONTROLLERS, r
        assert r["source"].strip(), r
    assert not [r for r in baseline() if r["controller"] == "unknown"]


def test_baseline_covers_every_neighbourhood_on_both_dates():
    seen: dict[str, list[str]] = {}
    for r in baseline():
        seen.setdefault(r["place_id"], []).append(r["date"])
    expected = {r["id"] for r in neighbourhoods()} | {"aleppo_east", "aleppo_west", "aleppo_old_city"}
    assert set(seen) == expected
    assert all(sorted(d) == list(DATES) for d in seen.values())


def test_baseline_facts_of_the_offensive():
    held = {(r["place_id"], r["date"]): r["controller"] for r in baseline()}
    # the rebel pocket that fell on 12-13 December was still held on 7 December
    for pid in ("bustan_al_qasr", "kalaseh", "firdous", "sukkari", "zebdiyeh", "mashhad"):
        assert held[(pid, "2016-12-07")] == "rebel", pid
    # north-east districts fell 26-28 November, the Old City on 6-7 December
    for pid in ("hanano", "sakhour", "jabal_badro", "souq_al_madina"):
        assert held[(pid, "2016-11-15")] == "rebel" and held[(pid, "2016-12-07")] == "regime", pid
    assert held[("sheikh_maqsoud", "2016-12-07")] == "kurdish"
    assert held[("citadel", "2016-11-15")] == "regime"
