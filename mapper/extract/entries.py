"""Split an article into entries: live-blog updates, captions, link lines, comments.

A live blog (EA WorldView's "Syria Daily" and the like) is a stack of updates,
newest on top, each headed ``UPDATE 1745 GMT:``, over the ``ORIGINAL ENTRY``
that opened the day.  Between them sit photo captions, "See also" link lines
and pull quotes, and below them readers' comments.  :func:`split_entries`
labels every part of the text so later stages can date a sentence by its
entry and keep reader comments off the map.

The entries returned cover the text without gaps or overlaps, in order.  Kinds:
``update``, ``original``, ``body`` (text of an article that is not a live blog,
or above the first update), ``caption``, ``related`` (link and navigation
lines), ``quote`` (a pull quote repeating the article's own words) and
``comment``.  Captions, link lines and quotes inside an update carry its time.
The heading patterns are data, in ``mapper/data/structure.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any, NamedTuple

from mapper.extract.carry import day_heading
from mapper.extract.dates import resolve_date
from mapper.records import Article, Entry

_COMMENT_ITEM = re.compile(r"^(?:[ \t]{0,3}\d{1,3}[.)][ \t]+\S|[ \t]*[•·▪◦*][ \t]+\S)", re.M)
_HALF_DAY = timedelta(hours=12)
_QUOTE_WINDOW = 50_000


@cache
def _data() -> dict[str, Any]:
    """``mapper/data/structure.toml``, parsed once."""
    raw = resources.files("mapper").joinpath("data", "structure.toml").read_text("utf-8")
    return tomllib.loads(raw)


def _alternation(words: list[str]) -> str:
    """Regex alternation of phrases, longest first, spaces matching any run of blanks."""
    parts = sorted({w.strip().lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in parts)


@dataclass(frozen=True, slots=True)
class _Patterns:
    update: re.Pattern[str]
    original: re.Pattern[str]
    caption: re.Pattern[str]
    related_always: re.Pattern[str]
    related_short: re.Pattern[str]
    related_posts: re.Pattern[str]
    comment_heading: re.Pattern[str]
    special: re.Pattern[str]  # any of the line patterns above but the comment heading
    # to search a whole text for, in "\n" + the text: see _after_break
    original_nl: re.Pattern[str]
    comment_heading_nl: re.Pattern[str]
    related_posts_nl: re.Pattern[str]


def _after_break(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, which opens with a multi-line ``^``, opening with a line break instead.

    Searched from ``pos`` in "\n" + the text, it finds what ``pattern`` finds from
    ``pos`` in the text, starting at the same offset (ending one further): a line
    start ``L`` is where "\n" + the text has its line break (the one added for 0).
    The engine skips to a literal first character at memory speed, where it tests
    ``^`` at every position.
    """
    if not pattern.pattern.startswith("^") or not pattern.flags & re.M:
        raise ValueError(f"not a multi-line pattern opening with ^: {pattern.pattern!r}")
    return re.compile("\n" + pattern.pattern[1:], pattern.flags)


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern matching where any of ``patterns`` matches (each keeps its case flag).

    Matched at a line start with ``endpos`` at the line's end, so ``^`` and ``$``
    read as in each pattern (multi-line).
    """
    parts = [f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in patterns]
    return re.compile("|".join(parts), re.M)


@cache
def _patterns() -> _Patterns:
    d = _data()
    e = d["entries"]
    zones = _alternation(list(e["zones"]))
    # A bare time opens a heading too when a dash follows it ("16:40 GMT - ...", a
    # live page's stamp); a line opening on a number otherwise is prose ("12 people ...").
    bare_time = r"(?=\d{1,2}[:.]\d{2}[ \t]*(?:" + zones + r")?[ \t]*(?:[—–]|-(?!\w)))"
    update = (
        r"^[ \t]*(?P<bracket>\[)?[ \t]*(?:(?:" + _alternation(e["update_keywords"]) + r")\b"
        r"[ \t]*,?[ \t]*(?:at[ \t]+)?|" + bare_time + r")\(?[ \t]*"
        r"(?:(?P<h>\d{1,2})(?:[:.h]?(?P<m>\d{2}))?[ \t]*(?P<ap>[ap]\.?[ \t]?m\b\.?)?"
        r"[ \t]*(?P<tz>" + zones + r")?\b)?"
        r"[ \t]*\)?[ \t]*(?P<sep>[:—–]|-(?!\w)|$)?"
    )
    counted = _alternation(d["comments"]["counted"])
    lines = dict(
        update=re.compile(update, re.I | re.M),
        original=re.compile(r"^[ \t]*(?:" + _alternation(e["original_headings"]) + r")[ \t]*:",
                            re.I | re.M),
        caption=re.compile(r"^[ \t]*(?:" + _alternation(d["captions"]["prefixes"]) + r")[ \t]*:",
                           re.I),
        related_always=re.compile(r"^[ \t]*(?:" + _alternation(d["related"]["always"]) + r")",
                                  re.I),
        related_short=re.compile(
            r"^[ \t]*(?:[A-Z][\w'’-]*[ \t]+){0,2}(?i:" + _alternation(d["related"]["short_labels"])
            + r")\b[^:\n]{0,30}:"),
        related_posts=re.compile(
            r"^[ \t]*(?:" + _alternation(d["related"]["related_posts"]) + r")[ \t]*:?[ \t]*$",
            re.I | re.M),
        comment_heading=re.compile(
            r"^[ \t]*(?:(?:" + _alternation(d["comments"]["headings"]) + r")[ \t]*:?"
            r"|\d+[ \t]+(?:" + counted + r")\b[^\n]{0,120})[ \t]*$",
            re.I | re.M),
    )
    special = _any_of(*(p for name, p in lines.items() if name != "comment_heading"))
    return _Patterns(**lines, special=special, original_nl=_after_break(lines["original"]),
                     comment_heading_nl=_after_break(lines["comment_heading"]),
                     related_posts_nl=_after_break(lines["related_posts"]))


class UpdateHeading(NamedTuple):
    """A parsed update heading.

    A named tuple, not a dataclass: cheaper to build, for every heading of a live blog.

    Attributes
    ----------
    start, end : int
        Span of the heading (keyword to separator) in the text.
    bracketed : bool
        ``[UPDATE ...: ...]`` set inside another entry.
    clock : tuple of (int, int, float) or None
        Hour, minute and the zone's offset from UTC in hours, when a time is given.
    """

    start: int
    end: int
    bracketed: bool
    clock: tuple[int, int, float] | None


def parse_update_heading(
    text: str, pos: int = 0, local_utc_offset: float | None = None
) -> UpdateHeading | None:
    """Parse an update heading at line start ``pos`` (``UPDATE 1745 GMT:`` and variants).

    Parameters
    ----------
    text
        Article text.
    pos
        Offset of the start of a line.
    local_utc_offset
        Hours east of UTC of "local time"; default from ``structure.toml``.

    Returns
    -------
    UpdateHeading or None
        None when the line is not an update heading.
    """
    m = _patterns().update.match(text, pos)
    if m is None:
        return None
    has_clock = m["h"] is not None and (m["m"] or m["ap"] or m["tz"])
    if m["sep"] is None and not (has_clock and m["tz"]):
        return None  # "Updated figures show ...": prose, not a heading
    clock = None
    if has_clock:
        clock = _clock(m, local_utc_offset)
    elif m["h"] is not None and not m["sep"]:
        return None
    return UpdateHeading(m.start(), m.end(), bool(m["bracket"]), clock)


def last_update_heading(text: str, start: int, end: int) -> int | None:
    """Start of the last line in ``text[start:end]`` that is an update heading, or None.

    Where a long file is cut into parts (see :mod:`mapper.extract.articles`),
    cutting just before a heading keeps every live-blog entry whole, with its
    time, in one part.
    """
    found = None
    for m in _patterns().update.finditer(text, start, end):
        if parse_update_heading(text, m.start()) is not None:
            found = m.start()
    return found


def _clock(m: re.Match[str], local_utc_offset: float | None) -> tuple[int, int, float] | None:
    """Hour, minute and UTC offset of a heading match, None when not a valid time."""
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute, _zone_offset(m["tz"], local_utc_offset)


@lru_cache(maxsize=256)
def _zone_offset(tz: str | None, local_utc_offset: float | None) -> float:
    """Hours east of UTC of a heading's zone as written (a blog repeats one or two)."""
    e = _data()["entries"]
    zone = re.sub(r"\s+", " ", (tz or e["default_zone"]).lower())
    offset = e["zones"].get(zone, 0)
    if offset == "local":
        offset = e["local_utc_offset"] if local_utc_offset is None else local_utc_offset
    return float(offset)


