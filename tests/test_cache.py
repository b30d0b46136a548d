"""The incremental cache: unchanged work is skipped, changed work never is.

`build` and `check` record a digest of each page's and catalog's inputs in
.milialocale-cache/; these tests count what a second run reuses (never timings) and
compare its results with a run that ignores the cache.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from milialocale.build import BuildOptions, build_project
from milialocale.cache import DIRECTORY, Cache, digest
from milialocale.cli import main
from milialocale.config import load_config
from milialocale.qa import check_project
from test_parallel import DOCUMENTS, LOCALES, translate_first_entries, write_project


def run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--config", str(root / "milialocale.toml"), *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "site")
    run(root, "extract", "-q")
    run(root, "update", "-q")
    translate_first_entries(root)
    return root


def build(root: Path, **options):
    return build_project(load_config(root / "milialocale.toml"), BuildOptions(cache=True, **options))


PAGES = (len(LOCALES) + 1) * len(DOCUMENTS) * 2  # every locale and the source, HTML and text


def test_a_second_build_with_nothing_changed_rebuilds_nothing(project: Path):
    first = build(project)
    assert first.reused == () and len(first.pages) == PAGES
    second = build(project)
    assert second.changes == ()
    assert sorted(second.reused) == sorted(second.pages) == sorted(first.pages)
    assert second.findings == first.findings


def test_changing_one_catalog_rebuilds_only_that_locale(project: Path):
    build(project)
    po = project / "locales" / "es" / "LC_MESSAGES" / "bravo.po"
    po.write_text(po.read_text("utf-8").replace("MILIA CLASSIFICATION", "CLASIFICACIÓN"), "utf-8")
    result = build(project)
    rebuilt = sorted(set(result.pages) - set(result.reused))
    assert rebuilt == ["site/es/bravo.html", "site/es/bravo.txt"]
    # (The status page changes too: "bravo" now translates the heading unlike the others.)
    assert [c.path for c in result.changes] == ["site/es/bravo.txt", "site/es/bravo.html", "site/status.html"]
    assert "CLASIFICACIÓN" in (project / "site" / "es" / "bravo.html").read_text("utf-8")


def test_a_changed_source_page_rebuilds_it_in_every_locale(project: Path):
    build(project)
    page = project / "source" / "delta.html"
    page.write_text(page.read_text("utf-8").replace("<footer>", "<footer><!-- edited -->"), "utf-8")
    result = build(project)
    rebuilt = {Path(p).stem for p in set(result.pages) - set(result.reused)}
    assert rebuilt == {"delta"}
    assert len(set(result.pages) - set(result.reused)) == 2 * (len(LOCALES) + 1)


def test_an_output_edited_or_deleted_by_hand_is_rebuilt(project: Path):
    build(project)
    (project / "site" / "ar" / "echo.txt").write_text("tampered", "utf-8")
    (project / "site" / "zh-Hans" / "alpha.html").unlink()
    result = build(project)
    assert sorted(c.path for c in result.changes) == ["site/ar/echo.txt", "site/zh-Hans/alpha.html"]
    rebuilt = set(result.pages) - set(result.reused)  # a page is rebuilt in both formats
    assert rebuilt == {"site/ar/echo.txt", "site/ar/echo.html", "site/zh-Hans/alpha.html",
                       "site/zh-Hans/alpha.txt"}


def test_other_options_are_other_inputs(project: Path):
    build(project)
    assert build(project, wrap=60).reused == ()
    assert build(project, use_fuzzy=True).reused == ()


def test_without_the_cache_everything_is_rebuilt(project: Path):
    build(project)
    result = build_project(load_config(project / "milialocale.toml"), BuildOptions(cache=False))
    assert result.reused == () and result.changes == ()
    run(project, "build", "-q")
    record = (project / DIRECTORY / "build.json").read_bytes()
    run(project, "build", "-q", "--no-cache")
    assert (project / DIRECTORY / "build.json").read_bytes() == record  # neither read nor written


def test_a_damaged_cache_is_ignored(project: Path):
    build(project)
    (project / DIRECTORY / "build.json").write_text("{not json", "utf-8")
    assert build(project).reused == ()
    assert len(build(project).reused) == PAGES


def test_check_reports_the_same_from_the_cache(project: Path):
    """Findings of every kind, the cross-document one included, survive the cache."""
    po = project / "locales" / "ar" / "LC_MESSAGES" / "charlie.po"
    text = po.read_text("utf-8")
    text = text.replace('msgstr "MILIA CLASSIFICATION"', 'msgstr "MILIA 40 CLASSIFICATION"')
    po.write_text(text, "utf-8")
    (project / "locales" / "es" / "LC_MESSAGES" / "echo.po").write_text('msgid "x"\nmsgstr "y', "utf-8")
    config = load_config(project / "milialocale.toml")
    fresh = check_project(config, cache=False)
    codes = {f.code for f in fresh.findings}
    assert {"inconsistent", "numbers", "po-syntax"} <= codes, codes
    first = check_project(config, cache=True)
    second = check_project(config, cache=True)
    assert fresh == first == second
    records = json.loads((project / DIRECTORY / "check.json").read_text("utf-8"))["records"]
    assert len(records) == len(DOCUMENTS) * (len(LOCALES) + 1)


def test_check_sees_a_changed_catalog_and_other_settings(project: Path):
    config = load_config(project / "milialocale.toml")
    assert check_project(config, cache=True).errors == 0
    po = project / "locales" / "es" / "LC_MESSAGES" / "alpha.po"
    po.write_text(po.read_text("utf-8").replace('"MILIA CLASSIFICATION"', '"MILIA 7 CLASSIFICATION"'), "utf-8")
    report = check_project(config, cache=True)
    assert "numbers" in [f.code for f in report.findings if f.location.path.endswith("es/LC_MESSAGES/alpha.po")]
    assert report == check_project(config)
    assert check_project(config, strict=True, cache=True) == check_project(config, strict=True)


def test_the_cache_never_writes_through_a_symbolic_link(project: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(project / DIRECTORY)  # (update made it)
    (project / DIRECTORY).symlink_to(elsewhere)
    build(project)
    check_project(load_config(project / "milialocale.toml"), cache=True)
    assert list(elsewhere.iterdir()) == []


def test_digests_separate_their_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(None) != digest("") == digest(b"")
    cache = Cache(None)
    cache.put("k", "i", 1)
    assert cache.get("k", "i") is None and not cache.enabled


def test_the_cache_directory_is_ignored_by_git():
    root = Path(__file__).resolve().parent.parent
    assert re.search(rf"^/?{re.escape(DIRECTORY)}/?$", (root / ".gitignore").read_text("utf-8"), re.M)


def test_update_with_the_cache_writes_what_update_without_it_writes(project: Path, tmp_path: Path):
    """Entries copied from the last update's output are exactly those it would write."""
    from milialocale.project import extract_project, update_project

    config = load_config(project / "milialocale.toml")
    update_project(config, cache=True)  # records the layout of every catalog
    page = project / "source" / "alpha.html"
    page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
    extract_project(config)
    # A translator's tool rewraps one catalog: its layout is not ours any more.
    po = project / "locales" / "ar" / "LC_MESSAGES" / "bravo.po"
    po.write_text(po.read_text("utf-8").replace('msgstr ""\n"', 'msgstr "" "'), "utf-8")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    shutil.rmtree(twin / DIRECTORY)
    cached = update_project(config, cache=True)
    fresh = update_project(load_config(twin / "milialocale.toml"), cache=False)
    assert cached == fresh and len(cached) == len(LOCALES) + 1
    for path in sorted((project / "locales").rglob("*.po")):
        assert path.read_bytes() == (twin / path.relative_to(project)).read_bytes(), path


