"""The built map in real headless Chromium, as a user would use it.

Leaflet is served from npm copies (tests/js), tiles are blank local PNGs, every
other external request is aborted and recorded.  Incidents are drawn on a canvas, so
tests click them where they are drawn, as a user does.
"""

from __future__ import annotations

import pytest
from conftest import HOSTILE

from mapper.control.inputs import styles

pytestmark = pytest.mark.browser


def colour(name: str) -> str:
    return styles()["controllers"][name]["color"]


def go_to_day(page, iso: str) -> None:
    """Move the slider the way a user does: set its value and fire ``input``."""
    step = page.evaluate("d => window.mapperTimeMap.stepForDay(d)", iso)
    assert step >= 0, f"{iso} not on the slider"
    page.eval_on_selector(".tm-slider", "(el, v) => { el.value = String(v); "
                          "el.dispatchEvent(new Event('input', {bubbles: true})); }", step)


def district_fill(page, place_id: str) -> str:
    return page.get_attribute(f"path.tm-district[data-place-id='{place_id}']", "fill")


def click_incident_at(page, lat: float, lon: float) -> None:
    """Zoom to a point and click there, as a user clicks the incident symbol drawn on it."""
    page.evaluate("([lat, lon]) => window.mapperTimeMap.map.setView([lat, lon], 17, "
                  "{animate: false})", [lat, lon])
    page.evaluate("() => window.mapperTimeMap.whenIdle()")
    point = page.evaluate("""([lat, lon]) => {
        const map = window.mapperTimeMap.map, p = map.latLngToContainerPoint([lat, lon]);
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }""", [lat, lon])
    page.mouse.move(*point)
    assert "tm-over-incident" in page.get_attribute(".leaflet-container", "class")
    page.mouse.click(*point)
    page.wait_for_selector(".leaflet-popup-content .tm-evidence")  # details load per day
    page.wait_for_timeout(400)  # let the popup finish fading in before screenshots


def test_map_loads_clean_and_draws_one_polygon_per_district(open_page, fixture_site, squares,
                                                             artifacts):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    assert page.locator("path.tm-district").count() == len(squares)
    ids = page.eval_on_selector_all("path.tm-district", "els => els.map(e => e.dataset.placeId)")
    assert sorted(ids) == sorted(squares["place_id"])
    assert page.locator(".leaflet-control-layers-overlays label").count() >= 5
    assert "No basemap" in page.inner_text(".leaflet-control-layers-base")
    page.screenshot(path=str(artifacts / "map_start.png"))
    assert rec.errors == []
    assert rec.blocked == []


def test_time_control_turns_bustan_al_qasr_to_regime(open_page, fixture_site, artifacts):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    go_to_day(page, "2016-12-07")
    assert page.inner_text(".tm-date") == "7 Dec 2016"
    assert district_fill(page, "bustan_al_qasr") == colour("rebel")
    go_to_day(page, "2016-12-13")
    assert page.inner_text(".tm-date") == "13 Dec 2016"
    assert district_fill(page, "bustan_al_qasr") == colour("regime")
    page.evaluate("window.mapperTimeMap.map.setView([36.1826, 37.1605], 15, {animate: false})")
    page.click("path.tm-district[data-place-id='bustan_al_qasr']", force=True)
    text = page.inner_text(".leaflet-popup-content")
    assert "Regime" in text and "12 Dec 2016" in text
    assert "took full control of Bustan al-Qasr" in text
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts / "map_2016-12-13.png"))
    assert rec.errors == []


def test_incident_popup_shows_evidence_and_every_report(open_page, fixture_site, artifacts):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    go_to_day(page, "2016-12-08")
    click_incident_at(page, 36.1826, 37.1605)
    text = page.inner_text(".leaflet-popup-content")
    assert "Warplanes pounded the Bustan al-Qasr market" in text
    assert "Twelve died when jets struck a market" in text
    assert "fixture_b.txt" in text and "Fatalities" in text and "12" in text
    page.screenshot(path=str(artifacts / "incident_popup.png"))
    assert rec.errors == []


