"""qa reads a document's template once for all its jobs, and again whenever it changes;
it finds a catalog in step with its template without merging when a cheap test is sure."""

from __future__ import annotations

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from milialocale.project import updated_catalog
from milialocale.qa import _content, _is_stale, _merges_to_itself, _read, _read_template, _template_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _same(a, b) -> bool:
    def entries(item):
        catalog = _template_catalog(item)  # (a template read as text alone is parsed here)
        return [(e.msgid, e.msgstr) for e in catalog] if catalog is not None else None

    return (a.path, a.text, a.findings, entries(a)) == (b.path, b.text, b.findings, entries(b))


def test_a_template_is_parsed_again_only_when_its_bytes_change(tmp_path):
    path = tmp_path / "doc.pot"
    path.write_text(HEADER + 'msgid "One"\nmsgstr ""\n', "utf-8")
    first = _read_template(path, "doc.pot", "doc")
    again = _read_template(path, "doc.pot", "doc")
    assert again.source is first.source is not None and _same(again, _read(path, "doc.pot", "", "doc"))
    path.write_text(HEADER + 'msgid "Two"\nmsgstr ""\n', "utf-8")  # same size, other bytes
    changed = _read_template(path, "doc.pot", "doc")
    assert [e.msgid for e in _template_catalog(changed)] == ["Two"]
    assert _same(changed, _read(path, "doc.pot", "", "doc"))


def test_a_broken_or_missing_template_reads_as_read_makes_it(tmp_path):
    path = tmp_path / "doc.pot"
    path.write_text(HEADER + 'msgid "One"\nmsgstr ""\nmsgid\n', "utf-8")
    broken = _read_template(path, "doc.pot", "doc")
    assert broken.findings and _same(broken, _read(path, "doc.pot", "", "doc"))
    broken.findings.clear()  # a job's findings are its own
    assert _read_template(path, "doc.pot", "doc").findings
    path.unlink()
    missing = _read_template(path, "doc.pot", "doc")
    assert missing.catalog is None and _same(missing, _read(path, "doc.pot", "", "doc"))


KEYS = st.tuples(st.sampled_from([None, "", "ctx"]), st.sampled_from(["One", "Two", "Three", "Four"]))
FLAGS = st.lists(st.sampled_from(["fuzzy", "c-format", "ignore-numbers"]), max_size=3)
PREVIOUS = st.one_of(st.none(), st.sampled_from(["", "Old", "Two"]))


@st.composite
def entries(draw, key=None, template=False) -> polib.POEntry:
    msgctxt, msgid = draw(KEYS) if key is None else key
    plural = draw(st.sampled_from(["", "", "", "Many"]))
    entry = polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgid_plural=plural,
                          comment=draw(st.sampled_from(["", "element: p", "element: h2"])),
                          occurrences=draw(st.lists(st.sampled_from([("a.html", "1"), ("a.html", "2")]), max_size=2)))
    if template:
        entry.flags = draw(st.lists(st.sampled_from(["c-format", "fuzzy"]), max_size=1))
        return entry
    if plural:
        entry.msgstr_plural = {0: draw(st.sampled_from(["", "un"])), 1: draw(st.sampled_from(["", "des"]))}
    else:
        entry.msgstr = draw(st.sampled_from(["", "Un", "Deux"]))
    entry.flags = draw(FLAGS)
    entry.tcomment = draw(st.sampled_from(["", "note"]))
    entry.previous_msgid, entry.previous_msgctxt = draw(PREVIOUS), draw(PREVIOUS)
    entry.obsolete = draw(st.booleans())
    return entry


@st.composite
def templates(draw) -> polib.POFile:
    template = polib.POFile()
    for key in draw(st.lists(KEYS, max_size=5, unique=True)):
        template.append(draw(entries(key=key, template=True)))
    return template


@st.composite
def catalogs(draw) -> polib.POFile:
    catalog = polib.POFile()
    for entry in draw(st.lists(entries(), max_size=6)):
        list.append(catalog, entry)
    return catalog


@settings(max_examples=150, deadline=None)
@given(template=templates(), old=catalogs(), merged_first=st.booleans(), edit=st.sampled_from(
    [None, "flag", "fuzzy twice", "previous", "reference", "comment", "obsolete", "untranslated obsolete",
     "live again", "header-like"]))
def test_a_catalog_found_in_step_without_merging_is_in_step(template, old, merged_first, edit):
    """`_merges_to_itself` answers True only where the merge leaves the content as it
    is; and on what `update` writes (no plural in the template), it does answer."""
    catalog = updated_catalog(template, old, "fr") if merged_first else old
    entries = [e for e in catalog if e.msgid]
    if entries and edit is not None:
        entry = entries[0]
        if edit == "flag":
            entry.flags.append("ignore-numbers")
        elif edit == "fuzzy twice":
            entry.flags += ["fuzzy", "fuzzy"]
        elif edit == "previous":
            entry.previous_msgid = "Before"
        elif edit == "reference":
            entry.occurrences.append(("b.html", "3"))
        elif edit == "comment":
            entry.comment += "!"
        elif edit == "obsolete":
            entry.obsolete = True
        elif edit == "untranslated obsolete":
            entry.obsolete, entry.msgstr, entry.msgstr_plural = True, "", {}
        elif edit == "live again":
            entry.obsolete = False
        else:
            entry.msgid = ""
    quick = _merges_to_itself(template, catalog)
    full = _content(updated_catalog(template, catalog, "fr")) == _content(catalog)
    if quick:
        assert full
    assert _is_stale(template, catalog, "fr") == (not full)
    if merged_first and edit is None and not any(e.msgid_plural for e in template):
        assert quick
