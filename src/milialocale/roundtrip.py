"""The round-trip self-test: extract, translate each unit by itself, rebuild, compare.

A page whose identity translation does not rebuild it exactly is a page the pipeline
would damage in every language, so content teams run this on a new kind of page before
trusting the pipeline with it. The rebuild goes through the build's own writer
(`writers.html.apply_translations`) and serialization (`writers.page.serialize`), in
the source's language, so the build adds nothing by design; the output is parsed again
and compared with the source element by element.

What must survive: every element with its tag and attributes, every text and tail
(whitespace collapsed, except in preformatted elements), every comment and the doctype.
Translatable attribute values (alt, title, meta descriptions…) are compared with their
whitespace collapsed and trimmed, as extraction makes them units. A comment's place
inside running text is not compared: translated text has no place to hold it, so the
writer keeps it next to the inline element it followed (see writers/html.py); a lost or
added comment is reported. A declared charset is compared as UTF-8, the encoding every
built page is written in.

Text declared in another language (``<blockquote lang="fr">`` in an English page) would
be relabelled with the page's language, rightly for a translation, wrongly for the
identity; so the writer does not see those declarations during the round trip.
"""

from __future__ import annotations

import contextlib
import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .checks_text import quote
from .locales import bcp47
from .model import Location
from .readers.html import parse_html, read_html
from .segment import TRANSLATABLE_ATTRIBUTES, collapse, extract_units
from .writers.html import apply_translations
from .writers.page import declare_utf8, serialize

__all__ = ["Difference", "RoundTrip", "roundtrip_page", "roundtrip_pages"]

#: elements whose text is compared exactly, whitespace included.
PREFORMATTED = frozenset({"pre", "listing", "plaintext", "textarea"})
#: attributes that may be units, compared as extraction reads them (value, label, content
#: are units only on some elements; elsewhere the writer does not touch them anyway).
UNIT_ATTRIBUTES = frozenset({*TRANSLATABLE_ATTRIBUTES, "value", "label", "content"})


