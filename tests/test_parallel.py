"""`-j/--jobs`: the same bytes whatever the number of processes.

A project of several documents and locales is extracted, updated and built once in
this process (-j 1) and once over two worker processes (-j 2); every file written must
be identical, and errors raised inside a worker must reach the caller unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ARTICLE
from milialocale import fsio, parallel
from milialocale.cli import main
from milialocale.errors import MilialocaleError, PoSyntaxError
from milialocale.model import Location
from milialocale.parallel import run_jobs

DOCUMENTS = ("alpha", "bravo", "charlie", "delta", "echo")
LOCALES = ("es", "ar", "zh_Hans")


def write_project(root: Path) -> Path:
    """Five variants of the article (each paragraph starts with the document's name) and
    three locales, with one translated entry per catalog after `update`."""
    (root / "source").mkdir(parents=True)
    shutil.copytree(ARTICLE.parent / "images", root / "source" / "images")
    html = ARTICLE.read_text("utf-8")
    for name in DOCUMENTS:
        text = re.sub(r"(<(?:p|li)(?:\s[^>]*)?>)", lambda m: m.group(1) + name.title() + " ", html)
        (root / "source" / f"{name}.html").write_text(text, "utf-8")
    (root / "milialocale.toml").write_text(
        'source_dir = "source"\nlocales_dir = "locales"\noutput_dir = "site"\n'
        f'locales = {list(LOCALES)!r}\nmin_completeness = 0\n'.replace("'", '"'), "utf-8")
    return root


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(root / "milialocale.toml"), *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def tree(root: Path, under: str) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / under).rglob("*")) if p.is_file()}


def translate_first_entries(root: Path) -> None:
    """Give every catalog a translation, so that build has something to apply."""
    for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        text = po.read_text("utf-8")
        text = re.sub(r'(msgid "Milia classification"\nmsgstr )""', r'\1"MILIA CLASSIFICATION"', text)
        po.write_text(text, "utf-8")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    # Same directory name: it is the project name, shown in the index and status pages.
    return write_project(tmp_path / "one" / "site"), write_project(tmp_path / "two" / "site")


def test_extract_update_and_build_write_the_same_bytes_with_one_or_two_processes(pair, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one, two = pair
    for root, jobs in ((one, "1"), (two, "2")):
        run(root, "extract", "-q", "-j", jobs)
        run(root, "update", "-q", "-j", jobs)
        translate_first_entries(root)
        page = root / "source" / "charlie.html"
        page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
        run(root, "extract", "-q", "-j", jobs)
        run(root, "update", "-q", "-j", jobs)
        run(root, "build", "-q", "-j", jobs)
    assert tree(one, "locales") == tree(two, "locales")
    assert len(tree(one, "locales")) == len(DOCUMENTS) * (len(LOCALES) + 1)
    assert tree(one, "site") == tree(two, "site")
    assert b"MILIA CLASSIFICATION" in tree(one, "site")["site/es/delta.html"]


def test_check_and_stats_report_the_same_with_one_or_two_processes(pair):
    one, _ = pair
    run(one, "extract", "-q")
    run(one, "update", "-q")
    translate_first_entries(one)
    reports = [CliRunner().invoke(main, ["--config", str(one / "milialocale.toml"), "check", "--no-cache",
                                         "--format", "json", "-j", jobs]).output for jobs in ("1", "2")]
    assert reports[0] == reports[1]
    assert run(one, "stats", "-j", "1") == run(one, "stats", "-j", "2")


def _square(offset: int, item: int) -> int:
    return offset + item * item


def _fail_on_seven(_, item: int) -> int:
    if item == 7:
        raise PoSyntaxError("unterminated string", Location("x.po", 7))
    return item


def _confinement(_, item: int):
    return fsio._ROOT.get(), parallel._in_worker


def test_results_come_back_in_order_from_any_number_of_processes():
    items = list(range(40))
    expected = [100 + i * i for i in items]
    for jobs in (1, 2, 3):
        assert list(run_jobs(_square, items, jobs=jobs, shared=100)) == expected


def test_an_error_in_a_worker_reaches_the_caller_with_its_location():
    with pytest.raises(MilialocaleError) as caught:
        list(run_jobs(_fail_on_seven, range(20), jobs=2))
    assert isinstance(caught.value, PoSyntaxError)
    assert str(caught.value) == "x.po:7: unterminated string"


def test_workers_stay_confined_to_the_locked_directory(tmp_path: Path):
    with fsio.confined_to(tmp_path):
        seen = set(run_jobs(_confinement, range(8), jobs=2))
    assert seen == {(tmp_path.resolve(), True)}


def test_few_jobs_run_in_this_process():
    assert set(run_jobs(_confinement, range(parallel.PARALLEL_FROM - 1), jobs=2)) == {(None, False)}


def _exit_on_five(_, item: int) -> int:
    if item == 5:
        os._exit(3)  # as if killed: no result, no error
    return item


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this error")


def _unpicklable_on_three(_, item: int) -> int:
    if item == 3:
        raise _Unpicklable("three")
    return item


def _worker_pid(_, item: int) -> int:
    return os.getpid()


def test_results_before_an_error_still_arrive_in_order():
    seen = []
    with pytest.raises(PoSyntaxError):
        for result in run_jobs(_fail_on_seven, range(40), jobs=3):
            seen.append(result)
    assert seen == list(range(7))


def test_an_error_keeps_the_traceback_of_the_worker_as_its_cause():
    with pytest.raises(PoSyntaxError) as caught:
        list(run_jobs(_fail_on_seven, range(20), jobs=2))
    assert "_fail_on_seven" in str(caught.value.__cause__)


def test_a_worker_that_dies_is_an_error_not_missing_results():
    with pytest.raises(parallel.WorkerDied):
        list(run_jobs(_exit_on_five, range(20), jobs=2))


def test_an_error_that_cannot_be_pickled_arrives_as_its_text():
    with pytest.raises(RuntimeError, match="_Unpicklable: three"):
        list(run_jobs(_unpicklable_on_three, range(20), jobs=2))


def test_a_caller_that_stops_early_leaves_no_worker_behind():
    results = run_jobs(_worker_pid, range(200), jobs=2)
    workers = {next(results) for _ in range(3)}
    results.close()
    assert os.getpid() not in workers
    for pid in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: not even a zombie is left


def _unpicklable_result_on_four(_, item: int):
    import threading

    return threading.Lock() if item == 4 else item


def test_a_result_that_cannot_be_pickled_raises_the_pickling_error():
    with pytest.raises(TypeError, match="pickle"):
        list(run_jobs(_unpicklable_result_on_four, range(20), jobs=2))


def _big_result_on_nine(pid_file: str, item: int):
    if item == 9:  # larger than the pipe: its worker waits until the parent reads it
        Path(pid_file).write_text(str(os.getpid()))
        return "x" * (8 << 20)
    return item


def test_a_worker_killed_while_writing_is_an_error_not_a_pickle_error(tmp_path: Path):
    import signal
    import time

    pid_file = tmp_path / "pid"
    jobs = run_jobs(_big_result_on_nine, range(20), jobs=2, shared=str(pid_file))
    with pytest.raises(parallel.WorkerDied):
        for result in jobs:
            if result == 5:  # the parent has not read item 9 yet: its worker is mid-write
                for _ in range(200):
                    if pid_file.exists() and pid_file.read_text():
                        break
                    time.sleep(0.01)
                time.sleep(0.3)
                os.kill(int(pid_file.read_text()), signal.SIGKILL)


_PRINTING_RUN = """
from milialocale.parallel import run_jobs

def says(_, item):
    print(f"job {item} says hello")
    return item

print("before the workers")  # still buffered here (stdout is a pipe) when they start
assert list(run_jobs(says, range(8), jobs=2)) == list(range(8))
"""


def test_what_jobs_print_arrives_and_nothing_twice():
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(parallel.__file__).parents[1]), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", _PRINTING_RUN], env=env, capture_output=True, text=True,
                          check=True)
    lines = done.stdout.splitlines()
    assert lines.count("before the workers") == 1
    assert sorted(lines) == sorted(["before the workers", *(f"job {item} says hello" for item in range(8))])
