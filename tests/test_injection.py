"""No injection: nothing a translator writes becomes markup in a built page.

For any msgstr (script tags, event handlers, javascript: URLs, entities, placeholders
with attributes added, bidi overrides, raw control characters), the built page, once
serialized and parsed again as a browser would, holds no element, attribute or
attribute value that the source did not have. The only additions are the build's own:
`lang` marks (on an element or a `<span>` around fallback text) and translated text in
the attributes that are translatable in the source.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milialocale.cli import main
from milialocale.placeholders import TAG_PATTERN
from milialocale.readers.html import parse_html
from milialocale.segment import TRANSLATABLE_ATTRIBUTES, extract_units
from milialocale.writers.html import apply_translations
from milialocale.writers.page import serialize

SOURCE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Milia in babies</title>
<meta name="description" content="What milia are"></head>
<body>
<h1 id="top">Milia in <em>babies</em></h1>
<p>Read <a href="https://example.org/guide" class="external">the guide</a> and
<strong>this</strong>.<br>More <img src="milia.png" alt="White bumps"> and <code>x = 1</code>.</p>
<p title="A title">Seen on <time datetime="2024-05-01">May 1</time> by
<abbr title="American Academy of Pediatrics">AAP</abbr> <span translate="no">Milia&trade;</span>.</p>
<ul><li>One <a href="#top"><b>nested</b> link</a></li><li>Two</li></ul>
<button aria-label="Close">Close</button>
<script>var safe = 1;</script>
</body></html>
"""

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    '" onmouseover="alert(1)', "' onfocus='alert(1)", "&lt;script&gt;", "&amp;", "&#60;b&#62;",
    "&#x3C;svg onload=alert(1)&#x3E;", "\u202e", "\u2066isolated\u2069", "\u200f", "<!--",
    "-->", "]]>", "<![CDATA[x]]>", "</p><p>", "<style>*{}</style>", "<a1 href=\"javascript:x\">",
    "<a1 onclick=\"x\">", "</a1>", "<br/>", "<iframe src=//evil>", "{{7*7}}", "%(name)s",
    "<math><mi>x</mi></math>", "\x00", "\x07", "\ud800", "\ufffe", "<svg><script>x</script></svg>",
    "<a href='javascript:alert(1)'>x</a>", "<meta http-equiv=refresh content=0;url=//evil>",
    "<base href=//evil/>", "<form action=//evil><input name=x></form>", "<time1/>", "<img1/>",
]


def triples(root) -> set[tuple[str, str, str]]:
    return {(element.tag, name, value) for element in root.iter()
            if isinstance(element.tag, str) for name, value in element.attrib.items()}


def tags(root) -> set[str]:
    return {element.tag for element in root.iter() if isinstance(element.tag, str)}


def tag_counts(root) -> dict[str, int]:
    counts: dict[str, int] = {}
    for element in root.iter():
        if isinstance(element.tag, str):
            counts[element.tag] = counts.get(element.tag, 0) + 1
    return counts


SOURCE_TREE = parse_html(SOURCE, "page.html")
SOURCE_ROOT = SOURCE_TREE.getroot()
UNITS = extract_units(SOURCE_TREE, "page.html")
SOURCE_TRIPLES = triples(SOURCE_ROOT)
SOURCE_TAGS = tags(SOURCE_ROOT)
SOURCE_COUNTS = tag_counts(SOURCE_ROOT)
TRANSLATABLE = {(e.tag, name) for e in SOURCE_ROOT.iter() if isinstance(e.tag, str)
                for name in e.attrib if name in TRANSLATABLE_ATTRIBUTES} | {("meta", "content")}
HOSTILE_TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30),
                         st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join))


@st.composite
def translation(draw, source: str) -> str:
    """A msgstr for `source`: its placeholders kept (sometimes with attributes injected,
    sometimes reordered or dropped) and every stretch of text replaced by hostile text."""
    if draw(st.integers(0, 9)) == 0:
        return draw(HOSTILE_TEXT)
    pieces = []
    for match in TAG_PATTERN.finditer(source):
        pieces.append(draw(HOSTILE_TEXT))
        tag = match.group()
        if draw(st.integers(0, 5)) == 0:
            tag = tag[:-1] + draw(st.sampled_from(
                [' href="javascript:alert(1)"', " onclick=x", " style=x", " src=//evil"])) + ">"
        pieces.append(tag)
    pieces.append(draw(HOSTILE_TEXT))
    return "".join(pieces)


