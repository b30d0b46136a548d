"""Measure the glossary check on the labelled cases: precision, recall, false alarms.

Each case in tests/data/glossary_cases.json is a source unit, a translation, a target
locale and the findings a careful reviewer expects, as [code, source term]. A finding
counts as found when its code matches and its message names the source term in quotes.

- precision: found expected findings / all findings reported
- recall: found expected findings / all expected findings (the injected term errors)
- false alarms: correct translations (no expected finding) that got any finding

Cases marked "known_gap" fail because of a named glossary content gap; they are scored
apart (locale "gaps") so the gate measures the matcher, and reported until fixed.

Usage: python benchmarks/glossary_accuracy.py [--glossary FILE] [--cases FILE] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from milialocale.glossary import Glossary, load_glossary
from milialocale.model import Location
from milialocale.terms import glossary_findings

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "glossary_cases.json"
GLOSSARY = ROOT / "locales" / "glossary.tbx"


@dataclass
class Score:
    """Counts for one language (or all): findings and correct translations."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    clean_cases: int = 0
    false_alarms: int = 0
    cases: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        reported = self.true_positives + self.false_positives
        return self.true_positives / reported if reported else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean_cases if self.clean_cases else 0.0


def load_cases(path: Path = CASES) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["cases"]


def evaluate(glossary: Glossary, cases: list[dict]) -> dict[str, Score]:
    """Scores per locale, under "all", and for known-gap cases under "gaps"."""
    scores: dict[str, Score] = defaultdict(Score)
    for case in cases:
        groups = ("gaps",) if case.get("known_gap") else (case["locale"], "all")
        findings = glossary_findings(glossary, source=case["source"], translation=case["translation"],
                                     source_locale="en", target_locale=case["locale"],
                                     location=Location(case["id"]))
        unmatched = list(findings)
        tp = fn = 0
        for code, term in case["expected"]:
            match = next((f for f in unmatched if f.code == code and f'"{term}"' in f.message), None)
            if match is None:
                fn += 1
                problems = [f"missed {code} for {term!r}"]
            else:
                tp += 1
                unmatched.remove(match)
                problems = []
            for group in groups:
                scores[group].problems += [f"{case['id']}: {p}" for p in problems]
        for score in (scores[group] for group in groups):
            score.cases += 1
            score.true_positives += tp
            score.false_negatives += fn
            score.false_positives += len(unmatched)
            score.problems += [f"{case['id']}: unexpected {f.message} [{f.code}]" for f in unmatched]
            if not case["expected"]:
                score.clean_cases += 1
                score.false_alarms += bool(findings)
    return dict(scores)


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'locale':<9}{'cases':>6}{'errors':>8}{'precision':>11}{'recall':>8}{'false alarms':>16}"]
    for locale in [*sorted(k for k in scores if k not in ("all", "gaps")), "all", "gaps"]:
        if locale not in scores:
            continue
        s = scores[locale]
        lines.append(f"{locale:<9}{s.cases:>6}{s.true_positives + s.false_negatives:>8}{s.precision:>10.1%}"
                     f"{s.recall:>9.1%}{s.false_alarm_rate:>9.1%} ({s.false_alarms}/{s.clean_cases})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    scores = evaluate(load_glossary(args.glossary), load_cases(args.cases))
    print(report(scores))
    if "gaps" in scores:
        print(f"gaps: {scores['gaps'].cases} case(s) waiting for glossary content fixes, "
              f"{len({p.split(':')[0] for p in scores['gaps'].problems})} still failing")
    if args.verbose:
        for problem in scores["all"].problems + scores.get("gaps", Score()).problems:
            print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
