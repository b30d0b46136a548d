"""Spread independent jobs over processes, for `-j/--jobs`.

A project's work is a set of independent (document, locale) jobs; on a machine with
several CPUs they run in worker processes. Results come back in the order of the jobs,
so output is identical whatever the number of processes.

Workers are forked: they inherit the modules already imported and the `shared` object
(a build plan, parsed settings) without pickling it; only the results cross the
process boundary, pickled, one message per chunk of jobs. Where fork is unavailable
(Windows) and for small projects, jobs run in this process, which is also what
``-j 1`` asks for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: fewer jobs than this run in-process: starting workers costs more than it saves.
PARALLEL_FROM = 4
#: the most jobs sent to a worker at once.
CHUNK_LIMIT = 16

_in_worker = False


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_jobs(function: Callable[[Any, T], R], items: Iterable[T], *, jobs: int | None = None,
             shared: Any = None) -> Iterator[R]:
    """Yield ``function(shared, item)`` for each item, in order, over `jobs` processes
    (default: every CPU). Exceptions raised by a job are raised here.

    `function` may be any callable (workers are forked, it is not pickled); `shared`
    is anything, read-only.
    """
    items = list(items)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(items) < PARALLEL_FROM or _in_worker or not hasattr(os, "fork"):
        for item in items:
            yield function(shared, item)
        return
    yield from _forked(function, items, min(jobs, len(items)), shared)


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker (its ``__cause__`` here)."""

    def __str__(self) -> str:
        return self.args[0]


class WorkerDied(RuntimeError):
    """A worker process ended before sending all its results (killed, out of memory)."""


def _forked(function, items: list, workers: int, shared) -> Iterator:
    """`run_jobs` over `workers` forked processes.

    Chunks of jobs are dealt in turn (chunk c to worker c % workers), so each worker
    knows its share without asking and the results are read back in job order, from one
    pipe per worker: no queue, thread or pool manager. Several chunks per worker keep
    the load even, a cap on their size keeps memory flat (a chunk's results, whole
    catalogs or pages, travel together), and a worker that runs ahead waits on its full
    pipe. After an error (or when the caller stops early) the workers are told nothing
    more is read: each ends at its next write.
    """
    import pickle

    chunk = max(1, min(CHUNK_LIMIT, len(items) // (workers * 8)))
    starts = range(0, len(items), chunk)
    pipes = [_pipe() for _ in range(workers)]
    children: list[int] = []
    readers = []
    parent = os.getpid()
    _flush_std_streams()  # or each worker would write again what is still buffered here
    try:
        for worker, (_, write_end) in enumerate(pipes):
            pid = os.fork()
            if pid == 0:  # the worker: never returns, even on Ctrl-C before `_work` starts
                try:
                    for read_end, other_end in pipes:
                        os.close(read_end)
                        if other_end != write_end:
                            os.close(other_end)
                    _work(function, shared, [items[start:start + chunk] for start in starts[worker::workers]],
                          write_end, parent, pickle)
                finally:
                    os._exit(1)
            children.append(pid)
        readers = []
        for read_end, write_end in pipes:
            os.close(write_end)
            readers.append(os.fdopen(read_end, "rb"))
        pipes = []
        for index in range(len(starts)):
            try:
                results, error = pickle.load(readers[index % workers])
            except (EOFError, pickle.UnpicklingError):  # (killed before or while writing)
                raise WorkerDied("a worker process ended before finishing its jobs") from None
            yield from results
            if error is not None:
                exception, remote = error
                raise exception from RemoteTraceback(remote)
    finally:
        for read_end, write_end in pipes:  # (a fork failed before they were shared out)
            os.close(read_end)
            os.close(write_end)
        for reader in readers:
            reader.close()  # a worker still running ends at its next write (EPIPE)
        for pid in children:
            os.waitpid(pid, 0)


def _pipe() -> tuple[int, int]:
    """A pipe that holds up to 1 MiB where Linux allows (64 KiB by default), so that a
    worker is rarely kept waiting while this process handles the results before its own."""
    read_end, write_end = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
    return read_end, write_end


def _work(function, shared, chunks: list[list], write_end: int, parent: int, pickle) -> None:
    """In a worker: send ``(results, None)`` for each chunk, in order, or at the first
    error ``(results before it, (exception, its traceback))`` and stop; then exit."""
    global _in_worker
    _in_worker = True  # a job never starts workers of its own
    status = 1
    try:
        _die_with(parent)
        with os.fdopen(write_end, "wb") as out:
            for jobs in chunks:
                results = []
                try:
                    for item in jobs:
                        results.append(function(shared, item))
                    message = pickle.dumps((results, None), pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # noqa: BLE001 (raised again in the parent)
                    out.write(_error_message(pickle, results, exc))
                    break
                out.write(message)
                out.flush()
        status = 0
    finally:
        _flush_std_streams()  # what the jobs printed; then no atexit handler or caller's frame
        os._exit(status)


def _error_message(pickle, results: list, exc: Exception) -> bytes:
    """The pickled results and error of a failed chunk (without the results if they
    cannot be pickled); an error that cannot be pickled travels as a RuntimeError with
    its text."""
    import traceback

    remote = "".join(traceback.format_exception(exc))
    for message in ((results, (exc, remote)), ([], (exc, remote))):  # (a result may be the culprit)
        try:
            return pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            continue
    return pickle.dumps(([], (RuntimeError(f"{type(exc).__name__}: {exc}"), remote)))


def _flush_std_streams() -> None:
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def _die_with(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies; exit if it already has.

    A run killed with SIGKILL must not leave workers behind, busy or idle.
    """
    try:
        import ctypes

        # (SIGKILL is 9 wherever prctl exists; importing `signal` would cost 3 ms)
        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass  # not Linux: a worker still ends at its next write once the parent is gone
    if os.getppid() != parent:
        os._exit(1)
