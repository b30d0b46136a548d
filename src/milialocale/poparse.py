"""A strict PO parser that follows GNU gettext's grammar and builds polib objects.

polib's own reader is lenient: it reads ``msgid "Burns`` (no closing quote) as "Burn"
and skips lines it does not understand, so a damaged catalog is silently published.
This parser follows GNU's lexer and grammar (gettext-tools po-lex.c and po-gram.y) and
refuses what msgfmt refuses, each time with the line. polib stays the data model, so
the rest of the code is unchanged.

Where we are deliberately stricter or more lenient than msgfmt 0.21:

- a UTF-8 byte-order mark is accepted and dropped (msgfmt: syntax error);
- a NUL byte, a ``\\0`` escape, escapes that form invalid text in the file's charset,
  an unknown charset and invalid bytes in comments are errors (msgfmt truncates the
  string, warns, or copies the bytes unchecked: silent corruption);
- ``domain`` directives are refused: a polib catalog holds a single domain.

Speed: entries in the layout GNU tools write are matched whole by one regular
expression (`_ENTRY`, first tried as the faster `_LINE_ENTRY`); every other line goes
through `_scan`, the full lexer. Both give the same result (`tests/test_poparse.py` checks it on generated catalogs), and a
50,000-entry catalog parses about three times faster than with polib.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import gc
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .charsets import python_codec
from .errors import PoSyntaxError
from .model import Location

if TYPE_CHECKING:
    import polib

# Token kinds (GNU's names). A token is (kind, value, line, obsolete).
COMMENT, DOMAIN, MSGCTXT, MSGID, MSGID_PLURAL, MSGSTR = range(6)
PREV_MSGCTXT, PREV_MSGID, PREV_MSGID_PLURAL, STRING, PREV_STRING, NUMBER = range(6, 12)
LBRACKET, RBRACKET, END = 12, 13, 14
#: a whole simple entry matched by `_LINE_ENTRY`; its value is (comment lines, previous msgctxt,
#: previous msgid, msgctxt, msgid, msgstr, line of msgid).
ENTRY = 15

_KEYWORDS = {"msgid": MSGID, "msgstr": MSGSTR, "msgctxt": MSGCTXT,
             "msgid_plural": MSGID_PLURAL, "domain": DOMAIN}
_PREV_KEYWORDS = {"msgid": PREV_MSGID, "msgctxt": PREV_MSGCTXT, "msgid_plural": PREV_MSGID_PLURAL}
_NAMES = {MSGCTXT: "msgctxt", MSGID: "msgid", MSGID_PLURAL: "msgid_plural", MSGSTR: "msgstr",
          PREV_MSGCTXT: "#| msgctxt", PREV_MSGID: "#| msgid",
          PREV_MSGID_PLURAL: "#| msgid_plural", STRING: "a string", PREV_STRING: "a #| string",
          NUMBER: "a number", LBRACKET: "'['", RBRACKET: "']'", DOMAIN: "domain",
          COMMENT: "a comment", END: "the end of the file"}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                   "a": "\a", "\\": "\\", '"': '"'}
_OCTAL = frozenset("01234567")
_HEX = frozenset("0123456789abcdefABCDEF")
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_IDENT = _IDENT_START | frozenset("0123456789")
_DIGITS = frozenset("0123456789")
_BLANK = " \t\r\f\v"
_FLAG_SPLIT = re.compile(r"[ \t\r\f\v]+")
_HAS_BLANK = re.compile(r"[ \t\r\f\v]")
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


class _Fail(Exception):
    """Internal: a message and a line, turned into a located PoSyntaxError by `parse`."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def parse(data: bytes, name: str) -> polib.POFile:
    """Parse the bytes of a PO/POT file named `name`; malformed input is a PoSyntaxError."""
    return _located(_parse_bytes, data, name)


@dataclass(slots=True)
class Summary:
    """What completeness counts need from a catalog: its header's metadata and, per
    message (header excluded), a tuple ``(obsolete, msgctxt, msgid, translation, fuzzy)``
    where `translation` is the string msgfmt looks at (msgstr, or msgstr[0] of a plural)."""

    metadata: dict[str, str]
    messages: list[tuple[bool, str | None, str, str, bool]]


def summarize(data: bytes, name: str) -> Summary:
    """`parse`, reduced to a `Summary`: the same files accepted, the same errors, but
    catalogs in the layout GNU tools write are read without making polib objects."""
    return _located(_summarize_bytes, data, name)


def message_facts(entry: polib.POEntry) -> tuple[bool, str | None, str, str, bool]:
    """The `Summary` tuple of a polib entry."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        translation = forms[min(forms)] if forms else ""
    else:
        translation = entry.msgstr
    return (bool(entry.obsolete), entry.msgctxt, entry.msgid, translation, "fuzzy" in entry.flags)


def _located(read, data: bytes, name: str):
    """`read(data)`, with the GC paused and a failure turned into a located PoSyntaxError."""
    try:
        return _gc_paused(read, data)
    except _Fail as exc:
        raise PoSyntaxError(exc.message, Location(name, exc.line)) from None


def _gc_paused(read, data: bytes):
    """`read(data)` with the GC paused: a catalog is a million small objects and no
    cycles, so the collector's passes would be wasted."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return read(data)
    finally:
        if collecting:
            gc.enable()


