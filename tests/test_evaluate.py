"""Tests of the evaluator and of the gold data itself.

The evaluator is run on small gold/prediction folders written here, with the
expected true/false positives and misses counted by hand.  The gold files of the
seeds and of the test corpus are checked against their texts: every span and
every evidence quote must be exactly what the text says, every place id must be
in the gazetteer, every date, side and sub-event type from the documented sets.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from mapper.errors import InputError
from mapper.evaluate import evaluate, evaluate_by_article, format_by_article, format_scores, load_gold

ROOT = Path(__file__).resolve().parents[1]
PLACES_CSV = ROOT / "gazetteer" / "data" / "places.csv"
GOLD_SETS = [  # (gold folder, folder of the article texts)
    (ROOT / "tests" / "gold", ROOT / "seeds"),
    (ROOT / "tests" / "corpus" / "gold", ROOT / "tests" / "corpus"),
]
SIDES = {"regime", "rebel", "kurdish", "isis", "turkish_backed_rebel", "contested"}
SUB_EVENT_TYPES = {
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Disrupted weapons use",
    "Other",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
}
CERTAINTIES = {"confirmed", "reported", "claimed", "denied"}


# ------------------------------------------------------------------ helpers


def _write_gold(folder: Path, docs: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / (doc["article"].rsplit(".", 1)[0] + ".json")).write_text(
            json.dumps(doc), encoding="utf-8"
        )
    return folder


def _write_pred(folder: Path, mentions=(), control=(), events=()) -> Path:
    """Write an extraction output folder in the format of `mapper extract`."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "mentions.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "article",
                "place_id",
                "place",
                "surface",
                "start",
                "end",
                "entry_time_utc",
                "in_comments",
                "rule",
            ]
        )
        for article, pid, start, end, in_comments in mentions:
            w.writerow([article, pid, pid, "x", start, end, "", str(in_comments).lower(), "test"])
    with (folder / "control_changes.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "date",
                "place_id",
                "place",
                "from",
                "to",
                "kind",
                "certainty",
                "article",
                "sentence",
                "start",
                "end",
            ]
        )
        for date, pid, side, article, start in control:
            w.writerow(
                [
                    date,
                    pid,
                    pid,
                    "unknown",
                    side,
                    "change",
                    "reported",
                    article,
                    "s",
                    start,
                    start + 5,
                ]
            )
    feats = []
    for date, typ, pid, article, start, in_comments in events:
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
                "properties": {
                    "date": date,
                    "sub_event_type": typ,
                    "place_id": pid,
                    "in_comments": in_comments,
                    "sources": [{"article": article, "start": start, "end": start + 5}],
                },
            }
        )
    (folder / "events.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": feats})
    )
    return folder


def _place(start, end, pid, surface="x", in_comments=False, alts=()):
    return {
        "surface": surface,
        "start": start,
        "end": end,
        "place_id": pid,
        "alt_place_ids": list(alts),
        "in_comments": in_comments,
    }


def _ctl(pid, side, date, scored=True, in_comments=False, alt_dates=()):
    return {
        "place_id": pid,
        "side": side,
        "date": date,
        "alt_dates": list(alt_dates),
        "kind": "change",
        "certainty": "reported",
        "in_comments": in_comments,
        "scored": scored,
        "evidence": [],
    }


def _inc(typ, pid, date, scored=True, in_comments=False, alt_types=(), alt_dates=()):
    return {
        "sub_event_type": typ,
        "alt_sub_event_types": list(alt_types),
        "place_id": pid,
        "date": date,
        "alt_dates": list(alt_dates),
        "in_comments": in_comments,
        "scored": scored,
        "evidence": [],
    }


# ------------------------------------------------------------- the evaluator


