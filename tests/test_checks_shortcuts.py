"""The checks' shortcuts (possessive regexes, character pre-filters) decide as the plain searches do."""

from __future__ import annotations

import random
import re

from milialocale.checks_text import _DOUBLED, _MOJIBAKE, _garbled
from milialocale.numbers import _DIGIT, _symbols, find_numbers

#: letters in several cases and scripts, case-folding oddities, digits, spaces, punctuation.
_ALPHABET = "aAbB_1 \t\u00a0\n-'éÉİiıßẞ²½.ΣσςKk\u212aÃÂâ€©\ufffd™٣"


def _strings(count: int):
    rng = random.Random(11)
    for _ in range(count):
        yield "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))


def test_the_possessive_doubled_word_search_finds_what_the_backtracking_one_finds():
    backtracking = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.I)
    for text in _strings(30000):
        assert ([(m.span(), m.group(1)) for m in _DOUBLED.finditer(text)]
                == [(m.span(), m.group(1)) for m in backtracking.finditer(text)]), text


def test_doubled_words_after_a_non_word_character_are_those_of_the_word_boundary_search():
    """`doubled_words` gives the words and matched texts of `_DOUBLED`, in order, also
    for doubles one after another ("a a a a", "b b,b b") and at the start or the end."""
    from milialocale.checks_text import doubled_words

    rng = random.Random(19)
    pieces = ["a", "A", "b", "ab", "aB", " ", "  ", "\n", "\u00a0", ",", "1", "_", "é", "É", "ß", "²", "’", "K", "\u212a"]
    texts = list(_strings(20000))
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(30000)]
    found = 0
    for text in texts:
        expected = [(m.group(1), m.group()) for m in _DOUBLED.finditer(text)]
        found += bool(expected)
        assert list(doubled_words(text)) == expected, text
    assert found > 200  # the generated texts do hold doubled words


def test_garbled_characters_are_found_whether_or_not_the_pre_filter_runs():
    for text in _strings(30000):
        assert _garbled(text) == {m.group() for m in _MOJIBAKE.finditer(text)}, text


def test_a_text_without_digits_has_nothing_the_number_pattern_could_read():
    patterns = [re.compile(_symbols(locale)[2]) for locale in ("en", "fr", "de", "ar", "fa", "hi", "zh_Hans")]
    for text in _strings(30000):
        if _DIGIT.search(text) is None:
            assert not any(p.search(text) for p in patterns), text
            assert find_numbers(text, "ar") == []


def test_remembered_source_analyses_give_the_findings_of_fresh_ones_on_the_shipped_catalogs():
    # numbers and negation remember what they read in a text (a source recurs once per
    # locale); with every memo emptied before each message the findings must not change.
    from pathlib import Path

    import polib

    from milialocale import checks_meaning
    from milialocale.checks import CheckContext, catalog_messages

    root = Path(__file__).resolve().parent.parent / "locales"
    memos = (checks_meaning._numbers_in, checks_meaning._english_negation)
    warm, fresh = [], []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        ctx = CheckContext("en", po_path.parts[-3])
        for msg in catalog_messages(polib.pofile(str(po_path)), str(po_path)):
            for text in (msg.translation, "7 " + msg.translation, msg.source + " (not 3)"):
                m = type(msg)(msg.source, text, msg.location)
                warm.append([list(checks_meaning.numbers(ctx, m)), list(checks_meaning.negation(ctx, m))])
                for memo in memos:
                    memo.cache_clear()
                fresh.append([list(checks_meaning.numbers(ctx, m)), list(checks_meaning.negation(ctx, m))])
    assert warm == fresh and any(any(w) for w in warm)


#: words around the English negations, in several cases, with look-alike letters.
_WORDS = ["not", "NOT", "Not", "no", "nO", "never", "without", "wıthout", "wİthout", "none", "nothing",
          "neither", "nor", "cannot", "nobody", "nowhere", "n't", "n’t", "don't", "isn’t", "can", "new",
          "know", "not_", "no2", "non", "nowt", "a", "W", "c", "N", "'", "’", "-", "_"]