def check_no_injection(html: str, locale: str) -> None:
    built = lxml.html.document_fromstring(html)
    assert tags(built) <= SOURCE_TAGS | {"span"}, tags(built) - SOURCE_TAGS
    # Not one element more (a placeholder restored twice) or fewer, whatever its kind;
    # only spans may be added, to mark text left in the source language.
    counts = tag_counts(built)
    assert {t: n for t, n in counts.items() if t != "span"} == \
        {t: n for t, n in SOURCE_COUNTS.items() if t != "span"}
    assert counts.get("span", 0) >= SOURCE_COUNTS.get("span", 0)
    for element in built.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if (element.tag, name, value) in SOURCE_TRIPLES:
                continue
            if name == "lang":
                assert value in ("en", locale), value
            else:
                assert (element.tag, name) in TRANSLATABLE, (element.tag, name, value)
        if element.tag == "span" and not any(t[0] == "span" and t[1] != "lang" for t in SOURCE_TRIPLES):
            assert set(element.attrib) <= {"lang", "translate"}, element.attrib
    assert len(built.findall(".//script")) == len(SOURCE_ROOT.findall(".//script"))
    assert built.find(".//script").text == "var safe = 1;"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_msgstr_adds_an_element_attribute_or_value(data):
    lookup = {unit.key: data.draw(translation(unit.text), label=unit.text) for unit in UNITS}
    tree = parse_html(SOURCE, "page.html")
    apply_translations(tree, "page.html", lookup, locale="fr", source_locale="en",
                       date_locale="fr")
    check_no_injection(serialize(tree), "fr")


def test_translated_text_is_escaped_not_interpreted():
    heading = next(unit for unit in UNITS if unit.kind == "h1")
    lookup = {heading.key: "Milia chez les <em>bébés</em> & co < 3 > 2 &amp; &lt;script&gt;"}
    tree = parse_html(SOURCE, "page.html")
    assert apply_translations(tree, "page.html", lookup, locale="fr", source_locale="en") == []
    html = serialize(tree)
    assert ("Milia chez les <em>bébés</em> &amp; co &lt; 3 &gt; 2 &amp;amp; &amp;lt;script&amp;gt;"
            in html)
    check_no_injection(html, "fr")


def test_tag_shaped_text_is_refused_and_the_source_kept():
    heading = next(unit for unit in UNITS if unit.kind == "h1")
    lookup = {heading.key: "<script>alert(1)</script> Milia chez les <em>bébés</em>"}
    tree = parse_html(SOURCE, "page.html")
    findings = apply_translations(tree, "page.html", lookup, locale="fr", source_locale="en")
    assert [f.code for f in findings] == ["markup.placeholder"]
    assert "unknown placeholder <script>" in findings[0].message
    assert '<h1 id="top" lang="en">Milia in <em>babies</em></h1>' in serialize(tree)


def test_a_hostile_catalog_builds_a_safe_page_through_the_cli(project: Path, runner):
    """End to end: extract, a catalog full of attacks, build; the page on disk is clean."""
    config = ["--config", str(project / "milialocale.toml")]
    (project / "source" / "milia-in-babies.html").write_bytes(SOURCE)
    assert runner.invoke(main, [*config, "extract"]).exit_code == 0
    assert runner.invoke(main, [*config, "update"]).exit_code == 0
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "milia-in-babies.po"
    text = catalog.read_text("utf-8")
    attacks = iter(HOSTILE * 3)

    def attack(match: re.Match) -> str:
        msgid = match.group(1)
        tags_in = "".join(t.group() for t in TAG_PATTERN.finditer(msgid.replace('\\"', '"')))
        payload = next(attacks).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        payload = payload.replace("\x00", "").replace("\x07", "\\a")
        return f'msgid "{msgid}"\nmsgstr "{payload}{tags_in.replace(chr(34), chr(92) + chr(34))}"\n'

    text = re.sub(r'msgid "((?:[^"\\]|\\.)+)"\nmsgstr ""\n', attack, text)
    catalog.write_text(text, "utf-8")
    result = runner.invoke(main, [*config, "build", "--force", "-l", "es"])
    assert result.exit_code == 0, result.output
    html = (project / "site" / "es" / "milia-in-babies.html").read_text("utf-8")
    built = lxml.html.document_fromstring(html)
    scripts = [s.text for s in built.iter("script")]
    assert scripts == ["var safe = 1;"], scripts
    for element in built.iter():
        if isinstance(element.tag, str):
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (element.tag, name)
                assert "javascript:" not in value or name in TRANSLATABLE_ATTRIBUTES, (name, value)
    assert not built.findall(".//iframe") and not built.findall(".//form")
