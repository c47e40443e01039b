"""The render funnel: extraction output -> control timeline -> layers -> ``site/``.

:func:`render` is the one function that does the work; :func:`build` runs the
extractor first and then calls it.  ``mapper build`` and ``mapper render`` are thin
wrappers around these two.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from gazetteer.baseline import load_baseline
from gazetteer.places import load_gazetteer
from mapper.control.inputs import load_shapes, read_control_changes, styles
from mapper.control.shares import (
    SENTENCE_RE,
    comparison_lines,
    computed_shares,
    district_areas,
    east_districts,
    may_quote_share,
    quoted_shares,
)
from mapper.control.timeline import DayControl, build_timeline, write_timeline_csv
from mapper.errors import InputError, RenderError
from mapper.render.control_layer import control_data
from mapper.render.frontline_layer import front_data
from mapper.render.geo import polygonal
from mapper.render.incidents import incidents_data, mappable, per_day_counts, time_steps
from mapper.render.jsonio import index_events, load_events, no_gc
from mapper.render.labels import labels_data
from mapper.render.movements import may_move, movements_data
from mapper.render.panel import panel_data
from mapper.render.plugin import data_script
from mapper.render.site import map_html, static_files, write_site

log = logging.getLogger("mapper.build")

LAYERS = ("control", "front", "incidents", "movements", "labels")
#: Always rewritten: they index the days and summarise every layer.
SHARED = ("time", "panel")
#: Extraction files offered for download beside the map: hard-linked, not copied.
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
    #: What the extraction read and found (set by :func:`build`).
    summary: tuple[str, ...] = ()


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


def _share_texts(reports, index) -> list[tuple[date, str, str]]:
    """``(date, article, sentence)`` of the reports and events that may quote a share.

    ``index`` is the :class:`~mapper.render.jsonio.EventIndex` of the events, which
    keeps only the sentences with a percentage in them.
    """
    texts = [(r.date, r.article, r.sentence) for r in reports if not r.in_comments]
    days: dict[str, date | None] = {}
    for text, article, sentence in index.share_texts:
        if text not in days:
            try:
                days[text] = date.fromisoformat(text)
            except ValueError:
                days[text] = None
        if days[text] is not None:
            texts.append((days[text], article, sentence))
    return texts


def _last_day(reports, index) -> date | None:
    """The last day of a report or event (not from reader comments), or None."""
    days = [r.date for r in reports if not r.in_comments]
    for text in index.dates:  # a few dozen distinct dates for 100,000 events
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            continue
    return max(days) if days else None


def _layer_payloads(chosen, rows, shapes, days, index, places, texts) -> dict[str, Any]:
    """Data file name -> data for the chosen layers (incidents also write one file per day).

    ``index`` is the :class:`~mapper.render.jsonio.EventIndex` of the events.
    """

    builders = {
        "control": lambda: {"control": control_data(rows, shapes, days)},
        "front": lambda: {"front": front_data(rows, shapes, days)},
        "incidents": lambda: incidents_data(index, days).payloads(),
        "movements": lambda: {"movements": movements_data(mappable(index, days, may_move),
                                                          places, rows, shapes, days, texts)},
        "labels": lambda: {"labels": labels_data(shapes, places)},
    }
    out: dict[str, Any] = {}
    for name in chosen:
        out.update(builders[name]())
    return out


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
    # Parsing a large events.geojson allocates millions of small objects and holds no
    # cycles: the cyclic collector would only rescan them, for a third of the time.
    with no_gc():
        return _render(from_dir, out_dir, only, shapes, baseline, progress, article_texts)


def _render(from_dir: Path, out_dir: Path, only, shapes, baseline, progress: bool,
            article_texts) -> RenderResult:
    if not from_dir.is_dir():
        raise InputError(f"{from_dir}: no such extraction folder; run `mapper extract -o "
                         f"{from_dir}` first")
    chosen = _check_only(only)
    full = only is None or not (out_dir / "index.html").exists()
    if full:
        chosen = LAYERS
    # disable=None: tqdm stays quiet when standard error is not a terminal
    bar = tqdm(total=len(chosen) + 3, desc="render", unit="step", disable=None if progress else True)
    places = load_gazetteer()
    reports = read_control_changes(from_dir / "control_changes.csv")

    events = index_events(load_events(from_dir / "events.geojson"))  # one scan for all layers
    gdf = _polygons_only(shapes if hasattr(shapes, "geometry") else load_shapes(shapes))
    base = load_baseline(Path(baseline) if baseline else None)
    districts = sorted({p.id for p in places.districts()} | set(gdf["place_id"]))
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
    contents, links = _site_contents(payloads, from_dir, rows, gdf, full)
    # Day files of an earlier render may belong to days that are gone.
    write_site(out_dir, contents, keep_existing=not full, links=links,
               drop=("data/incidents",) if "incidents" in chosen else ())
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
    """The ``time`` and ``panel`` data, and the quoted-vs-computed share comparison.

    ``events`` is the :class:`~mapper.render.jsonio.EventIndex` of the events.
    """
    incidents = payloads.get("incidents") or incidents_data(events, days).columns
    steps = time_steps(days, incidents)
    start = max((k for k, s in enumerate(steps) if s[0] == 0), default=0)
    east = east_districts(base[min(base)], places, gdf["place_id"])
    computed = computed_shares(rows, district_areas(gdf), east)
    quoted = quoted_shares([*_share_texts(reports, events), *share_texts])
    panel = panel_data(days, computed, quoted, per_day_counts(incidents, len(days)), gdf, places)
    time = {"days": [d.isoformat() for d in days], "steps": steps, "start": start}
    info = {"comparison": comparison_lines(quoted, computed), "incidents": len(incidents["fat"])}
    return info, {"time": time, "panel": panel}


def _site_contents(payloads: dict[str, Any], from_dir: Path, rows, gdf, full: bool
                   ) -> tuple[dict[str, bytes], dict[str, Path]]:
    """Files to write (site path -> bytes) and files to link from the extraction folder."""
    contents = {f"data/{name}.js": data_script(name, data).encode("utf-8")
                for name, data in payloads.items()}
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = write_timeline_csv(rows, Path(tmp) / "control_timeline.csv")
        contents["data/control_timeline.csv"] = csv_path.read_bytes()
    links = {f"data/{name}": from_dir / name for name in COPIED if (from_dir / name).exists()}
    if full:
        west, south, east, north = (float(v) for v in gdf.total_bounds)
        if not all(map(lambda v: v == v, (west, south, east, north))):
            raise RenderError("district polygons have no extent; check the shapes file")
        names = [*SHARED[:1], *LAYERS, SHARED[1]]
        html = map_html([[south, west], [north, east]], names, TITLE)
        contents["index.html"] = html.encode("utf-8")
        contents.update(static_files())
    return contents, links


def _texts_to_keep(article, events) -> list[tuple[date, str, str]]:
    """What the map needs of an article's text, kept while the corpus streams past.

    The movements layer reads around the sentences of agreements and transfers,
    by offset: the article's body (without reader comments) is kept whole when
    it has such an event.  Otherwise only its sentences quoting a percentage
    are kept, for the quoted shares.  Headlines quote shares too: the title goes
    after the body, so offsets into the body stay valid.
    """
    from mapper.extract.entries import find_comments_start

    text = article.text
    cut = find_comments_start(text)
    body = text[:cut] if cut is not None else text
    full = f"{body}\n{article.title}." if article.title else body
    moving = styles()["movements"]["sub_event_types"]
    if any(e.event_type == "Strategic developments" or e.sub_event_type in moving for e in events):
        return [(article.published, article.id, full)]
    quoting = [m.group(0) for m in SENTENCE_RE.finditer(full) if may_quote_share(m.group(0))]
    return [(article.published, article.id, "\n".join(quoting))] if quoting else []


def build(paths: Sequence[str | Path], out_dir: str | Path = "site", progress: bool = True,
          include_comments: bool = False, jobs: int | None = None, **render_options: Any) -> RenderResult:
    """Extract the articles under ``paths`` and render the map: extract -> timeline -> render.

    The extraction output is written once and kept beside the map in ``out_dir/data/``
    (hard-linked from the temporary extraction folder).

    Parameters
    ----------
    paths
        Article files or folders (with an optional ``manifest.csv``).
    out_dir
        Site folder to write.
    progress
        Show progress bars.
    include_comments
        Also read reader comments for events and control.
    jobs
        Worker processes for the extraction (``None``: one per core for a large input).
    **render_options
        Passed to :func:`render` (``shapes``, ``baseline``).
    """
    from mapper.pipeline import extract_to
    from mapper.summary import extraction_summary

    texts: list[tuple[date, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="mapper-extract-") as tmp:
        report = extract_to([Path(p) for p in paths], tmp, include_comments=include_comments,
                            progress=progress, jobs=jobs,
                            on_article=lambda a, evs: texts.extend(_texts_to_keep(a, evs)))
        for path in Path(tmp).iterdir():  # readable like the rest of the site: linked, not copied
            path.chmod(0o644)
        rendered = render(tmp, out_dir, None, progress=progress, article_texts=texts,
                          **render_options)
    summary = extraction_summary(report.counts, report.warnings)
    return replace(rendered, summary=tuple(summary))
