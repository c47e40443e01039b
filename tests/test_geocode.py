"""The opt-in geocoder, against geopy's real Nominatim client and a local server.

The server below is a small stand-in for Nominatim's ``/search`` endpoint: it
answers in Nominatim's JSON format (a list of results whose ``lat`` and
``lon`` are strings), with HTTP errors or too slowly when asked to, and
records when each request arrives.  Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer.geocode import Geocoder, fill_missing, slug
from mapper.errors import GazetteerError, GeocoderError

# Answers the fake service gives, by query.  Coordinates are rounded real ones.
TELL_RIFAAT = {
    "place_id": 1001,
    "lat": "36.4697",
    "lon": "37.0973",
    "class": "place",
    "type": "town",
    "name": "Tell Rifaat",
    "display_name": "Tell Rifaat, Azaz District, Aleppo Governorate, Syria",
    "boundingbox": ["36.45", "36.49", "37.08", "37.11"],
}
HAMDANIYEH = {
    "place_id": 1002,
    "lat": "36.1832",
    "lon": "37.1250",
    "class": "place",
    "type": "suburb",
    "display_name": "Hamdaniyeh, Aleppo, Mount Simeon District, Aleppo Governorate, Syria",
    "boundingbox": ["36.17", "36.19", "37.11", "37.14"],
}
JABAL = {
    "place_id": 1003,
    "lat": "36.3300",
    "lon": "36.8500",
    "class": "natural",
    "type": "peak",
    "name": "جبل سمعان",
    "display_name": "جبل سمعان, Aleppo Governorate, Syria",
}
# An answer of the local test server (not a real geocoding result).
TELL_SHUGHAIB = {"lat": "36.1710", "lon": "37.2850", "display_name": "Tell Shughaib, Aleppo, Syria",
                 "class": "place", "type": "village", "importance": 0.3, "place_id": 9001}


class _FakeNominatim(ThreadingHTTPServer):
    # Handler threads are joined on close, so a sleeping handler cannot outlive the test.
    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[tuple[float, str, dict[str, list[str]]]] = []
        self.flaky_failures = 1
        self.lock = threading.Lock()

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def queries(self) -> list[str]:
        return [q for _, q, _ in self.hits]


class _Handler(BaseHTTPRequestHandler):
    server: _FakeNominatim

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        received = time.monotonic()
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        query = params.get("q", [""])[0]
        with self.server.lock:
            self.server.hits.append((received, query, params))
        if url.path != "/search":
            return self._send(404, {"error": "not found"})
        if query == "boom":
            return self._send(500, {"error": "internal error"})
        if query == "slow":
            time.sleep(1.0)
            return self._send(200, [])
        if query == "flaky":
            with self.server.lock:
                fail = self.server.flaky_failures > 0
                self.server.flaky_failures -= 1
            return self._send(503, {}) if fail else self._send(200, [TELL_RIFAAT])
        answers = {"Tell Rifaat": [TELL_RIFAAT], "Hamdaniyeh": [HAMDANIYEH], "جبل سمعان": [JABAL],
                   "Tell Shughaib": [TELL_SHUGHAIB]}
        return self._send(200, answers.get(query, []))

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server() -> Iterator[_FakeNominatim]:
    srv = _FakeNominatim()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()


def _geocoder(server: _FakeNominatim, tmp_path, **kwargs) -> Geocoder:
    options = {
        "domain": server.domain,
        "scheme": "http",
        "timeout": 2.0,
        "min_delay_seconds": 0.0,
        "cache_path": tmp_path / "geocode_cache.csv",
        "max_retries": 0,
        "user_agent": "aleppo-mapper-tests",
    }
    options.update(kwargs)
    return Geocoder(**options)


def _cache_rows(tmp_path) -> list[dict[str, str]]:
    with open(tmp_path / "geocode_cache.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_hit_becomes_place_with_lat_lon_in_order(server, tmp_path):
    place = _geocoder(server, tmp_path).geocode("Tell Rifaat", province="aleppo_province")
    assert place is not None
    # Nominatim sends lat/lon as strings; geopy gives (lat, lon); GeoJSON would be (lon, lat).
    assert place.lat == pytest.approx(36.4697) and place.lon == pytest.approx(37.0973)
    assert (place.id, place.name, place.kind) == ("geo_tell_rifaat", "Tell Rifaat", "town")
    assert place.parent == "aleppo_province"
    assert place.coord_source == "Nominatim: Tell Rifaat, Azaz District, Aleppo Governorate, Syria"
    assert place.coord_confidence == "medium"
    # Queries are biased to Syria and ask for one answer.
    _, query, params = server.hits[0]
    assert query == "Tell Rifaat"
    assert params["countrycodes"] == ["sy"] and params["format"] == ["json"]


def test_place_in_aleppo_city_gets_city_parent_and_kind(server, tmp_path):
    place = _geocoder(server, tmp_path).geocode("Hamdaniyeh", province="idlib_province")
    assert place is not None
    assert (place.parent, place.kind, place.name) == ("aleppo_city", "district", "Hamdaniyeh")


def test_arabic_query_keeps_arabic_name_and_hashed_id(server, tmp_path):
    place = _geocoder(server, tmp_path).geocode("جبل سمعان")
    assert place is not None
    assert place.kind == "mountain" and place.name_ar == "جبل سمعان"
    assert place.id.startswith("geo_h") and place.id.isascii()
    assert place.parent == "syria"


def test_answer_is_cached_and_never_asked_again(server, tmp_path):
    first = _geocoder(server, tmp_path).geocode("Tell Rifaat")
    assert server.queries() == ["Tell Rifaat"]
    rows = _cache_rows(tmp_path)
    assert [(r["query"], r["status"], r["lat"], r["lon"]) for r in rows] == [
        ("Tell Rifaat", "found", "36.469700", "37.097300")
    ]
    # A fresh geocoder (a new run) reads the cache: no request, same place.
    again = _geocoder(server, tmp_path).geocode("  tell   rifaat ")
    assert server.queries() == ["Tell Rifaat"]
    assert again is not None and (again.lat, again.lon) == (first.lat, first.lon)


def test_not_found_is_cached(server, tmp_path, caplog):
    geocoder = _geocoder(server, tmp_path)
    with caplog.at_level(logging.INFO, logger="gazetteer.geocode"):
        assert geocoder.geocode("Atlantis") is None
        assert geocoder.geocode("Atlantis") is None
    assert server.queries() == ["Atlantis"]
    assert [(r["query"], r["status"]) for r in _cache_rows(tmp_path)] == [("Atlantis", "not_found")]
    levels = {r.levelname for r in caplog.records if r.name == "gazetteer.geocode"}
    assert {"INFO", "WARNING"} <= levels


def test_cache_file_is_sorted_and_stable(server, tmp_path):
    geocoder = _geocoder(server, tmp_path)
    for name in ("Tell Rifaat", "Atlantis", "Hamdaniyeh"):
        geocoder.geocode(name)
    text = (tmp_path / "geocode_cache.csv").read_text(encoding="utf-8")
    assert [r["query"] for r in _cache_rows(tmp_path)] == ["Atlantis", "Hamdaniyeh", "Tell Rifaat"]
    _geocoder(server, tmp_path).geocode("Tell Rifaat")  # cache hit rewrites nothing
    assert (tmp_path / "geocode_cache.csv").read_text(encoding="utf-8") == text
    assert not list(tmp_path.glob(".*.tmp"))


def test_http_500_raises_geocoder_error_and_caches_nothing(server, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="gazetteer.geocode"):
        with pytest.raises(GeocoderError) as info:
            _geocoder(server, tmp_path).geocode("boom")
    message = str(info.value)
    assert "\n" not in message and "boom" in message and server.domain in message
    assert any(r.levelname == "WARNING" for r in caplog.records if r.name == "gazetteer.geocode")
    assert not (tmp_path / "geocode_cache.csv").exists()


def test_timeout_raises_geocoder_error(server, tmp_path):
    start = time.monotonic()
    with pytest.raises(GeocoderError, match="slow"):
        _geocoder(server, tmp_path, timeout=0.3).geocode("slow")
    assert time.monotonic() - start < 1.0  # gave up at the timeout, not when the server answered
    assert server.queries() == ["slow"]  # sent once: no hidden transport-level retry


def test_unreachable_service_raises_geocoder_error(tmp_path):
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]  # bound, then closed: nothing listens there
    geocoder = Geocoder(
        domain=f"127.0.0.1:{port}",
        scheme="http",
        timeout=1.0,
        min_delay_seconds=0.0,
        max_retries=0,
        cache_path=tmp_path / "c.csv",
    )
    with pytest.raises(GeocoderError):
        geocoder.geocode("Tell Rifaat")


def test_rate_limit_spaces_requests(server, tmp_path):
    geocoder = _geocoder(server, tmp_path, min_delay_seconds=0.3)
    for name in ("Tell Rifaat", "Hamdaniyeh", "Atlantis"):
        geocoder.geocode(name)
    times = [t for t, _, _ in server.hits]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2
    assert all(gap >= 0.3 - 0.05 for gap in gaps), gaps


def test_retry_after_server_error(server, tmp_path):
    geocoder = _geocoder(server, tmp_path, max_retries=1, error_wait_seconds=0.05)
    place = geocoder.geocode("flaky")
    assert place is not None and server.queries() == ["flaky", "flaky"]
    first, second = (t for t, _, _ in server.hits)
    assert second - first >= 0.05 - 0.02  # the retry waited error_wait_seconds


def test_fill_missing_looks_each_name_up_once(server, tmp_path):
    geocoder = _geocoder(server, tmp_path)
    places = fill_missing(["Tell Rifaat", "Atlantis", "tell rifaat", "Hamdaniyeh"], geocoder)
    assert [p.id for p in places] == ["geo_tell_rifaat", "geo_hamdaniyeh"]
    assert server.queries() == ["Tell Rifaat", "Atlantis", "Hamdaniyeh"]


def test_default_cache_lives_in_user_dir(server, tmp_path, monkeypatch):
    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path / "user"))
    geocoder = Geocoder(domain=server.domain, scheme="http", min_delay_seconds=0.0)
    geocoder.geocode("Atlantis")
    assert (tmp_path / "user" / "geocode_cache.csv").is_file()


def test_unknown_provider_and_bad_cache_are_clear_errors(tmp_path):
    with pytest.raises(GeocoderError, match="unknown geocoder 'bing'"):
        Geocoder("bing", cache_path=tmp_path / "c.csv")
    bad = tmp_path / "c.csv"
    bad.write_text("query,status\nAleppo,maybe\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="c.csv: missing columns"):
        Geocoder(cache_path=bad)


def test_slug_is_stable_ascii():
    assert slug("Tall Rif‘at") == "tall_rifat"
    assert slug("al-Ḩasakah") == "al_hasakah"
    assert slug("حلب") == slug("حلب") and slug("حلب").startswith("h")


def test_public_service_is_never_asked_faster_than_once_a_second(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="gazetteer.geocode"):
        geocoder = Geocoder(min_delay_seconds=0.1, cache_path=tmp_path / "c.csv")
    assert geocoder.where == "https://nominatim.openstreetmap.org"
    assert geocoder.min_delay_seconds == geocoder._lookup.min_delay_seconds == 1.0
    assert "below the public Nominatim limit" in caplog.text


def test_unknown_place_in_an_article_is_geocoded_into_the_user_layer(server, tmp_path, monkeypatch):
    from gazetteer.places import clear_cache, load_gazetteer
    from mapper import pipeline
    from mapper.geofill import fill_unknown_places

    monkeypatch.setenv("MAPPER_USER_DIR", str(tmp_path / "user"))
    clear_cache()
    pipeline.reset_tools()
    art = tmp_path / "in"
    art.mkdir()
    (art / "a.txt").write_text("Regime forces shelled the village of Tell Shughaib on Monday.\n", encoding="utf-8")
    (art / "manifest.csv").write_text("file,published\na.txt,2016-12-13\n", encoding="utf-8")
    try:
        added = fill_unknown_places([art], _geocoder(server, tmp_path))
        assert added == 1 and server.queries() == ["Tell Shughaib"]
        place = load_gazetteer().lookup("Tell Shughaib").place
        assert (round(place.lat, 3), round(place.lon, 3)) == (36.171, 37.285)
        records, _ = pipeline.extract_records([art])
        assert [m.place_id for m in records.mentions] == [place.id]
        assert records.unknown_places == ()
    finally:
        clear_cache()
        pipeline.reset_tools()
