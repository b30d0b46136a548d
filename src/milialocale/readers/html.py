"""Read HTML pages with lxml's recovering parser, keeping source line numbers.

lxml (libxml2 2.14, HTML5 tokenizer) reads real-world pages that stricter converters
refuse; what cannot be read at all becomes a located ReadError.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from ..charsets import html_codec
from ..errors import ReadError
from ..model import Location

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)")
#: deeper pages are refused: libxml2 silently drops content below 2048 levels, and our
#: tree walks recurse. Real pages stay far below this.
MAX_DEPTH = 256
#: more attributes on one element are refused: libxml2 checks for duplicates in
#: quadratic time (50,000 attributes take minutes). Real elements have a few dozen.
MAX_ATTRIBUTES = 1000
# A start tag and its attributes, as far as the count is concerned.
_START_TAG = re.compile(r"""<[A-Za-z][^\s/>]*((?:[\s/]+[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)*)""")
_ATTRIBUTE = re.compile(r"""[\s/]+[^\s/>=]+""")


def parse_html(data: bytes, path: str) -> etree._ElementTree:
    """Parse `data` (the bytes of `path`) into an lxml tree.

    The encoding comes from a BOM, an XML declaration or a <meta charset>, else UTF-8,
    read as browsers read it (charsets.html_codec). Bytes that are not valid in that
    encoding, NUL and control characters and absurdly deep nesting are errors naming the line,
    rather than silently replaced or dropped text that would then be published.
    """
    encoding = _detect_encoding(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(f"invalid {encoding} byte sequence (the page must be saved as "
                        f"{encoding})", Location(path, line)) from exc
    except LookupError as exc:
        raise ReadError(f"unknown encoding {encoding!r} declared", Location(path, 1)) from exc
    text = text.lstrip("\ufeff")
    if not text or text.isspace():  # (what `not text.strip()` says, without a copy of the page)
        raise ReadError("the page is empty", Location(path, 1))
    # A page read as UTF-8 is its bytes' text: they answer the scans below faster.
    utf8 = data if encoding == "utf-8" else None
    if ("\0" in text if utf8 is None else b"\0" in utf8):  # libxml2 would make it U+FFFD
        line = text.count("\n", 0, text.index("\0")) + 1
        raise ReadError("binary data (a NUL character): not an HTML page", Location(path, line))
    _check_attribute_counts(text, path)
    # Remove the declaration: lxml refuses str input that declares an encoding.
    text = re.sub(r"^<\?xml[^>]*\?>", "", text)
    # etree's parser, not lxml.html's: the same tree, but without lxml.html's element
    # classes, whose lookup runs Python code for every node a walk touches.
    parser = etree.HTMLParser(remove_blank_text=False, remove_comments=False,
                              remove_pis=False, default_doctype=False, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"cannot parse HTML: {exc}", Location(path, 1)) from exc
    if _may_hold_controls(text, utf8):
        _check_tree(root, path)
    else:
        _check_depth(root, path)
    _empty_void_elements(root)
    return root.getroottree()


def _check_attribute_counts(text: str, path: str) -> None:
    """Refuse an element with more than MAX_ATTRIBUTES attributes, before libxml2 sees it.

    Each counted attribute takes two characters at least, so only a start tag whose
    attributes are longer than 2 * MAX_ATTRIBUTES can have too many: `findall` lists
    the attributes of every tag in C (the same matches as `finditer`), and the tags are
    looked at one by one only when one is that long, to name its line.
    """
    if max(map(len, _START_TAG.findall(text)), default=0) <= 2 * MAX_ATTRIBUTES:
        return
    for match in _START_TAG.finditer(text):
        attributes = match.group(1)
        if len(attributes) > 2 * MAX_ATTRIBUTES and len(_ATTRIBUTE.findall(
                _QUOTED.sub("", attributes))) > MAX_ATTRIBUTES:
            line = text.count("\n", 0, match.start()) + 1
            raise ReadError(f"an element with more than {MAX_ATTRIBUTES} attributes",
                            Location(path, line))


_QUOTED = re.compile(r"""=\s*(?:"[^"]*"|'[^']*')""")


def _check_tree(root, path: str) -> None:
    """Refuse elements nested deeper than MAX_DEPTH (counted without recursion) and
    characters lxml cannot write back; a form feed becomes a space.

    libxml2 lets C0 controls and U+FFFE/U+FFFF into the tree (raw or as ``&#1;``), but
    lxml refuses them in any text it is given, so the build would crash on them.
    """
    depth = 0
    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "end":
            depth -= 1
            continue
        if event == "start":
            depth += 1
        if depth > MAX_DEPTH:
            raise ReadError(f"elements nested deeper than {MAX_DEPTH} levels: the page is "
                            f"refused rather than read incompletely",
                            Location(path, node.sourceline or 1))
        for attribute in ("text", "tail"):
            value = getattr(node, attribute)
            if value and _NOT_XML.search(value):
                setattr(node, attribute, _clean(value, node, path))
        if isinstance(node.tag, str):
            for name, value in node.attrib.items():
                if _NOT_XML.search(value):
                    node.set(name, _clean(value, node, path))


