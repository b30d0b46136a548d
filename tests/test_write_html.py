"""The HTML writer: round trips, placeholders, fallbacks, escaping, language marks, dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import ARTICLE
from milialocale.placeholders import TAG_PATTERN
from milialocale.readers.html import parse_html, read_html
from milialocale.segment import collapse, extract_units
from milialocale.writers.html import apply_translations
from milialocale.writers.page import serialize

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "html").glob("*.html"))
PAGES = [ARTICLE, *FIXTURES]
LOCATED_WARNING = re.compile(r"^\S+:\d+: warning: .+ \[markup\.[a-z-]+\]$")


def shape(element, pre: bool = False, fold=lambda text: text):
    """What a round trip must keep: tags, attributes, comments and text per element.

    Comments are transparent for the text around them (a comment cannot be placed in
    translated text); text is compared with whitespace collapsed, except inside <pre>.
    """
    if not isinstance(element.tag, str):
        return ("#comment", element.text)
    pre = pre or element.tag == "pre"
    texts, current = [], element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            texts.append(current)
            current = child.tail or ""
        else:
            current += child.tail or ""
    texts.append(current)
    texts = [fold(t if pre else collapse(t)) for t in texts]
    return (element.tag, dict(element.attrib), texts,
            sorted(c.text for c in element if not isinstance(c.tag, str)),
            [shape(c, pre, fold) for c in element if isinstance(c.tag, str)])


def capitals(text: str) -> str:
    """The pseudo-translation: text in capitals, placeholders untouched (Sphinx's trick)."""
    out, position = [], 0
    for match in TAG_PATTERN.finditer(text):
        out += [text[position:match.start()].upper(), match.group()]
        position = match.end()
    return "".join(out) + text[position:].upper()


def rebuild(html: str | bytes, translate, *, locale="es", source_locale="en", date_locale=None):
    data = html.encode() if isinstance(html, str) else html
    tree = parse_html(data, "page.html")
    lookup = {u.key: translate(u.text) for u in extract_units(tree, "page.html")}
    findings = apply_translations(tree, "page.html", lookup, locale=locale,
                                  source_locale=source_locale, date_locale=date_locale)
    return tree, findings


def body(tree) -> str:
    return etree.tostring(tree.getroot().find("body"), encoding="unicode", method="html")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_identity_translation_reproduces_the_source(page: Path):
    tree, findings = rebuild(page.read_bytes(), lambda text: text, locale="en")
    assert findings == []
    rebuilt = parse_html(serialize(tree).encode(), "out.html")
    assert shape(rebuilt.getroot()) == shape(read_html(page).getroot())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_pseudo_translation_changes_text_only(page: Path):
    tree, findings = rebuild(page.read_bytes(), capitals, locale="es")
    assert findings == []
    rebuilt = parse_html(serialize(tree).encode(), "out.html").getroot()
    source = read_html(page).getroot()
    rebuilt.attrib.pop("lang", None), source.attrib.pop("lang", None)
    for element in [*rebuilt.iter(), *source.iter()]:  # a translated fr span is now es
        if isinstance(element.tag, str) and element.get("lang") in ("fr", "es"):
            del element.attrib["lang"]
    upper = lambda text: text.upper()  # noqa: E731
    caps_attributes = {"alt", "title", "placeholder", "label", "content", "aria-label", "value"}
    for element in [*rebuilt.iter(), *source.iter()]:
        if isinstance(element.tag, str):
            for name in caps_attributes & set(element.attrib):
                element.set(name, element.get(name).upper())
    assert shape(rebuilt, fold=upper) == shape(source, fold=upper)
    translated = "".join(rebuilt.find("body").itertext())
    assert translated != "".join(source.find("body").itertext())


def test_everything_outside_units_is_byte_identical():
    source = ARTICLE.read_text("utf-8")
    tree, _ = rebuild(source, lambda text: text, locale="en")
    assert serialize(tree) == serialize(read_html(ARTICLE))
    assert serialize(tree) == source  # the article is already in lxml's output form


def test_placeholders_are_restored_with_their_attributes_in_the_translated_order():
    html = '<p>Read <a href="/guide" class="x">the guide</a> and <strong>act</strong> now.</p>'
    tree, findings = rebuild(html, lambda text: "Actúe <strong>ya</strong> y lea <a>la guía</a>.")
    assert findings == []
    assert body(tree) == ('<body><p>Actúe <strong>ya</strong> y lea '
                          '<a href="/guide" class="x">la guía</a>.</p></body>')


def test_nested_placeholders_and_void_ones():
    html = '<p>A <a href="u"><em>very</em> big</a> rash<br>here <img src="i.png" alt="rash"></p>'
    table = {"A <a><em>very</em> big</a> rash<br/>here <img/>":
             "<img/> Una erupción <a>muy <em>grande</em></a><br/>aquí", "rash": "erupción"}
    tree, findings = rebuild(html, lambda text: table[text])
    assert findings == []
    assert body(tree) == ('<body><p><img src="i.png" alt="erupción"> Una erupción '
                          '<a href="u">muy <em>grande</em></a><br>aquí</p></body>')


@pytest.mark.parametrize("msgstr, problem", [
    ("Lea la guía.", "missing placeholder <a>"),
    ("Lea <a>la</a> <a>guía</a>.", "appears 2 times"),
    ("Lea <a>la guía.", "not closed"),
    ("Lea <b>la</b> <a>guía</a>.", "unknown placeholder <b>"),
    ("Lea </a>la guía<a>.", "does not close"),
], ids=["missing", "twice", "unbalanced", "unknown", "crossed"])
def test_bad_placeholders_fall_back_to_the_source_with_a_located_warning(msgstr, problem):
    html = '<html lang="en"><body>\n<p>Read <a href="/g">the guide</a>.</p></body></html>'
    tree, findings = rebuild(html, lambda text: msgstr)
    assert body(tree) == '<body>\n<p lang="en">Read <a href="/g">the guide</a>.</p></body>'
    (finding,) = findings
    assert LOCATED_WARNING.match(str(finding)), str(finding)
    assert str(finding).startswith("page.html:2: warning: translation not used")
    assert problem in str(finding)


def test_warnings_point_at_the_po_entry_when_origins_are_given():
    from milialocale.model import Location
    tree = parse_html(b"<p>Read <a href='/g'>the guide</a>.</p>", "page.html")
    (unit,) = extract_units(tree, "page.html")
    findings = apply_translations(tree, "page.html", {unit.key: "Lea la guía."}, locale="es",
                                  source_locale="en", origins={unit.key: Location("es.po", 42)})
    assert str(findings[0]).startswith("es.po:42: warning: translation not used")
    assert "(unit at page.html:1)" in str(findings[0])


@pytest.mark.parametrize("msgstr", [
    '<img src=x onerror="alert(1)"> Hola',
    "&lt;b&gt; <!-- x --> ]]> & Hola",
    "<a href='javascript:alert(1)'>clic",
])
def test_translated_text_is_inserted_as_text_never_as_markup(msgstr):
    tree, findings = rebuild("<body><p>Hello <em>you</em></p><p>Bye</p></body>",
                             lambda text: msgstr if text == "Bye" else text)
    assert findings == []
    html = serialize(tree)
    reparsed = parse_html(html.encode(), "out.html").getroot()
    assert reparsed.findall(".//p")[1].text == msgstr
    assert [e.tag for e in reparsed.find("body").iter()] == ["body", "p", "em", "p"]


def _elements(tree) -> list:
    """Tags and attributes (in any order: placeholders may be reordered), but the values a
    translation may change (title) or add (lang)."""
    return sorted((e.tag, sorted((k, v if k != "title" else "") for k, v in e.attrib.items() if k != "lang"))
                  for e in tree.getroot().iter() if isinstance(e.tag, str))


PIECES = st.lists(st.sampled_from(["<a>", "</a>", "<br/>", "<b>", "<script>", "&amp;", "<!--", " "])
                  | st.text(), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(PIECES)
def test_no_translation_adds_elements_or_attributes(msgstr):
    html = '<p title="Tip">Read <a href="/g" class="x">the guide</a><br>now &amp; <!-- c --> then.</p>'
    source = parse_html(html.encode(), "page.html")
    tree, findings = rebuild(html, lambda text: msgstr)
    rebuilt = parse_html(serialize(tree).encode(), "out.html")
    assert _elements(rebuilt) == _elements(source)
    assert all(e.get("lang") in (None, "en") for e in rebuilt.getroot().iter("p", "a", "br"))
    assert all(f.code.startswith("markup.") for f in findings)


def test_tag_shaped_unknown_text_is_rejected_and_nothing_is_injected():
    tree, findings = rebuild("<p>Bye</p>", lambda text: "<script>alert(1)</script>")
    assert findings and "unknown placeholder <script>" in findings[0].message
    assert body(tree) == '<body><p lang="en">Bye</p></body>'


def test_control_characters_are_removed_with_a_warning():
    tree, findings = rebuild("<p>Bye</p><p title='Hi'>x</p>", lambda text: "Adi\x00ó\x1b" + text)
    assert [p.text for p in tree.getroot().iter("p")][0] == "AdióBye"
    assert tree.getroot().findall(".//p")[1].get("title") == "AdióHi"
    assert {f.code for f in findings} == {"markup.control-character"}
    serialize(tree)  # lxml accepts the result


def test_untranslated_whole_element_gets_the_source_language():
    html = '<html lang="en"><body><h1>Title</h1><p>Keep</p></body></html>'
    tree, _ = rebuild(html, lambda text: "Título" if text == "Title" else "")
    assert body(tree) == '<body><h1>Título</h1><p lang="en">Keep</p></body>'


def test_untranslated_part_of_an_element_is_wrapped_in_a_span():
    html = "<body><ul><li>\n  Parent item\n  <ul><li>Child</li></ul>\n  tail text\n</li></ul></body>"
    tree, _ = rebuild(html, lambda text: "Hijo" if text == "Child" else "")
    assert body(tree) == ('<body><ul><li>\n  <span lang="en">Parent item</span>\n  '
                          '<ul><li>Hijo</li></ul>\n  <span lang="en">tail text</span>\n</li></ul></body>')


def test_fallback_inside_declared_source_language_needs_no_mark():
    html = '<body><div lang="en"><p>Keep</p></div><p lang="de">Behalten</p></body>'
    tree, _ = rebuild(html, lambda text: "")
    assert body(tree) == '<body><div lang="en"><p>Keep</p></div><p lang="de">Behalten</p></body>'


def test_translated_text_inside_a_source_language_element_is_relabelled():
    html = '<body><p lang="en">Hello</p><div lang="en"><p>World</p></div></body>'
    tree, _ = rebuild(html, capitals)
    assert body(tree) == '<body><p lang="es">HELLO</p><div lang="en"><p lang="es">WORLD</p></div></body>'


def test_source_locale_build_adds_no_language_marks():
    tree, _ = rebuild('<html lang="en"><body><p>Keep</p></body></html>', lambda text: "", locale="en")
    assert body(tree) == "<body><p>Keep</p></body>"


def test_attributes_are_translated_and_inline_copies_carry_them():
    html = '<p>The <abbr title="World Health Organization">WHO</abbr> says <img src="a.png" alt="a chart"></p>'
    table = {"World Health Organization": "Organización Mundial de la Salud", "a chart": "un gráfico",
             "The <abbr>WHO</abbr> says <img/>": "La <abbr>OMS</abbr> dice <img/>"}
    tree, findings = rebuild(html, lambda text: table.get(text, ""))
    assert findings == []
    assert body(tree) == ('<body><p>La <abbr title="Organización Mundial de la Salud">OMS</abbr> dice '
                          '<img src="a.png" alt="un gráfico"></p></body>')


def test_untranslated_attribute_keeps_the_source_without_marks():
    tree, _ = rebuild('<body><img src="a.png" alt="a chart"></body>', lambda text: "")
    assert body(tree) == '<body><img src="a.png" alt="a chart"></body>'


def test_protected_content_is_restored_verbatim_even_if_the_translator_changed_it():
    html = '<p>Run <code class="c">milia --help</code> by <span translate="no">Ann <b>Lee</b></span>.</p>'
    tree, findings = rebuild(html, lambda text: "Ejecute <code>milia --ayuda</code> de <span>Ana</span>.")
    assert findings == []
    assert body(tree) == ('<body><p>Ejecute <code class="c">milia --help</code> de '
                          '<span translate="no">Ann <b>Lee</b></span>.</p></body>')


def test_translate_no_blocks_stay_unchanged():
    page = Path(__file__).parent / "fixtures" / "html" / "translate-no.html"
    tree, _ = rebuild(page.read_bytes(), capitals)
    html = serialize(tree)
    assert "Brand Name™ stays as it is." in html and "Not translated, <em>at all</em>." in html
    assert "THIS ISLAND" in html and 'title="A tooltip"' in html


def test_dates_are_formatted_for_the_locale():
    html = ('<p class="updated">Last update: <time datetime="2022-10-15">15 October, 2022</time></p>'
            '<p><time datetime="2022-10-15T08:00">15 October</time></p>')
    tree, _ = rebuild(html, lambda text: "Última actualización: <time/>", date_locale="es")
    times = tree.getroot().findall(".//time")
    assert [t.text for t in times] == ["15 de octubre de 2022", "15 de octubre de 2022"]
    assert times[0].get("datetime") == "2022-10-15"
    assert body(tree).startswith('<body><p class="updated">Última actualización: <time datetime')


def test_dates_keep_their_source_content_without_a_date_locale_or_on_fallback():
    html = '<p>Updated: <time datetime="2022-10-15">15 October, 2022</time></p>'
    tree, _ = rebuild(html, lambda text: "Actualizado: <time/>")
    assert tree.getroot().find(".//time").text == "15 October, 2022"
    tree, _ = rebuild(html, lambda text: "", date_locale="es")
    assert tree.getroot().find(".//time").text == "15 October, 2022"


def test_comments_inside_runs_are_kept():
    html = "<p>Before <!-- c1 --> after <em>x<!-- c2 --></em>.</p>"
    tree, _ = rebuild(html, capitals)
    assert body(tree) == "<body><p>BEFORE AFTER <em>X<!-- c2 --></em>.<!-- c1 --></p></body>"
    html = "<p><!-- lead --><b>Bold</b><!-- after b --> text</p>"
    tree, _ = rebuild(html, capitals)
    assert body(tree) == "<body><p><!-- lead --><b>BOLD</b><!-- after b --> TEXT</p></body>"


def test_preformatted_translation_keeps_its_whitespace():
    html = "<pre>\n  a   b\n\tc <em>d</em>\n</pre>"
    tree, _ = rebuild(html, lambda text: text.replace("a", "α"))
    assert tree.getroot().find(".//pre").text == "\n  α   b\n\tc "


def test_run_whitespace_and_layout_between_blocks_are_kept():
    html = "<body>\n  <ul>\n    <li>\n      One\n    </li>\n    <li><b>Two</b> items</li>\n  </ul>\n</body>"
    tree, _ = rebuild(html, capitals)
    assert body(tree) == ("<body>\n  <ul>\n    <li>\n      ONE\n    </li>\n"
                          "    <li><b>TWO</b> ITEMS</li>\n  </ul>\n</body>")


# -- page-level additions (writers/page.py) ---------------------------------------------


def test_rebase_urls_moves_relative_urls_only():
    from milialocale.writers.page import rebase_urls
    html = ('<html><head><link rel="stylesheet" href="styles/a.css?v=2#x"></head><body>'
            '<a href="#top">t</a><a href="https://e.org/x.png">e</a><a href="mailto:a@b.c">m</a>'
            '<a href="/root.png">r</a><a href="other.html">o</a><img src="./images/my%20pic.svg">'
            '<img srcset="images/a.png 1x, images/b.png 2x, https://e.org/c.png 3x">'
            '<video poster="images/p.png"></video><a href="../outside.png">out</a></body></html>')
    tree = parse_html(html.encode(), "page.html")
    known = {"styles/a.css", "images/my pic.svg", "images/a.png", "images/b.png", "images/p.png"}
    rebase_urls(tree.getroot(), lambda path: f"../assets/{path}" if path in known else None)
    out = serialize(tree)
    assert 'href="../assets/styles/a.css?v=2#x"' in out
    for unchanged in ('href="#top"', 'href="https://e.org/x.png"', 'href="mailto:a@b.c"',
                      'href="/root.png"', 'href="other.html"', 'href="../outside.png"'):
        assert unchanged in out
    assert 'src="../assets/images/my%20pic.svg"' in out
    assert 'srcset="../assets/images/a.png 1x, ../assets/images/b.png 2x, https://e.org/c.png 3x"' in out
    assert 'poster="../assets/images/p.png"' in out


_TAGS = ("a", "img", "object", "link", "form", "button", "video", "blockquote", "div", "svg", "embed")
_ATTRIBUTES = ("href", "src", "data", "srcset", "poster", "cite", "action", "formaction", "title",
               "xlink:href", "HREF")
_VALUES = ("images/a.png", "", " images/a.png ", "#x", "http://e.org/a.png", "/a.png",
           "images/a.png 1x, images/b.png 2x", "doc.html", "images/my%20pic.svg?v=1#y")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TAGS),
                          st.lists(st.tuples(st.sampled_from(_ATTRIBUTES), st.sampled_from(_VALUES)),
                                   max_size=3),
                          st.booleans()), min_size=1, max_size=12))
