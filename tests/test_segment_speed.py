"""The shortcuts of segmentation, template building and page reading give what the
general paths they stand in for give."""

from __future__ import annotations

import re

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.catalog import _new_entry, build_template, template_text
from milialocale.errors import ReadError
from milialocale.model import Location, Placeholder, Unit
from milialocale.poformat import format_po
from milialocale.readers import html as html_reader
from milialocale.readers.html import _NOT_XML, _holds_not_xml, parse_html
from milialocale.segment import (_name_placeholders, _numbered_names, _placeholder, _unit, collapse,
                                 extract_units, iter_segments, squeeze, unit_fields)

SPACES = " \t\n\r\f\x0b\x1c\x85\xa0\u2003\u202f\u3000"


@given(st.text(alphabet=SPACES + "ab<é", max_size=30))
def test_squeeze_is_collapse_then_strip(text):
    assert squeeze(text) == collapse(text).strip()


@given(st.text(alphabet="\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f a\x7f\x80é\ud7ff\ue000\ufffd\ufffe\uffff\U0001f600",
               max_size=20))
def test_byte_scan_finds_what_the_regex_finds(text):
    expected = _NOT_XML.search(text) is not None
    assert _holds_not_xml(text) == expected
    # the page's own bytes, as parse_html passes them for a UTF-8 page, with a BOM or not
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        assert _holds_not_xml(text, data) == expected


def test_new_entry_is_a_polib_entry():
    fields = {"msgid": "Milia", "msgctxt": "title", "comment": "element: h1"}
    made, reference = _new_entry(**fields), polib.POEntry(**fields)
    assert vars(made) == vars(reference)
    assert list(vars(made)) == list(vars(reference))
    other = _new_entry(msgid="x")
    assert made.occurrences is not other.occurrences and made.flags is not other.flags
    assert made.msgstr_plural is not other.msgstr_plural


BLOCKS = ["p", "div", "li", "h2", "h3", "pre", "figcaption", "td"]
INLINES = ["strong", "em", "a", "span", "code", "time", "dfn", "q"]
VOIDS = ["br", "img", "wbr"]
ATTRIBUTES = ['', '', '', ' translate="no"', ' translate="yes"', ' title="Tip"', ' alt=" "',
              ' data-translate-context="menu"', ' its-loc-note="Keep short"',
              ' datetime="2024-01-02"', ' its-term="yes"', ' class="x"']
WORD = st.sampled_from(["milia", "  cysts\n", "\xa0skin", " ", "<b>", "a&lt;", "\t"])


@st.composite
def fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "inline", "void", "block", "comment"]
                                    if depth < 3 else ["text", "void"]))
        attributes = draw(st.sampled_from(ATTRIBUTES))
        if kind == "text":
            parts.append("".join(draw(st.lists(WORD, min_size=1, max_size=3))))
        elif kind == "void":
            parts.append(f"<{draw(st.sampled_from(VOIDS))}{attributes}>")
        elif kind == "comment":
            parts.append("<!-- note -->")
        else:
            tag = draw(st.sampled_from(INLINES if kind == "inline" else BLOCKS))
            parts.append(f"<{tag}{attributes}>{draw(fragments(depth=depth + 1))}</{tag}>")
    return "".join(parts)


def _segments(page: str) -> list:
    tree = parse_html(page.encode("utf-8"), "page.html")
    return [(s.unit, s.element.getroottree().getpath(s.element), s.attribute, len(s.nodes),
             sorted(s.inline)) for s in iter_segments(tree, "page.html")]


@settings(max_examples=300, deadline=None)
@given(fragments())
def test_an_unrelated_attribute_changes_no_segment(body):
    """The walk passes elements without attributes by (no translate, note, context or
    translatable attribute to look at); with an unrelated attribute on every element
    it must take the general path and find the same segments."""
    page = f"<html><head><title>T</title></head><body>{body}</body></html>"
    marked = re.sub(r"<([a-z][a-z0-9]*)", r'<\1 data-x="1"', page)
    assert _segments(marked) == _segments(page)


def _reference_template(units) -> str:
    """The template as the general path writes it: Units, polib entries, format_po."""
    template = build_template(units, metadata=METADATA)
    template.metadata_is_fuzzy = True
    return format_po(template, header_comment="Template for a page.\nDo not edit.")


METADATA = {"Project-Id-Version": "page", "Content-Type": "text/plain; charset=UTF-8"}


