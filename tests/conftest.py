"""Shared fixtures: a hand-written extraction folder, placeholder district squares, and a
real headless Chromium that loads the map with Leaflet & co. served from local npm copies.

The extraction fixture is written here (not produced by the extractor) so map tests do
not depend on the extractor's recall.  The placeholder squares exist only in tests; the
shipped map uses the gazetteer's district polygons.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
JS_DIR = Path(__file__).parent / "js"
ARTIFACTS = Path(__file__).parent / "artifacts"

HOSTILE = ("Shelling hit Bustan al-Qasr <script>alert(1)</script> and "
           "<img src=x onerror=\"window.__pwned=1\"> then \"</script><script>window.__pwned=2"
           "</script>\" it's a \\ backslash \u202eevil\u202c \u200fmark")

# ---------------------------------------------------------------- the gazetteer


@pytest.fixture(scope="session")
def gaz():
    """The shipped gazetteer (a test module may define its own ``gaz`` instead)."""
    from gazetteer.places import load_gazetteer

    return load_gazetteer()


# ---------------------------------------------------------------- extraction fixture


def _event(eid, day, lon, lat, sub, etype, place_id, place, fat, cert, sentence,
           article="fixture_a.txt", time_utc=None, in_comments=False, more=()):
    sources = [{"article": article, "entry_time_utc": time_utc, "sentence": sentence,
                "start": 0, "end": len(sentence)}]
    sources += [{"article": a, "entry_time_utc": None, "sentence": s, "start": 0, "end": len(s)}
                for a, s in more]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"event_id": eid, "date": day, "date_precision": "day",
                           "time_utc": time_utc, "event_type": etype, "sub_event_type": sub,
                           "actor1": "Pro-regime forces", "actor2": "Civilians",
                           "place_id": place_id, "place": place, "geo_precision": 1,
                           "fatalities": fat, "certainty": cert, "in_comments": in_comments,
                           "sources": sources}}


def write_fixture_extraction(folder: Path) -> Path:
    """Write events.geojson and control_changes.csv in the extractor's format."""
    folder.mkdir(parents=True, exist_ok=True)
    ev = [
        _event("ev-air-1", "2016-12-08", 37.1605, 36.1826, "Air/drone strike",
               "Explosions/Remote violence", "bustan_al_qasr", "Bustan al-Qasr", 12, "reported",
               "Warplanes pounded the Bustan al-Qasr market on Thursday, killing twelve people.",
               more=[("fixture_b.txt",
                      "Twelve died when jets struck a market in Bustan al-Qasr.")]),
        _event("ev-shell-1", "2016-12-09", 37.1480, 36.1830, "Shelling/artillery/missile attack",
               "Explosions/Remote violence", "bustan_al_qasr", "Bustan al-Qasr", 3, "claimed",
               HOSTILE, article="hostile_<b>article</b>.txt", time_utc="2016-12-09T14:30:00+00:00"),
        _event("ev-battle-1", "2016-12-12", 37.1700, 36.1900, "Government regains territory",
               "Battles", "kalaseh", "Kalaseh", 0, "confirmed",
               "Army units pushed into Kalaseh after a night of heavy fighting.",
               time_utc="2016-12-12T06:10:00+00:00"),
        _event("ev-deal-1", "2016-12-13", 37.185, 36.205, "Agreement", "Strategic developments",
               "aleppo_east", "East Aleppo", 0, "confirmed",
               "Under the deal fighters and civilians will be evacuated to Idlib Province "
               "and the western countryside by buses.", article="fixture_c.txt"),
        # Two reports a few metres apart: one symbol each up close, one cluster zoomed out.
        _event("ev-air-2", "2016-12-11", 37.1650, 36.1850, "Air/drone strike",
               "Explosions/Remote violence", "kalaseh", "Kalaseh", 2, "confirmed",
               "Jets hit a bakery near the Kalaseh roundabout, killing two.",
               article="fixture_d.txt"),
        _event("ev-attack-1", "2016-12-11", 37.1656, 36.1853, "Attack",
               "Violence against civilians", "kalaseh", "Kalaseh", 0, "denied",
               "The ministry denied that soldiers had fired at families in Kalaseh.",
               article="fixture_d.txt"),
        _event("ev-comment-1", "2016-12-10", 37.16, 36.19, "Attack",
               "Violence against civilians", "aleppo_east", "East Aleppo", 5, "claimed",
               "A reader says something happened.", in_comments=True),
    ]
    (folder / "events.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": ev}, indent=1), encoding="utf-8")
    rows = [
        "date,place_id,place,from,to,kind,certainty,article,sentence,start,end",
        '2016-12-12,bustan_al_qasr,Bustan al-Qasr,rebel,regime,change,confirmed,fixture_c.txt,'
        '"Regime troops took full control of Bustan al-Qasr on Monday, a monitor said.",0,80',
        '2016-12-10,kalaseh,Kalaseh,,rebel,assertion,reported,fixture_a.txt,'
        '"Rebels are still holding out in Kalaseh, where the regime now holds 90% of the '
        'territory around them.",0,90',
    ]
    (folder / "control_changes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def district_squares():
    """Placeholder squares (about 450 m) around each located Aleppo district — tests only."""
    import geopandas as gpd
    from shapely.geometry import box

    from gazetteer.places import load_gazetteer

    half = 0.002
    rows = [(p.id, p.name, box(p.lon - half, p.lat - half, p.lon + half, p.lat + half))
            for p in load_gazetteer().districts() if p.has_coords]
    return gpd.GeoDataFrame({"place_id": [r[0] for r in rows], "name": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs=4326)


@pytest.fixture(scope="session")
def squares():
    return district_squares()


@pytest.fixture(scope="session")
def fixture_extraction(tmp_path_factory):
    return write_fixture_extraction(tmp_path_factory.mktemp("extraction"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, fixture_extraction, squares):
    from mapper.build import render

    out = tmp_path_factory.mktemp("sites") / "site"
    render(fixture_extraction, out, shapes=squares, progress=False)
    return out

# ---------------------------------------------------------------- browser


def _png(width: int = 256, height: int = 256) -> bytes:
    """A blank light-grey PNG tile, so map tiles load without the network."""
    raw = b"".join(b"\x00" + b"\xee\xee\xee" * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


BLANK_TILE = _png()

#: CDN URL -> file under node_modules (the versions of tests/js/package.json).
CDN_FILES = [
    (r"cdn\.jsdelivr\.net/npm/leaflet@[\d.]+/dist/(.+)", r"leaflet/dist/\1"),
    (r"cdnjs\.cloudflare\.com/ajax/libs/leaflet\.markercluster/[\d.]+/(.+)",
     r"leaflet.markercluster/dist/\1"),
    (r"code\.jquery\.com/jquery-[\d.]+\.min\.js", "jquery/dist/jquery.min.js"),
    (r"cdnjs\.cloudflare\.com/ajax/libs/jquery/[\d.]+/jquery\.min\.js",
     "jquery/dist/jquery.min.js"),
    (r"cdnjs\.cloudflare\.com/ajax/libs/jqueryui/[\d.]+/jquery-ui\.min\.js",
     "jquery-ui/dist/jquery-ui.min.js"),
    (r"cdn\.jsdelivr\.net/npm/iso8601-js-period@[\d.]+/iso8601\.min\.js",
     "iso8601-js-period/iso8601.js"),
    (r"cdn\.jsdelivr\.net/npm/leaflet-timedimension@[\d.]+/dist/(.+)",
     r"leaflet-timedimension/dist/\1"),
    (r"cdnjs\.cloudflare\.com/ajax/libs/moment\.js/[\d.]+/moment\.min\.js",
     "moment/min/moment.min.js"),
]
TILE_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(tile\.openstreetmap\.org|basemaps\.cartocdn\.com)/")
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}


def local_file(url: str, modules: Path) -> Path | None:
    """The local npm copy of a CDN URL, or None when we do not serve it."""
    for pattern, target in CDN_FILES:
        m = re.search(pattern, url.split("?")[0])
        if m:
            path = modules / m.expand(target)
            return path if path.is_file() else None
    return None


def install_js(prefix: Path = JS_DIR) -> Path:
    """``npm install`` the front-end libraries into ``prefix/node_modules`` (once)."""
    modules = prefix / "node_modules"
    if not (modules / "leaflet" / "dist" / "leaflet.js").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm not found: install nodejs/npm (apt-get install npm)")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix)],
                       check=True, cwd=prefix, timeout=600)
    return modules


def route_offline(page, modules: Path, blocked: list[str], lenient_css: bool = False) -> None:
    """Fulfil CDN requests from local files and tiles with a blank PNG; abort the rest."""

    def handle(route):
        url = route.request.url
        if not url.startswith("http"):
            return route.continue_()
        if TILE_HOSTS.match(url):
            return route.fulfill(status=200, body=BLANK_TILE, content_type="image/png")
        path = local_file(url, modules)
        if path is not None:
            return route.fulfill(status=200, body=path.read_bytes(),
                                 content_type=CONTENT_TYPES.get(path.suffix, "text/plain"))
        if lenient_css and url.split("?")[0].endswith(".css"):
            return route.fulfill(status=200, body="", content_type="text/css")
        if url.startswith("http://127.0.0.1"):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    page.route("**/*", handle)


@pytest.fixture(scope="session")
def js_modules():
    return install_js()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the browser tests must run, never skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageRecord:
    """A page plus what went wrong on it (console errors, page errors, dialogs, blocked URLs)."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []


@pytest.fixture()
def open_page(chromium, js_modules):
    """``open_page(path) -> PageRecord`` with the map loaded from a local file."""
    contexts = []

    def opener(index_html: Path, width: int = 1400, height: int = 900) -> PageRecord:
        ctx = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()
        rec = PageRecord(page)
        page.on("console", lambda m: rec.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: rec.errors.append(str(e)))

        def on_dialog(d):
            rec.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        route_offline(page, js_modules, rec.blocked)
        page.goto(Path(index_html).resolve().as_uri())
        page.wait_for_function("window.mapperTimeMap !== undefined", timeout=15000)
        return rec

    yield opener
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