def test_rebase_urls_visits_every_element_that_may_hold_a_url(elements):
    """rebase_urls skips the elements without a URL attribute at a glance: it
    must change a page exactly as a walk over every element would."""
    from milialocale.writers import page as page_module
    parts, open_tags = [], []
    for tag, attributes, nest in elements:
        attrs = "".join(f' {name}="{value}"' for name, value in dict(attributes).items())
        parts.append(f"<{tag}{attrs}>x")
        if nest:
            open_tags.append(tag)
        else:
            parts.append(f"</{tag}>")
    html = "<html><body>" + "".join(parts) + "".join(f"</{t}>" for t in reversed(open_tags)) + "</body></html>"
    known = {"images/a.png", "images/b.png", "images/my pic.svg"}
    locate = lambda path: f"../assets/{path}" if path in known else None  # noqa: E731

    def every_element(root):
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name in page_module.URL_ATTRIBUTES + (("data",) if element.tag == "object" else ()):
                value = element.get(name)
                if value:
                    new = page_module._rebase(value, locate)
                    if new != value:
                        element.set(name, new)
            srcset = element.get("srcset")
            if srcset:
                new = page_module._rebase_srcset(srcset, locate)
                if new != srcset:
                    element.set("srcset", new)

    expected, tree = parse_html(html.encode(), "page.html"), parse_html(html.encode(), "page.html")
    every_element(expected.getroot())
    page_module.rebase_urls(tree.getroot(), locate)
    assert serialize(tree) == serialize(expected)