@settings(max_examples=300, deadline=None)
@given(fragments(), fragments())
def test_the_template_writer_writes_what_polib_entries_give(head, body):
    """`template_text` over `unit_fields` writes the file that `build_template` and
    `format_po` write from the page's Units (repeated texts, notes, terms, contexts,
    placeholders included)."""
    page = f"<html><head><title>T</title></head><body>{head}<h2>{head}</h2>{body}{head}</body></html>"
    tree = parse_html(page.encode("utf-8"), "page.html")
    fields = unit_fields(tree, "page.html")
    assert [_unit(f) for f in fields] == list(extract_units(tree, "page.html"))
    assert (template_text(fields, metadata=METADATA, header_comment="Template for a page.\nDo not edit.")
            == _reference_template(extract_units(tree, "page.html")))


COMMENT_TEXT = st.text(alphabet="ab \n\\\"é", max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["same", "other", "x" * 90, 'a "quoted"\\ text']),
                          st.sampled_from([None, "", "menu"]),
                          st.sampled_from(["p", "h1", "img@alt"]),
                          st.integers(0, 3),
                          st.lists(COMMENT_TEXT, max_size=2).map(tuple),
                          st.lists(COMMENT_TEXT, max_size=2).map(tuple),
                          st.lists(COMMENT_TEXT, max_size=2).map(tuple)),
                max_size=8))
def test_the_template_writer_merges_repeated_texts_as_build_template_does(rows):
    """Comments with line breaks, blank lines and backslashes, line 0 and repeated
    (context, text) keys from several pages."""
    units = [Unit(text, kind, Location(f"page{line % 2}.html", line), context, headings, notes, terms)
             for text, context, kind, line, headings, notes, terms in rows]
    fields = [(u.text, u.kind, u.location.path, u.location.line, u.context, u.headings, u.notes,
               u.terms, u.placeholders, u.preformatted) for u in units]
    assert (template_text(fields, metadata=METADATA, header_comment="Template for a page.\nDo not edit.")
            == _reference_template(units))


class _Named:
    def __init__(self, tag: str) -> None:
        self.tag = tag


@given(st.lists(st.sampled_from(["a", "B", "em", "b", "span"]), max_size=5, unique_by=str.lower),
       st.text(alphabet="ab>/em1 ", max_size=12))
def test_placeholders_of_distinct_tags_in_plain_text_are_named_as_the_numbering_names_them(tags, literal):
    """Only the shortcut's cases (distinct tags, no "<" in the text): elsewhere
    _name_placeholders is _numbered_names itself."""
    elements = [_Named(tag) for tag in tags]
    assert _name_placeholders(elements, literal) == _numbered_names(
        elements, [tag.lower() for tag in tags], literal)


def test_placeholders_are_shared_values():
    assert _placeholder("a", "a", False) == Placeholder("a", "a")
    assert _placeholder("br1", "br", True) is _placeholder("br1", "br", True)
    assert _placeholder("br1", "br", True) == Placeholder("br1", "br", void=True)


def _crowded_line(text: str):
    """The line of the first start tag with too many attributes: the tag-by-tag scan."""
    for match in html_reader._START_TAG.finditer(text):
        attributes = match.group(1)
        if len(attributes) > 2 * html_reader.MAX_ATTRIBUTES and len(html_reader._ATTRIBUTE.findall(
                html_reader._QUOTED.sub("", attributes))) > html_reader.MAX_ATTRIBUTES:
            return text.count("\n", 0, match.start()) + 1
    return None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(['"', "'", '/', '>', '\n', ' ', 'b', '<']),
    st.lists(st.sampled_from([' x', ' y="a b"', " z='>'", '=y/z/w', '/', ' ', '=', '"', '\n']),
             max_size=8).map(lambda attributes: "<p" + "".join(attributes))),
    max_size=6).map("".join))
def test_the_attribute_count_refuses_what_the_tag_by_tag_scan_refuses(text):
    """With a limit of 2 attributes (so that short texts reach it)."""
    saved = html_reader.MAX_ATTRIBUTES
    html_reader.MAX_ATTRIBUTES = 2
    try:
        expected = _crowded_line(text)
        try:
            html_reader._check_attribute_counts(text, "page.html")
            found = None
        except ReadError as error:
            found = error.location.line
    finally:
        html_reader.MAX_ATTRIBUTES = saved
    assert found == expected
