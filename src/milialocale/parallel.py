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

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: fewer jobs than this run in-process: starting workers costs more than it saves.
PARALLEL_FROM = 4
#: the most jobs sent to a worker at once.
CHUNK_LIMIT = 16
#: chunks a worker holds in hand, so that it goes on while this process reads its results.
AHEAD = 2
#: bytes of results (per worker) kept here for the caller, beyond which no chunk is
#: handed out until the caller catches up: as much as a worker's pipe holds.
WAITING_LIMIT = 1 << 20

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

    The jobs are cut into chunks, numbered in order; each worker is handed chunk
    numbers over a pipe of its own and sends back each chunk's results over another,
    so the results are put back in job order: no queue, thread or pool manager. A
    worker is handed its next chunk as it returns one, keeping `AHEAD` in hand so that
    it never waits for this process; a worker whose CPU is taken by something else
    thus leaves the other chunks to the others instead of holding its share of them.
    Several chunks per worker keep the load even, and a cap on their size keeps memory
    flat (a chunk's results, whole catalogs or pages, travel together), as does
    `WAITING_LIMIT`: while the results the caller has not reached fill it, no chunk is
    handed out, and a worker that runs ahead waits (or waits on its full pipe while
    this process is not reading). After an error (or when the caller stops early) the
    workers' pipes are closed: each ends at its next write or when it asks for more.
    """
    import gc
    import pickle
    import select

    chunk = max(1, min(CHUNK_LIMIT, len(items) // (workers * 8)))
    chunks = (len(items) + chunk - 1) // chunk
    orders = [os.pipe() for _ in range(workers)]  # chunk numbers, to each worker
    returns = [_pipe() for _ in range(workers)]  # their results, from each worker
    held = {end for pair in orders + returns for end in pair}  # the pipe ends open here
    children: list[int] = []
    parent = os.getpid()
    _flush_std_streams()  # or each worker would write again what is still buffered here
    thaw = gc.get_freeze_count() == 0  # (what a caller froze on purpose stays frozen)
    gc.freeze()  # a worker's collections then leave the objects it shares with this process alone
    try:
        for worker in range(workers):
            pid = os.fork()
            if pid == 0:  # the worker: never returns, even on Ctrl-C before `_work` starts
                try:
                    mine = (orders[worker][0], returns[worker][1])
                    for end in held.difference(mine):
                        os.close(end)
                    _work(function, shared, items, chunk, *mine, parent, pickle)
                finally:
                    os._exit(1)
            children.append(pid)
        if thaw:
            gc.unfreeze()
        for (read_order, _), (_, write_return) in zip(orders, returns):
            os.close(read_order)
            os.close(write_return)
            held -= {read_order, write_return}
        senders = [write_end for _, write_end in orders]
        owner = {read_end: worker for worker, (read_end, _) in enumerate(returns)}
        pending = [collections.deque() for _ in range(workers)]  # chunks handed out, not returned
        finished: dict[int, tuple] = {}  # chunk -> (size, (results, error)), until the caller reaches it
        idle: list[int] = []  # workers waiting for the caller to catch up
        failed: set[int] = set()  # workers that sent an error, after which they end
        handed = reached = waiting = 0  # (waiting: the bytes of the messages in `finished`)

        def hand_out(worker: int) -> None:
            """Send `worker` the next chunk's number, if one is left; `idle` keeps it
            while the caller must catch up first."""
            nonlocal handed
            if handed == chunks:
                return
            if waiting >= WAITING_LIMIT * workers:
                idle.append(worker)
                return
            try:
                os.write(senders[worker], handed.to_bytes(4, "little"))
            except BrokenPipeError:  # it has ended: after an error, or WorkerDied at its end
                return
            pending[worker].append(handed)
            handed += 1
            if handed == chunks:  # no more to hand out: each worker ends when it is done
                for sender in senders:
                    os.close(sender)
                held.difference_update(senders)

        for _ in range(AHEAD):
            for worker in range(workers):
                hand_out(worker)
        poller = select.poll()
        for read_end in owner:
            poller.register(read_end, select.POLLIN)
        died = None  # the first chunk a dead worker leaves undone: WorkerDied is raised there
        while reached < chunks:
            while reached not in finished and reached != died:
                for read_end, _ in poller.poll():
                    worker = owner[read_end]
                    try:
                        message = _read_message(read_end)
                    except WorkerDied:  # (killed while writing)
                        message = None
                    if message is None:  # the worker has ended
                        if (pending[worker] or senders[worker] in held) and worker not in failed:
                            undone = pending[worker][0] if pending[worker] else handed
                            died = undone if died is None else min(died, undone)
                        poller.unregister(read_end)
                        continue
                    try:
                        outcome = pickle.loads(message)
                    except Exception as exc:  # noqa: BLE001 (raised when the caller reaches it)
                        outcome = [], (exc, None)
                    finished[pending[worker].popleft()] = len(message), outcome
                    waiting += len(message)
                    if outcome[1] is not None:
                        failed.add(worker)
                    else:
                        hand_out(worker)
            if reached == died:  # errors come out in job order: earlier chunks' first
                raise WorkerDied("a worker process ended before finishing its jobs")
            size, (results, error) = finished.pop(reached)
            waiting -= size
            reached += 1
            yield from results
            if error is not None:
                exception, remote = error
                if remote is None:  # the worker's message could not be read back
                    raise exception
                raise exception from RemoteTraceback(remote)
            while idle and waiting < WAITING_LIMIT * workers:
                hand_out(idle.pop(0))
    finally:
        if thaw:
            gc.unfreeze()
        for end in held:
            os.close(end)  # a worker still running ends at its next write (EPIPE) or order
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


def _read_message(read_end: int) -> bytes | None:
    """The next message from a worker (its length, then its bytes), or None when the
    worker has ended before it; a message cut short means the worker died writing it."""
    header = _read_exactly(read_end, 8)
    if not header:
        return None
    size = int.from_bytes(header, "little")
    message = _read_exactly(read_end, size) if len(header) == 8 else b""
    if len(message) < size or len(header) < 8:
        raise WorkerDied("a worker process ended before finishing its jobs")
    return message


def _read_exactly(read_end: int, size: int) -> bytes:
    """`size` bytes from a pipe, or fewer if its writer ends first."""
    parts = []
    while size:
        part = os.read(read_end, min(size, 1 << 20))
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _work(function, shared, items: list, chunk: int, orders: int, returns: int, parent: int,
          pickle) -> None:
    """In a worker: for each chunk number read from `orders`, send ``(results, None)``
    framed with its length over `returns`, or at the first error ``(results before it,
    (exception, its traceback))`` and stop; then exit."""
    global _in_worker
    _in_worker = True  # a job never starts workers of its own
    status = 1
    try:
        _die_with(parent)
        with os.fdopen(orders, "rb") as numbers, os.fdopen(returns, "wb") as out:
            while number := numbers.read(4):
                start = int.from_bytes(number, "little") * chunk
                results = []
                try:
                    for item in items[start:start + chunk]:
                        results.append(function(shared, item))
                    message = pickle.dumps((results, None), pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # noqa: BLE001 (raised again in the parent)
                    message = _error_message(pickle, results, exc)
                    out.write(len(message).to_bytes(8, "little") + message)
                    break
                out.write(len(message).to_bytes(8, "little"))
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
        # (SIGKILL is 9 wherever prctl exists; importing `signal` would cost 3 ms)
        _prctl()(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass  # not Linux: a worker still ends at its next write once the parent is gone
    if os.getppid() != parent:
        os._exit(1)


def _prctl():
    """The C library's `prctl`, called through `_ctypes`, the C half of ctypes:
    importing the Python half (a class for each C type, checked one by one) took 5 of
    the 8 ms that each worker spent here before its first job. Its result is not read."""
    try:
        import _ctypes

        class Function(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL
            _restype_ = None

        return Function(_ctypes.dlsym(_ctypes.dlopen(None), "prctl"))
    except (ImportError, AttributeError):  # another implementation of Python
        import ctypes

        return ctypes.CDLL(None).prctl
