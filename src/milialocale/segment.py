"""Segmentation: the one rule deciding what is translatable, used both ways.

`iter_segments` walks a parsed page and yields a Segment per unit: a run of flowing
text inside a block, or a translatable attribute. Extraction keeps the units; the
writer uses the same walk to put translations back, so the two cannot disagree.

A *run* is a maximal sequence of text and inline elements between block-level
children of an element, so a `li` holding text and a nested list gives two units and
no text twice. Inline elements become placeholders (see placeholders.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .model import Location, Placeholder, Unit

INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em embed font i img ins kbd mark picture q "
    "rp rt ruby s samp small source span strong sub sup time tt u var wbr".split()
)
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: inline elements whose content is code or sample output: shown, never translated.
CODE_TAGS = frozenset("code kbd samp var".split())
#: never extracted, never entered.
SKIPPED_TAGS = frozenset("script style template svg math textarea".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
TRANSLATABLE_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder")
TRANSLATABLE_META = frozenset(
    "description keywords og:title og:description og:image:alt og:site_name "
    "twitter:title twitter:description twitter:image:alt".split()
)
BUTTON_INPUT_TYPES = frozenset({"button", "submit", "reset"})
CONTEXT_ATTRIBUTE = "data-translate-context"
NOTE_ATTRIBUTES = ("its-loc-note", "data-translate-comment")

_SPACE = re.compile(r"[ \t\n\r\f]+")
# Whitespace to Python (str.split, str.strip) that is not whitespace to HTML.
_OTHER_SPACE = re.compile("[\x0b\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


@dataclass(slots=True)
class Segment:
    """A unit plus where it lives in the tree, so a writer can replace it."""

    unit: Unit
    element: etree._Element
    #: for attribute units: the attribute name; None for text runs.
    attribute: str | None = None
    #: the run's child nodes (inline elements and comments), in order.
    nodes: tuple = ()
    #: the block child before the run, whose tail holds the run's leading text.
    previous: etree._Element | None = None
    #: placeholder name -> source element.
    inline: dict[str, etree._Element] = field(default_factory=dict)


def collapse(text: str) -> str:
    """Collapse HTML whitespace runs to one space.

    >>> collapse(" a \\n\\t b ")
    ' a b '
    """
    return _SPACE.sub(" ", text)


def squeeze(text: str) -> str:
    """``collapse(text).strip()``, faster. Text with single spaces only, as most text
    written on one source line is, has nothing to collapse: strip alone does it. Else,
    where HTML and Python agree on what whitespace is (no non-breaking or other Unicode
    space in `text`), str.split does the work.

    >>> squeeze(" a \\n\\t b "), squeeze("\\xa0a  b\\xa0 c "), squeeze(" a b\\xa0")
    ('a b', 'a b\\xa0 c', 'a b')
    """
    if ("  " not in text and "\n" not in text and "\t" not in text and "\r" not in text
            and "\f" not in text):
        return text.strip()  # (substring tests are much cheaper than a regex scan)
    if _OTHER_SPACE.search(text):
        return _SPACE.sub(" ", text).strip()
    return " ".join(text.split())


def is_element(node) -> bool:
    return isinstance(node.tag, str)


def iter_segments(tree: etree._ElementTree | etree._Element, path: str) -> Iterator[Segment]:
    """Yield every segment of `tree` in document order; `path` goes into locations.

    The walk collects a list rather than yielding through one generator per tree level:
    every caller wants all segments, and resuming nested generators cost more than the
    walk itself.
    """
    walk = _walk(tree, path)
    return iter([Segment(_unit(fields), *place) for fields, place in zip(walk.units, walk.places)])


def extract_units(tree, path: str) -> tuple[Unit, ...]:
    """The units of a parsed page, in document order."""
    return tuple(map(_unit, _walk(tree, path).units))


def unit_fields(tree, path: str) -> list[tuple]:
    """The units of a parsed page as plain tuples: the fields of each Unit in order, its
    location as two fields (path, line). What a template is written from: the walk is
    the same, without making one frozen object per unit that nothing else keeps."""
    return _walk(tree, path).units


def _unit(fields: tuple) -> Unit:
    text, kind, path, line, *rest = fields
    return Unit(text, kind, Location(path, line), *rest)


def _walk(tree, path: str) -> _Walk:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    walk = _Walk(path)
    walk.visit(root, root.tag.lower(), True, False, (), None)
    return walk


def effective_translate(element: etree._Element, inherited: bool) -> bool:
    value = element.get("translate")
    if value is None:
        return inherited
    return value.strip().lower() != "no"


_PRE_TAGS = frozenset({"pre", "listing", "plaintext"})
#: tags whose attribute units do not come from TRANSLATABLE_ATTRIBUTES alone.
_ATTRIBUTE_TAGS = frozenset({"input", "option", "track", "optgroup", "meta"})
_ATTRIBUTE_NAMES = frozenset(TRANSLATABLE_ATTRIBUTES)
#: block elements that `visit` treats apart even without children or attributes.
_NOT_PLAIN_LEAVES = SKIPPED_TAGS | HEADING_TAGS | _PRE_TAGS


class _Walk:
    def __init__(self, path: str) -> None:
        self.path = path
        #: `unit_fields` of each unit found, and where it is: (element, attribute, nodes,
        #: previous, inline), the rest of its Segment.
        self.units: list[tuple] = []
        self.places: list[tuple] = []
        self.headings: list[tuple[int, str]] = []
        #: the titles of `headings`, as units hold them (kept in step, built once).
        self.titles: tuple[str, ...] = ()
        self._inline_cache: dict[etree._Element, bool] = {}

    # -- structure -------------------------------------------------------------------

    def holds_inline_only(self, element) -> bool:
        """Whether an inline element has no block-level descendant (then it is inline)."""
        if not len(element):
            return True
        cached = self._inline_cache.get(element)
        if cached is None:
            cached = all(d.tag.lower() in INLINE_TAGS for d in element.iter(etree.Element))
            self._inline_cache[element] = cached
        return cached

    def visit(self, element, tag: str, translate: bool, pre: bool, notes: tuple, context) -> None:
        """Append the segments of the block `element` (whose lowercase tag is `tag`) and
        of its descendants, in document order."""
        if tag in SKIPPED_TAGS:
            return
        present = element.keys()
        if present:  # (an attribute absent changes nothing: spare the lookups)
            if "translate" in present:
                translate = effective_translate(element, translate)
            if NOTE_ATTRIBUTES[0] in present or NOTE_ATTRIBUTES[1] in present:
                notes = notes + tuple(element.get(a).strip() for a in NOTE_ATTRIBUTES
                                      if element.get(a, "").strip())
            if CONTEXT_ATTRIBUTE in present:
                context = element.get(CONTEXT_ATTRIBUTE) or context
        pre = pre or tag in _PRE_TAGS
        heading = tag in HEADING_TAGS
        if heading:  # a heading's own path holds only its parents
            self._set_headings([h for h in self.headings if h[0] < int(tag[1])])
        if translate and present:
            self.attribute_segments(element, notes, context, tag, present)
        # Runs of comments and inline children between block children. A run is
        # segmented unless it is empty with blank leading text: the indentation
        # between two blocks, most runs of a page.
        previous = None
        leading = element.text
        run: list = []
        for child in element:
            child_tag = child.tag
            if not isinstance(child_tag, str):
                run.append(child)  # a comment or processing instruction
                continue
            child_tag = child_tag.lower()
            if child_tag in INLINE_TAGS and self.holds_inline_only(child):
                run.append(child)
                continue
            if run:
                self.run_segments(element, tuple(run), previous, leading, translate, pre,
                                  notes, context)
                run = []
            elif translate and leading and not leading.isspace():
                self._text_run(element, tag, previous, leading, pre, notes, context)
            if len(child) or child_tag in _NOT_PLAIN_LEAVES or child.keys():
                self.visit(child, child_tag, translate, pre, notes, context)
            elif translate:  # what visit does for a plain leaf: its text is its one run
                text = child.text
                if text and not text.isspace():
                    self._text_run(child, child_tag, None, text, pre, notes, context)
            previous = child
            leading = child.tail
        if run:
            self.run_segments(element, tuple(run), previous, leading, translate, pre, notes,
                              context)
        elif translate and leading and not leading.isspace():
            self._text_run(element, tag, previous, leading, pre, notes, context)
        if heading:
            title = squeeze("".join(element.itertext()))
            self._set_headings(self.headings + [(int(tag[1]), title)])

    def _set_headings(self, headings: list[tuple[int, str]]) -> None:
        self.headings = headings
        self.titles = tuple(h[1] for h in headings)

    def attribute_segments(self, element, notes, context, tag=None, present=None) -> None:
        """Append the element's attribute units (`tag`, lowercase, and `present`, its
        attribute names, when the caller has them already)."""
        if present is None:
            present = element.keys()
        if not present:
            return  # most elements have no attributes at all
        if tag is None:
            tag = element.tag.lower()
        if tag not in _ATTRIBUTE_TAGS and _ATTRIBUTE_NAMES.isdisjoint(present):
            return  # class, id, href…: what most attributes are
        names = [name for name in TRANSLATABLE_ATTRIBUTES if name in present]
        if tag == "input" and element.get("type", "").lower() in BUTTON_INPUT_TYPES:
            names.append("value")
        if tag in ("option", "track", "optgroup"):
            names.append("label")
        for name in names:
            value = element.get(name)
            if value and squeeze(value):
                self.attribute_segment(element, name, f"{tag}@{name}", notes, context)
        if tag == "meta":
            key = (element.get("name") or element.get("property") or "").lower()
            value = element.get("content")
            if key in TRANSLATABLE_META and value and value.strip():
                self.attribute_segment(element, "content", f"meta:{key}", notes, context)

    def attribute_segment(self, element, name, kind, notes, context) -> None:
        self.units.append((squeeze(element.get(name)), kind, self.path, element.sourceline or 0,
                           context, self.titles, notes, (), (), False))
        self.places.append((element, name, (), None, {}))

    # -- runs ------------------------------------------------------------------------

    def run_segments(self, element, run, previous, leading, translate, pre, notes, context) -> None:
        """Append the units of a (non-empty) run: its text (`leading` is the text before
        its first node), attributes of its inline elements, translate="yes" islands; `visit`
        appends text without inline nodes itself (`_text_run`)."""
        if not translate:
            # Inline islands with translate="yes" inside untranslated text.
            for node in run:
                if isinstance(node.tag, str) and (len(node) or node.keys()):
                    self._inline_descendants(node, False, pre, notes, context)
            return
        # A run that is one inline element wrapping all its text: translate its content.
        # Only elements with no translatable attributes of their own qualify, so that
        # the attribute units of the wrapper are still found below.
        while len(run) == 1:
            wrapper = run[0]
            if (is_element(wrapper) and not (leading or "").strip()
                    and not (wrapper.tail or "").strip()
                    and wrapper.tag.lower() not in VOID_TAGS
                    and wrapper.tag.lower() not in CODE_TAGS
                    and wrapper.get("datetime") is None
                    and effective_translate(wrapper, True)):
                self.attribute_segments(wrapper, notes, context)
                element, run, previous = wrapper, tuple(wrapper), None
                leading = wrapper.text
                continue
            break
        builder = _RunBuilder(run, leading, pre)
        if builder.has_text:
            first = run[0] if run and not (leading or "").strip() else None
            line = self._line_of(element, previous, first)
            self.units.append((builder.text, element.tag.lower(), self.path, line, context,
                               self.titles, notes, builder.terms, builder.placeholders, pre))
            self.places.append((element, None, run, previous, builder.inline))
        for node in run:  # (one without children or attributes has neither)
            if isinstance(node.tag, str) and (len(node) or node.keys()):
                self._inline_descendants(node, True, pre, notes, context)

    def _text_run(self, element, tag, previous, leading, pre, notes, context) -> None:
        """Append the unit of a run that is text alone (most runs): what _RunBuilder
        would give for it, without one. `leading` is not blank."""
        text = leading.strip() if pre else squeeze(leading)
        line = (previous is not None and previous.sourceline) or element.sourceline or 0
        self.units.append((text, tag, self.path, line, context, self.titles, notes, (), (), pre))
        self.places.append((element, None, (), previous, {}))

    def _inline_descendants(self, node, translate, pre, notes, context) -> None:
        """Attribute units of inline elements, and translate="yes" islands.

        Only elements with attributes can have either, and only some attributes make
        either (what attribute_segments and the island test look at), so the others are
        passed by before their effective translate is worked out.
        """
        for element in node.iter(etree.Element):
            present = element.keys()
            if not present:
                continue
            if translate:
                if element.tag.lower() in _ATTRIBUTE_TAGS or not _ATTRIBUTE_NAMES.isdisjoint(present):
                    if _effective_chain(element, node, True):
                        self.attribute_segments(element, notes, context)
            elif ("translate" in present and element.get("translate").strip().lower() == "yes"
                    and _effective_chain(element, node, False)):
                self.visit(element, element.tag.lower(), True, pre, notes, context)

    @staticmethod
    def _line_of(element, previous, first) -> int:
        if first is not None and first.sourceline:
            return first.sourceline
        if previous is not None and previous.sourceline:
            return previous.sourceline
        return element.sourceline or 0


def _effective_chain(element, top, inherited: bool) -> bool:
    """Effective translate of `element`, evaluated from `top` down."""
    chain = []
    current = element
    while current is not None:
        chain.append(current)
        if current is top:
            break
        current = current.getparent()
    value = inherited
    for item in reversed(chain):
        value = effective_translate(item, value)
    return value


class _RunBuilder:
    """Serialize a run into unit text with numbered placeholders."""

    def __init__(self, run, leading: str | None, pre: bool) -> None:
        self.pre = pre
        self.inline: dict[str, etree._Element] = {}
        self.placeholders: tuple[Placeholder, ...] = ()
        self.terms: tuple[str, ...] = ()
        self.has_text = False
        if not run:  # text alone, most runs: what the general case below gives
            self.has_text = bool(leading and leading.strip())
            self.text = (leading or "").strip() if pre else squeeze(leading or "")
            return
        elements: list = []
        texts = [leading or ""]  # the run's text without markup
        for node in run:
            if not isinstance(node.tag, str):
                pass
            elif len(node):
                self._placeholder_elements(node, elements)
                texts.extend(node.itertext())
            else:  # (most inline elements: their text alone)
                elements.append(node)
                texts.append(node.text or "")
            texts.append(node.tail or "")
        literal = "".join(texts)
        names = _name_placeholders(elements, literal)
        self._names = names
        placeholders, terms, pieces = [], [], []
        self._placeholder_list = placeholders
        self._terms = terms
        self._append_text(pieces, leading)
        for node in run:
            self._append_node(pieces, node)
        text = "".join(pieces)
        self.text = text.strip() if pre else squeeze(text)
        self.placeholders = tuple(placeholders)
        self.terms = tuple(terms)

    def _placeholder_elements(self, node, found: list) -> None:
        """Append the elements of `node` that become placeholders, in document order."""
        found.append(node)
        if len(node) and not self._opaque(node):
            for child in node:
                if is_element(child):
                    self._placeholder_elements(child, found)

    @staticmethod
    def _opaque(node) -> bool:
        tag = node.tag.lower()
        return (tag in VOID_TAGS or tag in CODE_TAGS
                or not effective_translate(node, True)
                or (tag == "time" and node.get("datetime") is not None))

    def _append_text(self, pieces, text) -> None:
        if text:
            pieces.append(text)
            if text.strip():
                self.has_text = True

    def _append_node(self, pieces, node) -> None:
        if not is_element(node):  # comment or processing instruction: kept by the writer
            self._append_text(pieces, node.tail)
            return
        name = self._names[node]
        tag = node.tag.lower()
        self.inline[name] = node
        # (the attributes looked at below, when present: most inline elements have none)
        present = node.keys()
        if tag in VOID_TAGS:
            self._placeholder_list.append(_placeholder(name, tag, True))
            pieces.append(f"<{name}/>")
        elif tag == "time" and "datetime" in present:
            self._placeholder_list.append(Placeholder(name, tag, void=True, date=node.get("datetime")))
            pieces.append(f"<{name}/>")
        elif tag in CODE_TAGS or ("translate" in present and not effective_translate(node, True)):
            content = "".join(node.itertext())
            content = content if self.pre else collapse(content)
            self._placeholder_list.append(Placeholder(name, tag, protected=content.strip()))
            pieces.append(f"<{name}>{content}</{name}>")
        else:
            self._placeholder_list.append(_placeholder(name, tag, False))
            if tag == "dfn" or ("its-term" in present and node.get("its-term").strip().lower() == "yes"):
                self._terms.append(squeeze("".join(node.itertext())))
            pieces.append(f"<{name}>")
            self._append_text(pieces, node.text)
            for child in node:
                self._append_node(pieces, child)
            pieces.append(f"</{name}>")
        self._append_text(pieces, node.tail)


def _placeholder(name: str, tag: str, void: bool) -> Placeholder:
    """``Placeholder(name, tag, void=void)``, made once: runs share a few names, and a
    frozen dataclass costs microseconds to make. (Placeholders are values: equal ones
    are interchangeable.)"""
    key = (name, tag, void)
    placeholder = _PLACEHOLDERS.get(key)
    if placeholder is None:
        if len(_PLACEHOLDERS) >= 4096:
            _PLACEHOLDERS.clear()
        placeholder = _PLACEHOLDERS[key] = Placeholder(name, tag, void=void)
    return placeholder


_PLACEHOLDERS: dict[tuple[str, str, bool], Placeholder] = {}


def _name_placeholders(elements, literal: str) -> dict:
    """Name each element by its tag, numbered when a tag occurs more than once.

    A name that the run's own text already contains as a literal tag is skipped, so a
    page that talks about markup cannot be confused with its own placeholders.
    """
    if not elements:
        return {}
    tags = [e.tag.lower() for e in elements]
    if "<" not in literal and len(set(tags)) == len(tags):
        return dict(zip(elements, tags))  # what _numbered_names gives then: the tags
    return _numbered_names(elements, tags, literal)


def _numbered_names(elements, tags: list[str], literal: str) -> dict:
    """`_name_placeholders` for `elements` with these (lowercase) `tags`."""
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    numbers: dict[str, int] = {}
    names = {}
    talks_markup = "<" in literal  # (most runs do not: every name is then free)
    for element, tag in zip(elements, tags):
        while True:
            if counts[tag] == 1 and not numbers.get(tag) and f"<{tag}" not in literal:
                name = tag
            else:
                numbers[tag] = number = numbers.get(tag, 0) + 1
                name = f"{tag}{number}"
            if not talks_markup or (f"<{name}>" not in literal and f"<{name}/>" not in literal
                                    and f"</{name}>" not in literal):
                break
            counts[tag] += 1
        names[element] = name
    return names
