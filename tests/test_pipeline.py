"""The extract funnel and its writers, on a small folder of articles written here."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from mapper.extract.output import ACLED_COLUMNS, write_outputs
from mapper.pipeline import (
    CONTROL_COLUMNS,
    MENTION_COLUMNS,
    control_frame,
    events_frame,
    extract,
    lonlat_point,
    mentions_frame,
)

BLOG = """Syria Live: Regime Pushes Deeper Into the Enclave

UPDATE 1630 GMT: Regime troops recaptured the Hanano district on Sunday after a night of heavy
clashes.

Rebels were still holding out in Sukkari and Kalaseh.

UPDATE 0900 GMT: Activists say barrel bombs hit Sukkari this morning, killing 14 people.

ORIGINAL ENTRY: Talks on a truce for the besieged districts continue in Geneva.

Leave a Comment

  1. I heard airstrikes hit Jabal Badro on Sunday, my cousin lives there.
"""

WIRE = """Aleppo: barrel bombs kill 14 in Sukkari

Barrel bombs dropped by helicopters hit Sukkari on Monday, killing 14 people, civil defence
workers said.

Separately, a suicide car bomb exploded at a checkpoint in al-Bab.
"""

MANIFEST = (
    "file,published,title,source\n"
    "blog.txt,2016-11-28,Syria Live,Test Blog\n"
    "wire.txt,2016-11-28,Aleppo,Test Wire\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("articles")
    (root / "blog.txt").write_text(BLOG, encoding="utf-8")
    (root / "wire.txt").write_text(WIRE, encoding="utf-8")
    (root / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def result(folder):
    return extract([folder])


def test_lonlat_point_puts_longitude_first():
    p = lonlat_point(36.2, 37.15)
    assert (p.x, p.y) == (37.15, 36.2)


def test_events_frame_is_geographic(result):
    ev = result.events
    assert ev.crs.to_epsg() == 4326
    assert (ev.geometry.x > 35).all() and (ev.geometry.y < 38).all()  # lon ~37, lat ~36


def test_barrel_bomb_reported_twice_is_one_event_with_two_sources(result):
    ev = result.events
    strikes = ev[(ev.sub_event_type == "Air/drone strike") & (ev.place_id == "sukkari")]
    assert len(strikes) == 1
    row = strikes.iloc[0]
    assert row.date == date(2016, 11, 28) and row.fatalities == 14
    assert {s["article"] for s in row.sources} == {"blog.txt", "wire.txt"}


def test_offsets_point_at_the_evidence(result, folder):
    for _, row in result.events.iterrows():
        for src in row.sources:
            text = (folder / src["article"]).read_text(encoding="utf-8")
            assert text[src["start"] : src["end"]] == src["sentence"]


def test_capture_and_assertions(result):
    cc = result.control_changes
    change = cc[(cc.place_id == "hanano") & (cc.kind == "change")]
    assert list(change["to"]) == ["regime"] and list(change["date"]) == [date(2016, 11, 27)]
    held = cc[cc.kind == "assertion"]
    assert set(held.place_id) == {"sukkari", "kalaseh"} and set(held["to"]) == {"rebel"}


def test_comments_are_mentions_but_not_events(result, folder):
    m = result.mentions
    assert m[m.place_id == "jabal_badro"]["in_comments"].tolist() == [True]
    assert "jabal_badro" not in set(result.events.place_id)
    with_comments = extract([folder], include_comments=True)
    assert "jabal_badro" in set(with_comments.events.place_id)


def test_outputs_are_byte_stable(result, folder, tmp_path):
    first = write_outputs(result, tmp_path / "one")
    second = write_outputs(extract([folder]), tmp_path / "two")
    assert [p.name for p in first] == [
        "events.geojson",
        "events.csv",
        "control_changes.csv",
        "mentions.csv",
    ]
    for a, b in zip(first, second, strict=False):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert not list((tmp_path / "one").glob("*.tmp"))


def test_streaming_keeps_no_text_and_the_same_records(result, folder, tmp_path):
    seen: dict[str, tuple[str, int]] = {}

    def keep(article, events):
        seen[article.id] = (article.text, len(events))

    lean = extract([folder], on_article=keep, keep_text=False)
    assert [a.text for a in lean.articles] == ["", ""]
    assert [a.published for a in lean.articles] == [a.published for a in result.articles]
    assert lean.records == result.records
    assert seen["wire.txt"][0] == WIRE and seen["wire.txt"][1] >= 1  # the text while it streams
    for name, written in zip(["a", "b"], [result, lean], strict=True):
        write_outputs(written, tmp_path / name)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_frames_are_typed_like_the_records(result):
    cc, m, ev = result.control_changes, result.mentions, result.events
    assert cc["start"].dtype.kind == "i" and cc["in_comments"].dtype.kind == "b"
    assert m["end"].dtype.kind == "i" and str(m["entry_time_utc"].dtype).startswith("datetime64")
    assert ev["fatalities"].dtype.kind == "i" and isinstance(ev["sources"].iloc[0], list)
    assert list(cc.columns) == CONTROL_COLUMNS and list(m.columns) == MENTION_COLUMNS
    assert len(cc) == len(result.records.control_changes)


def test_empty_frames_keep_their_columns():
    assert list(control_frame([]).columns) == CONTROL_COLUMNS
    assert list(mentions_frame([]).columns) == MENTION_COLUMNS
    assert len(events_frame([])) == 0


def test_output_columns(result, tmp_path):
    out = tmp_path / "cols"
    write_outputs(result, out)
    with open(out / "events.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ACLED_COLUMNS and len(rows) == len(result.events) + 1
    with open(out / "control_changes.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == [
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
    with open(out / "mentions.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == [
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
    gj = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    feat = gj["features"][0]
    lon, lat = feat["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38
    assert {
        "event_id",
        "date",
        "date_precision",
        "time_utc",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "place_id",
        "place",
        "geo_precision",
        "fatalities",
        "certainty",
        "in_comments",
        "sources",
    } <= set(feat["properties"])
    assert set(feat["properties"]["sources"][0]) == {
        "article",
        "entry_time_utc",
        "sentence",
        "start",
        "end",
    }


# -- dates carried through a story ---------------------------------------------------------

STORY = """Front Line Report

