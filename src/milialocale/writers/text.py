"""A readable plain-text rendering of a (translated) page.

One paragraph per line and a blank line between blocks, as in the article's seed text:
the title first, then headings, paragraphs, lists ("  • " and "  1. "), figure
captions, table rows and preformatted text in document order. Scripts, styles, hidden
content and the builder's language switcher are left out. `wrap` folds lines to a
width in terminal columns, where East Asian wide characters count as two.
"""

from __future__ import annotations

import unicodedata

from lxml import etree

from ..chartable import CharTable
from ..segment import INLINE_TAGS, collapse, squeeze
from .page import SWITCHER_CLASS

BULLET = "•"
INDENT = "  "
_SKIPPED = frozenset("script style template noscript svg math head".split())
_LISTS = frozenset({"ul", "ol", "menu"})
#: stands for <br> until whitespace is collapsed (a source newline is just a space).
_BREAK = "\u2028"

# Line breaking: never start a line with closing punctuation, never end one with an
# opening bracket (the basic rules of CJK typesetting, kinsoku shori).
_NO_START = set("、。，．・：；？！）」』】〕〉》〗〙〛｝］”’»›%‰,.;:!?)]}")
_NO_END = set("（「『【〔〈《〖〘〚｛［“‘«‹([{")


def render_text(tree: etree._ElementTree | etree._Element, *, wrap: int | None = None) -> str:
    """The page as plain text; `wrap` folds lines to that many columns."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    blocks: list[list[tuple[str, str, str]]] = []  # lines as (first indent, later indent, text)
    title = root.find("head/title")
    if title is not None:
        text = _inline_text(title)
        if text:
            blocks.append([("", "", text)])
    body = root.find("body")
    _blocks(body if body is not None else root, blocks, depth=0)
    if not wrap:
        out = ["\n".join([(first + text).rstrip() if "\n" not in text
                          else _unwrapped(first, later, text) for first, later, text in block])
               for block in blocks]
        return "\n\n".join(out) + "\n" if out else ""
    out = []
    for block in blocks:
        lines = []
        for first, later, text in block:
            for piece in text.split("\n"):
                lines.extend(wrap_line(piece, wrap, first=first, later=later))
                first = later
        out.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(out) + "\n" if out else ""


def _unwrapped(first: str, later: str, text: str) -> str:
    """The lines of one multi-line `text` without wrapping: the first after `first`,
    the others after `later`, each without trailing space."""
    head, *rest = text.split("\n")
    return "\n".join([(first + head).rstrip(), *[(later + piece).rstrip() for piece in rest]])


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and fullwidth characters count as two.

    >>> display_width("abc"), display_width("粟粒疹"), display_width("e\\u0301")
    (3, 6, 1)
    """
    if text.isascii():
        return len(text)  # ASCII: neither wide nor combining
    return sum(map(_WIDTH.__getitem__, text))


def _width(char: str) -> int:
    """Terminal columns of one character. (poformat has its own, measured on what GNU
    gettext counts, which differs for some combining marks.)"""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_WIDTH = CharTable(_width)
_WIDE = CharTable(lambda char: unicodedata.east_asian_width(char) in ("W", "F"))


def wrap_line(text: str, width: int, *, first: str = "", later: str = "") -> list[str]:
    """Fold `text` to `width` columns; words never split, CJK breaks between characters.

    >>> wrap_line("新生儿粟粒疹很常见。通常会自行消退。", 12)
    ['新生儿粟粒疹', '很常见。通常', '会自行消退。']
    >>> wrap_line("one two three", 9, first="  • ", later="    ")
    ['  • one', '    two', '    three']
    """
    lines: list[str] = []
    line, used = first, display_width(first)
    empty = True
    for space, word in _words(text):
        gap = " " if space and not empty else ""
        size = display_width(gap) + display_width(word)
        if not empty and used + size > width:
            lines.append(line)
            line, used, empty = later, display_width(later), True
            gap, size = "", display_width(word)
        line += gap + word
        used += size
        empty = False
    lines.append(line)
    return lines


def _words(text: str) -> list[list]:
    """[space before, word] pairs where each wide character is a word of its own;
    closing punctuation sticks to the word before, opening brackets to the one after."""
    if text.isascii() or not any(map(_WIDE.__getitem__, text)):
        # No wide character: words are what str.split finds, each after a space (so
        # none is merged), the first after one only if the text starts with a space.
        return [[index > 0 or text[0].isspace(), word] for index, word in enumerate(text.split())]
    return _words_by_character(text)


def _words_by_character(text: str) -> list[list]:
    """`_words` in general, one character at a time."""
    words: list[list] = []
    space, current = False, ""

    def flush() -> None:
        nonlocal space, current
        if current:
            words.append([space, current])
            space, current = False, ""

    for char in text:
        if char.isspace():
            flush()
            space = True
        elif _WIDE[char]:
            flush()
            words.append([space, char])
            space = False
        else:
            current += char
    flush()
    merged: list[list] = []
    for space, word in words:
        if merged and not space and (word[0] in _NO_START or merged[-1][1][-1] in _NO_END):
            merged[-1][1] += word
        else:
            merged.append([space, word])
    return merged


# -- blocks ---------------------------------------------------------------------------


