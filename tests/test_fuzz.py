"""Fuzzing, briefly: the targets of benchmarks/fuzz.py under hypothesis, and every input
that ever crashed one (tests/data/fuzz/<target>/) replayed as a regression test.

A target may refuse its input with a located MilialocaleError; anything else, or an
input taking more than 10 s, is a crash. Run `python benchmarks/fuzz.py all --seconds
600` (or `--engine atheris`) to fuzz for longer; save what it finds under tests/data/fuzz/.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("fuzz", ROOT / "benchmarks" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

REGRESSIONS = sorted((Path(__file__).parent / "data" / "fuzz").glob("*/*"))
EXAMPLES = {"html": 60, "po": 200, "glossary": 200}
SEEDS = {target: fuzz.seeds(target) for target in fuzz.TARGETS}


@pytest.mark.parametrize("target", list(fuzz.TARGETS))
def test_mutated_seeds_never_crash_a_reader(target: str):
    @settings(max_examples=EXAMPLES[target], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.sampled_from(SEEDS[target]), st.randoms(use_true_random=False))
    def check(seed: bytes, rng) -> None:
        data = fuzz.mutate(seed, rng, fuzz.TOKENS[target])
        report = fuzz.run_one(target, data, timeout=10)
        assert report is None, report

    check()


@pytest.mark.parametrize("target", list(fuzz.TARGETS))
def test_random_bytes_never_crash_a_reader(target: str):
    @settings(max_examples=100, deadline=None, database=None)
    @given(st.binary(max_size=2000))
    def check(data: bytes) -> None:
        report = fuzz.run_one(target, data, timeout=10)
        assert report is None, report

    check()


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_inputs_that_once_crashed_are_handled(path: Path):
    report = fuzz.run_one(path.parent.name, path.read_bytes(), timeout=10)
    assert report is None, report


def test_the_fuzz_script_runs_from_the_command_line(capsys):
    assert fuzz.main(["glossary", "--seconds", "1", "--seed", "1"]) == 0
    assert "glossary:" in capsys.readouterr().out