ORIGINAL ENTRY: Government troops and allied militias advanced sharply in the east of the city
on Friday.

The offensive captured all of the Old City before nightfall.

Clashes are still raging in Sheikh Saeed, a local activist says.

Rebels Regroup in the South

Insurgents recaptured the Ramouseh crossing.

Residents of east Aleppo fear the worst. Backed by heavy shelling, the army took all but a few
districts on Friday.
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    root = tmp_path_factory.mktemp("story")
    (root / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "manifest.csv").write_text(
        "file,published,title,source\nstory.txt,2016-12-11,Front Line Report,Test\n",
        encoding="utf-8",
    )
    return extract([root])


def _control(res, place_id):
    return {(r.to, r.date) for r in res.control_changes.itertuples() if r.place_id == place_id}


def test_a_paragraph_pointing_back_keeps_the_date(story):
    # "The offensive ..." goes on with Friday's advance: every Old City quarter, Friday 9 Dec.
    assert _control(story, "citadel") == {("regime", date(2016, 12, 9))}
    assert _control(story, "bab_al_hadid") == {("regime", date(2016, 12, 9))}


def test_present_progressive_is_the_day_of_writing(story):
    clashes = story.events[story.events.sub_event_type == "Armed clash"]
    assert set(zip(clashes.place_id, clashes.date, strict=True)) == {
        ("sheikh_saeed", date(2016, 12, 11))
    }


def test_a_headline_starts_a_new_story(story):
    # The story under the headline is undated: the day of writing, not Friday.
    assert _control(story, "ramouseh") == {("rebel", date(2016, 12, 11))}


def test_events_of_an_all_but_sentence_take_the_area(story):
    shelling = story.events[story.events.sub_event_type == "Shelling/artillery/missile attack"]
    assert set(zip(shelling.place_id, shelling.date, strict=True)) == {
        ("aleppo_east", date(2016, 12, 9))
    }


def test_a_headline_repeating_the_body_is_not_a_second_event(tmp_path):
    text = (
        "Weekly Wrap\n\nORIGINAL ENTRY: Quiet day.\n\nJets Pound Maadi Market\n\n"
        "Warplanes bombed the market in Maadi on Friday, killing nine people.\n"
    )
    (tmp_path / "wrap.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published,title,source\nwrap.txt,2016-12-11,Weekly Wrap,Test\n", encoding="utf-8"
    )
    res = extract([tmp_path])
    air = res.events[res.events.sub_event_type == "Air/drone strike"]
    assert list(zip(air.place_id, air.date, strict=True)) == [("maadi", date(2016, 12, 9))]


def test_reading_attributes_keeps_every_other_field_of_the_sentence():
    from mapper.extract.reader import _with_attributes, read_sentence

    ctx = read_sentence("Regime forces captured Hanano on Monday, killing 12 people, activists said.",
                        date(2016, 12, 14), article_id="a.txt", context_sides=("rebels",))
    again = _with_attributes(ctx, "")
    assert again == ctx  # read_sentence already read them: nothing else may change
    assert set(ctx._fields) >= {"certainty", "fatalities", "report_date"}
    assert ctx.fatalities == 12 and ctx.context_sides == ("rebels",)
