"""The extract funnel: articles in, events, control changes and place mentions out.

``extract(paths)`` (the Python API) and ``extract_to(paths, out_dir)`` (what
``mapper extract`` and ``mapper build`` run) share one path::

    articles -> article_rows (one per worker) -> RecordSpool (on disk)
             -> merged, sorted events / control changes / mentions

Each article is read by :func:`mapper.extract.reader.article_rows` (the rows of
what ``extract_article`` gives, built for the spool), in this
process or in worker processes (:mod:`mapper.extract.parallel`; results come
back in reading order, so the output never depends on the number of workers).
Its records go straight into a :class:`~mapper.extract.spool.RecordSpool`, a
temporary SQLite file, which sorts and merges them on disk.  ``extract_to``
streams them from there into the output files, so its memory stays flat however
large the corpus; ``extract`` gathers them into frames for the caller.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from mapper.errors import InputError
from mapper.extract.articles import iter_articles
from mapper.extract.carry import continues_story, is_headline
from mapper.extract.frames import (
    CONTROL_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    control_frame,
    events_frame,
    lonlat_point,
    mentions_frame,
    source_dicts,
)
from mapper.extract.parallel import ordered_map, usable_cores
from mapper.extract.reader import article_rows, read_sentence, reset_tools, tools, warm_up
from mapper.extract.spool import RecordSpool, SpoolRows, unpack_event
from mapper.extract.unknown_places import UnknownName
from mapper.records import Article, ControlChange, Event, ExtractionCounts, Mention

if TYPE_CHECKING:  # the frames import them when first built: `mapper extract` needs neither
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "ExtractionResult",
    "ExtractionReport",
    "extract",
    "extract_to",
    "extract_records",
    "read_sentence",
    "reset_tools",
    "is_headline",
    "continues_story",
    "lonlat_point",
    "EVENT_COLUMNS",
    "CONTROL_COLUMNS",
    "MENTION_COLUMNS",
    "control_frame",
    "events_frame",
    "mentions_frame",
    "source_dicts",
]

#: Below this much input text, worker processes cost more than they save.
PARALLEL_MIN_BYTES = 2_000_000


@dataclass(frozen=True)
class ExtractionResult:
    """What :func:`extract` returns.

    The three frames are built on first use (and then kept): the writers
    read ``records``, and a frame costs about as much memory as its records.

    Attributes
    ----------
    events : geopandas.GeoDataFrame
        One row per (merged) event, Point geometry in EPSG:4326 (lon, lat),
        columns :data:`EVENT_COLUMNS`; ``sources`` holds a list of dicts.
    control_changes : pandas.DataFrame
        Columns :data:`CONTROL_COLUMNS`.
    mentions : pandas.DataFrame
        Columns :data:`MENTION_COLUMNS`.
    articles : tuple of Article
    warnings : tuple of str
    records : ExtractedRecords
        The same content as immutable records (what the writers use).
    """

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]
    records: ExtractedRecords

    @cached_property
    def events(self) -> gpd.GeoDataFrame:
        return events_frame(self.records.events)

    @cached_property
    def control_changes(self) -> pd.DataFrame:
        return control_frame(self.records.control_changes)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        return mentions_frame(self.records.mentions)


@dataclass(frozen=True)
class ExtractedRecords:
    """Events, control changes and mentions as records, sorted."""

    events: tuple[Event, ...] = ()
    control_changes: tuple[ControlChange, ...] = ()
    mentions: tuple[Mention, ...] = ()
    unknown_places: tuple[UnknownName, ...] = ()


@dataclass(frozen=True)
class ExtractionReport:
    """What :func:`extract_to` returns: what was read and written, no records.

    Attributes
    ----------
    articles : tuple of Article
        The articles read, without their text.
    warnings : tuple of str
    counts : ExtractionCounts
    files : tuple of Path
        The output files written.
    """

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]
    counts: ExtractionCounts
    files: tuple[Path, ...]


# -- the funnel -------------------------------------------------------------------


def resolve_jobs(jobs: int | None, paths: Iterable[str | Path]) -> int:
    """Worker processes to use: ``jobs`` when given, else one per core for a large input.

    ``None`` or 0 means automatic: all usable cores when the files under
    ``paths`` hold at least :data:`PARALLEL_MIN_BYTES`, else 1 (no pool).
    """
    if jobs:
        return max(1, jobs)
    total = 0
    for p in map(Path, paths):
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            for root, _, files in os.walk(p):
                total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
        if total >= PARALLEL_MIN_BYTES:
            return usable_cores()
    return 1


def _read_one(item: tuple[Article, bool]) -> SpoolRows:
    """Worker entry point: one article (and whether to read its comments) to spool rows."""
    article, include_comments = item
    return article_rows(article, include_comments)


def _fill_spool(
    paths: list[str | Path],
    spool: RecordSpool,
    *,
    include_comments: bool,
    warnings: list[str] | None,
    progress: bool,
    on_article: Callable[[Article, list[Event]], None] | None,
    keep_text: bool,
    jobs: int | None,
) -> list[Article]:
    """Read every article under ``paths`` into ``spool``; the articles read."""
    jobs = resolve_jobs(jobs, paths)
    if jobs > 1:
        warm_up()  # the gazetteer and the lexicons, before the workers fork, so that they share them
    articles: list[Article] = []
    items = ((a, include_comments) for a in iter_articles(paths, warnings))
    done = ordered_map(_read_one, items, jobs, setup=tools)
    for (article, _), part in tqdm(done, desc="extract", unit=" article", leave=False,
                                   disable=None if progress else True):  # off when not a terminal
        if on_article is not None:
            on_article(article, [unpack_event(pickle.loads(row[-1])) for row in part.events])
        spool.add_rows(part)
        articles.append(article if keep_text else replace(article, text=""))
    if not articles:
        where = ", ".join(str(p) for p in paths) or "(no paths)"
        raise InputError(f"{where}: no readable articles (see the warnings above); nothing to do")
    return articles


def extract_records(
    paths: Iterable[str | Path],
    *,
    include_comments: bool = False,
    warnings: list[str] | None = None,
    progress: bool = False,
    on_article: Callable[[Article, list[Event]], None] | None = None,
    keep_text: bool = True,
    jobs: int | None = 1,
) -> tuple[ExtractedRecords, list[Article]]:
    """Run the extractor and return its records, sorted and merged, with the articles.

    Parameters
    ----------
    paths : iterable of str or Path
        Article files or folders (with optional ``manifest.csv``).
    include_comments : bool
        Also read reader comments for events and control (mentions always include them).
    warnings : list of str, optional
        Receives warnings from reading.
    progress : bool
        Show a progress bar (articles read) on standard error.
    on_article : callable, optional
        Called with each article (its text intact) and its events before merging,
        so that a caller can keep what it needs of the text.
    keep_text : bool
        Keep each article's text in the returned articles (false: ``text=""``).
    jobs : int or None
        Worker processes; ``None`` or 0 chooses (see :func:`resolve_jobs`).
    """
    paths = list(paths)
    with RecordSpool() as spool:
        articles = _fill_spool(paths, spool, include_comments=include_comments, warnings=warnings,
                               progress=progress, on_article=on_article, keep_text=keep_text, jobs=jobs)
        records = ExtractedRecords(
            events=tuple(spool.events()),
            control_changes=tuple(spool.control_changes()),
            mentions=tuple(spool.mentions()),
            unknown_places=tuple(spool.unknown_places()),
        )
    return records, articles


def extract(
    paths: Iterable[str | Path],
    *,
    include_comments: bool = False,
    progress: bool = False,
    on_article: Callable[[Article, list[Event]], None] | None = None,
    keep_text: bool = True,
    jobs: int | None = 1,
) -> ExtractionResult:
    """Extract events, control changes and place mentions from articles.

    Parameters
    ----------
    paths : iterable of str or Path
        Article files or folders (``seeds/`` in the CLI by default).
    include_comments : bool
        Read reader comments for events and control too (they are marked ``in_comments``).
    progress : bool
        Show a progress bar on standard error.
    on_article, keep_text, jobs
        As in :func:`extract_records`.

    Returns
    -------
    ExtractionResult
        Holds every record: for a corpus larger than memory, use :func:`extract_to`.
    """
    warnings: list[str] = []
    records, articles = extract_records(paths, include_comments=include_comments, warnings=warnings,
                                        progress=progress, on_article=on_article, keep_text=keep_text,
                                        jobs=jobs)
    return ExtractionResult(articles=tuple(articles), warnings=tuple(warnings), records=records)


def extract_to(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    include_comments: bool = False,
    progress: bool = False,
    on_article: Callable[[Article, list[Event]], None] | None = None,
    jobs: int | None = None,
) -> ExtractionReport:
    """Extract and write the output files, in memory that does not grow with the corpus.

    Parameters
    ----------
    paths : iterable of str or Path
        Article files or folders.
    out_dir : str or Path
        Output folder (created if missing); see :func:`mapper.extract.output.write_streams`.
    include_comments, progress, on_article
        As in :func:`extract_records`.
    jobs : int or None
        Worker processes; ``None`` or 0 (the default) chooses (see :func:`resolve_jobs`).

    Returns
    -------
    ExtractionReport

    Raises
    ------
    InputError
        When no article can be read.
    OutputError
        When the output cannot be written.
    """
    from mapper.extract.output import CsvText, EventRenderer, write_streams

    paths = list(paths)
    jobs = resolve_jobs(jobs, paths)
    warnings: list[str] = []
    with RecordSpool() as spool:
        articles = _fill_spool(paths, spool, include_comments=include_comments, warnings=warnings,
                               progress=progress, on_article=on_article, keep_text=False, jobs=jobs)
        render = EventRenderer(publishers={a.id: a.source for a in articles if a.source})
        # The tables are written while the workers merge the events (see write_streams).
        files = write_streams(out_dir, partial(spool.rendered_events, render, jobs),
                              spool.change_csv_rows(), CsvText(spool.mention_csv_text()))
        counts = spool.counts(len(articles))
    return ExtractionReport(tuple(articles), tuple(warnings), counts, tuple(files))

