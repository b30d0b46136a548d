"""Format PO files exactly as GNU gettext does, so `msgcat` leaves our files unchanged.

Translators' tools (Poedit, Weblate, msgmerge) re-save files in GNU's layout; writing the
same layout means no diff churn when a file passes through them. Line breaking follows
the subset of Unicode line breaking (UAX #14) that GNU's `wrap()` applies through
gnulib: after spaces, after hyphens inside words, around ideographs, never before
closing punctuation; East Asian wide characters count two columns.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate

from .chartable import CharTable

PAGE_WIDTH = 79

_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\v": "\\v", "\\": "\\\\", '"': '\\"'}
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")

# Where gnulib's line breaker (used by GNU gettext to wrap strings) allows a break
# between two characters: row = character before, value = characters that may follow
# after a break. Measured with msgcat 0.21 on one representative per UAX #14 class;
# `_representative` maps every other character onto one of these.
_ALL = "aZ1([{\"—%$#&*+=<>@_~^`中（「《اé"
_BREAKS_AFTER = {
    **dict.fromkeys("aZ1#&*=<>@_~^`اé", "—中（「《"),
    " ": "aZ1-([{\"'«»“”‘’—–…%$#&*+=<>@_|~^`中：；（「《ーاé\u00a0",
    "-": "aZ([{\"—%$#&*+=<>@_~^`中（「《اé\u00a0",
    **dict.fromkeys("/.,;:،", "aZ([{\"—%$#&*+=<>@_~^`中（「《اé"),
    **dict.fromkeys("!?…：；！？ー؟", _ALL),
    **dict.fromkeys("([{\"'«»“”‘’（「《\u00a0", ""),
    **dict.fromkeys(")]", "([{—中（「《"),
    **dict.fromkeys("}。，、）」》", "aZ1([{—#&*=<>@_~^`中（「《اé"),
    "—": "aZ1([{\"%$#&*+=<>@_~^`中（「《اé",
    **dict.fromkeys("–|", _ALL + "\u00a0"),
    "%": "\"—%$+中",
    **dict.fromkeys("$+", "\"—%$+"),
    "中": "aZ1([{\"—$#&*+=<>@_~^`中（「《اé",
}
_BREAKS_AFTER = {key: frozenset(value) for key, value in _BREAKS_AFTER.items()}


def escape(text: str) -> str:
    """`text` as written between the quotes of a PO string.

    >>> print(escape('say "hi"'))
    say \\"hi\\"
    """
    # A regex, not str.translate: translate looks up every character in a dict, which
    # made it the slowest step of writing a catalog; most strings need no escape at all.
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(_escape_match, text)


def _escape_match(match: re.Match) -> str:
    return _ESCAPES[match.group()]


@lru_cache(maxsize=8192)
def _width(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _is_ideographic(char: str) -> bool:
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


# Characters measured separately that behave like one of the table's rows.
_ALIASES = {
    **dict.fromkeys("¿¡„‚", "("), **dict.fromkeys("‹›", '"'), "؛": "!",
    **dict.fromkeys("٪°′″", "%"), **dict.fromkeys("٫٬", "1"), **dict.fromkeys("·×≤≥", "a"),
    **dict.fromkeys("−±€", "$"), "\u202f": "\u00a0", "\u2007": "\u00a0", "\u2060": "\u00a0",
}
# Rules that look across spaces (UAX #14 LB13-LB17), as gnulib applies them.
_NEVER_AFTER_SPACE = frozenset("/!?.,;:)]}。，、！？）」》،؟")
_OPENING = frozenset("([{（「《")
_QUOTES = frozenset("\"'«»“”‘’")
_CJK_CLOSING = frozenset("}。，、）」》")
_CJK_NONSTARTER = frozenset("：；ー")


@lru_cache(maxsize=8192)
def _representative(char: str) -> str:
    if char in _BREAKS_AFTER:
        return char
    if char in _ALIASES:
        return _ALIASES[char]
    if _is_ideographic(char):
        return "中"
    category = unicodedata.category(char)
    if category == "Nd":
        return "1"
    if category == "Zs":
        return "–"  # other spaces allow a break after them, like a dash
    return "a"


#: columns a character takes in the output: its escape's length, or its display width.
_COLUMNS = CharTable(lambda c: len(_ESCAPES[c]) if c in _ESCAPES else _width(c))
_REPRESENTATIVE = CharTable(_representative)


def _break_before(portion: str, i: int) -> bool:
    """May a line break go before portion[i]? (gnulib's rules, measured.)"""
    rep = _REPRESENTATIVE
    before, char = rep[portion[i - 1]], rep[portion[i]]
    if before != " ":
        return char in _BREAKS_AFTER[before]
    if char == " " or char in _NEVER_AFTER_SPACE:
        return False
    j = i - 1
    while j >= 0 and portion[j] == " ":
        j -= 1
    if j < 0:
        return True
    last = rep[portion[j]]
    return not (last in _OPENING
                or (last in _QUOTES and char in _OPENING)
                or (last in _CJK_CLOSING and char in _CJK_NONSTARTER)
                or (last == "—" and char == "—"))


def wrap_lines(keyword: str, value: str, prefix: str = "", width: int = PAGE_WIDTH) -> list[str]:
    """Lines for `keyword "value"`, wrapped like GNU gettext's write-po.c."""
    limit = width - 1 - (len(prefix) + 1)  # room for both quotes on continuation lines
    startcol = len(keyword) + 1
    if not value:  # every msgstr of a template
        return [f'{prefix}{keyword} ""']
    if startcol <= limit and "\n" not in value[:-1]:
        return _wrap_one_portion(keyword, value, prefix, limit, startcol)  # most strings
    # Here the value has a newline inside or the keyword leaves no room: GNU writes
    # `keyword ""`, then every portion (up to and with a newline) from column 0.
    lines = [f'{prefix}{keyword} ""']
    for portion in _split_after_newlines(value):
        lines += _portion_lines(portion, prefix, limit)
    return lines


def _portion_lines(portion: str, prefix: str, limit: int) -> list[str]:
    """The lines of a non-empty `portion` wrapped from column 0 (do not change them).
    Short ones are kept: every header repeats the same fields."""
    key = (portion, prefix, limit)
    lines = _PORTION_LINES.get(key)
    if lines is None:
        breaks = _linebreaks(portion, _cumulative_columns(portion), limit, 0)
        lines, start = [], 0
        for position in breaks + [len(portion)]:
            lines.append(f'{prefix}"{escape(portion[start:position])}"')
            start = position
        if len(portion) <= _KEPT_PORTION:
            if len(_PORTION_LINES) >= 4096:
                _PORTION_LINES.clear()
            _PORTION_LINES[key] = lines
    return lines


#: the longest portion `_portion_lines` keeps (a header field is far shorter), so that
#: the 4,096 kept stay small whatever the catalogs' paragraphs.
_KEPT_PORTION = 256


_PORTION_LINES: dict[tuple[str, str, int], list[str]] = {}


# Characters that take exactly one column and need no escape, so that for text made only
# of them the columns of text[:k] are k (a test checks every character of this class).
_ONE_COLUMN_TEXT = re.compile(
    r"[\x00-\x06\x0e-\x21\x23-\x5b\x5d-\xac\xae-\u02ff\u0370-\u0377\u037a-\u037f"
    r"\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u052f\u2000-\u200a"
    r"\u2010-\u2029\u202f-\u205f\u20a0-\u20c0\u2100-\u218b\u2190-\u22ff]*")


def _wrap_one_portion(keyword: str, value: str, prefix: str, limit: int, startcol: int) -> list[str]:
    """`wrap_lines` for a non-empty value without a newline before its end.

    GNU first wraps from the keyword's column and, if that breaks anywhere, starts over
    with `keyword ""` and the text from column 0. Breaking at column 0 first gives the same
    lines for one walk instead of two: text that overflows from column 0 breaks at all
    iff it has a permitted break, and then it breaks from the keyword's column too.
    """
    if limit > 0 and "  " not in value and _scanner().alphabet.fullmatch(value):
        return _wrap_scanned(keyword, value, prefix, limit, startcol)  # most strings
    plain = _ONE_COLUMN_TEXT.fullmatch(value) is not None
    columns = range(len(value) + 1) if plain else _cumulative_columns(value)
    if startcol + columns[-1] <= limit:
        return [f'{prefix}{keyword} "{value if plain else escape(value)}"']
    breaks = _linebreaks(value, columns, limit, 0)
    if not breaks and not _linebreaks(value, columns, limit, startcol):
        return [f'{prefix}{keyword} "{value if plain else escape(value)}"']
    lines = [f'{prefix}{keyword} ""']
    start = 0
    for position in breaks + [len(value)]:
        piece = value[start:position]
        lines.append(f'{prefix}"{piece if plain else escape(piece)}"')
        start = position
    return lines


class _Scanner:
    """`_break_before` as one regular expression, for text of `ALPHABET` without two
    spaces in a row, so that the regex engine finds each line's break instead of a
    Python loop over characters.

    In that text every character takes one column and needs no escape (a subset of
    `_ONE_COLUMN_TEXT`), and a space is preceded by a non-space or nothing, so the rules
    that look back across spaces need to look back one character only: both are what
    fixed-width lookbehinds can express. The classes are built from the same tables
    `_break_before` reads (a test compares the two on every pair and triple).
    """

    ALPHABET = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0xAD), *range(0xAE, 0x100),
                                 *range(0x2010, 0x2028)])).replace('"', "").replace("\\", "")

    def __init__(self) -> None:
        chars = [c for c in self.ALPHABET if c != " "]
        rep = _REPRESENTATIVE

        def having(reps) -> str:
            return _class([c for c in chars if rep[c] in reps])

        # before a non-space the character pair decides: one alternative per row
        rows: dict[frozenset, list[str]] = {}
        for c in chars:
            rows.setdefault(_BREAKS_AFTER[rep[c]], []).append(c)
        merged: dict[str, list[str]] = {}  # rows that allow the same characters after
        for after, before in rows.items():
            merged.setdefault(having(after), []).extend(before)
        alternatives = [f"(?<={_class(before)})(?={after})" for after, before in merged.items()
                        if after != "[]"]
        # after a space: what follows, and the character before the space
        after_space = f"(?<= )(?={having(set(map(rep.__getitem__, chars)) - _NEVER_AFTER_SPACE)})"
        after_space += f"(?<!{having(_OPENING)} )"
        for last, char in ((_QUOTES, _OPENING), (_CJK_CLOSING, _CJK_NONSTARTER), ("—", "—")):
            if having(last) != "[]" and having(char) != "[]":
                after_space += f"(?!(?<={having(last)} ){having(char)})"
        # Inside a word (most positions the search passes) no alternative can hold:
        # one test of the two characters around the position says so first.
        word = _class(_unbroken(chars))
        self.position = f"(?!(?<={word}){word})(?:" + "|".join(alternatives + [after_space]) + ")"
        self.alphabet = re.compile(f"{_class(self.ALPHABET)}*")
        self._lines: dict[int, re.Pattern] = {}

    def line(self, limit: int) -> re.Pattern:
        """Matches a line that ends where a break is permitted: the longest of at most
        `limit` characters, else the shortest longer one (the regex engine tries the
        lengths in that order). (One pattern for both: compiling costs milliseconds.)"""
        pattern = self._lines.get(limit)
        if pattern is None:
            pattern = self._lines[limit] = re.compile(
                f"(?s:.{{1,{limit}}}|.{{{limit + 1},}}?){self.position}")
        return pattern


