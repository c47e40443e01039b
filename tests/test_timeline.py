"""Control timeline, front line and shares on small hand-made inputs."""

from __future__ import annotations

import csv
from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import box

from gazetteer.places import Gazetteer
from gazetteer.records import Place
from mapper.control.frontline import front_by_day, front_geojson, shared_edges
from mapper.control.shares import (
    comparison_lines,
    computed_shares,
    district_areas,
    east_districts,
    parse_quoted,
    quoted_shares,
)
from mapper.control.timeline import build_timeline, districts_of, write_timeline_csv
from mapper.records import ControlChange

D = date(2016, 12, 1)


def day(n: int) -> date:
    return date(2016, 12, n)


@pytest.fixture()
def places():
    def p(pid, kind, parent):
        return Place(pid, pid.upper(), kind, parent, 36.2, 37.1)

    return Gazetteer([
        p("aleppo_city", "city", "aleppo_province"), p("aleppo_province", "province", "syria"),
        p("aleppo_east", "area", "aleppo_city"), p("aleppo_west", "area", "aleppo_city"),
        p("aleppo_old_city", "area", "aleppo_city"),
        p("east1", "district", "aleppo_east"), p("east2", "district", "aleppo_east"),
        p("west1", "district", "aleppo_west"),
        p("quarter1", "old_city_quarter", "aleppo_old_city"),
        p("quarter2", "old_city_quarter", "aleppo_old_city"),
        p("al_bab", "town", "aleppo_province"),
    ])


@pytest.fixture()
def baseline():
    return {D: {"aleppo_east": ("rebel", "note E"), "west1": ("regime", "note W"),
                "aleppo_old_city": ("rebel", "note O"), "east2": ("contested", "own row")}}


def report(n, pid, to, certainty="confirmed", kind="change", article="a.txt", sentence="s",
           in_comments=False):
    return ControlChange(day(n), pid, pid, "", to, kind, certainty, article, sentence, 0, 1,
                         in_comments)


def by(rows):
    return {(r.date, r.place_id): r for r in rows}


def test_baseline_expands_wholes_but_a_district_row_wins(places, baseline):
    rows = by(build_timeline(baseline, [], places, day(2)))
    assert rows[(D, "east1")].controller == "rebel"
    assert rows[(D, "east2")].controller == "contested"
    assert rows[(D, "quarter2")].controller == "rebel"
    assert rows[(D, "east1")].basis == "baseline" and rows[(D, "east1")].sentence == "note E"
    assert rows[(day(2), "east1")].basis == "carried_forward"


def test_every_district_every_day_sorted(places, baseline):
    rows = build_timeline(baseline, [report(4, "east1", "regime")], places)
    assert len(rows) == 4 * 5
    assert rows == sorted(rows, key=lambda r: (r.date, r.place_id))
    assert {r.place_id for r in rows} == {"east1", "east2", "west1", "quarter1", "quarter2"}


def test_change_is_carried_forward_with_its_evidence_and_since(places, baseline):
    rows = by(build_timeline(baseline, [report(3, "east1", "regime", sentence="Army took E1.")],
                             places, day(5)))
    assert rows[(day(2), "east1")].controller == "rebel"
    r3, r5 = rows[(day(3), "east1")], rows[(day(5), "east1")]
    assert (r3.controller, r3.basis, r3.certainty) == ("regime", "change", "confirmed")
    assert (r5.controller, r5.basis, r5.sentence) == ("regime", "carried_forward", "Army took E1.")
    assert r5.since == day(3)
    assert rows[(day(2), "east1")].since == D


def test_confirmed_outweighs_claimed_on_the_same_day(places, baseline):
    reps = [report(3, "east1", "regime", "claimed", sentence="claim"),
            report(3, "east1", "rebel", "confirmed", kind="assertion", sentence="confirmed")]
    r = by(build_timeline(baseline, reps, places))[(day(3), "east1")]
    assert (r.controller, r.basis, r.sentence) == ("rebel", "assertion", "confirmed")


