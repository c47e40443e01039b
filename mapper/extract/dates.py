"""The day an event happened, read from one sentence.

A live blog is published on one day and talks about several: "on Monday",
"yesterday", "overnight", "since July 2016".  :func:`resolve_date` finds the
date phrases of a sentence with one compiled pattern (built once from
``mapper/data/dates.toml``, searched for only next to anchor words such as
month names, weekdays and numeric dates, found in one Aho-Corasick pass, so
sentences without a date cost little), resolves
each against the publication day (and entry time) and returns the most precise
one as a :class:`DateRef` with its character span in the sentence.

Rules (documented here because analysts will ask):

* **Reference day** is the entry's UTC date when an entry time is given, else
  the publication date.
* **Weekdays** resolve to the latest such day on or before the reference day
  (the same weekday is the reference day itself); "last Monday" is strictly
  before it.  With a future cue near the phrase ("will", "would begin", "is
  expected to", see ``dates.toml``) they resolve forward, on or after the
  reference day; "next Monday" is strictly after it.
* **"overnight" / "last night"** name the night before the entry; ACLED codes an
  event to the day it began, so they resolve to the previous day.  "tonight" is
  the reference day.  When the entry was written after local midnight
  (Aleppo = UTC+2, entry time 22:00-23:59 UTC), "overnight" / "tonight" is the
  night still running, which began on the reference day.
* **Explicit dates without a year** ("on December 3", "Dec 12", "12 December")
  take the year that puts them nearest the reference day, a future date
  counting double distance unless a future cue is present (so "December 20"
  in a 13 December report stays in the same year, "Dec 28" read on 2 January
  is the previous year).
* **Numeric dates** ("15/12/16", "12/7/2016") are day-first (British and
  Syrian usage) unless that is impossible (second field > 12), then
  month-first; and when both readings are valid but only the month-first one
  lies within 31 days of the reference day ("12/7/2016" in a 8 December 2016
  report), that one is taken.  Two-digit years are 20xx.
* **Weeks**: "last weekend" is Saturday-Sunday (date_end Sunday) of the last
  weekend strictly before the reference day; "last week" the previous
  Monday-Sunday; "this week" Monday to the reference day, "earlier this week"
  Monday to the day before it (what is "earlier" is over; on a Monday, that
  Monday).  Precision ``week``.  "the past week" is the seven days before the reference
  day (``period``).
* **Periods**: "in the past 24 hours" runs from the previous day to the
  reference day (``period``); "since X" runs from X to the reference day;
  "in March", "late August", "July 2016" are (parts of) months, the latest such
  month not after the reference day unless a future cue says otherwise;
  "since mid-November" starts on the 11th.
* **Months by reference** ("last month", "late last month", "earlier this
  month", "the past month"; rules in ``[months_by_reference]``) are periods of
  the reference day's month or the one before (early = 1-10, mid = 11-20,
  late = 21-end), cut at the reference day (or the day before, for
  "earlier") when it falls inside; "the past month" is the 30 days before it.
* **A day of the month alone** ("on the 7th,", "by the 12th", "since the 3rd")
  is the latest such day on or before the reference day (this month, else the
  month before); "since" makes it a period to the reference day.  Only after a
  preposition and "the", and only where the phrase ends (punctuation, end of
  sentence or a word opening a new phrase, ``[day_of_month]``): "the 7th
  Division", "the 4th time", "for the 3rd day" are no dates.
* **Days counted from another date** ("the following morning", "the next
  day", "two days later", "the day before,", "later that day"; words in
  ``[shifts]``) count from the last day named before them in the sentence,
  else from ``carried`` (the date of the sentence before), else from the
  reference day.  Basis ``shifted``.  :func:`resolve_sentence` also says
  which date the story goes on from: the last such day.
* When several phrases occur, the most precise wins (day > week > period),
  then the leftmost.  With none, the reference day is returned with basis
  ``published`` and an empty phrase at offset 0.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib.resources import files

import ahocorasick

__all__ = ["DateRef", "DatePhrase", "find_date_phrases", "resolve_all", "resolve_date",
           "resolve_sentence"]

_CLAUSE_BREAKS = (";", ", and ", ", but ", " but ", " while ", " after ", " before ", " when ")
_WILL_AFTER = re.compile(r"\s+(?:will|would)\b")
# The anchor scan reads a copy of the sentence folded to one byte a character: ASCII
# letters in lower case, digits as "0", the separators of numeric dates as "/", "_" kept
# (a word character), anything else (other ASCII, any non-ASCII) as a blank.
_FOLD = bytes.maketrans(bytes(range(256)), bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or c == 95 else 48 if 48 <= c <= 57
    else 47 if c in b"-/." else 32 for c in range(256)))
# Non-ASCII characters that stand for ASCII ones in the pattern: İ ı ſ K match letters
# under IGNORECASE, and \d matches any decimal digit.  Sentences holding one are rare
# and read by the plain pattern.
_EXOTIC = re.compile(r"[\u0130\u0131\u017f\u212a]|(?![0-9])\d")
# Numeric and ISO dates start with a run of 1, 2 or 4 digits and a separator: the
# only numbers that anchor a phrase (other numbers follow a name or a word).
_NUMBER_RUNS = ("0", "00", "0000")
# every phrase starts at a word start
_PHRASE_START = r"(?<![\w'’])(?=\w)"
# A run of separators: the pattern's ``\s+`` and ``[-\s]+`` read any such run as one.
_RUN = re.compile(r"[-\s]{2,}")
_RUN_GATE = re.compile(r"[-\s][-\s]")  # cheaper to search for than _RUN: no repeat
_PRECISION_RANK = {"day": 0, "week": 1, "period": 2}
# The kinds of phrase whose resolution depends on the tense: only they look for a cue.
_TENSED = frozenset({"md", "dm", "wday", "weekend", "month", "dom"})
# Words a phrase can open with (any case; as a prefix, so "on" lets "one" by), besides
# digits, month names, weekdays and parts of months.  Keep in step with _build_pattern:
# tests/test_dates.py checks the pattern finds the same phrases without this gate.
_OPENERS = ("since", "on", "in", "over", "overnight", "during", "by", "until", "last", "next",
            "this", "early", "earlier", "late", "later", "past", "the", "yesterday", "today",
            "tonight")
_LOCAL_OFFSET = timedelta(hours=2)  # Aleppo, December 2016 (EET, no DST)
# The words a phrase can have before its anchor word, by kind; a space stands for any
# run of white space.  _build_pattern and _anchor_leads both read them, so the window
# searched before an anchor grows with them.
_WD_MODS = ("last", "next", "this past", "this", "on", "early", "late")
_HOUR_PREPS = (("in", "over", "during"), ("the",), ("past", "last", "previous"))
_HOUR_DAYS = {"24": 1, "twenty-four": 1, "48": 2, "forty-eight": 2, "72": 3, "seventy-two": 3}
_WE_MODS = ("last", "this past", "this", "over the")
_WK_MODS = ("last", "earlier this", "early this", "later this", "late this", "this", "past")
_RELATIVE = ("the day before yesterday", "yesterday", "earlier today", "today", "this morning",
             "this afternoon", "this evening", "tonight", "overnight", "last night",
             "late last night", "early this morning")  # each ends with an anchor word
_M_PREPS = ("in", "during", "by", "until", "last", "this", "next")
# An ordinal's folded forms ("7th" -> "0th", "21st" -> "00st"): anchors of a day of the month.
_ORDINALS = tuple(run + s for run in ("0", "00") for s in ("st", "nd", "rd", "th"))
_TIMES_OF_DAY = ("day", "morning", "afternoon", "evening", "night")
_THAT_MODS = (("later", "earlier"), ("that",), ("same",))  # "later that same day"


@cache
def _raw() -> dict:
    """The lexicon file, parsed once."""
    return tomllib.loads((files("mapper") / "data" / "dates.toml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class DateRef:
    """A resolved date phrase.

    Attributes
    ----------
    date : date
        The day (or first day of the week/period).
    precision : str
        ``day``, ``week`` or ``period``.
    date_end : date or None
        Last day of a week or period.
    phrase : str
        ``sentence[start:end]``; "" when the date is the publication day by default.
    start, end : int
        Character span in the sentence.
    basis : str
        ``explicit``, ``weekday``, ``relative``, ``shifted`` (counted from another
        date: "the next day") or ``published``.
    """

    date: date
    precision: str
    date_end: date | None
    phrase: str
    start: int
    end: int
    basis: str


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """An unresolved date phrase: its kind (the pattern that matched) and span."""

    kind: str
    phrase: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]  # lower-case name or abbreviation -> month
    shifts: dict[str, dict[str, int]]  # [shifts] of the lexicon: words -> days
    month_refs: dict[str, str]  # "last" -> "last", "earlier this" -> "before_ref" ...
    weekdays: dict[str, int]
    parts: dict[str, tuple[int, int]]
    future: re.Pattern[str]
    cues: ahocorasick.Automaton  # the future cues in lower case, a gate before ``future``
    window: int
    pattern: re.Pattern[str]
    # folded anchor, a blank or "/" either side -> (its length less one, the longest
    # text a phrase can have before it, the exact spellings it must have or None)
    anchors: ahocorasick.Automaton


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words(words: tuple[str, ...] | list[str]) -> str:
    """Like :func:`_alt`, a space in a word matching any run of white space."""
    return _alt(list(words)).replace(r"\ ", r"\s+")


def _opener_gate(names: list[str], parts: list[str]) -> str:
    """A look-ahead for the first word of a phrase: a digit, a name or an opener word.

    The pattern's alternation costs microseconds at every word start; this costs
    a character-class test at most of them (its first letters, then its words).
    """
    raw = _raw()
    words = [*_OPENERS, *raw["day_of_month"]["preps"], *raw["shifts"]["counts"], "that", *parts]
    initials = "".join(sorted({w[0].lower() for w in [*words, *names]}))
    return rf"(?=(?i:[\d{re.escape(initials)}]))(?=\d|(?i:{_alt(words)})|{_alt(names)})"


def _reference_alts(parts: list[str]) -> list[str]:
    """The phrases that name a day by reference: "on the 7th", "last month", "the next day"."""
    raw = _raw()
    dom, shifts = raw["day_of_month"], raw["shifts"]
    # an ordinal is a day only where its phrase ends (see dates.toml)
    dom_end = (rf"(?=\s*(?:[,.;:!?)\u2013\u2014]|$)|\s+(?i:{_words(dom['clause_words'])})\b)")
    tods = _words(_TIMES_OF_DAY)
    return [
        rf"(?P<dom>(?P<dom_prep>(?i:{_words(dom['preps'])}))\s+(?i:the)\s+"
        rf"(?P<dom_d>\d{{1,2}})(?i:st|nd|rd|th)\b{dom_end})",
        rf"(?P<mref>(?i:(?:(?P<mr_part>{_alt(parts)})[-\s]+)?"
        rf"(?P<mr_mod>{_words(list(raw['months_by_reference']))})\s+month)\b)",
        rf"(?P<shift>(?i:the\s+(?P<sh_dir>{_words(list(shifts['directions']))})\s+(?:{tods})"
        rf"|(?:(?:{_words(_THAT_MODS[0])})\s+)?that\s+(?:same\s+)?(?:{tods})"
        rf"|(?P<sh_n>{_words(list(shifts['counts']))})\s+days?\s+"
        rf"(?P<sh_way>{_words(list(shifts['later']))})(?!\s+than\b)"
        rf"|the\s+day\s+(?P<sh_side>before|after)(?=\s*(?:[,.;:]|$)))\b)",
    ]


def _build_pattern(month_names: list[str], month_abbr: list[str], weekdays: list[str],
                   parts: list[str], gate: bool = True) -> re.Pattern[str]:
    full = _alt(month_names)
    anym = rf"(?:{full}|(?:{_alt(month_abbr)})\.?)"
    wd = _alt(weekdays)
    year = r"(?:,?\s+(?P<{}>(?:19|20)\d\d))?"
    tod = r"(?:\s+(?i:morning|afternoon|evening|night))?"
    hour_lead = "".join(rf"(?:{_words(w)})\s+" for w in _HOUR_PREPS)
    # phrases end at a word end, so the anchor word in them stands alone
    alts = [
        rf"(?P<since>(?i:since)\s+(?:(?P<s_md>{anym})\s+(?P<s_mdd>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|(?P<s_dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<s_dmm>{full})\b"
        rf"|(?:(?P<s_part>(?i:{_alt(parts)}))(?:[-\s]+|\s+of\s+))?(?P<s_m>{full})\b"
        rf"|(?P<s_wd>{wd})\b){year.format('s_y')})",
        *_reference_alts(parts),
        r"(?P<numeric>\b(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<n3>\d{4}|\d{2})\b)",
        r"(?P<iso>\b(?P<i1>(?:19|20)\d\d)-(?P<i2>\d\d)-(?P<i3>\d\d)\b)",
        rf"(?P<md>(?:(?i:on)\s+)?\b(?P<md_m>{anym})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?!\s*(?:[:.]\d|%|(?i:km|kilomet|mile|people|GMT|a\.?m|p\.?m))){year.format('md_y')})",
        rf"(?P<dm>(?:(?i:on)\s+)?\b(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?"
        rf"(?P<dm_m>{full}|(?:{_alt(month_abbr)})\.?)\b{year.format('dm_y')})",
        rf"(?P<wday>(?:(?P<wd_mod>(?i:{_words(_WD_MODS)}))\s+)?\b"
        rf"(?P<wd_name>{wd})(?:['’]s)?\b{tod})",
        rf"(?P<hours>(?i:{hour_lead}"
        rf"(?P<h_n>{_words(list(_HOUR_DAYS))})\s+hours)\b)",
        rf"(?P<weekend>(?i:(?P<we_mod>{_words(_WE_MODS)})\s+weekend)\b)",
        rf"(?P<week>(?i:(?P<wk_mod>{_words(_WK_MODS)})\s+week)\b)",
        rf"(?P<rel>\b(?i:(?P<rel_w>{_words(_RELATIVE)}))\b)",
        rf"(?P<month>(?:(?i:(?P<m_prep>{_words(_M_PREPS)}))\s+)?"
        rf"(?:(?P<m_part>(?i:{_alt(parts)}))(?:[-\s]+|\s+of\s+))?"
        rf"\b(?P<m_name>{full})\b{year.format('m_y')})",
    ]
    # checking for an opener first spares the alternation at most word starts
    opener = _opener_gate([*month_names, *month_abbr, *weekdays], parts) if gate else ""
    return re.compile(_PHRASE_START + opener + "(?:" + "|".join(alts) + ")")


def _anchor_leads(names: list[str], abbrs: list[str], weekdays: list[str],
                  parts: list[str]) -> dict[str, int]:
    """Per anchor word, the most characters a phrase can have before it, a blank run as one.

    The anchor meant is the first one of the phrase: "since" in "since 3 May", the
    month in "on 31st of May" (a day is no anchor), "hours" in "over the previous
    forty-eight hours".  Read from the lead-in words the pattern is built from, slot
    after slot (each with the blank after it), so that adding a word widens the
    window searched.
    """
    def longest(words: tuple[str, ...] | list[str]) -> int:
        return max(len(w) for w in words) + 1

    day = ("31st",)  # a day of the month before its name
    raw = _raw()
    shifts = raw["shifts"]
    rows: list[tuple[list[str] | tuple[str, ...], tuple]] = [
        (names, (("on",), day, ("of",))),  # md and dm: "on May 3", "on 31st of May"
        (names, (("since",), day)),
        (names, (("since",), parts, ("of",))),  # "since mid-November"
        (_ORDINALS, (raw["day_of_month"]["preps"], ("the",))),  # "since the 3rd"
        (("month",), (parts, list(raw["months_by_reference"]))),  # "late last month"
        (_TIMES_OF_DAY, (("the",), list(shifts["directions"]))),  # "the following morning"
        (_TIMES_OF_DAY, _THAT_MODS),  # "later that same day"
        (("day", "days"), (list(shifts["counts"]),)),  # "three days later"
        (names, (_M_PREPS, parts, ("of",))),  # "until end of May"
        (abbrs, (("on",), day, ("of",))),
        (abbrs, (("since",),)),
        (weekdays, (_WD_MODS,)),
        (weekdays, (("since",),)),
        (("since",), ()),
        (("hours",), (*_HOUR_PREPS, list(_HOUR_DAYS))),  # a spelled-out count is no anchor
        (("weekend",), (_WE_MODS,)),
        (("week",), (_WK_MODS,)),
        *(((w.split()[-1],), tuple((v,) for v in w.split()[:-1])) for w in _RELATIVE),
    ]
    leads: dict[str, int] = {}
    for anchors, slots in rows:
        n = sum(map(longest, slots))
        for w in anchors:
            leads[w] = max(leads.get(w, 0), n)
    return leads


def _anchor_automaton(names: list[str], words: list[str],
                      leads: dict[str, int]) -> ahocorasick.Automaton:
    """The folded anchors, whole words; ``names`` are matched in their case, ``words`` in any.

    Every anchor a phrase holds stands between non-word characters, which fold to a
    blank or "/"; a word without a known lead takes the longest of all.
    """
    widest = max(leads.values())
    found: dict[str, tuple[int, tuple[str, ...] | None]] = {}
    for w, spelled in [*((n, (n,)) for n in names), *((w, None) for w in words)]:
        key = w.lower()
        lead, before = leads.get(w, leads.get(key, widest)), found.get(key)
        if before is not None:  # "May" and "MAY", or a name also listed as a word
            spelled = None if spelled is None or before[1] is None else before[1] + spelled
            lead = max(lead, before[0])
        found[key] = (lead, spelled)
    for run in _NUMBER_RUNS:
        found[run + "/0"] = (0, None)
    auto = ahocorasick.Automaton()
    for key, (lead, spelled) in found.items():
        # a number's key reads one digit past its separator; it anchors at its first digit
        size = len(key) if key.endswith("/0") else len(key) + 1
        for left in " /":
            for right in ("", ) if key.endswith("/0") else (" ", "/"):
                auto.add_word(left + key + right, (size, lead, spelled))
    auto.make_automaton()
    return auto


@cache
def _lexicon() -> _Lexicon:
    raw = _raw()
    months: dict[str, int] = {}
    names, abbrs = [], []
    for name, spec in raw["months"].items():
        months[name.lower()] = spec[0]
        names.append(name)
        for ab in spec[1:]:
            months[ab.lower()] = spec[0]
            abbrs.append(ab)
    weekdays = {k.lower(): v for k, v in raw["weekdays"].items()}
    parts = {k: (v[0], v[1]) for k, v in raw["parts_of_month"].items()}
    tense = raw["tense"]
    cues = tense["future_cues"]
    # the look-ahead on first letters spares the alternation at most word starts
    initials = re.escape("".join(sorted({c[0].lower() for c in cues})))
    future = re.compile(rf"\b(?=[{initials}])(?:{_alt(cues)})\b", re.IGNORECASE)
    cue_gate = ahocorasick.Automaton()
    for cue in cues:
        cue_gate.add_word(cue.lower(), cue)
    cue_gate.make_automaton()
    pattern = _build_pattern(names, abbrs, list(raw["weekdays"]), list(parts))
    all_names = [*names, *abbrs, *raw["weekdays"]]
    leads = _anchor_leads(names, abbrs, list(raw["weekdays"]), list(parts))
    anchors = _anchor_automaton(all_names, [*raw["anchors"]["words"], *_ORDINALS], leads)
    return _Lexicon(months, raw["shifts"], raw["months_by_reference"], weekdays, parts, future,
                    cue_gate, int(tense["window"]), pattern,
                    anchors)


def _anchors(sentence: str, lex: _Lexicon) -> list[tuple[int, int]] | None:
    """(start, lead) of each anchor of a sentence, left to right; None if it needs the plain pattern.

    One Aho-Corasick pass over the folded sentence, blank-padded so that its first
    and last words have neighbours too.  A name must also be spelled as listed.
    """
    if sentence.isascii():
        raw = sentence.encode("ascii")
    elif _EXOTIC.search(sentence):
        return None
    else:
        raw = sentence.encode("ascii", "replace")  # one "?" for each other character
    out = []
    for end, (size, lead, spelled) in lex.anchors.iter(f" {raw.translate(_FOLD).decode()} "):
        a = end - size  # the anchor's first character, in the sentence
        if spelled is None or sentence.startswith(spelled, a):
            out.append((a, lead))
    out.sort()  # in order already, but for keys ending at the same place
    return out


def _window_start(a: int, lead: int, runs: list[tuple[int, int]]) -> int:
    """Where a phrase reaching the anchor at ``a`` can start at the earliest.

    ``lead`` counts each run of blanks once; every run (start, end) met going
    back from ``a`` pushes the window back by its extra characters.
    """
    lo = a - lead
    i = bisect_left(runs, (a,)) - 1  # the last run starting before the anchor
    while i >= 0 and runs[i][1] > lo:
        lo -= runs[i][1] - runs[i][0] - 1
        i -= 1
    return lo


def _matches(sentence: str, lex: _Lexicon | None = None) -> list[re.Match[str]]:
    """The matches of ``lex.pattern.finditer(sentence)``, searched for only near anchor words.

    Running the alternation over every sentence is slow; finding anchors (months,
    weekdays, numeric dates, "yesterday"...) is cheap, and most sentences have none.
    Every phrase's first anchor stands at most its ``lead`` characters (blank runs
    counted once) after the phrase's start.  So no phrase starts between the end of
    the last one found and the window before the next anchor: a search from there
    finds the same next match as ``finditer``, wherever it starts.
    """
    lex = lex or _lexicon()
    anchors = _anchors(sentence, lex)
    if not anchors:  # most sentences have none
        return [] if anchors is not None else list(lex.pattern.finditer(sentence))
    search = lex.pattern.search
    # the runs of blanks before the last anchor (most sentences have none) widen windows
    last = anchors[-1][0]
    runs = (list(map(re.Match.span, _RUN.finditer(sentence, 0, last)))
            if _RUN_GATE.search(sentence, 0, last) else None)
    out: list[re.Match[str]] = []
    done = 0  # the end of the last phrase found
    for a, lead in anchors:
        if a < done:
            continue  # inside a phrase found
        m = search(sentence, max(done, _window_start(a, lead, runs) if runs else a - lead))
        if m is None:
            break  # no phrase further on
        out.append(m)
        done = m.end()  # past ``a``: a phrase ending before it would hold an earlier anchor
    return out


def find_date_phrases(sentence: str) -> list[DatePhrase]:
    """All date phrases of a sentence, left to right, unresolved.

    Parameters
    ----------
    sentence : str
        One sentence of article text.

    Returns
    -------
    list of DatePhrase
        ``kind`` names the pattern (``weekday``, ``md``, ``numeric``, ...).
    """
    return [DatePhrase(m.lastgroup or "", m.group(), m.start(), m.end())
            for m in _matches(sentence) if m.lastgroup]


def _is_future(sentence: str, start: int, end: int, lex: _Lexicon) -> bool:
    """A future cue in the phrase's clause, or "will"/"would" right after it."""
    before = sentence[max(0, start - lex.window):start]
    # ASCII text without a cue's letters in lower case holds no cue in any case
    cue = (lex.future.search(before) if not before.isascii()
           or next(lex.cues.iter(before.lower()), None) else None)
    if cue is not None:  # rare: only then find where the phrase's clause begins
        cut = max((before.rfind(b) + len(b) for b in _CLAUSE_BREAKS if b in before), default=0)
        if cue.start() >= cut or lex.future.search(before, cut):
            return True
    return bool(_WILL_AFTER.match(sentence, end))


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


