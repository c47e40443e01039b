"""Infer an article's publication date from its text.

Used only when ``manifest.csv`` has no row for the file.  Evidence, most
reliable first:

1. a link to the previous day's edition of a daily series ("See Syria Daily,
   Dec 12: ...", "Syria Daily, 8 December"): published the day after; the
   same link in the article's own first line is its own date;
2. a wire timestamp, a date with a clock time ("20:08 08.12.2016");
3. a full date ("15/12/16", "08.12.2016", "December 9, 2016", "9 December 2016").

Within a class the latest date wins (an article quotes the past, rarely the
future), and evidence in the article proper beats evidence in its reader
comments.  A link without a year takes it from a dated line of the text, else
the later of the caller's hint (the year of the other articles in the folder)
and the latest year the text mentions, else the comments.  Numeric dates are
read day first unless that is impossible (the sources are Middle Eastern and
European).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from mapper.extract.entries import find_comments_start

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<mon>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?")
_MONTH2 = _MONTH.replace("(?P<mon>", "(?P<mon2>")
_ORD = r"(?:st|nd|rd|th)?"
_MONTH_DAY = (rf"(?:{_MONTH}[ \t]+(?P<d1>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}[ \t]+{_MONTH2})"
              r"(?:,?[ \t]+(?P<y>(?:19|20)\d\d))?")
_SERIES_LINK = re.compile(
    r"\b(?:[A-Z][\w'’-]*[ \t]+){0,2}Daily,?[ \t]+" + _MONTH_DAY + r"\b"
)
_STAMP = re.compile(
    r"\b(?:(?P<h1>\d{1,2}):(?P<mi1>\d\d)[ \t]+(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{4})"
    r"|(?P<a2>\d{1,2})[./-](?P<b2>\d{1,2})[./-](?P<y2>\d{4}),?[ \t]+(?P<h2>\d{1,2}):(?P<mi2>\d\d))"
    r"\b"
)
_NUMERIC = re.compile(r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)"
                      r"(?P<y>\d{4}|\d\d)(?![\d./]\d)")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<b>\d\d)-(?P<a>\d\d)\b")
_NAMED = re.compile(
    rf"\b(?:{_MONTH}[ \t]+(?P<d1>\d{{1,2}}){_ORD},?[ \t]+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}}){_ORD}[ \t]+{_MONTH2},?[ \t]+"
    r"(?P<y2>(?:19|20)\d\d))\b"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def infer_published(text: str, year_hint: int | None = None) -> tuple[date, str] | None:
    """Infer the publication date of an article from its text.

    Parameters
    ----------
    text
        The article's plain text.
    year_hint
        Year to use for a link without one when the text has no dated evidence.

    Returns
    -------
    tuple of (date, str) or None
        The date and a short description of the evidence, or None when the
        text gives no usable date.
    """
    cut = find_comments_start(text)
    parts = [(text, "")] if cut is None else [(text[:cut], ""), (text[cut:], " in the comments")]
    for part, where in parts:
        found = _best_link(part, text, year_hint)
        if found is not None:
            return found[0], found[1] + where
        for finder, label in ((_stamps, "wire timestamp"), (_full_dates, "dated line")):
            dated = list(finder(part))
            if dated:
                day, surface = max(dated)
                return day, f"{label} {surface!r}{where}"
    return None


def _best_link(part: str, text: str, year_hint: int | None) -> tuple[date, str] | None:
    """The latest daily-series link in ``part``, as (publication date, evidence)."""
    first_line_end = _first_line_end(text)
    best: tuple[date, str] | None = None
    implied: tuple[int | None, str] | None = None  # the year of links without one, found once
    for m in _SERIES_LINK.finditer(part):
        month = _MONTHS[(m["mon"] or m["mon2"])[:3].lower()]
        day_s = m["d1"] or m["d2"]
        if m["y"]:
            year, year_note = int(m["y"]), ""
        else:
            implied = implied or _year_for_link(text, year_hint)
            year, year_note = implied
        if year is None:
            continue
        linked = _safe_date(year, month, int(day_s))
        if linked is None:
            continue
        surface = m.group().strip()
        own_title = part is text and m.start() < first_line_end
        if own_title:
            found = (linked, f"the title's date {surface!r}{year_note}")
        else:
            found = (linked + timedelta(days=1),
                     f"link to the previous day's {surface!r}{year_note}")
        if best is None or found[0] > best[0]:
            best = found
    return best


def _first_line_end(text: str) -> int:
    stripped = len(text) - len(text.lstrip())
    nl = text.find("\n", stripped)
    return len(text) if nl < 0 else nl


def _year_for_link(text: str, year_hint: int | None) -> tuple[int | None, str]:
    """Year for a link written without one, and a note saying where it came from.

    A dated line in the article proper gives it.  Otherwise an article is at
    least as late as the latest year it mentions, and probably of the same
    year as its neighbours (``year_hint``): the later of the two.  Reader
    comments are the last resort.
    """
    cut = find_comments_start(text)
    body, comments = (text, "") if cut is None else (text[:cut], text[cut:])
    dated = [d for d, _ in _stamps(body)] + [d for d, _ in _full_dates(body)]
    if dated:
        return max(dated).year, ""
    mentioned = max((int(y) for y in _YEAR.findall(body)), default=None)
    if year_hint is not None and (mentioned is None or year_hint >= mentioned):
        return year_hint, f" (year {year_hint} from the other articles)"
    if mentioned is not None:
        return mentioned, f" (year {mentioned}, the latest the text mentions)"
    dated = [d for d, _ in _stamps(comments)] + [d for d, _ in _full_dates(comments)]
    if dated:
        return max(dated).year, f" (year {max(dated).year} from a date in the comments)"
    mentioned = max((int(y) for y in _YEAR.findall(comments)), default=None)
    if mentioned is not None:
        return mentioned, f" (year {mentioned}, the latest the comments mention)"
    return None, ""


def _stamps(text: str) -> Iterator[tuple[date, str]]:
    """Dates written with a clock time: wire timestamps."""
    for m in _STAMP.finditer(text):
        a, b, y = (m["a"], m["b"], m["y"]) if m["a"] else (m["a2"], m["b2"], m["y2"])
        day = _day_first(int(a), int(b), int(y))
        if day is not None:
            yield day, m.group()


def _full_dates(text: str) -> Iterator[tuple[date, str]]:
    """Dates with day, month and year, numeric or with a month name."""
    for m in _NUMERIC.finditer(text):
        y = int(m["y"])
        day = _day_first(int(m["a"]), int(m["b"]), y if y > 99 else 2000 + y)
        if day is not None:
            yield day, m.group()
    for m in _ISO.finditer(text):
        day = _safe_date(int(m["y"]), int(m["b"]), int(m["a"]))
        if day is not None:
            yield day, m.group()
    for m in _NAMED.finditer(text):
        mon = m["mon"] or m["mon2"]
        day = _safe_date(int(m["y1"] or m["y2"]), _MONTHS[mon[:3].lower()],
                         int(m["d1"] or m["d2"]))
        if day is not None:
            yield day, m.group()


def _day_first(a: int, b: int, year: int) -> date | None:
    """``a/b/year`` read day first, month first only when day first is impossible."""
    if not 1950 <= year <= 2100:
        return None
    return _safe_date(year, b, a) or _safe_date(year, a, b)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