@cache
def _comment_item_nl() -> re.Pattern[str]:
    return _after_break(_COMMENT_ITEM)


def find_comments_start(text: str) -> int | None:
    """Offset of the line where reader comments start, or None.

    Comments start at a comment heading ("Leave a Comment", "12 Comments",
    "Comments") or at a "Related Posts" line followed by numbered or bulleted
    items.  Headings in the first part of the text (page furniture under a
    title) or above the last live-blog heading are ignored.
    """
    pats = _patterns()
    lined = "\n" + text  # matches start where they would in text, end one further
    floor = int(len(text) * _data()["comments"]["min_position"])
    last_marker = max((m.start() for m in pats.original_nl.finditer(lined)), default=-1)
    floor = max(floor, last_marker + 1)
    heading = pats.comment_heading_nl.search(lined, floor)
    best = heading.start() if heading else None
    for m in pats.related_posts_nl.finditer(lined, floor):
        if best is not None and m.start() > best:
            break
        end = m.end() - 1
        item = _COMMENT_ITEM.search(text, end)
        between = text[end : item.start()] if item else ""
        if item and not between.strip():
            best = m.start()
            break
    return best


def split_entries(article: Article, local_utc_offset: float | None = None) -> list[Entry]:
    """Split an article into entries covering its text.

    Parameters
    ----------
    article
        The article.
    local_utc_offset
        Hours east of UTC of "local time" in headings (Aleppo: 2 in December
        2016); default from ``structure.toml``.

    Returns
    -------
    list of Entry
        In text order, contiguous, from offset 0 to ``len(article.text)``.
        Update times are timezone-aware UTC on the published date, moved to the
        next day where a newer update's clock time falls more than twelve hours
        before an older one's (a blog running past midnight).
    """
    text = article.text
    if not text:
        return []
    comments = find_comments_start(text)
    main_end = len(text) if comments is None else comments
    labels = _label_main(text, main_end, article.published, local_utc_offset)
    if comments is not None:
        labels += _label_comments(text, comments)
    return _to_entries(article.id, labels, len(text))