def _unbroken(chars) -> list[str]:
    """Characters of `chars` between which no break is ever permitted, in either order:
    letters, digits and what behaves like them, taken greedily, letters first.

    Whether two characters may break depends on their representatives alone, so the
    greedy choice is made once per representative (a few dozen), not once per pair of
    characters: a character is kept iff the first one with its representative was."""
    rep = _REPRESENTATIVE
    kept: list[str] = []
    verdicts: dict[str, bool] = {}  # representative -> kept
    kept_reps: list[str] = []
    for char in sorted(chars, key=lambda c: rep[c] != "a"):  # letters first
        mine = rep[char]
        verdict = verdicts.get(mine)
        if verdict is None:
            verdict = verdicts[mine] = all(mine not in _BREAKS_AFTER[other] and other not in _BREAKS_AFTER[mine]
                                           for other in kept_reps + [mine])
            if verdict:
                kept_reps.append(mine)
        if verdict:
            kept.append(char)
    return kept


def _class(chars) -> str:
    """A regex class of `chars`, written as ranges: it compiles many times faster."""
    codes = sorted(set(map(ord, chars)))
    parts = []
    for code in codes:
        if parts and parts[-1][1] == code - 1:
            parts[-1][1] = code
        else:
            parts.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in parts) + "]"


