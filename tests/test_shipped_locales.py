"""The shipped translations stay complete, clean and publishable (issue: six languages)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polib
import pytest
from lxml import html as lxml_html

from conftest import ROOT
from milialocale.cli import main
from milialocale.config import load_config

CONFIG = load_config(ROOT / "pyproject.toml")
LOCALES = CONFIG.locales


def run(runner, *args):
    return runner.invoke(main, ["--config", str(ROOT / "pyproject.toml"), *args], catch_exceptions=False)


def test_six_locales_are_configured():
    assert set(LOCALES) == {"es", "fr", "de", "pt_BR", "ar", "zh_Hans"}


def test_check_reports_no_error_and_no_warning(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(runner, "check", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    report = json.loads(result.stdout)
    findings = report["findings"] if isinstance(report, dict) else report
    assert findings == []


def test_stats_show_every_locale_complete(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(runner, "stats", "--format", "json")
    rows = json.loads(result.stdout)
    assert {row["locale"] for row in rows} == set(LOCALES)
    for row in rows:
        assert row["percent_words"] == 100.0 and row["fuzzy"] == 0 and row["untranslated"] == 0, row


def test_catalogs_are_in_step_with_the_source(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run(runner, "extract", "--check").exit_code == 0
    assert run(runner, "update", "--check").exit_code == 0


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_translated_and_documented(locale):
    po = polib.pofile(str(CONFIG.catalog_path(locale, "milia-in-babies")))
    entries = [e for e in po if not e.obsolete]
    assert entries and all(e.msgstr and "fuzzy" not in e.flags for e in entries)
    assert po.find("Bibliography").msgstr  # attributes are translated too
    assert (CONFIG.locales_dir / locale / "STYLE.md").is_file()
    for entry in entries:
        if "<span>Maria del Carmen Hernandez</span>" in entry.msgid:
            assert "<span>Maria del Carmen Hernandez</span>" in entry.msgstr


def test_build_publishes_all_six(runner, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "source", project / "source")
    shutil.copytree(ROOT / "locales", project / "locales")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    monkeypatch.chdir(project)
    result = runner.invoke(main, ["--config", str(project / "pyproject.toml"), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    for locale in LOCALES:
        tag = locale.replace("_", "-")
        page = lxml_html.parse(str(project / "site" / tag / "milia-in-babies.html")).getroot()
        assert page.get("lang") == tag
        assert page.get("dir", "ltr") == ("rtl" if locale == "ar" else "ltr")
        text = (project / "site" / tag / "milia-in-babies.txt").read_text("utf-8")
        assert "Maria del Carmen Hernandez" in text and "PMID: 28878836" in text
    spanish = (project / "site" / "es" / "milia-in-babies.txt").read_text("utf-8")
    assert "15 de octubre de 2022" in spanish
