"""Rendering without a browser: the site files, their escaping, reproducibility, layers."""

from __future__ import annotations

import json
import threading
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest

from mapper.build import LAYERS, render
from mapper.errors import InputError, OutputError
from mapper.render.geo import round_coords, to_latlon
from mapper.render.incidents import decode, incidents_data, time_steps
from mapper.render.movements import named_places
from mapper.render.plugin import data_script
from mapper.render.site import stable_ids, write_site
from mapper.serve import make_server

DAYS = [date(2016, 12, 1) + timedelta(days=k) for k in range(5)]


def load_data(site: Path, name: str):
    text = (site / "data" / f"{name}.js").read_text(encoding="utf-8")
    prefix, suffix = f'window.MapperData["{name}"] = JSON.parse(', ");"
    line = [x for x in text.splitlines() if x.startswith(prefix)][0]
    assert line.endswith(suffix)
    return json.loads(json.loads(line[len(prefix):-len(suffix)]))


def all_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def test_coordinate_order_is_converted_in_one_place():
    assert to_latlon(37.16, 36.2) == [36.2, 37.16]
    assert round_coords([[37.123456789, 36.1]]) == [[37.123457, 36.1]]


def test_site_layout(fixture_site):
    files = all_files(fixture_site)
    for name in ("index.html", "static/timemap.js", "static/incident_canvas.js",
                 "static/timemap.css",
                 "data/control_timeline.csv", "data/events.geojson", "data/control_changes.csv",
                 *(f"data/{n}.js" for n in ("time", "panel", *LAYERS))):
        assert name in files, name
    html = files["index.html"].decode()
    assert html.index("data/control.js") < html.index("static/timemap.js") < \
        html.index("MapperTimeMap.create")
    # Popup details are loaded per day on demand, not by the page.
    incidents = load_data(fixture_site, "incidents")
    days = [n for n in incidents["details"] if n]
    assert days and all(f"data/{n}.js" in files and f"data/{n}.js" not in html for n in days)
    # The extraction files are offered beside the map as links, not copies.
    assert (fixture_site / "data" / "events.geojson").stat().st_nlink >= 2
    assert not list(fixture_site.parent.glob(".site-*"))


def test_untrusted_text_never_appears_raw(fixture_site):
    for name, data in all_files(fixture_site).items():
        if name.endswith((".js", ".html")) and name.startswith(("data/", "index")):
            text = data.decode()
            assert "<script>alert" not in text and "<img" not in text, name
            assert "</script><script>window.__pwned" not in text, name
    sentences = [src[2] for name in load_data(fixture_site, "incidents")["details"] if name
                 for row in load_data(fixture_site, name)["rows"] for src in row[7]]
    assert any("<script>alert(1)</script>" in s for s in sentences)


def test_data_script_escapes_html_and_quotes():
    value = {"s": "</script><b>'&\"\\ \u2028 \")); window.__pwned = 1; //"}
    out = data_script("x", value)
    assert "</script>" not in out and "<b>" not in out and "'&" not in out
    assert out.startswith("window.MapperData = window.MapperData || {};\n")
    assert out.isascii()
    literal = out.splitlines()[1].removeprefix('window.MapperData["x"] = JSON.parse(')
    assert json.loads(json.loads(literal.removesuffix(");"))) == value


@pytest.mark.parametrize("backend", ["orjson", "json"])
def test_fast_json_writes_what_the_standard_library_writes(backend, monkeypatch):
    import mapper.render.jsonio as jsonio

    if backend == "json":  # as on a machine without orjson
        monkeypatch.setattr(jsonio, "orjson", None)
    elif jsonio.orjson is None:
        pytest.skip("orjson not installed")
    data = {"b": [1, -2, 36.182605, 0.5, None, True], "a": {"z": "Bustan al-Qaṣr حلب 😀",
            "y": "\u202eevil\u202c \"q\" \\ \n"}, "": []}
    expected = json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert jsonio.dumps(data) == expected
    assert jsonio.loads(expected.encode()) == data