def _phrases(count: int):
    rng = random.Random(12)
    for _ in range(count):
        yield "".join(rng.choice(_WORDS) + rng.choice(["", " ", ".", "\u00a0", "-"]) for _ in range(rng.randint(0, 6)))


def test_the_english_negation_look_ahead_finds_what_the_plain_pattern_finds():
    from milialocale.checks_meaning import _ENGLISH_NEGATION

    plain = re.compile(r"\b(?:not|no|never|without|none|nothing|neither|nor|cannot|nobody|nowhere)\b|n[’']t\b",
                       re.I)
    for text in [*_phrases(30000), *_strings(30000)]:
        mine, theirs = _ENGLISH_NEGATION.search(text), plain.search(text)
        assert (mine and (mine.span(), mine.group())) == (theirs and (theirs.span(), theirs.group())), text


def test_a_double_space_needs_what_the_pre_test_asks_for():
    from milialocale.checks_text import _DOUBLE_SPACES, _may_double

    rng = random.Random(20)
    spaced = ["".join(rng.choice(["a", " ", "\u00a0", "\u202f", "\u2009", "\t", "é"]) for _ in range(rng.randint(0, 6)))
              for _ in range(30000)]
    for text in [*_strings(30000), *spaced]:
        assert _may_double(text) == (_DOUBLE_SPACES.search(text) is not None), text


def test_equal_word_lists_are_equal_space_collapsed_texts():
    texts = list(_strings(3000))
    rng = random.Random(13)
    for text in texts:
        other = rng.choice([rng.choice(texts), text.replace(" ", "  "), " " + text + "\n", text + "a"])
        assert (text.split() == other.split()) == (" ".join(text.split()) == " ".join(other.split()))


def test_a_text_without_an_identifier_marker_has_no_identifier_even_without_its_tags():
    from milialocale.checks_text import plain
    from milialocale.numbers import _ANY_MARKER, find_identifiers, mask_identifiers

    pieces = ["<a>", "</a>", "<a1>", "<br/>", "10", "1", "0", ".", "/", ":", "w", "W", "ww", "@", "x", "PM",
              "C", "ID", "NC", "T", "1234", "http", "s", " ", "doi"]
    rng = random.Random(14)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if _ANY_MARKER.search(text) is None:
            assert find_identifiers(plain(text, " ")) == [] and find_identifiers(text) == [], text
            assert mask_identifiers(text) == text


def test_the_marker_substring_test_answers_as_the_marker_pattern():
    from milialocale.numbers import _ANY_MARKER, _IDENTIFIERS, has_marker

    pieces = [marker for _, markers, _ in _IDENTIFIERS for marker in markers]
    pieces += ["1", "0", ".", "/", ":", "w", "W", "P", "M", "C", "I", "D", "N", "T", "@", " ", "é"]
    rng = random.Random(15)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert has_marker(text) == (_ANY_MARKER.search(text) is not None), text


def _weighted_length_by_joining(text: str) -> int:
    from milialocale.checks_text import _WIDE, plain

    text = " ".join(plain(text, " ").split())
    return len(text) + 2 * len(_WIDE.findall(text))


def test_weighted_length_counts_as_the_joined_words_do():
    from milialocale.checks_text import weighted_length

    pieces = ["a", "bc", " ", "  ", "\u3000", "\t", "\n", "粟", "丘疹", "가", "\u00a0", "<a>", "</a>", "<br/>", "é", "\U00020000"]
    rng = random.Random(16)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert weighted_length(text) == _weighted_length_by_joining(text), text


