"""`milialocale check` as CI sees it: exit codes 0/1/2, --strict, stale catalogs, file mode."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from milialocale.cli import main

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Milia</title></head>
<body>
<h1>Milia in babies</h1>
<p>Milia measure less than 3 millimeters.</p>
<p>They affect 40% to 50% of newborns. See <a href="https://example.org/study">the study</a>.</p>
</body>
</html>
"""
GOOD = {
    "fr": {
        "Milia": "Milium",
        "Milia in babies": "Les grains de milium chez le bébé",
        "Milia measure less than 3 millimeters.": "Les grains de milium mesurent moins de 3\u00a0millimètres.",
        "They affect 40% to 50% of newborns. See <a>the study</a>.":
            "Ils touchent 40\u202f% à 50\u202f% des nouveau-nés. Voir <a>l’étude</a>.",
    },
    "zh_Hans": {
        "Milia": "粟丘疹",
        "Milia in babies": "婴儿粟丘疹",
        "Milia measure less than 3 millimeters.": "粟丘疹的直径小于3毫米。",
        "They affect 40% to 50% of newborns. See <a>the study</a>.": "40%至50%的新生儿会出现粟丘疹。见<a>该研究</a>。",
    },
}
FINDING = re.compile(r"^\S+:\d+: (error|warning): .+ \[[a-z-]+\]$")


def invoke(runner, project: Path, *args: str):
    return runner.invoke(main, ["--config", str(project / "milialocale.toml"), *args], catch_exceptions=False)


def translate(project: Path, locale: str, changes: dict[str, str], *, fuzzy: tuple[str, ...] = (),
              flags: dict[str, str] | None = None, wrapwidth: int = 79) -> Path:
    """Fill a catalog as a translator's editor would (polib's own layout)."""
    path = project / "locales" / locale / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(path), wrapwidth=wrapwidth)
    for entry in catalog:
        if entry.msgid in changes:
            entry.msgstr = changes[entry.msgid]
        if entry.msgid in fuzzy:
            entry.flags.append("fuzzy")
        if flags and entry.msgid in flags:
            entry.flags.append(flags[entry.msgid])
    catalog.save(str(path))
    return path