# A label: (start offset, kind, time, comment number or -1).
_Label = tuple[int, str, datetime | None, int]


def _label_main(text: str, end: int, published: date, offset: float | None) -> list[_Label]:
    """Labels for the article proper (before the comments)."""
    walker = _MainWalker(text, end, published, offset)
    walker.run()
    _roll_over_midnight(walker.labels, walker.inline_updates)
    return walker.labels


def _roll_over_midnight(labels: list[_Label], inline: set[int]) -> None:
    """Move newer updates past midnight to the next day (updates are newest first)."""
    shift = timedelta(0)
    previous: datetime | None = None
    fixed: dict[datetime, datetime] = {}
    for i in range(len(labels) - 1, -1, -1):  # oldest first
        start, kind, t, n = labels[i]
        if kind != "update" or t is None or start in inline:
            continue
        if t not in fixed:
            if previous is not None and t + shift < previous - _HALF_DAY:
                shift += timedelta(days=1)
            fixed[t] = t + shift
            previous = fixed[t]
    if not fixed or all(k == v for k, v in fixed.items()):
        return
    for i, (start, kind, t, n) in enumerate(labels):
        if t in fixed and start not in inline:
            labels[i] = (start, kind, fixed[t], n)


class _MainWalker:
    """Walks the lines of the article proper, labelling each."""

    def __init__(self, text: str, end: int, published: date, offset: float | None) -> None:
        self.text, self.end, self.published, self.offset = text, end, published, offset
        self.day = published  # the day of the update headings below: a day heading moves it
        self.kind, self.time = "body", None  # the section we are in
        self.labels: list[_Label] = [(0, "body", None, -1)]
        self.inline_updates: set[int] = set()
        self.pats = _patterns()
        self.prev_blank = True
        self.prev_kind = "body"
        self.last_para: tuple[int, str] | None = None
        self.max_chars = _data()["related"]["short_max_chars"]

    def run(self) -> None:
        text, end = self.text, self.end
        find, special = text.find, self.pats.special.match  # bound once: run for every line
        pos = 0
        while pos < end:
            nl = find("\n", pos, end)
            line_end = end if nl < 0 else nl + 1
            line = text[pos:line_end]
            stripped = line.strip()
            if stripped:
                # Most lines are prose: one combined pattern tells them from headings,
                # captions and link lines, which are then read one pattern at a time.
                if special(text, pos, line_end):
                    self._line(pos, line, stripped)
                else:
                    if len(stripped) <= _DAY_HEADING_CHARS:  # "Wednesday, December 7"
                        when = resolve_date(stripped, self.published)
                        if day_heading(stripped, when):
                            self.day = when.date
                    self._label(pos, self._plain_kind(pos, stripped))
                if self.prev_blank:
                    self.last_para = (pos, line)
                self.prev_blank = False
            else:
                self.prev_blank = True
            pos = line_end

    def _line(self, pos: int, line: str, stripped: str) -> None:
        heading = parse_update_heading(self.text, pos, self.offset)
        if heading is not None:
            self._update(pos, heading)
        elif self.pats.original.match(line):
            self.kind, self.time = "original", None
            self._label(pos, "original")
        else:
            kind = self._classify(pos, line, stripped)
            self._label(pos, kind)

    def _update(self, pos: int, heading: UpdateHeading) -> None:
        when = self._utc(heading.clock)
        if not heading.bracketed:
            self.kind, self.time = "update", when
            self._label(pos, "update")
            return
        close = self.text.find("]", heading.end, self.end)
        para_end = self.text.find("\n\n", heading.end, self.end)
        if close < 0 or (0 <= para_end < close):
            close = self.end if para_end < 0 else para_end
        self.labels.append((pos, "update", when, -1))
        self.inline_updates.add(pos)
        if close + 1 < self.end:
            self.labels.append((close + 1, self.kind, self.time, -1))
        self.prev_kind = "update"

    def _classify(self, pos: int, line: str, stripped: str) -> str:
        """Kind of an ordinary line: caption, related, quote or the section's kind."""
        if self.pats.caption.match(line):
            self._caption_text_above(stripped)
            return "caption"
        if self.pats.related_always.match(line) or self.pats.related_posts.match(line):
            return "related"
        if (self.pats.related_short.match(line) and _headline_like(stripped, self.max_chars)
                and len(self.labels) > 1):  # the first line is the article's own title
            return "related"
        return self._plain_kind(pos, stripped)

    def _plain_kind(self, pos: int, stripped: str) -> str:
        """Kind of a line that no line pattern matches: related, quote or the section's kind."""
        if not self.prev_blank and self.prev_kind == "related" and _headline_like(
                stripped, self.max_chars):
            return "related"  # the next title of a "See also" list
        if self.prev_blank and self._pull_quote(pos, stripped):
            return "quote"
        return self.kind

    def _caption_text_above(self, credit: str) -> None:
        """'Photo: Reuters' credits the one-line paragraph above: that line is a caption."""
        after_colon = credit.split(":", 1)[1].strip()
        if self.last_para is None or not _credit_like(after_colon):
            return
        start, line = self.last_para
        s = line.strip()
        if (self.labels[-1][0] == start and "\n" not in s and len(s) < 300
                and not s.endswith((".", ":", "”", '"'))):
            self.labels[-1] = (start, "caption", self.time, -1)

    def _pull_quote(self, pos: int, stripped: str) -> bool:
        # the quotes first: most paragraphs do not open with one
        if stripped[0] not in "“\"‘'" or stripped[-1] not in "”\"’'":
            return False
        q = _data()["pull_quotes"]
        if not (q["min_chars"] <= len(stripped) <= q["max_chars"]):
            return False
        inner = stripped[1:-1].strip()
        # Pull quotes repeat words from nearby: a bounded window keeps huge texts linear.
        lo, hi = max(0, pos - _QUOTE_WINDOW), min(self.end, pos + _QUOTE_WINDOW)
        first = self.text.find(inner, lo, hi)
        return first >= 0 and self.text.find(inner, first + 1, hi) >= 0

    def _label(self, pos: int, kind: str) -> None:
        self.prev_kind = kind
        self.labels.append((pos, kind, self.time, -1))

    def _utc(self, clock: tuple[int, int, float] | None) -> datetime | None:
        if clock is None:
            return None
        hour, minute, offset = clock
        local = datetime.combine(self.day, time(hour, minute), tzinfo=UTC)
        return local - timedelta(hours=offset)


