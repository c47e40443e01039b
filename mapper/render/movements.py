"""Movements layer data: evacuation routes out of the besieged enclave.

Kept modest on purpose: an event is a movement when its sub-event type or the
wording of one of its sentences says people moved (``colors.toml``
``[movements]``).  The places outside the city named in that sentence are the
destinations; the enclave (opposition-held districts that day) is the origin.  A
place named right after "from" is an origin instead (e.g. wounded taken from
al-Fu'ah and Kafraya), routed to regime-held West Aleppo.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from shapely.ops import unary_union

from gazetteer.places import Gazetteer
from gazetteer.records import Place
from mapper.control.frontline import side_of
from mapper.control.inputs import styles
from mapper.control.shares import SENTENCE_RE
from mapper.control.timeline import DayControl
from mapper.render.geo import to_latlon


@cache
def _name_pattern(places_key: tuple[tuple[str, str], ...]) -> re.Pattern:
    names = sorted({n for n, _ in places_key}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def _place(gaz: Gazetteer, pid: str) -> Place | None:
    return gaz.get(pid) if pid in gaz else None


def _destinations(gaz: Gazetteer) -> dict[str, str]:
    """Lower-cased name or alias -> place id, for places outside the city that can be drawn."""
    cfg = styles()["movements"]
    # Places that contain the city (its province, the country) say nothing about a direction.
    around = {"aleppo_city", *(gaz.ancestor_ids("aleppo_city") if "aleppo_city" in gaz else ())}
    out = {}
    for p in gaz.places:
        if (p.kind in cfg["destination_kinds"] and p.on_map and p.lat is not None
                and not gaz.is_within(p.id, "aleppo_city") and p.id not in around):
            for n in (p.name, *p.aliases):
                n = n.translate(_APOSTROPHES)
                if n.isascii() and len(n) > 3:
                    out[n.lower()] = p.id
    for alias, pid in cfg.get("aliases", {}).items():
        if pid in gaz:
            out[alias.lower()] = pid
    return out


#: Characters before a place name searched for a direction word ("to", "from").
CUE_WINDOW = 45
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʼ": "'"})


def _direction(before: str) -> str | None:
    """``origin`` / ``destination`` from the direction word nearest the name, else None."""
    cfg = styles()["movements"]
    best, kind = -1, None
    for cues, label in ((cfg["origin_cues"], "origin"), (cfg["destination_cues"], "destination")):
        for c in cues:
            for m in re.finditer(rf"\b{re.escape(c)}\b", before):
                if m.end() > best:
                    best, kind = m.end(), label
    return kind


def named_places(sentence: str, gaz: Gazetteer) -> list[tuple[str, bool]]:
    """Places outside the city that a sentence names as where people go or come from.

    Returns
    -------
    list of (place_id, is_origin)
        In text order; a name with no direction word before it ("areas in Madaya") is
        not a route end.
    """
    names = _destinations(gaz)
    if not names:
        return []
    pattern = _name_pattern(tuple(sorted(names.items())))
    text = sentence.translate(_APOSTROPHES)
    out, seen = [], set()
    for m in pattern.finditer(text):
        pid = names[m.group(1).lower()]
        kind = _direction(text[max(0, m.start() - CUE_WINDOW):m.start()].lower())
        if kind is not None and pid not in seen:
            seen.add(pid)
            out.append((pid, kind == "origin"))
    return out


def may_move(event_type: Any, sub_event_type: Any) -> bool:
    """Whether an event of these types can be a movement (:func:`is_movement` may be true)."""
    return (event_type == "Strategic developments"
            or sub_event_type in styles()["movements"]["sub_event_types"])


def _may_have_route(props: dict[str, Any], article_texts: dict[str, str]) -> bool:
    """False when no sentence of :func:`_candidate_sentences` can be a movement sentence:
    none of the event's own has a cue and none of its articles is at hand."""
    cues = _cue_pattern()
    for src in props.get("sources") or []:
        if (article_texts.get(str(src.get("article", "")))
                or cues.search(str(src.get("sentence", "")).lower())):
            return True
    return False


def is_movement(props: dict[str, Any]) -> bool:
    """Whether an event describes people moving: a movement type, or a strategic
    development worded as one (an air strike that mentions the displaced is not)."""
    cfg = styles()["movements"]
    if props.get("sub_event_type") in cfg["sub_event_types"]:
        return True
    if props.get("event_type") != "Strategic developments":
        return False
    cues = _cue_pattern()
    return any(cues.search(str(s.get("sentence", "")).lower()) for s in props.get("sources") or [])


@cache
def _cue_pattern() -> re.Pattern:
    """Any movement cue as a substring (one regex search instead of one per cue)."""
    cues = sorted(styles()["movements"]["cues"], key=len, reverse=True)
    return re.compile("|".join(re.escape(c) for c in cues))


