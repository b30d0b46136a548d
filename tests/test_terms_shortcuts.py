"""terms.py's shortcuts give what the general path gives, on many generated inputs.

- ASCII text is split by a smaller pattern (`_ASCII_WORD_SPLIT`) than other text;
- a run of two overlapping hits is resolved without `_resolve_run`'s bookkeeping;
- one matcher per language serves every set of required concepts (`Matcher.find`'s
  `only`), where a matcher of only those concepts' terms used to be built;
- the outcome of the terms starting at a word is remembered by the words it reads.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.glossary import Concept, Term, load_glossary
from milialocale.terms import (_ASCII_WORD_SPLIT, _WORD, _WORD_SPLIT, Hit, Matcher, _resolve_pair, _resolve_run,
                               language)

REAL = load_glossary(Path(__file__).resolve().parent.parent / "locales" / "glossary.tbx")

_ASCII_TRICKY = "ab Z09_'`-.,;:!?()<>\t\n"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(st.sampled_from(_ASCII_TRICKY), max_size=40),
                 st.text(st.characters(max_codepoint=127), max_size=60)))
def test_ascii_split_agrees_with_the_unicode_split(text):
    assert _ASCII_WORD_SPLIT.split(text) == _WORD_SPLIT.split(text)


def _hit(start: int, length: int, size: int, rank: int, name: str) -> Hit:
    return Hit(start, start + length, size, None, None, name, rank)


@settings(max_examples=600, deadline=None)
@given(st.integers(0, 6), st.integers(1, 6), st.integers(0, 7), st.integers(1, 6),
       st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(0, 2))
def test_a_pair_is_resolved_as_by_the_general_run(start, length, gap, other_length, size, other_size, rank,
                                                  other_rank):
    # As in a run: the second starts no earlier than the first and no later than its end.
    first = _hit(start, length, size, rank, "a")
    second = _hit(start + min(gap, length), other_length, other_size, other_rank, "b")
    assert [h[5] for h in _resolve_pair(first, second)] == [h[5] for h in _resolve_run([first, second])]


def _glossary_words(code: str) -> list[str]:
    words = [w for c in REAL.concepts for t in c.terms_in(code) for w in _WORD.findall(t.text)]
    return sorted(set(words)) + sorted(language(code).articles) + ["and", "x"]


_CODES = ("en", "fr", "de", "es", "pt-BR", "ar", "zh-Hans")
_MATCHERS: dict[str, Matcher] = {}
#: a regex-mode concept, so that `only` also filters the scanned entries of a spaced language
_REGEX = Concept("pmc", (Term(r"PMC\d+", "en", "preferred", match_mode="regex"),))


def _concepts(code: str) -> list[Concept]:
    return [*REAL.concepts, _REGEX] if code == "en" else list(REAL.concepts)


def _language_matcher(code: str) -> Matcher:
    if code not in _MATCHERS:
        _MATCHERS[code] = Matcher([(c, t) for c in _concepts(code) for t in c.terms_in(code)], language(code))
    return _MATCHERS[code]


def _by_concept(hits: list[Hit]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for h in hits:
        found.setdefault(h.concept.id, []).append((h.start, h.end, h.size, id(h.term), h.surface, h.rank))
    return found


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_CODES), st.randoms(use_true_random=False))
def test_one_language_matcher_with_only_finds_what_a_matcher_of_those_concepts_finds(code, rng):
    words = _glossary_words(code) + (["PMC12"] if code == "en" else [])
    separator = "" if language(code).unspaced else " "
    text = separator.join(rng.choice(words) for _ in range(rng.randint(1, 14)))
    concepts = [c for c in _concepts(code) if c.terms_in(code)]
    chosen = rng.sample(concepts, rng.randint(1, min(6, len(concepts))))
    alone = Matcher([(c, t) for c in chosen for t in c.terms_in(code)], language(code)).find(text)
    shared = _language_matcher(code).find(text, only={id(c): c for c in chosen})
    # The same hits, in the same order within each concept (findings are made per
    # concept); only same-span hits of different concepts may come in another order.
    assert _by_concept(shared) == _by_concept(alone), (code, text)
    assert sorted((h.start, h.end) for h in shared) == [(h.start, h.end) for h in alone], (code, text)


def test_remembered_windows_change_no_hit_and_stay_bounded():
    rng = random.Random(5)
    for code in ("en", "fr", "de"):
        entries = [(c, t) for c in REAL.concepts for t in c.terms_in(code)]
        tight = Matcher(entries, language(code))
        tight.WINDOWS = 4  # forgets its windows every few: must change nothing
        words = _glossary_words(code)
        for _ in range(200):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
            fresh = Matcher(entries, language(code)).find(text)
            assert tight.find(text) == fresh and _language_matcher(code).find(text) == fresh, (code, text)
            assert len(tight._windows) <= 4
