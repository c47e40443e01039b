"""The render funnel: extraction output -> control timeline -> layers -> ``site/``.

:func:`render` is the one function that does the work; :func:`build` runs the
extractor first and then calls it.  ``mapper build`` and ``mapper render`` are thin
wrappers around these two.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from mapper.control.inputs import (
    city_districts,
    load_baseline,
    load_places,
    load_shapes,
    read_control_changes,
    read_events,
)
from mapper.control.shares import (
    comparison_lines,
    computed_shares,
    district_areas,
    east_districts,
    quoted_shares,
)
from mapper.control.timeline import DayControl, build_timeline, write_timeline_csv
from mapper.errors import InputError, RenderError
from mapper.render.control_layer import control_data
from mapper.render.frontline_layer import front_data
from mapper.render.geo import polygonal
from mapper.render.incidents import incidents_data, mappable, per_day_counts, time_steps
from mapper.render.labels import labels_data
from mapper.render.movements import movements_data
from mapper.render.panel import panel_data
from mapper.render.plugin import data_script
from mapper.render.site import map_html, static_files, write_site

log = logging.getLogger("mapper.build")

LAYERS = ("control", "front", "incidents", "movements", "labels")
#: Always rewritten: they index the days and summarise every layer.
SHARED = ("time", "panel")
COPIED = ("events.geojson", "control_changes.csv", "events.csv", "mentions.csv")
TITLE = "The fall of eastern Aleppo, December 2016"


@dataclass(frozen=True)
class RenderResult:
    """What :func:`render` produced, for the CLI's summary."""

    site: Path
    days: tuple[date, ...]
    districts_drawn: int
    incidents: int
    layers: tuple[str, ...]
    share_comparison: tuple[str, ...] = ()
    districts_without_shape: tuple[str, ...] = field(default=())


def _polygons_only(gdf):
    """District shapes reduced to their polygons; rows left without area are dropped."""
    gdf = gdf.assign(geometry=[polygonal(g) if g is not None else None for g in gdf.geometry])
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        log.warning("districts without a polygon in the shapes file: %s",
                    ", ".join(sorted(gdf.loc[empty, "place_id"])))
    return gdf.loc[~empty].sort_values("place_id", kind="stable").reset_index(drop=True)


def _check_only(only: Iterable[str] | None) -> tuple[str, ...]:
    if only is None:
        return LAYERS
    chosen = tuple(dict.fromkeys(s.strip() for s in only if s.strip()))
    bad = [s for s in chosen if s not in LAYERS]
    if bad or not chosen:
        raise InputError(f"--only {','.join(chosen) or '(empty)'}: unknown layer "
                         f"{', '.join(bad) or ''}; choose from {', '.join(LAYERS)}")
    return chosen


def _share_texts(reports, events) -> list[tuple[date, str, str]]:
    texts = [(r.date, r.article, r.sentence) for r in reports if not r.in_comments]
    for f in events:
        p = f.get("properties") or {}
        if p.get("in_comments"):
            continue
        try:
            day = date.fromisoformat(str(p.get("date", ""))[:10])
        except ValueError:
            continue
        texts.extend((day, str(s.get("article", "")), str(s.get("sentence", "")))
                     for s in p.get("sources") or [])
    return texts


def _last_day(reports, events) -> date | None:
    days = [r.date for r in reports if not r.in_comments]
    for f in events:
        p = f.get("properties") or {}
        try:
            if not p.get("in_comments"):
                days.append(date.fromisoformat(str(p.get("date", ""))[:10]))
        except ValueError:
            continue
    return max(days) if days else None


def _layer_payloads(chosen, rows, shapes, days, events, places, texts) -> dict[str, Any]:
    builders = {
        "control": lambda: control_data(rows, shapes, days),
        "front": lambda: front_data(rows, shapes, days),
        "incidents": lambda: incidents_data(events, days),
        "movements": lambda: movements_data(mappable(events, days), places, rows, shapes, days,
                                            texts),
        "labels": lambda: labels_data(shapes, places),
    }
    return {name: builders[name]() for name in chosen}


