"""Outputs appear whole or not at all."""

import os
import stat

import pytest

from mapper.atomic import atomic_dir, atomic_write_text
from mapper.errors import OutputError


def test_file_written_with_plain_permissions(tmp_path):
    target = tmp_path / "a.csv"
    atomic_write_text(target, "x\n")
    assert target.read_text() == "x\n"
    mode = stat.S_IMODE(target.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    assert mode == 0o666 & ~mask
    assert not list(tmp_path.glob(".*.tmp"))


def test_interrupted_folder_build_leaves_the_old_folder(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_dir(site) as tmp:
            (tmp / "index.html").write_text("half")
            raise KeyboardInterrupt
    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_folder_swapped_in_on_success(tmp_path):
    site = tmp_path / "site"
    with atomic_dir(site) as tmp:
        (tmp / "index.html").write_text("new")
    assert (site / "index.html").read_text() == "new"
    with atomic_dir(site) as tmp:
        (tmp / "index.html").write_text("newer")
    assert (site / "index.html").read_text() == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_one_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="not writable"):
            atomic_write_text(locked / "a.csv", "x")
    finally:
        locked.chmod(0o700)


def test_output_under_a_file_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create output folder"):
        atomic_write_text(blocker / "out" / "a.csv", "x")


def test_streamed_file_appears_only_when_complete(tmp_path):
    from mapper.atomic import atomic_open

    target = tmp_path / "big.csv"
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half a file")
            assert not target.exists()
            raise RuntimeError("interrupted")
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))
    with atomic_open(target) as fh:
        fh.write("whole\n")
    assert target.read_text() == "whole\n"
