"""The fast line breaker gives exactly the breaks of GNU's character-by-character walk.

`reference_wrap_lines` is the straightforward transcription of write-po.c's loop that
poformat used before it bisected cumulative columns; both must agree on every string,
including escapes, wide characters, zero-width marks and overlong words.
"""

from __future__ import annotations

import random

import pytest

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