def _decode(data: bytes) -> tuple[str, str, str | None]:
    """The text of a PO file, the codec it was decoded with and its declared charset."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise _Fail("binary data (a NUL byte): not a PO file (a compiled .mo file?)", line)
    charset = _declared_charset(data)
    encoding = "utf-8" if charset is None else python_codec(charset)
    if encoding is None:
        raise _Fail(f"unknown charset {charset!r} in the header's Content-Type", _charset_line(data))
    try:
        return data.decode(encoding), encoding, charset
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _Fail(f"invalid {encoding.upper()} byte sequence (the file must be saved "
                    f"in the charset its header declares)", line) from None


def _parse_bytes(data: bytes) -> polib.POFile:
    text, encoding, charset = _decode(data)
    catalog = _build(_tokenize(text, encoding), encoding)
    if encoding not in _UTF8_NAMES and charset is not None:
        # The text is decoded now, and we always write UTF-8: say so in the header,
        # or the next reader would decode our UTF-8 bytes as `charset`.
        _declare_utf8(catalog, charset)
    return catalog


def _summarize_bytes(data: bytes) -> Summary:
    text, encoding, _ = _decode(data)
    summary = _summarize_text(text) if encoding in _UTF8_NAMES else None
    if summary is None:
        catalog = _parse_bytes(data)
        summary = Summary(catalog.metadata, [message_facts(entry) for entry in catalog])
    return summary


def _summarize_text(text: str) -> Summary | None:
    """The summary of a UTF-8 catalog made only of `_LINE_ENTRY` matches and empty lines;
    None for anything else (obsolete entries, plurals, other spacing, a duplicate, an
    escape in error), which the full parser then reads, and reports.

    Equivalent to `parse`: `_tokenize` would make each match an ENTRY token (each one
    starts the text or follows an entry or an empty line, where it tries them), and
    `_entry_token` reads the values it would give.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\\\n" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    match = _LINE_ENTRY.match
    metadata: dict[str, str] = {}
    messages = []
    seen: set[tuple[str | None, str]] = set()
    position, end = 0, len(text)
    while position < end:
        if text[position] == "\n":
            position += 1
            continue
        found = match(text, position)
        if found is None:
            return None
        position = found.end()
        values = _line_values(found)
        if values is None:
            token = _entry_token(found, 1, text.count, "utf-8")
            if token is None:
                return None
            values = token[1]
        block, _, _, msgctxt, msgid, msgstr = values[:6]
        key = (msgctxt, msgid)
        if key in seen:
            return None  # the full parser reports it, with both lines
        seen.add(key)
        if msgctxt is None and not msgid:
            _read_metadata(msgstr, metadata)
        else:
            fuzzy = "fuzzy" in block and _has_fuzzy_flag(block)
            messages.append((False, msgctxt, msgid, msgstr, fuzzy))
    return Summary(metadata, messages)


def _has_fuzzy_flag(block: str) -> bool:
    """Whether the comment lines `block` (as `_LINE_ENTRY` matches them) give the fuzzy flag."""
    flags: list[str] = []
    for line in block.split("\n"):
        if line[1:2] in (",", "!"):
            _add_flags(line[2:], flags)
    return "fuzzy" in flags


# -- counting without reading the strings ---------------------------------------------


@dataclass(slots=True)
class Tally:
    """What completeness counts need from a catalog, read by `tally` without unescaping
    its strings: the number of messages in each state (header excluded) and, as UTF-8
    text, every msgid and those of the fuzzy and of the untranslated messages.

    A text holds each msgid in its quotes, the strings of a field joined and ``\\n``
    read, NUL between msgids: quotes, NUL and newlines are neither words, nor parts of
    words, nor parts of placeholders, so its word count is the sum of the msgids' counts.
    """

    translated: int
    fuzzy: int
    untranslated: int
    msgids: bytes
    fuzzy_msgids: bytes
    untranslated_msgids: bytes
    header: str | None  # the header's msgstr

    @property
    def metadata(self) -> dict[str, str]:
        metadata: dict[str, str] = {}
        if self.header is not None:
            _read_metadata(self.header, metadata)
        return metadata