def test_unreadable_events_file_is_a_clear_error(tmp_path):
    from mapper.render.jsonio import load_events

    (tmp_path / "events.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid GeoJSON"):
        load_events(tmp_path / "events.geojson")
    (tmp_path / "events.geojson").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="no 'features' list"):
        load_events(tmp_path / "events.geojson")
    assert load_events(tmp_path / "absent.geojson") == []


def test_two_renders_are_byte_identical(tmp_path, fixture_extraction, squares):
    a = render(fixture_extraction, tmp_path / "a", shapes=squares, progress=False).site
    b = render(fixture_extraction, tmp_path / "b", shapes=squares, progress=False).site
    assert all_files(a) == all_files(b)
    assert "map_0000" in (a / "index.html").read_text()


def test_stable_ids_follow_first_appearance():
    html = "var map_" + "a" * 32 + "; x_" + "b" * 32 + "_layers; map_" + "a" * 32
    assert stable_ids(html) == "var map_0000; x_0001_layers; map_0000"


def test_control_layer_shows_the_change_on_its_day(fixture_site):
    control, time = load_data(fixture_site, "control"), load_data(fixture_site, "time")
    k = [f["properties"]["id"] for f in control["districts"]["features"]].index("bustan_al_qasr")
    state = {d: control["states"][control["byDay"][i][k]] for i, d in enumerate(time["days"])}
    assert state["2016-12-11"][0] == "rebel"
    assert state["2016-12-12"][0:3] == ["regime", "change", "confirmed"]
    assert state["2016-12-13"][1] == "carried_forward"
    assert time["days"][state["2016-12-13"][4]] == "2016-12-12"  # since
    assert control["evidence"][state["2016-12-13"][3]][1].startswith("Regime troops took full")


def test_only_rewrites_the_chosen_layers(tmp_path, fixture_extraction, squares):
    site = render(fixture_extraction, tmp_path / "s", shapes=squares, progress=False).site
    control = (site / "data" / "control.js").read_bytes()
    (site / "data" / "incidents.js").write_text("stale", encoding="utf-8")
    res = render(fixture_extraction, site, only=["incidents"], shapes=squares, progress=False)
    assert res.layers == ("incidents",)
    assert (site / "data" / "control.js").read_bytes() == control
    assert (site / "data" / "incidents.js").read_text(encoding="utf-8") != "stale"
    with pytest.raises(InputError, match="unknown layer bogus"):
        render(fixture_extraction, site, only=["bogus"], shapes=squares, progress=False)


def test_missing_extraction_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such extraction folder"):
        render(tmp_path / "nope", tmp_path / "site", progress=False)


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write the site"):
        write_site(blocker / "site", {"index.html": b"x"})


