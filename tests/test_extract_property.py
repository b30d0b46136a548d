"""Property: extraction loses no text and duplicates none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from milialocale.placeholders import TAG_PATTERN
from milialocale.readers.html import parse_html
from milialocale.segment import SKIPPED_TAGS, collapse, extract_units

BLOCKS = ["p", "div", "li", "section", "blockquote", "td"]
INLINES = ["strong", "em", "a", "span", "cite", "q", "sub"]
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=6)


@st.composite
def fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "inline", "block", "no", "script"] if depth < 3 else ["text"]))
        if kind == "text":
            parts.append(" ".join(draw(st.lists(WORD, min_size=1, max_size=3))) + " ")
        elif kind == "inline":
            tag = draw(st.sampled_from(INLINES))
            parts.append(f"<{tag}>{draw(fragments(depth=3))}</{tag}>")
        elif kind == "block":
            tag = draw(st.sampled_from(BLOCKS))
            parts.append(f"<{tag}>{draw(fragments(depth=depth + 1))}</{tag}>")
        elif kind == "no":
            parts.append(f'<span translate="no">{draw(WORD)}</span>')
        else:
            parts.append("<script>var hidden = 1;</script>")
    return "".join(parts)


def _expected_words(root) -> list[str]:
    words = []

    def visit(node, translate):
        if isinstance(node.tag, str) and node.tag not in SKIPPED_TAGS:
            value = node.get("translate")
            translate = translate if value is None else value != "no"
            if translate and node.text:
                words.extend(node.text.split())
            for child in node:
                visit(child, translate)
        if node.tail and node.getparent() is not None:
            parent = node.getparent()
            value = translate_of(parent)
            if value:
                words.extend(node.tail.split())

    def translate_of(element):
        while element is not None:
            if element.get("translate") is not None:
                return element.get("translate") != "no"
            element = element.getparent()
        return True

    body = root.find(".//body")
    for child in body:
        visit(child, True)
    if body.text:
        words.extend(body.text.split())
    return sorted(words)


def _unit_words(units) -> list[str]:
    words = []
    for unit in units:
        if "@" in unit.kind or unit.kind.startswith("meta:"):
            continue
        text = unit.text
        for placeholder in unit.placeholders:
            if placeholder.protected is not None:
                text = text.replace(f"<{placeholder.name}>{placeholder.protected}</{placeholder.name}>", " ")
        words.extend(TAG_PATTERN.sub(" ", text).split())
    return sorted(words)


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_every_text_node_lands_in_exactly_one_unit(body):
    page = f"<!DOCTYPE html><html><head></head><body>{body}</body></html>"
    tree = parse_html(page.encode(), "p.html")
    units = extract_units(tree, "p.html")
    assert _unit_words(units) == _expected_words(tree.getroot())
    assert all(unit.text == collapse(unit.text).strip() for unit in units)