def test_unchanged_answers_by_the_word_lists_whatever_its_last_word_pre_test_skips():
    """`unchanged` finds a translation equal to its source word for word, whatever the
    spacing, and nothing else: its last-word pre-test may only skip the second kind."""
    from milialocale.checks import CheckContext, Message
    from milialocale.checks_text import unchanged
    from milialocale.model import Location

    ctx, where = CheckContext("en", "fr"), Location("x.po", 1)
    words = ["Milia", "are", "small", "white", "bumps", "Maria", "del", "a", "é", "bumps."]
    spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u2028"]
    rng = random.Random(17)
    found = 0
    for _ in range(20000):
        chosen = [rng.choice(words) for _ in range(rng.randint(0, 5))]
        source = rng.choice(["", " "]) + "".join(w + rng.choice(spaces) for w in chosen)
        same = rng.choice(["", "\t"]) + rng.choice(spaces).join(chosen) + rng.choice(["", " "])
        other = rng.choice([same + " a", "a " + same, same.replace("bumps", "bump"), same[:-1] or "x"])
        identical = list(unchanged(ctx, Message(source, source, where)))
        found += bool(identical)
        assert list(unchanged(ctx, Message(source, same, where))) == identical, (source, same)
        if other.split() != source.split():
            assert list(unchanged(ctx, Message(source, other, where))) == [], (source, other)
    assert found > 1000  # the generated texts do reach the finding


def test_the_digit_and_bracket_tests_answer_as_their_patterns():
    from milialocale.checks_text import _ANY_BRACKET, _has_bracket
    from milialocale.numbers import _DIGIT, has_digit

    pieces = ["a", " ", "é", "0", "9", "5", "٣", "０", "²", "(", ")", "[", "]", "{", "}", "（", "）", "【", "》", "<",
              "’", "\u202f", "\u200b"]
    rng = random.Random(18)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert has_digit(text) == (_DIGIT.search(text) is not None), text
        assert _has_bracket(text) == (_ANY_BRACKET.search(text) is not None), text


def test_a_latin_only_text_has_no_character_the_rare_character_searches_look_for():
    """Every character `latin_only` lets through, tried one by one: none is a decimal
    digit but 0-9, an invisible control, a wide character or a bracket but ASCII ones."""
    from milialocale.checks_text import _ANY_BRACKET, _INVISIBLE, _WIDE
    from milialocale.numbers import _UNCOMMON

    latin = [c for c in map(chr, range(0x110000)) if _UNCOMMON.match(c) is None]
    assert "é" in latin and "’" in latin and "\u202f" in latin and "«" in latin
    for char in latin:
        assert char in "0123456789" or _DIGIT.match(char) is None, hex(ord(char))
        assert char in "()[]{}" or _ANY_BRACKET.match(char) is None, hex(ord(char))
        assert _INVISIBLE.match(char) is None and _WIDE.match(char) is None, hex(ord(char))


def test_marks_spaced_everywhere_have_no_space_missing():
    from milialocale.checks_text import _missing_spaces, _spaced_everywhere

    pieces = [";", ":", "!", "?", "«", "»", " ", "\u202f", "\u00a0", "\u2009", "\n", "a", "é", "1", ".", "(", ")", "’"]
    rng = random.Random(19)
    spaced = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for before in (";:!?", ":"):
            if _spaced_everywhere(text, before):
                spaced += 1
                assert not _missing_spaces(text, before), (text, before)
    assert spaced > 5000  # the generated texts do reach the shortcut


def test_a_message_has_no_finding_of_the_checks_its_kind_skips():
    """`check_message` runs only the checks `_applicable` to a message's kind: every other
    check, run on its own, finds nothing in generated messages of every kind."""
    from milialocale.checks import CHECKS, CheckContext, Message, _applicable
    from milialocale.model import Location
    from milialocale.placeholders import placeholders_from_text

    pieces = ["<a>", "</a>", "<b>", "</b>", "<br/>", "<", " ", "x", "not", "pas", "3", "%d", "%s", "{n}", "."]
    comments = ["", "placeholders: <b> bold", "placeholders: <a> link, do not translate its content", "element: p"]
    pairs = [("en", "fr"), ("en", "en_GB"), ("fr", "de"), ("en", "ja"), ("en", "xx"), ("de", "de")]
    flag_sets = [frozenset(), frozenset({"c-format"}), frozenset({"python-brace-format"}), frozenset({"fuzzy"})]
    rng = random.Random(20)
    skipped = 0
    for _ in range(20000):
        source, translation = ("".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in "st")
        forms = rng.choice([None, None, (translation,), (translation, ""), ("", translation, source)])
        msg = Message(source, translation, Location("x.po", 1), placeholders_from_text(source, rng.choice(comments)),
                      rng.choice(flag_sets), None, None if forms is None else rng.randrange(len(forms)), forms,
                      rng.choice([None, 2]))
        ctx = CheckContext(*rng.choice(pairs))
        markup = bool(msg.placeholders) or "<" in source or "<" in translation
        run = _applicable(frozenset(), ctx.source_locale, ctx.target_locale, False, markup, bool(msg.flags),
                          forms is not None)
        for check in CHECKS:
            if check not in run:
                skipped += 1
                assert list(check.function(ctx, msg)) == [], (check.id, msg, ctx)
    assert skipped > 50000


