"""One test per segmentation rule, on small pages."""

from __future__ import annotations

import pytest

from milialocale.readers.html import parse_html
from milialocale.segment import extract_units


def units(body: str, head: str = ""):
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return extract_units(parse_html(page.encode(), "page.html"), "page.html")


def texts(body: str, head: str = "") -> list[str]:
    return [u.text for u in units(body, head)]


@pytest.mark.parametrize("tag", ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
                                 "label", "button", "legend", "summary", "dt", "dd", "caption"])
def test_block_elements_are_units(tag):
    found = units(f"<div><{tag}>Some text here</{tag}></div>")
    assert [(u.kind, u.text) for u in found] == [(tag, "Some text here")]


def test_table_cells_and_list_items():
    assert texts("<table><tr><th>Head</th><td>Cell</td></tr></table><ul><li>One</li><li>Two</li></ul>") == [
        "Head", "Cell", "One", "Two"]


def test_option_is_a_unit():
    assert texts("<select><option value='1'>First choice</option></select>") == ["First choice"]


def test_title_is_a_unit():
    assert texts("<p>x y</p>", head="<title>Page title</title>") == ["Page title", "x y"]


def test_nested_list_gives_separate_units_without_duplicated_text():
    found = texts("<ul><li>Parent text<ul><li>Child text</li></ul>after child</li></ul>")
    assert found == ["Parent text", "Child text", "after child"]


def test_li_holding_p_gives_one_unit_per_paragraph():
    assert texts("<ol><li><p>First para</p><p>Second para</p></li></ol>") == ["First para", "Second para"]


def test_translatable_attributes():
    found = units('<img src="a.png" alt="A baby"><a href="#" title="Go there" aria-label="Label">x</a>'
                  '<input placeholder="Type here"><input type="submit" value="Send">')
    kinds = {(u.kind, u.text) for u in found}
    assert {("img@alt", "A baby"), ("a@title", "Go there"), ("a@aria-label", "Label"),
            ("input@placeholder", "Type here"), ("input@value", "Send")} <= kinds


def test_meta_description_and_open_graph():
    head = ('<meta name="description" content="Desc text"><meta property="og:title" content="OG title">'
            '<meta property="og:description" content="OG desc"><meta name="viewport" content="width=1">')
    found = units("", head=head)
    assert [(u.kind, u.text) for u in found] == [
        ("meta:description", "Desc text"), ("meta:og:title", "OG title"), ("meta:og:description", "OG desc")]


def test_translate_no_is_inherited_and_yes_reenables():
    found = texts('<div translate="no"><p>Keep me</p><p translate="yes">Translate me</p>'
                  '<p>Name <span translate="yes">a role</span></p></div>')
    assert found == ["Translate me", "a role"]


def test_translate_no_also_covers_attributes():
    assert texts('<div translate="no"><img alt="hidden alt"></div><img alt="visible alt">') == ["visible alt"]


def test_inline_translate_no_is_a_protected_placeholder():
    (unit,) = units('<p>Reviewed by <span translate="no">Maria Hernandez</span>.</p>')
    assert unit.text == "Reviewed by <span>Maria Hernandez</span>."
    assert unit.placeholders[0].protected == "Maria Hernandez"


def test_its_loc_note_becomes_a_note_and_its_term_a_term():
    (unit,) = units('<section its-loc-note="Medical text: be precise"><p>A <span its-term="yes">papule</span> is small.</p></section>')
    assert unit.notes == ("Medical text: be precise",)
    assert unit.terms == ("papule",)


def test_script_style_comments_and_code_blocks_are_not_extracted():
    found = texts("<script>var a = 'text';</script><style>p{}</style><!-- a comment -->"
                  "<pre><code>print('x')</code></pre><p>Only this</p>")
    assert found == ["Only this"]


def test_whitespace_collapses_but_pre_keeps_it():
    found = texts("<p>  Two\n   lines\there </p><pre>keep   this\n  layout</pre>")
    assert found == ["Two lines here", "keep   this\n  layout"]


def test_inline_elements_become_attribute_free_placeholders():
    unit, alt = units('<p><strong class="x">Neonatal milia:</strong> see <a href="https://a.example/">here</a> '
                      'and <a href="/b">there</a>.<br>Next <img src="i.png" alt="icon"> line</p>')
    assert (alt.kind, alt.text) == ("img@alt", "icon")
    assert unit.text == ("<strong>Neonatal milia:</strong> see <a1>here</a1> and <a2>there</a2>."
                         "<br/>Next <img/> line")
    assert "href" not in unit.text and "class" not in unit.text


def test_time_with_datetime_is_a_date_placeholder():
    (unit,) = units('<p>Last update: <time datetime="2022-10-15">15 October, 2022</time></p>')
    assert unit.text == "Last update: <time/>"
    assert unit.placeholders[0].date == "2022-10-15"


def test_code_inline_is_protected():
    (unit,) = units("<p>Run <code>milialocale build</code> now.</p>")
    assert unit.text == "Run <code>milialocale build</code> now."
    assert unit.placeholders[0].protected == "milialocale build"


def test_a_unit_wrapped_in_one_inline_element_is_unwrapped():
    assert texts('<li><a href="/x">Home page</a></li>') == ["Home page"]


def test_literal_tag_text_does_not_collide_with_placeholders():
    (unit,) = units("<p>Type &lt;b&gt; for <b>bold</b>.</p>")
    names = [p.name for p in unit.placeholders]
    assert names == ["b1"] and unit.text == "Type <b> for <b1>bold</b1>."


def test_context_attribute_sets_msgctxt():
    found = units('<p data-translate-context="verb">Peel</p><p>Peel</p>')
    assert [u.context for u in found] == ["verb", None]


def test_heading_path_in_units():
    found = units("<h1>Top</h1><h2>Sub</h2><p>Text</p><h2>Other</h2><p>More</p>")
    assert [u.headings for u in found] == [(), ("Top",), ("Top", "Sub"), ("Top",), ("Top", "Other")]


def test_locations_are_source_lines():
    page = b"<html>\n<body>\n<p>one</p>\n\n<p>two</p>\n</body></html>"
    found = extract_units(parse_html(page, "p.html"), "p.html")
    assert [(str(u.location)) for u in found] == ["p.html:3", "p.html:5"]


def test_void_elements_libxml2_does_not_know_hold_no_text():
    found = texts('<p>a<wbr>b c<source src="x">d<br>e<embed src="y">f<track src="z">g</p>')
    assert found == ["a<wbr/>b c<source/>d<br/>e<embed/>f", "g"]
