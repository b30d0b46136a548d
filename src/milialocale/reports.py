"""Formatters for a QA Report: text, json, junit and github. Pure functions returning strings.

Text is what translators read (``path:line: severity: message [check]``, sorted, then a
completeness line per locale); JSON is for scripts; JUnit XML for CI dashboards (one
suite per checked file, one test case per check, so passing checks show too); GitHub
workflow commands put the findings on the pull request's diff.
"""

from __future__ import annotations

import json
import unicodedata

from lxml import etree

from .checks import CHECK_IDS, sort_key
from .errors import Finding, Severity
from .qa import COMPLETENESS, STALE, SYNTAX, Report
from .stats import stats_record

FORMATS = ("text", "json", "junit", "github")
_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"


def safe(text: str) -> str:
    """`text` with control and format characters (bidi overrides…) spelled as <U+XXXX>,
    so a report can neither reorder a terminal line nor break an XML document."""
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Cs")
                   or c in "\ufffe\uffff" else c for c in text)


def render(report: Report, fmt: str, *, colour: bool = False) -> str:
    if fmt == "text":
        return render_text(report, colour=colour)
    return {"json": render_json, "junit": render_junit, "github": render_github}[fmt](report)


def completeness_lines(report: Report) -> list[str]:
    """One line per locale: its completeness by words and entries, and its minimum."""
    minimum = {row.locale: row.minimum for row in report.catalogs}
    lines = []
    for locale, counts in sorted(report.locale_totals().items()):
        line = (f"{locale or '(unknown language)'}: {counts.percent_words:.1f}% of words translated "
                f"({counts.translated}/{counts.entries} entries; {counts.fuzzy} fuzzy, "
                f"{counts.untranslated} untranslated)")
        if minimum.get(locale) is not None:
            line += f"; minimum {minimum[locale]:g}%"
        lines.append(line)
    return lines


def render_text(report: Report, *, colour: bool = False) -> str:
    lines = []
    for finding in sorted(report.findings, key=sort_key):
        line = safe(str(finding))
        if colour:
            word = finding.severity.value
            line = line.replace(f": {word}: ", f": {_COLOURS[finding.severity]}{word}{_RESET}: ", 1)
        lines.append(line)
    lines += completeness_lines(report)
    lines += [f"note: {safe(note)}" for note in report.notes]
    summary = f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"
    lines.append(summary if not colour or report.ok else f"{_COLOURS[Severity.ERROR]}{summary}{_RESET}")
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def render_json(report: Report) -> str:
    data = {
        "ok": report.ok,
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": [
            {"path": f.location.path, "line": f.location.line, "severity": f.severity.value,
             "check": f.code, "message": f.message}
            for f in sorted(report.findings, key=sort_key)
        ],
        "catalogs": [stats_record(row.locale, row.document, row.path, row.counts, row.minimum)
                     for row in report.catalogs],
        "notes": list(report.notes),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_junit(report: Report) -> str:
    """JUnit XML: a suite per checked file (plus "project" for gate findings), a test case
    per check; errors fail the case, warnings are listed in its system-out."""
    by_path: dict[str, list[Finding]] = {row.path: [] for row in report.catalogs}
    project: list[Finding] = []
    for finding in report.findings:
        if finding.code in (COMPLETENESS, STALE) or finding.location.path not in by_path:
            project.append(finding)
        else:
            by_path[finding.location.path].append(finding)
    root = etree.Element("testsuites", name="milialocale check")
    checks = [c for c in CHECK_IDS if c != "glossary"] + [SYNTAX]  # findings carry glossary-*
    for path, findings in sorted(by_path.items()):
        locale = next((row.locale for row in report.catalogs if row.path == path), "")
        _suite(root, path, f"milialocale.{locale or 'po'}", checks, findings)
    gate = [STALE, COMPLETENESS] + sorted({f.code for f in project} - {STALE, COMPLETENESS})
    _suite(root, "project", "milialocale.project", gate, project)
    root.set("tests", str(sum(int(s.get("tests")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures")) for s in root)))
    root.set("errors", "0")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode", pretty_print=True)


def _suite(root, name: str, classname: str, checks: list[str], findings: list[Finding]) -> None:
    suite = etree.SubElement(root, "testsuite", name=name)
    failures = 0
    for check in checks:
        mine = sorted((f for f in findings if f.code == check), key=sort_key)
        case = etree.SubElement(suite, "testcase", name=check, classname=classname, time="0")
        errors = [f for f in mine if f.severity is Severity.ERROR]
        if errors:
            failures += 1
            failure = etree.SubElement(case, "failure", type=check,
                                       message=safe(f"{_plural(len(errors), 'error')}: {errors[0].message}"))
            failure.text = "\n".join(safe(str(f)) for f in errors)
        warnings = [f for f in mine if f.severity is Severity.WARNING]
        if warnings:
            etree.SubElement(case, "system-out").text = "\n".join(safe(str(f)) for f in warnings)
    suite.set("tests", str(len(checks)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    lines = []
    for finding in sorted(report.findings, key=sort_key):
        properties = [f"file={_escape_property(finding.location.path)}"]
        if finding.location.line:
            properties.append(f"line={finding.location.line}")
        properties.append(f"title={_escape_property(f'milialocale {finding.code}')}")
        lines.append(f"::{finding.severity.value} {','.join(properties)}::"
                     f"{_escape_data(safe(finding.message))}")
    for line in completeness_lines(report):
        lines.append(f"::notice title=milialocale completeness::{_escape_data(line)}")
    for note in report.notes:
        lines.append(f"::notice title=milialocale::{_escape_data(safe(note))}")
    return "\n".join(lines) + "\n"