def test_write_site_replaces_atomically(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": b"one", "data/a.js": b"a"})
    write_site(site, {"index.html": b"two"})
    assert all_files(site) == {"index.html": b"two"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_write_site_links_readable_files_and_copies_private_ones(tmp_path):
    shared, private = tmp_path / "shared.csv", tmp_path / "private.csv"
    shared.write_text("a\n")
    private.write_text("b\n")
    private.chmod(0o600)
    site = write_site(tmp_path / "site", {"index.html": b"x"},
                      links={"data/shared.csv": shared, "data/private.csv": private})
    assert (site / "data" / "shared.csv").stat().st_ino == shared.stat().st_ino
    copied = (site / "data" / "private.csv").stat()
    assert copied.st_ino != private.stat().st_ino and copied.st_mode & 0o044 == 0o044
    shared.unlink()  # the extractor replaces its files; the site keeps what it linked
    shared.write_text("new\n")
    assert (site / "data" / "shared.csv").read_text() == "a\n"


def feature(eid, day, hour=None, sub="Air/drone strike", in_comments=False, fat=1):
    t = f"{day}T{hour:02d}:15:00+00:00" if hour is not None else None
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
            "properties": {"event_id": eid, "date": day, "time_utc": t, "event_type": "X",
                           "sub_event_type": sub, "fatalities": fat, "certainty": "claimed",
                           "in_comments": in_comments, "sources": []}}


def test_incidents_are_indexed_by_day_and_hour():
    feats = [feature("c", "2016-12-03", 9), feature("a", "2016-12-01"),
             feature("b", "2016-12-03", 2), feature("z", "2016-12-02", in_comments=True),
             feature("old", "2016-11-01"), feature("y", "2016-12-04", fat=7)]
    data = incidents_data(feats, DAYS)
    cols = data.columns
    assert [decode(data, i)["id"] for i in range(4)] == ["a", "b", "c", "y"]
    assert cols["dayStart"] == [0, 1, 1, 3, 4, 4]
    assert cols["hour"] == [-1, 2, 9, -1]
    assert decode(data, 1)["clock"] == 2 * 60 + 15
    assert decode(data, 3)["fat"] == 7 and decode(data, 3)["certainty"] == "claimed"
    assert (decode(data, 3)["lat"], decode(data, 3)["lon"]) == (36.2, 37.1)
    assert time_steps(DAYS, cols) == [[0, -1], [1, -1], [2, 2], [2, 9], [2, -1], [3, -1],
                                      [4, -1]]
    # One details file per day with incidents, rows in the order of the columns.
    assert cols["details"] == ["incidents/000", None, "incidents/002", "incidents/003", None]
    assert sorted(data.payloads()) == ["incidents", "incidents/000", "incidents/002",
                                       "incidents/003"]
    assert [r[0] for r in data.details[2]["rows"]] == ["b", "c"]


def test_incident_columns_are_compact_integers():
    feats = [feature("a", "2016-12-01"), feature("b", "2016-12-02")]
    feats[1]["geometry"]["coordinates"] = [37.123456, 36.654321]
    cols = incidents_data(feats, DAYS).columns
    assert (cols["x0"], cols["y0"], cols["scale"]) == (3710000, 3620000, 100000)
    assert cols["x"] == [0, 2346] and cols["y"] == [0, 45432]
    assert all(isinstance(v, int) for k in ("x", "y", "hour", "sym", "fat", "cert")
               for v in cols[k])


def test_time_is_ignored_when_it_is_not_on_the_event_day():
    f = feature("a", "2016-12-02")
    f["properties"]["time_utc"] = "2016-12-03T10:00:00+00:00"  # report time, not event time
    assert incidents_data([f], DAYS).columns["hour"] == [-1]
    f["properties"]["time_utc"] = "2016-12-02T23:05:00Z"  # other spellings of UTC still count
    assert decode(incidents_data([f], DAYS), 0)["clock"] == 23 * 60 + 5


@pytest.mark.parametrize("sentence, expected", [
    ("Thousands boarded buses bound for Idlib Province on Thursday.", [("idlib_province", False)]),
    ("Wounded were brought out from Kafraya overnight.", [("kafraya", True)]),
    ("Fighters will go to the western countryside and then to al-Bab.",
     [("khan_al_assal", False), ("al_bab", False)]),
    ("Fighting continued in Palmyra.", []),
])
def test_named_places_need_a_direction(sentence, expected):
    from gazetteer.places import load_gazetteer

    assert named_places(sentence, load_gazetteer()) == expected


def test_serve(fixture_site):
    server = make_server(fixture_site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        with urllib.request.urlopen(url, timeout=5) as resp:
            assert b"MapperTimeMap.create" in resp.read()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_without_a_site(tmp_path):
    with pytest.raises(InputError, match="run `mapper build` first"):
        make_server(tmp_path, 0)


def test_an_empty_extraction_still_maps_the_baseline(tmp_path, squares):
    (tmp_path / "empty").mkdir()
    res = render(tmp_path / "empty", tmp_path / "site", shapes=squares, progress=False)
    assert res.incidents == 0 and res.days[0] == date(2016, 11, 15)
    incidents = load_data(res.site, "incidents")
    assert incidents["dayStart"] == [0] * (len(res.days) + 1)