def _enclave_point(rows: list[DayControl], shapes, day: date, gaz: Gazetteer):
    held = {r.place_id for r in rows if r.date == day and side_of(r.controller) == "opposition"}
    geoms = [g for pid, g in zip(shapes["place_id"], shapes.geometry, strict=True) if pid in held]
    if geoms:
        # The main pocket: the largest part, not an isolated outlying district.
        union = unary_union(geoms)
        parts = getattr(union, "geoms", [union])
        pt = max(parts, key=lambda g: g.area).representative_point()
        return to_latlon(pt.x, pt.y)
    east = _place(gaz, "aleppo_east")
    return to_latlon(east.lon, east.lat) if east and east.lat is not None else None


def _movement_sentence(sentence: str) -> bool:
    """A sentence that says people move (a cue) and does not deny it ("could not go to")."""
    low = sentence.lower()
    cfg = styles()["movements"]
    return (_cue_pattern().search(low) is not None
            and not any(n in low for n in cfg["negations"]))


#: Characters around an event's sentence searched for its destinations (about one entry).
NEAR = 500


def _candidate_sentences(props: dict[str, Any], article_texts: dict[str, str]
                         ) -> list[tuple[str, str]]:
    """``(article, sentence)``: the event's own sentences, then the movement sentences near
    them in their articles (a deal's destinations are often named a sentence or two later)."""
    out = []
    for src in props.get("sources") or []:
        art = str(src.get("article", ""))
        out.append((art, str(src.get("sentence", ""))))
        text = article_texts.get(art, "")
        start, end = int(src.get("start") or 0), int(src.get("end") or 0)
        if not text or end <= start:
            continue
        lo, hi = max(0, start - NEAR), min(len(text), end + NEAR)
        out.extend((art, " ".join(m.group(0).split()))
                   for m in SENTENCE_RE.finditer(text, lo, hi))
    return [(a, s) for a, s in dict.fromkeys(out) if _movement_sentence(s)]


def _route(pid: str, is_origin: bool, day: str, gaz: Gazetteer, rows, shapes):
    """``(from, to, from_name, to_name)`` of a route, or None when an end cannot be placed."""
    here = gaz.get(pid)
    west = _place(gaz, "aleppo_west")
    if is_origin:
        if west is None or west.lat is None:
            return None
        return to_latlon(here.lon, here.lat), to_latlon(west.lon, west.lat), here.name, west.name
    start = _enclave_point(rows, shapes, date.fromisoformat(day), gaz)
    if start is None:
        return None
    return start, to_latlon(here.lon, here.lat), "East Aleppo enclave", here.name


def movements_data(features: list[dict], gaz: Gazetteer, rows: list[DayControl],
                   shapes, days: list[date], article_texts: dict[str, str] | None = None
                   ) -> dict[str, Any]:
    """Evacuation routes, each on the day of the event that describes it.

    Parameters
    ----------
    article_texts
        ``{article id: text without reader comments}``, when the articles are at hand
        (``mapper build``); ``mapper render`` uses the events' own sentences only.

    Returns
    -------
    dict
        ``routes``: ``{day, date, from, to, from_name, to_name, type, sentence, article}``;
        ``color``.
    """
    day_index = {d.isoformat(): k for k, d in enumerate(days)}
    routes, seen = [], set()
    texts = article_texts or {}
    # Cheap first cuts: the types (most of 100,000 events are strikes and clashes), then
    # the day, then a cue in the event's sentences unless its articles are at hand
    # (without either there is no candidate sentence); only the few left are sorted.
    moving = []
    for f in features:
        p = f["properties"]
        if not may_move(p.get("event_type"), p.get("sub_event_type")):
            continue
        if str(p.get("date", ""))[:10] not in day_index or p.get("in_comments"):
            continue
        if is_movement(p) and _may_have_route(p, texts):
            moving.append(f)
    for f in sorted(moving, key=lambda f: str(f["properties"].get("date", ""))):
        p = f["properties"]
        d = str(p.get("date", ""))[:10]
        named = [(article, sentence, pid, is_origin)
                 for article, sentence in _candidate_sentences(p, article_texts or {})
                 for pid, is_origin in named_places(sentence, gaz)]
        # A place the reports call an origin is not also a destination of the same event.
        origins = {pid for _, _, pid, is_origin in named if is_origin}
        for article, sentence, pid, is_origin in named:
            if pid in origins and not is_origin:
                continue
            route = _route(pid, is_origin, d, gaz, rows, shapes)
            if route is None or route[2:] in seen:  # each route once, on its first day
                continue
            seen.add(route[2:])
            routes.append({"day": day_index[d], "date": d, "from": route[0], "to": route[1],
                           "from_name": route[2], "to_name": route[3],
                           "type": str(p.get("sub_event_type", "")),
                           "sentence": sentence, "article": article})
    routes.sort(key=lambda r: (r["day"], r["from_name"], r["to_name"]))
    return {"routes": routes, "color": styles()["movements"]["color"]}
