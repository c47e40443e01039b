"""Who held each Aleppo district on each day, and why we think so.

The state starts from the gazetteer's baseline snapshot and is replayed day by
day.  On each day the reports about a district are weighed: a direct report
outweighs one expanded from a whole ("all of the Old City"), a confirmed report
outweighs a reported one, which outweighs a claim; denials change nothing.  A
report of a later day replaces the state left by earlier ones.  When the
strongest reports of one day disagree, the district is ``contested`` that day
rather than decided by file order.  Later baseline snapshots (curated states)
are applied at the start of their day, before that day's reports.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from gazetteer.baseline import Baseline, Holding
from gazetteer.places import Gazetteer
from mapper.atomic import atomic_write_text
from mapper.records import ControlChange

CERTAINTY_WEIGHT = {"confirmed": 3, "reported": 2, "claimed": 1}
TIMELINE_COLUMNS = ("date", "place_id", "controller", "basis", "certainty", "article", "sentence")
BASES = ("baseline", "change", "assertion", "carried_forward", "expanded")


@dataclass(frozen=True, slots=True)
class DayControl:
    """The controller of one district on one day.

    Attributes
    ----------
    date, place_id, controller
        The day, the district and who held it (project vocabulary).
    basis : str
        One of :data:`BASES`: why the value holds on this day.
    certainty : str
        Certainty of the report behind the value ("" for the baseline).
    article, sentence : str
        Evidence: the report's article and sentence, or ``baseline`` and its source note.
    since : date
        First day of the unbroken run with this controller.
    """

    date: date
    place_id: str
    controller: str
    basis: str
    certainty: str
    article: str
    sentence: str
    since: date


def districts_of(gaz: Gazetteer, place_id: str) -> list[str]:
    """Ids of the neighbourhoods a statement about ``place_id`` covers, sorted.

    A district or quarter covers itself, an area every neighbourhood inside it (see
    :meth:`gazetteer.places.Gazetteer.expand`).  An id the gazetteer does not know (a
    user's shapes or baseline rows) covers nothing here rather than failing.
    """
    return [p.id for p in gaz.expand(place_id)] if place_id in gaz else []


@dataclass(frozen=True, slots=True)
class _Claim:
    controller: str
    basis: str
    certainty: str
    article: str
    sentence: str
    weight: tuple[int, int]


def _claims_by_day(reports: list[ControlChange], gaz: Gazetteer,
                   districts: set[str]) -> dict[date, dict[str, list[_Claim]]]:
    """Turn reports into per-day, per-district weighted claims (wholes expanded)."""
    out: dict[date, dict[str, list[_Claim]]] = defaultdict(lambda: defaultdict(list))
    for r in reports:
        if r.in_comments or r.certainty not in CERTAINTY_WEIGHT or not r.to:
            continue
        # A district the gazetteer does not know (user shapes) still takes reports about it.
        targets = ([r.place_id] if r.place_id in districts
                   else [d for d in districts_of(gaz, r.place_id) if d in districts])
        direct = targets == [r.place_id]
        basis = r.kind if r.kind in ("change", "assertion") else "change"
        basis = basis if direct else "expanded"
        weight = (1 if direct else 0, CERTAINTY_WEIGHT[r.certainty])
        for d in targets:
            out[r.date][d].append(_Claim(r.to, basis, r.certainty, r.article, r.sentence, weight))
    return out


def _decide(claims: list[_Claim]) -> _Claim:
    """Strongest claim of one day; disagreement among the strongest makes it contested."""
    top = max(c.weight for c in claims)
    best = sorted((c for c in claims if c.weight == top),
                  key=lambda c: (c.controller, c.article, c.sentence))
    sides = {c.controller for c in best}
    if len(sides) == 1:
        return best[0]
    sentences = " | ".join(f"[{c.controller}] {c.sentence}" for c in best)
    return _Claim("contested", best[0].basis, best[0].certainty,
                  ";".join(sorted({c.article for c in best})), sentences, top)


def _expand_baseline(snapshot: dict[str, Holding], gaz: Gazetteer,
                     districts: set[str]) -> dict[str, Holding]:
    """A district's own baseline row wins over one for a whole that contains it."""
    out: dict[str, Holding] = {}
    covered = {pid: districts_of(gaz, pid) for pid in snapshot if pid not in districts}
    # widest first, so narrower wholes overwrite
    for pid in sorted(covered, key=lambda pid: -len(covered[pid])):
        for d in covered[pid]:
            if d in districts:
                out[d] = snapshot[pid]
    for pid, value in snapshot.items():
        if pid in districts:
            out[pid] = value
    return out


def build_timeline(baseline: Baseline, reports: list[ControlChange], gaz: Gazetteer,
                   last_day: date | None = None,
                   districts: list[str] | None = None) -> list[DayControl]:
    """Replay baseline and reports into one row per district per day.

    Parameters
    ----------
    baseline
        ``{date: {place_id: Holding(controller, source)}}`` from
        :func:`gazetteer.baseline.load_baseline`; the earliest date starts the timeline.
    reports
        Control changes and assertions from the extractor.
    gaz
        The gazetteer (to expand wholes into districts).
    last_day
        Last day to cover; defaults to the latest report or baseline date.
    districts
        Districts to cover; defaults to every Aleppo city district in the gazetteer.

    Returns
    -------
    list of DayControl
        Sorted by date then place id.
    """
    district_ids = (sorted(districts) if districts is not None
                    else [p.id for p in gaz.districts()])
    dset = set(district_ids)
    first = min(baseline)
    claims = _claims_by_day([r for r in reports if r.date >= first], gaz, dset)
    last = max([first, *baseline, *claims, *([last_day] if last_day else [])])
    state: dict[str, DayControl] = {}
    rows: list[DayControl] = []
    day = first
    while day <= last:
        snap = _expand_baseline(baseline[day], gaz, dset) if day in baseline else {}
        for d in district_ids:
            prev = state.get(d)
            if d in claims.get(day, {}):
                c = _decide(claims[day][d])
                value = (c.controller, c.basis, c.certainty, c.article, c.sentence)
            elif d in snap:
                value = (snap[d][0], "baseline", "", "baseline", snap[d][1])
            elif prev is not None:
                value = (prev.controller, "carried_forward", prev.certainty, prev.article,
                         prev.sentence)
            else:
                value = ("unknown", "baseline", "", "baseline", "no baseline row")
            since = prev.since if prev is not None and prev.controller == value[0] else day
            state[d] = DayControl(day, d, value[0], value[1], value[2], value[3], value[4], since)
            rows.append(state[d])
        day += timedelta(days=1)
    return rows


def write_timeline_csv(rows: list[DayControl], path: Path) -> Path:
    """Write ``control_timeline.csv`` atomically (temp file, then rename)."""
    path = Path(path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TIMELINE_COLUMNS)
    for r in sorted(rows, key=lambda r: (r.date, r.place_id)):
        w.writerow([r.date.isoformat(), r.place_id, r.controller, r.basis, r.certainty,
                    r.article, r.sentence])
    atomic_write_text(path, buf.getvalue())
    return path
