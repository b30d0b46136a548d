"""The build lists each output and catalog directory once (`build._Displays`) instead of
looking at every file: what it shows and finds must be what `Config.relative` and
`Path.exists` say of each file, symbolic links included, and a build over pages that
are there, missing or links must report the same changes as a file-by-file look."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from milialocale import build as build_module
from milialocale.build import BuildOptions, build_project
from milialocale.config import load_config


@pytest.fixture
def tree(project: Path, tmp_path_factory) -> Path:
    """A directory in the project holding a file, links (inside, outside, broken, to a
    directory) and a directory; a file outside the project."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "far.po").write_text("far", "utf-8")
    folder = project / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "plain.po").write_text("plain", "utf-8")
    (project / "elsewhere.po").write_text("inside", "utf-8")
    os.symlink(project / "elsewhere.po", folder / "inside.po")
    os.symlink(outside / "far.po", folder / "outside.po")
    os.symlink(project / "nothing.po", folder / "broken.po")
    os.symlink(project / "source", folder / "folder.po")
    (folder / "directory.po").mkdir()
    return folder


NAMES = ["plain.po", "inside.po", "outside.po", "broken.po", "folder.po", "directory.po", "missing.po"]


def test_displays_and_existence_are_those_of_each_file(project: Path, tree: Path):
    config = load_config(project / "milialocale.toml")
    displays = build_module._Displays(config)
    for name in NAMES:
        path = tree / name
        assert displays(path) == config.relative(path), name
        assert displays.exists(path) == path.exists(), name
    missing = project / "site" / "fr" / "page.html"  # a directory not made yet
    assert displays(missing) == config.relative(missing)
    assert not displays.exists(missing)


def test_displays_outside_the_project_are_the_paths_given(project: Path, tmp_path_factory):
    config = load_config(project / "milialocale.toml")
    output = tmp_path_factory.mktemp("public")
    (output / "es").mkdir()
    (output / "es" / "page.html").write_text("", "utf-8")
    displays = build_module._Displays(config)
    for path in (output / "es" / "page.html", output / "es" / "new.html"):
        assert displays(path) == config.relative(path) == str(path)


def _relative_file_by_file(monkeypatch):
    """The build as it was: every output looked at on its own."""
    monkeypatch.setattr(build_module._Displays, "__call__",
                        lambda self, path: self.config.relative(path))
    real = build_module._compare
    monkeypatch.setattr(build_module, "_compare",
                        lambda path, text, listing: real(path, text, {path.name: False}))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_over_present_missing_and_linked_pages_reports_as_a_file_by_file_look(
        project: Path, tmp_path_factory, monkeypatch, runner, jobs):
    from milialocale.cli import main

    config_path = project / "milialocale.toml"
    assert runner.invoke(main, ["--config", str(config_path), "extract", "-q"]).exit_code == 0
    assert runner.invoke(main, ["--config", str(config_path), "update", "-q"]).exit_code == 0
    config = load_config(config_path)
    first = build_project(config, BuildOptions(jobs=jobs, force=True))
    assert first.changes and all(change.created for change in first.changes)
    stem = config.documents()[0].stem
    site = project / "site"
    (site / "es" / f"{stem}.txt").unlink()                               # missing
    (site / "es" / f"{stem}.html").write_text("edited", "utf-8")       # changed
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "kept.html"
    elsewhere.write_text("kept", "utf-8")
    (site / "ar" / f"{stem}.html").unlink()
    os.symlink(elsewhere, site / "ar" / f"{stem}.html")                # a link out
    (site / "ar" / f"{stem}.txt").unlink()
    os.symlink(site / "es" / f"{stem}.html", site / "ar" / f"{stem}.txt")  # a link in
    before = project / "before"
    shutil.copytree(site, before, symlinks=True)
    listed = build_project(config, BuildOptions(jobs=jobs, force=True))
    built = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    shutil.rmtree(site)
    shutil.copytree(before, site, symlinks=True)
    _relative_file_by_file(monkeypatch)
    looked = build_project(config, BuildOptions(jobs=jobs, force=True))
    assert listed.changes == looked.changes and listed.pages == looked.pages
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == built
    created = {change.path: change.created for change in listed.changes}
    assert created[f"site/es/{stem}.txt"] and not created[f"site/es/{stem}.html"]
    assert not (site / "ar" / f"{stem}.html").is_symlink()  # replaced, not written through


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_directory_that_cannot_be_listed_is_looked_at_file_by_file(
        project: Path, monkeypatch, runner, jobs):
    """A directory one may enter but not read (mode 0311) is not empty: its catalogs
    exist and its pages are compared with what the build makes, as before listings."""
    from milialocale.cli import main

    config_path = project / "milialocale.toml"
    assert runner.invoke(main, ["--config", str(config_path), "extract", "-q"]).exit_code == 0
    assert runner.invoke(main, ["--config", str(config_path), "update", "-q"]).exit_code == 0
    config = load_config(config_path)
    first = build_project(config, BuildOptions(jobs=jobs, force=True))
    site = project / "site"
    built = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    stem = config.documents()[0].stem
    (site / "es" / f"{stem}.html").write_text("edited", "utf-8")
    unreadable = {project / "locales" / "es" / "LC_MESSAGES", site / "es"}
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) in unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(build_module.os, "scandir", scandir)
    again = build_project(config, BuildOptions(jobs=jobs, force=True))
    assert [(c.path, c.created) for c in again.changes] == [(f"site/es/{stem}.html", False)]
    assert again.pages == first.pages
    displays = build_module._Displays(config)
    for path in (project / "locales" / "es" / "LC_MESSAGES" / f"{stem}.po", site / "es" / "absent.html"):
        assert displays(path) == config.relative(path)
        assert displays.exists(path) == path.exists()
    monkeypatch.undo()  # (the patch is os.scandir itself, which rglob uses)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == built
