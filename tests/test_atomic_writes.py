"""Nothing lost: a run killed at any moment leaves each file old or new, never half.

Fault injection: `update` and `build` run in a child process whose writes are slowed
down (small chunks, a pause between them), and the child is killed with SIGKILL at
random moments. Every catalog must then parse and hold either its old or its new
bytes; the next run cleans up and finishes the job. Two runs at once are serialized
by a lock, and the second is told so.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from milialocale.cli import main
from milialocale.config import load_config
from milialocale.lock import LockedError, directory_lock
from milialocale.pofiles import parse_po, read_po, write_po
from milialocale.project import extract_project, update_project

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

# Runs a milialocale command with every atomic write slowed down, announcing on stdout
# when the command starts, so that the parent can kill it mid-write.
CHILD = textwrap.dedent("""
    import sys, time
    from milialocale import fsio
    write_all = fsio._write_all

    def slow_write_all(fd, data):
        for start in range(0, len(data), 512):
            write_all(fd, data[start:start + 512])
            time.sleep(0.004)

    fsio._write_all = slow_write_all
    from milialocale.cli import main
    print("start", flush=True)
    main(sys.argv[1:])
""")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def restore(directory: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_child(project: Path, script: Path, *command: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(script), "--config",
                                str(project / "milialocale.toml"), *command],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert process.stdout.readline() == b"start\n"
    return process


@pytest.fixture
def translated(project: Path, monkeypatch) -> Path:
    """The project with four locales, fully translated, and then a changed source, so
    that the next `update` rewrites every catalog."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    toml = project / "milialocale.toml"
    toml.write_text(toml.read_text("utf-8").replace('["es", "ar"]', '["es", "ar", "fr", "de"]'),
                    "utf-8")
    config = load_config(toml)
    extract_project(config)
    update_project(config)
    for path in (project / "locales").rglob("*.po"):
        catalog = read_po(path)
        for entry in catalog:
            entry.msgstr = entry.msgid + " [" + path.parts[-3] + "]"
        write_po(path, catalog)
    source = project / "source" / "milia-in-babies.html"
    source.write_text(source.read_text("utf-8").replace("babies", "infants"), "utf-8")
    extract_project(config)
    return project


def kill_repeatedly(project: Path, directory: str, command: list[str], trials: int,
                    seed: int) -> tuple[dict[str, bytes], dict[str, bytes], list[dict]]:
    """Kill `command` at random moments; return the old and new files and each outcome."""
    script = project / "child.py"
    script.write_text(CHILD, "utf-8")
    target = project / directory
    old = snapshot(target)
    reference = run_child(project, script, *command)
    started = time.monotonic()
    assert reference.wait(timeout=120) == 0, reference.stderr.read().decode()
    duration = time.monotonic() - started
    new = snapshot(target)
    changed = [name for name in new if old.get(name) != new[name]]
    assert len(changed) >= 4, "the run must rewrite several files"
    rng = random.Random(seed)
    outcomes = []
    for _ in range(trials):
        restore(target, old)
        process = run_child(project, script, *command)
        time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        outcomes.append(snapshot(target))
    restore(target, old)
    return old, new, outcomes


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not Path(name).name.startswith(".")}


def test_killing_update_leaves_every_catalog_old_or_new(translated: Path):
    old, new, outcomes = kill_repeatedly(translated, "locales", ["update"], trials=8, seed=7)
    interrupted = 0
    for files in outcomes:
        assert set(visible(files)) == set(new), "no file lost, no stray file visible"
        for name, data in visible(files).items():
            assert data in (old.get(name), new[name]), name
            if name.endswith((".po", ".pot")):
                parse_po(data, name)
        temporaries = set(files) - set(visible(files))
        assert all(Path(t).name.endswith(".tmp") for t in temporaries)
        done = sum(files[name] == new[name] for name in new)
        interrupted += bool(temporaries) or 0 < done < len(new)
    assert interrupted, "no kill landed mid-run: the test did not test anything"


def test_killing_build_leaves_every_page_old_or_new(translated: Path, runner):
    config = ["--config", str(translated / "milialocale.toml")]
    assert runner.invoke(main, [*config, "build", "--force"]).exit_code == 0
    assert runner.invoke(main, [*config, "update"]).exit_code == 0
    for path in (translated / "locales").rglob("*.po"):  # new translations: new pages
        catalog = read_po(path)
        for entry in catalog:
            entry.msgstr, entry.flags = entry.msgid + " (new)", []
        write_po(path, catalog)
    interrupted = 0
    # A build spends much of its time before its first write; on a loaded machine six
    # random kills may all land outside the writes, so more rounds are tried then.
    for seed in (11, 12, 13, 14):
        old, new, outcomes = kill_repeatedly(translated, "site", ["build", "--force"], trials=6,
                                             seed=seed)
        for files in outcomes:
            assert set(visible(files)) <= set(new) | set(old)
            for name, data in visible(files).items():
                assert data in (old.get(name), new.get(name)), name
            changed = {name for name in new if new[name] != old.get(name)}
            done = sum(files.get(name) == new[name] for name in changed)
            interrupted += len(visible(files)) < len(files) or 0 < done < len(changed)
        if interrupted:
            break
    assert interrupted, "no kill landed mid-write: the test did not test anything"


