"""The labelled glossary cases against the real glossary: every injected error found,
under 2 % false alarms on correct translations (benchmarks/glossary_accuracy.py prints
the same numbers per language)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from milialocale.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("glossary_accuracy", ROOT / "benchmarks" / "glossary_accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = accuracy  # dataclasses look their module up
_spec.loader.exec_module(accuracy)

GLOSSARY = load_glossary(ROOT / "locales" / "glossary.tbx")
CASES = accuracy.load_cases()


@pytest.fixture(scope="module")
def scores():
    return accuracy.evaluate(GLOSSARY, CASES)


def test_the_set_is_large_and_varied_enough():
    gated = [c for c in CASES if not c.get("known_gap")]
    assert len(gated) >= 80
    assert len({c["locale"] for c in gated}) >= 5
    kinds = {c["kind"] for c in gated}
    assert {"singular", "plural", "inflection", "multiword", "chinese", "deprecated", "dnt", "missing",
            "acne"} <= kinds
    assert sum(1 for c in gated if not c["expected"]) >= 40, "too few correct translations to measure false alarms"
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_expected_findings_name_terms_the_glossary_has():
    source_terms = {t.text for c in GLOSSARY.concepts for t in c.terms_in("en")}
    for case in CASES:
        for code, term in case["expected"]:
            assert code in ("glossary-missing", "glossary-deprecated", "glossary-dnt"), case["id"]
            assert term in source_terms, f"{case['id']}: {term!r} is not an English glossary term"


def test_every_injected_error_is_found(scores):
    overall = scores["all"]
    assert overall.recall == 1.0, "\n".join(p for p in overall.problems if ": missed " in p)


def test_false_alarms_stay_under_two_percent(scores):
    overall = scores["all"]
    assert overall.false_alarm_rate < 0.02, "\n".join(p for p in overall.problems if ": unexpected " in p)
    assert overall.precision >= 0.95, "\n".join(overall.problems)


def test_known_gaps_still_fail_until_the_glossary_is_fixed():
    """When a content fix lands, its cases pass: then drop their "known_gap" marker."""
    for case in (c for c in CASES if c.get("known_gap")):
        score = accuracy.evaluate(GLOSSARY, [case])["gaps"]
        assert score.problems, f"{case['id']} passes now: remove its known_gap marker"


def test_the_report_prints_every_language(capsys):
    assert accuracy.main([]) == 0
    out = capsys.readouterr().out
    for locale in ("ar", "de", "es", "fr", "pt_BR", "zh_Hans", "all"):
        assert f"\n{locale} " in out
