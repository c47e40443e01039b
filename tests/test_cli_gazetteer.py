"""`mapper gazetteer ...` as a user runs it."""

import json

import pytest

from mapper.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_find_answers_sheikh_saeed_with_coordinates(capsys):
    code, out, _ = run(capsys, "gazetteer", "find", "Shaykh Said", "--json")
    assert code == 0
    best = json.loads(out)[0]
    assert best["id"] == "sheikh_saeed"
    assert best["matched_alias"] and 0 < best["score"] <= 1
    assert best["lat"] == pytest.approx(36.165, abs=0.01)
    assert best["lon"] == pytest.approx(37.156, abs=0.01)
    assert best["path"][-1] == "syria"


def test_find_nothing_exits_1_with_one_line(capsys):
    code, out, err = run(capsys, "gazetteer", "find", "Xyzzyville")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Xyzzyville" in err


def test_list_within_an_area_and_kind(capsys):
    code, out, _ = run(capsys, "gazetteer", "list", "--within", "aleppo_old_city", "--kind", "old_city_quarter")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(rows) >= 15
    assert all(r[2] == "old_city_quarter" for r in rows)


def test_list_within_a_name(capsys):
    code, out, _ = run(capsys, "gazetteer", "list", "--within", "east Aleppo")
    assert code == 0 and "bustan_al_qasr" in out and "sheikh_maqsoud" not in out


def test_export_geojson_is_lon_lat_and_stable(capsys, tmp_path):
    target = tmp_path / "places.geojson"
    assert run(capsys, "gazetteer", "export", "--format", "geojson", "-o", str(target))[0] == 0
    first = target.read_bytes()
    doc = json.loads(first)
    pt = next(f for f in doc["features"] if f["id"] == "aleppo_city")["geometry"]["coordinates"]
    assert 37.0 < pt[0] < 37.3 and 36.1 < pt[1] < 36.3
    assert run(capsys, "gazetteer", "export", "--format", "geojson", "-o", str(target))[0] == 0
    assert target.read_bytes() == first


def test_export_csv_round_trips(capsys, tmp_path):
    from gazetteer.places import read_places

    target = tmp_path / "places.csv"
    assert run(capsys, "gazetteer", "export", "--format", "csv", "-o", str(target))[0] == 0
    assert len(read_places(target)) > 200


def test_usage_error_is_one_line(capsys):
    code, _, err = run_usage(capsys, "gazetteer", "nonsense")
    assert code == 64 and err.count("\n") == 1


def run_usage(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    _, err = capsys.readouterr()
    return exc.value.code, None, err


def test_verbosity_options_work_before_and_after_the_command(capsys):
    assert run(capsys, "-q", "gazetteer", "find", "Shaykh Said")[0] == 0
    code, out, _ = run(capsys, "gazetteer", "find", "Shaykh Said", "-q")
    assert code == 0 and out.startswith("sheikh_saeed")
