"""The build reads a catalog's translations from its summary (`build._catalog_lookup`),
not from polib objects: on any catalog it must give what `catalog.translations` gives
for the parsed file, whether the plan kept the summary or the build reads the file."""

from __future__ import annotations

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milialocale import build as build_module
from milialocale.catalog import translations
from milialocale.poformat import format_po
from milialocale.pofiles import read_po

TEXT = st.lists(st.sampled_from(["a", "b", " ", "\n", '"', "\\", "é", "中", "<b>", "msgid_plural"]),
                max_size=8).map("".join)


@st.composite
def entries(draw) -> polib.POEntry:
    entry = polib.POEntry(msgid=draw(TEXT), msgctxt=draw(st.none() | TEXT))
    if draw(st.integers(0, 4)) == 0:
        entry.msgid_plural = draw(TEXT.filter(bool))
        entry.msgstr_plural = {0: draw(TEXT), 1: draw(TEXT)}
    else:
        entry.msgstr = draw(TEXT)
    translated = bool(entry.msgstr or any(entry.msgstr_plural.values()))
    entry.obsolete = translated and draw(st.booleans()) and draw(st.booleans())
    if translated and draw(st.booleans()):
        entry.flags = ["fuzzy"]
    return entry


@st.composite
def catalogs(draw) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    seen = set()
    for entry in draw(st.lists(entries(), max_size=8)):
        if (entry.msgctxt, entry.msgid) not in seen and (entry.msgctxt, entry.msgid) != (None, ""):
            seen.add((entry.msgctxt, entry.msgid))
            catalog.append(entry)
    return catalog


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogs(), st.booleans(), st.booleans())
def test_the_lookup_from_a_summary_is_the_translations_of_the_parse(tmp_path, catalog, use_fuzzy,
                                                                     kept):
    path = tmp_path / "doc.po"
    path.write_text(format_po(catalog), "utf-8")
    expected = translations(read_po(path), use_fuzzy=use_fuzzy)
    build_module._PARSED.clear()
    if kept:  # as the plan leaves it for the build
        build_module._read_summary(path, "doc.po")
        assert build_module._PARSED.kept
    try:
        assert build_module._catalog_lookup(path, "doc.po", use_fuzzy) == expected
    finally:
        build_module._PARSED.clear()


def test_a_plural_keyword_continued_on_the_next_line_is_a_plural(tmp_path):
    """GNU joins a line ending in a backslash with the next one before reading keywords."""
    path = tmp_path / "doc.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgid "one"\nmsgid_\\\nplural "many"\nmsgstr[0] "un"\nmsgstr[1] "beaucoup"\n\n'
                     b'msgid "yes"\nmsgstr "oui"\n')
    expected = translations(read_po(path), use_fuzzy=False)
    assert expected == {(None, "yes"): "oui"}
    assert build_module._catalog_lookup(path, "doc.po", False) == expected