def _shift(m: re.Match[str], lex: _Lexicon) -> int:
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


def _resolve(m: re.Match[str], sentence: str, ref: date, entry_time: datetime | None,
             lex: _Lexicon) -> tuple[date, str, date | None, str] | None:
    """(date, precision, date_end, basis) for one match, None when it is not a real date."""
    kind, g = m.lastgroup, m.group
    future = kind in _TENSED and _is_future(sentence, m.start(), m.end(), lex)
    if kind == "numeric":
        a, b, y = int(g("n1")), int(g("n2")), int(g("n3"))
        y = y + 2000 if y < 100 else y
        d = _numeric_date(a, b, y, ref)
        return (d, "day", None, "explicit") if d else None
    if kind == "iso":
        d = _safe_date(int(g("i1")), int(g("i2")), int(g("i3")))
        return (d, "day", None, "explicit") if d else None
    if kind in ("md", "dm"):
        p = kind
        mon = lex.months[g(f"{p}_m").rstrip(".").lower()]
        d = _nearest_year(mon, int(g(f"{p}_d")), ref, future, g(f"{p}_y"))
        return (d, "day", None, "explicit") if d else None
    if kind == "wday":
        d = _weekday(lex.weekdays[g("wd_name").lower()], ref, g("wd_mod") or "", future)
        return d, "day", None, "weekday"
    if kind == "rel":
        return _resolve_relative(g("rel_w"), ref, entry_time), "day", None, "relative"
    if kind == "dom":
        d = _day_of_month(int(g("dom_d")), ref, future)
        if d is None:
            return None
        if g("dom_prep").lower() == "since":
            return d, "period", ref, "explicit"
        return d, "day", None, "explicit"
    return _resolve_span(m, kind or "", ref, future, lex)