def tally(data: bytes) -> Tally | None:
    """The `Tally` of PO bytes made only of entries `summarize` reads at once and blank
    lines, in UTF-8; None for any other file (which `summarize` then reads, or reports).

    Equivalent to `summarize`: one `_plain_entries` search finds the `_LINE_ENTRY`
    matches `_summarize_text` would find one by one when they cover the whole text (a
    match then always ends where a blank line or the next entry starts, so the final
    look-ahead of `_LINE_ENTRY` holds). Every string has two quotes and no backslash but
    in ``\\n``, so `_line_values` reads it; with joints removed, a field's bytes then
    stand for its value one to one, so they serve for the duplicate test, and an empty
    msgstr is one made only of quotes. The charset comes from the first entry as
    `_declared_charset` reads it.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\0" in data or b"\r" in data or b"\x04" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    data = data.rstrip(b"\n") + b"\n"
    found = _plain_entries().findall(data)
    if not found or found[-1][-1]:
        return None  # something else than entries and blank lines
    entries, blocks, previous_msgctxts, previous_msgids, msgctxts, msgids, msgstrs, _ = zip(*found)
    strings = b"".join(previous_msgctxts + previous_msgids + msgctxts + msgids + msgstrs)
    if (strings.count(b'"') != 2 * strings.count(b"\n")
            or strings.count(b"\\") != strings.count(b"\\n")):
        return None  # a quote or another escape inside a string
    comments = b"".join(blocks)
    if b"\\\n" in comments:
        return None  # a comment continued on the next line
    joined = b"\0".join(msgids).replace(b'"\n"', b"")
    values = joined.split(b"\0")
    keys: list = values
    if any(msgctxts):  # (an absent msgctxt is b"", a present one at least b'""\n')
        keys = list(zip(b"\0".join(msgctxts).replace(b'"\n"', b"").split(b"\0"), values))
    distinct = set(keys)
    if len(distinct) != len(keys):
        return None  # a duplicate: the full parser reports it, with both lines
    header_key = (b"", b'""\n') if keys is not values else b'""\n'
    header_index = keys.index(header_key) if header_key in distinct else None
    header = None
    if header_index is not None:
        header = _line_value(msgstrs[header_index].decode("utf-8"), '"\n"')
        if header_index == 0 and not _declares_utf8(header, len(entries[0])):
            return None
    untranslated = [index for index in _empty_fields(msgstrs) if index != header_index]
    fuzzy = [index for index in _fuzzy_blocks(blocks, comments)
             if index != header_index and msgstrs[index].strip(b'"\n')]
    translated = len(entries) - (header_index is not None) - len(untranslated) - len(fuzzy)
    return Tally(translated, len(fuzzy), len(untranslated), _read_newlines(joined),
                 _read_newlines(b"\0".join([values[index] for index in fuzzy])),
                 _read_newlines(b"\0".join([values[index] for index in untranslated])), header)


def _empty_fields(fields: tuple[bytes, ...]) -> list[int]:
    """The indexes of the fields made only of ``""`` lines, found in C when each is one."""
    if not (fields[0].startswith(b'""\n""') or b'\0""\n""' in b"\0".join(fields)):
        found, index = [], -1
        try:
            while True:
                index = fields.index(b'""\n', index + 1)
                found.append(index)
        except ValueError:
            return found
    return [index for index, field in enumerate(fields) if not field.strip(b'"\n')]


def _fuzzy_blocks(blocks: tuple[bytes, ...], comments: bytes) -> list[int]:
    """The indexes of the comment blocks giving the fuzzy flag; `comments` joins them.
    (Only blocks where "fuzzy" occurs are looked at: a block never ends inside it.)"""
    found: list[int] = []
    position = comments.find(b"fuzzy")
    if position < 0:
        return found
    ends = list(itertools.accumulate(map(len, blocks)))
    while position >= 0:
        index = bisect.bisect_right(ends, position)
        if _has_fuzzy_flag(blocks[index].decode("utf-8")):
            found.append(index)
        position = comments.find(b"fuzzy", ends[index])
    return found


@functools.cache
def _plain_entries() -> re.Pattern:
    """Blank lines and a `_LINE_ENTRY` match without its look-ahead, over bytes (its
    classes are ASCII, so it matches UTF-8 as `_LINE_ENTRY` matches the text); else,
    in the last group, all the rest of the text.

    The second branch ends the search where the entries stop: left to itself, `findall`
    would try every later position, each attempt reading on to the end of the comment
    block or blank lines it starts in, which is quadratic in the length of a damaged
    file."""
    return re.compile(f"(\n*+{_entry_source(_LINE_STR)})|((?s:.+))".encode("ascii"))


def _declares_utf8(msgstr: str, length: int) -> bool:
    """Whether a header that starts the file, `length` bytes long, leaves it in UTF-8
    as `_decode` reads it (`_declared_charset` looks at its first 64 KiB)."""
    charset = _charset_in(msgstr)
    return length <= 65536 and (charset is None or charset.isascii() and _is_utf8(charset))


@functools.lru_cache(maxsize=64)
def _is_utf8(charset: str) -> bool:
    return python_codec(charset) in _UTF8_NAMES


def _read_newlines(text: bytes) -> bytes:
    """`text` with its ``\\n`` escapes read (it has no other: see `tally`)."""
    return text.replace(b"\\n", b"\n") if b"\\" in text else text


def _declare_utf8(catalog: polib.POFile, charset: str) -> None:
    """Replace the header's first ``charset=`` (the one GNU and we obey) by UTF-8."""
    declared, utf8 = f"charset={charset}", "charset=UTF-8"
    items = list(catalog.metadata.items())
    for index, (key, value) in enumerate(items):
        if declared in f"{key}: {value}":
            if declared in key:
                items[index] = (key.replace(declared, utf8, 1), value)
            else:
                items[index] = (key, value.replace(declared, utf8, 1))
            break
    catalog.metadata = dict(items)


# -- charset ------------------------------------------------------------------------


def _declared_charset(data: bytes) -> str | None:
    """The charset of the header entry, None when absent or the CHARSET placeholder.

    Only the first entry is parsed (as Latin-1, which maps bytes one to one), because
    the rest of the file cannot be read before its charset is known: in Shift_JIS or
    Big5 a backslash byte can be the second half of a character.
    """
    first = _first_message(data[:65536].decode("latin-1"))
    if first is None:
        return None
    msgctxt, msgid, msgstr, obsolete = first
    if msgid or msgctxt is not None or obsolete:
        return None
    return _charset_in(msgstr)


def _charset_in(msgstr: str) -> str | None:
    """The charset a header's msgstr declares, None when absent or the CHARSET placeholder."""
    position = msgstr.find("charset=")
    if position < 0:
        return None
    charset = re.match(r"[^ \t\n]*", msgstr[position + 8:]).group(0)
    if not charset or charset == "CHARSET":
        return None
    return charset


def _first_message(head: str, *, fast: bool = True) -> tuple[str | None, str, str, bool] | None:
    """msgctxt, msgid, msgstr and obsolete of the first entry of `head`; None when
    there is none or it is malformed."""
    if fast and "\r" not in head and "\\\n" not in head:
        # The common case, as the lines below would find it: a `_LINE_ENTRY` match at the
        # start ends where they cut, as no string follows it.
        found = _LINE_ENTRY.match(head)
        token = None if found is None else _entry_token(found, 1, head.count, "latin-1")
        if token is not None:
            _, _, _, msgctxt, msgid, msgstr, _ = token[1]
            return msgctxt, msgid, msgstr, False
    lines = head.split("\n")
    first_msgstr = None  # the first msgstr line: after it, only its strings (or plural forms)
    for index, line in enumerate(lines):
        stripped = line.strip(_BLANK)
        if first_msgstr is None:
            if stripped.startswith("msgstr"):
                first_msgstr = stripped
        elif not (stripped.startswith('"') or stripped.startswith("msgstr[") and first_msgstr.startswith("msgstr[")):
            lines = lines[:index]  # a second plain msgstr is a new keyword, as for `_LINE_ENTRY`
            break
    try:
        entries = _entries(_tokenize("\n".join(lines), "latin-1"), "latin-1", limit=1)
    except _Fail:
        return None  # the full parse reports the problem
    if not entries:
        return None
    header = entries[0]
    return header.msgctxt, header.msgid, header.msgstr, header.obsolete


def _charset_line(data: bytes) -> int:
    position = data.find(b"charset=")
    return data[:position].count(b"\n") + 1 if position >= 0 else 1


# -- lexer ----------------------------------------------------------------------------


