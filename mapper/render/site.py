"""Assemble the folium map and write ``site/`` atomically and reproducibly.

folium names every element with a random id; :func:`stable_ids` renames them in
order of appearance so two builds of the same input are byte-identical.  The site
is written to a temporary folder beside the target and swapped in by renames, so a
reader never finds a half-written ``site/``.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from importlib.resources import files
from pathlib import Path

import folium

from mapper import settings
from mapper.atomic import atomic_dir
from mapper.errors import InputError, OutputError, RenderError
from mapper.render.plugin import TimeMap

LAYER_NAMES = {"control": "Control", "front": "Front line", "incidents": "Incidents",
               "movements": "Movements", "labels": "Labels", "outside": "Places outside the city"}
#: Wide enough for Idlib and Palmyra; fewer zoom levels also means less clustering work.
MIN_ZOOM = 7
STATIC_FILES = ("incident_canvas.js", "timemap.js", "timemap.css")
LEAFLET_JS = ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")
LIGHT_TILES = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
LIGHT_ATTR = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
              'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>')
_FOLIUM_ID = re.compile(r"_([0-9a-f]{32})(?![0-9a-f])")


def stable_ids(html: str) -> str:
    """Replace folium's random element ids by counters in order of first appearance."""
    seen: dict[str, str] = {}

    def sub(m: re.Match) -> str:
        return "_" + seen.setdefault(m.group(1), f"{len(seen):04d}")

    return _FOLIUM_ID.sub(sub, html)


def map_html(bounds: list[list[float]], data_names: list[str], title: str) -> str:
    """The page: basemaps, layer control and the TimeMap plugin loading ``data/*.js``.

    Parameters
    ----------
    bounds
        ``[[south, west], [north, east]]`` to fit at start.
    data_names
        Data files (without ``.js``) the page loads.
    title
        Page title.
    """
    m = folium.Map(location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
                   zoom_start=13, tiles=None, control_scale=True, min_zoom=MIN_ZOOM)
    # Only Leaflet: jQuery, Bootstrap and the awesome-markers folium loads by default are unused.
    local = _leaflet_files() is not None
    m.default_js = [("leaflet", "static/leaflet/leaflet.js")] if local else [LEAFLET_JS]
    m.default_css = [("leaflet_css", "static/leaflet/leaflet.css")] if local else [LEAFLET_CSS]
    # The light basemap is the default: shaded districts read better on it than on OSM colours.
    folium.TileLayer(LIGHT_TILES, name="Light (CARTO Positron)", attr=LIGHT_ATTR,
                     subdomains="abcd", max_zoom=20).add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", show=False).add_to(m)
    lc = folium.LayerControl(position="topleft", collapsed=False)
    lc.add_to(m)
    TimeMap(lc, data_names, LAYER_NAMES).add_to(m)
    # Leave room for the layer control (left) and the panel (right).
    m.fit_bounds(bounds, padding_top_left=(240, 10), padding_bottom_right=(340, 10))
    m.get_root().title = title
    try:
        html = m.get_root().render()
    except Exception as exc:  # folium/jinja errors carry no file context; add ours
        raise RenderError(f"folium could not render the map: {exc}") from exc
    return stable_ids(html)


def static_files() -> dict[str, bytes]:
    """The plugin's JavaScript and CSS (and a local Leaflet), keyed by their path in the site."""
    root = files("mapper") / "render" / "static"
    out = {f"static/{n}": (root / n).read_bytes() for n in STATIC_FILES}
    for rel, path in (_leaflet_files() or {}).items():
        out[f"static/leaflet/{rel}"] = path.read_bytes()
    return out


def _leaflet_files() -> dict[str, Path] | None:
    """Files of the Leaflet ``dist`` folder named in :mod:`mapper.settings`, or None."""
    folder = settings.leaflet_dir
    if folder is None:
        return None
    folder = Path(folder)
    if not (folder / "leaflet.js").is_file() or not (folder / "leaflet.css").is_file():
        raise InputError(f"{folder}: no leaflet.js and leaflet.css here; give Leaflet's dist folder "
                         "(npm install leaflet -> node_modules/leaflet/dist)")
    found = {"leaflet.js": folder / "leaflet.js", "leaflet.css": folder / "leaflet.css"}
    images = folder / "images"
    if images.is_dir():
        found.update({f"images/{p.name}": p for p in sorted(images.iterdir()) if p.is_file()})
    return found


def _link_or_copy(src: str | Path, dst: str | Path) -> None:
    """Hard-link ``src`` as ``dst`` (no bytes copied), or copy it across file systems.

    Safe because nothing is ever written into an existing file: the extractor and
    :func:`write_site` replace files by new ones, so a link keeps the old content.  A
    file others may not read (a private temporary file) is copied, so the site stays
    readable by a web server without changing the mode of someone else's file.
    """
    try:
        if not os.stat(src).st_mode & stat.S_IROTH:
            raise PermissionError("not world-readable")
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def write_site(out_dir: Path, contents: dict[str, bytes], keep_existing: bool = False,
               links: dict[str, Path] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """Write ``contents`` (relative path -> bytes) as ``out_dir``, atomically.

    Parameters
    ----------
    keep_existing
        Start from the current ``out_dir`` (used to regenerate only some layers).
    links
        Relative path -> an existing file to hard-link there (copied when linking fails):
        large extraction files are offered beside the map without copying their bytes.
    drop
        Folders (relative paths) of the kept site to remove before writing.
    """
    out_dir = Path(out_dir)
    try:
        with atomic_dir(out_dir) as tmp:
            if keep_existing and out_dir.is_dir():
                shutil.copytree(out_dir, tmp, dirs_exist_ok=True, copy_function=_link_or_copy)
                for rel in drop:
                    shutil.rmtree(tmp / rel, ignore_errors=True)
            for rel, data in sorted(contents.items()):
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)  # may be a link to the old site's file
                target.write_bytes(data)
            for rel, src in sorted((links or {}).items()):
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                _link_or_copy(src, target)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the site ({exc.strerror or exc}); "
                          "choose a writable output folder with -o") from None
    return out_dir
