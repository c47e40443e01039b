"""Records of a whole corpus on disk, read back sorted and merged, in bounded memory.

The extractor reads one article at a time, but its outputs are sorted over the
whole corpus and events told in two articles are merged into one.  Holding every
record until the end made memory grow with the corpus (3 GB for a 100 MB
article).  :class:`RecordSpool` instead puts each article's records into a
SQLite file in a temporary folder as they come; SQLite sorts on disk, so
reading them back sorted costs a few megabytes of cache whatever the corpus.

Control changes and unknown names are stored as plain columns, in the form the
output files write them (dates and times as ISO text); events, which nest their
sources, as a pickled tuple of their fields.  Mentions, most of the rows, are
stored one block per article: its rows in output order, pickled, with the lines
of ``mentions.csv`` they make, so that the main process neither inserts nor
sorts nor formats them one by one (see :func:`mention_blocks`).  :func:`spool_rows`
turns one article's records into those rows; it runs in the worker process
that read the article, so the main process only inserts.  Events are merged
group by group (one sub-event type at one place, see
:mod:`mapper.extract.merge`), so memory holds one group at a time; merged events
go to a second table and are read back in output order.
"""

from __future__ import annotations

import csv
import heapq
import io
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from mapper.errors import OutputError
from mapper.extract.merge import merge_group
from mapper.extract.output import iso_time
from mapper.extract.parallel import ordered_map
from mapper.extract.unknown_places import UnknownName
from mapper.records import ControlChange, Event, ExtractionCounts, Mention, Source

__all__ = ["RecordSpool", "SpoolRows", "mention_blocks", "spool_rows", "pack_event", "unpack_event"]

_CHANGE_COLUMNS = ("date, place_id, place, from_, to_, kind, certainty, article, sentence, start, end, "
                   "in_comments")
# Mentions come out by article, then as this key orders them, then in the order they came.
_MENTION_KEY = itemgetter(4, 5, 1)  # start, end, place_id of a row
_EVENT_ORDER = "date, place_id, sub_type, event_id, rowid"
#: Output order of control changes; the remaining columns settle ties, so no order depends on the run.
_CHANGE_ORDER = ("date, place_id, article, start, kind, to_, from_, certainty, place, sentence, end, "
                 "in_comments")
_SCHEMA = f"""
CREATE TABLE mention_blocks (article, n, rows, csv);
CREATE TABLE changes ({_CHANGE_COLUMNS});
CREATE TABLE raw_events (sub_type, place_id, in_comments, article, start, end, rec);
CREATE TABLE events (date, place_id, sub_type, event_id, rec, geo, csv);
CREATE TABLE unknown (article, start, end, surface, cue);
"""
_PROTOCOL = pickle.HIGHEST_PROTOCOL


@dataclass(frozen=True, slots=True)
class SpoolRows:
    """One article's records as spool rows (see :func:`spool_rows`)."""

    events: list[tuple]
    changes: list[tuple]
    mentions: list[tuple]  # blocks, see mention_blocks
    unknown: list[tuple]


def pack_event(e: Event) -> tuple:
    """An event as a tuple of plain values, pickled many times faster than the record.

    Days are ordinals and times ISO text: a pickled ``datetime`` rebuilds its
    time zone object on every load, which made loading an event cost 3x more.
    """
    sources = tuple((s.article, iso_time(s.entry_time_utc), s.sentence, s.start, s.end) for s in e.sources)
    return (e.event_id, e.date.toordinal(), e.date_precision, iso_time(e.time_utc), e.event_type,
            e.sub_event_type, e.actor1, e.actor2, e.place_id, e.place, e.lat, e.lon, e.geo_precision,
            e.fatalities, e.fatalities_phrase, e.certainty, e.in_comments, sources,
            e.date_end.toordinal() if e.date_end is not None else None)


def unpack_event(t: tuple) -> Event:
    """The inverse of :func:`pack_event`."""
    return Event(t[0], _day(t[1]), t[2], _datetime(t[3]), *t[4:17],
                 tuple(Source(a, _datetime(when), text, s, e) for a, when, text, s, e in t[17]), _day(t[18]))