def render(from_dir: str | Path, out_dir: str | Path = "site",
           only: Sequence[str] | None = None, *, shapes: Any = None,
           baseline: str | Path | None = None, progress: bool = True,
           article_texts: Sequence[tuple[date, str, str]] = ()) -> RenderResult:
    """Render the map from a saved extraction folder.

    Parameters
    ----------
    from_dir
        Folder written by ``mapper extract`` (``events.geojson``, ``control_changes.csv``).
    out_dir
        Site folder to write (``index.html``, ``data/``, ``static/``); replaced atomically.
    only
        Layers to regenerate (subset of :data:`LAYERS`); the others are kept from the
        existing site.  ``None`` renders everything.
    shapes
        District polygons: a GeoDataFrame or a GeoJSON path; default the gazetteer's.
    baseline
        A baseline control CSV (``place_id,date,controller,source``); default the gazetteer's.
    progress
        Show a progress bar.
    article_texts
        ``(published, article id, text)``, the text cut before reader comments, when the
        articles are at hand (:func:`build`): searched for quoted shares and evacuation
        destinations.  The sentences of the extraction output are always searched.

    Returns
    -------
    RenderResult
    """
    from_dir, out_dir = Path(from_dir), Path(out_dir)
    if not from_dir.is_dir():
        raise InputError(f"{from_dir}: no such extraction folder; run `mapper extract -o "
                         f"{from_dir}` first")
    chosen = _check_only(only)
    full = only is None or not (out_dir / "index.html").exists()
    if full:
        chosen = LAYERS
    bar = tqdm(total=len(chosen) + 3, desc="render", unit="step", disable=not progress)
    places = load_places()
    reports = read_control_changes(from_dir / "control_changes.csv")
    events = read_events(from_dir / "events.geojson")
    gdf = _polygons_only(shapes if hasattr(shapes, "geometry") else load_shapes(shapes))
    base = load_baseline(Path(baseline) if baseline else None)
    districts = sorted(set(city_districts(places)) | set(gdf["place_id"]))
    rows = build_timeline(base, reports, places, _last_day(reports, events), districts)
    days = sorted({r.date for r in rows})
    bar.update(1)

    payloads = {}
    for name in chosen:
        bar.set_postfix_str(name)
        payloads.update(_layer_payloads((name,), rows, gdf, days, events, places,
                                        {a: t for _, a, t in article_texts}))
        bar.update(1)
    result, extra = _shared_payloads(rows, gdf, days, events, reports, places, base, payloads,
                                     article_texts)
    payloads.update(extra)
    bar.update(1)
    contents = _site_contents(payloads, from_dir, rows, gdf, full)
    write_site(out_dir, contents, keep_existing=not full)
    bar.update(1)
    bar.close()
    for line in result["comparison"]:
        log.info("share: %s", line)
    missing = tuple(d for d in districts if d not in set(gdf["place_id"]))
    if missing:
        log.warning("%d districts have no polygon and are not drawn: %s", len(missing),
                    ", ".join(missing))
    return RenderResult(out_dir, tuple(days), int(len(gdf)), result["incidents"], chosen,
                        tuple(result["comparison"]), missing)


def _shared_payloads(rows: list[DayControl], gdf, days, events, reports, places, base,
                     payloads, share_texts=()) -> tuple[dict, dict]:
    """The ``time`` and ``panel`` data, and the quoted-vs-computed share comparison."""
    incidents = payloads.get("incidents") or incidents_data(events, days)
    steps = time_steps(days, incidents)
    start = max((k for k, s in enumerate(steps) if s[0] == 0), default=0)
    east = east_districts(base[min(base)], places, gdf["place_id"])
    computed = computed_shares(rows, district_areas(gdf), east)
    quoted = quoted_shares([*_share_texts(reports, events), *share_texts])
    panel = panel_data(days, computed, quoted, per_day_counts(incidents, len(days)), gdf, places)
    time = {"days": [d.isoformat() for d in days], "steps": steps, "start": start}
    info = {"comparison": comparison_lines(quoted, computed), "incidents": len(incidents["lat"])}
    return info, {"time": time, "panel": panel}


def _site_contents(payloads: dict[str, Any], from_dir: Path, rows, gdf, full: bool
                   ) -> dict[str, bytes]:
    contents = {f"data/{name}.js": data_script(name, data).encode("utf-8")
                for name, data in payloads.items()}
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = write_timeline_csv(rows, Path(tmp) / "control_timeline.csv")
        contents["data/control_timeline.csv"] = csv_path.read_bytes()
    for name in COPIED:
        if (from_dir / name).exists():
            contents[f"data/{name}"] = (from_dir / name).read_bytes()
    if full:
        west, south, east, north = (float(v) for v in gdf.total_bounds)
        if not all(map(lambda v: v == v, (west, south, east, north))):
            raise RenderError("district polygons have no extent; check the shapes file")
        names = [*SHARED[:1], *LAYERS, SHARED[1]]
        html = map_html([[south, west], [north, east]], names, TITLE)
        contents["index.html"] = html.encode("utf-8")
        contents.update(static_files())
    return contents


def build(paths: Sequence[str | Path], out_dir: str | Path = "site", progress: bool = True,
          **render_options: Any) -> RenderResult:
    """Extract the articles under ``paths`` and render the map: extract -> timeline -> render.

    The extraction output is kept beside the map in ``out_dir/data/``.

    Parameters
    ----------
    paths
        Article files or folders (with an optional ``manifest.csv``).
    out_dir
        Site folder to write.
    progress
        Show progress bars.
    **render_options
        Passed to :func:`render` (``shapes``, ``baseline``).
    """
    from mapper.extract.entries import find_comments_start
    from mapper.extract.output import write_outputs
    from mapper.pipeline import extract

    result = extract([Path(p) for p in paths])
    for warning in result.warnings:
        log.warning("%s", warning)
    texts = []
    for a in result.articles:  # headlines and body quote shares too; reader comments do not count
        cut = find_comments_start(a.text)
        body = a.text[:cut] if cut is not None else a.text
        # The title goes last so character offsets into the body stay valid.
        texts.append((a.published, a.id, f"{body}\n{a.title}." if a.title else body))
    with tempfile.TemporaryDirectory(prefix="mapper-extract-") as tmp:
        write_outputs(result, Path(tmp))
        return render(tmp, out_dir, None, progress=progress, article_texts=texts,
                      **render_options)
