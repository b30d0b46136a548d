"""Pseudo-localization: en-XA and ar-XB text, pages built without catalogs, and check."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLE, ROOT
from milialocale import pseudo
from milialocale.cli import main
from milialocale.config import load_config
from milialocale.locales import (bcp47, english_name, format_iso_date, native_name, parse_locale,
                                 plural_forms, pseudo_locale, text_direction)
from milialocale.model import Placeholder
from milialocale.placeholders import TAG_PATTERN, parse_translation
from milialocale.pseudo import check_pseudo, pseudo_catalog, pseudolocalize
from milialocale.readers.html import read_html
from milialocale.segment import extract_units
from milialocale.writers.text import render_text

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ASCII_LETTER = re.compile("[A-Za-z]")


def _literal(text: str) -> str:
    return TAG_PATTERN.sub(" ", text)


# -- the text ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["en-XA", "ar-XB"])
def test_every_ascii_letter_of_plain_text_changes(mode):
    out = pseudolocalize("The quick brown fox jumps over the lazy dog", mode=mode)
    assert out.startswith("[") and out.endswith("]")
    assert not ASCII_LETTER.search(out)


def test_en_xa_is_accented_and_about_35_percent_longer():
    source = ("Milia are benign, temporary cysts of the dermis, composed of keratin, which "
              "appear as tiny, firm, white papules located on the face.")
    out = pseudolocalize(source, mode="en-XA")
    assert 1.3 <= len(out) / len(source) <= 1.4
    # Undo the accents and the doubled vowels: the source comes back.
    plain = unicodedata.normalize("NFD", out[1:-1])
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = plain.translate(str.maketrans("ƀðƒɱþǫ", "bdfmpq"))
    assert re.sub(r"([aeiou])\1+", r"\1", plain) == re.sub(r"([aeiou])\1+", r"\1", source)


def test_short_units_grow_by_their_brackets_only():
    assert pseudolocalize("OK") == "[ÖĶ]"
    assert pseudolocalize("Rhythm") == "[Ŕĥýţĥɱ]"  # no vowel to double: expansion is best effort


def test_ar_xb_is_right_to_left_without_bidi_controls():
    out = pseudolocalize("What are milia in babies?", mode="ar_XB")
    assert not BIDI_CONTROLS.search(out)
    letters = [c for c in out if c.isalpha()]
    assert letters and all(unicodedata.bidirectional(c) == "AL" for c in letters)
    assert out.endswith("؟]")  # the Arabic question mark the punctuation check expects
    assert pseudolocalize("café", mode="ar-XB") == "[ثافع]"  # accented letters too


@pytest.mark.parametrize("mode", ["en-XA", "ar-XB"])
@pytest.mark.parametrize("text, kept", [
    ("Up to 40% to 50% of 1,000.5 healthy newborns", ["40%", "50%", "1,000.5"]),
    ("Cited as PMID: 28878836; PMCID: PMC5574071.", ["PMID: 28878836", "PMC5574071"]),
    ("See https://pubmed.ncbi.nlm.nih.gov/28878836/ or doi 10.1234/abc.def", [
        "https://pubmed.ncbi.nlm.nih.gov/28878836/", "10.1234/abc.def"]),
    ("Write to care@example.org today", ["care@example.org"]),
    ("The 3rd visit", ["3rd"]),
], ids=["numbers", "pmid", "url-doi", "e-mail", "ordinal"])
def test_numbers_and_identifiers_stay_verbatim(mode, text, kept):
    out = pseudolocalize(text, mode=mode)
    for piece in kept:
        assert piece in out


@pytest.mark.parametrize("mode", ["en-XA", "ar-XB"])
def test_placeholders_and_protected_content_stay_verbatim(mode):
    placeholders = (Placeholder("a1", "a"), Placeholder("code", "code", protected="npm install"),
                    Placeholder("br", "br", void=True), Placeholder("time", "time", void=True, date="2022-10-15"))
    text = "Run <code>npm install</code> and <a1>read the <br/>notes</a1> of <time/>."
    out = pseudolocalize(text, placeholders, mode=mode)
    assert "<code>npm install</code>" in out
    assert [m.group() for m in TAG_PATTERN.finditer(out)] == [m.group() for m in TAG_PATTERN.finditer(text)]
    parse_translation(out, placeholders, source=text)  # the writer accepts it


def test_a_pmid_split_by_a_placeholder_is_still_kept():
    out = pseudolocalize("PMID: <a1>28878836</a1>", (Placeholder("a1", "a"),), mode="en-XA")
    assert out == "[PMID: <a1>28878836</a1>]"


@pytest.mark.parametrize("mode", ["en-XA", "ar-XB"])
def test_do_not_translate_terms_stay_verbatim_with_their_endings(mode):
    terms = ("Maria del Carmen Hernandez", "PMID")
    out = pseudolocalize("Reviewed by Maria del  Carmen Hernandez; two pmids and Hernandez's notes.",
                         mode=mode, protected_terms=terms)
    assert "Maria del  Carmen Hernandez" in out
    assert "pmids" in out
    assert "Hernandez" not in out.replace("Maria del  Carmen Hernandez", "")  # alone, it is not the term


def test_literal_tag_text_is_left_alone():
    assert pseudolocalize("Type <b> for bold") == "[Ţýþéé <b> ƒööŕ ƀööļð]"


def test_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="unknown pseudo-locale 'fr-XA'"):
        pseudolocalize("x", mode="fr-XA")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
       st.sampled_from(["en-XA", "ar-XB"]))
def test_any_text_keeps_its_digits_and_gains_only_brackets_outside_letters(text, mode):
    out = pseudolocalize(text, mode=mode)
    assert out[0] == "[" and out[-1] == "]"
    assert re.findall(r"\d", out) == re.findall(r"\d", text)
    assert not BIDI_CONTROLS.search(out.replace("\u061c", "")) or BIDI_CONTROLS.search(text)


# -- locale facts --------------------------------------------------------------------


def test_pseudo_locales_are_english_for_babel_with_their_own_direction_and_name():
    assert pseudo_locale("en-XA") == "en_XA" and pseudo_locale("AR_xb") == "ar_XB"
    assert pseudo_locale("en") is None and pseudo_locale("en-GB") is None
    assert str(parse_locale("ar-XB")) == "en"
    assert (text_direction("en_XA"), text_direction("ar-XB")) == ("ltr", "rtl")
    assert native_name("en_XA") == "English (pseudo, accented)"
    assert english_name("ar_XB") == "English (pseudo, right-to-left)"
    assert plural_forms("ar_XB") == plural_forms("en")
    assert format_iso_date("2022-10-15", "ar_XB") == "October 15, 2022"
    assert bcp47("en_XA") == "en-XA"


# -- catalogs, build and check -------------------------------------------------------


def test_the_pseudo_catalog_translates_every_unit_and_locates_it_in_the_page():
    catalog = pseudo_catalog(ARTICLE, "en-XA", display="source/milia-in-babies.html")
    units = extract_units(read_html(ARTICLE), "x")
    assert len(catalog) == len({u.key for u in units})
    assert all(e.msgstr.startswith("[") for e in catalog)
    assert catalog.metadata["Language"] == "en-XA"
    first = next(iter(catalog))
    assert first.linenum == units[0].location.line


def test_build_writes_pseudo_pages_with_no_catalog_at_all(project: Path, runner):
    result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), "build",
                                  "-l", "en-XA", "-l", "ar_XB"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warning, nothing held back
    assert not (project / "locales").exists()
    html = (project / "site" / "ar-XB" / "milia-in-babies.html").read_text("utf-8")
    assert '<html lang="ar-XB" dir="rtl">' in html
    assert "English (pseudo, right-to-left)" in html  # in the language switcher
    text = (project / "site" / "en-XA" / "milia-in-babies.txt").read_text("utf-8")
    assert text.startswith("[Ṁîļîîáá îîñ Ɓááƀîîéš: Ŵĥááţ Ýööûû Šĥööûûļð Ķñööŵ]")
    assert "Maria del Carmen Hernandez" in text  # translate="no"
    assert "40% ţöö 50%" in text


def test_build_file_mode_needs_no_catalog_for_a_pseudo_locale(tmp_path: Path, runner):
    out = tmp_path / "page.html"
    result = runner.invoke(main, ["build", str(ARTICLE), "-l", "en-XA", "-o", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert '<html lang="en-XA">' in out.read_text("utf-8")
    assert render_text(read_html(out)).startswith("[")


@pytest.fixture
def glossary_project(project: Path) -> Path:
    shutil.copy(ROOT / "locales" / "glossary.tbx", project / "glossary.tbx")
    with open(project / "milialocale.toml", "a", encoding="utf-8") as config:
        config.write('glossary = "glossary.tbx"\n')
    return project


def test_check_on_the_pseudo_locales_finds_nothing(glossary_project: Path, runner):
    result = runner.invoke(main, ["--config", str(glossary_project / "milialocale.toml"), "check",
                                  "-l", "en-XA", "-l", "ar-XB", "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    assert "en_XA: 100.0% of words translated" in result.stderr


def test_check_on_the_pseudo_locales_does_see_a_lost_do_not_translate_term(glossary_project, monkeypatch):
    """The checks do run: without the glossary's terms, "PMID" is pseudo-localized."""
    config = load_config(glossary_project / "milialocale.toml")
    source = (glossary_project / "source" / ARTICLE.name)
    source.write_text(source.read_text("utf-8").replace(
        "</h1>", "</h1>\n<p>Every study has a PMID.</p>", 1), "utf-8")
    assert check_pseudo(config, ["en-XA"]).findings == ()
    monkeypatch.setattr(pseudo, "protected_terms", lambda config: ())
    report = check_pseudo(config, ["en-XA"])
    assert [f.code for f in report.findings] == ["glossary-dnt"]
    assert str(report.findings[0]).startswith("source/milia-in-babies.html:")


def test_check_mixing_pseudo_and_real_locales_is_a_usage_error(project: Path, runner):
    result = runner.invoke(main, ["--config", str(project / "milialocale.toml"), "check",
                                  "-l", "en-XA", "-l", "es"])
    assert result.exit_code == 2
    assert "in a run of their own" in result.stderr


def test_pseudo_locales_get_no_catalogs(project: Path, runner):
    config = ["--config", str(project / "milialocale.toml")]
    for args in (["init", "en-XA"], ["update", "-l", "ar_XB"]):
        result = runner.invoke(main, config + args)
        assert result.exit_code == 2, args
        assert "is a pseudo-locale and needs no catalog" in result.stderr
    assert not (project / "locales").exists()


def test_configuring_a_pseudo_locale_is_a_located_error(project: Path):
    from milialocale.errors import ConfigError

    (project / "milialocale.toml").write_text('locales = ["es", "en_XA"]\n', "utf-8")
    with pytest.raises(ConfigError, match=r"milialocale.toml:1: 'en_XA' is a pseudo-locale.*-l en-XA"):
        load_config(project / "milialocale.toml")