def spool_rows(
    events: Iterable[Event],
    changes: Iterable[ControlChange],
    mentions: Iterable[Mention],
    unknown: Iterable[UnknownName] = (),
) -> SpoolRows:
    """One article's records as the rows :meth:`RecordSpool.add_rows` stores."""
    dump = pickle.dumps
    mention_rows = [
        (m.article_id, m.place_id, m.place, m.surface, m.start, m.end,
         iso_time(m.entry_time_utc), int(m.in_comments), m.rule, m.score)
        for m in mentions
    ]
    return SpoolRows(
        events=[
            (e.sub_event_type, e.place_id, int(e.in_comments), *_first_source(e.sources),
             dump(pack_event(e), _PROTOCOL))
            for e in events
        ],
        changes=[
            (c.date.isoformat(), c.place_id, c.place, c.from_, c.to, c.kind, c.certainty, c.article,
             c.sentence, c.start, c.end, int(c.in_comments))
            for c in changes
        ],
        mentions=mention_blocks(mention_rows),
        unknown=[(u.article, u.start, u.end, u.surface, u.cue) for u in unknown],
    )


def mention_blocks(rows: list[tuple]) -> list[tuple[str, int, bytes, str]]:
    """Mention rows as the blocks the spool stores: one per article, ``(article, n, rows, csv)``.

    A row holds a :class:`~mapper.records.Mention`'s fields in order, its time
    as ISO text (or None) and ``in_comments`` as 0 or 1.  A block's rows are
    sorted by start, end and place (ties in the order given), pickled; ``csv``
    is the lines of ``mentions.csv`` they make.  The output order of mentions
    is by article, then that key, then the order stored: an article's block
    alone is in that order already.
    """
    by_article: dict[str, list[tuple]] = {}
    for row in rows:
        by_article.setdefault(row[0], []).append(row)
    blocks = []
    for article, mine in by_article.items():
        mine.sort(key=_MENTION_KEY)  # stable: ties keep the order given
        blocks.append((article, len(mine), pickle.dumps(mine, _PROTOCOL), _mentions_csv(mine)))
    return blocks


def _mentions_csv(rows: list[tuple]) -> str:
    """The lines of ``mentions.csv`` (columns of ``output.MENTION_HEADER``) for mention rows."""
    # Joined by hand, four times faster than the csv module: the same text as long as
    # no field needs quoting, i.e. holds no comma, quote or line break, which the counts
    # tell (every line has its 8 commas and 1 line end, no more).  The other fields are
    # str or int as the Mention's types say; only the time may be None.
    text = "".join([
        f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]},{r[6] or ''},{'true' if r[7] else 'false'},{r[8]}\n"
        for r in rows])
    if (text.count(",") == 8 * len(rows) and text.count("\n") == len(rows)
            and '"' not in text and "\r" not in text):
        return text
    return _quoted_csv(rows)


def _quoted_csv(rows: Iterable[tuple]) -> str:
    """:func:`_mentions_csv` through the csv module, which quotes what needs it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        (*row[:6], row[6] if row[6] is not None else "", "true" if row[7] else "false", row[8])
        for row in rows)
    return buffer.getvalue()


def _first_source(sources: tuple[Source, ...]) -> tuple[str, int, int]:
    """(article, start, end) of the earliest source (an event as read has one)."""
    if len(sources) == 1:
        s = sources[0]
        return s.article, s.start, s.end
    return min((s.article, s.start, s.end) for s in sources)


def _merged(blobs: list[bytes]) -> Iterable[tuple]:
    """The rows of an article's pickled blocks in output order (ties: block by block, as stored)."""
    if len(blobs) == 1:
        return pickle.loads(blobs[0])
    return heapq.merge(*map(pickle.loads, blobs), key=_MENTION_KEY)  # stable across its inputs


# A corpus has a few thousand entry times and a few hundred days: each is parsed once.
@lru_cache(maxsize=4096)
def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


@lru_cache(maxsize=4096)
def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal is not None else None


