"""Immutable records that flow through the pipeline.

articles -> entries -> mentions -> events / control changes.  Every record that
carries evidence keeps character offsets into the article's decoded text, so a
reviewer can jump from a dot on the map to the sentence behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One report, decoded to text.

    Attributes
    ----------
    id : str
        File name relative to its input folder (stable, used in outputs).
    path : str
        Path it was read from.
    text : str
        Decoded plain text; all offsets point into it.
    published : date
        Publication date.
    published_basis : str
        ``manifest`` or ``inferred: <evidence>``.
    title, source, url : str
        From the manifest or the text, "" when unknown.
    """

    id: str
    path: str
    text: str
    published: date
    published_basis: str = "manifest"
    title: str = ""
    source: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A part of an article: a live-blog update, the original entry, a caption, a comment.

    Attributes
    ----------
    article_id : str
    index : int
        Order in the article.
    start, end : int
        Character span in the article text.
    kind : str
        ``update``, ``original``, ``body``, ``caption``, ``related``, ``quote``, ``comment``.
    time_utc : datetime or None
        Timezone-aware UTC time of the entry where the heading gives one.
    in_comments : bool
        True for reader comments.
    """

    article_id: str
    index: int
    start: int
    end: int
    kind: str
    time_utc: datetime | None = None
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in an article."""

    article_id: str
    place_id: str
    place: str
    surface: str
    start: int
    end: int
    entry_time_utc: datetime | None
    in_comments: bool
    rule: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Source:
    """One report of an event: the article and the sentence that says so."""

    article: str
    entry_time_utc: datetime | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """An incident in ACLED's terms, with every report of it."""

    event_id: str
    date: date
    date_precision: str  # day | week | period
    time_utc: datetime | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    place_id: str
    place: str
    lat: float | None
    lon: float | None
    geo_precision: int  # ACLED: 1 exact, 2 near / part of region, 3 wide area
    fatalities: int
    fatalities_phrase: str
    certainty: str  # confirmed | reported | claimed | denied
    in_comments: bool
    sources: tuple[Source, ...]
    date_end: date | None = None  # last day of a period, when date_precision == "period"


@dataclass(frozen=True, slots=True)
class ControlChange:
    """A statement that a place changed hands (``change``) or was held (``assertion``)."""

    date: date
    place_id: str
    place: str
    from_: str
    to: str
    kind: str  # change | assertion
    certainty: str
    article: str
    sentence: str
    start: int
    end: int
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class ExtractionCounts:
    """What an extraction found, in numbers (the summary a user reads at the end)."""

    articles: int
    events: int  # after merging
    changes: int
    assertions: int
    mentions: int
    unknown_names: tuple[str, ...]  # place-like names the gazetteer lacks, distinct, sorted