def test_set_language_uses_bcp47_and_cldr_direction():
    from milialocale.writers.page import set_language
    for locale, expected in [("ar", ("ar", "rtl")), ("fa", ("fa", "rtl")), ("he", ("he", "rtl")),
                             ("pt_BR", ("pt-BR", None)), ("zh_Hans", ("zh-Hans", None))]:
        root = parse_html(b'<html lang="en"><body></body></html>', "x").getroot()
        set_language(root, locale)
        assert (root.get("lang"), root.get("dir")) == expected
    root = parse_html(b'<html lang="ar" dir="rtl"><body></body></html>', "x").getroot()
    set_language(root, "de")
    assert (root.get("lang"), root.get("dir")) == ("de", "ltr")


def test_declared_charset_becomes_utf8():
    from milialocale.writers.page import declare_utf8
    tree = parse_html(b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>', "x")
    declare_utf8(tree.getroot())
    assert '<meta charset="utf-8">' in serialize(tree) and "café" in serialize(tree)


def _broken(text: str) -> str:
    """Capitals, but a unit with placeholders loses its first one (a rejected translation)."""
    return capitals(TAG_PATTERN.sub("", text, count=1) if TAG_PATTERN.search(text) else text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_one_source_page_translated_into_many_locales_equals_each_built_alone(page: Path):
    from milialocale.writers.html import SourcePage, translate_page
    data = page.read_bytes()
    source = SourcePage(parse_html(data, "page.html"), "page.html")
    before = serialize(source.tree)
    for locale, translate in [("es", capitals), ("ar", _broken), ("en", lambda t: t), ("de", capitals)]:
        alone, alone_findings = rebuild(data, translate, locale=locale, date_locale=locale)
        lookup = {s.unit.key: translate(s.unit.text) for s in source.segments}
        copy = source.copy()
        findings = translate_page(copy, lookup, locale=locale, source_locale="en", date_locale=locale)
        assert serialize(copy.tree) == serialize(alone)
        assert findings == alone_findings
    assert serialize(source.tree) == before  # copies only: the source is never changed


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_rebasing_urls_before_translating_equals_rebasing_after(page: Path):
    """The build rebases each source page once, before its copies are translated."""
    from milialocale.writers.page import rebase_urls
    locate = lambda path: f"../assets/{path}"  # noqa: E731
    after, _ = rebuild(page.read_bytes(), capitals, date_locale="es")
    rebase_urls(after.getroot(), locate)
    tree = parse_html(page.read_bytes(), "page.html")
    rebase_urls(tree.getroot(), locate)
    lookup = {u.key: capitals(u.text) for u in extract_units(tree, "page.html")}
    apply_translations(tree, "page.html", lookup, locale="es", source_locale="en", date_locale="es")
    assert serialize(tree) == serialize(after)


_SPACE = st.sampled_from(["", " ", "\n  ", "\t", " \n"])
_WORDS = st.sampled_from(["Milia", "are common", "a b", "é 中", "&lt;b&gt;"])


@st.composite
def _blocks(draw) -> str:
    """Blocks of text runs with varied whitespace, some with inline elements, comments
    or a declared language, nested now and then."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        tag = draw(st.sampled_from(["p", "div", "h2", "li", "section"]))
        lang = draw(st.sampled_from(["", "", ' lang="en"', ' lang="es"', ' xml:lang="fr"', ' lang=""']))
        inner = draw(_SPACE) + draw(_WORDS) + draw(_SPACE)
        if draw(st.booleans()):
            inner += draw(st.sampled_from(["<b>bold</b>", "<!-- c -->", "<br>", '<span lang="de">x</span>']))
            inner += draw(_SPACE) + draw(st.sampled_from(["", "tail"])) + draw(_SPACE)
        if tag in ("div", "section") and draw(st.booleans()):
            inner += draw(_blocks()) + draw(_SPACE) + draw(st.sampled_from(["", "after"]))
        out.append(f"<{tag}{lang}>{inner}</{tag}>")
    return draw(_SPACE).join(out)


def _every_element(root) -> list:
    """What `_may_declare_lang` narrows down: every element below the root."""
    return list(root.iterdescendants(etree.Element))


@settings(max_examples=150, deadline=None)
@given(_blocks(), st.sampled_from(["capitals", "none", "some"]))
def test_the_fast_paths_give_what_the_general_ones_give(blocks, translated):
    """A run of text alone is replaced without the run machinery, and a page with no
    declared language below its root skips the walk up from each unit, and the pass down
    visits only the elements an XPath query finds: all must give the page and findings
    of the general path (every element visited)."""
    from milialocale.writers import html as writer
    translate = {"capitals": capitals, "none": lambda text: "",
                 "some": lambda text: capitals(text) if len(text) % 2 else ""}[translated]
    page = f"<html><head><title>T</title></head><body>{blocks}</body></html>"
    fast, fast_findings = rebuild(page, translate, date_locale="es")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "_replace_text", None)  # must not be reached below
        patch.setattr(writer, "_replace_run", lambda s, p, d: writer._rebuild_run(s, p, d))
        patch.setattr(writer, "_may_declare_lang", _every_element)
        general, general_findings = rebuild(page, translate, date_locale="es")
    assert serialize(fast) == serialize(general)
    assert fast_findings == general_findings
    source = writer.SourcePage(parse_html(page.encode(), "page.html"), "page.html")
    root = source.tree.getroot()
    assert source.declared == [writer._declared_lang(s.element, root) for s in source.segments]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_fast_paths_give_what_the_general_ones_give_on_real_pages(page: Path, monkeypatch):
    from milialocale.writers import html as writer
    fast, _ = rebuild(page.read_bytes(), _broken, date_locale="es")
    monkeypatch.setattr(writer, "_replace_run", lambda s, p, d: writer._rebuild_run(s, p, d))
    monkeypatch.setattr(writer, "_may_declare_lang", _every_element)
    general, _ = rebuild(page.read_bytes(), _broken, date_locale="es")
    assert serialize(fast) == serialize(general)