def _resolve_span(m: re.Match[str], kind: str, ref: date, future: bool,
                  lex: _Lexicon) -> tuple[date, str, date | None, str] | None:
    """Weeks and periods."""
    g = m.group
    if kind == "hours":
        # casefold: the pattern's IGNORECASE also lets by "ſeventy-two"
        days = _HOUR_DAYS.get(g("h_n").casefold(), 1)
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


def _resolve_since(m: re.Match[str], ref: date,
                   lex: _Lexicon) -> tuple[date, str, date | None, str] | None:
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


def _resolve_matches(sentence: str, matches: list[re.Match[str]], published: date,
                     entry_time: datetime | None, lex: _Lexicon,
                     carried: DateRef | None = None) -> list[DateRef]:
    ref = entry_time.date() if entry_time is not None else published
    # what "the next day" counts from: the last day named before it, in this sentence
    # or the one before, else the reference day
    base = carried.date if carried is not None and carried.precision == "day" else ref
    out = []
    for m in matches:
        if m.lastgroup == "shift":
            res: tuple | None = (base + timedelta(days=_shift(m, lex)), "day", None, "shifted")
        else:
            res = _resolve(m, sentence, ref, entry_time, lex)
        if res is None:
            continue
        d, precision, end, basis = res
        if precision == "day":
            base = d
        s, e = m.span()
        while e > s and sentence[e - 1].isspace():
            e -= 1
        out.append(DateRef(d, precision, end, sentence[s:e], s, e, basis))
    return out


