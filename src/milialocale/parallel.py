"""Spread independent jobs over processes, for `-j/--jobs`.

A project's work is a set of independent (document, locale) jobs; on a machine with
several CPUs they run in a pool of worker processes. Results come back in the order of
the jobs, so output is identical whatever the number of processes.

Workers are forked: they inherit the modules already imported and the `shared` object
(a build plan, parsed settings) without pickling it; only the small job descriptions
and their results cross the process boundary. Where fork is unavailable (Windows) and
for small projects, jobs run in this process, which is also what ``-j 1`` asks for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from . import fsio

T = TypeVar("T")
R = TypeVar("R")

#: fewer jobs than this run in-process: starting workers costs more than it saves.
PARALLEL_FROM = 4
#: the most jobs sent to a worker at once.
CHUNK_LIMIT = 16

# Set in the parent just before the workers are forked, so they inherit them.
_function: Callable[[Any, Any], Any] | None = None
_shared: Any = None
_in_worker = False


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _fork_context():
    import multiprocessing  # here: -j1 and cached runs start no pool (20 ms of imports)

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def run_jobs(function: Callable[[Any, T], R], items: Iterable[T], *, jobs: int | None = None,
             shared: Any = None) -> Iterator[R]:
    """Yield ``function(shared, item)`` for each item, in order, over `jobs` processes
    (default: every CPU). Exceptions raised by a job are raised here.

    `function` must be a module-level function; `shared` is anything, read-only.
    """
    items = list(items)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    context = None if jobs == 1 or len(items) < PARALLEL_FROM or _in_worker else _fork_context()
    if context is None:
        for item in items:
            yield function(shared, item)
        return
    from concurrent.futures import ProcessPoolExecutor

    global _function, _shared
    _function, _shared = function, shared
    workers = min(jobs, len(items))
    # Chunks amortize the round trips; several per worker keep the load even, and a
    # cap keeps memory flat: a chunk's results (whole catalogs, pages) travel together.
    chunk = max(1, min(CHUNK_LIMIT, len(items) // (workers * 8)))
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                 initargs=(fsio._ROOT.get(), os.getpid())) as pool:
            yield from pool.map(_call, items, chunksize=chunk)
    finally:
        _function, _shared = None, None


def _start_worker(root, parent: int) -> None:
    global _in_worker
    _in_worker = True  # a job never starts a pool of its own
    _die_with(parent)  # (lock.py closes the workers' copies of the parent's locks)
    if root is not None:
        fsio._ROOT.set(root)  # stay confined to the directory the parent locked


def _die_with(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies; exit if it already has.

    A run killed with SIGKILL must not leave workers behind, busy or idle.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: idle workers still exit when the pool's pipes close
    if os.getppid() != parent:
        os._exit(1)


def _call(item):
    return _function(_shared, item)
