"""One incident, several reports: merging events told more than once.

Live blogs retell: an execution reported at 0845 GMT is quoted again at 1745,
and the next day's post sums it up.  Two events are one when they share the
sub-event type and place, their dates fall together (the same day, or a short
period that contains the day), they agree on being reader comments or not, and
their fatality counts are compatible (one unknown, or close).  Distinct events
on the same day in the same place stay apart when the types differ or both
give clearly different counts.

Event ids are a short hash of (date, place, sub-event type, first source's
article and offset), so the same input always gives the same ids.
"""

from __future__ import annotations

import hashlib
from bisect import insort
from collections.abc import Iterable
from datetime import date

from mapper.records import Event, Source

__all__ = ["merge_events", "merge_group", "event_id", "same_event", "fatalities_compatible"]

_PRECISION_RANK = {"day": 0, "week": 1, "period": 2}
_CERTAINTY_RANK = {"confirmed": 0, "reported": 1, "claimed": 2, "denied": 3}
#: A period longer than this never merges with a dated event: "since July" is a summary.
MAX_MERGE_SPAN_DAYS = 7


def event_id(ev: Event) -> str:
    """Stable id: short hash of date, place, sub-event type and first source."""
    first = min(ev.sources, key=lambda s: (s.article, s.start))
    key = f"{ev.date.isoformat()}|{ev.place_id}|{ev.sub_event_type}|{first.article}|{first.start}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def fatalities_compatible(a: int, b: int) -> bool:
    """Whether two counts can describe one incident: one unknown, or within 20% (at least 2)."""
    if a == 0 or b == 0:
        return True
    return abs(a - b) <= max(2, 0.2 * max(a, b))


def _span(ev: Event) -> tuple[date, date]:
    return ev.date, (ev.date_end or ev.date)


def _dates_compatible(a: Event, b: Event) -> bool:
    """Same day, or overlapping when the period involved is short."""
    if a.date_precision == "day" and b.date_precision == "day":
        return a.date == b.date
    (a0, a1), (b0, b1) = _span(a), _span(b)
    short = all((e1 - e0).days <= MAX_MERGE_SPAN_DAYS for e0, e1 in ((a0, a1), (b0, b1)))
    return short and a0 <= b1 and b0 <= a1


def same_event(a: Event, b: Event) -> bool:
    """Whether two event records describe one incident."""
    return (
        a.sub_event_type == b.sub_event_type
        and a.place_id == b.place_id
        and a.in_comments == b.in_comments
        and _dates_compatible(a, b)
        and fatalities_compatible(a.fatalities, b.fatalities)
    )


def _combine(a: Event, b: Event, earliest_only: bool = False) -> Event:
    """One event from two reports: the most precise date, the largest compatible count.

    With ``earliest_only`` it keeps only the earliest source of both (see
    :func:`merge_group`), built once rather than sorted and cut down after.
    """
    first, second = sorted(
        (a, b),
        key=lambda e: (
            _PRECISION_RANK.get(e.date_precision, 9),
            min((s.article, s.start) for s in e.sources),
        ),
    )
    if earliest_only:
        sources: tuple[Source, ...] = (min(first.sources + second.sources, key=_source_key),)
    else:
        sources = tuple(sorted(set(first.sources) | set(second.sources), key=_source_key))
    dead = max((a, b), key=lambda e: e.fatalities)
    certainty = min(a.certainty, b.certainty, key=lambda c: _CERTAINTY_RANK.get(c, 9))
    times = [t for t in (a.time_utc, b.time_utc) if t is not None]
    # Built field by field: dataclasses.replace costs a fifth of a large merge.
    return Event(
        first.event_id, first.date, first.date_precision, min(times) if times else None,
        first.event_type, first.sub_event_type, first.actor1 or second.actor1,
        first.actor2 or second.actor2, first.place_id, first.place, first.lat, first.lon,
        min(a.geo_precision, b.geo_precision), dead.fatalities, dead.fatalities_phrase, certainty,
        first.in_comments, sources, first.date_end,
    )