def _skipped(element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True
    tag = tag.lower()
    if tag in _SKIPPED:
        return True
    names = element.keys()  # one call; most elements have none of the names below
    if not names:
        return False
    if "hidden" in names:
        return True
    if "aria-hidden" in names and element.get("aria-hidden").lower() == "true":
        return True
    return tag == "nav" and "class" in names and SWITCHER_CLASS in element.get("class").split()


def _is_inline(node) -> bool:
    tag = node.tag
    if not isinstance(tag, str):
        return True  # comments
    return tag.lower() in INLINE_TAGS and (not len(node) or all(
        not isinstance(d.tag, str) or d.tag.lower() in INLINE_TAGS for d in node.iterdescendants()))


def _blocks(element, blocks: list, depth: int) -> None:
    """Append the blocks of `element`'s content: runs of inline content and block children.

    What `_runs` finds, gathered in the same loop rather than listed first: this walk
    meets every element of a page, once per locale."""
    pieces: list[str] = [element.text or ""]  # the inline run being gathered
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # a comment: its tail goes on with the run
            pieces.append(child.tail or "")
            continue
        tag = tag.lower()
        if tag in INLINE_TAGS and (not len(child) or _is_inline(child)):
            if tag == "br":
                pieces.append(_BREAK)
            elif not _skipped(child):
                _collect(child, pieces)
            pieces.append(child.tail or "")
            continue
        text = _clean("".join(pieces))
        if text:
            blocks.append([("", "", text)])
        pieces = [child.tail or ""]
        if _skipped(child):
            continue
        if len(child) or tag in _OWN_LAYOUT:
            _block(child, tag, blocks, depth)
        else:  # text alone (a heading, a plain paragraph): what _blocks(child) would find
            text = _clean(child.text or "")
            if text:
                blocks.append([("", "", text)])
    text = _clean("".join(pieces))
    if text:
        blocks.append([("", "", text)])


#: block elements `_block` lays out in their own way, not as `_blocks` does.
_OWN_LAYOUT = _LISTS | {"dl", "table", "pre", "listing", "plaintext"}


def _block(child, tag: str, blocks: list, depth: int) -> None:
    """Append the blocks of the block element `child` (not skipped), whose lowercase tag
    is `tag`."""
    if tag in _LISTS:
        lines: list = []
        _list(child, lines, depth)
        if lines:
            blocks.append(lines)
    elif tag == "dl":
        lines = []
        for entry in child:
            if not _skipped(entry):
                text = _inline_text(entry)
                if text:
                    pad = INDENT * 2 if entry.tag == "dd" else ""
                    lines.append((pad, pad, text))
        if lines:
            blocks.append(lines)
    elif tag == "table":
        rows = _table(child)
        if rows:
            blocks.append([("", "", row) for row in rows])
    elif tag in ("pre", "listing", "plaintext"):
        text = "".join(_texts(child)).replace(_BREAK, "\n").strip("\n")
        if text.strip():
            blocks.append([("", "", line) for line in text.split("\n")])
    else:
        _blocks(child, blocks, depth)


def _runs(element) -> list:
    """Inline runs (as text, empty ones left out) and block children of `element`, in order."""
    out: list = []
    pieces: list[str] = [element.text or ""]
    for child in element:
        if _is_inline(child):
            tag = child.tag
            if isinstance(tag, str):
                if tag.lower() == "br":
                    pieces.append(_BREAK)
                elif not _skipped(child):
                    _collect(child, pieces)
            pieces.append(child.tail or "")
            continue
        text = _clean("".join(pieces))
        if text:
            out.append(text)
        out.append(child)
        pieces = [child.tail or ""]
    text = _clean("".join(pieces))
    if text:
        out.append(text)
    return out


def _list(element, lines: list, depth: int) -> None:
    ordered = element.tag.lower() == "ol"
    number = _int(element.get("start"), 1)
    pad = INDENT * (depth + 1)
    for item in element:
        if _skipped(item) or item.tag.lower() != "li":
            continue
        number = _int(item.get("value"), number)
        marker = f"{number}. " if ordered else f"{BULLET} "
        number += 1
        first, later = pad + marker, pad + " " * len(marker)
        if not len(item):  # text alone, the common item: what the loop below would add
            text = _clean(item.text or "")
            if text:
                lines.append((first, later, text))
            continue
        for piece in _runs(item):
            if isinstance(piece, str):
                if piece:
                    lines.append((first, later, piece))
                    first = later
            elif _skipped(piece):
                continue
            elif piece.tag.lower() in _LISTS:
                _list(piece, lines, depth + 1)
            else:
                nested: list = []
                _blocks(piece, nested, depth + 1)
                for block in nested:
                    for _, _, text in block:
                        lines.append((first, later, text))
                        first = later


def _table(table) -> list[str]:
    rows = []
    caption = table.find("caption")
    if caption is not None and _inline_text(caption):
        rows.append(_inline_text(caption))
    for row in table.iter("tr"):
        cells = [_inline_text(cell) for cell in row if cell.tag in ("td", "th") and not _skipped(cell)]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _inline_text(element) -> str:
    pieces: list[str] = []
    _collect(element, pieces)
    return _clean("".join(pieces))


def _texts(element) -> list[str]:
    """The text of `element`, skipping hidden parts; <br> is a line break."""
    pieces: list[str] = []
    _collect(element, pieces)
    return pieces


def _collect(element, pieces: list[str]) -> None:
    """Append `_texts(element)` to `pieces` (one list for the whole subtree)."""
    if element.text:
        pieces.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and not _skipped(child):
            if tag.lower() == "br":
                pieces.append(_BREAK)
            else:
                _collect(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def _clean(text: str) -> str:
    """Collapse whitespace; the line breaks <br> made become newlines."""
    if not text or text.isspace():
        return ""  # what the general case gives, the common case between blocks
    if _BREAK not in text:
        return squeeze(text)
    return "\n".join(collapse(line).strip() for line in text.split(_BREAK)).strip("\n")


def _int(value, default: int) -> int:
    if value is None:
        return default  # the common case, without the cost of an exception
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
