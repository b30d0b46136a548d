"""terms.py's run-by-run resolution and per-locale-pair outcomes give what the general path gives.

- `Matcher.find` resolves each run of overlapping token hits as soon as the next run
  opens, where it used to gather every hit and resolve them all at the end (`_resolve`,
  still the path of matchers with scanned entries);
- `glossary_findings` remembers the outline of a source text per pair of locales, and
  returns at once when every required concept is named and nothing deprecated is found.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale import terms
from milialocale.glossary import Concept, Term, load_glossary
from milialocale.model import Location
from milialocale.terms import _WORD, Matcher, glossary_findings, language

GLOSSARY_PATH = Path(__file__).resolve().parent.parent / "locales" / "glossary.tbx"
REAL = load_glossary(GLOSSARY_PATH)
_SPACED = ("en", "fr", "de", "es", "pt-BR", "ar")


def _words(code: str) -> list[str]:
    words = [w for c in REAL.concepts for t in c.terms_in(code) for w in _WORD.findall(t.text)]
    return sorted(set(words)) + sorted(language(code).articles) + ["and", "x"]


_PLAIN: dict[str, Matcher] = {}
_GENERAL: dict[str, Matcher] = {}


def _matchers(code: str) -> tuple[Matcher, Matcher]:
    """A matcher of the glossary's terms, and one that also has a regex entry that never
    matches: having a scanned entry, it resolves all its hits at the end (`_resolve`)."""
    if code not in _PLAIN:
        entries = [(c, t) for c in REAL.concepts for t in c.terms_in(code)]
        never = Concept("never", (Term("(?!)", code, "preferred", match_mode="regex"),))
        _PLAIN[code] = Matcher(entries, language(code))
        _GENERAL[code] = Matcher([*entries, (never, never.terms[0])], language(code))
        assert not _PLAIN[code].scanned and _GENERAL[code].scanned
    return _PLAIN[code], _GENERAL[code]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SPACED), st.randoms(use_true_random=False), st.booleans())
def test_runs_resolved_one_by_one_give_what_resolving_all_hits_gives(code, rng, restrict):
    words = _words(code)
    separators = [" ", " ", " ", ", ", " - ", "  "]
    text = "".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 16)))
    plain, general = _matchers(code)
    only = None
    if restrict:
        concepts = [c for c in REAL.concepts if c.terms_in(code)]
        only = {id(c): c for c in rng.sample(concepts, rng.randint(1, min(8, len(concepts))))}
    assert plain.find(text, only) == general.find(text, only), (code, text)


def _pairs(rng: random.Random, target: str, count: int) -> list[tuple[str, str]]:
    """Source and translation texts made of glossary words: most name what they should,
    some miss a term or use a deprecated one."""
    source_words, target_words = _words("en"), _words(target)
    pairs = []
    for _ in range(count):
        source = " ".join(rng.choice(source_words) for _ in range(rng.randint(1, 8)))
        translation = " ".join(rng.choice(target_words) for _ in range(rng.randint(1, 10)))
        pairs.append((source, translation))
    return pairs


def _findings(glossary, pairs, target: str, first: int = 0) -> list[list[str]]:
    return [[str(f) for f in glossary_findings(glossary, source=s, translation=t, source_locale="en",
                                               target_locale=target, location=Location("x.po", n))]
            for n, (s, t) in enumerate(pairs, first)]


@pytest.mark.parametrize("target", ["fr", "de", "es", "pt_BR", "ar", "zh_Hans"])
def test_the_early_return_drops_no_finding(target, monkeypatch):
    pairs = _pairs(random.Random(target), target, 300)
    fast = _findings(load_glossary(GLOSSARY_PATH), pairs, target)
    monkeypatch.setattr(terms, "_nothing_to_report", lambda *_: False)
    general = _findings(load_glossary(GLOSSARY_PATH), pairs, target)
    assert fast == general
    assert sum(map(bool, general)) > 30  # the pairs do make findings


def test_remembered_outlines_change_no_finding():
    rng = random.Random(7)
    shared, forgetful = load_glossary(GLOSSARY_PATH), load_glossary(GLOSSARY_PATH)
    for target in ("fr", "de", "pt_BR", "fr"):
        pairs = _pairs(rng, target, 150)
        pairs += pairs[::-1]  # the same source texts again, once remembered
        expected = []
        for n, pair in enumerate(pairs):
            forgetful._locale_pairs.clear()  # nothing remembered from the last text
            expected += _findings(forgetful, [pair], target, n)
        assert _findings(shared, pairs, target) == expected
    assert len(shared._locale_pairs) == 3
