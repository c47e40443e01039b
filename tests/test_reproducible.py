"""Same input, byte-identical output: two builds of the seeds on two runs."""

import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(*args: str) -> None:
    # Separate processes: no cache or hash seed shared between the two runs.
    subprocess.run([sys.executable, "-m", "mapper.cli", "-q", *args], check=True)


def test_two_builds_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        _run("build", str(SEEDS), "-o", str(tmp_path / name))
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first.keys() == second.keys() and "index.html" in first
    assert [k for k in first if first[k] != second[k]] == []


def test_two_extractions_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        _run("extract", str(SEEDS), "-o", str(tmp_path / name))
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(first) >= {"events.geojson", "events.csv", "control_changes.csv", "mentions.csv"}
    assert first == second
