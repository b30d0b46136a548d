"""`Matcher.find` reads a text piece by piece (cut at its spaces), each piece split once
per matcher; the words and where they start must be those of the whole text's split.

The oracle is the regex split of the whole text (`_WORD_SPLIT`), and a matcher that
has a scanned entry, which still splits every text whole.
"""

from __future__ import annotations

import random
from itertools import accumulate
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.glossary import Concept, Term, load_glossary
from milialocale.terms import _WORD, _WORD_SPLIT, Matcher, language

REAL = load_glossary(Path(__file__).resolve().parent.parent / "locales" / "glossary.tbx")
_CODES = ("en", "fr", "de", "es", "pt-BR", "ar")
#: separators and characters that sit at the edges of words or pieces
_TRICKY = [" ", "  ", "   ", "\xa0", "\u202f", "\t", "\n", "'", "\u2019", "_", "-", ",", ".", "(", ")", ":", "«",
           "\u0301", "\u064b", "\u0640", "é", "9", "x", "’s", "d'", "l'", " ' ", "' ", " '"]


def _glossary_words(code: str) -> list[str]:
    return sorted({w for c in REAL.concepts for t in c.terms_in(code) for w in _WORD.findall(t.text)})


def _matcher(code: str, *, scanned: bool = False) -> Matcher:
    concepts = list(REAL.concepts)
    if scanned:  # a regex that never matches: the matcher then splits each text whole
        concepts.append(Concept("never", (Term("(?!)", code, "preferred", match_mode="regex"),)))
    return Matcher([(c, t) for c in concepts for t in c.terms_in(code)], language(code))


_MATCHERS = {code: _matcher(code) for code in _CODES}
_SCANNING = {code: _matcher(code, scanned=True) for code in _CODES}


def _text(code: str, rng: random.Random) -> str:
    words = _glossary_words(code) + _TRICKY
    return "".join(rng.choice(words) + rng.choice(_TRICKY[:8] + [""]) for _ in range(rng.randint(0, 16)))


def _assert_read_as_whole(matcher: Matcher, text: str) -> None:
    parts = _WORD_SPLIT.split(text)
    chunks = text.split(" ")
    words = matcher._words_of(chunks)
    assert words == parts[1::2], text
    starts = matcher._starts_of_words(text, chunks)[0:2 * len(words):2]
    assert starts == list(accumulate(map(len, parts)))[0::2][:len(words)], text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY + ["a", "B", "ü", "م"]), max_size=30))
def test_pieces_give_the_words_and_starts_of_the_whole_text(bits):
    text = "".join(bits)
    _assert_read_as_whole(_MATCHERS["fr"], text)
    _assert_read_as_whole(_matcher("en"), text)  # nothing remembered yet


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_pieces_of_any_unicode_text(text):
    _assert_read_as_whole(_MATCHERS["de"], text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_CODES), st.randoms(use_true_random=False))
def test_find_by_pieces_finds_what_the_whole_split_finds(code, rng):
    text = _text(code, rng)
    pieces, whole = _MATCHERS[code], _SCANNING[code]
    assert not pieces.scanned and whole.scanned
    assert pieces.find(text) == whole.find(text), (code, text)
    only = {id(c): c for c in rng.sample(REAL.concepts, 5)}
    assert pieces.find(text, only=only) == whole.find(text, only=only), (code, text)


def test_remembered_pieces_stay_bounded_and_change_no_hit():
    rng = random.Random(7)
    for code in ("en", "fr"):
        tight = _matcher(code)
        tight.PIECES = 5  # forgets its pieces every few: must change nothing
        most = 0  # the most pieces one text has: a miss adds them to fewer than 5 kept
        for _ in range(300):
            text = _text(code, rng)
            most = max(most, len(set(text.split(" "))))
            assert tight.find(text) == _SCANNING[code].find(text), (code, text)
            assert len(tight._piece_words) < 5 + most
