"""`check` reads catalogs as `poparse.LightCatalog`s where it can: its findings, locations
and staleness verdicts must be those it gives on the polib catalogs of the same bytes."""

from __future__ import annotations

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_poparse import catalogs as po_catalogs
from test_poparse import damaged
from test_qa_templates import catalogs as qa_catalogs
from test_qa_templates import templates

from milialocale import poparse, qa
from milialocale.checks import catalog_messages
from milialocale.errors import PoSyntaxError
from milialocale.poformat import format_po
from milialocale.pofiles import parse_po
from milialocale.project import updated_catalog
from milialocale.qa import _merges_to_itself


def _item(data: bytes, path: str) -> qa._Catalog:
    return qa._Catalog(path, "", "doc", qa._parse(data, path), data.decode("utf-8-sig", "replace"), [], data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_catalogs(), st.data(), st.booleans())
def test_a_light_catalog_gives_the_messages_of_the_polib_one(catalog: polib.POFile, data, include_fuzzy):
    if data.draw(st.booleans()):  # keep only entries `read_light` reads
        catalog[:] = [e for e in catalog if not e.obsolete and not e.msgid_plural]
    encoded = damaged(format_po(catalog), data).encode()
    try:
        full = parse_po(encoded, "p.po")
    except PoSyntaxError:
        return
    item = _item(encoded, "p.po")
    for text in (item.text, None):
        assert (list(catalog_messages(item.catalog, "p.po", include_fuzzy=include_fuzzy, text=text))
                == list(catalog_messages(full, "p.po", include_fuzzy=include_fuzzy, text=text)))


def test_a_msgstr_more_than_400_lines_after_its_entry_starts_is_located_at_the_entry():
    for lines in (397, 398, 399, 400, 401):
        entry = polib.POEntry(msgid="x" * 10, msgstr="y", comment="\n".join(["c"] * lines))
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        catalog.append(entry)
        encoded = format_po(catalog).encode()
        item = _item(encoded, "p.po")
        assert isinstance(item.catalog, poparse.LightCatalog)
        light = list(catalog_messages(item.catalog, "p.po", text=item.text))
        assert light == list(catalog_messages(parse_po(encoded, "p.po"), "p.po", text=item.text))
        assert light[0].location.line == (item.catalog[0].msgstr_line if lines < 400 else item.catalog[0].linenum)


def _template_item(data: bytes) -> qa._Catalog:
    """A template as `_read_template` reads it: as text alone when it can."""
    source = poparse.read_template_text(data)
    if source is None:
        return _item(data, "t.pot")
    return qa._Catalog("t.pot", "", "doc", None, None, [], data, source)


@settings(max_examples=300, deadline=None)
@given(template=templates(), old=qa_catalogs(), merged_first=st.booleans(), edit=st.sampled_from(
    [None, None, "reference", "comment", "previous", "fuzzy twice", "rewrapped"]))
def test_a_light_catalog_is_stale_exactly_when_the_polib_one_is(template, old, merged_first, edit):
    catalog = updated_catalog(template, old, "fr") if merged_first else old
    if edit and len(catalog):
        entry = catalog[0]
        if edit == "reference":
            entry.occurrences.append(("b.html", "3"))
        elif edit == "comment":
            entry.comment += "!"
        elif edit == "previous":
            entry.previous_msgid = "Before"
        elif edit == "fuzzy twice":
            entry.flags += ["fuzzy", "fuzzy"]
    template.metadata = catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    try:
        template_data, catalog_data = format_po(template).encode(), format_po(catalog).encode()
        if edit == "rewrapped":  # another layout, the same content
            catalog_data = catalog_data.replace(b'msgid "', b'msgid ""\n"')
        expected = qa._is_stale(parse_po(template_data, "t.pot"), parse_po(catalog_data, "c.po"), "fr")
        full = _merges_to_itself(parse_po(template_data, "t.pot"), parse_po(catalog_data, "c.po"))
    except PoSyntaxError:
        return  # (an entry the generator gives msgid "" twice)
    template_item, catalog_item = _template_item(template_data), _item(catalog_data, "c.po")
    assert qa._is_stale_item(template_item, catalog_item, "fr") == expected
    if template_item.source is not None and isinstance(catalog_item.catalog, poparse.LightCatalog):
        by_text = qa._in_step_by_text(template_item.source, catalog_item.catalog)
        assert full or not by_text  # it answers True only where the merge changes nothing
        # It does answer for what `update` writes, unless the old catalog brought `#|` lines
        # to an entry that is not fuzzy (update keeps them; the shortcut declines those).
        ordinary = not any(e.msgid_plural or e.obsolete or (e.previous_msgid and not e.fuzzy) for e in catalog)
        if merged_first and edit is None and ordinary:
            assert by_text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_catalogs(), st.data())
def test_a_template_read_as_text_has_the_messages_and_lines_of_its_light_catalog(catalog, data):
    if data.draw(st.booleans()):
        catalog[:] = [e for e in catalog if not e.obsolete and not e.msgid_plural]
    encoded = damaged(format_po(catalog), data).encode()
    light, text = poparse.read_light(encoded), poparse.read_template_text(encoded)
    assert (light is None) == (text is None)
    if light is not None:
        assert text.messages == [poparse.message_facts(e) for e in light]
        assert text.sources == {e.source_text[:2]: poparse.source_lines(e.source_text[2]) for e in light}
        for entry in light:  # the lines kept are those that make the comment and references
            block = entry.source_text[2]
            kept = poparse._dispatch_comments(poparse.source_lines(block)[1:].split("\n#")) if block else None
            assert kept is None or kept[1:3] == (entry.comment, entry.occurrences)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["#. a", "#. b", "#: x:1", "#: y", "# t", "#, fuzzy", "#.", "#:", "#| z"]),
                max_size=6),
       st.lists(st.sampled_from(["#. a", "#. b", "#: x:1", "#: y", "#.", "#:"]), max_size=4))
def test_source_lines_are_told_by_substring_tests_as_by_filtering(block_lines, wanted):
    block = "".join(line + "\n" for line in block_lines)
    lines = "\n".join(wanted)
    same = poparse.source_lines(block) == lines
    if qa._has_source_lines(block, lines):
        assert same  # a yes is always right; a no only sends the pair to the merge
    source_only = all(line.startswith(("#.", "#:")) for line in block_lines)
    assert qa._has_source_lines(block, lines) == same or not source_only