@pytest.fixture
def site(tmp_path: Path, runner) -> Path:
    """A small project in French and Chinese, fully and correctly translated."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "page.html").write_text(PAGE, "utf-8")
    (tmp_path / "milialocale.toml").write_text('locales = ["fr", "zh_Hans"]\nmin_completeness = 80\n', "utf-8")
    assert invoke(runner, tmp_path, "extract").exit_code == 0
    assert invoke(runner, tmp_path, "update").exit_code == 0
    for locale, table in GOOD.items():
        translate(tmp_path, locale, table)
    return tmp_path


def test_clean_project_exits_0_and_reports_completeness(runner, site):
    result = invoke(runner, site, "check")
    assert result.exit_code == 0, result.stderr
    assert "fr: 100.0% of words translated (4/4 entries; 0 fuzzy, 0 untranslated); minimum 80%" in result.stderr
    assert result.stderr.rstrip().endswith("0 errors, 0 warnings")


def test_error_finding_exits_1_with_located_sorted_lines(runner, site):
    translate(site, "zh_Hans", {"Milia measure less than 3 millimeters.": "粟丘疹的直径小于30毫米。"})
    translate(site, "fr", {"They affect 40% to 50% of newborns. See <a>the study</a>.":
                           "Ils touchent 40 % à 50 % des nouveau-nés. Voir l’étude."})
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if FINDING.match(line)]
    assert lines == sorted(lines, key=lambda l: (l.split(":")[0], int(l.split(":")[1])))
    assert any("locales/zh_Hans/LC_MESSAGES/page.po:" in l and "[numbers]" in l for l in lines)
    assert any("locales/fr/LC_MESSAGES/page.po:" in l and "missing placeholder <a>" in l for l in lines)


def test_warnings_pass_unless_strict(runner, site):
    translate(site, "fr", {"Milia in babies": "Les grains de milium chez le bébé "})
    relaxed = invoke(runner, site, "check")
    assert relaxed.exit_code == 0 and "warning: trailing whitespace" in relaxed.stderr
    strict = invoke(runner, site, "check", "--strict")
    assert strict.exit_code == 1 and "error: trailing whitespace" in strict.stderr


def test_ignore_flag_and_configured_severity(runner, site):
    source = "Milia measure less than 3 millimeters."
    translate(site, "fr", {source: "Les grains de milium mesurent moins de 0,3 cm."})
    assert invoke(runner, site, "check").exit_code == 1
    translate(site, "fr", {}, flags={source: "ignore-numbers"})
    assert invoke(runner, site, "check").exit_code == 0
    (site / "milialocale.toml").write_text(
        'locales = ["fr", "zh_Hans"]\nchecks = {severity = {whitespace = "error"}}\n', "utf-8")
    translate(site, "zh_Hans", {"Milia": "粟丘疹 "})
    result = invoke(runner, site, "check")
    assert result.exit_code == 1 and "error: trailing whitespace" in result.stderr


def test_untranslated_and_fuzzy_fail_only_under_the_minimum(runner, site):
    translate(site, "fr", {"Milia": ""}, fuzzy=("Milia in babies",))
    result = invoke(runner, site, "check")
    assert result.exit_code == 0  # 16 of 20 source words (80 %): counted, not failed
    assert "(2/4 entries; 1 fuzzy, 1 untranslated)" in result.stderr
    translate(site, "fr", {}, fuzzy=("Milia measure less than 3 millimeters.",
                                      "They affect 40% to 50% of newborns. See <a>the study</a>."))
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert re.search(r"^locales/fr: error: fr is 0\.0% translated .*minimum is 80% \[completeness\]$",
                     result.stderr, re.M)


def test_per_locale_minimum(runner, site):
    (site / "milialocale.toml").write_text(
        'locales = ["fr", "zh_Hans"]\nmin_completeness = {default = 50, zh_Hans = 100}\n', "utf-8")
    translate(site, "zh_Hans", {"Milia": ""})
    result = invoke(runner, site, "check")
    assert result.exit_code == 1 and "[completeness]" in result.stderr and "locales/fr:" not in result.stderr


def test_changed_source_makes_check_fail_until_extract_and_update(runner, site):
    page = site / "source" / "page.html"
    page.write_text(PAGE.replace("less than 3 millimeters", "less than 2 millimeters"), "utf-8")
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert "locales/page.pot: error: template out of date with its source: run `milialocale extract` [stale]" in result.stderr
    invoke(runner, site, "extract")
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert re.search(r"^locales/fr/LC_MESSAGES/page\.po: error: out of date with locales/page\.pot: "
                     r"run `milialocale update` \[stale\]$", result.stderr, re.M)
    invoke(runner, site, "update")
    result = invoke(runner, site, "check")
    assert "[stale]" not in result.stderr  # the changed entry is now fuzzy, not stale


def test_layout_changes_by_editors_are_not_stale(runner, site):
    translate(site, "fr", {}, wrapwidth=30)  # an editor that wraps lines elsewhere
    result = invoke(runner, site, "check")
    assert result.exit_code == 0, result.stderr


def test_missing_template_is_stale_once(runner, site):
    (site / "locales" / "page.pot").unlink()
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert result.stderr.count("[stale]") == 1
    assert "locales/page.pot: error: no template: run `milialocale extract` [stale]" in result.stderr


def test_missing_catalog_is_stale(runner, site):
    (site / "locales" / "zh_Hans" / "LC_MESSAGES" / "page.po").unlink()
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert "locales/zh_Hans/LC_MESSAGES/page.po: error: no catalog: run `milialocale update` [stale]" in result.stderr


def test_locale_option_limits_the_run(runner, site):
    translate(site, "zh_Hans", {"Milia measure less than 3 millimeters.": "粟丘疹的直径小于30毫米。"})
    assert invoke(runner, site, "check", "-l", "fr").exit_code == 0
    assert invoke(runner, site, "check", "-l", "zh_Hans").exit_code == 1


def test_malformed_po_is_a_located_error(runner, site):
    path = site / "locales" / "fr" / "LC_MESSAGES" / "page.po"
    path.write_text(path.read_text("utf-8") + '\nmsgid "x"\nmsgstr "y\n', "utf-8")
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert re.search(r"^locales/fr/LC_MESSAGES/page\.po:\d+: error: .* \[po-syntax\]$", result.stderr, re.M)


@pytest.mark.parametrize("args, config", [
    (("-l", "it"), None),
    (("--format", "xml"), None),
    (("--glossary", "milialocale.toml"), None),
    ((), 'locales = ["fr"]\nchecks = {disable = ["nombres"]}\n'),
    ((), 'locales = ["fr"]\nchecks = {severity = {numbers = "fatal"}}\n'),
    ((), 'locales = ["fr"]\nchecks = ["numbers"]\n'),
    ((), 'locales = ["fr"]\nlocals = ["de"]\n'),
])
def test_usage_and_configuration_errors_exit_2(runner, site, args, config):
    if config is not None:
        (site / "milialocale.toml").write_text(config, "utf-8")
    result = invoke(runner, site, "check", *args)
    assert result.exit_code == 2, result.output
    if config is not None and "checks" in config:
        assert re.match(r"^\S+milialocale\.toml:2: ", result.stderr)


def test_output_file_and_machine_formats(runner, site, tmp_path):
    translate(site, "zh_Hans", {"Milia measure less than 3 millimeters.": "粟丘疹的直径小于30毫米。"})
    report = tmp_path / "out" / "report.json"
    result = invoke(runner, site, "check", "--format", "json", "-o", str(report))
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads(report.read_text("utf-8"))
    assert data["ok"] is False and data["errors"] == 1
    assert data["findings"][0]["check"] == "numbers"
    github = invoke(runner, site, "check", "--format", "github")
    assert github.stdout.startswith("::error file=locales/zh_Hans/LC_MESSAGES/page.po,line=")
    assert "\033[" not in invoke(runner, site, "check").stderr  # no colour off a terminal


# -- file mode -----------------------------------------------------------------------

FILE_PO = '''msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Milia measure less than 3 millimeters."
msgstr "{translation}"
'''


def _po(tmp_path: Path, name: str, language: str, translation: str) -> Path:
    path = tmp_path / name
    path.write_text(FILE_PO.format(language=language, translation=translation), "utf-8")
    return path


def test_file_mode_checks_any_po_files_without_a_project(runner, tmp_path):
    good = _po(tmp_path, "good.po", "de", "Milien sind kleiner als 3 Millimeter.")
    bad = _po(tmp_path, "bad.po", "ar", "الدخينات أصغر من ٣٠ مم.")
    assert runner.invoke(main, ["check", str(good)]).exit_code == 0
    result = runner.invoke(main, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:7: error: number “3” of the source became “٣٠” [numbers]" in result.stderr


def test_file_mode_takes_the_language_from_the_path(runner, tmp_path):
    directory = tmp_path / "fr" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    path = _po(directory, "page.po", "", "Les grains de milium mesurent moins de 3 millimètres ?")
    result = runner.invoke(main, ["check", str(path)])
    assert "French needs a no-break space" not in result.stderr
    assert "ends with a question mark" in result.stderr


def test_file_mode_rejects_project_options(runner, tmp_path):
    good = _po(tmp_path, "good.po", "de", "Milien sind kleiner als 3 Millimeter.")
    assert runner.invoke(main, ["check", str(good), "-l", "de"]).exit_code == 2
    assert runner.invoke(main, ["check", str(tmp_path / "missing.po")]).exit_code == 2


def test_every_qa_command_has_help(runner):
    for command in ("check", "stats"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


GLOSSARY_CSV = """concept_id,language,term,status,do_not_translate
milia,en,milia,preferred,
milia,de,Milien,preferred,
milia,de,Hautgrieß,deprecated,
milia,fr,grains de milium,preferred,
milia,fr,miliaire,deprecated,
milia,fr,milium,admitted,
milia,zh-Hans,粟丘疹,preferred,
"""


def test_file_mode_glossary(runner, tmp_path):
    glossary = tmp_path / "terms.csv"
    glossary.write_text(GLOSSARY_CSV, "utf-8")
    good = _po(tmp_path, "good.po", "de", "Milien sind kleiner als 3 Millimeter.")
    bad = _po(tmp_path, "bad.po", "de", "Hautgrieß ist kleiner als 3 Millimeter.")
    assert runner.invoke(main, ["check", str(good), "--glossary", str(glossary)]).exit_code == 0
    result = runner.invoke(main, ["check", str(bad), "--glossary", str(glossary)])
    assert result.exit_code == 1 and "[glossary-deprecated]" in result.stderr
    assert runner.invoke(main, ["check", str(bad)]).exit_code == 0  # no glossary, no term checks


def test_project_glossary_is_checked(runner, site):
    (site / "glossary.csv").write_text(GLOSSARY_CSV, "utf-8")
    (site / "milialocale.toml").write_text('locales = ["fr", "zh_Hans"]\nglossary = "glossary.csv"\n', "utf-8")
    assert invoke(runner, site, "check").exit_code == 0, invoke(runner, site, "check").stderr
    translate(site, "fr", {"Milia in babies": "La miliaire chez le bébé"})
    result = invoke(runner, site, "check")
    assert result.exit_code == 1
    assert re.search(r"^locales/fr/LC_MESSAGES/page\.po:\d+: error: deprecated term .* \[glossary-deprecated\]$",
                     result.stderr, re.M)


ROOT = Path(__file__).resolve().parent.parent


def test_every_check_is_documented():
    from milialocale.checks import CHECK_IDS

    docs = (ROOT / "docs" / "ci.md").read_text("utf-8")
    for check_id in CHECK_IDS:
        if check_id != "glossary":
            assert f"`{check_id}`" in docs, check_id


def test_pre_commit_hooks_run_the_check_command(runner):
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    project = hooks["milialocale-check"]
    assert project["entry"] == "milialocale check" and project["language"] == "python"
    assert project["pass_filenames"] is False
    assert all(re.search(project["files"], name) for name in ("a.po", "a.pot", "s/a.html", "glossary.tbx"))
    assert not re.search(project["files"], "setup.py")
    assert hooks["milialocale-check-files"]["pass_filenames"] is True
    command = hooks["milialocale-check-files"]["entry"].split()[1:]
    assert runner.invoke(main, [*command, "--help"]).exit_code == 0
