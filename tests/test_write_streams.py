"""Writing the output folder from streams: the tables are written while the events are merged."""

from __future__ import annotations

import pytest

from mapper.extract import output
from mapper.extract.output import OUTPUT_FILES, write_streams

_CHANGES = [[f"2016-12-{d:02d}", "hanano", "Hanano", "rebels", "regime", "change", "reported", "a.txt",
             f"Sentence {d}.", d, d + 10] for d in range(1, 29)]
_MENTIONS = [["a.txt", "hanano", "Hanano", "Hanano", i, i + 6, "", "false", "exact"] for i in range(57)]
_EVENTS = [(b'{"type":"Feature","id":"e%d"}' % i, f"row {i}\n") for i in range(9)]


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_tables_pumped_between_events_are_the_same_bytes(tmp_path, monkeypatch):
    write_streams(tmp_path / "plain", _EVENTS, _CHANGES, _MENTIONS)
    monkeypatch.setattr(output._Tables, "SLICE", 5)  # many slices, across the end of the first table
    taken: list[int] = []  # table rows taken so far, as each event is written

    def counted(rows):
        for row in rows:
            taken.append(1)
            yield row

    def events(pump):
        for line in _EVENTS:
            pump()
            yield line
            taken.append(0)

    write_streams(tmp_path / "pumped", events, counted(_CHANGES), counted(_MENTIONS))
    rows_by_event = [sum(taken[:i]) for i, t in enumerate(taken) if t == 0]
    # Five rows per pump: the tables were written while the events came, not after.
    assert rows_by_event == [5 * k for k in range(1, len(_EVENTS) + 1)]
    assert _files(tmp_path / "pumped") == _files(tmp_path / "plain")
    assert sorted(_files(tmp_path / "plain")) == sorted(OUTPUT_FILES)
    assert (tmp_path / "plain" / "mentions.csv").read_text().count("\n") == len(_MENTIONS) + 1


def test_a_failure_while_merging_leaves_no_file_and_no_temporary_one(tmp_path, monkeypatch):
    monkeypatch.setattr(output._Tables, "SLICE", 5)

    def events(pump):
        pump()
        pump()  # part of each table is already written
        yield _EVENTS[0]
        raise RuntimeError("merge failed")

    with pytest.raises(RuntimeError, match="merge failed"):
        write_streams(tmp_path / "out", events, _CHANGES, _MENTIONS)
    assert list((tmp_path / "out").iterdir()) == []


def test_iso_time_is_isoformat_whatever_the_zone():
    from datetime import UTC, datetime, timedelta, timezone

    from mapper.extract.output import iso_time

    utc = datetime(2016, 12, 12, 9, 30, 5, 250, tzinfo=UTC)
    same_instant = utc.astimezone(timezone(timedelta(hours=2)))  # equal, another offset
    for when in (utc, same_instant, utc, same_instant, utc.replace(tzinfo=None), None):
        assert iso_time(when) == (when.isoformat() if when is not None else None)