def resolve_all(sentence: str, published: date, entry_time: datetime | None = None,
                carried: DateRef | None = None) -> list[DateRef]:
    """Every date phrase of a sentence, resolved, left to right.

    Parameters
    ----------
    sentence : str
        One sentence.
    published : date
        Publication date of the article.
    entry_time : datetime, optional
        UTC time of the live-blog entry holding the sentence.
    carried : DateRef, optional
        The date of the sentence before, which "the next day" counts from.

    Returns
    -------
    list of DateRef
    """
    lex = _lexicon()
    matches = _matches(sentence, lex)
    return (_resolve_matches(sentence, matches, published, entry_time, lex, carried)
            if matches else [])


def resolve_date(sentence: str, published: date, entry_time: datetime | None = None,
                 carried: DateRef | None = None) -> DateRef:
    """The date a sentence's event happened.

    Parameters
    ----------
    sentence : str
        One sentence.
    published : date
        Publication date of the article.
    entry_time : datetime, optional
        UTC time of the live-blog entry holding the sentence.
    carried : DateRef, optional
        The date of the sentence before, which "the next day" counts from when
        the sentence names no day before it.

    Returns
    -------
    DateRef
        The most precise phrase (day > week > period), leftmost on ties (so
        "the deal reached on 13 December broke down the following morning" is
        13 December: the sentence's events come with one date); the reference
        day with basis ``published`` when the sentence has none.
    """
    return resolve_sentence(sentence, published, entry_time, carried)[0]


