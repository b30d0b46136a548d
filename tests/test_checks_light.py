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


@settings(max_examples=150, deadline=None)
@given(template=templates(), old=qa_catalogs(), merged_first=st.booleans())
def test_a_light_catalog_is_stale_exactly_when_the_polib_one_is(template, old, merged_first):
    catalog = updated_catalog(template, old, "fr") if merged_first else old
    template.metadata = catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    try:
        template_data, catalog_data = format_po(template).encode(), format_po(catalog).encode()
        expected = qa._is_stale(parse_po(template_data, "t.pot"), parse_po(catalog_data, "c.po"), "fr")
    except PoSyntaxError:
        return  # (an entry the generator gives msgid "" twice)
    assert qa._is_stale_item(_item(template_data, "t.pot"), _item(catalog_data, "c.po"), "fr") == expected