def test_the_next_run_cleans_up_after_a_killed_one(translated: Path, runner):
    script = translated / "child.py"
    script.write_text(CHILD, "utf-8")
    process = run_child(translated, script, "update")
    deadline = time.monotonic() + 60
    while not list((translated / "locales").rglob(".*.tmp")):  # wait until mid-write
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert list((translated / "locales").rglob(".*.tmp"))
    result = runner.invoke(main, ["--config", str(translated / "milialocale.toml"), "update"])
    assert result.exit_code == 0, result.output
    assert not list((translated / "locales").rglob(".*.tmp"))
    for path in (translated / "locales").rglob("*.po"):
        assert any("#| msgid" in line for line in path.read_text("utf-8").splitlines())


def test_a_second_update_is_refused_while_one_runs(translated: Path, runner):
    before = snapshot(translated / "locales")
    with directory_lock(translated / "locales", "update"):
        result = runner.invoke(main, ["--config", str(translated / "milialocale.toml"), "update"])
    assert result.exit_code == 1
    assert result.stderr.startswith("locales: another milialocale update is running")
    assert snapshot(translated / "locales") == before
    # --check writes nothing, so it does not need the lock.
    with directory_lock(translated / "locales", "update"):
        result = runner.invoke(main, ["--config", str(translated / "milialocale.toml"),
                                      "update", "--check"])
    assert result.exit_code == 1 and "would write" in result.stderr


def test_two_updates_started_together_do_not_corrupt_catalogs(translated: Path):
    script = translated / "child.py"
    script.write_text(CHILD, "utf-8")
    first = run_child(translated, script, "update")
    second = run_child(translated, script, "update")
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    assert "another milialocale update is running" in [e for c, e in results if c == 1][0]
    for path in (translated / "locales").rglob("*.po"):
        read_po(path)


def test_a_killed_holder_releases_the_lock(tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from milialocale.lock import directory_lock
        with directory_lock(Path({str(tmp_path)!r}), "update"):
            print("locked", flush=True)
            time.sleep(60)
        """)], stdout=subprocess.PIPE)
    assert holder.stdout.readline() == b"locked\n"
    with pytest.raises(LockedError):
        with directory_lock(tmp_path, "update"):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with directory_lock(tmp_path, "update"):
        pass


def test_a_forked_worker_does_not_keep_the_lock(tmp_path: Path):
    """Worker processes (forked while the lock is held) must not hold it after the parent."""
    read_end, write_end = os.pipe()
    with directory_lock(tmp_path, "update"):
        pid = os.fork()
        if pid == 0:  # the worker: outlives the lock holder for a while
            os.write(write_end, b"started")
            time.sleep(3)
            os._exit(0)
        assert os.read(read_end, 7) == b"started"
    try:
        with directory_lock(tmp_path, "update"):
            pass  # the parent released it, and the worker holds no copy
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_a_batch_writes_every_file_keeping_modes(tmp_path: Path):
    """write_many checks and makes each directory once per batch: files in several
    directories, new and existing, must all land, with the mode an existing file had."""
    from milialocale.fsio import write_many

    (tmp_path / "a").mkdir()
    kept = tmp_path / "a" / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    files = [(tmp_path / "a" / "one.txt", b"1"), (tmp_path / "b" / "c" / "two.txt", b"2"),
             (kept, b"new"), (tmp_path / "b" / "c" / "three.txt", b"3"), (tmp_path / "four.txt", b"4")]
    write_many(files)
    for path, data in files:
        assert path.read_bytes() == data
        assert path.stat().st_mode & 0o777 == (0o600 if path == kept else 0o644)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_batch_refuses_a_directory_that_leads_outside(tmp_path: Path):
    """The confinement check, made once per directory, still applies to every one."""
    from milialocale.errors import MilialocaleError
    from milialocale.fsio import confined_to, write_many

    outside, site = tmp_path / "outside", tmp_path / "site"
    outside.mkdir()
    site.mkdir()
    (site / "fr").symlink_to(outside)
    with confined_to(site), pytest.raises(MilialocaleError, match="refusing to write outside"):
        write_many([(site / "en" / "a.html", b"a"), (site / "fr" / "a.html", b"a")])
    assert not list(outside.iterdir())
    assert not [p for p in site.rglob("*") if p.name.endswith(".tmp")]


def test_a_batch_names_its_temporaries_as_the_lock_cleans_them(tmp_path: Path, monkeypatch):
    """write_many makes its temporary files itself, named as tempfile would: a killed
    run's leftovers are what the next run's lock removes. A relative path without a
    directory lands in the working directory."""
    from milialocale import fsio
    from milialocale.lock import _TEMPORARY, remove_stale_temporaries

    made = []
    create = fsio._create_temporary
    monkeypatch.setattr(fsio, "_create_temporary",
                        lambda directory, name: made.append(create(directory, name)) or made[-1])
    monkeypatch.setattr(fsio, "_flush", lambda *args: None)
    monkeypatch.chdir(tmp_path)
    fsio.write_many([(Path("page.html"), b"a" * 100_000), (tmp_path / "x" / "page.html", b"b")])
    assert Path("page.html").read_bytes() == b"a" * 100_000
    assert [Path(temporary).parent.resolve() for _, temporary in made] == [tmp_path, tmp_path / "x"]
    for _, temporary in made:
        assert _TEMPORARY.match(Path(temporary).name) and Path(temporary).name.startswith(".page.html.")
        Path(temporary).write_bytes(b"left by a killed run")
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(Path(t).resolve() for _, t in made)