@lru_cache(maxsize=None)
def _scanner() -> _Scanner:
    """Built on first use: commands that write no PO file do not pay for it."""
    return _Scanner()


def _scanned_breaks(value: str, limit: int) -> list[int]:
    """`_linebreaks(value, range(len(value) + 1), limit, 0)` for text `_Scanner` accepts:
    each line is the longest that fits and ends at a permitted break, else it runs to
    the first permitted break after it, else to the end."""
    line = _scanner().line(limit)
    breaks: list[int] = []
    start, size = 0, len(value)
    while size - start > limit:
        match = line.match(value, start)
        if match is None:
            break
        start = match.end()
        breaks.append(start)
    return breaks


def _wrap_scanned(keyword: str, value: str, prefix: str, limit: int, startcol: int) -> list[str]:
    """`_wrap_one_portion` for text `_Scanner` accepts (see there for why column 0 first)."""
    if startcol + len(value) <= limit:
        return [f'{prefix}{keyword} "{value}"']
    breaks = _scanned_breaks(value, limit)
    # from the keyword's column the text breaks iff it has a permitted break anywhere
    if not breaks and _scanner().line(limit).match(value) is None:
        return [f'{prefix}{keyword} "{value}"']
    lines = [f'{prefix}{keyword} ""']
    start = 0
    for position in breaks:
        lines.append(f'{prefix}"{value[start:position]}"')
        start = position
    lines.append(f'{prefix}"{value[start:]}"')
    return lines