@pytest.fixture
def case(tmp_path):
    a = {
        "article": "a.txt",
        "published": "2016-12-13",
        "comments_start": 1000,
        "places": [
            _place(0, 6, "aleppo_city"),
            _place(10, 17, "sukkari"),
            _place(20, 26, "firdous"),
            _place(30, 36, "idlib_province", alts=["idlib"]),
            _place(1010, 1016, "russia", in_comments=True),
        ],
        "control": [
            _ctl("sukkari", "rebel", "2016-12-12"),
            _ctl("aleppo_old_city", "regime", "2016-12-07"),
            _ctl("palmyra", "regime", "2016-03"),
            _ctl("aleppo_east", "regime", "2016-12-12", scored=False),
            _ctl("salhin", "regime", "2016-12-08", in_comments=True),
        ],
        "incidents": [
            _inc(
                "Air/drone strike",
                "kalaseh",
                "2016-12-09",
                alt_types=["Shelling/artillery/missile attack"],
            ),
            _inc("Attack", "halak", "2016-12-04"),
            _inc("Armed clash", "aleppo_east", "2016-12-09", scored=False),
        ],
    }
    b = {
        "article": "b.txt",
        "published": "2016-12-13",
        "comments_start": None,
        "places": [_place(5, 11, "aleppo_city")],
        "control": [_ctl("sukkari", "rebel", "2016-12-12", alt_dates=["2016-12-13"])],
        "incidents": [
            _inc("Attack", "halak", "2016-12-04"),
            _inc("Suicide bomb", "al_bab", "2016-12-09", alt_dates=["2016-12-08"]),
        ],
    }
    gold = _write_gold(tmp_path / "gold", [a, b])
    pred = _write_pred(
        tmp_path / "pred",
        mentions=[
            ("a.txt", "aleppo_city", 0, 6, False),  # TP
            ("a.txt", "sukkari", 12, 15, False),  # TP: overlapping span
            ("a.txt", "aleppo_city", 20, 26, False),  # FP (wrong id) and firdous missed
            ("a.txt", "idlib", 30, 36, False),  # TP through an alternative id
            ("a.txt", "russia", 1010, 1016, True),  # comment: not scored by default
            ("b.txt", "aleppo_city", 40, 46, False),  # FP (no overlap); gold b 5-11 missed
            ("zzz.txt", "aleppo_city", 0, 6, False),  # article without gold: ignored
        ],
        control=[
            ("2016-12-12", "sukkari", "rebel", "a.txt", 50),
            (
                "2016-12-13",
                "sukkari",
                "rebel",
                "b.txt",
                50,
            ),  # alt date of the same item: no extra TP
            (
                "2016-12-07",
                "jaloum",
                "regime",
                "a.txt",
                60,
            ),  # quarter of the Old City: matches the whole
            ("2016-12-07", "farafra", "regime", "a.txt", 60),  # same whole: still one TP, no FP
            ("2016-03-27", "palmyra", "regime", "a.txt", 70),  # month-precision gold
            ("2016-12-12", "aleppo_east", "regime", "a.txt", 80),  # unscored item: ignored
            ("2016-12-12", "sukkari", "regime", "a.txt", 90),  # wrong side: FP
            ("2016-12-08", "salhin", "regime", "a.txt", 1200),  # in comments: ignored by default
        ],
        events=[
            (
                "2016-12-09",
                "Shelling/artillery/missile attack",
                "kalaseh",
                "a.txt",
                100,
                False,
            ),  # TP via alt type
            ("2016-12-05", "Attack", "halak", "a.txt", 110, False),  # FP wrong date
            ("2016-12-09", "Armed clash", "aleppo_east", "a.txt", 120, False),  # unscored: ignored
            ("2016-12-08", "Suicide bomb", "al_bab", "b.txt", 10, False),  # TP via alt date
            ("2016-12-08", "Suicide bomb", "al_bab", "b.txt", 30, False),  # duplicate key
            ("2016-12-01", "Attack", "sukkari", "a.txt", 1100, True),  # comment event
        ],
    )
    return gold, pred


def test_place_counts(case):
    s = evaluate(*case).places
    assert (s.tp, s.fp, s.fn, s.n_gold, s.n_pred) == (3, 2, 2, 5, 5)
    assert s.precision == pytest.approx(3 / 5) and s.recall == pytest.approx(3 / 5)