def resolve_sentence(sentence: str, published: date, entry_time: datetime | None = None,
                     carried: DateRef | None = None) -> tuple[DateRef, DateRef]:
    """The date of a sentence (see :func:`resolve_date`) and the date its story goes on from.

    "The truce agreed on 10 December collapsed the following morning" is dated 10
    December, but the story has moved on to the 11th: what follows ("Within
    hours, shelling resumed") continues from the last day counted from another
    date.  Without such a phrase both are the sentence's date.

    Parameters
    ----------
    sentence, published, entry_time, carried
        As for :func:`resolve_date`.

    Returns
    -------
    tuple of DateRef
        (the sentence's date, the date to carry to the next sentence).
    """
    lex = _lexicon()
    matches = _matches(sentence, lex)  # most sentences have none
    if matches:
        refs = _resolve_matches(sentence, matches, published, entry_time, lex, carried)
        if len(refs) == 1:
            return refs[0], refs[0]
        if refs:
            when = min(refs, key=lambda r: (_PRECISION_RANK[r.precision], r.start))
            onward = [r for r in refs if r.basis == "shifted" and r.start > when.start]
            return when, onward[-1] if onward else when
    none = _published(entry_time.date() if entry_time is not None else published)
    return none, none


@lru_cache(maxsize=256)
def _published(ref: date) -> DateRef:
    """The default for sentences without a date (shared: a DateRef is immutable)."""
    return DateRef(ref, "day", None, "", 0, 0, "published")
