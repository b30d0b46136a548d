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


def test_a_worker_killed_while_waiting_for_chunks_is_an_error():
    results = run_jobs(_worker_pid_and_item, list(range(400)), jobs=2)
    first_pid, _ = next(results)
    time.sleep(0.3)  # the workers run ahead to the window and wait for more chunks
    os.kill(first_pid, signal.SIGKILL)
    with pytest.raises(parallel.WorkerDied):
        for _ in results:
            pass


def _worker_pid_and_item(_, item: int) -> tuple[int, int]:
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
