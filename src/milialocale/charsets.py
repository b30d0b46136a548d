"""Declared charsets → Python codecs, refusing the ones that are no real text charset.

A PO header or an HTML page names its own charset, and both are untrusted. Python's
codec registry also holds codecs that would let such a declaration smuggle markup past
our readers (UTF-7 decodes ``+ADw-`` to ``<``) or that are not ASCII-based (UTF-16,
``unicode_escape``); only charsets that read ASCII as ASCII are accepted.
"""

from __future__ import annotations

import codecs

#: codecs that Python knows but that no PO file or web page should be written in.
_REFUSED = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape",
                      "undefined", "utf-7", "mbcs", "oem"})
_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"

#: WHATWG Encoding Standard: labels browsers read as windows-1252, whatever they say.
WINDOWS_1252_LABELS = frozenset({
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
    "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
    "us-ascii", "windows-1252", "x-cp1252",
})


def python_codec(charset: str) -> str | None:
    """The name of Python's codec for `charset`, or None when it is unknown or unsafe.

    >>> python_codec("ISO-8859-1"), python_codec("UTF-7"), python_codec("no-such")
    ('iso8859-1', None, None)
    """
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return None
    try:
        if _ASCII.decode(info.name) != _ASCII.decode("ascii"):
            return None
    except (UnicodeDecodeError, ValueError):
        return None
    return info.name


def html_codec(label: str) -> str | None:
    """The codec a browser would use for a page declaring `label` (WHATWG rules).

    Latin-1 and ASCII labels mean windows-1252, and a UTF-16 label inside the page
    means UTF-8 (a page that can be scanned for <meta> as ASCII is not UTF-16).

    >>> html_codec("iso-8859-1"), html_codec("UTF-16"), html_codec("utf-7")
    ('cp1252', 'utf-8', None)
    """
    label = label.strip().lower()
    if label in WINDOWS_1252_LABELS:
        return "cp1252"
    if label in ("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "csunicode"):
        return "utf-8"
    return python_codec(label)