def test_popup_says_when_the_reports_cannot_be_loaded(open_page, fixture_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    shutil.rmtree(site / "data" / "incidents")  # the per-day details files
    page = open_page(site / "index.html").page
    go_to_day(page, "2016-12-08")
    page.evaluate("window.mapperTimeMap.map.setView([36.1826, 37.1605], 17, {animate: false})")
    page.evaluate("() => window.mapperTimeMap.whenIdle()")
    page.evaluate("window.mapperTimeMap.openIncident(0)")
    page.wait_for_selector("text=could not be loaded")
    text = page.inner_text(".leaflet-popup-content")
    assert "Fatalities" in text and "12" in text  # what the page has is still shown


def test_incidents_appear_on_their_day_and_fade(open_page, fixture_site):
    page = open_page(fixture_site / "index.html").page
    shown = "() => Object.keys(window.mapperTimeMap.shown).length"
    go_to_day(page, "2016-12-07")
    assert page.evaluate(shown) == 0
    go_to_day(page, "2016-12-08")
    assert page.evaluate(shown) == 1
    go_to_day(page, "2016-12-09")
    opacities = page.evaluate("() => Object.values(window.mapperTimeMap.shown).sort()")
    assert opacities == [0.4, 1]
    go_to_day(page, "2016-12-10")  # 8 Dec is two days back: gone
    assert page.evaluate("() => window.mapperTimeMap.shown[0]") is None


def groups_in_view(page) -> list[int]:
    """Sizes of the incident groups drawn now (1 = a single symbol)."""
    page.evaluate("() => window.mapperTimeMap.whenIdle()")
    return sorted(page.evaluate(
        "() => window.mapperTimeMap.incidentCanvas.hits.map(h => h.members.length)"))


def test_nearby_incidents_cluster_when_zoomed_out_and_split_up_close(open_page, fixture_site,
                                                                      artifacts):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    go_to_day(page, "2016-12-11")
    page.evaluate("window.mapperTimeMap.map.setView([36.1851, 37.1653], 12, {animate: false})")
    assert groups_in_view(page) == [2]
    # The canvas really is painted where the cluster is.
    alpha = page.evaluate("""() => {
        const ic = window.mapperTimeMap.incidentCanvas, h = ic.hits[0], r = ic.ratio;
        return ic.ctx.getImageData(Math.round(h.x * r), Math.round(h.y * r), 1, 1).data[3]; }""")
    assert alpha > 0
    page.screenshot(path=str(artifacts / "cluster.png"))
    point = page.evaluate("""() => {
        const map = window.mapperTimeMap.map, p = map.latLngToContainerPoint([36.18515, 37.1653]);
        const box = map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }""")
    page.mouse.click(*point)  # a click on a cluster zooms in
    page.wait_for_function("window.mapperTimeMap.map.getZoom() > 12")
    page.evaluate("window.mapperTimeMap.map.setView([36.1851, 37.1653], 17, {animate: false})")
    assert groups_in_view(page) == [1, 1]
    click_incident_at(page, 36.1853, 37.1656)
    text = page.inner_text(".leaflet-popup-content")
    assert "denied" in text and "fired at families" in text
    assert rec.errors == []


def test_chart_is_drawn(open_page, fixture_site, artifacts):
    page = open_page(fixture_site / "index.html").page
    n_days = page.evaluate("window.mapperTimeMap.days.length")
    points = page.get_attribute(".tm-share-chart polyline.tm-computed", "points")
    assert len(points.split()) == n_days
    assert page.locator(".tm-share-chart circle.tm-quoted").count() >= 1
    assert page.locator(".tm-count-chart rect.tm-bar").count() == n_days
    box = page.locator(".tm-share-chart").bounding_box()
    assert box["width"] > 200 and box["height"] > 80
    page.locator(".tm-panel").screenshot(path=str(artifacts / "panel.png"))


def test_play_and_place_search(open_page, fixture_site):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    page.click(".tm-play")
    page.wait_for_function("window.mapperTimeMap.step >= 2", timeout=5000)
    page.click(".tm-play")
    assert page.evaluate("window.mapperTimeMap.timer") is None
    page.fill(".tm-search input", "Bustan al-Qasr")
    page.dispatch_event(".tm-search input", "change")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Bustan al-Qasr" in page.inner_text(".leaflet-popup-content")
    assert rec.errors == []


def test_hostile_article_text_renders_as_text(open_page, fixture_site, artifacts):
    rec = open_page(fixture_site / "index.html")
    page = rec.page
    go_to_day(page, "2016-12-09")
    click_incident_at(page, 36.1830, 37.1480)
    assert "claimed" in page.inner_text(".leaflet-popup-content")
    shown = page.eval_on_selector(".leaflet-popup-content .tm-evidence", "e => e.textContent")
    assert shown == HOSTILE
    assert "hostile_<b>article</b>.txt" in page.inner_text(".leaflet-popup-content")
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script, "
                        ".leaflet-popup-content b").count() == 0
    page.screenshot(path=str(artifacts / "hostile_popup.png"))
    assert rec.dialogs == []
    assert rec.errors == []


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory):
    from pathlib import Path

    from mapper.build import build

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    return build([seeds], tmp_path_factory.mktemp("seeds") / "site", progress=False).site