#: `wrap_lines`'s limit for a string without prefix (the page width less both quotes),
#: and the longest msgid that fits on the keyword's line.
_LIMIT = PAGE_WIDTH - 2
_MSGID_ROOM = _LIMIT - len("msgid ")


def msgid_text(value: str) -> str:
    """``"\\n".join(wrap_lines("msgid", value))`` at about half the cost for a template's
    common msgid. Text the scanner accepts takes `_wrap_scanned`'s path in `wrap_lines`;
    here ASCII text is recognised as such by string tests rather than the alphabet's
    regex (printable ASCII without a quote or backslash is the alphabet's ASCII part),
    and the lines are joined as they are cut, without the calls in between."""
    if value.isascii():
        scanned = (value.isprintable() and '"' not in value and "\\" not in value
                   and "  " not in value)
    else:
        scanned = "  " not in value and _scanner().alphabet.fullmatch(value) is not None
    if not scanned:
        return "\n".join(wrap_lines("msgid", value))
    if len(value) <= _MSGID_ROOM:
        return f'msgid "{value}"'
    line = _scanner().line(_LIMIT)
    pieces, start, size = [], 0, len(value)
    while size - start > _LIMIT:
        match = line.match(value, start)
        if match is None:
            break
        end = match.end()
        pieces.append(value[start:end])
        start = end
    if not pieces and line.match(value) is None:
        return f'msgid "{value}"'  # no permitted break: one line, however long
    pieces.append(value[start:])
    return 'msgid ""\n"' + '"\n"'.join(pieces) + '"'


def _split_after_newlines(value: str) -> list[str]:
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def _cumulative_columns(portion: str):
    """columns[k]: the output columns of portion[:k] (escapes and wide characters)."""
    if _plain_ascii(portion):
        return range(len(portion) + 1)
    end = len(portion) - 1
    if portion[end:] == "\n" and _plain_ascii(portion[:end]):
        return [*range(end + 1), end + 2]  # a header field: plain text, then "\\n"
    return list(accumulate(map(_COLUMNS.__getitem__, portion), initial=0))


def _plain_ascii(text: str) -> bool:
    """Whether each character of `text` takes one column and needs no escape."""
    return text.isascii() and text.isprintable() and '"' not in text and "\\" not in text