def test_control_counts_whole_expansion_and_unscored(case):
    s = evaluate(*case).control
    # gold scored: sukkari/rebel, old city/regime, palmyra/regime (salhin is in comments)
    assert (s.tp, s.fp, s.fn, s.n_gold) == (3, 1, 0, 3)
    assert s.false_positives == ("sukkari regime 2016-12-12",)
    assert (s.n_pred, s.ignored) == (7, 1)  # the aleppo_east whole is unscored


def test_incident_counts(case):
    s = evaluate(*case).incidents
    # gold scored: kalaseh strike, halak attack (told twice = one item), al-Bab suicide bomb
    assert (s.tp, s.fp, s.fn, s.n_gold) == (2, 1, 1, 3)
    assert s.misses[0].startswith("halak Attack 2016-12-04")
    assert s.f1 == pytest.approx(2 / 3)
    assert (s.n_pred, s.ignored) == (4, 1)


def test_comments_included_on_request(case):
    scores = evaluate(*case, include_comments=True)
    assert (scores.places.tp, scores.places.n_gold) == (4, 6)
    assert (scores.control.tp, scores.control.n_gold) == (4, 4)
    assert scores.incidents.fp == 2  # the comment event is now scored, and wrong


def test_format_scores_lists_details(case):
    text = format_scores(evaluate(*case), details=True)
    assert "places" in text and "incidents" in text
    assert "- a.txt 20-26 'x' -> firdous" in text
    assert "+ sukkari regime 2016-12-12" in text
    assert "misses" not in format_scores(evaluate(*case))


def test_missing_prediction_file_is_an_input_error(case, tmp_path):
    gold, pred = case
    (pred / "events.geojson").unlink()
    with pytest.raises(InputError, match="events.geojson"):
        evaluate(gold, pred)
    with pytest.raises(InputError, match="does not exist"):
        evaluate(tmp_path / "nope", pred)


# ----------------------------------------------------------------- the gold data


def _gold_docs():
    for gold_dir, text_dir in GOLD_SETS:
        for article, doc in sorted(load_gold(gold_dir).items()):
            yield pytest.param(doc, text_dir / article, id=article)


@pytest.fixture(scope="module")
def place_ids():
    with PLACES_CSV.open(encoding="utf-8", newline="") as f:
        ids = {row["id"] for row in csv.DictReader(f)}
    pending = ROOT / "tests" / "gold" / "pending_places.csv"
    with pending.open(encoding="utf-8", newline="") as f:
        waiting = {row["id"] for row in csv.DictReader(f)}
    return ids, waiting


def test_gold_sets_exist():
    for gold_dir, _ in GOLD_SETS:
        assert len(load_gold(gold_dir)) >= 4


@pytest.mark.parametrize("doc,text_path", list(_gold_docs()))
def test_gold_offsets_match_text(doc, text_path):
    text = text_path.read_text(encoding="utf-8")
    spans = [(p["start"], p["end"]) for p in doc["places"]]
    assert spans == sorted(spans)
    for p in doc["places"]:
        assert text[p["start"] : p["end"]] == p["surface"], p
        assert p["in_comments"] == (
            doc["comments_start"] is not None and p["start"] >= doc["comments_start"]
        )
    cstart = doc["comments_start"]
    for item in doc["control"] + doc["incidents"]:
        assert item["evidence"], item
        for ev in item["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"], ev
        assert item["in_comments"] == (
            cstart is not None and item["evidence"][0]["start"] >= cstart
        )


@pytest.mark.parametrize("doc,text_path", list(_gold_docs()))
def test_gold_values_are_valid(doc, text_path, place_ids):
    known, pending = place_ids
    published = dt.date.fromisoformat(doc["published"])
    used = [p["place_id"] for p in doc["places"]] + [
        x for p in doc["places"] for x in p["alt_place_ids"]
    ]
    for item in doc["control"] + doc["incidents"]:
        used += [item["place_id"], *item.get("alt_place_ids", [])]
        for d in [item["date"], *item["alt_dates"]]:
            day = dt.date.fromisoformat(d if len(d) == 10 else d + "-01")
            assert day <= published, item  # nothing happens after it is published
        assert item["certainty"] in CERTAINTIES
    unknown = set(used) - known - pending
    assert not unknown, (
        f"place ids missing from places.csv and pending_places.csv: {sorted(unknown)}"
    )
    for c in doc["control"]:
        assert c["side"] in SIDES and c["kind"] in {"change", "assertion"}
    for i in doc["incidents"]:
        assert {i["sub_event_type"], *i["alt_sub_event_types"]} <= SUB_EVENT_TYPES, i


