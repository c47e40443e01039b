"""A live page's time stamps ("16:40 GMT - ...") and day headings ("Wednesday, December 7").

Articles written for these tests.  A line opening on a clock time and a dash is an
update heading as "UPDATE 1640 GMT:" is; a line that is only a date puts the entries
below it on that day.  A line opening on a number is still prose.
"""

from __future__ import annotations

from datetime import date

from mapper.extract.entries import split_entries
from mapper.records import Article

PAGE = """Aleppo: live

16:40 GMT - Troops entered Sakhour, state media said.

09:30 GMT - Shelling hit Haydariya overnight.

Wednesday, December 7

22:10 GMT - Fighting went on in the Old City.

12 people were killed in Hanano, 14:00 GMT reports said.
"""


def _times(text: str, published: date) -> list[tuple[str, str | None]]:
    article = Article("t.txt", "", text, published)
    out = []
    for e in split_entries(article):
        first = text[e.start:e.end].strip().split("\n")[0][:12]
        out.append((first, e.time_utc.isoformat() if e.time_utc else None))
    return out


def test_time_stamps_and_day_headings():
    got = dict(_times(PAGE, date(2016, 12, 8)))
    assert got["16:40 GMT - "] == "2016-12-08T16:40:00+00:00"
    assert got["09:30 GMT - "] == "2016-12-08T09:30:00+00:00"
    # below "Wednesday, December 7": that day, not the published one
    assert got["22:10 GMT - "] == "2016-12-07T22:10:00+00:00"


def test_a_line_opening_on_a_number_is_prose():
    got = _times("Report\n\n12 people were killed in Hanano on Monday.\n\n3:0 - the score\n", date(2016, 12, 8))
    assert all(t is None for _, t in got)