def test_map_from_the_seeds(open_page, seeds_site, artifacts):
    """The real pipeline end to end: articles in, a map with no JS errors out."""
    from gazetteer.shapes import load_district_shapes

    rec = open_page(seeds_site / "index.html")
    page = rec.page
    shapes = load_district_shapes()
    drawn = shapes[shapes.geometry.notna() & ~shapes.geometry.is_empty]
    assert page.locator("path.tm-district").count() == len(drawn)
    go_to_day(page, "2016-12-13")
    fills = page.eval_on_selector_all("path.tm-district",
                                      "els => els.map(e => e.getAttribute('fill'))")
    assert colour("regime") in fills
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "seeds_2016-12-13.png"))
    go_to_day(page, "2016-12-07")
    page.screenshot(path=str(artifacts / "seeds_2016-12-07.png"))
    assert rec.errors == []
    assert rec.blocked == []


def test_seeds_map_turns_bustan_al_qasr_to_regime(open_page, seeds_site):
    """On the real reports, not a fixture: opposition on 7 Dec, regime by 13 Dec."""
    page = open_page(seeds_site / "index.html").page
    go_to_day(page, "2016-12-07")
    before = district_fill(page, "bustan_al_qasr")
    go_to_day(page, "2016-12-13")
    assert (before, district_fill(page, "bustan_al_qasr")) == (colour("rebel"), colour("regime"))


def test_site_opens_with_no_network_at_all(chromium, js_modules, fixture_extraction, squares,
                                            tmp_path, artifacts, monkeypatch):
    """With --leaflet the page needs nothing from outside: every request off disk is refused."""
    from mapper import settings
    from mapper.build import render

    monkeypatch.setattr(settings, "leaflet_dir", js_modules / "leaflet" / "dist")
    site = render(fixture_extraction, tmp_path / "site", shapes=squares, progress=False).site
    ctx = chromium.new_context(viewport={"width": 1200, "height": 800})
    page = ctx.new_page()
    errors, refused = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def only_files(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        refused.append(route.request.url)
        return route.abort()

    page.route("**/*", only_files)
    page.goto((site / "index.html").resolve().as_uri())
    page.wait_for_function("window.mapperTimeMap !== undefined", timeout=15000)
    page.get_by_text("No basemap").click()
    assert page.locator("path.tm-district").count() == len(squares)
    assert not [u for u in refused if "leaflet" in u]
    assert errors == []
    page.screenshot(path=str(artifacts / "offline_no_basemap.png"))
    ctx.close()