class _Raw(str):
    """A string holding bytes from octal or hex escapes as lone surrogates.

    GNU concatenates a string list as bytes, so "\\303" "\\251" is one é: the bytes are
    decoded in the file's charset only once the list is joined.
    """


def _decode_raw(value: str, encoding: str, line: int) -> str:
    try:
        return value.encode(encoding, "surrogateescape").decode(encoding)
    except UnicodeError:
        raise _Fail(f"escape sequences in this string do not form valid {encoding.upper()}",
                    line) from None


# A string in GNU layout: quotes around anything but a quote, backslash, newline or EOT,
# and escapes. `_unescape` validates the escapes.
_STR = r'"[^"\\\n\x04]*(?:\\.[^"\\\n\x04]*)*"'


#: A string line as the fast paths first match it: a quote at the start of a line, a
#: quote at its end. `re` scans for a single character ten times faster than for any
#: of four; `_line_values` then rules out what _STR would not have matched alike.
_LINE_STR = r'"[^\n]*"'


def _entry_source(string: str) -> str:
    """A whole entry in GNU layout, its strings matched by the pattern `string`; its
    groups are the comment lines, previous msgctxt, previous msgid, msgctxt, msgid and
    msgstr.

    Its repeats and options are possessive (``*+``, ``?+``: once matched, never given
    back), which spares `re` their backtracking records: giving back a line could only
    leave the next part to start on a line that is not its own (a string line where a
    keyword is due, a comment where a string is), so no match is lost.
    """

    def field(keyword: str) -> str:
        return rf"{keyword}[ ]({string}\n(?:{string}\n)*+)"

    def previous_field(keyword: str) -> str:
        return rf"\#\|[ ]{keyword}[ ]({string}\n(?:\#\|[ ]{string}\n)*+)"

    return (
        r"((?:\#(?:[^~|\n][^\n]*)?\n)*+)"  # comment lines (not #~, not #|)
        # "#| msgctxt" only with "#| msgid" after it, as po-gram.y wants
        + f"(?:(?:{previous_field('msgctxt')})?+{previous_field('msgid')})?+"
        + f"(?:{field('msgctxt')})?+{field('msgid')}{field('msgstr')}"
    )


#: A string next (blank lines and bare "#~", "#|", "#~|" markers do not count) would
#: continue msgstr: leave that to the full lexer, which also reports "#~" before it as
#: inconsistent. (Refusing a match is always safe: the lexer decides.)
_NO_STRING_NEXT = r'(?!(?:[ \t\r\f\v\n]|\#[~|]\|?)*")'


def _entry_pattern(string: str) -> re.Pattern:
    """A whole entry in GNU layout, its strings matched by the pattern `string`."""
    return re.compile(_entry_source(string) + _NO_STRING_NEXT)


#: What the fast paths match first. Wherever `_entry()` matches, _LINE_ENTRY matches the
#: same text with the same groups (its strings are whole lines either way), and an
#: entry is matched in one way only (each choice is made by a line's first word).
#: So when `_line_values` finds only what _STR matches in its strings, `_entry()` would
#: have matched alike; otherwise `_entry()` decides.
_LINE_ENTRY = _entry_pattern(_LINE_STR)


@functools.cache
def _entry() -> re.Pattern:
    """The entry pattern with GNU's strings (_STR), compiled on first use:
    most catalogs never need it, and it takes 15 ms to compile."""
    return _entry_pattern(_STR)


def _line_values(found: re.Match) -> tuple | None:
    """(comment lines, previous msgctxt, previous msgid, msgctxt, msgid, msgstr) of a
    `_LINE_ENTRY` match, when its strings hold no quote, no <EOT> and no escape but
    \\n (what _STR matches, and `_field_value` reads alike); else None."""
    comments, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr = found.groups()
    msgid, msgstr = _line_value(msgid, '"\n"'), _line_value(msgstr, '"\n"')
    if msgid is None or msgstr is None:
        return None
    if msgctxt is not None:
        msgctxt = _line_value(msgctxt, '"\n"')
        if msgctxt is None:
            return None
    if previous_msgid is not None:
        previous_msgid = _line_value(previous_msgid, '"\n#| "')
        if previous_msgid is None:
            return None
        if previous_msgctxt is not None:
            previous_msgctxt = _line_value(previous_msgctxt, '"\n#| "')
            if previous_msgctxt is None:
                return None
    return comments, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr


def _line_value(field: str, joint: str) -> str | None:
    """The value of a `_LINE_ENTRY` field, or None (see `_line_values`)."""
    value = field[1:-2]
    if "\\" in value and value.count("\\") != value.count("\\n"):
        return None  # (counted before the strings are joined: "\\" and "n" make no \\n)
    if joint in value:  # never inside a string: it holds the newline that ends one
        value = value.replace(joint, "")
    if '"' in value or "\x04" in value:
        return None
    return value.replace("\\n", "\n") if "\\" in value else value


