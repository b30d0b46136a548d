"""Put translations back into a parsed page, in place.

The writer re-walks the source tree with `segment.iter_segments`, the walk that
extracted the units, so extraction and rebuild cannot disagree about where a unit is.
Only units change: attributes, comments, scripts and the whitespace between blocks stay
exactly as parsed. New elements are made only from placeholders, copying the source
element's tag and attributes; translated text only ever becomes lxml text, which lxml
escapes on output, so nothing a translator writes can become markup.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import TypeAlias

from lxml import etree

from ..errors import Finding, Severity
from ..locales import bcp47, format_iso_date

# Babel formats a date in tens of microseconds; a page shows the same few dates again.
_format_date = functools.lru_cache(maxsize=4096)(format_iso_date)
from ..model import Location, Unit
from ..placeholders import PlaceholderError, PlaceholderNode, parse_translation, plain_text
from ..segment import SKIPPED_TAGS, Segment, effective_translate, is_element, iter_segments

Key: TypeAlias = tuple[str | None, str]
#: (msgctxt, msgid) → msgstr, as `catalog.translations` returns it.
Lookup: TypeAlias = Mapping[Key, str]

# Where comments go when no placeholder precedes them (placeholder names are tags,
# so these cannot collide).
_START, _END = "<start>", "<end>"
# What XML 1.0 (and so lxml) refuses: C0 controls but tab, LF and CR; lone surrogates;
# the non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class SourcePage:
    """A parsed page with its segments, found once and reused for every locale.

    The walk is the costly part of translating a page; `copy` gives a fresh tree whose
    segments are the source's, moved onto the copy's nodes, so a build translates one
    document into many locales without walking it again. The source tree itself is
    never changed.
    """

    def __init__(self, tree: etree._ElementTree | etree._Element, path: str) -> None:
        self.tree = tree
        self.path = path
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        self.segments = list(iter_segments(root, path))
        self.source_lang = root.get("lang")
        self.declared = _declared_langs(root, [s.element for s in self.segments])
        placeholders = {element for s in self.segments for element in s.inline.values()}
        self.loose_dates = [t for t in root.iter("time")
                            if t not in placeholders and _is_loose_date(t)]
        self._positions: dict | None = None

    def copy(self) -> SourcePage:
        """A deep copy of the page, with the segments and dates of the copy."""
        if self._positions is None:
            self._positions = {node: index for index, node in enumerate(_root(self.tree).iter())}
        position = self._positions
        tree = copy.deepcopy(self.tree)
        nodes = list(_root(tree).iter())

        def mapped(node):
            return None if node is None else nodes[position[node]]

        page = object.__new__(SourcePage)
        page.tree, page.path, page.source_lang = tree, self.path, self.source_lang
        page.declared, page._positions = self.declared, None
        # (most segments have no nodes and no placeholders: nothing to map for those)
        page.segments = [Segment(s.unit, nodes[position[s.element]], s.attribute,
                                 tuple([nodes[position[n]] for n in s.nodes]) if s.nodes else (),
                                 mapped(s.previous),
                                 {name: nodes[position[e]] for name, e in s.inline.items()}
                                 if s.inline else {})
                         for s in self.segments]
        page.loose_dates = [mapped(t) for t in self.loose_dates]
        return page


def _root(tree):
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def apply_translations(tree: etree._ElementTree | etree._Element, path: str, lookup: Lookup, *,
                       locale: str, source_locale: str, date_locale: str | None = None,
                       origins: Mapping[Key, Location] | None = None) -> list[Finding]:
    """Replace every unit of `tree` (read from `path`) by its translation, in place.

    A unit without a usable translation keeps its source text; when the language around
    it will differ from the source's, the fallback gets a `lang` attribute so screen
    readers pronounce it correctly. `date_locale` formats the `<time datetime>` elements
    of translated text (None keeps their source content). `origins` locates each
    translation (its PO entry) in warnings; the unit's own location is used otherwise.

    Returns warnings: translations not used because their placeholders do not match the
    source unit, and translations that held characters HTML cannot carry.
    """
    return translate_page(SourcePage(tree, path), lookup, locale=locale,
                          source_locale=source_locale, date_locale=date_locale, origins=origins)


def translate_page(page: SourcePage, lookup: Lookup, *, locale: str, source_locale: str,
                   date_locale: str | None = None,
                   origins: Mapping[Key, Location] | None = None) -> list[Finding]:
    """`apply_translations` on a SourcePage (changed in place: translate a `copy`)."""
    segments = page.segments
    source_lang = page.source_lang or bcp47(source_locale)
    target_lang = bcp47(locale)
    findings: list[Finding] = []

    # Attributes first, so that placeholder copies made below carry translated values.
    for segment in segments:
        if segment.attribute is not None:
            parsed = _parse(segment.unit, lookup, origins, findings)
            if parsed is not None:
                segment.element.set(segment.attribute, plain_text(parsed))
    for segment, declared in zip(segments, page.declared):
        if segment.attribute is not None:
            continue
        parsed = _parse(segment.unit, lookup, origins, findings)
        nodes = segment.nodes
        if parsed is None:
            needed = declared or source_lang
        else:
            nodes = _replace_run(segment, parsed, date_locale)
            needed = target_lang
        inherited = declared or target_lang
        if not _same_language(needed, inherited):
            _mark_language(segment.element, segment.previous, nodes, needed)
    if date_locale is not None:
        for time in page.loose_dates:
            formatted = _format_date(time.get("datetime"), date_locale)
            if formatted:
                time.text = formatted
    return findings


def _warning(unit: Unit, origins, message: str, code: str) -> Finding:
    """A warning at the translation's line (`origins`), naming the unit's line too."""
    where = origins.get(unit.key, unit.location) if origins is not None else unit.location
    suffix = f" (unit at {unit.location})" if where != unit.location else ""
    return Finding(where, Severity.WARNING, message + suffix, code)


def _parse(unit: Unit, lookup: Lookup, origins, findings: list[Finding]) -> list | None:
    """The parsed translation of `unit`, or None when there is none that may be used."""
    msgstr = lookup.get(unit.key)
    if not msgstr:
        return None
    cleaned = _NOT_XML.sub("", msgstr)
    if cleaned != msgstr:
        findings.append(_warning(unit, origins, "control characters removed from the translation",
                                 "markup.control-character"))
    try:
        return parse_translation(cleaned, unit.placeholders, source=unit.text)
    except PlaceholderError as exc:
        findings.append(_warning(unit, origins, "translation not used, the source text is published "
                                 f"instead: {exc}", "markup.placeholder"))
        return None


# -- rebuilding a run -----------------------------------------------------------------


def _replace_run(segment: Segment, parsed: list, date_locale: str | None) -> tuple:
    """Swap the run's nodes for ones built from `parsed`; return the new top-level nodes.

    The run's leading and trailing whitespace is kept, so the layout of the source
    (indentation, line breaks between inline runs and blocks) does not change.
    """
    if not segment.nodes:
        element, previous = segment.element, segment.previous
        leading = (element.text if previous is None else previous.tail) or ""
        return _replace_text(element, previous, leading, parsed)
    return _rebuild_run(segment, parsed, date_locale)


def _rebuild_run(segment: Segment, parsed: list, date_locale: str | None) -> tuple:
    """`_replace_run` in general: new nodes from placeholders, comments kept."""
    element, previous, nodes = segment.element, segment.previous, segment.nodes
    leading = (element.text if previous is None else previous.tail) or ""
    trailing = _text_after_last_element(leading, nodes)
    lead_space = leading[: len(leading) - len(leading.lstrip())]
    trail_space = trailing[len(trailing.rstrip()):]
    builder = _Builder(segment.inline, date_locale)
    items = [lead_space, *builder.items(parsed, leading, nodes), trail_space]
    for node in nodes:
        element.remove(node)  # takes its tail along
    start = element.index(previous) + 1 if previous is not None else 0
    return _place(element, previous, start, items)


def _replace_text(element, previous, leading: str, parsed: list) -> tuple:
    """`_replace_run` for a run of text alone (most runs): no node to remove, no comment
    to keep, and, since placeholders come from a run's nodes, only text in `parsed`.
    The run's text is then its whitespace around the translation, as `_place` joins it."""
    lead_space = leading[: len(leading) - len(leading.lstrip())]
    trail_space = leading[len(leading.rstrip()):]  # (the text after the last element)
    text = lead_space + "".join(parsed) + trail_space or None
    if previous is None:
        element.text = text
    else:
        previous.tail = text
    return ()


