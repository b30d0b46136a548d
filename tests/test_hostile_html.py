"""Broken and hostile HTML: parsed, or refused with a located error; never a crash or a hang.

Every test runs under a deadline (SIGALRM), so a hang fails the test instead of the CI job.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import pytest

from milialocale.cli import main
from milialocale.errors import ReadError
from milialocale.readers.html import MAX_ATTRIBUTES, MAX_DEPTH, parse_html
from milialocale.segment import extract_units


@contextlib.contextmanager
def deadline(seconds: float):
    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def units_of(data: bytes, seconds: float = 10) -> list[str]:
    with deadline(seconds):
        return [unit.text for unit in extract_units(parse_html(data, "page.html"), "page.html")]


def refusal(data: bytes, seconds: float = 10) -> ReadError:
    with deadline(seconds), pytest.raises(ReadError) as info:
        extract_units(parse_html(data, "page.html"), "page.html")
    assert str(info.value).startswith("page.html:")
    return info.value


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<!DOCTYPE html><html><head>" + head + b"</head><body>" + body + b"</body></html>"


def test_unclosed_tags_are_recovered():
    assert units_of(b"<html><body><p>One<p>Two <b>bold<div><span>three") == [
        "One", "Two", "bold", "three"]


@pytest.mark.parametrize("tag", [b"div", b"span", b"b", b"blockquote"])
def test_ten_thousand_levels_of_nesting_are_refused_quickly(tag: bytes):
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    error = refusal(page(b"<p>" + opening * 10_000 + b"Hi" + closing * 10_000 + b"</p>"), 5)
    assert f"nested deeper than {MAX_DEPTH} levels" in error.message


def test_nesting_just_below_the_limit_goes_through_the_whole_pipeline(project: Path, runner):
    """Extraction and the build recurse over the tree: the limit must keep them safe."""
    levels = MAX_DEPTH - 6  # html, body and the page's own wrappers
    body = b"<div>" * (levels // 2) + b"<p>" + b"<span>" * (levels // 2 - 1) + b"Deep text"
    (project / "source" / "milia-in-babies.html").write_bytes(page(body))
    with deadline(60):
        for command in (["extract"], ["update"], ["build", "--force"]):
            result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), *command])
            assert result.exit_code == 0, (command, result.output, result.exception)
    built = (project / "site" / "es" / "milia-in-babies.html").read_text("utf-8")
    assert "Deep text" in built


def test_a_ten_megabyte_attribute_is_read_whole():
    title = b"t" * 10_000_000
    texts = units_of(page(b'<p title="' + title + b'">Hi</p>'), 30)
    assert texts == ["t" * 10_000_000, "Hi"]


def test_a_large_page_is_read_in_linear_time():
    texts = units_of(page(b"<p>A paragraph about milia in newborn babies.</p>\n" * 20_000), 60)
    assert len(texts) == 20_000


@pytest.mark.parametrize("data, line", [
    (page(b"<p>Caf\xe9</p>"), 1),
    (b"<html>\n<body>\n<p>ok</p>\n<p>\xff\xfe bad</p>\n</body></html>", 4),
    (bytes(range(256)) * 64, 2),
], ids=["latin-1 byte", "on line 4", "binary garbage"])
def test_invalid_utf8_is_refused_with_its_line(data: bytes, line: int):
    error = refusal(data)
    assert error.location.line == line


def test_nul_characters_are_refused():
    assert "NUL" in refusal(page(b"<p>a\x00b</p>")).message
    # UTF-16 without a byte-order mark: unreadable, not silently garbled.
    assert "NUL" in refusal("<html><body><p>hi</p></body></html>".encode("utf-16-le")).message


@pytest.mark.parametrize("body", [
    b"<p>a\x01b</p>", b"<p>a&#1;b</p>", b"<p title='a&#x1f;'>x</p>", b"<p>x</p><!-- c -->\x07",
    b"<p>a&#xFFFF;b</p>", b"<p>a<wbr>\x1eb</p>",
], ids=["raw", "reference", "in an attribute", "after a comment", "U+FFFF", "after a void"])
def test_control_characters_are_refused(body: bytes):
    """Found by fuzzing: libxml2 keeps them, lxml refuses to write them: the build crashed."""
    error = refusal(page(b"\n" + body))
    assert "control character" in error.message and error.location.line == 2


def test_a_form_feed_is_whitespace_and_the_page_builds(project: Path, runner):
    (project / "source" / "milia-in-babies.html").write_bytes(
        page(b"<p>One\x0cpage&#12;break</p><p title='a&#12;b'>x</p>"))
    assert units_of(page(b"<p>One\x0cpage&#12;break</p>")) == ["One page break"]
    for command in (["extract"], ["update"], ["build", "--force"]):
        result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), *command])
        assert result.exit_code == 0, (command, result.output)


def test_utf16_with_a_byte_order_mark_is_read():
    assert units_of("<html><body><p>Grüße</p></body></html>".encode("utf-16")) == ["Grüße"]


@pytest.mark.parametrize("head", [
    b'<meta charset="windows-1252">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    b'<meta charset="ISO-8859-1">',
], ids=["windows-1252", "http-equiv iso-8859-1", "meta iso-8859-1"])
def test_legacy_encodings_are_read_as_browsers_read_them(head: bytes):
    # Browsers read every Latin-1 label as windows-1252, where 0x93/0x94 are quotes.
    assert units_of(page(b"<p>Caf\xe9 \x93milia\x94</p>", head)) == ["Café “milia”"]


def test_an_xml_declaration_names_the_encoding():
    data = b'<?xml version="1.0" encoding="iso-8859-15"?>' + page(b"<p>\xa4 5</p>")
    assert units_of(data) == ["€ 5"]


@pytest.mark.parametrize("label", [b"utf-7", b"x-no-such-charset", b"rot13", b"unicode_escape"])
def test_unsafe_or_unknown_encodings_are_refused(label: bytes):
    # UTF-7 would turn "+ADw-script+AD4-" into <script> after our checks ran.
    error = refusal(page(b"<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>",
                         b'<meta charset="' + label + b'">'))
    assert "encoding" in error.message and error.location.line == 1


def test_an_empty_page_is_refused():
    assert "empty" in refusal(b"  \n ").message


@pytest.mark.parametrize("data", [
    page(b"<p>" + b"<a href='x'>" * 200 + b"link"),
    page(b"<table>" * 100 + b"<td>cell" * 100),
    page(b"<p>" + b"&amp;" * 100_000 + b"</p>"),
    page(b"<p>" + b"<!--" * 1000 + b"text"),
    page(b"<p " + b" ".join(b'a%d="x"' % i for i in range(MAX_ATTRIBUTES)) + b">many attributes</p>"),
    page(b"<svg><script>alert(1)</script></svg><math><mi>x</mi></math><p>after</p>"),
    page(b"<p>\xe2\x80\xae override \xe2\x80\xac and \xef\xb7\x90 noncharacter</p>"),
], ids=["unclosed links", "table soup", "many entities", "comment soup", "many attributes",
        "foreign content", "bidi and noncharacters"])
def test_malformed_markup_is_parsed_without_error(data: bytes):
    units_of(data, 30)


@pytest.mark.parametrize("attributes", [
    b" ".join(b'a%d="x"' % i for i in range(100_000)),
    b" ".join(b"a%d" % i for i in range(100_000)),
    b"/".join(b"a%d=x" % i for i in range(100_000)),
], ids=["quoted", "bare", "slashes"])
def test_an_element_with_a_hundred_thousand_attributes_is_refused_quickly(attributes: bytes):
    data = page(b"<p>ok</p>\n<p " + attributes + b">x</p>")
    error = refusal(data, 5)
    assert f"more than {MAX_ATTRIBUTES} attributes" in error.message and error.location.line == 2


def test_the_cli_reports_a_hostile_page_as_one_located_line(project: Path, runner):
    source = project / "source" / "milia-in-babies.html"
    source.write_bytes(page(b"<div>" * 5000 + b"x"))
    result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), "extract"])
    assert result.exit_code == 1
    assert result.stderr.startswith("source/milia-in-babies.html:1: elements nested deeper")
    assert "Traceback" not in result.output


def test_a_broken_page_among_several_leaves_every_template_alone(project: Path, runner):
    config = ["--config", str(project / "milialocale.toml")]
    assert runner.invoke(main, [*config, "extract"]).exit_code == 0
    source = project / "source" / "milia-in-babies.html"
    source.write_text(source.read_text("utf-8").replace("babies", "infants"), "utf-8")
    (project / "source" / "zz-broken.html").write_bytes(page(b"<p>caf\xe9</p>"))
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()}
    result = runner.invoke(main, [*config, "extract"])
    assert result.exit_code == 1
    assert result.stderr.startswith("source/zz-broken.html:1: invalid utf-8")
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("siblings", [0, 300])
@pytest.mark.parametrize("levels", [MAX_DEPTH - 2, MAX_DEPTH - 1])
def test_the_depth_limit_holds_whatever_the_number_of_elements(levels: int, siblings: int):
    """Divs start two levels below the root (html, body): the deepest is at `levels` + 1,
    refused from MAX_DEPTH on, with few elements in all or many (counted first)."""
    data = (b"<html><body>" + b"<div>" * levels + b"x" + b"</div>" * levels
            + b"<p>y</p>" * siblings + b"</body></html>")
    if levels + 1 >= MAX_DEPTH:
        with pytest.raises(ReadError, match="nested deeper"):
            parse_html(data, "deep.html")
    else:
        assert parse_html(data, "deep.html").getroot().tag == "html"