def test_pending_places_really_missing(place_ids):
    known, pending = place_ids
    assert not (pending & known), (
        f"now in places.csv, remove from pending_places.csv: {sorted(pending & known)}"
    )


def _gold_as_prediction(gold_dir: Path, out: Path) -> Path:
    """Turn a gold folder into an extraction output that says exactly the gold."""
    mentions, control, events = [], [], []
    for article, doc in load_gold(gold_dir).items():
        for p in doc["places"]:
            mentions.append((article, p["place_id"], p["start"], p["end"], p["in_comments"]))
        for c in doc["control"]:
            date = c["date"] if len(c["date"]) == 10 else c["date"] + "-01"
            control.append((date, c["place_id"], c["side"], article, c["evidence"][0]["start"]))
        for i in doc["incidents"]:
            date = i["date"] if len(i["date"]) == 10 else i["date"] + "-01"
            events.append(
                (
                    date,
                    i["sub_event_type"],
                    i["place_id"],
                    article,
                    i["evidence"][0]["start"],
                    i["in_comments"],
                )
            )
    return _write_pred(out, mentions, control, events)


@pytest.mark.parametrize("gold_dir", [g for g, _ in GOLD_SETS], ids=["seeds", "corpus"])
def test_gold_scores_itself_perfectly(gold_dir, tmp_path):
    scores = evaluate(
        gold_dir, _gold_as_prediction(gold_dir, tmp_path / "pred"), include_comments=True
    )
    for layer in scores.layers:
        assert (layer.fp, layer.fn) == (0, 0), (layer.name, layer.misses, layer.false_positives)
        assert layer.n_gold > 0


# ------------------------------------------------------------- by article


def test_by_article_a_change_read_in_one_article_does_not_score_for_another(tmp_path):
    """Corpus-wide, b's prediction matches a's gold; article by article it is b's false positive."""
    a = {"article": "a.txt", "published": "2016-12-13", "comments_start": None, "places": [],
         "control": [_ctl("sukkari", "rebel", "2016-12-12")], "incidents": []}
    b = {"article": "b.txt", "published": "2016-12-13", "comments_start": None, "places": [],
         "control": [_ctl("halak", "regime", "2016-12-10")],
         "incidents": [_inc("Attack", "halak", "2016-12-04")]}
    gold = _write_gold(tmp_path / "gold", [a, b])
    pred = _write_pred(
        tmp_path / "pred",
        control=[("2016-12-12", "sukkari", "rebel", "b.txt", 10),
                 ("2016-12-10", "halak", "regime", "b.txt", 40)],
        events=[("2016-12-04", "Attack", "halak", "a.txt", 5, False),
                ("2016-12-04", "Attack", "halak", "b.txt", 5, False)],
    )
    whole = evaluate(gold, pred, places_csv=PLACES_CSV)
    assert (whole.control.tp, whole.control.fp, whole.control.fn) == (2, 0, 0)
    each = evaluate_by_article(gold, pred, places_csv=PLACES_CSV)
    assert list(each) == ["a.txt", "b.txt"]
    assert (each["a.txt"].control.tp, each["a.txt"].control.fp, each["a.txt"].control.fn) == (0, 0, 1)
    assert (each["b.txt"].control.tp, each["b.txt"].control.fp, each["b.txt"].control.fn) == (1, 1, 0)
    # an incident a.txt told but its gold lacks is a's false positive; b's own is b's hit
    assert (each["a.txt"].incidents.fp, each["b.txt"].incidents.tp) == (1, 1)
    table = format_by_article(each)
    assert table.splitlines()[1].split()[:3] == ["a.txt", "-", "0.000"]
    assert table.splitlines()[-1].split()[0] == "mean"