_DAY_HEADING_CHARS = 40  # longer lines are no day heading: no need to read their date


def _credit_like(text: str) -> bool:
    """'Getty', 'Omar Sanadiki/Reuters': a short name, not a described scene."""
    words = text.split()
    return 0 < len(text) <= 60 and ("/" in text or all(not w[0].islower() for w in words))


def _headline_like(line: str, max_chars: int) -> bool:
    """Short and without a sentence-final period: a title, not prose."""
    return len(line) <= max_chars and not line.rstrip("”\"'").endswith(".")


def _label_comments(text: str, start: int) -> list[_Label]:
    """One label per reader comment (numbered items and bulleted replies)."""
    labels: list[_Label] = [(start, "comment", None, 0)]
    lined = "\n" + text  # see _after_break
    for n, m in enumerate(_comment_item_nl().finditer(lined, start), start=1):
        line_start = text.rfind("\n", 0, m.start()) + 1
        labels.append((line_start, "comment", None, n))
    # A closing "Leave a Comment" heading is its own entry.
    tail = _patterns().comment_heading_nl.search(lined, labels[-1][0] + 1)
    if tail is not None and len(labels) > 1:
        labels.append((tail.start(), "comment", None, len(labels)))
    return labels


def _to_entries(article_id: str, labels: list[_Label], length: int) -> list[Entry]:
    """Merge consecutive equal labels into contiguous entries."""
    merged: list[_Label] = []
    for lab in sorted(labels, key=itemgetter(0)):
        if merged and merged[-1][0] == lab[0]:
            merged[-1] = lab  # a later label for the same offset wins
        elif not merged or merged[-1][1:] != lab[1:]:
            merged.append(lab)
    entries = []
    for i, (start, kind, t, n) in enumerate(merged):
        end = merged[i + 1][0] if i + 1 < len(merged) else length
        entries.append(Entry(article_id, i, start, end, kind, t, in_comments=n >= 0))
    return entries
