"""Which day a date phrase names: the calendar arithmetic of each kind of phrase.

:mod:`mapper.extract.dates` finds the phrases (one pattern, compiled in
:mod:`mapper.extract.date_lexicon`) and picks a sentence's date among them;
:func:`resolve_match` turns one matched phrase into (date, precision, date_end,
basis) against the reference day (the entry's day, else the publication day):
the nearest past weekday, a month's day in the nearest year, a week, a weekend,
a month or part of one, "since ..." periods, "three days ago".  A phrase with a
future cue near it ("will begin on Wednesday") looks forward instead
(:func:`is_future`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from mapper.extract.date_lexicon import HOUR_DAYS, DateLexicon

__all__ = ["is_future", "resolve_match", "shift_days"]

_CLAUSE_BREAKS = (";", ", and ", ", but ", " but ", " while ", " after ", " before ", " when ")
_WILL_AFTER = re.compile(r"\s+(?:will|would)\b")
# The kinds of phrase whose resolution depends on the tense: only they look for a cue.
_TENSED = frozenset({"md", "dm", "wday", "weekend", "month", "dom"})
_LOCAL_OFFSET = timedelta(hours=2)  # Aleppo, December 2016 (EET, no DST)


def is_future(sentence: str, start: int, end: int, lex: DateLexicon) -> bool:
    """A future cue in the phrase's clause, or "will"/"would" right after it."""
    before = sentence[max(0, start - lex.window):start]
    # ASCII text without a cue's letters in lower case holds no cue in any case
    cue = (lex.future.search(before) if not before.isascii()
           or next(lex.cues.iter(before.lower()), None) else None)
    if cue is not None:  # rare: only then find where the phrase's clause begins
        cut = max((before.rfind(b) + len(b) for b in _CLAUSE_BREAKS if b in before), default=0)
        if cue.start() >= cut or lex.future.search(before, cut):
            return True
    # ``\s`` is str.isspace: most phrases end before punctuation, and need no search
    return sentence[end:end + 1].isspace() and _WILL_AFTER.match(sentence, end) is not None


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # a report names the same few days over and over
def _nearest_year(month: int, day: int, ref: date, future: bool, year: str | None) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    best, best_cost = None, None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        d = _safe_date(y, month, day)
        if d is None:
            continue
        delta = (d - ref).days
        # past-leaning unless a future cue: the other direction costs double
        if delta >= 0:
            cost = delta if future else 2 * delta
        else:
            cost = -2 * delta if future else -delta
        if best_cost is None or cost < best_cost:
            best, best_cost = d, cost
    return best


def _numeric_date(a: int, b: int, year: int, ref: date) -> date | None:
    """Day-first, unless impossible, or unless only the month-first reading is near ``ref``."""
    day_first, month_first = _safe_date(year, b, a), _safe_date(year, a, b)
    if day_first and month_first and day_first != month_first:
        near = [abs((d - ref).days) <= 31 for d in (day_first, month_first)]
        if near == [False, True]:
            return month_first  # a US-style date next to the publication day
    return day_first or month_first


@lru_cache(maxsize=4096)
def _weekday(target: int, ref: date, mod: str, future: bool) -> date:
    mod = " ".join(mod.lower().split())
    if mod == "next" or (future and mod not in ("last", "this past")):
        ahead = (target - ref.weekday()) % 7
        if mod == "next" and ahead == 0:
            ahead = 7
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - target) % 7
    if mod in ("last", "this past") and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _month_period(month: int, ref: date, future: bool, year: str | None, prep: str,
                  part: tuple[int, int] | None) -> tuple[date, date]:
    if year:
        y = int(year)
    elif future or prep == "next":
        y = ref.year if month >= ref.month else ref.year + 1
    else:
        y = ref.year if month <= ref.month else ref.year - 1
    first, last = part or (1, 31)
    last = min(last, _month_end(y, month))
    return date(y, month, first), date(y, month, last)