# What XML 1.0, and so lxml, cannot hold (NUL is refused before parsing).
_NOT_XML = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REFERENCE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]*)|([0-9]*))")
# _NOT_XML in UTF-8: these bytes stand only for themselves, and U+FFFE/U+FFFF are
# EF BF BE/EF BF BF (a lead byte and two continuations: no other character ends in them).
_NOT_XML_BYTES = bytes(range(0x01, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))


def _holds_not_xml(text: str, data: bytes | None = None) -> bool:
    """``_NOT_XML.search(text) is not None``, by byte operations on the UTF-8 text
    (`data`, when the caller has it): the regex scan of a whole page costs about as much
    as parsing it. (A byte order mark before the text in `data` changes nothing: EF BB BF.)

    >>> _holds_not_xml("café\\n\\t"), _holds_not_xml("a\\x0cb"), _holds_not_xml("\\uffff")
    (False, True, True)
    """
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    return (len(data.translate(None, _NOT_XML_BYTES)) != len(data)
            or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data)


def _may_hold_controls(text: str, data: bytes | None = None) -> bool:
    """False when no node of the parsed page can hold what _NOT_XML matches: neither the
    text (`data`: its UTF-8 bytes, if known) nor a numeric character reference in it.
    Most pages; they skip the node walk.

    >>> _may_hold_controls("<p>caf&#233; &#x2019;</p>"), _may_hold_controls("<p>&#12;</p>")
    (False, True)
    """
    if _holds_not_xml(text, data):
        return True
    for match in _REFERENCE.finditer(text):
        digits, base = (match.group(1), 16) if match.group(1) is not None else (match.group(2), 10)
        if not digits or len(digits) > 8:
            return True  # let the walk judge what libxml2 made of it
        value = int(digits, base)
        if not (0x20 <= value < 0x7F or 0xA0 <= value < 0xD800 or 0xE000 <= value < 0xFFFE
                or 0x10000 <= value <= 0x10FFFF):
            return True
    return False


_TOO_DEEP = etree.XPath("/".join(["*"] * MAX_DEPTH))  # elements MAX_DEPTH levels below the root


_ELEMENT_COUNT = etree.XPath("count(//*)")


def _check_depth(root, path: str) -> None:
    """_check_tree's depth rule alone, evaluated by libxml2's XPath. An element MAX_DEPTH
    levels below the root has MAX_DEPTH elements above it: a page with no more elements
    than that in all (most pages) is not looked at level by level."""
    if _ELEMENT_COUNT(root) <= MAX_DEPTH:
        return
    deepest = _TOO_DEEP(root)
    if deepest:
        raise ReadError(f"elements nested deeper than {MAX_DEPTH} levels: the page is "
                        f"refused rather than read incompletely",
                        Location(path, deepest[0].sourceline or 1))


def _clean(value: str, node, path: str) -> str:
    value = value.replace("\x0c", " ")  # form feed: HTML whitespace
    bad = _NOT_XML.search(value)
    if bad:
        raise ReadError(f"control character U+{ord(bad.group()):04X} in the page (raw or as a "
                        f"character reference): not text", Location(path, node.sourceline or 1))
    return value


# Void elements that libxml2 2.14 does not know to be empty: it nests what follows them.
_UNKNOWN_VOIDS = ("wbr", "embed", "source", "track", "param", "keygen")


def _empty_void_elements(root) -> None:
    """Move content that libxml2 put inside void elements back after them.

    HTML5 says these elements never have content; without this, "a<wbr>b" would hide
    "b" inside <wbr>, where it is never extracted or translated.
    """
    for element in list(root.iter(*_UNKNOWN_VOIDS)):
        if element.text is None and len(element) == 0:
            continue
        parent = element.getparent()
        position = parent.index(element) + 1
        text, children = element.text, list(element)
        element.text = None
        tail = element.tail
        element.tail = text
        for offset, child in enumerate(children):
            parent.insert(position + offset, child)
        last = children[-1] if children else element
        last.tail = (last.tail or "") + (tail or "") if children else (text or "") + (tail or "")


def read_html(path: Path | str, *, display: str | None = None) -> etree._ElementTree:
    """Read and parse the HTML page at `path`; `display` is the name used in messages."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(name)) from exc
    return parse_html(data, name)


def _detect_encoding(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    match = _XML_ENCODING.match(data) or _META_CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii").lower()
        codec = html_codec(label)
        if codec is None:
            line = data[: match.start(1)].count(b"\n") + 1
            raise ReadError(f"unknown or unsupported encoding {label!r} declared",
                            Location(path, line))
        return codec
    return "utf-8"
