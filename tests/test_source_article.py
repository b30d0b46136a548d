"""The shipped article is the seed text, verbatim, as semantic HTML5."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lxml import etree

from conftest import ARTICLE, SEED, SHARED_SEED
from milialocale.readers.html import read_html
from milialocale.segment import collapse


def seed_lines() -> list[str]:
    lines = []
    for line in SEED.read_text("utf-8").splitlines():
        line = line.strip().removeprefix("•").strip()
        if line:
            lines.append(line)
    return lines


def page_text() -> str:
    root = read_html(ARTICLE).getroot()
    etree.strip_elements(root, "script", "style", with_tail=False)
    return collapse("".join(root.itertext()))


def test_every_seed_line_appears_verbatim_and_in_order():
    text = page_text()
    position = 0
    for line in seed_lines():
        found = text.find(line, position)
        assert found >= 0, f"missing or out of order: {line!r}"
        position = found + len(line)


def test_semantic_structure():
    root = read_html(ARTICLE).getroot()
    assert root.get("lang") == "en"
    assert root.find(".//head/title").text == "Milia in Babies: What You Should Know"
    assert root.xpath("//meta[@name='description']/@content")
    assert len(root.findall(".//h1")) == 1 and len(root.findall(".//h2")) == 7
    assert root.xpath("//*[@translate='no']//text()[contains(., 'Maria del Carmen Hernandez')]")
    (time,) = root.findall(".//time")
    assert time.get("datetime") == "2022-10-15"
    assert [fc.text for fc in root.findall(".//figure/figcaption")] == [
        "A baby with milia on his cheek.", "A baby with milia on his nose."]
    references = root.xpath("//ol[@translate='no']/li")
    assert len(references) == 3
    assert all(re.search(r"PMID: ", "".join(li.itertext())) for li in references)
    assert all(a.get("href").startswith("https://pubmed.ncbi.nlm.nih.gov/") for a in
               root.xpath("//ol[@translate='no']//a[contains(@href, 'pubmed')]"))


def test_no_broken_local_references():
    root = read_html(ARTICLE).getroot()
    for url in root.xpath("//@src | //link/@href"):
        assert (ARTICLE.parent / url).is_file(), url
    for anchor in root.xpath("//a[starts-with(@href, '#')]/@href"):
        assert root.xpath(f"//*[@id='{anchor[1:]}']"), anchor


def test_the_copied_seed_matches_the_shared_one():
    copy = Path(__file__).parent / "data" / "seed-milia-in-babies.txt"
    if not SHARED_SEED.is_file():
        pytest.skip("shared/ is not beside this checkout")
    assert copy.read_bytes() == SHARED_SEED.read_bytes()
