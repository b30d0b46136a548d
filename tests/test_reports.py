"""Report formats: JUnit parsed back with lxml, JSON, GitHub annotations and text."""

from __future__ import annotations

import json
import re

from lxml import etree

from milialocale.checks import CHECK_IDS
from milialocale.errors import Finding, Severity
from milialocale.model import Location
from milialocale.qa import CatalogStats, Report
from milialocale.reports import render, render_github, render_json, render_junit, render_text
from milialocale.stats import Counts

FR = "locales/fr/LC_MESSAGES/page.po"
AR = "locales/ar/LC_MESSAGES/page.po"
REPORT = Report(
    findings=(
        Finding(Location(FR, 30), Severity.WARNING, "double space", "whitespace"),
        Finding(Location(AR, 12), Severity.ERROR, "number “3” of the source became “٣٠”", "numbers"),
        Finding(Location(FR, 9), Severity.ERROR, "missing placeholder <a>", "markup"),
        Finding(Location(AR, 40), Severity.ERROR, "invisible character \u202e and \x07 here, 50% done", "invisible"),
        Finding(Location("locales/ar"), Severity.ERROR, "ar is 50.0% translated; the minimum is 80%", "completeness"),
    ),
    catalogs=(
        CatalogStats("fr", "page", FR, Counts(translated=4, words=20, translated_words=20), 80.0),
        CatalogStats("ar", "page", AR, Counts(translated=2, fuzzy=1, untranslated=1, words=20,
                                              translated_words=10, fuzzy_words=5), 80.0),
    ),
    notes=("glossary checks skipped: milialocale.glossary is not available",),
)


def test_junit_parses_back_with_a_suite_per_file_and_a_case_per_check():
    root = etree.fromstring(render_junit(REPORT).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {FR, AR, "project"}
    ar = suites[AR]
    cases = {c.get("name"): c for c in ar.findall("testcase")}
    assert set(CHECK_IDS) - {"glossary"} <= set(cases) and "glossary" not in cases
    assert ar.get("failures") == "2" and ar.get("tests") == str(len(cases))
    failure = cases["numbers"].find("failure")
    assert failure.get("type") == "numbers"
    assert failure.text == f"{AR}:12: error: number “3” of the source became “٣٠” [numbers]"
    assert cases["punctuation"].find("failure") is None  # passing checks are listed too
    fr_cases = {c.get("name"): c for c in suites[FR].findall("testcase")}
    assert fr_cases["whitespace"].find("failure") is None  # a warning does not fail
    assert "double space" in fr_cases["whitespace"].findtext("system-out")
    project = {c.get("name"): c for c in suites["project"].findall("testcase")}
    assert project["completeness"].find("failure") is not None
    assert project["stale"].find("failure") is None
    assert root.get("failures") == "4"
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))


def test_junit_survives_control_and_bidi_characters():
    text = render_junit(REPORT)
    root = etree.fromstring(text.encode("utf-8"))
    failure = root.xpath("//testsuite[@name=$p]/testcase[@name='invisible']/failure", p=AR)[0]
    assert "<U+202E>" in failure.text and "<U+0007>" in failure.text
    assert "\u202e" not in text


def test_json_has_findings_counts_and_verdict():
    data = json.loads(render_json(REPORT))
    assert data["ok"] is False and data["errors"] == 4 and data["warnings"] == 1
    assert [(f["path"], f["line"]) for f in data["findings"]] == [
        ("locales/ar", 0), (AR, 12), (AR, 40), (FR, 9), (FR, 30)]
    assert data["findings"][1] == {"path": AR, "line": 12, "severity": "error", "check": "numbers",
                                   "message": "number “3” of the source became “٣٠”"}
    ar = data["catalogs"][1]
    assert (ar["translated"], ar["fuzzy"], ar["untranslated"], ar["percent_words"]) == (2, 1, 1, 50.0)
    assert data["notes"] == list(REPORT.notes)


GITHUB = re.compile(r"^::(error|warning|notice) (file=[^,]+(,line=\d+)?,)?title=[^:]+::.+$")


def test_github_annotations():
    lines = render_github(REPORT).splitlines()
    assert all(GITHUB.match(line) for line in lines), lines
    assert lines[1] == f"::error file={AR},line=12,title=milialocale numbers::number “3” of the source became “٣٠”"
    assert lines[0].startswith("::error file=locales/ar,title=milialocale completeness::ar is 50.0%25 translated")
    assert f"::warning file={FR},line=30,title=milialocale whitespace::double space" in lines
    assert any(line.startswith("::notice title=milialocale completeness::ar: 50.0%25") for line in lines)


def test_github_escapes_properties_and_newlines():
    report = Report((Finding(Location("a,b:c.po", 3), Severity.ERROR, "line\nbreak 100%", "markup"),))
    (line, *_) = render_github(report).splitlines()
    # A line break inside a message cannot end the command early; it is spelled out.
    assert line == "::error file=a%2Cb%3Ac.po,line=3,title=milialocale markup::line<U+000A>break 100%25"


def test_text_is_sorted_with_completeness_notes_and_summary():
    lines = render_text(REPORT).splitlines()
    assert lines[:5] == [
        "locales/ar: error: ar is 50.0% translated; the minimum is 80% [completeness]",
        f"{AR}:12: error: number “3” of the source became “٣٠” [numbers]",
        f"{AR}:40: error: invisible character <U+202E> and <U+0007> here, 50% done [invisible]",
        f"{FR}:9: error: missing placeholder <a> [markup]",
        f"{FR}:30: warning: double space [whitespace]",
    ]
    assert "ar: 50.0% of words translated (2/4 entries; 1 fuzzy, 1 untranslated); minimum 80%" in lines
    assert "note: glossary checks skipped: milialocale.glossary is not available" in lines
    assert lines[-1] == "4 errors, 1 warning"
    assert "\033[" not in render(REPORT, "text")


def test_text_colour_only_when_asked():
    coloured = render_text(REPORT, colour=True)
    assert "\033[1;31merror\033[0m" in coloured and "\033[33mwarning\033[0m" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == render_text(REPORT)


def test_clean_report():
    report = Report((), REPORT.catalogs[:1])
    assert render_text(report).splitlines()[-1] == "0 errors, 0 warnings"
    assert json.loads(render_json(report))["ok"] is True
    root = etree.fromstring(render_junit(report).encode("utf-8"))
    assert root.get("failures") == "0"
