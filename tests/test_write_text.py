"""The plain-text writer: the seed text's layout, lists, skipped content and wrapping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ARTICLE, SEED
from milialocale.readers.html import parse_html, read_html
from milialocale.writers.text import display_width, render_text, wrap_line

FIXTURES = Path(__file__).parent / "fixtures" / "html"
MARKER = re.compile(r"^\s*(?:•|\d+\.)?\s*")


def text_of(html: str, **options) -> str:
    return render_text(parse_html(html.encode(), "page.html"), **options)


def seed_lines(text: str) -> list[str]:
    """Non-empty lines without indentation and list markers."""
    return [MARKER.sub("", line) for line in text.splitlines() if line.strip()]


def test_english_text_holds_every_seed_line_in_order():
    lines = seed_lines(render_text(read_html(ARTICLE)))
    position = 0
    for line in seed_lines(SEED.read_text("utf-8")):
        assert line in lines[position:], f"missing or out of order: {line!r}"
        position = lines.index(line, position) + 1


def test_layout_is_one_paragraph_per_line_with_blank_lines_between_blocks():
    text = render_text(read_html(ARTICLE))
    assert text.startswith("Milia in Babies: What You Should Know\n\nMilia in babies are a common")
    assert "\n\nCauses of milia in infants\n\nThe etiology" in text
    assert "\n\n  • Burns\n  • Blisters (epidermolysis" in text
    assert "\n  1. Kutlubay Z, Tanakol A" in text and "\n  3. Kansal NK" in text
    assert "\n\nA baby with milia on his cheek.\n\n" in text
    assert "Last update: 15 October, 2022" in text
    assert text.endswith("consult your specialist.\n") and "\n\n\n" not in text


def test_nested_and_numbered_lists():
    text = render_text(read_html(FIXTURES / "nested-lists.html"))
    assert text == (
        "Nested lists\n\n"
        "  • Fever above 38 °C\n"
        "    • in babies under three months\n"
        "    • lasting more than two days\n"
        "      3. call a doctor\n"
        "      7. go to the emergency room\n"
        "    and keep the baby hydrated.\n"
        "  • A paragraph inside an item.\n"
        "    And a second one.\n\n"
        "Milia\n"
        "    Tiny white cysts.\n")


def test_tables_line_breaks_and_hidden_content():
    text = render_text(read_html(FIXTURES / "table.html"))
    assert "Doses by weight\nAge | Dose\n0–3 months | 2.5 ml | \n3–6 months | 5 ml\ntwice a day" \
        .replace(" | \n", " |\n") in text
    text = render_text(read_html(FIXTURES / "comments-scripts.html"))
    assert "document.title" not in text and "color: red" not in text and "Template" not in text
    assert "svg title" not in text and "Enable JavaScript" not in text
    assert "Before after." in text and "After scripts." in text
    text = render_text(read_html(FIXTURES / "void-boolean.html"))
    assert "Hidden button" not in text and "Before a break\nafter it." in text


def test_preformatted_text_keeps_its_lines():
    text = render_text(read_html(FIXTURES / "pre.html"))
    assert "  Indented line\n\tTabbed   spaces   kept\n  x = 1   and emphasis" in text
    assert "After the pre." in text


def test_language_switcher_is_left_out():
    html = ('<html><body><nav class="milialocale-languages"><ul><li><a>English</a></li></ul></nav>'
            "<nav><p>Site menu</p></nav><p>Text</p></body></html>")
    assert text_of(html) == "Site menu\n\nText\n"


def test_display_width_counts_wide_characters_twice():
    assert display_width("milia") == 5
    assert display_width("粟丘疹") == 6
    assert display_width("ＡＢ") == 4  # fullwidth
    assert display_width("é") == 1 and display_width("e\u0301") == 1


def test_wrap_fits_cjk_text_to_the_width_in_columns():
    paragraph = "婴儿粟丘疹是一种常见的良性皮肤病，通常会在几周内自行消退。粟丘疹是位于真皮内的良性、暂时性囊肿。"
    text = text_of(f"<body><p>{paragraph}</p><ul><li>{paragraph}</li></ul></body>", wrap=20)
    lines = text.splitlines()
    assert all(display_width(line) <= 20 for line in lines), lines
    assert max(display_width(line) for line in lines) >= 19
    first_block = text.split("\n\n")[0]
    assert first_block.replace("\n", "") == paragraph
    for line in lines:
        assert not line.strip() or line.strip()[0] not in "，。、"  # no closing punctuation first
    assert lines[lines.index("") + 1].startswith("  • ")
    assert all(line.startswith("    ") for line in lines[lines.index("") + 2:])


def test_wrap_never_splits_words_and_keeps_all_text():
    text = render_text(read_html(ARTICLE), wrap=40)
    assert all(display_width(line) <= 40 for line in text.splitlines())
    unwrapped = render_text(read_html(ARTICLE))
    assert text.split() == unwrapped.split()


def test_wrap_mixed_scripts():
    assert wrap_line("使用DNA检测和PCR方法。", 8) == ["使用DNA", "检测和", "PCR方", "法。"]


@pytest.mark.parametrize("width", [20, 33, 72])
def test_wrap_lines_fit(width):
    text = "Milia are benign, temporary cysts of the dermis, composed of keratin. " * 3
    for line in wrap_line(text.strip(), width, first="  • ", later="    "):
        assert display_width(line) <= width


_CHARACTERS = "ab cé\t\n\u3000\u00a0,.;:!?()[]「」。、（）“”字粒ａ\u0301\u200b\x85\U0001F600\u1100"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARACTERS) | st.characters(), max_size=20))
def test_words_and_widths_take_shortcuts_that_change_nothing(text):
    """Text without wide characters is split by str.split and ASCII is measured by len:
    both must give what the character-by-character rules give."""
    from milialocale.writers import text as writer
    assert writer._words(text) == writer._words_by_character(text)
    assert display_width(text) == sum(writer._width(char) for char in text)


_PIECES = ["<p>", "</p>", "<div>", "</div>", "a b", " \n ", "c\u00a0d", "<br>", "<span>s</span>",
           "<em>e<br>f</em>", "<ul><li>x</li><li>y<br>z<ol><li>n</li></ol></li></ul>",
           "<pre>l1\n  l2\n</pre>", "<table><tr><td>c</td><th>h<br>i</th></tr></table>",
           "<dl><dt>t</dt><dd>d</dd></dl>", "<!-- c -->", "<p hidden>h</p>", "<script>x</script>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_unwrapped_lines_take_a_shortcut_that_changes_nothing(pieces):
    """Without wrapping, a line holding no newline is added as it is: the same as the
    general loop, which splits each text at its newlines."""
    from milialocale.writers import text as writer
    html = f"<html><head><title>T</title></head><body>{''.join(pieces)}</body></html>"
    root = parse_html(html.encode(), "page.html").getroot()
    blocks = [[("", "", "T")]]
    writer._blocks(root.find("body"), blocks, depth=0)
    out = []
    for block in blocks:
        lines = []
        for first, later, text in block:
            for piece in text.split("\n"):
                lines.append(first + piece)
                first = later
        out.append("\n".join(line.rstrip() for line in lines))
    assert render_text(root) == "\n\n".join(out) + "\n"


def _skipped_in_general(element) -> bool:
    """`_skipped` without its shortcut for elements that have no attributes."""
    from milialocale.writers import text as writer
    tag = element.tag
    if not isinstance(tag, str):
        return True
    tag = tag.lower()
    get = element.get
    if tag in writer._SKIPPED or get("hidden") is not None:
        return True
    if get("aria-hidden", "").lower() == "true":
        return True
    return tag == "nav" and writer.SWITCHER_CLASS in (get("class") or "").split()


def _blocks_by_runs(element, blocks: list, depth: int) -> None:
    """`_blocks` as two steps: list the runs and block children (`_runs`), then take them."""
    from milialocale.writers import text as writer
    for item in writer._runs(element):
        if isinstance(item, str):
            if item:
                blocks.append([("", "", item)])
        elif not writer._skipped(item):
            writer._block(item, item.tag.lower(), blocks, depth)


_MORE_PIECES = _PIECES + [
    '<p class="x">k</p>', '<span hidden>gone</span>', '<p aria-hidden="TRUE">gone</p>',
    '<nav class="milialocale-languages"><a>fr</a></nav>', '<nav class="other">nav</nav>',
    "<b>in<div>block</div>line</b>", "<SECTION><P>upper</P></SECTION>", " tail ",
    "<li>loose</li>", '<ol start="3"><li value="7">seven</li><li>eight</li></ol>',
    '<p aria-hidden="false">shown</p>', '<nav id="n">plain nav</nav>', '<p hidden="">gone</p>']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MORE_PIECES), max_size=12), st.sampled_from([None, 20, 40]))
def test_the_text_walk_in_one_loop_gives_what_runs_give(pieces, wrap):
    """`_blocks` gathers runs in its own loop, and `_skipped` answers at once for an
    element without attributes: the text must be what listing the runs first, and
    reading every attribute, gives."""
    from milialocale.writers import text as writer
    html = f"<html><head><title>T</title></head><body>{''.join(pieces)}</body></html>"
    root = parse_html(html.encode(), "page.html").getroot()
    fast = render_text(root, wrap=wrap)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "_blocks", _blocks_by_runs)
        patch.setattr(writer, "_skipped", _skipped_in_general)
        assert render_text(root, wrap=wrap) == fast


_TEXT_ALONE = _MORE_PIECES + ["<h2> a \n  b </h2>", "<p>\u00a0c  d\t</p>", "<h3> </h3>",
                              "<ul><li> a \n b </li><li></li><li>\n</li></ul>",
                              '<ol><li value="2">  two\n</li></ol>', "<figcaption>f g</figcaption>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_ALONE), max_size=12), st.sampled_from([None, 20]))
def test_elements_of_text_alone_take_a_shortcut_that_changes_nothing(pieces, wrap):
    """A block or list item holding text alone is cleaned at once rather than walked.
    An empty comment changes no text but gives an element a child, so putting one in
    every element without children takes the general walk everywhere: the text must
    be the same."""
    html = f"<html><head><title>T</title></head><body>{''.join(pieces)}</body></html>"
    root = parse_html(html.encode(), "page.html").getroot()
    fast = render_text(root, wrap=wrap)
    for element in list(root.iter(etree.Element)):
        if not len(element):
            element.append(etree.Comment(""))
    assert render_text(root, wrap=wrap) == fast
