"""Paths: nothing is read from or written to outside the project, whatever a repository holds.

Configured directories, locale codes and document names are validated; `..`, absolute
paths and symbolic links that lead out are refused with a located message, and nothing
is written outside.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from milialocale.cli import main
from milialocale.config import load_config, validate_locale_code
from milialocale.errors import ConfigError, MilialocaleError
from milialocale.fsio import confined_to, write_atomic


def run(project: Path, runner, *args: str):
    return runner.invoke(main, ["--config", str(project / "milialocale.toml"), *args])


def files_under(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*")}


@pytest.mark.parametrize("key, value", [
    ("locales_dir", "../elsewhere"),
    ("output_dir", "/tmp/site"),
    ("source_dir", "source/../../x"),
    ("glossary", "../glossary.tbx"),
    ("output_dir", ""),
])
def test_configured_paths_must_stay_inside(project: Path, key: str, value: str):
    toml = project / "milialocale.toml"
    lines = [line for line in toml.read_text("utf-8").splitlines() if not line.startswith(key)]
    toml.write_text("\n".join(lines + [f'{key} = "{value}"']) + "\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(toml)
    assert info.value.location.line == len(lines) + 1


@pytest.mark.parametrize("key", ["locales_dir", "output_dir", "source_dir"])
def test_a_configured_directory_that_is_a_symlink_out_is_refused(project: Path, tmp_path_factory,
                                                                 key: str):
    outside = tmp_path_factory.mktemp("outside")
    (project / "linked").symlink_to(outside, target_is_directory=True)
    toml = project / "milialocale.toml"
    lines = [line for line in toml.read_text("utf-8").splitlines() if not line.startswith(key)]
    toml.write_text("\n".join(lines + [f'{key} = "linked"']) + "\n", "utf-8")
    with pytest.raises(ConfigError, match="outside the project"):
        load_config(toml)


@pytest.mark.parametrize("code", ["../x", "fr/../../x", "/etc", "fr@euro", "", "en_US.", "fr\x00"])
def test_unsafe_locale_codes_are_refused(code: str):
    with pytest.raises(ConfigError):
        validate_locale_code(code)


@pytest.mark.parametrize("code", ["../x", "fr/../../x", "en_US.", "fr@euro"])
@pytest.mark.parametrize("command", ["init", "update -l", "build -l"])
def test_unsafe_locale_codes_on_the_command_line_write_nothing(project: Path, runner, code: str,
                                                              command: str):
    assert run(project, runner, "extract").exit_code == 0
    before = files_under(project)
    result = run(project, runner, *command.split(), code)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert files_under(project) == before


def test_a_catalog_path_is_never_built_from_an_unsafe_code(project: Path):
    config = load_config(project / "milialocale.toml")
    assert config.catalog_path("pt_BR", "doc") == project / "locales/pt_BR/LC_MESSAGES/doc.po"
    for locale, document in [("../x", "doc"), ("fr", "../doc"), ("fr", "a/b"), ("fr", ".hidden")]:
        with pytest.raises(ConfigError):
            config.catalog_path(locale, document)


def test_a_document_with_an_unsafe_name_is_refused(project: Path, runner):
    (project / "source" / "-rf.html").write_text("<p>x</p>", "utf-8")
    result = run(project, runner, "extract")
    assert result.exit_code == 2 and "invalid document name '-rf'" in result.stderr
    assert not list((project / "locales").rglob("*.pot"))


def test_a_source_document_linking_outside_is_not_read(project: Path, runner, tmp_path_factory):
    secret = tmp_path_factory.mktemp("home") / "secret.html"
    secret.write_text("<p>the private key</p>", "utf-8")
    (project / "source" / "leak.html").symlink_to(secret)
    result = run(project, runner, "extract")
    assert result.exit_code == 1
    assert result.stderr.startswith("source/leak.html: a symbolic link to a file outside")
    assert not any("private key" in p.read_text("utf-8") for p in project.rglob("*.pot"))


def test_an_asset_linking_outside_is_not_published(project: Path, runner, tmp_path_factory):
    secret = tmp_path_factory.mktemp("home") / "id_rsa"
    secret.write_text("PRIVATE KEY", "utf-8")
    (project / "source" / "images").mkdir(exist_ok=True)
    (project / "source" / "images" / "logo.png").symlink_to(secret)
    assert run(project, runner, "extract").exit_code == 0
    assert run(project, runner, "update").exit_code == 0
    result = run(project, runner, "build", "--force")
    assert result.exit_code == 1
    assert "source/images/logo.png: a symbolic link to a file outside the project" in result.stderr
    assert not any("PRIVATE KEY" in p.read_text("utf-8", "replace")
                   for p in (project / "site").rglob("*") if p.is_file())


@pytest.mark.parametrize("link", ["site/es", "locales/es/LC_MESSAGES"])
def test_a_symlink_inside_an_output_directory_cannot_lead_writes_out(project: Path, runner,
                                                                     tmp_path_factory, link: str):
    outside = tmp_path_factory.mktemp("victim")
    assert run(project, runner, "extract").exit_code == 0
    path = project / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside, target_is_directory=True)
    command = ["build", "--force"] if link.startswith("site") else ["update"]
    result = run(project, runner, *command)
    assert result.exit_code == 1
    assert "refusing to write outside" in result.stderr and "Traceback" not in result.output
    assert list(outside.iterdir()) == []


def test_the_output_directory_itself_linking_out_is_refused(project: Path, runner, tmp_path_factory):
    outside = tmp_path_factory.mktemp("victim")
    assert run(project, runner, "extract").exit_code == 0
    assert run(project, runner, "update").exit_code == 0
    (project / "site").symlink_to(outside, target_is_directory=True)
    # Created after the configuration was checked, so the build itself must refuse it.
    result = run(project, runner, "build", "--force")
    assert result.exit_code in (1, 2)
    assert "outside the project" in result.stderr
    assert list(outside.iterdir()) == []


def test_confinement_allows_inside_and_refuses_outside(tmp_path: Path):
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (inside / "link").symlink_to(outside, target_is_directory=True)
    with confined_to(inside):
        write_atomic(inside / "a" / "b.txt", b"ok")
        with pytest.raises(MilialocaleError, match="refusing to write outside"):
            write_atomic(inside / "link" / "x.txt", b"no")
        with pytest.raises(MilialocaleError):
            write_atomic(inside / ".." / "outside" / "y.txt", b"no")
    assert (inside / "a" / "b.txt").read_bytes() == b"ok"
    assert os.listdir(outside) == []
    write_atomic(outside / "free.txt", b"outside a confined block, anything goes")


def test_resolving_a_path_once_per_directory_agrees_with_resolve(tmp_path: Path):
    """config._resolved looks only at the last component of a path whose directory it
    resolved before; links anywhere, missing files and '..' must come out as resolve()."""
    from milialocale.config import _resolved

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "file.po").write_text("x", "utf-8")
    (tmp_path / "outside.po").write_text("x", "utf-8")
    (tmp_path / "dirlink").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "sub" / "filelink.po").symlink_to(tmp_path / "outside.po")
    (tmp_path / "real" / "sub" / "chain.po").symlink_to(tmp_path / "dirlink" / "sub" / "filelink.po")
    (tmp_path / "real" / "sub" / "dangling.po").symlink_to(tmp_path / "nowhere" / "x.po")
    for relative in ("real/sub/file.po", "dirlink/sub/file.po", "real/sub/filelink.po",
                     "dirlink/sub/chain.po", "real/sub/dangling.po", "real/sub/missing.po",
                     "real/sub/../sub/file.po", "dirlink/../outside.po", "real/./sub/file.po",
                     "missing/dir/file.po"):
        path = tmp_path / relative
        assert _resolved(path) == path.resolve(), relative


def test_listing_documents_agrees_with_glob_and_relative_with_relative_to(tmp_path: Path):
    """Config.documents scans the directory once and compares strings; it must list what
    `sorted(glob("*.html"))` lists (files only, hidden ones too, case-sensitive suffix,
    links inside the project followed) and `relative` must say what `relative_to` says."""
    (tmp_path / "milialocale.toml").write_text('locales = ["fr"]\n', "utf-8")
    source = tmp_path / "source"
    (source / "folder.html").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "kept.html").write_text("<p>x</p>", "utf-8")
    for name in ("b.html", "a.html", ".hidden.html", "Z.html", "upper.HTML", "notes.txt", "a.html.bak"):
        (source / name).write_text("<p>x</p>", "utf-8")
    (source / "linked.html").symlink_to(tmp_path / "elsewhere" / "kept.html")
    (source / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    config = load_config(tmp_path / "milialocale.toml")
    expected = sorted(p for p in source.glob("*.html") if p.is_file())
    assert config.documents() == expected
    assert [p.name for p in expected] == [".hidden.html", "Z.html", "a.html", "b.html", "linked.html"]
    (source / ".html").write_text("<p>x</p>", "utf-8")  # a dot file: its stem is its name
    assert config.document_names() == [p.stem for p in config.documents()]
    assert ".html" in config.document_names()
    for path in [*expected, source, tmp_path, tmp_path / "locales" / "fr" / "x.po", tmp_path / "elsewhere"]:
        assert config.relative(path) == path.resolve().relative_to(tmp_path.resolve()).as_posix()
    outside = tmp_path.parent / "not-in-project.txt"
    assert config.relative(outside) == str(outside)


def test_an_unreadable_source_directory_is_a_located_error(tmp_path: Path, monkeypatch):
    """Not "no documents": the listing's own error, at the directory (simulated, since
    tests may run as root, whom file modes do not stop)."""
    from milialocale import config as config_module

    (tmp_path / "milialocale.toml").write_text('locales = ["fr"]\n', "utf-8")
    (tmp_path / "source").mkdir()
    config = load_config(tmp_path / "milialocale.toml")

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(config_module.os, "scandir", refuse)
    with pytest.raises(MilialocaleError) as info:
        config.documents()
    assert str(info.value) == "source: cannot read: Permission denied"
