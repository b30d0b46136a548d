"""Golden files: the article's template, byte for byte (creation date normalised).

Set MILIALOCALE_REGENERATE=1 to rewrite the expected files, then review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import ARTICLE
from milialocale.project import extract_template

GOLDEN = Path(__file__).parent / "golden"


def normalise(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: [^"\\]*\\n"', '"POT-Creation-Date: DATE\\\\n"', text)


def test_article_template_matches_golden_file():
    text = normalise(extract_template([(ARTICLE, "source/milia-in-babies.html")],
                                      project="milia-in-babies", existing=None))
    expected = GOLDEN / "article" / "expected.pot"
    if os.environ.get("MILIALOCALE_REGENERATE") == "1":
        expected.write_text(text, "utf-8")
    assert text == expected.read_text("utf-8")