def _tokenize(text: str, encoding: str, *, fast: bool = True) -> list[tuple]:
    """GNU's tokens for `text`, with 1-based line numbers.

    With `fast`, entries in GNU layout become single ENTRY tokens (tried at the start,
    after each entry and after each blank line that ends a message, so each region is
    matched at most once); everything else is tokenized line by line.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\\\n" in text or not fast:
        tokens: list[tuple] = []
        lines = text.split("\n")
        numbered = _join_continuations(lines) if "\\\n" in text else enumerate(lines, 1)
        for number, line in numbered:
            _scan(line, number, tokens.append)
        return tokens
    if not text.endswith("\n"):
        text += "\n"
    tokens = []
    append = tokens.append
    entry, find, count = _LINE_ENTRY.match, text.find, text.count
    line, position, end = 1, 0, len(text)
    boundary = True
    while position < end:
        if boundary:
            found = entry(text, position)
            if found is not None:
                token = _entry_token(found, line, count, encoding)
                if token is not None:
                    append(token)
                    position = found.end()
                    line += count("\n", found.start(), position)
                    while text.startswith("\n", position):  # blank lines: still between messages
                        position += 1
                        line += 1
                    continue
            boundary = False
        char = text[position]
        if char == "\n":
            position += 1
            line += 1
            boundary = _between_messages(tokens)
            continue
        stop = find("\n", position)
        if char == "#" and text[position + 1] not in "~|":
            append((COMMENT, text[position + 1:stop], line, False))
        else:
            _scan(text[position:stop], line, append)
        position = stop + 1
        line += 1
    return tokens


def _between_messages(tokens: list[tuple]) -> bool:
    """Whether `tokens` end with a whole message (or hold none), comments aside, so that
    an ENTRY token may come next. GNU's grammar reads on across blank lines: after
    ``msgctxt "c"`` and a blank line, the next msgid still takes that context."""
    index = len(tokens) - 1
    while index >= 0 and tokens[index][0] == COMMENT:
        index -= 1
    if index < 0 or tokens[index][0] == ENTRY:
        return True
    if tokens[index][0] != STRING:
        return False
    while index >= 0 and tokens[index][0] == STRING:
        index -= 1
    return index >= 0 and tokens[index][0] in (MSGSTR, RBRACKET)  # msgstr or msgstr[n]


def _entry_token(found: re.Match, line: int, count, encoding: str) -> tuple | None:
    """The ENTRY token for a `_LINE_ENTRY` match, or None to leave it to the full lexer."""
    values = _line_values(found)
    if values is None:
        full = _entry().match(found.string, found.start())
        if full is None or full.end() != found.end():
            return None  # not an entry in GNU layout after all
        comments, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr = full.groups()
        try:
            values = (
                comments,
                None if previous_msgctxt is None else _field_value(previous_msgctxt, '"\n#| "', encoding),
                None if previous_msgid is None else _field_value(previous_msgid, '"\n#| "', encoding),
                None if msgctxt is None else _field_value(msgctxt, '"\n"', encoding),
                _field_value(msgid, '"\n"', encoding),
                _field_value(msgstr, '"\n"', encoding),
            )
        except _Fail:
            return None  # the full lexer reports it with the exact line
    msgid_line = line + count("\n", found.start(), found.start(5))
    return (ENTRY, (*values, msgid_line), line, False)


def _field_value(field: str, joint: str, encoding: str) -> str:
    """The value of a matched field: its strings joined, escapes resolved."""
    value = _line_value(field, joint)  # no escape but \n (headers, multi-line texts)
    if value is not None:
        return value
    # Each string unescaped alone: "\1" "23" is not "\123".
    pieces = [_read_string(piece + '"', 0, 0)[0] for piece in field[1:-2].split(joint)]
    value = "".join(pieces)
    if any(type(piece) is _Raw for piece in pieces):
        value = _decode_raw(value, encoding, 0)
    return value


def _join_continuations(lines: list[str]) -> list[tuple[int, str]]:
    """Apply GNU's backslash-newline: a line ending in a backslash continues on the next."""
    numbered: list[tuple[int, str]] = []
    pending: str | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        if pending is None:
            start, pending = number, line
        else:
            pending += line
        if pending.endswith("\\") and number < len(lines):
            pending = pending[:-1]
            continue
        numbered.append((start, pending))
        pending = None
    if pending is not None:
        numbered.append((start, pending))
    return numbered


def _scan(line: str, number: int, append) -> None:
    """Tokenize one line as GNU's po_gram_lex does (any spacing, several tokens, #~, #|)."""
    obsolete = previous = False
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in _BLANK:
            i += 1
        elif char == '"':
            value, i = _read_string(line, i + 1, number)
            append((PREV_STRING if previous else STRING, value, number, obsolete))
        elif char == "#":
            following = line[i + 1:i + 2]
            if following == "~":
                obsolete = True
                i += 2
                if line[i:i + 1] == "|":
                    previous = True
                    i += 1
            elif following == "|":
                previous = True
                i += 2
            else:
                append((COMMENT, line[i + 1:], number, obsolete))
                return
        elif char in _IDENT_START:
            start = i
            while i < n and line[i] in _IDENT:
                i += 1
            word = line[start:i]
            kind = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
            if kind is None:
                raise _Fail(f'keyword "{word}" unknown', number)
            append((kind, None, number, obsolete))
        elif char in _DIGITS:
            start = i
            while i < n and line[i] in _DIGITS:
                i += 1
            append((NUMBER, int(line[start:i]), number, obsolete))
        elif char == "[":
            append((LBRACKET, None, number, obsolete))
            i += 1
        elif char == "]":
            append((RBRACKET, None, number, obsolete))
            i += 1
        else:
            raise _Fail(f"syntax error: unexpected {char!r} outside a string", number)


def _read_string(line: str, i: int, number: int) -> tuple[str, int]:
    """The string starting after the quote at line[i-1], and the index after its end.

    Bytes from octal and hex escapes of 0x80 and above come back in a `_Raw` string.
    """
    parts: list[str] = []
    raw_bytes = False
    while True:
        quote = line.find('"', i)
        backslash = line.find("\\", i, quote if quote >= 0 else len(line))
        if backslash < 0:
            if quote < 0:
                raise _Fail("end-of-line within string (missing closing quote)", number)
            parts.append(line[i:quote])
            i = quote + 1
            break
        parts.append(line[i:backslash])
        code = line[backslash + 1:backslash + 2]
        i = backslash + 2
        simple = _SIMPLE_ESCAPES.get(code)
        if simple is not None:
            parts.append(simple)
            continue
        if code in _OCTAL:
            end = i
            while end < i + 2 and end < len(line) and line[end] in _OCTAL:
                end += 1
            value = int(line[i - 1:end], 8) & 0xFF
            i = end
        elif code == "x" and line[i:i + 1] in _HEX:
            end = i
            while end < len(line) and line[end] in _HEX:
                end += 1
            value = int(line[i:end], 16) & 0xFF
            i = end
        elif not code:
            raise _Fail("end-of-line within string (missing closing quote)", number)
        else:
            raise _Fail(f"invalid control sequence '\\{code}' (known: \\n \\t \\r \\\" \\\\ "
                        f"\\a \\b \\f \\v, octal \\NNN, hex \\xHH)", number)
        if value == 0:
            raise _Fail("a \\0 escape in a string would cut it short in the compiled catalog",
                        number)
        if value >= 0x80:
            raw_bytes = True
            parts.append(chr(0xDC00 + value))  # a byte, as in surrogateescape
        else:
            parts.append(chr(value))
    value = "".join(parts)
    if "\x04" in value:
        raise _Fail("context separator <EOT> within string", number)
    return (_Raw(value) if raw_bytes else value), i


