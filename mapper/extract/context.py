"""What the control and event readers know about one sentence, and what they find in it.

:class:`SentenceContext` bundles a sentence with its resolved places, date,
actors, certainty and fatalities (built by :mod:`mapper.pipeline`, read by
:mod:`mapper.extract.control` and :mod:`mapper.extract.events`);
:class:`ControlStatement` and :class:`PendingAllBut` are what the control
reader finds before :mod:`mapper.extract.wholes` expands areas to
neighbourhoods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from gazetteer.records import Place

__all__ = ["PlaceRef", "SentenceContext", "ControlStatement", "PendingAllBut", "LIST_GAP"]

#: What stands between two places of one list, "A and B", "A, B and C" (a "the" may follow);
#: read with ``fullmatch`` between the two names.
LIST_GAP = re.compile(r"\s*(?:,|and|&|or|,\s*and|,\s*or)\s*(?:the\s+)?", re.I)


class PlaceRef(NamedTuple):
    """A resolved place named in a sentence; offsets are relative to the sentence."""

    place: Place
    start: int
    end: int
    rule: str = ""


class SentenceContext(NamedTuple):
    """Everything the event and control readers need to know about one sentence.

    Offsets of ``places`` and ``actors`` are relative to ``text``; ``start`` and
    ``end`` place ``text`` in the article.  ``actors`` are objects with
    ``actor``, ``side``, ``surface``, ``start``, ``end`` (the attribute helper's
    ``ActorMention``).  ``context_sides`` are sides named in the previous
    sentence of the paragraph, ``context_area`` the last area or city the
    article named before this sentence, ``report_date`` the day the entry was
    written (the date of present-tense assertions; None: ``date``).
    ``clause_dates`` dates a statement or event by its own clause when the
    sentence names several days (:class:`mapper.extract.clause_dates.ClauseDates`).

    A named tuple rather than a frozen dataclass, like :class:`PlaceRef`: both
    are built for every sentence with a place, and a frozen dataclass of this
    many fields costs several times more to build.  Change one with ``_replace``.
    """

    article_id: str
    text: str
    start: int
    end: int
    date: date
    date_precision: str = "day"
    date_end: date | None = None
    date_explicit: bool = False
    entry_time_utc: datetime | None = None
    in_comments: bool = False
    places: tuple[PlaceRef, ...] = ()
    actors: tuple[Any, ...] = ()
    certainty: str = "reported"
    fatalities: int = 0
    fatalities_phrase: str = ""
    fatalities_span: tuple[int, int] | None = None
    context_sides: tuple[str, ...] = ()
    context_area: Place | None = None
    report_date: date | None = None
    # dates.ClauseDates when the sentence's clauses name different days, else None
    clause_dates: Any = None


class ControlStatement(NamedTuple):
    """One change or assertion before expansion to neighbourhoods.

    A named tuple, like :class:`PlaceRef`: one is built per change verb read,
    and a frozen dataclass costs several times more to build.
    """

    kind: str  # change | assertion
    to: str
    from_: str
    targets: tuple[PlaceRef, ...]
    trigger_start: int
    trigger_end: int
    whole: bool = False
    role: str = ""  # winner | loser | fell | listed | handover, for changes
    date: date | None = None  # when not the sentence's date (assertions of the time of writing)


@dataclass(frozen=True, slots=True)
class PendingAllBut:
    """ "Took all but a few districts": resolved per article by :func:`resolve_all_but`."""

    ctx: SentenceContext = field(compare=False)
    area: Place
    to: str
    from_: str
