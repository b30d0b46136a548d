"""What the builder itself adds to a localized page, and how the page is serialized.

These are the only elements and attributes a build adds (besides `lang` on fallback
text): the page's `lang`/`dir`, `<link rel="alternate" hreflang>` to every language
version, the language switcher, and relative URLs rebased to the output location.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import lxml.html
from lxml import etree

from ..locales import bcp47, native_name, text_direction

# Babel's answers, looked up once per locale: a build asks them for every page.
_direction = functools.cache(text_direction)
_native_name = functools.cache(native_name)

SWITCHER_CLASS = "milialocale-languages"
#: attributes holding one URL; srcset is handled apart (a list of candidates).
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction")

# The switcher's accessible name, in the page's language. CLDR has language names but
# no word for "languages"; a missing language falls back to its base language, then
# to English.
_LANGUAGES_LABEL = {
    "ar": "اللغات", "bg": "Езици", "bn": "ভাষা", "ca": "Idiomes", "cs": "Jazyky",
    "da": "Sprog", "de": "Sprachen", "el": "Γλώσσες", "en": "Languages", "es": "Idiomas",
    "fa": "زبان‌ها", "fi": "Kielet", "fr": "Langues", "he": "שפות", "hi": "भाषाएँ",
    "hu": "Nyelvek", "id": "Bahasa", "it": "Lingue", "ja": "言語", "ko": "언어",
    "nl": "Talen", "no": "Språk", "nb": "Språk", "pl": "Języki", "pt": "Idiomas",
    "ro": "Limbi", "ru": "Языки", "sk": "Jazyky", "sv": "Språk", "sw": "Lugha",
    "th": "ภาษา", "tr": "Diller", "uk": "Мови", "ur": "زبانیں", "vi": "Ngôn ngữ",
    "zh": "语言", "zh_Hant": "語言",
}


@dataclass(frozen=True, slots=True)
class Version:
    """One language version of a page: its locale and its URL from the page written."""

    locale: str
    href: str


def languages_label(locale: str) -> str:
    """The word "languages" in `locale`, for the switcher's aria-label.

    >>> languages_label("pt_BR"), languages_label("zh_Hant_TW"), languages_label("xx")
    ('Idiomas', '語言', 'Languages')
    """
    parts = locale.replace("-", "_").split("_")
    for end in range(len(parts), 0, -1):
        label = _LANGUAGES_LABEL.get("_".join(parts[:end]))
        if label:
            return label
    return _LANGUAGES_LABEL["en"]


def set_language(root: etree._Element, locale: str) -> None:
    """Declare the page's language (BCP 47) and, from CLDR, its direction."""
    root.set("lang", bcp47(locale))
    if root.get("xml:lang") is not None:
        root.set("xml:lang", bcp47(locale))
    direction = _direction(locale)
    if direction == "rtl" or root.get("dir") is not None:
        root.set("dir", direction)


def declare_utf8(root: etree._Element) -> None:
    """Pages are written in UTF-8, so a declared charset must say so."""
    for meta in root.iter("meta"):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.set("content", "text/html; charset=utf-8")


def add_alternates(root: etree._Element, versions: Sequence[Version], default: Version | None) -> None:
    """Link every language version from <head>, plus the x-default one."""
    head = root.find("head")
    if head is None:
        return
    links = [(bcp47(v.locale), v.href) for v in versions]
    if default is not None:
        links.append(("x-default", default.href))
    for hreflang, href in links:
        _append_indented(head, head.makeelement("link", {"rel": "alternate", "hreflang": hreflang,
                                                         "href": href}))


