"""Articles read on several cores, results handed back in reading order.

Articles are independent until their events are merged, so each can be read
by a worker process.  :func:`ordered_map` keeps a small window of articles in
flight (a corpus is never queued whole: memory stays bounded) and yields the
results in the order the articles came, so the output does not depend on
which worker finished first.

Workers ignore Ctrl-C: the main process handles it, stops the pool and
reports one line, rather than every worker printing a traceback.  A worker
that dies (killed, out of memory) is reported as a
:class:`~mapper.errors.WorkerError` rather than waited for forever.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from mapper.errors import WorkerError

__all__ = ["ordered_map", "usable_cores"]

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _quiet_worker(setup: Callable[[], Any] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup()


def _context() -> Any:
    # fork shares the parent's loaded gazetteer with the workers for free; where
    # the platform lacks it, each worker loads its own through ``setup``.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    *,
    setup: Callable[[], Any] | None = None,
    window: int | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, func(item))`` for each item, in order, computed by ``jobs`` processes.

    Parameters
    ----------
    func : callable
        A module-level function (it is pickled by name); its result is pickled back.
    items : iterable
        Read lazily: at most ``window`` items are in flight at once.
    jobs : int
        Worker processes; 1 runs everything in this process, with no pool.
    setup : callable, optional
        Run once in each process that runs ``func`` (this one when ``jobs`` is 1)
        before its first item.
    window : int, optional
        Items in flight (default ``2 * jobs``).

    Yields
    ------
    tuple
        Each item with its result.  An exception raised by ``func`` is raised
        here, for the item that raised it.

    Raises
    ------
    WorkerError
        When a worker process dies without an answer.
    """
    if jobs <= 1:
        if setup is not None:
            setup()
        for item in items:
            yield item, func(item)
        return
    window = window or 2 * jobs
    pool = _context().Pool(jobs, initializer=_quiet_worker, initargs=(setup,))
    finished = False
    try:
        watch = _Watch(pool)
        pending: deque = deque()
        for item in items:
            pending.append((item, pool.apply_async(func, (item,))))
            if len(pending) >= window:
                done, result = pending.popleft()
                yield done, watch.get(result)
        while pending:
            done, result = pending.popleft()
            yield done, watch.get(result)
        finished = True
    finally:
        # On an error, Ctrl-C or a consumer that stopped early: no worker outlives us.
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()


class _Watch:
    """Waits for results, and notices a worker that died (its task would never answer).

    A pool replaces a dead worker with a new process, so a change in the set of
    worker ids is the sign.  ``Pool`` keeps its processes in ``_pool``; it
    offers no public way to see them.
    """

    def __init__(self, pool: Any) -> None:
        self._pool = pool
        self._pids = self._workers()

    def _workers(self) -> set[int]:
        return {p.pid for p in getattr(self._pool, "_pool", [])}

    def get(self, result: Any) -> Any:
        while True:
            try:
                return result.get(timeout=0.5)
            except multiprocessing.TimeoutError:
                if self._workers() != self._pids:
                    raise WorkerError(
                        "a worker process stopped without an answer (killed, or out of memory?); "
                        "rerun with -j 1 to read in one process") from None