class RecordSpool:
    """Mentions, control changes, events and unknown names of many articles, on disk.

    Use as a context manager; the temporary folder is removed on exit.

    Parameters
    ----------
    folder : str or Path, optional
        Where to make the temporary folder (the system's temporary folder by default).

    Raises
    ------
    OutputError
        When the temporary database cannot be created.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        try:
            self._tmp = tempfile.TemporaryDirectory(prefix="mapper-spool-", dir=folder)
            self._db = sqlite3.connect(Path(self._tmp.name) / "records.sqlite")
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"{folder or tempfile.gettempdir()}: cannot create a temporary "
                              f"file for the extraction ({exc})") from exc
        # A scratch file: nothing to recover after a crash, so no journal and no fsync.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-8000", "temp_store=FILE"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(_SCHEMA)
        # What the events table holds: None (stale), "records" or "rendered" merged events.
        self._events_as: str | None = None

    def __enter__(self) -> RecordSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database and remove its folder."""
        self._db.close()
        self._tmp.cleanup()

    # -- in ----------------------------------------------------------------------

    def add_rows(self, rows: SpoolRows) -> None:
        """Store one article's rows (from :func:`spool_rows`)."""
        db = self._db
        db.executemany("INSERT INTO raw_events VALUES (?, ?, ?, ?, ?, ?, ?)", rows.events)
        db.executemany(f"INSERT INTO changes VALUES ({', '.join('?' * 12)})", rows.changes)
        db.executemany("INSERT INTO mention_blocks VALUES (?, ?, ?, ?)", rows.mentions)
        db.executemany("INSERT INTO unknown VALUES (?, ?, ?, ?, ?)", rows.unknown)
        self._events_as = None

    def add(
        self,
        events: Iterable[Event],
        changes: Iterable[ControlChange],
        mentions: Iterable[Mention],
        unknown: Iterable[UnknownName] = (),
    ) -> None:
        """Store one article's records (events not yet merged)."""
        self.add_rows(spool_rows(events, changes, mentions, unknown))

    # -- out: rows as the output files write them ----------------------------------

    def mention_csv_text(self) -> Iterator[str]:
        """Every mention by article and offset, as the text of ``mentions.csv`` (no header), in chunks."""
        blocks = self._query("SELECT article, rows, csv FROM mention_blocks ORDER BY article, rowid")
        for _, group in groupby(blocks, key=itemgetter(0)):
            found = list(group)
            if len(found) == 1:  # the usual case: an article's one block
                yield found[0][2]
            else:  # two articles of one name: their mentions interleave by offset
                yield _mentions_csv(list(_merged([blob for _, blob, _ in found])))

    def _mention_rows(self) -> Iterator[tuple]:
        """Every mention row (see :func:`mention_blocks`) by article and offset."""
        blocks = self._query("SELECT article, rows FROM mention_blocks ORDER BY article, rowid")
        for _, group in groupby(blocks, key=itemgetter(0)):
            yield from _merged([blob for _, blob in group])

    def change_csv_rows(self) -> Iterator[tuple]:
        """Distinct control changes by date, place, article and offset, as rows of ``control_changes.csv``."""
        return (row[:11] for row in self._change_rows())

    def _change_rows(self) -> Iterator[tuple]:
        return self._query(f"SELECT DISTINCT {_CHANGE_COLUMNS} FROM changes ORDER BY {_CHANGE_ORDER}")

    def rendered_events(
        self, render: Callable[[Event], tuple[bytes, str]], jobs: int = 1,
        pump: Callable[[], None] | None = None,
    ) -> Iterator[tuple[bytes, str]]:
        """Merged events in output order, each as ``render`` made it.

        ``render`` runs once per merged event, as the events are merged (see
        :class:`~mapper.extract.output.EventRenderer`), in ``jobs`` processes;
        the spool keeps its result, not the record.  ``pump``, if given, is
        called after each merged batch: this process is otherwise idle while
        its workers merge.
        """
        self._merge(render, jobs, pump)
        return self._query(f"SELECT geo, csv FROM events ORDER BY {_EVENT_ORDER}")

    # -- out: records ------------------------------------------------------------

    def mentions(self) -> Iterator[Mention]:
        """Every mention, by article and offset."""
        for row in self._mention_rows():
            yield Mention(*row[:6], _datetime(row[6]), bool(row[7]), *row[8:])

    def control_changes(self) -> Iterator[ControlChange]:
        """Distinct control changes (equal records told twice are one)."""
        for row in self._change_rows():
            yield ControlChange(date.fromisoformat(row[0]), *row[1:11], bool(row[11]))

    def events(self) -> Iterator[Event]:
        """Merged events with their ids, by date, place, sub-event type and id."""
        self._merge(None)
        rows = self._query(f"SELECT rec FROM events ORDER BY {_EVENT_ORDER}")
        return (unpack_event(pickle.loads(blob)) for (blob,) in rows)

    def unknown_places(self) -> Iterator[UnknownName]:
        """Names the gazetteer lacks, by article and offset."""
        for article, start, end, surface, cue in self._query(
                "SELECT * FROM unknown ORDER BY article, start, rowid"):
            yield UnknownName(surface, start, end, cue, article)

    def counts(self, articles: int) -> ExtractionCounts:
        """Counts for the summary (merges the events if not done yet)."""
        if self._events_as is None:
            self._merge(None)
        distinct = f"SELECT DISTINCT {_CHANGE_COLUMNS} FROM changes"
        return ExtractionCounts(
            articles=articles,
            events=self._one("SELECT count(*) FROM events"),
            changes=self._one(f"SELECT count(*) FROM ({distinct})"),
            assertions=self._one(f"SELECT count(*) FROM ({distinct} WHERE kind = 'assertion')"),
            mentions=self._one("SELECT coalesce(sum(n), 0) FROM mention_blocks"),
            unknown_names=tuple(r[0] for r in self._query(
                "SELECT DISTINCT surface FROM unknown ORDER BY surface")),
        )

    # -- plumbing ----------------------------------------------------------------

    def _one(self, sql: str) -> int:
        return int(self._db.execute(sql).fetchone()[0])

    def _query(self, sql: str) -> Iterator[tuple]:
        # A cursor of its own: a caller may read two streams at once.
        return self._db.cursor().execute(sql)

    def _merge(self, render: Callable[[Event], tuple[bytes, str]] | None, jobs: int = 1,
               pump: Callable[[], None] | None = None) -> None:
        """Merge raw events group by group into the ``events`` table.

        With ``render``, each merged event is stored as its output lines (done
        on every call), else as a record (done once until more records come).
        Groups are independent, so ``jobs`` worker processes can share them.
        """
        if render is None and self._events_as == "records":
            return
        self._db.execute("DELETE FROM events")
        sql = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)"
        # Batches differ in size (a group is never split): a wide window keeps a worker
        # busy while the other finishes a large one.  Each batch is well under a megabyte.
        done = ordered_map(_merge_batch, self._group_batches(), jobs, setup=partial(_use_renderer, render),
                           window=_MERGE_WINDOW * jobs)
        for _, rows in done:
            self._db.executemany(sql, rows)
            if pump is not None:
                pump()
        self._events_as = "records" if render is None else "rendered"

    def _group_batches(self) -> Iterator[list[list[bytes]]]:
        """Raw events (pickled) grouped as merging needs them, whole groups in batches."""
        rows = self._query("SELECT sub_type, place_id, in_comments, rec FROM raw_events "
                           "ORDER BY sub_type, place_id, in_comments, article, start, end, rowid")
        batch: list[list[bytes]] = []
        size, key = 0, None
        for sub_type, place_id, in_comments, blob in rows:
            if (sub_type, place_id, in_comments) != key:
                if size >= _BATCH_EVENTS:
                    yield batch
                    batch, size = [], 0
                batch.append([])
                key = (sub_type, place_id, in_comments)
            batch[-1].append(blob)
            size += 1
        if batch:
            yield batch


#: Events per batch handed to a merging worker (whole groups; enough to outweigh the hand-over).
_BATCH_EVENTS = 500
#: Batches in flight per merging worker.
_MERGE_WINDOW = 8
#: The renderer of the process running :func:`_merge_batch` (set by :func:`_use_renderer`).
_renderer: Callable[[Event], tuple[bytes, str]] | None = None


def _use_renderer(render: Callable[[Event], tuple[bytes, str]] | None) -> None:
    global _renderer
    _renderer = render


def _merge_batch(groups: list[list[bytes]]) -> list[tuple]:
    """Rows of the ``events`` table for a batch of groups: merged, then rendered or pickled."""
    rows = []
    for group in groups:
        for e in merge_group([unpack_event(pickle.loads(blob)) for blob in group]):
            key = (e.date.isoformat(), e.place_id, e.sub_event_type, e.event_id)
            if _renderer is None:
                rows.append((*key, pickle.dumps(pack_event(e), _PROTOCOL), None, None))
            else:
                rows.append((*key, None, *_renderer(e)))
    return rows
