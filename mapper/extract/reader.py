"""Reading one article: its place mentions, control changes and (unmerged) events.

:func:`extract_article` is what :mod:`mapper.pipeline` runs on every article, in
this process or in a worker::

    article -> entries -> sentences -> (places, date, actors, fatalities, certainty)
            -> control statements -> events

Places are tagged once per article over its whole text (one Aho-Corasick pass)
and resolved in context; hits are then handed to entries and sentences by
bisection on their offsets.  A sentence without a date phrase takes the last
explicit date of its paragraph ("... took X on Monday. Areas occupied included
Y." dates Y to Monday too), and the sides named in the previous sentence of the
paragraph are there for verbs without a subject.  A sentence in the present
progressive ("fighting is still raging in X") is the day of writing instead.
A timeline's entry headed by its date ("The 15th -- a convoy leaves for
government-held X") tells of that day: its labels are that day's, not the day
of writing's.  A sentence naming several days dates each statement and event by
its own clause (:class:`mapper.extract.clause_dates.ClauseDates`).

The date also carries over a paragraph break within an entry when the new
paragraph opens by pointing back at the action just told ("... made gains on
Wednesday.\n\nThe offensive reclaimed all of the Old City" is Wednesday; the
openers are ``[narrative] continues`` in ``event_types.toml``), and only into
the past tense: "The offensive now holds X" is the time of writing.  Any other
paragraph starts afresh (a wire's next paragraph is usually today's news), and
so does a headline line (short, no closing punctuation).

Those rules live in :mod:`mapper.extract.carry`.  "The town" or "the district"
stands for the one place of that kind named just before (:mod:`mapper.extract.anaphora`).
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from gazetteer.matcher import PlaceTagger
from gazetteer.places import load_gazetteer
from gazetteer.resolve import resolve_hits
from mapper.extract.actors import find_actors
from mapper.extract.anaphora import Antecedents
from mapper.extract.carry import (
    continues_story,
    day_heading,
    drop_headline_repeats,
    is_headline,
    is_ongoing,
    paragraph_break,
)
from mapper.extract.certainty import classify_certainty
from mapper.extract.context import ControlStatement, PendingAllBut, PlaceRef, SentenceContext
from mapper.extract.control import find_statements
from mapper.extract.dates import opens_dateline, resolve_clauses
from mapper.extract.entries import split_entries
from mapper.extract.events import build_events, classify_events
from mapper.extract.fatalities import extract_fatalities
from mapper.extract.output import iso_time
from mapper.extract.sentences import is_question, split_sentences
from mapper.extract.sides import actor_side
from mapper.extract.spool import SpoolRows, mention_blocks, spool_rows
from mapper.extract.unknown_places import UnknownName, find_unknown_places
from mapper.extract.wholes import expand_statement, may_be_whole, resolve_all_but
from mapper.records import Article, ControlChange, Entry, Event, Mention

__all__ = ["ArticleRecords", "article_rows", "extract_article", "read_sentence", "tools",
           "reset_tools", "warm_up", "SKIPPED_KINDS"]

#: Entry kinds that never carry events: link lists and pull quotes repeat other text.
SKIPPED_KINDS = frozenset({"related", "quote"})
_AREA_KINDS = frozenset({"area", "city"})
@dataclass
class _ArticleOut:
    events: list[Event] = field(default_factory=list)
    changes: list[ControlChange] = field(default_factory=list)
    # each entry with its resolved refs: turned into Mention records or straight into spool rows
    mentioned: list[tuple[Entry, list]] = field(default_factory=list)
    pending: list[PendingAllBut] = field(default_factory=list)
    headlines: set[int] = field(default_factory=set)  # starts of headline sentences
    unknown: list[UnknownName] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleRecords:
    """What one article gave: its records, events not yet merged with other articles'."""

    events: tuple[Event, ...]
    changes: tuple[ControlChange, ...]
    mentions: tuple[Mention, ...]
    unknown: tuple[UnknownName, ...]


def extract_article(article: Article, include_comments: bool = False) -> ArticleRecords:
    """Mentions, control changes, events and unknown place names of one article.

    Parameters
    ----------
    article : Article
        The article, its text intact.
    include_comments : bool
        Read reader comments for events and control too (mentions always include them).

    Returns
    -------
    ArticleRecords
        Events as read (one source each), not yet merged.
    """
    gaz, tagger = tools()
    out = _process_article(article, gaz, tagger, include_comments)
    mentions = tuple(_mention(article, entry, r) for entry, refs in out.mentioned for r in refs)
    return ArticleRecords(tuple(out.events), tuple(out.changes), mentions, tuple(out.unknown))


