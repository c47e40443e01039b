"""``extract_to`` streams: its memory does not grow with the corpus."""

from __future__ import annotations

import gc
import random
import tracemalloc
from pathlib import Path

from mapper.extract import articles, spool
from mapper.extract.reader import tools
from mapper.pipeline import extract_to

_PLACES = ("Hanano", "Sakhour", "al-Sukkari", "Bustan al-Qasr", "Kallaseh", "Salaheddine",
           "Sheikh Saeed", "Masaken Hanano", "al-Mashhad", "Bab al-Nairab", "Ansari", "Fardous")
_LINES = (
    "Government troops took {a} on Monday after days of fighting, a monitor said.",
    "Airstrikes on {a} killed {n} civilians, rescuers said.",
    "Insurgents pulled back from {a} towards {b} overnight.",
    "Shells fell on {a} and {b} on Tuesday, wounding {n} people.",
    "Opposition fighters still hold {a}, according to activists.",
    "Aid workers said {n} families fled {a} for {b}.",
)


def _report(rng: random.Random, title: str, lines: int) -> str:
    out = [title, ""]
    for _ in range(lines):
        a, b = rng.sample(_PLACES, 2)
        out += [rng.choice(_LINES).format(a=a, b=b, n=rng.randint(2, 60)), ""]
    return "\n".join(out)


def _write_corpus(folder: Path, articles: int, lines: int = 150) -> None:
    rng = random.Random(articles)
    folder.mkdir()
    rows = ["file,published"]
    for i in range(articles):
        (folder / f"r{i:03d}.txt").write_text(_report(rng, f"Report {i}", lines), encoding="utf-8")
        rows.append(f"r{i:03d}.txt,2016-12-{10 + i % 5:02d}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _warm_up(tmp_path: Path) -> None:
    """Read both corpora once first: the caches of per-phrase facts fill (and their dicts
    grow, with a moment's copy) then, not during a measure, where the tests run before
    would decide whether they do."""
    for name in ("small", "large"):
        extract_to([tmp_path / name], tmp_path / f"warm_up_{name}", jobs=1)


def _peak(folder: Path, out: Path) -> tuple[int, int]:
    # Start from a collected heap with fresh collector counts: otherwise garbage left by
    # the tests before (and when the collector next runs) moves the peak by most of a MB.
    gc.collect()
    tracemalloc.start()
    try:
        report = extract_to([folder], out, jobs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, report.counts.mentions


def test_memory_stays_flat_as_the_corpus_grows(tmp_path, monkeypatch):
    # Merging holds one batch of events (500 by default) at a time: a small batch
    # shows at test scale what the default shows on large corpora.
    monkeypatch.setattr(spool, "_BATCH_EVENTS", 50)
    _write_corpus(tmp_path / "small", 4)
    _write_corpus(tmp_path / "large", 24)
    tools()  # the gazetteer and the lexicons load once per process: not part of the measure
    _warm_up(tmp_path)
    small, small_mentions = _peak(tmp_path / "small", tmp_path / "out_small")
    large, large_mentions = _peak(tmp_path / "large", tmp_path / "out_large")
    assert large_mentions >= 5 * small_mentions
    # Six times the records, nearly the same peak: records wait on disk, not in memory.
    assert large < 1.3 * small + 500_000, f"peak {small / 1e6:.1f} MB -> {large / 1e6:.1f} MB"


def test_one_large_file_is_read_in_parts_in_flat_memory(tmp_path, monkeypatch):
    # The 2 MB / 1 M-character thresholds, scaled down so the test runs in seconds.
    monkeypatch.setattr(articles, "LARGE_FILE_BYTES", 30_000)
    monkeypatch.setattr(articles, "PART_CHARS", 15_000)
    monkeypatch.setattr(articles, "_READ_BYTES", 8_000)
    monkeypatch.setattr(articles, "_SNIFF_BYTES", 8_000)
    monkeypatch.setattr(spool, "_BATCH_EVENTS", 50)
    _write_corpus(tmp_path / "small", 1, lines=900)
    _write_corpus(tmp_path / "large", 1, lines=5400)
    tools()
    _warm_up(tmp_path)
    small, small_mentions = _peak(tmp_path / "small", tmp_path / "out_small")
    large, large_mentions = _peak(tmp_path / "large", tmp_path / "out_large")
    assert large_mentions >= 5 * small_mentions
    assert large < 1.3 * small + 500_000, f"peak {small / 1e6:.1f} MB -> {large / 1e6:.1f} MB"
    ids = {row.split(",")[0] for row in (tmp_path / "out_large" / "mentions.csv").read_text().splitlines()[1:]}
    assert len(ids) > 10 and all(i.startswith("r000.txt#part") for i in ids)