# -- grammar --------------------------------------------------------------------------


def _fail_expected(tokens: list[tuple], i: int, what: str) -> None:
    token = tokens[i]
    found = "the file ends" if token[0] == END else f"found {_NAMES[token[0]]}"
    raise _Fail(f"syntax error: expected {what} after {_NAMES[tokens[i - 1][0]]}, {found}",
                token[2])


def _need(tokens: list[tuple], i: int, kind: int, obsolete: bool) -> tuple:
    """The token at i, which must be of `kind` and agree on #~."""
    token = tokens[i]
    if token[0] != kind:
        _fail_expected(tokens, i, _NAMES[kind])
    if token[3] is not obsolete:
        raise _Fail("inconsistent use of #~", token[2])
    return token


def _strings(tokens: list[tuple], i: int, kind: int, obsolete: bool,
             encoding: str) -> tuple[str, int]:
    """Concatenate the string tokens of `kind` from i on; there must be at least one."""
    first = tokens[i]
    if first[0] != kind:
        _fail_expected(tokens, i, "a string")
    if first[3] is not obsolete:
        raise _Fail("inconsistent use of #~", first[2])
    i += 1
    if tokens[i][0] != kind:
        value = first[1]
    else:
        parts = [first[1]]
        while tokens[i][0] == kind:
            token = tokens[i]
            if token[3] is not obsolete:
                raise _Fail("inconsistent use of #~", token[2])
            parts.append(token[1])
            i += 1
        value = "".join(parts)
        if any(type(part) is _Raw for part in parts):
            value = _Raw(value)
    if type(value) is _Raw:
        value = _decode_raw(value, encoding, first[2])
    return value, i


_STARTS = frozenset({MSGID, MSGCTXT, PREV_MSGID, PREV_MSGCTXT})
#: what POEntry() sets; test_poparse checks it against polib, which may add fields.
ENTRY_FIELDS = ("msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "obsolete",
                "encoding", "comment", "tcomment", "occurrences", "flags", "previous_msgctxt",
                "previous_msgid", "previous_msgid_plural", "linenum")


def _entries(tokens: list[tuple], encoding: str, *, limit: int = 0) -> list[polib.POEntry]:
    """The entries of a token list, following po-gram.y; comments attach to the next entry.

    Entries are made by ``__dict__`` assignment rather than ``POEntry(**fields)``,
    which takes a third of the parse time.
    """
    import polib  # here: counting (`tally`, `summarize`) needs no polib objects

    entries: list[polib.POEntry] = []
    comments: list[tuple] = []
    seen: dict[tuple[str | None, str], int] = {}
    tokens.append((END, None, tokens[-1][2] if tokens else 1, None))
    new, POEntry = object.__new__, polib.POEntry
    i = 0
    while True:
        token = tokens[i]
        kind = token[0]
        if kind == COMMENT:
            comments.append(token)
            i += 1
            continue
        first_line = comments[0][2] if comments else token[2]
        texts = [comment[1] for comment in comments]
        comments = []
        if kind == ENTRY:
            (block, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr,
             msgid_line) = token[1]
            if block:  # lines that each start with "#" and end with a newline
                lines = block[1:-1].split("\n#")
                texts = texts + lines if texts else lines
            obsolete = False
            previous_msgid_plural = None
            msgid_plural = ""
            msgstr_plural: dict[int, str] = {}
            i += 1
        elif kind in _STARTS:
            obsolete = token[3]
            (previous_msgctxt, previous_msgid, previous_msgid_plural, msgctxt, msgid, msgstr,
             msgid_plural, msgstr_plural, msgid_line, i) = _message(tokens, i, obsolete, encoding)
        elif kind == END:
            break
        elif kind == DOMAIN:
            raise _Fail("'domain' directives are not supported: use one PO file per domain",
                        token[2])
        elif kind in (STRING, PREV_STRING):
            raise _Fail("syntax error: a string that follows no keyword", token[2])
        else:
            raise _Fail(f"syntax error: {_NAMES[kind]} without a preceding msgid", token[2])

        key = (msgctxt, msgid)
        if key in seen:
            raise _Fail(f"duplicate message definition (first defined at line {seen[key]})",
                        msgid_line)
        seen[key] = msgid_line
        if texts:
            tcomment, comment, occurrences, flags = _dispatch_comments(texts)
        else:
            tcomment, comment, occurrences, flags = "", "", [], []
        entry = new(POEntry)
        entry.__dict__ = {
            "msgid": msgid, "msgstr": msgstr, "msgid_plural": msgid_plural,
            "msgstr_plural": msgstr_plural, "msgctxt": msgctxt, "obsolete": obsolete,
            "encoding": "utf-8", "comment": comment, "tcomment": tcomment,
            "occurrences": occurrences, "flags": flags, "previous_msgctxt": previous_msgctxt,
            "previous_msgid": previous_msgid, "previous_msgid_plural": previous_msgid_plural,
            "linenum": first_line,
        }
        entries.append(entry)
        if len(entries) == limit:
            break
    return entries


