"""Write files and folders so that a reader never sees them half-written.

Everything is written to a temporary sibling first and renamed into place;
an interrupted run leaves the previous version (or nothing) behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mapper.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_parent(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{parent}: cannot create output folder: {exc.strerror or exc}") from exc
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{parent}: output folder is not writable; choose another with -o")


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, binary=True) as fh:
        fh.write(data)


@contextmanager
def atomic_open(path: str | Path, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a file for streaming writes that appears at ``path`` only when complete.

    Parameters
    ----------
    path : path
        The file to write.
    binary : bool
        Bytes instead of UTF-8 text with ``\\n`` line ends.

    Yields
    ------
    file object
        On an exception the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    _check_parent(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if binary:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            yield fh
        # mkstemp creates 0600; give the file the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise


@contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Build a folder in a temporary sibling and swap it into ``path`` on success.

    Yields
    ------
    Path
        The temporary folder to fill.  On an exception it is removed and
        ``path`` is left as it was.
    """
    path = Path(path)
    _check_parent(path)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
        os.chmod(tmp, 0o777 & ~_umask())
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write here: {exc.strerror or exc}") from exc
    try:
        yield tmp
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