@dataclass(frozen=True, slots=True, order=True)
class Difference:
    """Something in the source page that the identity round trip changes."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class RoundTrip:
    """What the round trip of some pages found: units seen and differences, sorted."""

    pages: int
    units: int
    differences: tuple[Difference, ...]

    @property
    def ok(self) -> bool:
        return not self.differences


def roundtrip_page(path: Path, *, display: str | None = None) -> tuple[int, list[Difference]]:
    """(number of units, differences) of the identity round trip of the page at `path`."""
    name = display or str(path)
    source = read_html(path, display=name)
    built = read_html(path, display=name)
    root = built.getroot()
    language = root.get("lang") or "en"
    units = extract_units(built, name)
    lookup = {unit.key: unit.text for unit in units}
    with _languages_hidden(root):
        findings = apply_translations(built, name, lookup, locale=language,
                                      source_locale=bcp47(language), date_locale=None)
    differences = [Difference(f.location, f"the writer refused the unit's own text: {f.message}")
                   for f in findings]
    declare_utf8(built.getroot())
    rebuilt = parse_html(serialize(built).encode("utf-8"), name)
    declare_utf8(source.getroot())
    differences += compare_documents(source, rebuilt, name)
    return len(units), sorted(set(differences))


def roundtrip_pages(pages: Iterable[tuple[Path, str]]) -> RoundTrip:
    """The round trip of every (path, display name) pair."""
    count, units, differences = 0, 0, []
    for path, display in pages:
        found, problems = roundtrip_page(path, display=display)
        count, units = count + 1, units + found
        differences += problems
    return RoundTrip(count, units, tuple(differences))


# -- comparing trees -----------------------------------------------------------------


def compare_documents(source: etree._ElementTree, rebuilt: etree._ElementTree, path: str) -> list[Difference]:
    """Every difference between two parsed pages, located in `source`."""
    out = []
    if source.docinfo.doctype != rebuilt.docinfo.doctype:
        out.append(Difference(Location(path, 1), f"doctype {quote(source.docinfo.doctype)} became "
                                                 f"{quote(rebuilt.docinfo.doctype)}"))
    for side in ("preceding", "following"):
        before = [_node_text(n) for n in _siblings(source.getroot(), side)]
        after = [_node_text(n) for n in _siblings(rebuilt.getroot(), side)]
        if before != after:
            out.append(Difference(Location(path, 1), f"the comments {side} <html> changed"))
    out += compare_elements(source.getroot(), rebuilt.getroot(), path)
    return out


def compare_elements(source, rebuilt, path: str, pre: bool = False) -> Iterator[Difference]:
    """Differences between `source` and `rebuilt` and between their descendants."""
    where = Location(path, source.sourceline or 0)
    name = f"<{source.tag}>"
    if source.tag != rebuilt.tag:
        yield Difference(where, f"{name} became <{rebuilt.tag}>")
        return
    pre = pre or source.tag in PREFORMATTED
    for attribute in sorted(set(source.attrib) | set(rebuilt.attrib)):
        old, new = source.get(attribute), rebuilt.get(attribute)
        if old == new or (attribute in UNIT_ATTRIBUTES and old is not None and new is not None
                          and collapse(old).strip() == collapse(new).strip()):
            continue
        if new is None:
            yield Difference(where, f"attribute {attribute} of {name} was dropped")
        elif old is None:
            yield Difference(where, f"attribute {attribute}={quote(new)} was added to {name}")
        else:
            yield Difference(where, f"attribute {attribute} of {name} changed: {_change(old, new)}")
    old_comments, new_comments = Counter(_comments(source)), Counter(_comments(rebuilt))
    for text in sorted((old_comments - new_comments).elements()):
        yield Difference(where, f"comment <!--{quote(text, 40)[1:-1]}--> in {name} was dropped")
    for text in sorted((new_comments - old_comments).elements()):
        yield Difference(where, f"comment <!--{quote(text, 40)[1:-1]}--> was added to {name}")
    old_children, new_children = _elements(source), _elements(rebuilt)
    old_texts, new_texts = _texts(source, pre), _texts(rebuilt, pre)
    if [c.tag for c in old_children] != [c.tag for c in new_children]:
        yield from _compare_children(source, old_children, new_children, path, pre)
        old_text, new_text = "".join(old_texts), "".join(new_texts)
        if _normal(old_text, pre) != _normal(new_text, pre):
            yield Difference(where, f"text of {name} changed: {_change(old_text, new_text)}")
        return
    for index, (old, new) in enumerate(zip(old_texts, new_texts)):
        if old != new:
            if index == 0:
                yield Difference(where, f"text of {name} changed: {_change(old, new)}")
            else:
                child = old_children[index - 1]
                yield Difference(Location(path, child.sourceline or where.line),
                                 f"text after <{child.tag}> changed: {_change(old, new)}")
    for old, new in zip(old_children, new_children):
        yield from compare_elements(old, new, path, pre)


def _compare_children(parent, old_children, new_children, path, pre) -> Iterator[Difference]:
    """Align the children by tag and report those lost or added; compare the rest."""
    where = Location(path, parent.sourceline or 0)
    matcher = difflib.SequenceMatcher(a=[c.tag for c in old_children], b=[c.tag for c in new_children],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):  # same place, other tag
            for old, new in zip(old_children[i1:i2], new_children[j1:j2]):
                yield from compare_elements(old, new, path, pre)
            continue
        for old in old_children[i1:i2]:
            yield Difference(Location(path, old.sourceline or where.line),
                             f"<{old.tag}> {_excerpt(old)}was dropped from <{parent.tag}>")
        for new in new_children[j1:j2]:
            yield Difference(where, f"<{new.tag}> {_excerpt(new)}was added to <{parent.tag}>")


@contextlib.contextmanager
def _languages_hidden(root):
    """Rename every `lang` below `root` while the writer runs, then name it back again,
    on the elements the writer copied for placeholders too (they carry the attribute)."""
    names = {"lang": "data-roundtrip-lang", "xml:lang": "data-roundtrip-xml-lang"}
    for element in root.iterdescendants():
        if isinstance(element.tag, str):
            for name, hidden in names.items():
                if element.get(name) is not None:
                    element.set(hidden, element.attrib.pop(name))
    try:
        yield
    finally:
        for element in root.iter():
            if isinstance(element.tag, str):
                for name, hidden in names.items():
                    if element.get(hidden) is not None:
                        element.set(name, element.attrib.pop(hidden))


def _elements(element) -> list:
    return [child for child in element if isinstance(child.tag, str)]


def _comments(element) -> list[str]:
    return [_node_text(child) for child in element if not isinstance(child.tag, str)]


def _texts(element, pre: bool) -> list[str]:
    """The text before each child element and after the last; comments are transparent."""
    texts, current = [], element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            texts.append(current)
            current = child.tail or ""
        else:
            current += child.tail or ""
    texts.append(current)
    return [_normal(text, pre) for text in texts]


def _normal(text: str, pre: bool) -> str:
    return text if pre else collapse(text)


def _node_text(node) -> str:
    return node.text or "" if not isinstance(node.tag, str) else etree.tostring(node, encoding="unicode")


def _siblings(root, side: str) -> list:
    return list(root.itersiblings(preceding=side == "preceding"))


def _excerpt(element) -> str:
    text = collapse("".join(element.itertext())).strip()
    return f"{quote(text, 40)} " if text else ""


def _change(old: str, new: str, context: int = 25) -> str:
    """“…old…” → “…new…”, cut around the first difference so that it shows."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)

    def cut(text: str) -> str:
        middle = text[begin:len(text) - end + context if end > context else len(text)]
        return ("…" if begin else "") + middle + ("…" if end > context else "")

    return f"{quote(cut(old), 90)} → {quote(cut(new), 90)}"
