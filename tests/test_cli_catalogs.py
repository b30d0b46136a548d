"""`extract`, `init`, `update`: files written, idempotence, --check, errors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import ARTICLE, require_tool
from milialocale.cli import main


def invoke(runner, project: Path, *args: str):
    return runner.invoke(main, ["--config", str(project / "milialocale.toml"), *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.po*"))}


def test_extract_and_update_write_catalogs_for_every_locale(runner, project):
    assert invoke(runner, project, "extract").exit_code == 0
    assert invoke(runner, project, "update").exit_code == 0
    for locale in ("es", "ar"):
        po = polib.pofile(str(project / "locales" / locale / "LC_MESSAGES" / "milia-in-babies.po"))
        assert po.metadata["Language"] == locale
        assert po.metadata["Plural-Forms"].startswith("nplurals=")
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    ar = polib.pofile(str(project / "locales/ar/LC_MESSAGES/milia-in-babies.po"))
    assert ar.metadata["Plural-Forms"].startswith("nplurals=6;")


def test_entries_carry_references_element_and_section(runner, project):
    invoke(runner, project, "extract")
    pot = polib.pofile(str(project / "locales" / "milia-in-babies.pot"))
    entry = pot.find("Milia classification")
    assert entry.occurrences == [("source/milia-in-babies.html", "30")]
    assert "element: h2" in entry.comment
    assert "section: Milia in Babies: What You Should Know" in entry.comment
    title = pot.find("Milia in Babies: What You Should Know")
    assert len(title.occurrences) == 3  # <title>, og:title and <h1> share one entry


def test_running_twice_changes_nothing(runner, project):
    invoke(runner, project, "extract")
    invoke(runner, project, "update")
    before = snapshot(project)
    second = invoke(runner, project, "extract")
    third = invoke(runner, project, "update")
    assert second.output == third.output == ""
    assert snapshot(project) == before


def test_check_mode_writes_nothing_and_fails_when_stale(runner, project):
    result = invoke(runner, project, "extract", "--check")
    assert result.exit_code == 1 and "would write" in result.stderr
    assert not (project / "locales").exists()
    invoke(runner, project, "extract")
    invoke(runner, project, "update")
    assert invoke(runner, project, "extract", "--check").exit_code == 0
    assert invoke(runner, project, "update", "--check").exit_code == 0
    page = project / "source" / "milia-in-babies.html"
    page.write_text(page.read_text("utf-8").replace("Milia classification", "Classification of milia"), "utf-8")
    assert invoke(runner, project, "extract", "--check").exit_code == 1


TRANSLATION = "Clasificación de los milia"


def _translate_one_entry(runner, project: Path) -> Path:
    """Extract, update, and translate "Milia classification" in the es catalog (its path)."""
    invoke(runner, project, "extract")
    invoke(runner, project, "update")
    path = project / "locales/es/LC_MESSAGES/milia-in-babies.po"
    po = polib.pofile(str(path))
    po.find("Milia classification").msgstr = TRANSLATION
    po.save()
    return path


def test_source_edit_keeps_translation_fuzzy_in_the_file(runner, project):
    path = _translate_one_entry(runner, project)
    page = project / "source" / "milia-in-babies.html"
    page.write_text(page.read_text("utf-8").replace("Milia classification", "Milia classifications"), "utf-8")
    invoke(runner, project, "extract")
    invoke(runner, project, "update", "-l", "es")
    text = path.read_text("utf-8")
    assert '#| msgid "Milia classification"\nmsgid "Milia classifications"\nmsgstr "Clasificación de los milia"' in text
    assert "#, fuzzy" in text


def test_every_written_file_passes_msgfmt_check_and_msgcat(runner, project):
    msgfmt, msgcat = require_tool("msgfmt"), require_tool("msgcat")
    invoke(runner, project, "extract")
    invoke(runner, project, "update")
    files = sorted(project.rglob("*.po")) + sorted(project.rglob("*.pot"))
    assert len(files) == 3
    for path in files:
        subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)
        assert subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout == path.read_bytes()


def test_init_creates_a_new_locale(runner, project):
    invoke(runner, project, "extract")
    result = invoke(runner, project, "init", "it")
    assert result.exit_code == 0
    assert (project / "locales/it/LC_MESSAGES/milia-in-babies.po").exists()
    assert "add 'it'" in result.stderr


def test_unknown_locale_is_a_usage_error(runner, project):
    invoke(runner, project, "extract")
    result = invoke(runner, project, "update", "-l", "xx_INVALID")
    assert result.exit_code == 2


def test_unknown_config_key_is_located(runner, project):
    config = project / "milialocale.toml"
    config.write_text(config.read_text() + 'colour = "blue"\n')
    result = invoke(runner, project, "extract")
    assert result.exit_code == 2
    assert re.match(r"^\S+milialocale\.toml:\d+: unknown configuration key 'colour'", result.stderr)


def test_unknown_locale_code_in_config_is_located(runner, project):
    config = project / "milialocale.toml"
    config.write_text(config.read_text().replace('"ar"', '"qq"'))
    result = invoke(runner, project, "extract")
    assert result.exit_code == 2 and "unknown locale code 'qq'" in result.stderr


def test_config_paths_outside_the_project_are_refused(runner, project):
    config = project / "milialocale.toml"
    config.write_text(config.read_text().replace('locales_dir = "locales"', 'locales_dir = "../elsewhere"'))
    assert invoke(runner, project, "extract").exit_code == 2


def test_pyproject_section_is_read(runner, tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.html").write_text("<html><body><p>Hello there</p></body></html>")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.milialocale]\nlocales = ["fr"]\n')
    result = runner.invoke(main, ["--config", str(tmp_path / "pyproject.toml"), "extract"])
    assert result.exit_code == 0 and (tmp_path / "locales" / "a.pot").exists()


def test_file_mode_extracts_any_pages(runner, tmp_path):
    page = tmp_path / "real.html"
    page.write_text("<!DOCTYPE html><html><head><script>var x = '<p>no</p>';</script></head><body>"
                    "<!-- comment --><table><tr><td>Cell one</td></tr></table>"
                    "<ul><li>Outer<ul><li>Inner</li></ul></li></ul>"
                    "<p>Mixed <span lang='fr'>bonjour</span> words</p></body></html>")
    out = tmp_path / "out.pot"
    result = runner.invoke(main, ["extract", str(page), str(ARTICLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ids = [e.msgid for e in polib.pofile(str(out))]
    assert ids[:4] == ["Cell one", "Outer", "Inner", "Mixed <span>bonjour</span> words"]
    assert "Milia classification" in ids


def test_file_mode_needs_output(runner, tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<p>x</p>")
    assert runner.invoke(main, ["extract", str(page)]).exit_code == 2


def test_broken_po_is_reported_with_its_line(runner, project):
    invoke(runner, project, "extract")
    invoke(runner, project, "update")
    path = project / "locales/es/LC_MESSAGES/milia-in-babies.po"
    original = path.read_bytes()
    path.write_text(path.read_text("utf-8").replace('msgid "Burns"', 'msgid "Burns"\nthis is not PO syntax'), "utf-8")
    broken = path.read_bytes()
    result = invoke(runner, project, "update")
    assert result.exit_code == 1
    assert re.match(r"^locales/es/LC_MESSAGES/milia-in-babies\.po:\d+: ", result.stderr)
    assert "Traceback" not in result.output
    assert path.read_bytes() == broken != original


@pytest.mark.parametrize("command", ["extract", "init", "update"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def _save_as_windows_1252(path: Path) -> None:
    """What an editor set to a legacy charset does: the header says so, the bytes follow."""
    text = path.read_text("utf-8").replace("charset=UTF-8", "charset=CP1252", 1)
    path.write_bytes(text.encode("cp1252"))


def test_files_saved_in_another_charset_are_read_and_rewritten_in_utf8(runner, project):
    """A catalog or template whose header declares a legacy charset (and whose bytes are
    in it) is read, not refused: check calls the template stale, extract and update
    rewrite both in UTF-8 and keep the translation, and a second run changes nothing."""
    catalog = _translate_one_entry(runner, project)
    template = project / "locales/milia-in-babies.pot"
    _save_as_windows_1252(template)
    _save_as_windows_1252(catalog)
    assert b"\xf3" in catalog.read_bytes()  # the ó, in CP1252

    checked = invoke(runner, project, "check", "-l", "es")
    assert "locales/milia-in-babies.pot: error: template out of date with its source" in checked.output
    assert "cannot read" not in checked.output and "Traceback" not in checked.output
    extracted = invoke(runner, project, "extract")
    updated = invoke(runner, project, "update")
    assert extracted.exit_code == updated.exit_code == 0
    assert "locales/milia-in-babies.pot: wrote" in extracted.output
    assert "locales/es/LC_MESSAGES/milia-in-babies.po: wrote" in updated.output
    for path in (template, catalog):
        path.read_bytes().decode("utf-8")  # UTF-8 again
        assert polib.pofile(str(path)).metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert polib.pofile(str(catalog)).find("Milia classification").msgstr == TRANSLATION
    before = snapshot(project)
    assert invoke(runner, project, "extract").output == invoke(runner, project, "update").output == ""
    assert snapshot(project) == before
