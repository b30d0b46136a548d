"""The shortcuts of segmentation, template building and page reading give what the
general paths they stand in for give."""

from __future__ import annotations

import re

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.catalog import _new_entry
from milialocale.readers.html import _NOT_XML, _holds_not_xml, parse_html
from milialocale.segment import collapse, iter_segments, squeeze

SPACES = " \t\n\r\f\x0b\x1c\x85\xa0\u2003\u202f\u3000"


@given(st.text(alphabet=SPACES + "ab<é", max_size=30))
def test_squeeze_is_collapse_then_strip(text):
    assert squeeze(text) == collapse(text).strip()


@given(st.text(alphabet="\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f a\x7f\x80é\ud7ff\ue000\ufffd\ufffe\uffff\U0001f600",
               max_size=20))
def test_byte_scan_finds_what_the_regex_finds(text):
    assert _holds_not_xml(text) == (_NOT_XML.search(text) is not None)


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