def add_switcher(root: etree._Element, versions: Sequence[Version], current: str) -> None:
    """Put a list of the language versions, each named in its own language, first in <body>.

    `translate="no"` keeps browser machine translation away from the names.
    """
    body = root.find("body")
    if body is None or len(versions) < 2:
        return
    page_direction = _direction(current)
    indent = body.text if body.text and not body.text.strip() else "\n"
    nav = body.makeelement("nav", {"class": SWITCHER_CLASS, "aria-label": languages_label(current),
                                   "translate": "no"})
    nav.text = indent + "  "
    listing = etree.SubElement(nav, "ul")
    listing.text = indent + "    "
    for number, version in enumerate(versions):
        item = etree.SubElement(listing, "li")
        attributes = {"href": version.href, "hreflang": bcp47(version.locale), "lang": bcp47(version.locale)}
        if _direction(version.locale) != page_direction:
            attributes["dir"] = _direction(version.locale)
        if _same(version.locale, current):
            attributes["aria-current"] = "page"
        link = etree.SubElement(item, "a", attributes)
        link.text = _native_name(version.locale)
        item.tail = indent + ("    " if number < len(versions) - 1 else "  ")
    listing.tail = indent
    nav.tail = indent
    body.insert(0, nav)
    body.text = indent


def rebase_urls(root: etree._Element, locate: Callable[[str], str | None]) -> None:
    """Rewrite relative URLs with `locate`, which maps a path (relative to the source page,
    percent-decoded) to the new relative path, or None to leave the URL alone.

    Absolute URLs, root-relative paths, fragments (#…) and other schemes (mailto:,
    data:) are never touched.
    """
    for element in root.iter(etree.Element):
        names = element.keys()
        if not names or _URL_NAMES.isdisjoint(names):
            continue  # most elements: the loop below would find nothing to rewrite
        for name in URL_ATTRIBUTES + (("data",) if element.tag == "object" else ()):
            value = element.get(name)
            if value:
                new = _rebase(value, locate)
                if new != value:
                    element.set(name, new)
        srcset = element.get("srcset")
        if srcset:
            new = _rebase_srcset(srcset, locate)
            if new != srcset:
                element.set("srcset", new)


#: every attribute `rebase_urls` may rewrite.
_URL_NAMES = frozenset(URL_ATTRIBUTES + ("data", "srcset"))

_SRCSET_URL = re.compile(r"(\s*)(\S+)")


def _rebase_srcset(srcset: str, locate: Callable[[str], str | None]) -> str:
    """Rebase each candidate URL of a srcset, parsed as HTML does: a URL runs to the
    next whitespace (so data: URLs keep their commas); a URL ending in commas ends its
    candidate, otherwise descriptors run to the next comma.

    >>> _rebase_srcset("a.png 1x, data:image/gif;base64,R0lG= 2x,b.png", lambda p: "../" + p)
    '../a.png 1x, data:image/gif;base64,R0lG= 2x,../b.png'
    """
    out, position = [], 0
    while position < len(srcset):
        match = _SRCSET_URL.match(srcset, position)
        if not match:
            out.append(srcset[position:])  # trailing whitespace
            break
        lead, url = match.groups()
        position = match.end()
        commas = url[len(url.rstrip(",")):]
        url = url.rstrip(",")
        tail = commas
        if not commas:
            stop = srcset.find(",", position)
            stop = len(srcset) if stop < 0 else stop + 1
            tail, position = srcset[position:stop], stop
        out.append(lead + (_rebase(url, locate) if url else url) + tail)
    return "".join(out)


def _rebase(url: str, locate: Callable[[str], str | None]) -> str:
    stripped = url.strip()
    parts = urlsplit(stripped)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    new_path = locate(posixpath.normpath(unquote(parts.path)))
    if new_path is None:
        return url
    return quote(new_path, safe="/!$&'()*+,;=:@-._~") + stripped[len(parts.path):]


def serialize(tree: etree._ElementTree) -> str:
    """The page as HTML, keeping the source's doctype and top-level comments."""
    text = lxml.html.tostring(tree, encoding="unicode", method="html")
    return text if text.endswith("\n") else text + "\n"


def _append_indented(parent: etree._Element, new: etree._Element) -> None:
    """Append `new`, indented like its last sibling."""
    if len(parent):
        last = parent[-1]
        inner = parent[-2].tail if len(parent) >= 2 else parent.text
        new.tail = last.tail
        last.tail = inner
    parent.append(new)


def _same(a: str, b: str) -> bool:
    return re.sub("[-_]", "_", a).lower() == re.sub("[-_]", "_", b).lower()