def _text_after_last_element(leading: str, nodes) -> str:
    """The run's text after its last element; comments are transparent.

    Trailing comments are re-inserted after the translated text, so the whitespace
    that preceded them in the source must be measured across them.
    """
    text = leading
    for node in nodes:
        text = (text if not is_element(node) else "") + (node.tail or "")
    return text


class _Builder:
    """Make elements for placeholders, from their source elements only."""

    def __init__(self, inline: dict, date_locale: str | None) -> None:
        self.inline = inline
        self.names = {element: name for name, element in inline.items()}
        self.date_locale = date_locale

    def items(self, children: list, leading: str, source_nodes) -> list:
        """Text and new nodes for one container, with its source comments kept.

        A comment has no place in translated text, so it follows the placeholder it
        followed in the source; one with no element before it opens the container if
        only whitespace preceded it there, and closes the container otherwise.
        """
        comments = self._comments_by_anchor(leading, source_nodes)
        out: list = [_detached(c) for c in comments.pop(_START, ())]
        end = comments.pop(_END, [])
        for child in children:
            if isinstance(child, str):
                out.append(child)
            else:
                out.append(self.element(child))
                out.extend(_detached(c) for c in comments.pop(child.placeholder.name, ()))
        out.extend(_detached(c) for rest in [*comments.values(), end] for c in rest)
        return out

    def _comments_by_anchor(self, leading: str, source_nodes) -> dict[str, list]:
        anchors: dict[str, list] = {}
        anchor = None
        text = leading or ""
        for node in source_nodes:
            if is_element(node):
                anchor = self.names.get(node, anchor)
            else:
                key = anchor if anchor is not None else (_END if text.strip() else _START)
                anchors.setdefault(key, []).append(node)
            text += node.tail or ""
        return anchors

    def element(self, node: PlaceholderNode) -> etree._Element:
        placeholder = node.placeholder
        source = self.inline[placeholder.name]
        if placeholder.date is not None:
            text = _format_date(placeholder.date, self.date_locale) if self.date_locale else None
            if text is None:
                return _detached(source)
            new = source.makeelement(source.tag, dict(source.attrib))
            new.text = text
            return new
        if placeholder.void or placeholder.protected is not None:
            return _detached(source)  # translate="no", code, void: verbatim
        new = source.makeelement(source.tag, dict(source.attrib))
        _place(new, None, 0, self.items(node.children, source.text, tuple(source)))
        return new


