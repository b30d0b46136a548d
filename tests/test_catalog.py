"""Merge scenarios: no translation is ever lost when the source changes."""

from __future__ import annotations

import polib

from milialocale.catalog import build_template, merge, translations
from milialocale.model import Location, Unit


def template(*texts: str) -> polib.POFile:
    units = [Unit(text=t, kind="p", location=Location("a.html", i + 1)) for i, t in enumerate(texts)]
    return build_template(units, metadata={"Project-Id-Version": "doc"})


def translated(po: polib.POFile, table: dict[str, str]) -> polib.POFile:
    for entry in po:
        entry.msgstr = table.get(entry.msgid, "")
    return po


def by_id(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def obsolete(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if e.obsolete}


OLD = translated(template("Milia are benign cysts.", "They disappear on their own.", "Learn more."),
                 {"Milia are benign cysts.": "Los milia son quistes benignos.",
                  "They disappear on their own.": "Desaparecen solos.",
                  "Learn more.": "Más información."})


def test_identical_texts_merge_into_one_entry_with_all_references():
    po = template("Same text here.", "Other.", "Same text here.")
    (entry, _) = list(po)
    assert entry.occurrences == [("a.html", "1"), ("a.html", "3")]


def test_unchanged_units_keep_their_translation():
    result = merge(OLD, template("Milia are benign cysts.", "They disappear on their own.", "Learn more."))
    assert translations(result) == translations(OLD)
    assert not [e for e in result if "fuzzy" in e.flags]


def test_edited_sentence_keeps_translation_as_fuzzy_with_previous_msgid():
    result = merge(OLD, template("Milia are benign keratin cysts.", "They disappear on their own.", "Learn more."))
    entry = by_id(result)["Milia are benign keratin cysts."]
    assert "fuzzy" in entry.flags
    assert entry.msgstr == "Los milia son quistes benignos."
    assert entry.previous_msgid == "Milia are benign cysts."
    assert "Milia are benign keratin cysts." not in translations(result)


def test_deleted_sentence_becomes_obsolete_and_returns_intact():
    deleted = merge(OLD, template("Milia are benign cysts.", "Learn more."))
    assert obsolete(deleted)["They disappear on their own."].msgstr == "Desaparecen solos."
    restored = merge(deleted, template("Milia are benign cysts.", "They disappear on their own.", "Learn more."))
    entry = by_id(restored)["They disappear on their own."]
    assert entry.msgstr == "Desaparecen solos." and "fuzzy" not in entry.flags
    assert not obsolete(restored)


def test_reordered_sections_keep_every_translation_and_follow_the_new_order():
    result = merge(OLD, template("Learn more.", "They disappear on their own.", "Milia are benign cysts."))
    assert [e.msgid for e in result] == ["Learn more.", "They disappear on their own.", "Milia are benign cysts."]
    assert translations(result) == translations(OLD)


def test_text_that_returns_after_an_edit_is_no_longer_fuzzy():
    edited = merge(OLD, template("Milia are benign keratin cysts.", "They disappear on their own.", "Learn more."))
    back = merge(edited, template("Milia are benign cysts.", "They disappear on their own.", "Learn more."))
    entry = by_id(back)["Milia are benign cysts."]
    assert "fuzzy" not in entry.flags and entry.msgstr == "Los milia son quistes benignos."


def test_typographic_fix_keeps_translation_without_review():
    old = translated(template("It's not harmful."), {"It's not harmful.": "No es dañino."})
    result = merge(old, template("It’s not harmful."))
    entry = by_id(result)["It’s not harmful."]
    assert entry.msgstr == "No es dañino." and "fuzzy" not in entry.flags


def test_changed_number_is_not_a_typographic_fix():
    old = translated(template("Less than 3 millimeters."), {"Less than 3 millimeters.": "Menos de 3 milímetros."})
    entry = by_id(merge(old, template("Less than 5 millimeters.")))["Less than 5 millimeters."]
    assert "fuzzy" in entry.flags


def test_unrelated_new_text_is_untranslated():
    result = merge(OLD, template("Completely different words appear.", "Learn more."))
    assert by_id(result)["Completely different words appear."].msgstr == ""


def test_translator_comments_and_flags_survive():
    old = translated(template("Learn more."), {"Learn more.": "Más información."})
    old[0].tcomment = "Kept short for the button."
    old[0].flags = ["ignore-length"]
    entry = by_id(merge(old, template("Learn more.")))["Learn more."]
    assert entry.tcomment == "Kept short for the button." and entry.flags == ["ignore-length"]


def test_update_is_idempotent():
    new = template("Milia are benign keratin cysts.", "Learn more.")
    once = merge(OLD, new)
    twice = merge(once, new)
    assert str(once) == str(twice)


def test_fuzzy_entries_are_not_published():
    result = merge(OLD, template("Milia are benign keratin cysts."))
    assert translations(result) == {}
    assert translations(result, use_fuzzy=True) == {(None, "Milia are benign keratin cysts."): "Los milia son quistes benignos."}
