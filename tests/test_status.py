"""The status page: bars, findings by check, links; self-contained and escaped; built by `build`."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import polib

from milialocale.cli import main
from milialocale.qa import CatalogStats
from milialocale.stats import Counts
from milialocale.status import render_status

ROWS = [
    CatalogStats("fr", "milia", "locales/fr/LC_MESSAGES/milia.po",
                 Counts(translated=40, fuzzy=2, untranslated=2, words=100, translated_words=90, fuzzy_words=5), 80.0),
    CatalogStats("ar", "milia", "locales/ar/LC_MESSAGES/milia.po",
                 Counts(translated=10, fuzzy=5, untranslated=29, words=100, translated_words=30, fuzzy_words=10), 80.0),
]


def parse(text: str):
    return lxml.html.document_fromstring(text)


def test_bars_counts_and_links():
    page = parse(render_status(ROWS, {"numbers": {"ar": 2}, "stale": {"": 1}},
                               {("fr", "milia"): "fr/milia.html"}, title="Milia status"))
    assert page.findtext(".//title") == "Milia status"
    rows = page.xpath("//table[1]/tbody/tr")
    assert len(rows) == 2
    fr, ar = rows
    assert fr.xpath(".//span[@class='t']/@style") == ["width:90.00%"]
    assert fr.xpath(".//span[@class='f']/@style") == ["width:5.00%"]
    assert fr.xpath(".//a/@href") == ["fr/milia.html"]
    assert "not published" in ar.text_content()
    assert ar.xpath(".//span[@class='below']/text()") == ["30.0%"]  # under the 80 % minimum
    assert ar.xpath(".//bdi/@dir") == ["rtl"] and ar.xpath(".//bdi/@lang") == ["ar"]
    assert ar.xpath(".//div[@role='img']/@aria-label") == ["30.0% translated, 10.0% fuzzy, 60.0% untranslated"]
    findings = page.xpath("//table[2]")[0]
    assert [th.text_content() for th in findings.xpath(".//thead//th")] == ["Check", "fr", "ar", "project", "Total"]
    numbers = findings.xpath(".//tr[th/code='numbers']/td/text()")
    assert numbers == ["0", "2", "0", "2"]


def test_self_contained_and_escaped():
    rows = [CatalogStats("fr", "<script>alert(1)</script>", "x.po", Counts(translated=1, words=1, translated_words=1))]
    text = render_status(rows, {'<img src=x onerror=alert(1)>': {"fr": 1}},
                         {("fr", "<script>alert(1)</script>"): 'x.html" onclick="alert(1)'})
    page = parse(text)
    assert not page.xpath("//script | //img | //link | //iframe | //@onclick | //@onerror")
    assert "<script>alert(1)</script>" in page.text_content()
    assert not re.search(r"(src|href)=\"(https?:)?//", text)


def test_no_findings():
    page = parse(render_status(ROWS[:1], {}, {}))
    assert "No open findings." in page.text_content()


def test_build_writes_status_page_with_links_that_resolve(runner, tmp_path: Path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Milia</title></head>'
        "<body><h1>Milia in babies</h1><p>Milia measure less than 3 millimeters.</p></body></html>",
        "utf-8")
    (tmp_path / "milialocale.toml").write_text('locales = ["fr", "ar"]\n', "utf-8")
    config = ["--config", str(tmp_path / "milialocale.toml")]
    for command in ("extract", "update"):
        assert runner.invoke(main, [*config, command]).exit_code == 0
    path = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(path))
    for entry, text in zip(catalog, ["Milium", "Les grains de milium chez le bébé",
                                     "Les grains de milium mesurent moins de 30 millimètres."]):
        entry.msgstr = text
    catalog.save(str(path))
    result = runner.invoke(main, [*config, "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    status = tmp_path / "site" / "status.html"
    page = parse(status.read_text("utf-8"))
    assert page.xpath("//table[1]//a/@href") == ["fr/page.html"]  # ar is below its minimum
    for href in page.xpath("//a/@href"):
        assert (status.parent / href).is_file()
    assert page.xpath("//table[2]//tr[th/code='numbers']/td/text()")[0] == "1"
    assert page.xpath("//table[2]//tr[th/code='completeness']")
    before = status.stat().st_mtime_ns
    assert runner.invoke(main, [*config, "build"]).exit_code == 0
    assert status.stat().st_mtime_ns == before  # deterministic: a second build writes nothing


def test_languages_are_named_alike_in_every_row_and_unknown_codes_stay_errors():
    """Language cells are worked out once per locale (status._language and
    locales.parse_locale remember them): many rows of one locale name it alike, an
    unknown code is shown as code, and parse_locale still refuses it every time."""
    import pytest

    from milialocale.locales import parse_locale
    rows = [CatalogStats(code, f"doc{n}", f"locales/{code}/LC_MESSAGES/doc{n}.po", ROWS[0].counts, 80.0)
            for n in range(3) for code in ("fr", "ar", "xx_YY", "")]
    page = parse(render_status(rows, {}, {}))
    cells = [row.xpath("string(th)") for row in page.xpath("//tbody/tr")]
    assert cells[0::4] == [cells[0]] * 3 and "français" in cells[0].lower()
    assert cells[1::4] == [cells[1]] * 3 and "العربية" in cells[1]
    assert cells[2::4] == ["xx_YY"] * 3 and cells[3::4] == ["(unknown)"] * 3
    for _ in range(2):
        with pytest.raises(ValueError, match="unknown locale 'xx_YY'"):
            parse_locale("xx_YY")
    assert parse_locale("pt-BR") == parse_locale("pt_BR") and str(parse_locale("pt_BR")) == "pt_BR"