def _detached(node):
    """A deep copy of `node` without its tail."""
    clone = copy.deepcopy(node)
    clone.tail = None
    return clone


def _place(parent, previous, start: int, items: list) -> tuple:
    """Insert `items` (text and nodes) into `parent` after `previous` (or at its start)."""
    head: list[str] = []
    last = None
    placed = []
    index = start
    for item in items:
        if isinstance(item, str):
            if not item:
                continue
            if last is None:
                head.append(item)
            else:
                last.tail = (last.tail or "") + item
        else:
            item.tail = None
            parent.insert(index, item)
            index += 1
            last = item
            placed.append(item)
    text = "".join(head) or None
    if previous is None:
        parent.text = text
    else:
        previous.tail = text
    return tuple(placed)


# -- language marks -------------------------------------------------------------------


def _declared_lang(element, root) -> str | None:
    """The `lang` declared on `element` or an ancestor below the root, if any."""
    node = element
    while node is not None and node is not root:
        value = node.get("lang", node.get("xml:lang"))
        if value is not None:
            return value
        node = node.getparent()
    return None


def _declared_langs(root, elements: list) -> list[str | None]:
    """`_declared_lang` of each of `elements`, from one pass down the tree rather than a
    walk up from each: in document order an element comes before its descendants, so
    the innermost declaration is the last one given to a node. A page that declares no
    language below its root needs not even that pass. The pass visits only the elements
    that may declare one (one XPath query finds them, in document order), not every
    element of the page."""
    declared = {}
    for element in _may_declare_lang(root):
        value = element.get("lang", element.get("xml:lang"))
        if value is not None:
            for node in element.iter():
                declared[node] = value
    if not declared:
        return [None] * len(elements)
    return [declared.get(element) for element in elements]


#: the elements below the root that may declare a language, in document order (a
#: superset of those `_declared_lang` reads: a namespaced xml:lang counts too).
_may_declare_lang = etree.XPath("descendant::*[@*[local-name() = 'lang' or name() = 'xml:lang']]")


def _same_language(a: str, b: str) -> bool:
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def _mark_language(element, previous, nodes: tuple, lang: str) -> None:
    """Say that a run is in `lang`: on its element when the run is all it holds, else
    on a `<span>` wrapped around the run (its surrounding whitespace stays outside)."""
    if previous is None and len(nodes) == len(element):
        element.set("lang", lang)
        return
    span = element.makeelement("span", {"lang": lang})
    leading = (element.text if previous is None else previous.tail) or ""
    core = leading.lstrip()
    lead_space = leading[: len(leading) - len(core)]
    if nodes:
        index = element.index(nodes[0])
        span.text = core or None
        trailing = nodes[-1].tail or ""
        for node in nodes:
            span.append(node)  # moves the node with its tail
        nodes[-1].tail = trailing.rstrip() or None
        span.tail = trailing[len(trailing.rstrip()):] or None
    else:
        index = element.index(previous) + 1 if previous is not None else 0
        span.text = core.rstrip()
        span.tail = core[len(core.rstrip()):] or None
    element.insert(index, span)
    if previous is None:
        element.text = lead_space or None
    else:
        previous.tail = lead_space or None


def _is_loose_date(time) -> bool:
    """A `<time datetime>` outside any unit, holding plain text, in translatable content."""
    if time.get("datetime") is None or len(time) or not (time.text or "").strip():
        return False
    chain = [time, *time.iterancestors()]
    if any(isinstance(e.tag, str) and e.tag.lower() in SKIPPED_TAGS for e in chain):
        return False
    translate = True
    for element in reversed(chain):
        translate = effective_translate(element, translate)
    return translate
