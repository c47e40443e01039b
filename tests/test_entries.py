"""Splitting articles into live-blog entries, captions, link lines and comments."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract.articles import iter_articles
from mapper.extract.entries import find_comments_start, parse_update_heading, split_entries
from mapper.extract.published import infer_published
from mapper.records import Article, Entry

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _article(text: str, published: date = date(2017, 3, 3), aid: str = "t.txt") -> Article:
    return Article(aid, aid, text, published)


def _check_cover(entries: list[Entry], text: str) -> None:
    assert entries[0].start == 0 and entries[-1].end == len(text)
    for a, b in zip(entries, entries[1:], strict=False):
        assert a.end == b.start and a.start < a.end
    assert [e.index for e in entries] == list(range(len(entries)))


def _entry_at(entries: list[Entry], text: str, needle: str) -> Entry:
    pos = text.index(needle)
    return next(e for e in entries if e.start <= pos < e.end)


def utc(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2017) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def liveblog() -> tuple[Article, list[Entry]]:
    (art,) = [a for a in iter_articles([FIXTURES]) if a.id == "idlib_liveblog.txt"]
    return art, split_entries(art)


def test_liveblog_entries_cover_the_text(liveblog):
    art, entries = liveblog
    _check_cover(entries, art.text)


@pytest.mark.parametrize(("needle", "kind", "time"), [
    ("Syria Daily: Regime Pushes", "body", None),
    ("PHOTO: Smoke rises", "caption", None),
    ("Feature: How the Northwest", "related", None),
    ("Jump to Original Entry", "related", None),
    # Newest on top: 00:15 is after midnight, the next day.
    ("UPDATE 0015 GMT", "update", utc(4, 0, 15)),
    ("UPDATE, 21:30 GMT", "update", utc(3, 21, 30)),
    ("The U.N. office in Gaziantep", "update", utc(3, 21, 30)),
    ("Rescuers pull a child", "caption", utc(3, 21, 30)),
    ("Photo: Jane Doe/AFP", "caption", utc(3, 21, 30)),
    ("Update 5:45 p.m. GMT", "update", utc(3, 17, 45)),
    ("“We will not leave the observation posts”", "quote", utc(3, 17, 45)),
    ("A spokesman told reporters", "update", utc(3, 17, 45)),
    # Local time in Aleppo is UTC+2.
    ("UPDATE 1400 Aleppo time", "update", utc(3, 12, 0)),
    ("Updated figures from the health", "update", utc(3, 12, 0)),
    ("ORIGINAL ENTRY: Regime forces", "original", None),
    ("See Syria Daily, Mar 2", "related", None),
    ("See also Syria Podcast", "related", None),
    ("Syria Analysis: Who Holds the M5?", "related", None),
    ("[UPDATE 1915 GMT: Opposition fighters", "update", utc(3, 19, 15)),
    ("Residents of Kafranbel said", "original", None),
])
def test_liveblog_entry_kinds_and_times(liveblog, needle, kind, time):
    art, entries = liveblog
    e = _entry_at(entries, art.text, needle)
    assert (e.kind, e.time_utc, e.in_comments) == (kind, time, False)


def test_inline_bracketed_update_ends_at_its_bracket(liveblog):
    art, entries = liveblog
    e = _entry_at(entries, art.text, "[UPDATE 1915 GMT")
    assert art.text[e.start : e.end].rstrip().endswith("counter-attack.]")


def test_comments_are_separate_entries_after_the_heading(liveblog):
    art, entries = liveblog
    comments = [e for e in entries if e.in_comments]
    assert all(e.kind == "comment" and e.time_utc is None for e in comments)
    starts = [art.text[e.start : e.end].strip()[:12] for e in comments]
    assert starts == ["3 Comments", "1. Does anyo", "• The road w", "2. Long live", "Leave a Repl"]
    assert comments[0].start == art.text.index("3 Comments")
    assert not any(e.in_comments for e in entries if e.start < comments[0].start)


def test_local_offset_is_configurable(liveblog):
    art, _ = liveblog
    e = _entry_at(split_entries(art, local_utc_offset=3), art.text, "UPDATE 1400 Aleppo time")
    assert e.time_utc == utc(3, 11, 0)


@pytest.mark.parametrize(("line", "clock"), [
    ("UPDATE 1745 GMT: text", (17, 45, 0.0)),
    ("UPDATE, 17:45 GMT", (17, 45, 0.0)),
    ("Update 5:45 p.m. GMT: text", (17, 45, 0.0)),
    ("UPDATE 12:10 am GMT - text", (0, 10, 0.0)),
    ("UPDATE 1745 UTC: text", (17, 45, 0.0)),
    ("[UPDATE 2000 GMT: text]", (20, 0, 0.0)),
    ("Update (09.30 local time): text", (9, 30, 2.0)),
    ("UPDATE 17:45: text", (17, 45, 0.0)),
    ("UPDATE: text without a time", None),
])
def test_update_heading_variants(line, clock):
    h = parse_update_heading(line)
    assert h is not None and h.clock == clock
    assert h.bracketed == line.startswith("[")


@pytest.mark.parametrize("line", [
    "Updated figures show 14 wounded.",
    "Update 2 shows the same.",
    "UPDATE 2545 GMT: impossible time",
    "The UPDATE 1745 GMT: not at line start",
])
def test_prose_and_bad_times_are_not_timed_headings(line):
    h = parse_update_heading(line)
    assert h is None or h.clock is None


def test_article_without_markers_is_one_body_entry():
    text = "Aleppo Falls\n\nRebels withdrew from the last districts on Tuesday.\n"
    entries = split_entries(_article(text))
    assert [(e.kind, e.time_utc, e.in_comments) for e in entries] == [("body", None, False)]
    _check_cover(entries, text)


def test_midnight_rollover_moves_later_updates_to_the_next_day():
    text = ("Blog\n\nUPDATE 0130 GMT: newest.\n\nUPDATE 2350 GMT: late.\n\n"
            "UPDATE 0900 GMT: morning.\n\nORIGINAL ENTRY: start.\n")
    entries = split_entries(_article(text, date(2016, 12, 14)))
    times = [e.time_utc for e in entries if e.kind == "update"]
    assert times == [datetime(2016, 12, 15, 1, 30, tzinfo=UTC),
                     datetime(2016, 12, 14, 23, 50, tzinfo=UTC),
                     datetime(2016, 12, 14, 9, 0, tzinfo=UTC)]


def test_local_time_before_two_am_is_the_previous_utc_day():
    text = "UPDATE 0100 Damascus time: shelling.\n"
    (e,) = split_entries(_article(text, date(2016, 12, 14)))
    assert e.time_utc == datetime(2016, 12, 13, 23, 0, tzinfo=UTC)


def test_related_posts_followed_by_numbered_items_start_the_comments():
    body = "Report\n\n" + "Shelling hit the district again, residents said.\n\n" * 5
    text = body + "Related Posts\n\n\n  1. Reader view here.\n\n    • A reply.\n"
    assert find_comments_start(text) == text.index("Related Posts")
    entries = split_entries(_article(text))
    assert [e.kind for e in entries if e.in_comments] == ["comment"] * 3


def test_related_posts_list_without_comments_is_a_link_block():
    body = "Report\n\n" + "Shelling hit the district again, residents said.\n\n" * 5
    text = body + "Related Posts\nSyria Daily: Older News\n"
    assert find_comments_start(text) is None
    e = _entry_at(split_entries(_article(text)), text, "Related Posts")
    assert e.kind == "related" and not e.in_comments


def test_comment_count_under_the_title_is_not_the_comment_section():
    text = "Headline\n4 Comments\n\n" + "Rebels held out in the south, activists said.\n\n" * 20
    assert find_comments_start(text) is None


def test_seed_live_blogs_have_comment_sections_and_parsed_update_times():
    if not SEEDS.is_dir():
        pytest.skip("seeds/ not present")
    arts = {a.id: a for a in iter_articles([SEEDS])}
    heading = re.compile(r"^\[?UPDATE (\d\d)(\d\d) GMT:", re.M)
    for art in arts.values():
        entries = split_entries(art)
        _check_cover(entries, art.text)
        expected = sorted((int(h), int(m)) for h, m in heading.findall(art.text))
        updates = [e for e in entries if e.kind == "update" and art.text[e.start] in "U["]
        got = sorted((e.time_utc.hour, e.time_utc.minute) for e in updates)
        assert got == expected, art.id
        assert all(e.time_utc.date() == art.published for e in updates)
        has_comments = "Leave a Comment" in art.text
        comments = [e for e in entries if e.in_comments]
        assert bool(comments) == has_comments, art.id
        if has_comments:
            start = comments[0].start
            assert art.text[start:].startswith("Related Posts")
            assert art.text.rstrip().endswith("Leave a Comment")
            assert not any("UPDATE" in art.text[e.start : e.end] for e in comments)


_PIECES = st.sampled_from([
    "UPDATE 1745 GMT: ", "[UPDATE 0100 local time: x] ", "ORIGINAL ENTRY: ", "Photo: AFP",
    "PHOTO: a scene", "See also ", "Related Posts", "Leave a Comment", "3 Comments", "  1. ",
    "    • ", "“quoted words here long enough”", "Update 5:45 p.m. GMT", "word ", "Aleppo. ",
    "\n", "\n\n", " ", "]", ":", "Syria Daily, Dec 12: ",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_contiguous_entries(text):
    entries = split_entries(_article(text, date(2016, 12, 31)))
    if not text:
        assert entries == []
        return
    _check_cover(entries, text)
    for e in entries:
        assert e.kind in {"body", "update", "original", "caption", "related", "quote", "comment"}
        assert e.in_comments == (e.kind == "comment")
        assert e.time_utc is None or e.time_utc.tzinfo is UTC
    found = infer_published(text)
    assert found is None or isinstance(found[0], date)
