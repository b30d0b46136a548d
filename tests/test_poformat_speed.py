"""The fast line breaker gives exactly the breaks of GNU's character-by-character walk.

`reference_wrap_lines` is the straightforward transcription of write-po.c's loop that
poformat used before it bisected cumulative columns; both must agree on every string,
including escapes, wide characters, zero-width marks and overlong words.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale import poformat
from milialocale.poformat import _ESCAPES, _break_before, _width, wrap_lines


def reference_wrap_lines(keyword: str, value: str, prefix: str = "", width: int = 79) -> list[str]:
    lines: list[str] = []
    portions = poformat._split_after_newlines(value)
    limit = width - 1 - (len(prefix) + 1)
    first = True
    for index, portion in enumerate(portions):
        more = index < len(portions) - 1
        escaped = [_ESCAPES.get(c, c) for c in portion]
        while True:
            startcol = len(keyword) + 1 if first else 0
            breaks = _reference_breaks(portion, escaped, limit, startcol)
            if first and portion and (more or startcol > limit or breaks):
                lines.append(f'{prefix}{keyword} ""')
                first = False
                continue
            break
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        start = 0
        for position in breaks + [len(portion)]:
            lines.append(f'{head}"{"".join(escaped[start:position])}"')
            head, start = prefix, position
    return lines


def _reference_breaks(portion: str, escaped: list[str], limit: int, startcol: int) -> list[int]:
    breaks: list[int] = []
    column, last_break, last_column = startcol, -1, 0
    last = len(portion) - 1 if portion.endswith("\n") else len(portion)
    for i, char in enumerate(portion):
        if 0 < i < last and _break_before(portion, i):
            last_break, last_column = i, column
        piece = escaped[i]
        w = len(piece) if len(piece) > 1 else _width(char)
        if column + w > limit and last_break > 0:
            breaks.append(last_break)
            column -= last_column
            last_break = -1
        column += w
    return breaks


ALPHABET = (list("abcdefghij ABC   ---...,,;;::!!??()[]{}\"''«»“”‘’—–…%$#&*+=<>@_|~^`/\\\n\t")
            + list("中文字（「《。，、）」》：；ー") + list("اéàü٪°·×−±€\u00a0\u202f\u2007\u2060\u0301¿¡„‹›؛٫")
            + ["\U00020001", "\u3000", "\x01", "\x7f"])


def random_strings(seed: int, count: int):
    rng = random.Random(seed)
    words = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    for _ in range(count):
        if rng.random() < 0.3:
            yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 300)))
        else:
            glue = " " if rng.random() < 0.5 else ""
            yield glue.join(rng.choice(words) for _ in range(rng.randint(0, rng.choice([1, 3, 8, 20, 40, 80]))))


@pytest.mark.parametrize("seed", range(4))
def test_fast_wrapping_equals_the_character_walk(seed: int):
    rng = random.Random(seed)
    for text in random_strings(seed, 3000):
        keyword, prefix = rng.choice([("msgid", ""), ("msgstr", "#~ "), ("msgctxt", "#| "), ("msgstr[0]", "")])
        width = rng.choice([79, 79, 30, 20])
        assert wrap_lines(keyword, text, prefix, width) == reference_wrap_lines(keyword, text, prefix, width), text


def test_escape_leaves_plain_text_alone_and_escapes_the_rest():
    assert poformat.escape("plain text, «guillemets»") == "plain text, «guillemets»"
    assert poformat.escape('a "b" \\ \t\n\r\a\b\f\v') == 'a \\"b\\" \\\\ \\t\\n\\r\\a\\b\\f\\v'


def test_one_column_text_holds_only_one_column_characters_without_escapes():
    """The fast path counts one column per character for text matching this class."""
    matched = [c for c in map(chr, range(0x110000)) if poformat._ONE_COLUMN_TEXT.fullmatch(c)]
    assert len(matched) > 1000
    assert all(_width(c) == 1 and c not in _ESCAPES for c in matched)


# Text the one-portion fast path takes: Latin words, punctuation, spaces of all kinds,
# hyphens, URLs; plus a few characters that leave it (quotes, tabs, wide and zero-width).
LATIN = st.sampled_from(list("abcdeé’ABC1234  ----...,,;;::!?()[]{}«»“”–—…%$#&*+=<>@_|~^`/'")
                        + ["\u00a0", "\u202f", "\u2007", "https://example.org/a-b/", "e.g.",
                           "nouveau-nés", "40\u202f%", "—", "¿", "„"])
RARE = st.sampled_from(['"', "\\", "\t", "中", "（", "\u0301", "\u00ad", "ا", "\u3000", "\n"])


@settings(max_examples=800, deadline=None)
@given(parts=st.lists(st.one_of(LATIN, LATIN, LATIN, LATIN, RARE), max_size=60),
       extra=st.integers(0, 12), width=st.sampled_from([79, 79, 40, 20]),
       where=st.sampled_from([("msgid", ""), ("msgstr", "#~ "), ("msgid", "#| "), ("msgstr[1]", "")]))
def test_one_portion_fast_path_equals_the_character_walk(parts, extra, width, where):
    keyword, prefix = where
    text = "".join(parts)
    # also text pushed towards the edge of a line, a column at a time
    for value in (text, text + "a" * extra, "x" * (width - 10 - extra) + " " + text):
        assert wrap_lines(keyword, value, prefix, width) == reference_wrap_lines(keyword, value, prefix, width), value


@pytest.mark.parametrize("length", range(60, 160))
def test_strings_around_the_line_width_wrap_like_the_character_walk(length: int):
    rng = random.Random(length)
    for _ in range(50):
        words = []
        while sum(map(len, words)) < length:
            words.append(rng.choice(["word", "a", "très-long", "http://x.org/y", "«\u00a0b\u00a0»", "c’est",
                                     "40\u202f%", "x" * 70, "—", "(note)", "e.g.", ":", "!"]))
        text = rng.choice([" ", "", "  "]).join(words)[:length]
        for keyword, prefix in [("msgid", ""), ("msgstr", ""), ("msgctxt", "#~ ")]:
            assert wrap_lines(keyword, text, prefix) == reference_wrap_lines(keyword, text, prefix), text


@pytest.mark.parametrize("width", [79, 20, 12, 8])
def test_empty_strings_take_one_line_like_the_character_walk(width: int):
    for keyword, prefix in [("msgid", ""), ("msgstr", "#~ "), ("msgstr[0]", "#| ")]:
        assert wrap_lines(keyword, "", prefix, width) == reference_wrap_lines(keyword, "", prefix, width)


def _scanned_break_positions(text: str) -> list[int]:
    position = re.compile(poformat._scanner().position)
    return [i for i in range(1, len(text)) if position.match(text, i)]


def test_the_scanner_breaks_where_break_before_does_on_every_pair_and_spaced_pair():
    """Every rule `_break_before` applies, for every two characters of the scanner's
    alphabet side by side, with a space between them, and after a leading space."""
    chars = [c for c in poformat._Scanner.ALPHABET if c != " "]
    position = re.compile(poformat._scanner().position)
    for x in chars:
        for c in chars:
            for text in (x + c, x + " " + c, "a" + x + c):
                for i in range(1, len(text)):
                    assert bool(position.match(text, i)) == _break_before(text, i), (text, i)
    for c in chars:
        assert bool(position.match(" " + c, 1)) == _break_before(" " + c, 1), c


def test_the_scanner_accepts_only_one_column_text_without_escapes():
    assert all(poformat._ONE_COLUMN_TEXT.fullmatch(c) for c in poformat._Scanner.ALPHABET)
    assert not poformat._scanner().alphabet.fullmatch('a "b"')
    assert not poformat._scanner().alphabet.fullmatch("中")


SCANNED = st.sampled_from(list("abcdeé’ABC1234 ----...,,;;::!?()[]{}«»“”–—…%$#&*+=<>@_|~^`/'")
                          + ["\u00a0", "\u2011", "https://example.org/a-b/", "e.g.", "x" * 30,
                             "nouveau-nés", "40 %", "¿", "„", "¡", "°", "±", "·"])


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(SCANNED, max_size=80), limit=st.sampled_from([77, 74, 40, 12, 3, 1]))
def test_scanned_breaks_equal_the_bisecting_breaker(parts, limit):
    text = re.sub(" +", " ", "".join(parts))
    assert poformat._scanner().alphabet.fullmatch(text)
    columns = range(len(text) + 1)
    assert poformat._scanned_breaks(text, limit) == poformat._linebreaks(text, columns, limit, 0)
    for keyword in ("msgid", "msgctxt", "msgstr[0]"):  # width: limit, the quotes
        if len(keyword) + 1 <= limit:  # (else wrap_lines takes the general path)
            assert (poformat._wrap_scanned(keyword, text, "", limit, len(keyword) + 1)
                    == reference_wrap_lines(keyword, text, "", limit + 2)), text


@given(st.text(alphabet='ab "\\\t\n\xe9\u4e2d', max_size=12))
def test_columns_of_a_header_field_are_counted_as_character_by_character(text):
    """A portion ending in a newline after plain text (every header field) takes its
    columns without the per-character count."""
    from itertools import accumulate

    for portion in (text, text + "\n", text.replace("\n", "") + "\n"):
        expected = list(accumulate(map(poformat._COLUMNS.__getitem__, portion), initial=0))
        assert list(poformat._cumulative_columns(portion)) == expected


def test_no_break_is_permitted_between_two_characters_of_a_word():
    """The scanner skips positions between two `_unbroken` characters untested."""
    chars = [c for c in poformat._Scanner.ALPHABET if c != " "]
    word = poformat._unbroken(chars)
    assert {"a", "Z", "1", "é", "'"} <= set(word)
    assert not [(a, b) for a in word for b in word if _break_before(a + b, 1)]


def _pairwise_unbroken(chars) -> list[str]:
    """The greedy choice of `_unbroken` made pair by pair, character against character."""
    rep = poformat._REPRESENTATIVE
    after = poformat._BREAKS_AFTER
    kept: list[str] = []
    for char in sorted(chars, key=lambda c: rep[c] != "a"):
        if all(rep[char] not in after[rep[other]] and rep[other] not in after[rep[char]]
               for other in kept + [char]):
            kept.append(char)
    return kept


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + list(poformat._Scanner.ALPHABET)), max_size=60))
def test_unbroken_characters_are_chosen_as_pair_by_pair(chars):
    assert poformat._unbroken(chars) == _pairwise_unbroken(chars)


def test_unbroken_characters_of_the_scanner_are_chosen_as_pair_by_pair():
    chars = [c for c in poformat._Scanner.ALPHABET if c != " "]
    assert poformat._unbroken(chars) == _pairwise_unbroken(chars)


def test_portions_kept_from_an_earlier_string_wrap_as_the_character_walk_does():
    """`wrap_lines` keeps the lines of each portion of a multi-line string; a string made
    of kept portions (every header) wraps as if new, whatever was done with earlier lines."""
    header = "Project-Id-Version: doc\nContent-Type: text/plain; charset=UTF-8\n" + "x " * 60 + "\n"
    first = wrap_lines("msgstr", header)
    first.append("changed by a caller")
    first[0] = "changed too"
    for keyword in ("msgstr", "msgid"):
        assert wrap_lines(keyword, header) == reference_wrap_lines(keyword, header)


MSGID_PARTS = SCANNED | st.sampled_from(['"', "\\", "  ", "中", "\t", "\n", "\u200b", "x" * 80, ""])


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(MSGID_PARTS, max_size=60))
def test_msgid_text_writes_the_lines_of_gnus_walk(parts):
    """The template writer's msgid shortcut (short text on the keyword's line, ASCII
    text recognised without the alphabet's regex) against the character walk, on text
    the scanner accepts and on text it refuses (quotes, backslashes, wide characters,
    double spaces, newlines)."""
    text = "".join(parts)
    assert poformat.msgid_text(text) == "\n".join(reference_wrap_lines("msgid", text))


@pytest.mark.parametrize("text", ["", "a" * 71, "a" * 72, "a" * 77, "a" * 78, "a " * 36, "a " * 39,
                                  "a" * 70 + " b", "a" * 71 + " b", "a" * 76 + " bc", "a" * 200])
def test_msgid_text_at_the_edges_of_a_line(text):
    """Where the keyword's line ends (71 columns of text), where a continuation line
    ends (77), and unbreakable text longer than both."""
    assert poformat.msgid_text(text) == "\n".join(reference_wrap_lines("msgid", text))
