"""The worker pool hands out chunks of jobs as workers return them (`parallel._forked`):
a worker kept busy does not hold its share of the jobs, and no worker runs further
ahead of the caller than the window allows."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from milialocale import parallel
from milialocale.parallel import run_jobs


def _slow_first(_, item: int) -> tuple[int, int]:
    if item == 0:
        time.sleep(1.0)  # as a worker whose CPU another process has taken
    return item, os.getpid()


def test_a_busy_worker_leaves_the_other_chunks_to_the_others():
    items = list(range(64))  # 16 chunks of 4: dealt in turn, each worker would run 8
    results = list(run_jobs(_slow_first, items, jobs=2))
    assert [item for item, _ in results] == items
    busy = results[0][1]
    ran = sum(pid == busy for _, pid in results)
    # It holds chunk 0 and the one handed to it ahead; the other worker runs the rest.
    assert ran <= parallel.AHEAD * 4 < len(items) // 2


def _record(folder: str, item: int) -> str:
    Path(folder, str(item)).touch()
    return "x" * (64 << 10)  # 16 of them fill a pipe


def test_workers_run_no_further_ahead_of_the_caller_than_memory_allows(tmp_path: Path):
    items = list(range(400))  # chunks of 16 results, 1 MiB each
    results = run_jobs(_record, items, jobs=2, shared=str(tmp_path))
    next(results)
    time.sleep(0.5)  # time enough to run everything, were they free to
    ran = len(list(tmp_path.iterdir()))
    results.close()
    # read or handed out: the waiting limit and what each worker holds; besides, what
    # each has in its pipe or is writing to it
    limit = parallel.WAITING_LIMIT * 2 // (64 << 10) + (parallel.AHEAD + 2) * 2 * 16
    assert ran <= limit < len(items)


def test_a_worker_killed_with_jobs_left_is_an_error(tmp_path: Path):
    # Jobs after the first chunk wait for a gate, so that neither worker can finish them
    # all before the kill (a fast worker would otherwise do every chunk while the other
    # starts, and a worker killed with nothing left to do loses no job).
    gate = tmp_path / "gate"
    results = run_jobs(_gated, list(range(400)), jobs=2, shared=str(gate))
    first_pid, _ = next(results)
    os.kill(first_pid, signal.SIGKILL)
    time.sleep(0.1)
    gate.touch()
    with pytest.raises(parallel.WorkerDied):
        for _ in results:
            pass


def _gated(gate: str, item: int) -> tuple[int, int]:
    while item >= 16 and not os.path.exists(gate):
        time.sleep(0.005)
    return os.getpid(), item


def _death_signal(_, item: int) -> int:
    import ctypes

    signal_number = ctypes.c_int(-1)
    ctypes.CDLL(None).prctl(2, ctypes.byref(signal_number))  # PR_GET_PDEATHSIG
    return signal_number.value


@pytest.mark.skipif(not os.path.exists("/proc/self"), reason="prctl is Linux's")
def test_a_worker_is_killed_with_its_parent():
    assert set(run_jobs(_death_signal, range(8), jobs=2)) == {signal.SIGKILL}


class _Unreadable(Exception):
    """Pickles, but cannot be unpickled (its constructor wants two arguments)."""

    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def _first_fails_late(later_failure: str, item: int) -> int:
    if item == 0:
        time.sleep(0.5)  # the later job's worker ends (or reports) first
        raise ValueError("job 0 failed")
    if item == 40:
        if later_failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        raise _Unreadable("job", 40)
    return item


@pytest.mark.parametrize("later_failure", ["killed", "unreadable"])
def test_the_first_error_in_job_order_wins_over_a_later_one_that_arrives_first(later_failure):
    """As results, errors come out in job order: a worker that dies, or sends back an
    error that cannot be read, does not hide an earlier job's error."""
    with pytest.raises(ValueError, match="job 0 failed"):
        list(run_jobs(_first_fails_late, range(64), jobs=2, shared=later_failure))


def _double(_, item: int) -> int:
    return 2 * item


def test_what_the_caller_froze_stays_frozen():
    """The pool freezes the parent's objects for its forks and thaws them after, but
    never thaws what was frozen before it started."""
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(run_jobs(_double, range(40), jobs=2)) == [2 * i for i in range(40)]
        assert frozen > 0 and gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
    assert list(run_jobs(_double, range(40), jobs=2)) == [2 * i for i in range(40)]
    assert gc.get_freeze_count() == 0  # and what it froze itself, it thaws