def test_substring_counts_find_the_placeholder_openings_the_tag_pattern_finds():
    from collections import Counter

    from milialocale.checks_text import _opened
    from milialocale.placeholders import TAG_PATTERN

    pieces = ["<b>", "</b>", "<b/>", "<br>", "<br/>", "</br>", "<", ">", "/", "b", "r", "<a1>", "<a>", "x", " "]
    rng = random.Random(21)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        opened = Counter(m.group(2) for m in TAG_PATTERN.finditer(text) if not m.group(1))
        for name in ("b", "br", "a", "a1"):
            assert _opened(text, name) == opened[name], (text, name)


def test_each_letter_of_an_english_negation_matches_only_its_cases_and_the_turkish_i():
    """What `_may_negate` rests on, tried on every character: under re.I a letter of a
    negation matches a character whose `lower` is not that letter only for "ı" and "İ"."""
    from milialocale.checks_meaning import _NEGATION_PARTS

    letters = sorted(set("".join(_NEGATION_PARTS)) - set("'’"))
    any_letter = re.compile("[" + "".join(letters) + "]", re.I)
    matching = [c for c in map(chr, range(0x110000)) if any_letter.fullmatch(c)]
    assert "İ" in matching and "ı" in matching and "N" in matching
    for char in matching:
        for letter in letters:
            if re.fullmatch(letter, char, re.I):
                assert char.lower() == letter or char in "ıİ", (hex(ord(char)), letter)


def test_a_text_the_negation_pre_test_passes_over_has_no_english_negation():
    from milialocale.checks import Message
    from milialocale.checks_meaning import _ENGLISH_NEGATION, _english_negation, _may_negate
    from milialocale.checks_text import plain
    from milialocale.numbers import mask_identifiers

    pieces = ["<a>", "</a>", "<br/>", "http://x.org/", "no", "NO", "10.1234/no"]
    rng = random.Random(19)
    skipped = 0
    for text in [*_phrases(20000), *_strings(20000)]:
        text = rng.choice(["", *pieces]).join([text[:3], text[3:]]) if rng.random() < 0.3 else text
        found = _ENGLISH_NEGATION.search(mask_identifiers(plain(text, " ")))
        if not _may_negate(text):
            skipped += 1
            assert found is None and _ENGLISH_NEGATION.search(text) is None, text
        assert _english_negation(text) == (found and found.group()), text
    assert skipped > 5000  # the pre-test does answer for many texts


def test_the_remembered_collapsed_text_is_the_words_joined_by_single_spaces():
    """`collapsed` stands for ``" ".join(text.split())`` in the length check and in the
    consistency digests of `check`: every kind of whitespace `split` knows is collapsed."""
    from milialocale.checks import Message
    from milialocale.checks_text import collapsed
    from milialocale.model import Location
    from milialocale.qa import _short_digest, _source_key

    pieces = ["a", "Bé", " ", "  ", "\t", "\n", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000", "\u202f", "-"]
    rng = random.Random(18)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        words = text.split()
        assert collapsed(text) == " ".join(words) and collapsed(text).split() == words, text
        context = rng.choice([None, "", "ctx"])
        joined = " ".join(words) if context is None else f"{context}\x04{' '.join(words)}"
        assert _source_key(Message(text, "x", Location("x.po", 1), context=context)) == _short_digest(joined)
