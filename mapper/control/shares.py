"""How much of East Aleppo each side held, computed from the map and as the reports say.

*Computed*: per day, the km² and % of East Aleppo held by the regime, the
opposition and others.  East Aleppo is the opposition's territory when the
timeline starts (districts on the opposition side in the first baseline snapshot,
plus every district the gazetteer puts under ``aleppo_east``), which is what the
reports' "75% of opposition territory" refers to.

*Quoted*: percentages the reports give ("took 85% of the region", "over 95% of the
eastern parts", "pushed back into 25% of the territory"), found with the cue
words of ``colors.toml`` ``[shares]`` and expressed as the regime's share.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gazetteer.baseline import Holding
from gazetteer.places import Gazetteer
from mapper.control.frontline import side_of
from mapper.control.inputs import styles
from mapper.control.timeline import DayControl, districts_of

_PCT = re.compile(r"(?P<qual>\b(?:over|more than|about|around|nearly|almost|some|"
                  r"at least|roughly|some)\s+)?(?P<num>\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)",
                  re.IGNORECASE)
_ANY_PCT = re.compile(r"%|per ?cent", re.IGNORECASE)
SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]*")


def may_quote_share(text: str) -> bool:
    """Whether ``text`` can hold a share :func:`quoted_shares` finds ("%", "percent",
    "per cent"): texts without one are skipped before sentence splitting."""
    # The substring tests settle almost every text without the (slower) regex.
    return "%" in text or ("cent" in text.lower() and _ANY_PCT.search(text) is not None)


@dataclass(frozen=True, slots=True)
class QuotedShare:
    """A share of territory a report quotes, as the regime's percentage."""

    date: date
    article: str
    regime_pct: float
    phrase: str
    sentence: str


def east_districts(baseline_first: dict[str, Holding], gaz: Gazetteer,
                   district_ids: Iterable[str]) -> list[str]:
    """Districts making up East Aleppo (see module docstring), sorted."""
    ids = set(district_ids)
    east = {d for d in districts_of(gaz, "aleppo_east") if d in ids}
    for pid, (controller, _src) in baseline_first.items():
        if side_of(controller) == "opposition":
            east.update(d for d in ([pid] if pid in ids else districts_of(gaz, pid)) if d in ids)
    return sorted(east)


def district_areas(shapes) -> dict[str, float]:
    """Area of each district in km² (the ``area_km2`` column, else computed in UTM 37N)."""
    if "area_km2" in shapes.columns and shapes["area_km2"].notna().all():
        values = shapes["area_km2"]
    else:
        values = shapes.to_crs(32637).geometry.area / 1e6
    out: dict[str, float] = defaultdict(float)
    for pid, km2 in zip(shapes["place_id"], values, strict=True):
        out[pid] += float(km2)
    return dict(out)


def computed_shares(rows: list[DayControl], areas: dict[str, float], east: list[str]
                    ) -> dict[date, dict[str, float]]:
    """Per day: ``{side}_km2`` and ``{side}_pct`` for regime, opposition and other."""
    eset = set(east)
    total = sum(areas.get(d, 0.0) for d in eset)
    per: dict[date, dict[str, float]] = defaultdict(
        lambda: {"regime_km2": 0.0, "opposition_km2": 0.0, "other_km2": 0.0})
    for r in rows:
        if r.place_id in eset:
            per[r.date][f"{side_of(r.controller)}_km2"] += areas.get(r.place_id, 0.0)
    out = {}
    for day in sorted(per):
        v = per[day]
        for side in ("regime", "opposition", "other"):
            v[f"{side}_pct"] = round(100.0 * v[f"{side}_km2"] / total, 1) if total else 0.0
            v[f"{side}_km2"] = round(v[f"{side}_km2"], 3)
        out[day] = dict(v)
    return out


def _has(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def _last(text: str, words: list[str]) -> int:
    """End of the last cue in ``text`` (-1 when none): the cue nearest the number decides."""
    return max((i + len(w) for w in words if (i := text.rfind(w)) >= 0), default=-1)


def parse_quoted(sentence: str) -> list[tuple[float, str]]:
    """Territorial percentages in one sentence as ``(regime_pct, phrase)``.

    A percentage counts when a gain/hold cue comes before it or a territory word
    follows it; an opposition cue before it ("pushed back into") means the figure is
    what the opposition keeps, so the regime's share is the rest.
    """
    cfg = styles()["shares"]
    low = sentence.lower()
    out = []
    for m in _PCT.finditer(sentence):
        before, after = low[max(0, m.start() - 60):m.start()], low[m.end():m.end() + 45]
        if not (_has(before, cfg["gain_cues"]) or _has(after, cfg["territory_words"])):
            continue
        if not _has(before + " " + after, cfg["territory_words"]) and "loss of" not in before:
            continue
        pct = float(m.group("num"))
        if pct > 100:
            continue
        opp = _last(before, cfg["opposition_cues"])
        if opp >= 0 and opp >= _last(before, cfg["gain_cues"]):
            pct = 100.0 - pct
        out.append((pct, m.group(0).strip()))
    return out


def quoted_shares(texts: Iterable[tuple[date, str, str]]) -> list[QuotedShare]:
    """Quoted shares in ``(date, article, text)`` items (sentences or whole articles).

    Returns
    -------
    list of QuotedShare
        Deduplicated on (date, article, share, sentence) and sorted.
    """
    found = set()
    for day, article, text in texts:
        if not may_quote_share(text):  # most texts quote no percentage at all
            continue
        for sm in SENTENCE_RE.finditer(text):
            sentence = " ".join(sm.group(0).split())
            for pct, phrase in parse_quoted(sentence):
                found.add(QuotedShare(day, article, pct, phrase, sentence))
    return sorted(found, key=lambda q: (q.date, q.article, q.regime_pct, q.sentence))


def comparison_lines(quoted: list[QuotedShare], computed: dict[date, dict[str, float]]
                     ) -> list[str]:
    """Lines for the build log: each quoted share beside the computed one on its day."""
    lines = []
    for q in quoted:
        c = computed.get(q.date)
        got = f"{c['regime_pct']:.1f}%" if c else "n/a (outside the timeline)"
        lines.append(f"{q.date} quoted regime share {q.regime_pct:.0f}% ({q.phrase!r}, "
                     f"{q.article}) vs computed {got}")
    return lines