def _rebuilt(e: Event, event_id: str, sources: tuple[Source, ...]) -> Event:
    """``e`` with another id and sources, built field by field (faster than ``replace``)."""
    return Event(
        event_id, e.date, e.date_precision, e.time_utc, e.event_type, e.sub_event_type, e.actor1,
        e.actor2, e.place_id, e.place, e.lat, e.lon, e.geo_precision, e.fatalities,
        e.fatalities_phrase, e.certainty, e.in_comments, sources, e.date_end,
    )


def _with_id(e: Event, sources: tuple[Source, ...] | None = None) -> Event:
    """``e`` with its stable id (see :func:`event_id`), and ``sources`` when given."""
    return _rebuilt(e, event_id(e), e.sources if sources is None else sources)


def _source_key(s: Source) -> tuple:
    return (s.article, s.start, s.end)


def merge_group(events: Iterable[Event]) -> list[Event]:
    """Merge the events of one group (one sub-event type at one place, comments or not).

    Each event joins the first earlier incident it can be (:func:`same_event`),
    else starts a new one.  A day-precise event can only join an incident of
    the same day or one dated by a week or period, so those are the only ones
    looked at: a place reported on every day of a long war stays fast.

    Parameters
    ----------
    events : iterable of Event
        The group's events in reading order (by first source).

    Returns
    -------
    list of Event
        One event per incident, each with its stable id, in the order first seen.
    """
    # Each incident is combined with one report at a time, keeping only its earliest
    # source (all that combining looks at); its other sources wait in ``told`` and
    # are sorted once at the end, so an incident told a thousand times stays cheap.
    clusters: list[Event] = []
    told: list[set[Source]] = []
    by_day: dict[date, list[int]] = {}  # day-precise incidents by date (indices, ascending)
    spans: list[int] = []  # incidents dated by a week or a period
    for ev in events:
        if ev.date_precision == "day":
            candidates = sorted(by_day.get(ev.date, []) + spans) if spans else by_day.get(ev.date, [])
        else:
            candidates = range(len(clusters))
        for i in candidates:
            if same_event(clusters[i], ev):
                old = clusters[i]
                clusters[i] = _combine(old, _earliest_only(ev), earliest_only=True)
                told[i].update(ev.sources)
                _reindex(i, old, clusters[i], by_day, spans)
                break
        else:
            clusters.append(_earliest_only(ev))
            told.append(set(ev.sources))
            _reindex(len(clusters) - 1, None, ev, by_day, spans)
    return [_with_id(e, tuple(sorted(all_told, key=_source_key))) for e, all_told in zip(clusters, told, strict=True)]


def _earliest_only(e: Event) -> Event:
    """``e`` with its earliest source alone (what ordering and ids look at)."""
    if len(e.sources) == 1:
        return e
    return _rebuilt(e, e.event_id, (min(e.sources, key=_source_key),))


def _reindex(i: int, old: Event | None, new: Event, by_day: dict[date, list[int]], spans: list[int]) -> None:
    """Move incident ``i`` to the index its (possibly newly precise) date belongs to."""
    def key(e: Event) -> date | None:
        return e.date if e.date_precision == "day" else None

    if old is not None and key(old) == key(new):
        return
    if old is not None:
        (by_day[old.date] if key(old) else spans).remove(i)
    insort(by_day.setdefault(new.date, []) if key(new) else spans, i)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge reports of the same incident and give every event its stable id.

    Parameters
    ----------
    events : iterable of Event
        Events as read, one source each (or more).

    Returns
    -------
    list of Event
        Sorted by date, place, sub-event type and id.
    """
    groups: dict[tuple[str, str, bool], list[Event]] = {}
    ordered = sorted(
        events, key=lambda e: (min(_source_key(s) for s in e.sources), e.place_id, e.sub_event_type)
    )
    for ev in ordered:
        groups.setdefault((ev.sub_event_type, ev.place_id, ev.in_comments), []).append(ev)
    merged = [e for group in groups.values() for e in merge_group(group)]
    return sorted(merged, key=lambda e: (e.date, e.place_id, e.sub_event_type, e.event_id))
