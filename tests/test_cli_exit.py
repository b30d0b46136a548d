"""`python -m milialocale` ends its process without the interpreter's teardown
(`cli.run`): what it prints, its exit status and what runs at exit must be what the
ordinary way out gives."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from milialocale.cli import main

SRC = Path(__file__).resolve().parent.parent / "src"
PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "One two"\nmsgstr "Un deux"\n'


def python(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_output_and_status_are_those_of_the_command(tmp_path: Path):
    (tmp_path / "fr.po").write_text(PO, "utf-8")
    (tmp_path / "bad.po").write_text('msgid "x\n', "utf-8")
    expected = CliRunner().invoke(main, ["stats", str(tmp_path / "fr.po")], catch_exceptions=False)
    done = python("-m", "milialocale", "stats", str(tmp_path / "fr.po"), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.output, "")
    done = python("-m", "milialocale", "stats", "bad.po", cwd=tmp_path)  # an error: status 1
    assert done.returncode == 1 and done.stdout == "" and done.stderr.startswith("bad.po:")
    done = python("-m", "milialocale", "stats", "--format", "xml", "fr.po", cwd=tmp_path)  # usage: 2
    assert done.returncode == 2 and "Invalid value for '--format'" in done.stderr


_AT_EXIT = """
import atexit, sys, threading, time
import click
from milialocale.cli import run

@click.command()
@click.argument("mode")
def command(mode):
    print("buffered", end="")  # (no newline: still in the buffer when the command ends)
    atexit.register(lambda: print(" then at exit", end=""))
    if mode == "thread":
        threading.Thread(target=lambda: (time.sleep(0.2), print(" and the thread", end=""))).start()
    if mode == "message":
        sys.exit("a message")
    sys.exit(3)

run(command)
"""


def test_what_is_left_at_exit_still_runs_once(tmp_path: Path):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(_AT_EXIT), "utf-8")
    done = python(str(script), "plain", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (3, "buffered then at exit", "")
    done = python(str(script), "thread", cwd=tmp_path)  # the ordinary way: it waits for the thread
    assert (done.returncode, done.stdout) == (3, "buffered and the thread then at exit")
    done = python(str(script), "message", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "buffered then at exit", "a message\n")


def test_a_profiler_still_reports_at_exit(tmp_path: Path):
    done = python("-m", "cProfile", "-m", "milialocale", "--version", cwd=tmp_path)
    assert done.returncode == 0 and "milialocale, version" in done.stdout
    assert "function calls" in done.stdout  # (printed by cProfile once the program has ended)


def test_the_installed_command_takes_the_same_way_out():
    """The `milialocale` script and `python -m milialocale` both end through `cli.run`."""
    import tomllib

    import milialocale.__main__ as as_module

    project = tomllib.loads((SRC.parent / "pyproject.toml").read_text("utf-8"))
    module, _, name = project["project"]["scripts"]["milialocale"].partition(":")
    script = getattr(__import__(module, fromlist=[name]), name)
    assert script is as_module.run