def test_later_report_outweighs_earlier(places, baseline):
    reps = [report(3, "east1", "regime", "confirmed"), report(4, "east1", "rebel", "reported")]
    rows = by(build_timeline(baseline, reps, places))
    assert rows[(day(3), "east1")].controller == "regime"
    assert rows[(day(4), "east1")].controller == "rebel"


def test_equal_contradictory_reports_make_contested(places, baseline):
    reps = [report(3, "east1", "regime", "reported", article="x.txt", sentence="taken"),
            report(3, "east1", "rebel", "reported", article="y.txt", sentence="held")]
    r = by(build_timeline(baseline, reps, places))[(day(3), "east1")]
    assert r.controller == "contested"
    assert "taken" in r.sentence and "held" in r.sentence
    assert r.article == "x.txt;y.txt"


def test_whole_is_expanded_and_a_direct_report_beats_it(places, baseline):
    reps = [report(3, "aleppo_old_city", "regime", sentence="all of the Old City"),
            report(3, "quarter2", "rebel", "claimed", sentence="still fighting in Q2")]
    rows = by(build_timeline(baseline, reps, places))
    assert (rows[(day(3), "quarter1")].controller, rows[(day(3), "quarter1")].basis) == \
        ("regime", "expanded")
    assert rows[(day(3), "quarter2")].controller == "rebel"


def test_denials_comments_and_reports_before_the_baseline_change_nothing(places, baseline):
    reps = [report(3, "east1", "regime", "denied"),
            report(3, "east2", "regime", in_comments=True),
            ControlChange(date(2016, 11, 1), "west1", "w", "", "rebel", "change", "confirmed",
                          "a", "old", 0, 1)]
    rows = by(build_timeline(baseline, reps, places, day(3)))
    assert rows[(day(3), "east1")].controller == "rebel"
    assert rows[(day(3), "east2")].controller == "contested"
    assert rows[(D, "west1")].controller == "regime"


def test_a_later_baseline_snapshot_resets_the_state(places, baseline):
    snap = dict(baseline)
    snap[day(4)] = {"east1": ("regime", "curated 4 Dec")}
    rows = by(build_timeline(snap, [], places, day(5)))
    assert rows[(day(3), "east1")].controller == "rebel"
    assert (rows[(day(4), "east1")].controller, rows[(day(4), "east1")].basis) == \
        ("regime", "baseline")
    assert rows[(day(4), "east2")].controller == "contested"


def test_districts_of(places):
    assert districts_of(places, "aleppo_east") == ["east1", "east2"]
    assert districts_of(places, "quarter1") == ["quarter1"]
    assert districts_of(places, "al_bab") == []
    assert districts_of(places, "user_district") == []  # unknown to the gazetteer: no error


def test_a_report_on_a_place_the_gazetteer_lacks_reaches_only_its_own_district(places, baseline):
    reps = [report(3, "user_district", "regime"), report(3, "elsewhere", "regime")]
    rows = by(build_timeline(baseline, reps, places, districts=["east1", "user_district"]))
    got = {pid: (rows[(day(3), pid)].controller, rows[(day(3), pid)].basis)
           for pid in ("east1", "user_district")}
    assert got == {"user_district": ("regime", "change"), "east1": ("rebel", "carried_forward")}