def _day_of_month(day: int, ref: date, future: bool) -> date | None:
    """The latest given day of a month on or before ``ref`` (on or after it if ``future``)."""
    step = 1 if future else -1
    y, m = ref.year, ref.month
    for _ in range(3):  # the 31st may skip a month
        d = _safe_date(y, m, day)
        if d is not None and (d >= ref if future else d <= ref):
            return d
        y, m = (y + (m + step - 1) // 12, (m + step - 1) % 12 + 1)
    return None


def _month_ref(mod: str, part: tuple[int, int] | None, ref: date,
               rule_of: dict[str, str]) -> tuple[date, date]:
    """The period "last month", "earlier this month", "late last month" name (dates.toml)."""
    rule = rule_of[" ".join(mod.lower().split())]
    if rule == "past":
        return ref - timedelta(days=30), ref
    y, m = (ref.year, ref.month) if rule != "last" else (
        (ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12))
    first, last = part or (1, 31)
    start, end = date(y, m, first), date(y, m, min(last, _month_end(y, m)))
    cut = {"to_ref": ref, "before_ref": ref - timedelta(days=1)}.get(rule)
    if cut is not None and start <= cut < end:  # what is over ends by the reference day
        end = cut
    return start, end


def shift_days(m: re.Match[str], lex: DateLexicon) -> int:
    """How many days "the following morning", "two days later" are from the date before."""
    g, sh = m.group, lex.shifts
    if g("sh_dir"):
        return sh["directions"][g("sh_dir").lower()]
    if g("sh_n"):
        return sh["counts"][g("sh_n").lower()] * sh["later"][g("sh_way").lower()]
    if g("sh_side"):
        return -1 if g("sh_side").lower() == "before" else 1
    return 0  # "later that day"


def _resolve_relative(word: str, ref: date, entry_time: datetime | None) -> date:
    word = " ".join(word.lower().split())
    late_entry = entry_time is not None and (entry_time + _LOCAL_OFFSET).date() > entry_time.date()
    if word == "the day before yesterday":
        return ref - timedelta(days=2)
    if word == "yesterday":
        return ref - timedelta(days=1)
    if word in ("overnight", "tonight") and late_entry:
        return ref
    if word in ("overnight", "last night", "late last night"):
        return ref - timedelta(days=1)
    return ref


def resolve_match(m: re.Match[str], sentence: str, ref: date, entry_time: datetime | None,
             lex: DateLexicon) -> tuple[date, str, date | None, str] | None:
    """(date, precision, date_end, basis) for one match, None when it is not a real date."""
    kind, g = m.lastgroup, m.group
    future = kind in _TENSED and is_future(sentence, m.start(), m.end(), lex)
    if kind == "wday":  # the commonest kind first
        d = _weekday(lex.weekdays[g("wd_name").lower()], ref, g("wd_mod") or "", future)
        return d, "day", None, "weekday"
    if kind == "numeric":
        a, b, y = int(g("n1")), int(g("n2")), int(g("n3"))
        y = y + 2000 if y < 100 else y
        d = _numeric_date(a, b, y, ref)
        return (d, "day", None, "explicit") if d else None
    if kind == "iso":
        d = _safe_date(int(g("i1")), int(g("i2")), int(g("i3")))
        return (d, "day", None, "explicit") if d else None
    if kind in _DAY_KINDS:
        return _resolve_day(m, kind, ref, future, lex)
    if kind == "rel":
        return _resolve_relative(g("rel_w"), ref, entry_time), "day", None, "relative"
    if kind == "dom":
        d = _day_of_month(int(g("dom_d")), ref, future)
        if d is None:
            return None
        if g("dom_prep").lower() == "since":
            return d, "period", ref, "explicit"
        return d, "day", None, "explicit"
    if kind in ("ago", "recent"):
        return _resolve_ago(m, ref, lex)
    return _resolve_span(m, kind or "", ref, future, lex)


_DAY_KINDS = frozenset({"md", "dm", "dmn", "domh"})


def _resolve_day(m: re.Match[str], kind: str, ref: date, future: bool,
                 lex: DateLexicon) -> tuple[date, str, date | None, str] | None:
    """Days of a month named: "on December 3", "28 and 29 November", "28/11", "The 15th --"."""
    g = m.group
    if kind in ("md", "dm"):
        p = kind
        mon = lex.months[g(f"{p}_m").rstrip(".").lower()]
        d = _nearest_year(mon, int(g(f"{p}_d")), ref, future, g(f"{p}_y"))
        if d is None:
            return None
        if g(f"{p}_d2"):  # "November 28 and 29": a span of days, if a short one
            last = _safe_date(d.year, d.month, int(g(f"{p}_d2")))
            if last is not None and 0 < (last - d).days <= lex.spans[0]:
                return d, "period", last, "span"
        return d, "day", None, "explicit"
    if kind == "dmn":  # "28/11": the latest such day on or before the reference day, if near
        d = _safe_date(ref.year, int(g("dn_m")), int(g("dn_d")))
        if d is not None and d > ref:
            d = _safe_date(ref.year - 1, d.month, d.day)
        if d is None or (ref - d).days > lex.spans[1]:
            return None
        return d, "day", None, "explicit"
    if kind == "domh":  # "The 15th -- ...": as "on the 15th"
        d = _day_of_month(int(g("dh_d")), ref, False)
        return (d, "day", None, "explicit") if d else None
    return None


def _resolve_span(m: re.Match[str], kind: str, ref: date, future: bool,
                  lex: DateLexicon) -> tuple[date, str, date | None, str] | None:
    """Weeks and periods."""
    g = m.group
    if kind == "hours":
        # casefold: the pattern's IGNORECASE also lets by "ſeventy-two"
        days = HOUR_DAYS.get(g("h_n").casefold(), 1)
        return ref - timedelta(days=days), "period", ref, "relative"
    if kind == "weekend":
        mod = " ".join(g("we_mod").lower().split())
        back = (ref.weekday() - 6) % 7
        if mod in ("last", "this past") and back == 0:
            back = 7
        sunday = ref - timedelta(days=back)
        if mod == "this" and ref.weekday() < 5:
            sunday += timedelta(days=7) if future else timedelta(days=0)
        return sunday - timedelta(days=1), "week", sunday, "relative"
    if kind == "week":
        mod = " ".join(g("wk_mod").lower().split())
        monday = ref - timedelta(days=ref.weekday())
        if mod == "past":  # "in the past week": the seven days up to the reference day
            return ref - timedelta(days=7), "period", ref, "relative"
        if mod == "last":
            return monday - timedelta(days=7), "week", monday - timedelta(days=1), "relative"
        if mod == "earlier this":  # over before the reference day (on a Monday: that Monday)
            return monday, "week", max(monday, ref - timedelta(days=1)), "relative"
        return monday, "week", ref, "relative"
    if kind == "since":
        return _resolve_since(m, ref, lex)
    if kind == "mref":
        part = lex.parts.get(g("mr_part").lower()) if g("mr_part") else None
        start, end = _month_ref(g("mr_mod"), part, ref, lex.month_refs)
        return start, "period", end, "relative"
    if kind == "month":
        if not (g("m_prep") or g("m_y") or g("m_part")):
            return None  # a bare capitalised month name is too weak ("March on Aleppo")
        part = lex.parts.get(g("m_part").lower()) if g("m_part") else None
        mon = lex.months[g("m_name").lower()]
        prep = (g("m_prep") or "").lower()
        start, end = _month_period(mon, ref, future, g("m_y"), prep, part)
        return start, "period", end, "explicit"
    return None


def _resolve_ago(m: re.Match[str], ref: date, lex: DateLexicon) -> tuple[date, str, date | None, str]:
    """"three days ago": that day; "a week ago": the week around that day; "in the last
    few days" (``recent``): the three days up to the reference day."""
    if m.lastgroup == "recent":
        return ref - timedelta(days=3), "period", ref, "relative"
    word = m.group("ago_n").lower()
    n = int(word) if word.isdigit() else lex.shifts["counts"][word]
    if not m.group("ago_u").lower().startswith("week"):  # days, nights
        return ref - timedelta(days=n), "day", None, "relative"
    mid = ref - timedelta(days=7 * n)
    return mid - timedelta(days=3), "week", min(ref, mid + timedelta(days=3)), "relative"


def _resolve_since(m: re.Match[str], ref: date,
                   lex: DateLexicon) -> tuple[date, str, date | None, str] | None:
    g = m.group
    if g("s_wd"):
        start = _weekday(lex.weekdays[g("s_wd").lower()], ref, "", False)
    elif g("s_m"):
        part = lex.parts.get(g("s_part").lower()) if g("s_part") else None
        start, _ = _month_period(lex.months[g("s_m").lower()], ref, False, g("s_y"), "", part)
    else:
        name, day = (g("s_md"), g("s_mdd")) if g("s_md") else (g("s_dmm"), g("s_dm"))
        start = _nearest_year(lex.months[name.rstrip(".").lower()], int(day), ref, False,
                              g("s_y"))
        if start is None:
            return None
    return start, "period", ref, "explicit"