def test_update_wraps_again_only_the_entries_that_changed(project: Path, monkeypatch):
    from milialocale import poformat
    from milialocale.project import extract_project, update_project

    config = load_config(project / "milialocale.toml")
    update_project(config, cache=True)
    page = project / "source" / "alpha.html"
    page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
    extract_project(config)
    wrapped = []
    original = poformat._entry_lines
    monkeypatch.setattr(poformat, "_entry_lines", lambda entry, prefix: (wrapped.append(entry.msgid),
                                                                        original(entry, prefix))[1])
    update_project(config, cache=True)
    # In each locale, only the edited unit (its old text had no translation to keep).
    assert wrapped == [msgid for msgid in wrapped if msgid.endswith("which happens with aging.")]
    assert len(wrapped) == len(LOCALES)


def _extracted(monkeypatch) -> list[str]:
    """The documents `extract` segments from now on (counted, never timed; with more
    than one job, only when they run in this process: pass -j 1)."""
    from milialocale import project as project_module

    seen: list[str] = []
    original = project_module.extract_document
    monkeypatch.setattr(project_module, "extract_document",
                        lambda config, source: (seen.append(source.stem), original(config, source))[1])
    return seen


def test_extract_skips_documents_whose_page_and_template_are_unchanged(project: Path, monkeypatch):
    seen = _extracted(monkeypatch)
    run(project, "extract", "-q", "-j", "1")  # the fixture's extract recorded every document
    assert seen == []
    page = project / "source" / "alpha.html"
    page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
    run(project, "extract", "-q", "-j", "1")
    assert seen == ["alpha"]
    assert "with aging" in (project / "locales" / "alpha.pot").read_text("utf-8")
    run(project, "extract", "-q", "-j", "1")
    assert seen == ["alpha"]  # what it wrote was recorded


