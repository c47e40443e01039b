"""The whole-text searches of :mod:`mapper.extract.entries` find what the line patterns find.

:func:`mapper.extract.entries.find_comments_start` searches "\\n" + the text with
the heading patterns opening with a line break instead of a multi-line ``^``
(see ``_after_break``).  The plain reading here searches the text itself with the
``^`` patterns; both must agree on any text, above all on headings at the very
start, right at the search floor, after blanks and at the end.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import entries
from mapper.extract.entries import find_comments_start


def _plain(text: str) -> int | None:
    """find_comments_start as written with the ``^`` patterns, searched in the text."""
    pats = entries._patterns()
    floor = int(len(text) * entries._data()["comments"]["min_position"])
    last_marker = max((m.start() for m in pats.original.finditer(text)), default=-1)
    floor = max(floor, last_marker + 1)
    heading = pats.comment_heading.search(text, floor)
    best = heading.start() if heading else None
    for m in pats.related_posts.finditer(text, floor):
        if best is not None and m.start() > best:
            break
        item = entries._COMMENT_ITEM.search(text, m.end())
        between = text[m.end() : item.start()] if item else ""
        if item and not between.strip():
            best = m.start()
            break
    return best


_LINES = ["ORIGINAL ENTRY: Rebels advanced.", "original post :", "  Original Story:",
          "Leave a Comment", "12 Comments", "3 responses to this", "Comments:", "Replies",
          "Related Posts", "You may also like:", "1. First item", "• a reply", "2) second",
          "Troops shelled the town.", "The Original Entry: not at a line start", "", " ", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=14),
       st.sampled_from(["\n", "\n\n", " \n", "\r\n"]), st.text(" \t\nx", max_size=3))
def test_comments_start_matches_the_line_patterns(lines, sep, tail):
    text = sep.join(lines) + tail
    assert find_comments_start(text) == _plain(text)


def test_a_heading_at_the_search_floor_counts():
    share = entries._data()["comments"]["min_position"]
    for k in range(1, 2000):  # a heading line that starts right at the floor
        text = "x" * k + "\nComments\n" + "fine " * 40
        if int(len(text) * share) == k + 1:
            break
    else:
        raise AssertionError("no such text")
    assert find_comments_start(text) == _plain(text) == k + 1


def test_after_break_refuses_a_pattern_without_a_line_start():
    try:
        entries._after_break(re.compile("Comments", re.M))
    except ValueError:
        return
    raise AssertionError("a pattern not opening with ^ must be refused")


def _plain_comments(text: str, start: int) -> list:
    """_label_comments as written with the ``^`` patterns, searched in the text."""
    labels = [(start, "comment", None, 0)]
    for n, m in enumerate(entries._COMMENT_ITEM.finditer(text, start), start=1):
        labels.append((text.rfind("\n", 0, m.start()) + 1, "comment", None, n))
    tail = entries._patterns().comment_heading.search(text, labels[-1][0] + 1)
    if tail is not None and len(labels) > 1:
        labels.append((tail.start(), "comment", None, len(labels)))
    return labels


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=14),
       st.sampled_from(["\n", "\n\n", " \n"]), st.integers(0, 60))
def test_comment_labels_match_the_line_patterns(lines, sep, start):
    text = sep.join(lines)
    start = min(start, len(text))
    assert entries._label_comments(text, start) == _plain_comments(text, start)