def test_timeline_csv(tmp_path, places, baseline):
    rows = build_timeline(baseline, [report(2, "east1", "regime", sentence='He said "yes", ok')],
                          places)
    path = write_timeline_csv(list(reversed(rows)), tmp_path / "out" / "control_timeline.csv")
    with path.open(encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert list(got[0]) == ["date", "place_id", "controller", "basis", "certainty", "article",
                            "sentence"]
    assert [(g["date"], g["place_id"]) for g in got] == sorted((g["date"], g["place_id"])
                                                               for g in got)
    hit = [g for g in got if g["date"] == "2016-12-02" and g["place_id"] == "east1"][0]
    assert hit["sentence"] == 'He said "yes", ok' and hit["basis"] == "change"
    assert not list(tmp_path.joinpath("out").glob(".control_timeline.*"))


# ---------------------------------------------------------------- front line and shares

@pytest.fixture()
def grid():
    """Four 0.01° squares in a 2x2 grid in Aleppo; ``b`` sits 0.0001° apart (a drawing gap)."""
    x, y = 37.1, 36.2
    cells = {"a": box(x, y, x + 0.01, y + 0.01), "b": box(x + 0.0101, y, x + 0.0201, y + 0.01),
             "c": box(x, y + 0.01, x + 0.01, y + 0.02),
             "d": box(x + 0.01, y + 0.01, x + 0.02, y + 0.02)}
    return gpd.GeoDataFrame({"place_id": list(cells), "name": list(cells)},
                            geometry=list(cells.values()), crs=4326)


def rows_for(grid_sides: dict[str, str], places_extra=None):
    from mapper.control.timeline import DayControl

    return [DayControl(D, pid, c, "baseline", "", "b", "", D) for pid, c in grid_sides.items()]


def test_shared_edges_tolerate_small_gaps_and_skip_corners(grid):
    edges = shared_edges(grid)
    assert set(edges) == {("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")}
    assert edges[("a", "c")].length == pytest.approx(0.01, rel=0.05)


def test_front_runs_between_regime_and_opposition_only(grid):
    edges = shared_edges(grid)
    rows = rows_for({"a": "regime", "b": "rebel", "c": "rebel", "d": "kurdish"})
    keys = list(edges)
    assert sorted(keys[k] for k in front_by_day(rows, edges)[D]) == [("a", "b"), ("a", "c")]
    gj = front_geojson(rows, edges, D)
    assert len(gj["features"]) == 2
    assert gj["features"][0]["geometry"]["type"] == "MultiLineString"


def test_computed_shares(grid):
    rows = rows_for({"a": "regime", "b": "rebel", "c": "rebel", "d": "contested"})
    areas = district_areas(grid)
    assert areas["a"] == pytest.approx(0.898 * 1.109, rel=0.01)  # 0.01° of lon x lat at 36.2°N
    got = computed_shares(rows, areas, ["a", "b", "c", "d"])[D]
    assert got["regime_pct"] == pytest.approx(25.0, abs=0.5)
    assert got["opposition_pct"] == pytest.approx(50.0, abs=0.5)
    assert got["other_pct"] == pytest.approx(25.0, abs=0.5)


def test_east_is_the_baseline_opposition_territory(places):
    first = {"aleppo_old_city": ("rebel", ""), "west1": ("regime", "")}
    assert east_districts(first, places, ["east1", "east2", "west1", "quarter1", "quarter2"]) == \
        ["east1", "east2", "quarter1", "quarter2"]


@pytest.mark.parametrize("sentence, expected", [
    ("Loyalist troops have now seized roughly 80% of the rebel pocket.", [80.0]),
    ("Insurgents are confined to about 10 percent of the area they held in November.", [90.0]),
    ("The army said it controls 98 per cent of the eastern neighbourhoods.", [98.0]),
    ("Prices rose 40% in the besieged market.", []),
    ("Turnout was 73% according to officials.", []),
    ("Fighters still hold 15% of the enclave, while regime forces hold 85% of the territory.",
     [85.0, 85.0]),
])
def test_parse_quoted_shares(sentence, expected):
    assert [pct for pct, _ in parse_quoted(sentence)] == expected


def test_quoted_shares_from_texts_and_comparison():
    text = ("Headline: Regime Retakes 60% Of Rebel Territory\nOther news. Nothing here.\n"
            "Officials claimed to control 70% of east Aleppo.")
    quoted = quoted_shares([(day(5), "x.txt", text), (day(5), "x.txt", text)])
    assert [(q.regime_pct, q.phrase) for q in quoted] == [(60.0, "60%"), (70.0, "70%")]
    lines = comparison_lines(quoted, {day(5): {"regime_pct": 65.0}})
    assert lines[0] == "2016-12-05 quoted regime share 60% ('60%', x.txt) vs computed 65.0%"
    assert "outside the timeline" in comparison_lines(quoted, {})[0]
