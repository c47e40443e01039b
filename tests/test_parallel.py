"""Reading articles on several cores: same output, same order, clean stops."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mapper.errors import WorkerError
from mapper.extract.parallel import ordered_map
from mapper.pipeline import extract_to, resolve_jobs

ROOT = Path(__file__).resolve().parents[1]


def _square(n: int) -> int:
    return n * n


def _fails_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is not allowed")
    return n


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_order(jobs):
    got = list(ordered_map(_square, iter(range(25)), jobs, window=4))
    assert got == [(n, n * n) for n in range(25)]


def test_an_error_in_a_worker_is_raised_for_its_item():
    seen = []
    with pytest.raises(ValueError, match="three is not allowed"):
        for item, _ in ordered_map(_fails_on_three, range(10), 2):
            seen.append(item)
    assert seen == [0, 1, 2]


def test_jobs_are_automatic_only_for_large_inputs(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("Rebels shelled Hanano.\n", encoding="utf-8")
    assert resolve_jobs(0, [small]) == 1 and resolve_jobs(None, [tmp_path]) == 1
    assert resolve_jobs(3, [small]) == 3
    (tmp_path / "big.txt").write_bytes(b"a" * 2_100_000)
    assert resolve_jobs(0, [tmp_path]) >= 1


def test_two_workers_write_the_same_files_as_one(tmp_path):
    folders = [tmp_path / "seeds", tmp_path / "corpus"]
    shutil.copytree(ROOT / "seeds", folders[0])
    shutil.copytree(ROOT / "tests" / "corpus", folders[1], ignore=shutil.ignore_patterns("gold"))
    one = extract_to(folders, tmp_path / "one", jobs=1)
    two = extract_to(folders, tmp_path / "two", jobs=2)
    assert one.counts == two.counts and one.counts.events > 50
    for name in ("events.geojson", "events.csv", "control_changes.csv", "mentions.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def _dies_on_three(n: int) -> int:
    if n == 3:
        os._exit(9)  # as if killed: no exception, no answer
    return n


def test_a_worker_that_dies_gives_a_clear_error_not_a_hang():
    with pytest.raises(WorkerError, match="rerun with -j 1"):
        list(ordered_map(_dies_on_three, range(10), 2))


def test_streamed_output_equals_the_in_memory_results_written(tmp_path):
    from mapper.extract.output import write_outputs
    from mapper.pipeline import extract

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    extract_to([seeds], tmp_path / "streamed", jobs=1)
    write_outputs(extract([seeds]), tmp_path / "in_memory")
    for name in ("events.geojson", "events.csv", "control_changes.csv", "mentions.csv"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "in_memory" / name).read_bytes(), name
