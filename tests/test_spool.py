"""The on-disk record spool: what goes in comes out sorted, merged and equal."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from test_merge import make

from mapper.extract import spool as spool_module
from mapper.extract.merge import merge_events
from mapper.extract.spool import RecordSpool
from mapper.extract.unknown_places import UnknownName
from mapper.records import ControlChange, Mention


def _change(article: str, start: int, to: str = "regime", certainty: str = "reported") -> ControlChange:
    return ControlChange(date(2016, 12, 12), "hanano", "Hanano", "rebels", to, "change", certainty,
                         article, f"sentence at {start}", start, start + 30)


def _mention(article: str, start: int, place: str = "hanano") -> Mention:
    return Mention(article, place, place.title(), "Hanano", start, start + 6, None, False, "only", 1.0)


def test_events_merge_across_articles_as_in_memory():
    rng = random.Random(3)
    events = [
        make(f"{a}.txt", rng.randrange(0, 5000), sub=rng.choice(["Air/drone strike", "Armed clash"]),
             place=rng.choice(["hanano", "sakhour", "bab_nairab"]), day=rng.choice([12, 13]),
             dead=rng.choice([0, 0, 5, 6, 40]))
        for a in "abcdef" for _ in range(30)
    ]
    with RecordSpool() as spool:
        for article in "fcaebd":  # articles arrive in any order
            spool.add([e for e in events if e.sources[0].article == f"{article}.txt"], [], [])
        got = list(spool.events())
        assert spool.counts(6).events == len(got)
    assert got == merge_events(events)
    assert len(got) < len(events)  # some did merge


def test_changes_come_out_distinct_and_sorted_whatever_the_order_in():
    a, b = _change("a.txt", 10), _change("b.txt", 5)
    tie = _change("a.txt", 10, certainty="claimed")  # same sort fields, another certainty
    with RecordSpool() as spool:
        spool.add([], [b, a, tie], [])
        spool.add([], [a], [])  # told twice
        got = list(spool.control_changes())
        counts = spool.counts(2)
    assert got == [tie, a, b] and counts.changes == 3 and counts.assertions == 0


def test_mentions_and_unknown_names_sorted_by_article_and_offset():
    unknown = [UnknownName("Tell Shughaib", 50, 63, "village", "b.txt"),
               UnknownName("Kafr Nasih", 5, 15, "town", "a.txt")]
    with RecordSpool() as spool:
        spool.add([], [], [_mention("b.txt", 3)], unknown[:1])
        spool.add([], [], [_mention("a.txt", 9), _mention("a.txt", 2, "sakhour")], unknown[1:])
        assert [(m.article_id, m.start) for m in spool.mentions()] == [("a.txt", 2), ("a.txt", 9), ("b.txt", 3)]
        assert [u.surface for u in spool.unknown_places()] == ["Kafr Nasih", "Tell Shughaib"]
        assert spool.counts(2).unknown_names == ("Kafr Nasih", "Tell Shughaib")


def test_two_streams_can_be_read_at_once_and_records_keep_every_field():
    ev = replace(make("a.txt", 7, dead=12, hour=9), actor1="Rebels")
    with RecordSpool() as spool:
        spool.add([ev], [_change("a.txt", 1)], [_mention("a.txt", 1)])
        events, changes = spool.events(), spool.control_changes()
        first_event, first_change = next(events), next(changes)
    assert first_event == replace(ev, event_id=first_event.event_id) and first_event.event_id
    assert first_change == _change("a.txt", 1)


def test_the_temporary_folder_is_removed(tmp_path):
    with RecordSpool(tmp_path) as spool:
        spool.add([], [_change("a.txt", 1)], [])
        assert any(tmp_path.iterdir())
    assert not any(tmp_path.iterdir())


def _plain_order(added: list[list[Mention]]) -> list[Mention]:
    """What the spool's order means: by article, start, end and place, ties in the order added."""
    flat = [m for part in added for m in part]
    return sorted(flat, key=lambda m: (m.article_id, m.start, m.end, m.place_id))


def test_mentions_of_articles_of_one_name_interleave_by_offset():
    # two files "a.txt" in two folders: their mentions merge by offset, as one table sorted
    rng = random.Random(5)
    added = [
        [_mention(rng.choice(["a.txt", "b.txt"]), rng.randrange(0, 40), rng.choice(["hanano", "sakhour"]))
         for _ in range(rng.randrange(0, 12))]
        for _ in range(8)
    ]
    for part in added:  # equal keys that differ elsewhere show the order of ties
        part[:] = [replace(m, rule=f"r{i}") for i, m in enumerate(part)]
    with RecordSpool() as spool:
        for part in added:
            spool.add([], [], part)
        got = list(spool.mentions())
        text = "".join(spool.mention_csv_text())
        count = spool.counts(len(added)).mentions
    want = _plain_order(added)
    assert got == want and count == len(want)
    assert text.splitlines() == [
        f"{m.article_id},{m.place_id},{m.place},{m.surface},{m.start},{m.end},,false,{m.rule}" for m in want]


def test_mention_csv_text_quotes_and_times():
    when = datetime(2016, 12, 12, 9, 30, tzinfo=UTC)
    m = Mention("a.txt", "x", 'Tal "Rifaat", north', "Tal\nRifaat", 3, 13, when, True, "only", 0.5)
    with RecordSpool() as spool:
        spool.add([], [], [m])
        assert list(spool.mentions()) == [m]
        assert "".join(spool.mention_csv_text()) == (
            'a.txt,x,"Tal ""Rifaat"", north","Tal\nRifaat",3,13,2016-12-12T09:30:00+00:00,true,only\n')


_FIELD = st.text(alphabet=st.sampled_from('ab ,"\n\r\'’é-'), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_FIELD, _FIELD, _FIELD, _FIELD, st.integers(0, 10**6),
                          st.one_of(st.none(), _FIELD), st.integers(0, 1), _FIELD), max_size=6))
def test_mention_lines_joined_by_hand_are_those_of_the_csv_module(fields) -> None:
    rows = [(a, pid, place, surface, start, start + 3, when, comments, rule, 1.0)
            for a, pid, place, surface, start, when, comments, rule in fields]
    assert spool_module._mentions_csv(rows) == spool_module._quoted_csv(rows)
