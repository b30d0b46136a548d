"""The round-trip self-test: what it compares, what it reports, and the command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ARTICLE
from milialocale.cli import main
from milialocale.readers.html import parse_html
from milialocale.roundtrip import compare_documents, roundtrip_page, roundtrip_pages
from milialocale.writers import html as writer

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "html").glob("*.html"))
LOCATED = re.compile(r"^\S+:\d+: \S")


def page(body: str, head: str = "<title>T</title>") -> bytes:
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n'.encode()


def differences(before: str, after: str) -> list[str]:
    source, rebuilt = parse_html(page(before), "p.html"), parse_html(page(after), "p.html")
    return [str(d) for d in compare_documents(source, rebuilt, "p.html")]


@pytest.mark.parametrize("path", [ARTICLE, *FIXTURES], ids=lambda p: p.stem)
def test_the_article_and_every_fixture_round_trip_unchanged(path: Path):
    units, found = roundtrip_page(path)
    assert units > 0
    assert found == []


@pytest.mark.parametrize("before, after, message", [
    ("<p>a</p>", "<div>a</div>", "p.html:5: <p> became <div>"),
    ('<p class="x">a</p>', "<p>a</p>", "p.html:5: attribute class of <p> was dropped"),
    ("<p>a</p>", '<p id="n">a</p>', 'p.html:5: attribute id=“n” was added to <p>'),
    ('<a href="x">a</a>', '<a href="y">a</a>', "p.html:5: attribute href of <a> changed: “x” → “y”"),
    ("<p>Milia are tiny cysts.</p>", "<p>Milia are tiny.</p>",
     "p.html:5: text of <p> changed: “Milia are tiny cysts.” → “Milia are tiny.”"),
    ("<p>a <b>b</b> after</p>", "<p>a <b>b</b> later</p>",
     "p.html:5: text after <b> changed: “ after” → “ later”"),
    ("<p>a <b>b</b> <i>c</i></p>", "<p>a <b>b</b> c</p>",
     "p.html:5: <i> “c” was dropped from <p>"),
    ("<p>a<!-- keep --></p>", "<p>a</p>", "p.html:5: comment <!-- keep --> in <p> was dropped"),
    ("<pre>a  b</pre>", "<pre>a b</pre>", "p.html:5: text of <pre> changed: “a  b” → “a b”"),
], ids=["tag", "attribute-dropped", "attribute-added", "attribute-changed", "text", "tail",
        "child-dropped", "comment", "pre-whitespace"])
def test_each_kind_of_difference_is_reported_where_it_is(before, after, message):
    assert message in differences(before, after)


@pytest.mark.parametrize("before, after", [
    ("<p>a  b\n c</p>", "<p>a b c</p>"),  # collapsed whitespace renders the same
    ('<img alt=" a\n  picture " src="x">', '<img alt="a picture" src="x">'),  # as extracted
    ("<p>a <!-- c --> b</p>", "<p>a  b<!-- c --></p>"),  # a comment's place in running text
])
def test_what_renders_the_same_is_no_difference(before, after):
    assert differences(before, after) == []


def test_a_long_text_change_is_shown_around_where_it_happens():
    long = "Milia are benign, temporary cysts of the dermis, composed of keratin."
    found = differences(f"<p>{long}</p>", f"<p>{long.replace('dermis', 'skin')}</p>")
    assert found == ["p.html:5: text of <p> changed: “…, temporary cysts of the dermis, composed of keratin.” → "
                     "“…, temporary cysts of the skin, composed of keratin.”"]


def test_text_in_another_language_is_not_relabelled_by_the_identity(tmp_path: Path):
    path = tmp_path / "quote.html"
    path.write_bytes(page('<blockquote lang="fr">Bonjour <b>à tous</b>.</blockquote>\n'
                          '<p>Hi <span lang="de">Hallo <i>Welt</i></span> and Bonjour <b>à tous</b>.</p>'))
    assert roundtrip_page(path) == (3, [])


def test_a_writer_that_drops_attributes_is_caught(monkeypatch):
    """The writer copies void, protected and date placeholders verbatim; break that."""
    real = writer._detached

    def careless(node):
        clone = real(node)
        clone.attrib.clear()
        return clone

    monkeypatch.setattr(writer, "_detached", careless)
    _, found = roundtrip_page(ARTICLE, display="source/milia-in-babies.html")
    assert found
    text = [str(d) for d in found]
    assert "source/milia-in-babies.html:19: attribute datetime of <time> was dropped" in text
    assert "source/milia-in-babies.html:18: attribute class of <span> was dropped" in text
    assert all(LOCATED.match(line) for line in text)


def test_a_writer_that_loses_text_is_caught(monkeypatch):
    real = writer.parse_translation

    def lossy(text, placeholders, source=""):
        tree = real(text, placeholders, source)
        if isinstance(tree[-1], str) and tree[-1].endswith("."):
            tree[-1] = tree[-1][:-1]  # drop a final full stop
        return tree

    monkeypatch.setattr(writer, "parse_translation", lossy)
    result = roundtrip_pages([(ARTICLE, "article.html")])
    assert not result.ok
    assert any(re.fullmatch(r"article\.html:\d+: text of <p> changed: “.*\.” → “.*[^.]”", str(d))
               for d in result.differences)


# -- the command ---------------------------------------------------------------------


def test_command_on_the_project_documents(project: Path, runner):
    result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), "roundtrip"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "1 page, 47 units: the identity round trip changes nothing\n"
    assert result.stdout == ""


def test_command_on_any_page_without_a_project(runner, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["roundtrip", "-q", str(ARTICLE), *map(str, FIXTURES)],
                           catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")


def test_command_reports_each_difference_and_fails(runner, monkeypatch):
    real = writer._detached
    monkeypatch.setattr(writer, "_detached", lambda node: (clone := real(node)).attrib.clear() or clone)
    result = runner.invoke(main, ["roundtrip", str(ARTICLE)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert all(LOCATED.match(line) for line in lines[:-1])
    assert lines[-1].startswith("1 page, 47 units: ") and lines[-1].endswith(" differences")


def test_command_on_an_unreadable_page_fails_with_its_location(runner, tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b'<meta charset="utf-8"><p>caf\xe9</p>')
    result = runner.invoke(main, ["roundtrip", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:1: invalid utf-8 byte sequence")


def test_space_before_a_trailing_comment_survives(tmp_path):
    page = tmp_path / "comment.html"
    page.write_text('<html><body><p translate="no">Name <b translate="yes">bold <!-- c --></b> tail</p>'
                    "<p>Hello <!-- c --> world</p></body></html>", "utf-8")
    units, differences = roundtrip_page(page)
    assert units == 2 and differences == []
