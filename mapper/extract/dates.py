"""The day an event happened, read from one sentence.

A live blog is published on one day and talks about several: "on Monday",
"yesterday", "overnight", "since July 2016".  :func:`resolve_date` finds the
date phrases of a sentence with the pattern :mod:`mapper.extract.date_lexicon`
compiles from ``mapper/data/dates.toml``, tried only at the word starts just
before anchor words such as month names, weekdays and numeric dates (found in
one Aho-Corasick pass, so sentences without a date cost little), resolves each
against the publication day (and entry time; the calendar arithmetic of each
kind of phrase is in :mod:`mapper.extract.date_days`) and returns the most precise one
as a :class:`DateRef` with its character span in the sentence.

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
* **Spans of days** ("November 28 and 29", "28-29 November", "Dec 3 to 5") are
  ``period`` from the first day to the second (``date_end``) when the second
  follows by at most ``[day_spans] max_days`` (basis ``span``); a control
  change (it happens once) takes the first day, an incident becomes one per
  day, as ACLED codes one lasting days (the deaths go to the first).  Else the
  first day alone ("December 3 and 12 fighters").
* **Day and month without a year** ("28/11", day first) is the latest such day
  on or before the reference day, and no date at all when that lies more than
  ``[day_month] max_days_back`` before it ("3/4 of the city", "24/7").
* **A sentence opening on a day of the month** before a dash or colon ("The
  15th -- ...", a diary's heading) names it as "on the 15th" does.
* **"Two days after <clause>"** (``[shifts] before_main``) dates its own clause
  (up to the next comma or clause break) that many days before the main
  clause's date, whatever dates that (a phrase, the carried date, the
  reference day); it is never the sentence's date.  Basis ``prior``.  Trailing
  its main clause with the sentence's one day inside it ("The advance came two
  days after the army entered X on Saturday"), that day is its clause's, and
  the main clause is that many days later.
* **"Three days ago"** is that day before the reference day; **"a week ago"**,
  "two weeks ago" the week around that day.  **"by December 5"** is that day.
* **"overnight" after a day named in the sentence** ("On the 7th, ... pulling
  out overnight") is that day's night, which began on that day.
* When several phrases occur, the most precise wins (day > week > period),
  then the leftmost.  With none, the reference day is returned with basis
  ``published`` and an empty phrase at offset 0.
* **Several days in one sentence**: :func:`resolve_clauses` also returns a
  :class:`ClauseDates` that dates each control change (by its place) and each
  incident (by its cue) by the date phrase of its own clause; the sentence's
  date is the fallback (rules at :class:`ClauseDates`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from mapper.extract.clause_dates import ClauseDates
from mapper.extract.date_days import resolve_match, shift_days
from mapper.extract.date_lexicon import DateLexicon, date_lexicon

__all__ = ["ClauseDates", "DateRef", "DatePhrase", "find_date_phrases", "opens_dateline",
           "resolve_all", "resolve_clauses", "resolve_date", "resolve_sentence"]

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
# A run of separators: the pattern's ``\s+`` and ``[-\s]+`` read any such run as one.
_RUN = re.compile(r"[-\s]{2,}")
_RUN_GATE = re.compile(r"[-\s][-\s]")  # cheaper to search for than _RUN: no repeat
_PRECISION_RANK = {"day": 0, "week": 1, "period": 2}


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
        date: "the next day"), ``span`` (days joined: "November 28 and 29"),
        ``prior`` ("two days after": the main clause's date less that many days;
        the date here counts from the day named before it) or ``published``.
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


def _folded(sentence: str) -> str | None:
    """The sentence folded (see ``_FOLD``) between two blanks: ``folded[i + 1]`` is ``sentence[i]``.

    None when the sentence holds a character the fold cannot stand for (``_EXOTIC``).
    """
    if sentence.isascii():
        raw = sentence.encode("ascii")
    elif _EXOTIC.search(sentence):
        return None
    else:
        raw = sentence.encode("ascii", "replace")  # one "?" for each other character
    return f" {raw.translate(_FOLD).decode()} "


def _anchors(sentence: str, folded: str, lex: DateLexicon) -> list[tuple[int, int]]:
    """(start, lead) of each anchor of a sentence, left to right.

    One Aho-Corasick pass over the folded sentence, blank-padded so that its first
    and last words have neighbours too.  A name must also be spelled as listed.
    """
    out = []
    for end, (size, lead, spelled) in lex.anchors.iter(folded):
        a = end - size  # the anchor's first character, in the sentence
        if spelled is None or sentence.startswith(spelled, a):
            out.append((a, lead))
    if len(out) > 1:
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


def _lead_start(sentence: str, blanks: str, a: int, lead: int) -> int:
    """:func:`_window_start` for the anchor at ``a`` (no blank), with the runs of ``sentence``.

    A run that widens the window ends inside it: its last two characters lie in
    ``sentence[lo - 1:a]``.  Most windows hold none, and need no list of runs.
    ``blanks`` is the sentence folded as in :func:`_matches`: a run is two blanks
    there, so a window without two blanks in a row needs no search.
    """
    lo = a - lead
    if (lead and blanks.find("  ", max(lo, 0), a + 1) >= 0
            and _RUN_GATE.search(sentence, max(lo - 1, 0), a)):
        return _window_start(a, lead, list(map(re.Match.span, _RUN.finditer(sentence, 0, a))))
    return lo


def _matches(sentence: str, lex: DateLexicon | None = None) -> list[re.Match[str]]:
    """The matches of ``lex.pattern.finditer(sentence)``, tried only just before anchor words.

    Running the alternation over every sentence is slow; finding anchors (months,
    weekdays, numeric dates, "yesterday"...) is cheap, and most sentences have none.
    Every phrase's first anchor stands at most its ``lead`` characters (blank runs
    counted once) after the phrase's start.  So a phrase starts at a word start in
    the window before an anchor, and nowhere else: trying those word starts in
    order, from the end of the last phrase found, finds what ``finditer`` finds.
    (A search from the window would run on to the end of the sentence after an
    anchor that starts no phrase, as "since" the conjunction.)
    """
    lex = lex or date_lexicon()
    folded = _folded(sentence)
    if folded is None:
        return list(lex.pattern.finditer(sentence))
    anchors = _anchors(sentence, folded, lex)
    if not anchors:  # most sentences have none
        return []
    by_first = lex.by_first
    # A word starts at sentence[i] only after a blank at blanks[i] (the character before
    # it, or the padding): any ASCII character but a letter, digit or "_", any other.
    blanks = folded.replace("/", " ")
    find_blank = blanks.find
    out: list[re.Match[str]] = []
    done = 0  # the end of the last phrase found, or past the word starts tried in vain
    for a, lead in anchors:
        if a < done:
            continue  # inside a phrase found, or its window tried already
        i = find_blank(" ", max(done, _lead_start(sentence, blanks, a, lead)), a + 1)
        while i >= 0:
            # a character no phrase opens with, a blank among them, has no cut
            cut = by_first.get(sentence[i])
            if cut is not None and (m := cut(sentence, i)) is not None:
                out.append(m)
                done = m.end()  # past ``a``: a phrase ending before it would hold an earlier anchor
                break
            i = find_blank(" ", i + 1, a + 1)
        else:
            done = a + 1
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


def _resolve_matches(sentence: str, matches: list[re.Match[str]], published: date,
                     entry_time: datetime | None, lex: DateLexicon,
                     carried: DateRef | None = None) -> list[DateRef]:
    ref = entry_time.date() if entry_time is not None else published
    # what "the next day" counts from: the last day named before it, in this sentence
    # or the one before, else the reference day
    base = carried.date if carried is not None and carried.precision == "day" else ref
    named = False  # whether this sentence named a day already
    out = []
    for m in matches:
        if m.lastgroup == "shift":
            res: tuple | None = (base + timedelta(days=shift_days(m, lex)), "day", None, "shifted")
        elif m.lastgroup == "prior":  # before the main clause: counted back from the day so far
            days = lex.shifts["counts"][" ".join(m.group("pr_n").lower().split())]
            s, e = m.span()
            out.append(DateRef(base - timedelta(days=days), "day", None, sentence[s:e], s, e,
                               "prior"))
            continue  # what follows counts on from the main clause's day, not this one
        elif named and m.lastgroup == "rel" and m.group("rel_w").lower() == "overnight":
            res = (base, "day", None, "shifted")  # "On the 7th, ... overnight": that day's night
        else:
            res = resolve_match(m, sentence, ref, entry_time, lex)
        if res is None:
            continue
        d, precision, end, basis = res
        if precision == "day":
            base, named = d, True
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
    lex = date_lexicon()
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
    when, onward, _ = resolve_clauses(sentence, published, entry_time, carried)
    return when, onward


def resolve_clauses(sentence: str, published: date, entry_time: datetime | None = None,
                    carried: DateRef | None = None
                    ) -> tuple[DateRef, DateRef, ClauseDates | None]:
    """:func:`resolve_sentence`, and the dates of its clauses when they differ.

    Returns
    -------
    tuple
        (the sentence's date, the date to carry on, a :class:`ClauseDates` or None
        when every statement of the sentence takes the sentence's date).  A
        "two days after" phrase is never the sentence's date: it dates its own
        clause only.
    """
    lex = date_lexicon()
    matches = _matches(sentence, lex)  # most sentences have none
    if matches:
        refs = _resolve_matches(sentence, matches, published, entry_time, lex, carried)
        refs = _day_of_trailing_prior(sentence, refs, lex)
        if len(refs) == 1 and refs[0].basis not in _CLAUSE_BASES:
            return refs[0], refs[0], None
        main = [r for r in refs if r.basis != "prior"]
        clauses = ClauseDates.of(sentence, refs, lex)
        if main:
            when = min(main, key=lambda r: (_PRECISION_RANK[r.precision], r.start))
            onward = [r for r in main if r.basis == "shifted" and r.start > when.start]
            return when, onward[-1] if onward else when, clauses
        none = _published(entry_time.date() if entry_time is not None else published)
        return none, none, clauses
    none = _published(entry_time.date() if entry_time is not None else published)
    return none, none, None


def _day_of_trailing_prior(sentence: str, refs: list[DateRef], lex: DateLexicon) -> list[DateRef]:
    """``refs``, with the day named in a trailing "two days after" clause made its own.

    "The advance came two days after the army entered X on Saturday": when the
    phrase follows its main clause (a few words at least) and the sentence's one
    day phrase stands after it in the same clause, that day is the day of the
    "after" clause (X on Saturday), and the main clause is that many days later
    (the advance on Monday).  Opening the sentence ("Two days after retaking X,
    the army took Y on Sunday"), the day after it is the main clause's, as before.
    """
    if len(refs) != 2 or refs[0].basis != "prior" or refs[1].precision != "day":
        return refs
    prior, day = refs
    if len(sentence[:prior.start].split()) < 3 or day.start < prior.end:
        return refs
    low = sentence[prior.end:day.start].lower()
    if any(b in low for b in lex.breaks):
        return refs
    n = lex.shifts["counts"][prior.phrase.split()[0].lower()]
    return [prior, replace(day, date=day.date + timedelta(days=n), basis="shifted")]


_DATELINE = re.compile(r"[ \t]*(?:[\u2013\u2014:]|--?\s)")


def opens_dateline(sentence: str, when: DateRef) -> bool:
    """Whether the sentence is a timeline's entry: its date heads it before a dash or colon.

    "The 15th -- The first convoy leaves for government-held X", "28/11: ...":
    told in the historical present, of that day (so its labels are that day's,
    not the day of writing's).
    """
    return when.start == 0 and when.basis != "published" and bool(
        _DATELINE.match(sentence, when.end))


# a phrase of these bases gives a sentence ClauseDates even alone
_CLAUSE_BASES = frozenset({"prior", "span"})


@lru_cache(maxsize=256)
def _published(ref: date) -> DateRef:
    """The default for sentences without a date (shared: a DateRef is immutable)."""
    return DateRef(ref, "day", None, "", 0, 0, "published")
