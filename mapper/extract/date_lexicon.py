"""The date lexicon: ``mapper/data/dates.toml`` compiled once for :mod:`mapper.extract.dates`.

All date phrases go into one pattern, an alternation of one named group per kind
of phrase (``since``, ``md``, ``wday``, ...) behind a look-ahead on the first word.
Running it over every sentence is slow, so the reader tries it only just before
*anchor* words (months, weekdays, numeric dates, "yesterday", ...), found in one
Aho-Corasick pass over a folded copy of the sentence: each anchor comes with its
*lead*, the most characters a phrase can have before it.  Each word start there
is tried with the kinds of phrase that can begin with its first character only
(:func:`_by_first_char`).  The future cues (``[tense]``) are compiled here too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from re import _compiler as sre_compiler
from re import _constants as sre  # the parsed form of a pattern, to read its first characters
from re import _parser as sre_parse

import ahocorasick

__all__ = ["HOUR_DAYS", "DateLexicon", "date_lexicon"]

# Numeric and ISO dates start with a run of 1, 2 or 4 digits and a separator: the
# only numbers that anchor a phrase (other numbers follow a name or a word).
_NUMBER_RUNS = ("0", "00", "0000")
# every phrase starts at a word start
_PHRASE_START = r"(?<![\w'’])(?=\w)"
# Words a phrase can open with (any case; as a prefix, so "on" lets "one" by), besides
# digits, month names, weekdays and parts of months.  Keep in step with _build_pattern:
# tests/test_dates_gates.py checks the pattern finds the same phrases without this gate.
_OPENERS = ("since", "on", "in", "over", "overnight", "during", "by", "until", "last", "next",
            "this", "early", "earlier", "late", "later", "past", "the", "yesterday", "today",
            "tonight")
# The words a phrase can have before its anchor word, by kind; a space stands for any
# run of white space.  _build_pattern and _anchor_leads both read them, so the window
# searched before an anchor grows with them.
_WD_MODS = ("last", "next", "this past", "this", "on", "early", "late")
_HOUR_PREPS = (("in", "over", "during"), ("the",), ("past", "last", "previous"))
# "in the past 48 hours": the days of a count of hours (dates.py resolves with it too)
HOUR_DAYS = {"24": 1, "twenty-four": 1, "48": 2, "forty-eight": 2, "72": 3, "seventy-two": 3}
_WE_MODS = ("last", "this past", "this", "over the")
_WK_MODS = ("last", "earlier this", "early this", "later this", "late this", "this", "past")
_RELATIVE = ("the day before yesterday", "yesterday", "earlier today", "today", "this morning",
             "this afternoon", "this evening", "tonight", "overnight", "last night",
             "late last night", "early this morning")  # each ends with an anchor word
_M_PREPS = ("in", "during", "by", "until", "last", "this", "next")
# "in the last few days": the words before "days", slot by slot ("recent" fills the last two)
_RECENT_LEAD = (("in", "over", "during"), ("the",), ("last", "past", "recent"), ("few", "several", "couple of"))
# An ordinal's folded forms ("7th" -> "0th", "21st" -> "00st"): anchors of a day of the month.
_ORDINALS = tuple(run + s for run in ("0", "00") for s in ("st", "nd", "rd", "th"))
_TIMES_OF_DAY = ("day", "morning", "afternoon", "evening", "night")
_THAT_MODS = (("later", "earlier"), ("that",), ("same",))  # "later that same day"


@cache
def _raw() -> dict:
    """The lexicon file, parsed once."""
    return tomllib.loads((files("mapper") / "data" / "dates.toml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class DateLexicon:
    """``dates.toml`` compiled: the phrase pattern, its anchors and the words resolving reads."""

    months: dict[str, int]  # lower-case name or abbreviation -> month
    shifts: dict[str, dict[str, int]]  # [shifts] of the lexicon: words -> days
    month_refs: dict[str, str]  # "last" -> "last", "earlier this" -> "before_ref" ...
    weekdays: dict[str, int]
    parts: dict[str, tuple[int, int]]
    spans: tuple[int, int]  # [day_spans] max_days, [day_month] max_days_back
    breaks: tuple[str, ...]  # [clauses] breaks
    future: re.Pattern[str]
    cues: ahocorasick.Automaton  # the future cues in lower case, a gate before ``future``
    window: int
    pattern: re.Pattern[str]
    # folded anchor, a blank or "/" either side -> (its length less one, the longest
    # text a phrase can have before it, the exact spellings it must have or None)
    anchors: ahocorasick.Automaton
    # first character -> ``match`` of the pattern cut down to the kinds that can begin with it
    by_first: dict[str, Callable[[str, int], re.Match[str] | None]]


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
    words = _opener_words(parts)
    initials = "".join(sorted({w[0].lower() for w in [*words, *names]}))
    return rf"(?=(?i:[\d{re.escape(initials)}]))(?=\d|(?i:{_alt(words)})|{_alt(names)})"


def _opener_gate_at(first: str, names: list[str], parts: list[str]) -> str | None:
    """:func:`_opener_gate` at a word starting with ``first`` (ASCII), None if it always fails there.

    Only the words starting with that letter, in any case, and the names starting
    with it can hold there; a digit always passes.
    """
    if first in "0123456789":
        return ""
    words = [w for w in _opener_words(parts) if w[0].lower() == first.lower()]
    names = [n for n in names if n[0] == first]
    alts = [*([f"(?i:{_alt(words)})"] if words else []), *([_alt(names)] if names else [])]
    return f"(?={'|'.join(alts)})" if alts else None


def _opener_words(parts: list[str]) -> list[str]:
    raw = _raw()
    return [*_OPENERS, *raw["day_of_month"]["preps"], *raw["shifts"]["counts"], "that", *parts]


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
        rf"(?P<prior>(?i:(?P<pr_n>{_words(list(shifts['counts']))})\s+days?\s+"
        rf"(?:{_words(shifts['before_main'])}))\b)",
        # "three days ago", "a week ago": counted back from the reference day
        rf"(?P<ago>(?i:(?P<ago_n>{_words(list(shifts['counts']))}|\d{{1,2}})\s+"
        rf"(?P<ago_u>days?|nights?|weeks?)\s+ago)\b)",
        # "in the last few days", "over the past several days", "in recent days"
        rf"(?P<recent>(?i:(?:{_words(_RECENT_LEAD[0])})\s+(?:the\s+)?"
        rf"(?:(?:{_words(_RECENT_LEAD[2])})\s+(?:{_words(_RECENT_LEAD[3])})|recent)\s+days)\b)",
        # "The 15th -- ...": a sentence opening on a day of the month, a dash or colon after it
        r"(?P<domh>^(?i:the)\s+(?P<dh_d>\d{1,2})(?i:st|nd|rd|th)"
        r"(?=\s*(?:[\u2013\u2014:]|--?\s)))",
    ]


def _build_pattern(month_names: list[str], month_abbr: list[str], weekdays: list[str],
                   parts: list[str], gate: bool = True) -> re.Pattern[str]:
    """The phrase pattern: one alternative per kind, behind the opener gate unless ``gate`` is False."""
    return re.compile(_prefix(month_names, month_abbr, weekdays, parts, gate) + "(?:"
                      + "|".join(_alternatives(month_names, month_abbr, weekdays, parts)) + ")")


def _prefix(month_names: list[str], month_abbr: list[str], weekdays: list[str],
            parts: list[str], gate: bool = True) -> str:
    """What every phrase starts with: a word start and (``gate``) an opener word."""
    # checking for an opener first spares the alternation at most word starts
    opener = _opener_gate([*month_names, *month_abbr, *weekdays], parts) if gate else ""
    return _PHRASE_START + opener


def _alternatives(month_names: list[str], month_abbr: list[str], weekdays: list[str],
                  parts: list[str]) -> list[str]:
    """One named group per kind of phrase, in the order the pattern tries them."""
    full = _alt(month_names)
    anym = rf"(?:{full}|(?:{_alt(month_abbr)})\.?)"
    wd = _alt(weekdays)
    year = r"(?:,?\s+(?P<{}>(?:19|20)\d\d))?"
    tod = r"(?:\s+(?i:morning|afternoon|evening|night))?"
    # the join of a span of days: "28 and 29", "28-29", "3 to 5"
    join = rf"(?:\s*[-\u2013\u2014]\s*|\s+(?i:{_words(_raw()['day_spans']['joins'])})\s+)"
    hour_lead = "".join(rf"(?:{_words(w)})\s+" for w in _HOUR_PREPS)
    # phrases end at a word end, so the anchor word in them stands alone
    alts = [
        rf"(?P<since>(?i:since)\s+(?:(?P<s_md>{anym})\s+(?P<s_mdd>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|(?P<s_dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<s_dmm>{full})\b"
        rf"|(?:(?P<s_part>(?i:{_alt(parts)}))(?:[-\s]+|\s+of\s+))?(?P<s_m>{full})\b"
        rf"|(?P<s_wd>{wd})\b){year.format('s_y')})",
        *_reference_alts(parts),
        r"(?P<numeric>\b(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<n3>\d{4}|\d{2})\b)",
        r"(?P<dmn>\b(?<![\d/.])(?P<dn_d>\d{1,2})/(?P<dn_m>\d{1,2})\b(?![/.]\d))",
        r"(?P<iso>\b(?P<i1>(?:19|20)\d\d)-(?P<i2>\d\d)-(?P<i3>\d\d)\b)",
        # a weekday before an explicit day is part of it: "Wednesday 30 November" is the
        # 30th, not the Wednesday before the report ("Wed 30 Nov" too)
        rf"(?P<md>(?:(?i:on)\s+)?(?:\b(?:{wd}),?\s+)?\b(?P<md_m>{anym})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:{join}(?P<md_d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
        rf"(?!\s*(?:[:.]\d|%|(?i:km|kilomet|mile|people|GMT|a\.?m|p\.?m))){year.format('md_y')})",
        rf"(?P<dm>(?:(?i:on)\s+)?(?:\b(?:{wd}),?\s+(?:(?i:the)\s+)?)?\b(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:{join}(?P<dm_d2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:(?i:of)\s+)?"
        rf"(?P<dm_m>{full}|(?:{_alt(month_abbr)})\.?)\b{year.format('dm_y')})",
        rf"(?P<wday>(?:(?P<wd_mod>(?i:{_words(_WD_MODS)}))\s+)?\b"
        rf"(?P<wd_name>{wd})(?:['’]s)?\b{tod})",
        rf"(?P<hours>(?i:{hour_lead}"
        rf"(?P<h_n>{_words(list(HOUR_DAYS))})\s+hours)\b)",
        rf"(?P<weekend>(?i:(?P<we_mod>{_words(_WE_MODS)})\s+weekend)\b)",
        rf"(?P<week>(?i:(?P<wk_mod>{_words(_WK_MODS)})\s+week)\b)",
        rf"(?P<rel>\b(?i:(?P<rel_w>{_words(_RELATIVE)}))\b)",
        rf"(?P<month>(?:(?i:(?P<m_prep>{_words(_M_PREPS)}))\s+)?"
        rf"(?:(?P<m_part>(?i:{_alt(parts)}))(?:[-\s]+|\s+of\s+))?"
        # not the month of a day named after it ("by December 5" is that day: md)
        rf"\b(?P<m_name>{full})\b(?!\s+\d{{1,2}}(?:st|nd|rd|th)?\b){year.format('m_y')})",
    ]
    return alts


def _first_chars(regex: str) -> frozenset[str]:
    """The characters a match of ``regex`` can start with (ASCII letters, digits, punctuation).

    Read from the parsed pattern: look-arounds and anchors, of no width, are
    passed over; an optional item adds what can follow it; a letter in a
    case-insensitive group gives both cases.  (Non-ASCII letters that match ASCII
    ones under IGNORECASE, and non-ASCII digits, never get here: the reader sends
    sentences holding one to the whole pattern.)  Any other class raises ValueError.
    """
    chars, _ = _first(list(sre_parse.parse(regex)), False)
    return frozenset(chars)


def _first(items: list[tuple], icase: bool) -> tuple[set[str], bool]:
    """(first characters, whether it can match empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        chars, empty = _first_item(op, av, icase)
        out |= chars
        if not empty:
            return out, False
    return out, True


def _first_item(op: object, av: object, icase: bool) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        c = chr(av)  # type: ignore[arg-type]
        return ({c, c.lower(), c.upper()} if icase else {c}), False
    if op is sre.IN:
        chars: set[str] = set()
        for kind, arg in av:  # type: ignore[attr-defined]
            if kind is sre.LITERAL:
                chars |= _first_item(kind, arg, icase)[0]
            elif kind is sre.RANGE:
                for code in range(arg[0], arg[1] + 1):
                    chars |= _first_item(sre.LITERAL, code, icase)[0]
            elif kind is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
                chars |= set("0123456789")
            else:
                raise ValueError(f"a date phrase starting with {kind} {arg}")
        return chars, False
    if op is sre.BRANCH:
        found = [_first(list(b), icase) for b in av[1]]  # type: ignore[index]
        return set().union(*(f for f, _ in found)), any(e for _, e in found)
    if op is sre.SUBPATTERN:
        _, add, remove, sub = av  # type: ignore[misc]
        icase = bool((icase or add & sre.SRE_FLAG_IGNORECASE) and not remove & sre.SRE_FLAG_IGNORECASE)
        return _first(list(sub), icase)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, sub = av  # type: ignore[misc]
        chars, empty = _first(list(sub), icase)
        return chars, empty or low == 0
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True
    raise ValueError(f"a date phrase starting with {op} {av}")


def _by_first_char(pattern: re.Pattern[str], gate_at: Callable[[str], str | None]
                   ) -> dict[str, Callable[[str, int], re.Match[str] | None]]:
    """Per first character, ``match`` of ``pattern`` cut down to what can begin with it.

    The alternation tries its kinds in order and keeps the first that matches; a
    kind that cannot begin with the character at hand can be left out without
    changing which one that is.  The opener gate is cut the same way
    (``gate_at``).  So each cut matches what the whole pattern matches.  The cuts
    are compiled from the parse of the whole pattern (parsing is the slow part of
    compiling), so they also keep its groups, numbers and names.
    """
    parsed = sre_parse.parse(pattern.pattern)
    op, (_, kinds) = parsed.data[-1]  # the alternation of kinds, after the prefix
    if op is not sre.BRANCH:
        raise ValueError("the date pattern ends in its alternation of kinds")
    start = list(sre_parse.parse(_PHRASE_START))
    firsts = [frozenset(_first(list(k), False)[0]) for k in kinds]
    compiled: dict[tuple, Callable[[str, int], re.Match[str] | None]] = {}
    out = {}
    for c in sorted(frozenset().union(*firsts)):
        gate = gate_at(c)
        if gate is None:
            continue  # no phrase opens with this character
        key = (gate, tuple(i for i, f in enumerate(firsts) if c in f))
        if key not in compiled:
            cut = sre_parse.SubPattern(parsed.state, [
                *start, *sre_parse.parse(gate), (sre.BRANCH, (None, [kinds[i] for i in key[1]]))])
            compiled[key] = sre_compiler.compile(cut, 0).match
        out[c] = compiled[key]
    return out


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
        # md and dm: "on May 3", "on 31st of May", "on 28th and 31st of May"
        (names, (("on",), day, (*raw["day_spans"]["joins"], "-"), day, ("of",))),
        (names, (("since",), day)),
        (names, (("since",), parts, ("of",))),  # "since mid-November"
        (_ORDINALS, (raw["day_of_month"]["preps"], ("the",))),  # "since the 3rd"
        (("month",), (parts, list(raw["months_by_reference"]))),  # "late last month"
        (_TIMES_OF_DAY, (("the",), list(shifts["directions"]))),  # "the following morning"
        (_TIMES_OF_DAY, _THAT_MODS),  # "later that same day"
        (("day", "days"), (list(shifts["counts"]),)),  # "three days later"
        (("ago",), ([*shifts["counts"], "00"], ("days", "nights", "weeks"))),  # "three days ago"
        (("days",), _RECENT_LEAD),  # "in the last few days"
        (names, (_M_PREPS, parts, ("of",))),  # "until end of May"
        (abbrs, (("on",), day, (*raw["day_spans"]["joins"], "-"), day, ("of",))),
        (abbrs, (("since",),)),
        (weekdays, (_WD_MODS,)),
        (weekdays, (("since",),)),
        (("since",), ()),
        # a number before a separator: "12/7/2016", but also "on 28-29 May" (dm)
        (("0/0",), (("on",),)),
        (("hours",), (*_HOUR_PREPS, list(HOUR_DAYS))),  # a spelled-out count is no anchor
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
        found[run + "/0"] = (leads["0/0"], None)
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
def date_lexicon() -> DateLexicon:
    """The lexicon, compiled once."""
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
    by_first = _by_first_char(pattern, lambda c: _opener_gate_at(c, all_names, list(parts)))
    leads = _anchor_leads(names, abbrs, list(raw["weekdays"]), list(parts))
    anchors = _anchor_automaton(all_names, [*raw["anchors"]["words"], *_ORDINALS], leads)
    spans = (int(raw["day_spans"]["max_days"]), int(raw["day_month"]["max_days_back"]))
    return DateLexicon(months, raw["shifts"], raw["months_by_reference"], weekdays, parts, spans,
                       tuple(raw["clauses"]["breaks"]), future, cue_gate, int(tense["window"]),
                       pattern, anchors, by_first)