def _linebreaks(portion: str, columns, limit: int, startcol: int) -> list[int]:
    """Greedy breaking at permitted positions so no line exceeds `limit` columns.

    GNU's algorithm walks every character; this one finds where a line overflows by
    bisecting the cumulative columns and only then looks back for the last permitted
    break, which gives the same breaks for a fraction of the rule lookups.
    """
    breaks: list[int] = []
    size = len(portion)
    last = size - 1 if portion.endswith("\n") else size  # no break before a final newline
    start, column, low = 0, startcol, 1
    one_column_each = isinstance(columns, range)
    while True:
        # The first character that does not fit: columns[i + 1] - columns[start] > room.
        if one_column_each:  # what bisect_right would find in range(size + 1), computed
            overflow = min(max(limit - column + start + 1, low), size + 1)
        else:
            overflow = bisect_right(columns, limit - column + columns[start], low)
        if overflow > size:
            return breaks
        i = overflow - 1
        j = min(i, last - 1)
        while j > start and not _break_before(portion, j):
            j -= 1
        if j > start:
            low = i + 2
        else:  # nowhere to break on this line: at the next permitted place, if any
            j = i + 1
            while j < last and not _break_before(portion, j):
                j += 1
            if j >= last:
                return breaks
            low = j + 2
        breaks.append(j)
        start, column = j, 0


def format_reference_lines(references: Iterable[str], width: int = PAGE_WIDTH) -> list[str]:
    lines: list[str] = []
    current = "#:"
    column = 2
    for reference in references:
        length = len(reference) + 1
        if column > 2 and column + length > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += length
    lines.append(current)
    return lines


def iter_comment_lines(marker: str, text: str) -> Iterator[str]:
    """Comment lines; a final backslash gets a space, or GNU's reader would join the
    next line onto this one (and msgcat would then merge two comments)."""
    for line in text.split("\n"):
        if line.endswith("\\"):
            line += " "
        yield f"{marker} {line}" if line else marker


def generate_po(catalog, *, header_comment: str | None = None,
                known: Mapping[tuple, str] | None = None) -> list[str]:
    """The lines of `catalog` (a polib.POFile) in GNU gettext's layout.

    Unlike msgcat, flags that gettext does not know (Weblate-style ``ignore-<check>``)
    are kept, so a translator's opt-outs survive our own rewrites. `known` maps
    `entry_key`s to the text of entries already written in this layout (see
    `entry_blocks`), which is reused rather than wrapped again. (A list, not a
    generator: tens of thousands of lines pass through, and each resumed generator
    level cost more than the appends.)
    """
    lines = header_lines(catalog.header if header_comment is None else header_comment,
                         catalog.metadata, fuzzy=catalog.metadata_is_fuzzy)

    def add(entry, prefix: str) -> None:
        lines.append("")
        block = known.get(entry_key(entry)) if known else None
        if block is None:
            lines.extend(_entry_lines(entry, prefix))
        else:
            lines.append(block)

    obsolete = []
    for entry in catalog:
        if entry.obsolete:
            obsolete.append(entry)
        else:
            add(entry, "")
    for entry in obsolete:
        if has_translation(entry):
            add(entry, "#~ ")
    return lines


def header_lines(comment: str | None, metadata: Mapping[str, str], *, fuzzy: bool) -> list[str]:
    """The lines of a file's header entry (`comment` is its translator comment)."""
    lines: list[str] = []
    if comment:
        lines += iter_comment_lines("#", comment)
    if fuzzy:
        lines.append("#, fuzzy")
    header = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    lines += wrap_lines("msgid", "")
    lines += wrap_lines("msgstr", header)
    return lines


def template_entry(comment: str, occurrences: list[tuple[str, str]], msgctxt: str | None,
                   msgid: str) -> str:
    """The text of a template's entry (extracted comment, references, msgctxt, msgid and
    an empty msgstr): the lines `generate_po` writes for an entry with nothing else,
    as one string, for a writer that makes no polib entry."""
    lines = _extracted_lines(comment, occurrences)
    if msgctxt is not None:
        lines += wrap_lines("msgctxt", msgctxt)
    lines.append(msgid_text(msgid))
    lines.append('msgstr ""')
    return "\n".join(lines)


def entry_key(entry) -> tuple:
    """Everything of an entry that its lines show: entries with equal keys are written
    identically."""
    return (entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())), entry.tcomment, entry.comment,
            tuple(map(tuple, entry.occurrences)), tuple(entry.flags), entry.previous_msgctxt,
            entry.previous_msgid, entry.previous_msgid_plural)