def _message(tokens: list[tuple], i: int, obsolete: bool, encoding: str) -> tuple:
    """One message from tokens[i] (po-gram.y's `message` rule); returns its fields and
    the index after it."""
    kind = tokens[i][0]
    previous_msgctxt = previous_msgid = previous_msgid_plural = None
    if kind == PREV_MSGCTXT:
        previous_msgctxt, i = _strings(tokens, i + 1, PREV_STRING, obsolete, encoding)
        _need(tokens, i, PREV_MSGID, obsolete)
        kind = PREV_MSGID
    if kind == PREV_MSGID:
        previous_msgid, i = _strings(tokens, i + 1, PREV_STRING, obsolete, encoding)
        if tokens[i][0] == PREV_MSGID_PLURAL:
            _need(tokens, i, PREV_MSGID_PLURAL, obsolete)
            previous_msgid_plural, i = _strings(tokens, i + 1, PREV_STRING, obsolete, encoding)
        token = tokens[i]
        kind = token[0]
        if kind != MSGID and kind != MSGCTXT:
            _fail_expected(tokens, i, "msgctxt or msgid")
        if token[3] is not obsolete:
            raise _Fail("inconsistent use of #~", token[2])
    token = tokens[i]
    msgctxt = None
    if kind == MSGCTXT:
        msgctxt, i = _strings(tokens, i + 1, STRING, obsolete, encoding)
        token = _need(tokens, i, MSGID, obsolete)
    msgid_line = token[2]
    msgid, i = _strings(tokens, i + 1, STRING, obsolete, encoding)
    token = tokens[i]
    kind = token[0]
    msgid_plural = msgstr = ""
    msgstr_plural: dict[int, str] = {}
    if kind == MSGSTR:
        if token[3] is not obsolete:
            raise _Fail("inconsistent use of #~", token[2])
        if tokens[i + 1][0] == LBRACKET:
            raise _Fail("missing 'msgid_plural' section", msgid_line)
        msgstr, i = _strings(tokens, i + 1, STRING, obsolete, encoding)
    elif kind == MSGID_PLURAL:
        if token[3] is not obsolete:
            raise _Fail("inconsistent use of #~", token[2])
        msgid_plural, i = _strings(tokens, i + 1, STRING, obsolete, encoding)
        while tokens[i][0] == MSGSTR:
            keyword = _need(tokens, i, MSGSTR, obsolete)
            _need(tokens, i + 1, LBRACKET, obsolete)
            number = _need(tokens, i + 2, NUMBER, obsolete)
            _need(tokens, i + 3, RBRACKET, obsolete)
            index = len(msgstr_plural)
            if number[1] != index:
                raise _Fail("plural form has wrong index" if index
                            else "first plural form has nonzero index", keyword[2])
            msgstr_plural[index], i = _strings(tokens, i + 4, STRING, obsolete, encoding)
        if not msgstr_plural:
            raise _Fail("missing 'msgstr[]' section", msgid_line)
    else:
        raise _Fail("missing 'msgstr' section", msgid_line)
    return (previous_msgctxt, previous_msgid, previous_msgid_plural, msgctxt, msgid, msgstr,
            msgid_plural, msgstr_plural, msgid_line, i)


def _dispatch_comments(texts: list[str]) -> tuple[str, str, list, list]:
    """Sort comment lines (the text after '#') as GNU's po_callback_comment_dispatcher.

    Returns the translator comment, the extracted comment, the references as polib's
    (path, line) pairs (line "" when absent) and the flags.
    """
    translator: list[str] = []
    extracted: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    for text in texts:
        mark = text[:1]
        if mark == ".":
            extracted.append(text[2:] if text[1:2] == " " else text[1:])
        elif mark == ":":
            for reference in text[1:].split():
                path, _, line = reference.rpartition(":")
                if path and line.isdigit():
                    occurrences.append((path, line))
                else:
                    occurrences.append((reference, ""))
        elif mark == "," or mark == "!":
            _add_flags(text[1:], flags)
        else:
            translator.append(text[1:] if mark == " " else text)
    return "\n".join(translator), "\n".join(extracted), occurrences, flags


def _add_flags(text: str, flags: list[str]) -> None:
    """Add the flags of a ``#,`` line (`text` is what follows the comma) to `flags`."""
    for flag in text.split(","):
        flag = flag.strip(_BLANK)
        if flag.startswith("range:") or (flag and not _HAS_BLANK.search(flag)):
            flags.append(flag)
        elif flag:
            flags.extend(f for f in _FLAG_SPLIT.split(flag) if f)


def _build(tokens: list[tuple], encoding: str) -> polib.POFile:
    entries = _entries(tokens, encoding)
    import polib

    catalog = polib.POFile(wrapwidth=79)
    header = None
    for index, entry in enumerate(entries):
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            header = entries.pop(index)
            break
    if header is not None:
        catalog.header = header.tcomment
        catalog.metadata_is_fuzzy = "fuzzy" in header.flags
        _read_metadata(header.msgstr, catalog.metadata)
    list.extend(catalog, entries)
    return catalog


def _read_metadata(msgstr: str, metadata: dict[str, str]) -> None:
    """Add the "Key: value" lines of a header's msgstr to `metadata`, as polib does."""
    key = None
    for line in msgstr.splitlines():
        try:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        except ValueError:
            if key is not None:
                metadata[key] += "\n" + line.strip()


# -- reading for checks, without polib ------------------------------------------------


class LightEntry:
    """The fields of a `polib.POEntry` (`ENTRY_FIELDS`) for code that only reads them
    (`check`), `msgstr_line`, the line of its msgstr keyword, and `source_text`, its
    msgctxt and msgid fields and comment lines as written (see `TemplateText`)."""

    __slots__ = (*ENTRY_FIELDS, "msgstr_line", "source_text")


class LightCatalog(list):
    """`LightEntry` objects, with the `header`, `metadata`, `metadata_is_fuzzy` and
    `fpath` of a `polib.POFile`."""

    header, metadata_is_fuzzy, fpath = "", False, None

    def __init__(self, entries: list[LightEntry]) -> None:
        super().__init__(entries)
        self.metadata: dict[str, str] = {}


@functools.cache
def _plain_entries_text() -> re.Pattern:
    """`_plain_entries` over text: its classes are ASCII, so it matches alike."""
    return re.compile(f"(\n*+{_entry_source(_LINE_STR)})|((?s:.+))")


