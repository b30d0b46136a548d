"""Our PO layout is GNU's: msgcat leaves every file we write byte-for-byte unchanged."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLE, require_tool
from milialocale.poformat import format_po, wrap_lines
from milialocale.pofiles import parse_po

SAMPLES = [
    "Milia in babies are a common benign skin condition. They usually go away on their own within a few weeks.",
    "Los milia en los bebés son una afección cutánea benigna frecuente. «Acné infantil», ¿verdad?",
    "Les grains de milium touchent de 40\u202f% à 50\u202f% des nouveau-nés à terme en bonne santé\u00a0: c’est fréquent !",
    "Milien bei Babys – auch „Hautgrieß“ genannt – sind eine häufige, harmlose Hautveränderung bei Neugeborenen.",
    "الدخينات عند الرضع، والمعروفة أيضًا ببقع الحليب، حالة جلدية شائعة إلى حد ما؟ من 40% إلى 50% من المواليد.",
    "婴儿粟丘疹是一种常见的良性皮肤病，通常会在几周内自行消退。原发性先天性粟丘疹见于40%至50%的健康足月新生儿。",
    "Bazex-Dupré-Christol syndrome, nevoid basal cell carcinoma syndrome and https://pubmed.ncbi.nlm.nih.gov/28878836/ go here",
    "Line one\nLine two with \"quotes\" and a back\\slash\tand a tab\n",
    "<strong>Neonatal milia:</strong> These are considered primary milia that develop in newborns and disappear.",
]


def catalog_of(strings: list[str]) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "t", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "MIME-Version": "1.0", "Language": "xx"}
    for index, text in enumerate(strings):
        po.append(polib.POEntry(msgid=text, msgstr=text[::-1] if index % 3 == 0 else text,
                                msgctxt=f"c{index}", comment="element: p",
                                occurrences=[("source/milia-in-babies.html", str(index * 10 + k)) for k in range(index % 4 + 1)]))
    old = polib.POEntry(msgid="A sentence that was removed from the article long ago, kept for reuse.",
                        msgstr="Una frase que se eliminó del artículo hace mucho, guardada para reutilizarla.",
                        obsolete=True)
    po.append(old)
    fuzzy = polib.POEntry(msgid="Changed text", msgstr="Texto cambiado", flags=["fuzzy"],
                          previous_msgid="Original text that was considerably longer than this one, wrapping over the line")
    po.append(fuzzy)
    return po


def random_sentences(count: int) -> list[str]:
    rng = random.Random(7)
    words = " ".join(SAMPLES).replace("\n", " ").split(" ")
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def test_msgcat_leaves_our_layout_unchanged(tmp_path: Path):
    msgcat = require_tool("msgcat")
    path = tmp_path / "t.po"
    path.write_text(format_po(catalog_of(SAMPLES + random_sentences(300))), "utf-8")
    result = subprocess.run([msgcat, str(path)], capture_output=True, check=True)
    assert result.stdout == path.read_bytes()


def test_msgfmt_check_accepts_what_we_write(tmp_path: Path):
    msgfmt = require_tool("msgfmt")
    path = tmp_path / "t.po"
    path.write_text(format_po(catalog_of(SAMPLES)), "utf-8")
    subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], check=True)


def test_write_then_read_returns_the_same_entries():
    po = catalog_of(SAMPLES)
    again = parse_po(format_po(po).encode(), "t.po")

    def key(e):
        return (e.msgctxt or "", e.msgid, e.msgstr, bool(e.obsolete), e.flags, e.previous_msgid)
    assert sorted(map(key, again)) == sorted(map(key, po))


def test_repeated_references_are_written_once():
    po = catalog_of(["x"])
    po[0].occurrences = [("a.html", "3"), ("a.html", "3"), ("a.html", "4")]
    assert "#: a.html:3 a.html:4\n" in format_po(po)


def test_short_strings_stay_on_one_line_and_long_ones_start_empty():
    assert wrap_lines("msgid", "short") == ['msgid "short"']
    lines = wrap_lines("msgid", "word " * 30)
    assert lines[0] == 'msgid ""' and all(len(line) <= 79 for line in lines)


def test_custom_flags_are_kept():
    po = catalog_of(["x"])
    po[0].flags = ["fuzzy", "ignore-glossary"]
    assert "#, fuzzy, ignore-glossary" in format_po(po)


def test_comment_ending_in_a_backslash_survives_msgcat(tmp_path: Path):
    msgcat = require_tool("msgcat")
    po = catalog_of(["x"])
    po[0].tcomment = "a Windows path C:\\dir\\"
    path = tmp_path / "t.po"
    path.write_text(format_po(po), "utf-8")
    assert subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout == path.read_bytes()


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=["a", "é", " ", "\n", "\\", "#"], min_size=1, max_size=20))
def test_plain_comments_are_written_at_once_as_line_by_line(text):
    """`_entry_lines` writes a plain comment with one replace: the same lines."""
    from milialocale.poformat import _plain_comment, iter_comment_lines
    if _plain_comment(text):
        assert "#. " + text.replace("\n", "\n#. ") == "\n".join(iter_comment_lines("#.", text))


@pytest.mark.parametrize("comment", ["element: p\nsection: A › B", "a\n\nb", "a\\\nb", "\na", "a\\"])
@pytest.mark.parametrize("occurrences", [[("doc.html", "3")], [("d" * 90 + ".html", "")],
                                         [("a.html", "1"), ("a.html", "1"), ("b.html", "")]])
def test_entry_comments_and_references_are_written_as_gnu_does(comment, occurrences):
    from milialocale.poformat import _entry_lines, format_reference_lines, iter_comment_lines
    entry = polib.POEntry(msgid="m", comment=comment, occurrences=occurrences)
    references = [f"{path}:{line}" if line else path for path, line in occurrences]
    expected = (list(iter_comment_lines("#.", comment))
                + format_reference_lines(dict.fromkeys(references)) + ['msgid "m"', 'msgstr ""'])
    assert "\n".join(_entry_lines(entry, "")).split("\n") == expected