def entry_blocks(text: str, catalog) -> dict[tuple, str]:
    """`entry_key` -> the lines of that entry in `text`, which must be `format_po(catalog)`
    (a file this module wrote, as its digest proves): so that `update` need not wrap
    again the thousands of entries a one-sentence edit leaves as they were.

    Returns {} when the blocks of `text` do not line up with the catalog's entries.
    """
    if not text.endswith("\n"):
        return {}
    blocks = text[:-1].split("\n\n")
    written = [e for e in catalog if not e.obsolete]
    written += [e for e in catalog if e.obsolete and has_translation(e)]
    if len(blocks) != len(written) + 1:
        return {}
    return {entry_key(entry): block for entry, block in zip(written, blocks[1:])}


def has_translation(entry) -> bool:
    """Whether any msgstr of `entry` is filled in (fuzzy or not)."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _entry_lines(entry, prefix: str) -> list[str]:
    if entry.tcomment:
        lines = list(iter_comment_lines("#", entry.tcomment))
        lines += _extracted_lines(entry.comment, entry.occurrences)
    else:
        lines = _extracted_lines(entry.comment, entry.occurrences)
    if entry.flags:
        flags = [f for f in entry.flags if f != "fuzzy"]
        if "fuzzy" in entry.flags and has_translation(entry):
            flags.insert(0, "fuzzy")
        if prefix and flags:
            flags = ["fuzzy"] if "fuzzy" in flags else []  # GNU keeps only fuzzy on #~
        if flags:
            lines.append("#, " + ", ".join(flags))
    previous = prefix.rstrip() + "| " if prefix else "#| "
    if entry.previous_msgctxt is not None:
        lines += wrap_lines("msgctxt", entry.previous_msgctxt, previous)
    if entry.previous_msgid is not None:
        lines += wrap_lines("msgid", entry.previous_msgid, previous)
    if entry.previous_msgid_plural is not None:
        lines += wrap_lines("msgid_plural", entry.previous_msgid_plural, previous)
    if entry.msgctxt is not None:
        lines += wrap_lines("msgctxt", entry.msgctxt, prefix)
    lines += _source_lines(entry.msgid, prefix)
    if entry.msgid_plural:
        lines += wrap_lines("msgid_plural", entry.msgid_plural, prefix)
        for index in sorted(entry.msgstr_plural):
            lines += wrap_lines(f"msgstr[{index}]", entry.msgstr_plural[index], prefix)
    else:
        lines += wrap_lines("msgstr", entry.msgstr, prefix)
    return lines


def _extracted_lines(comment: str, occurrences) -> list[str]:
    """The extracted comment and reference lines of an entry."""
    lines: list[str] = []
    if comment:
        if _plain_comment(comment):  # "#. " before every line, at once
            lines.append("#. " + comment.replace("\n", "\n#. "))
        else:
            lines += iter_comment_lines("#.", comment)
    if len(occurrences) == 1:  # one reference: one line, however long
        path, line = occurrences[0]
        lines.append(f"#: {path}:{line}" if line else f"#: {path}")
    elif occurrences:
        references = (f"{path}:{line}" if line else path for path, line in occurrences)
        lines += format_reference_lines(dict.fromkeys(references))  # GNU drops repeats
    return lines


def _plain_comment(text: str) -> bool:
    """Whether `iter_comment_lines` writes each line of `text` as marker, space, line:
    no line is empty (that one gets no space) or ends in a backslash. (Substring tests:
    a regex would scan every character for each case.)"""
    return "\n\n" not in text and "\\" not in text and text[0] != "\n" and text[-1] != "\n"


def _source_lines(msgid: str, prefix: str) -> list[str]:
    """The msgid lines, wrapped once per process: `update` writes the same msgids into
    the catalog of every locale, one document after another."""
    key = (msgid, prefix)
    lines = _SOURCE_LINES.get(key)
    if lines is None:
        if len(_SOURCE_LINES) >= 4096:
            _SOURCE_LINES.clear()
        lines = _SOURCE_LINES[key] = wrap_lines("msgid", msgid, prefix)
    return lines


_SOURCE_LINES: dict[tuple[str, str], list[str]] = {}


def format_po(catalog, *, header_comment: str | None = None,
              known: Mapping[tuple, str] | None = None) -> str:
    """The whole file as one string (GNU layout, final newline)."""
    return "\n".join(generate_po(catalog, header_comment=header_comment, known=known)) + "\n"