def test_extract_repairs_a_template_edited_by_hand_and_no_cache_extracts_all(project: Path, monkeypatch):
    pot = project / "locales" / "bravo.pot"
    good = pot.read_bytes()
    pot.write_bytes(good.replace(b"Milia", b"Mxlia", 1))
    seen = _extracted(monkeypatch)
    run(project, "extract", "-q", "-j", "1")
    assert seen == ["bravo"] and pot.read_bytes() == good
    run(project, "extract", "-q", "--no-cache", "-j", "1")  # counted in this process
    assert sorted(seen[1:]) == sorted(DOCUMENTS)


def test_extract_check_writes_no_cache(project: Path):
    shutil.rmtree(project / DIRECTORY)
    run(project, "extract", "--check")
    assert not (project / DIRECTORY / "extract.json").exists()


def test_stats_counts_again_only_the_catalogs_whose_bytes_changed(project: Path, monkeypatch):
    from milialocale import stats as stats_module

    config = load_config(project / "milialocale.toml")
    first = stats_module.project_stats(config)
    parsed: list[str] = []
    original = stats_module.count_po_bytes
    monkeypatch.setattr(stats_module, "count_po_bytes", lambda data, name: (parsed.append(name),
                                                                        original(data, name))[1])
    assert stats_module.project_stats(config) == first and parsed == []
    po = project / "locales" / "es" / "LC_MESSAGES" / "bravo.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "MILIA CLASSIFICATION"', 'msgstr ""'), "utf-8")
    after = stats_module.project_stats(config)
    assert parsed == ["locales/es/LC_MESSAGES/bravo.po"]
    assert after == stats_module.project_stats(config, cache=False)
    assert after != first


def test_check_trusts_extract_records_only_for_the_bytes_they_name(project: Path, monkeypatch):
    """A template that the last extract left in step with its page is not extracted again
    to tell whether it is stale; once the page changes, it is, and check fails."""
    from milialocale import qa

    seen: list[str] = []
    original = qa.extract_document
    monkeypatch.setattr(qa, "extract_document",
                        lambda config, source: (seen.append(source.stem), original(config, source))[1])
    (project / DIRECTORY / "check.json").unlink(missing_ok=True)  # (the fixture ran none)
    config = load_config(project / "milialocale.toml")
    clean = check_project(config, cache=True)
    assert seen == [] and not [f for f in clean.findings if f.code == "stale"]
    page = project / "source" / "charlie.html"
    page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
    stale = check_project(config, cache=True)
    assert seen == ["charlie"]
    assert [f.location.path for f in stale.findings if f.code == "stale"] == ["locales/charlie.pot"]
    check_project(config, cache=False)
    assert sorted(seen[1:]) == sorted(DOCUMENTS)


def test_a_page_saved_during_extract_is_extracted_again(project: Path, monkeypatch):
    """The record names the page bytes that were extracted, not those on disk after."""
    from milialocale import project as project_module

    page = project / "source" / "delta.html"
    page.write_text(page.read_text("utf-8").replace("due to aging", "with aging"), "utf-8")
    original = project_module.extract_document

    def extract_then_save(config, source):
        result = original(config, source)
        if source.stem == "delta":  # the author saves again while extract runs
            page.write_text(page.read_text("utf-8").replace("with aging", "as skin ages"), "utf-8")
        return result

    monkeypatch.setattr(project_module, "extract_document", extract_then_save)
    run(project, "extract", "-q", "-j", "1")
    monkeypatch.setattr(project_module, "extract_document", original)
    config = load_config(project / "milialocale.toml")
    stale = [f.location.path for f in check_project(config, cache=True).findings if f.code == "stale"]
    assert "locales/delta.pot" in stale  # (its catalogs too: update has not run)
    run(project, "extract", "-q")
    assert "as skin ages" in (project / "locales" / "delta.pot").read_text("utf-8")