def _plain_matches(data: bytes) -> list[tuple[str, ...]] | None:
    """The `_plain_entries_text` matches that make up `data`, when it is UTF-8 text of
    entries and blank lines that `tally` would consider; else None."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\0" in data or b"\r" in data or b"\x04" in data or b"\\\n" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _plain_entries_text().findall(text.rstrip("\n") + "\n")
    if not found or found[-1][-1]:
        return None  # something else than entries and blank lines
    return found


def read_light(data: bytes) -> LightCatalog | None:
    """`_read_light` with the GC paused, as `parse` pauses it."""
    return _gc_paused(_read_light, data)


def _read_light(data: bytes) -> LightCatalog | None:
    """What `parse` gives for `data`, as a `LightCatalog`, when `tally` would read the
    file (UTF-8 entries in GNU layout and blank lines); None for any other file, which
    `parse` then reads, or reports.

    Equivalent to `parse` as `tally` is to `summarize`: one search finds the `_LINE_ENTRY`
    matches `_tokenize` makes ENTRY tokens of, `_line_value` reads their fields as
    `_entry_token` does (or refuses, and so do we), and each entry gets the fields
    `_entries` gives an ENTRY token, the header being taken out as `_build` does. No
    string or match is made per line: three quarters of the time of `parse`.
    """
    found = _plain_matches(data)
    if found is None:
        return None
    new, value = object.__new__, _line_value
    entries: list[LightEntry] = []
    header: LightEntry | None = None
    seen: set[tuple[str | None, str]] = set()
    line = 1
    for whole, block, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr, _ in found:
        start = len(whole) - len(whole.lstrip("\n"))
        entry = new(LightEntry)
        entry.msgid, entry.msgstr = value(msgid, '"\n"'), value(msgstr, '"\n"')
        entry.msgctxt = value(msgctxt, '"\n"') if msgctxt else None
        entry.previous_msgid = value(previous_msgid, '"\n#| "') if previous_msgid else None
        entry.previous_msgctxt = value(previous_msgctxt, '"\n#| "') if previous_msgctxt else None
        if (entry.msgid is None or entry.msgstr is None or (msgctxt and entry.msgctxt is None)
                or (previous_msgid and entry.previous_msgid is None)
                or (previous_msgctxt and entry.previous_msgctxt is None)):
            return None  # a string `_line_value` does not read: the full lexer decides
        if block:
            entry.tcomment, entry.comment, entry.occurrences, entry.flags = _dispatch_comments(
                block[1:-1].split("\n#"))
        else:
            entry.tcomment, entry.comment, entry.occurrences, entry.flags = "", "", [], []
        entry.msgid_plural, entry.msgstr_plural, entry.previous_msgid_plural = "", {}, None
        entry.obsolete, entry.encoding = False, "utf-8"
        entry.linenum = line + start
        entry.source_text = (msgctxt, msgid, block)
        entry.msgstr_line = line + whole.count("\n", 0, whole.index("\nmsgstr ") + 1)
        line += whole.count("\n")
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            return None  # the full parser reports it, with both lines
        seen.add(key)
        if header is None and entry.msgctxt is None and not entry.msgid:
            header = entry
            if whole is found[0][0] and not _declares_utf8(entry.msgstr, len(whole.encode("utf-8"))):
                return None  # a header that starts the file declares another charset
        else:
            entries.append(entry)
    catalog = LightCatalog(entries)
    if header is not None:
        catalog.header, catalog.metadata_is_fuzzy = header.tcomment, "fuzzy" in header.flags
        _read_metadata(header.msgstr, catalog.metadata)
    return catalog


@dataclass(slots=True)
class TemplateText:
    """What `check` needs of a template, read from its text: the `Summary.messages` of
    its messages (for counts) and, for each, its msgctxt and msgid fields as written
    ("" for no msgctxt) and its ``#.`` and ``#:`` lines (`source_lines`)."""

    messages: list[tuple[bool, str | None, str, str, bool]]
    sources: dict[tuple[str, str], str]


def source_lines(block: str) -> str:
    """The ``#.`` and ``#:`` lines of comment lines `block`, in order: an entry's comment
    and references are made of these alone (`_dispatch_comments`)."""
    return "\n".join([line for line in block.split("\n") if line[1:2] in (".", ":")])


def read_template_text(data: bytes) -> TemplateText | None:
    """The `TemplateText` of a file `read_light` reads (None for any other), without
    making its entries: the same fields are read the same way, the same files refused."""
    return _gc_paused(_read_template_text, data)


def _read_template_text(data: bytes) -> TemplateText | None:
    found = _plain_matches(data)
    if found is None:
        return None
    value = _line_value
    messages: list[tuple[bool, str | None, str, str, bool]] = []
    sources: dict[tuple[str, str], str] = {}
    seen: set[tuple[str | None, str]] = set()
    header = False
    for whole, block, previous_msgctxt, previous_msgid, msgctxt, msgid, msgstr, _ in found:
        msgid_value, msgstr_value = value(msgid, '"\n"'), value(msgstr, '"\n"')
        msgctxt_value = value(msgctxt, '"\n"') if msgctxt else None
        if (msgid_value is None or msgstr_value is None or (msgctxt and msgctxt_value is None)
                or (previous_msgid and value(previous_msgid, '"\n#| "') is None)
                or (previous_msgctxt and value(previous_msgctxt, '"\n#| "') is None)):
            return None
        key = (msgctxt_value, msgid_value)
        if key in seen:
            return None
        seen.add(key)
        if not header and msgctxt_value is None and not msgid_value:
            header = True
            if whole is found[0][0] and not _declares_utf8(msgstr_value, len(whole.encode("utf-8"))):
                return None
            continue
        messages.append((False, msgctxt_value, msgid_value, msgstr_value,
                         "fuzzy" in block and _has_fuzzy_flag(block)))
        sources[(msgctxt, msgid)] = source_lines(block)
    return TemplateText(messages, sources)