def article_rows(article: Article, include_comments: bool = False) -> SpoolRows:
    """What :func:`extract_article` gives, as the rows :class:`~mapper.extract.spool.RecordSpool` stores.

    Equal to ``spool_rows`` of its records, but the mention rows (most of an
    article's records) are built without their :class:`Mention` records first.

    Parameters
    ----------
    article : Article
        The article, its text intact.
    include_comments : bool
        As in :func:`extract_article`.

    Returns
    -------
    SpoolRows
    """
    gaz, tagger = tools()
    out = _process_article(article, gaz, tagger, include_comments)
    rows = spool_rows(out.events, out.changes, (), out.unknown)
    mentions = mention_blocks(_mention_rows(article, out.mentioned))
    return SpoolRows(rows.events, rows.changes, mentions, rows.unknown)


@cache
def tools() -> tuple[Any, PlaceTagger]:
    """The gazetteer and its tagger, built once per process."""
    gaz = load_gazetteer()
    return gaz, PlaceTagger(gaz)


def warm_up() -> None:
    """Load the gazetteer and compile every stage's lexicon now.

    Called before worker processes fork, so that they share all of it instead
    of each compiling its own patterns on its first article.
    """
    gaz, _ = tools()
    text = ("UPDATE 1200 GMT: Rebels captured the town of Hanano on Monday, killing 12 people, "
            "activists said, while the army still holds the district.")
    article = Article("warm-up", "", text, date(2016, 12, 12))
    _process_article(article, gaz, tools()[1], include_comments=True)


def reset_tools() -> None:
    """Forget the gazetteer and tagger (after the user layer changed)."""
    tools.cache_clear()


# -- per article ----------------------------------------------------------------


def _refs(text: str, hits: list[Any], gaz: Any) -> list[tuple[int, int, Any, Any]]:
    """(start, end, hit, place) for resolved hits, sorted by start."""
    out = []
    for h in hits:
        if h.place_id and h.place_id in gaz:
            out.append((h.start, h.end, h, gaz.get(h.place_id)))
    return sorted(out, key=lambda r: (r[0], r[1]))


def _process_article(
    article: Article, gaz: Any, tagger: PlaceTagger, include_comments: bool
) -> _ArticleOut:
    """Mentions, control changes and (unmerged) events of one article."""
    out = _ArticleOut()
    refs = _refs(article.text, resolve_hits(tagger.tag(article.text), gaz, article.text), gaz)
    starts = [r[0] for r in refs]
    areas = [(r[0], r[3]) for r in refs if r[3].kind in _AREA_KINDS]
    area_starts = [a[0] for a in areas]
    entries = split_entries(article)
    out.unknown = _unknown_in_main_text(article, refs, entries)
    for entry in entries:
        lo, hi = bisect_left(starts, entry.start), bisect_left(starts, entry.end)
        out.mentioned.append((entry, [r for r in refs[lo:hi] if r[1] <= entry.end]))
        if entry.kind in SKIPPED_KINDS or (entry.in_comments and not include_comments):
            continue
        _process_entry(article, entry, refs, starts, (areas, area_starts), gaz, out)
    out.changes.extend(resolve_all_but(out.pending, out.changes, gaz))
    if out.headlines:
        out.events = drop_headline_repeats(out.events, out.headlines)
    return out


def _unknown_in_main_text(article: Article, refs: list, entries: list[Entry]) -> list[UnknownName]:
    """Place-like names the gazetteer lacks, outside reader comments."""
    comments = [(e.start, e.end) for e in entries if e.in_comments]
    names = find_unknown_places(article.text, [(r[0], r[1]) for r in refs])
    return [
        replace(n, article=article.id) for n in names
        if not any(s <= n.start < e for s, e in comments)
    ]


def _mention(article: Article, entry: Entry, ref: tuple[int, int, Any, Any]) -> Mention:
    start, end, hit, place = ref
    return Mention(
        article.id,
        place.id,
        place.name,
        sys.intern(article.text[start:end]),  # a few hundred spellings, repeated corpus-wide
        start,
        end,
        entry.time_utc,
        entry.in_comments,
        hit.rule,
        float(getattr(hit, "score", 1.0)),
    )