def test_results_of_other_library_versions_are_not_reused(monkeypatch):
    """An upgraded lxml may segment a page differently: the code digest must change."""
    import lxml

    from milialocale import cache as cache_module

    found = cache_module._library_versions()
    assert f"lxml-{lxml.__version__}.dist-info" in found
    cache_module.code_version.cache_clear()
    try:
        before = cache_module.code_version()
        cache_module.code_version.cache_clear()
        monkeypatch.setattr(cache_module, "_library_versions",
                            lambda: [v.replace(lxml.__version__, "99.0") for v in found])
        assert cache_module.code_version() != before
    finally:
        cache_module.code_version.cache_clear()


def test_digests_use_the_blake2b_of_hashlib():
    import hashlib

    from milialocale import cache as cache_module

    assert cache_module.blake2b is hashlib.blake2b
    assert digest(b"abc") == hashlib.blake2b(b"\x03\0\0\0\0\0\0\0abc", digest_size=16).hexdigest()


def test_the_code_digest_lists_the_sources_as_pathlib_sorts_them(tmp_path: Path):
    """Parts, not strings: "a-b/x.py" sorts after "a/b.py" ("a" < "a-b"), though "-" < "/"."""
    from milialocale.cache import _source_files

    for name in ("a/b.py", "a-b/x.py", "a.py", "a/c/d.py", "b.txt", "z.py", "a/__init__.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    expected = [path.relative_to(tmp_path).parts for path in sorted(tmp_path.rglob("*.py"))]
    assert _source_files(str(tmp_path)) == expected
    assert ("a", "b.py") in expected and expected.index(("a", "b.py")) < expected.index(("a-b", "x.py"))


def _fake_package(root: Path) -> Path:
    for name, text in (("__init__.py", "x = 1\n"), ("sub/mod.py", "y = 2\n"), ("notes.txt", "-")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _digest_of_contents(package: Path) -> str:
    """What code_version digests: the parts, then each source's name and bytes."""
    import sys

    from milialocale import __version__
    from milialocale import cache as cache_module

    parts = [__version__, str(cache_module.FORMAT), sys.version, *cache_module._library_versions()]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts)


def test_the_code_digest_is_remembered_and_a_changed_source_misses_the_memo(tmp_path: Path, monkeypatch):
    import os

    from milialocale import cache as cache_module

    package = _fake_package(tmp_path / "package")
    monkeypatch.setattr(cache_module, "SETTLING_NS", 0)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert cache_module._code_version(str(package)) == _digest_of_contents(package)
    [memo] = (package / "__pycache__").glob("code-*")
    memo.write_text("f" * 32)  # a run that finds the memo reads no source
    assert cache_module._code_version(str(package)) == "f" * 32
    # The same size and modification time, new bytes: the change time still tells.
    source = package / "sub" / "mod.py"
    before = source.stat()
    source.write_text("y = 3\n")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache_module._code_version(str(package)) == _digest_of_contents(package) != "f" * 32
    assert [path.name for path in (package / "__pycache__").iterdir()] != [memo.name]  # replaced


def test_a_source_that_may_still_change_is_not_remembered(tmp_path: Path):
    from milialocale import cache as cache_module

    package = _fake_package(tmp_path / "package")  # written just now: not settled
    assert cache_module._code_version(str(package)) == _digest_of_contents(package)
    assert not list(package.rglob("code-*"))


def test_no_memo_is_written_where_bytecode_would_not_be(tmp_path: Path, monkeypatch):
    from milialocale import cache as cache_module

    package = _fake_package(tmp_path / "package")
    monkeypatch.setattr(cache_module, "SETTLING_NS", 0)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # python -B, PYTHONDONTWRITEBYTECODE
    assert cache_module._code_version(str(package)) == _digest_of_contents(package)
    assert not list(package.rglob("code-*"))
