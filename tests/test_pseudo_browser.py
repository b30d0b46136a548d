"""Pseudo-localized pages in a real browser: no source word may remain visible.

en-XA and ar-XB pages are built from the article with no catalog, opened in headless
Chromium (launched as in test_browser.py) and photographed. Every visible text node
outside ``translate="no"`` and code content is collected; a word of the source's units
found there is text the segmentation missed, shown to readers untranslated. Without
Chromium or Playwright the test skips, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pytest

from conftest import ARTICLE, ROOT
from milialocale.build import BuildOptions, build_project
from milialocale.config import load_config
from milialocale.locales import bcp47
from milialocale.numbers import mask_identifiers
from milialocale.placeholders import TAG_PATTERN
from milialocale.pseudo import protected_terms
from milialocale.readers.html import read_html
from milialocale.segment import CODE_TAGS, extract_units
from test_browser import CHROMIUM_ARGS, _chromium

PSEUDO = ("en_XA", "ar_XB")
#: text the segmentation leaves alone by design: translate="no" and code content.
UNTRANSLATED = ", ".join(["[translate=no]", *sorted(CODE_TAGS)])
_VISIBLE_TEXT = """(selector) => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || element.closest(selector)) continue;
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (range.getClientRects().length === 0) continue;
    texts.push(node.data);
  }
  return texts;
}"""
_WORD = re.compile(r"[^\W\d_]{3,}")


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    root = tmp_path_factory.mktemp("pseudo-browser")
    shutil.copytree(ARTICLE.parent, root / "source")
    shutil.copy(ROOT / "locales" / "glossary.tbx", root / "glossary.tbx")
    (root / "milialocale.toml").write_text('locales = []\nglossary = "glossary.tbx"\n', "utf-8")
    config = load_config(root / "milialocale.toml")
    result = build_project(config, BuildOptions(locales=PSEUDO, formats=("html",)))
    assert result.findings == () and result.skipped == ()
    return config


def source_words(config) -> set[str]:
    """Letters-only words of 3+ characters of every unit, casefolded, without protected
    placeholder content, identifiers and the glossary's do-not-translate terms."""
    dnt = {w.casefold() for term in protected_terms(config) for w in _WORD.findall(term)}
    words = set()
    for unit in extract_units(read_html(ARTICLE), "article"):
        text = unit.text
        for placeholder in unit.placeholders:
            if placeholder.protected is not None:
                text = text.replace(f"<{placeholder.name}>{placeholder.protected}</{placeholder.name}>", " ")
        text = mask_identifiers(TAG_PATTERN.sub(" ", text))
        words |= {w.casefold() for w in _WORD.findall(text)} - dnt
    return words


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("locale", PSEUDO)
def test_a_pseudo_page_shows_no_source_word(config, locale: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    page_path = config.output_dir / bcp47(locale) / f"{ARTICLE.stem}.html"
    words = source_words(config)
    assert len(words) > 200  # the article's vocabulary, not an accident of the filter
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1000, "height": 800})
            tab.goto(page_path.as_uri(), wait_until="load")
            shot = tmp_path / f"{bcp47(locale)}.png"
            tab.screenshot(path=str(shot), full_page=True)
            texts = tab.evaluate(_VISIBLE_TEXT, UNTRANSLATED)
            direction = tab.evaluate("getComputedStyle(document.body).direction")
        finally:
            browser.close()
    data = shot.read_bytes()
    width, height = png_size(data)
    assert width == 1000 and height > 800 and len(data) > 50_000  # a long page with text on it
    visible = " ".join(texts)
    assert "[" in visible and "]" in visible  # the pseudo units themselves are there
    leaked = sorted({w for w in _WORD.findall(visible) if w.casefold() in words})
    assert leaked == [], f"source words left untranslated on the {locale} page: {leaked}"
    assert direction == ("rtl" if locale == "ar_XB" else "ltr")