def _mention_rows(article: Article, mentioned: list[tuple[Entry, list]]) -> list[tuple]:
    """The spool rows of :func:`_mention`'s records: their fields, the time as ISO text, 0/1."""
    aid, text, intern = article.id, article.text, sys.intern
    rows: list[tuple] = []
    for entry, refs in mentioned:
        when = iso_time(entry.time_utc)
        comments = int(entry.in_comments)
        rows += [
            (aid, place.id, place.name, intern(text[start:end]), start, end, when, comments, hit.rule,
             float(getattr(hit, "score", 1.0)))
            for start, end, hit, place in refs
        ]
    return rows


def _process_entry(
    article: Article,
    entry: Entry,
    refs: list,
    starts: list[int],
    areas: tuple[list, list[int]],
    gaz: Any,
    out: _ArticleOut,
) -> None:
    """Read every sentence of an entry, carrying date and sides through paragraphs."""
    text = article.text
    carried = None  # last explicit DateRef of the entry's story
    # what "The next day, ..." counts from: the last date told, even over a paragraph
    # break (such a phrase itself points back at it); a headline starts afresh
    told = None
    report_day = entry.time_utc.date() if entry.time_utc is not None else article.published
    prev_sides: tuple[str, ...] = ()
    prev_text, prev_end = "", entry.start
    # The sentence before, across paragraph breaks: a quote's attribution ("..., said
    # X." / "..., he added.") often stands in the paragraph before.
    prev_sentence = ""
    antecedents = Antecedents()  # "the town" stands for the town named just before
    day = None  # the day a paragraph opened by its day alone tells of ("Monday 12 December.")
    for s, e in split_sentences(text, entry.start, entry.end):
        sentence = text[s:e]
        opens = s == entry.start or paragraph_break(text, prev_end, s)
        if opens and s != entry.start:
            prev_text = ""  # sides stay: a new paragraph rarely changes who acts
            day = None
            if not continues_story(sentence):
                carried = None
        if is_headline(sentence):
            carried = told = None  # a new story starts; the headline itself is read undated
            out.headlines.add(s)
        if day is None:
            when, onward, clauses = resolve_clauses(sentence, article.published, entry.time_utc, told)
            if opens and when.basis != "published" and day_heading(sentence, when):
                day = when.date  # a diary's entry: its "this morning" is that day's
        else:
            when, onward, clauses = resolve_clauses(sentence, day, None, told)
        if when.basis != "published":
            carried = told = onward  # "... broke down the following morning": the story moved on
        elif carried is not None and not is_ongoing(sentence):
            when = carried
        if clauses is not None:  # several days named: each clause its own (rare)
            clauses = clauses.with_main(when)
        actors = tuple(find_actors(sentence))
        lo, hi = bisect_left(starts, s), bisect_right(starts, e)
        named = tuple(
            PlaceRef(r[3], r[0] - s, r[1] - s, r[2].rule) for r in refs[lo:hi] if r[1] <= e
        ) if lo < hi else ()
        places = antecedents.resolve(sentence, named)  # and "the town" for the town named before
        antecedents.named(places)
        winners: tuple[str, ...] = ()
        # Without a place only "took all but a few districts" can say anything: skip the rest.
        # A direct question ("Has X fallen?") asserts nothing.
        if (places or may_be_whole(sentence)) and not is_question(sentence):
            k = bisect_left(areas[1], s)
            area = areas[0][k - 1][1] if k else None
            ctx = _context(
                article,
                entry,
                sentence,
                (s, e),
                when,
                places,
                actors,
                (prev_sides, prev_text, area),
                # a timeline's entry ("The 15th -- X leaves for government-held Y") tells of its day
                when.date if opens_dateline(sentence, when) else (day or report_day),
                clauses,
            )
            winners = _read(ctx, gaz, out, prev_sentence)
        sides = winners or (tuple(dict.fromkeys(sd for sd in map(actor_side, actors) if sd))
                            if actors else ())
        prev_sides = sides or prev_sides
        prev_text, prev_end = sentence, e
        prev_sentence = sentence


def _read(
    ctx: SentenceContext, gaz: Any, out: _ArticleOut, prev_text: str = ""
) -> tuple[str, ...]:
    """Control statements and events of one sentence into ``out``; the sides that won ground.

    Certainty and fatalities are read only once the sentence holds a statement
    or an event cue: most sentences with a place hold neither.
    """
    statements, pending = find_statements(ctx, gaz)
    if not statements and not pending and not (ctx.places and classify_events(ctx.text)):
        return ()
    ctx = _with_attributes(ctx, prev_text)
    pending = [replace(p, ctx=ctx) for p in pending]  # its rows carry the certainty
    out.pending.extend(pending)
    out.changes.extend(row for st in statements for row in expand_statement(st, ctx, gaz))
    # "took all but a few districts" is one territory event at the area itself.
    wholes = [
        ControlStatement(
            "change", p.to, p.from_, (PlaceRef(p.area, 0, 0, "context"),), 0, 0, whole=True
        )
        for p in pending
    ]
    if wholes and not ctx.places:
        # "supported by intense shelling, took all but a few districts": the
        # sentence's other events happened in that area too.
        ctx = ctx._replace(places=tuple(PlaceRef(p.area, 0, 0, "context") for p in pending[:1]))
    if ctx.places or wholes:
        out.events.extend(build_events(ctx, gaz, statements + wholes))
    return tuple(st.to for st in statements if st.kind == "change")


def _context(
    article: Article,
    entry: Entry,
    sentence: str,
    span: tuple[int, int],
    when: Any,
    places: tuple[PlaceRef, ...],
    actors: tuple,
    before: tuple[tuple[str, ...], str, Any],
    report_day: date | None = None,
    clauses: Any = None,
) -> SentenceContext:
    """The bundle of attributes the event and control readers take, but certainty and deaths.

    ``before`` is (sides acting in the previous sentence, its text, the last
    area or city the article named); ``report_day`` the day the entry was
    written (what present-tense assertions are dated to), ``clauses`` the
    sentence's :class:`~mapper.extract.clause_dates.ClauseDates` or None.  Certainty and
    fatalities are left at their defaults: see :func:`_with_attributes`.
    """
    prev_sides, _, area = before
    return SentenceContext(
        article_id=article.id,
        text=sentence,
        start=span[0],
        end=span[1],
        date=when.date,
        date_precision=when.precision,
        date_end=when.date_end,
        date_explicit=when.basis != "published",
        entry_time_utc=entry.time_utc,
        in_comments=entry.in_comments,
        places=places,
        actors=actors,
        context_sides=prev_sides,
        context_area=area,
        report_date=report_day,
        clause_dates=clauses,
    )


def _with_attributes(ctx: SentenceContext, prev_text: str) -> SentenceContext:
    """``ctx`` with its certainty (``prev_text`` may carry an attribution) and fatalities."""
    dead = extract_fatalities(ctx.text) if ctx.places else None
    # Built field by field: dataclasses.replace would cost more than the fields' own reading.
    return SentenceContext(
        ctx.article_id, ctx.text, ctx.start, ctx.end, ctx.date, ctx.date_precision, ctx.date_end,
        ctx.date_explicit, ctx.entry_time_utc, ctx.in_comments, ctx.places, ctx.actors,
        certainty=classify_certainty(ctx.text, prev_text).label,
        fatalities=dead.count if dead else 0,
        fatalities_phrase=dead.phrase if dead else "",
        fatalities_span=(dead.start, dead.end) if dead else None,
        context_sides=ctx.context_sides,
        context_area=ctx.context_area,
        report_date=ctx.report_date,
        clause_dates=ctx.clause_dates,
    )


def read_sentence(
    sentence: str,
    published: date,
    *,
    article_id: str = "",
    entry_time_utc: datetime | None = None,
    context_sides: tuple[str, ...] = (),
    context_area: Any = None,
) -> SentenceContext:
    """Read one free-standing sentence the way :func:`extract` reads an article's.

    Handy to check a rule on one sentence (and used by the tests).

    Parameters
    ----------
    sentence : str
        The sentence.
    published : date
        Publication day (dates resolve against it).
    article_id, entry_time_utc, context_sides, context_area
        As in :class:`~mapper.extract.control.SentenceContext`.
    """
    gaz, tagger = tools()
    refs = _refs(sentence, resolve_hits(tagger.tag(sentence), gaz, sentence), gaz)
    places = tuple(PlaceRef(r[3], r[0], r[1], r[2].rule) for r in refs)
    when, _, clauses = resolve_clauses(sentence, published, entry_time_utc)
    if clauses is not None:
        clauses = clauses.with_main(when)
    entry = Entry(article_id, 0, 0, len(sentence), "body", entry_time_utc, False)
    article = Article(article_id, "", sentence, published)
    actors = tuple(find_actors(sentence))
    before = (context_sides, "", context_area)
    report_day = entry_time_utc.date() if entry_time_utc is not None else published
    ctx = _context(
        article, entry, sentence, (0, len(sentence)), when, places, actors, before, report_day,
        clauses,
    )
    return _with_attributes(ctx, "")
