"""Nothing lost across source edits: every translation ever made survives every update.

A document of sentences is translated, then edited at random (a word changed, a
sentence deleted, restored, moved, duplicated, retyped with other quotes) and merged
after each edit, with the catalog written and read back as `update` does. After every
step, every translation that ever existed is still in the catalog: active (for the
same text, up to typography), fuzzy with the text it was made for as previous msgid
(again up to typography, which keeps a translation unmarked), or obsolete. A translation is never attached, unmarked, to a different sentence.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from milialocale.catalog import build_template, merge, typographic_key
from milialocale.model import Location, Unit
from milialocale.poformat import format_po
from milialocale.pofiles import parse_po

WORDS = ("milia", "babies", "skin", "small", "white", "bumps", "nose", "cheeks", "newborn",
         "weeks", "doctor", "it's", "\"common\"", "40%", "go", "away", "their", "own")
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(" ".join)
METADATA = {"Project-Id-Version": "doc", "Content-Type": "text/plain; charset=UTF-8",
            "Language": "fr"}


def template_of(document: list[tuple[str | None, str]]):
    units = [Unit(text=text, kind="p", location=Location("doc.html", index + 1), context=context)
             for index, (context, text) in enumerate(document)]
    return build_template(units, metadata=METADATA)


def edit(document: list, removed: list, data) -> None:
    """Apply one random edit to `document` in place; deleted sentences go to `removed`."""
    operation = data.draw(st.sampled_from(
        ["change", "delete", "restore", "move", "duplicate", "retype", "add", "context"]))
    if not document and operation != "restore":
        operation = "add"
    index = data.draw(st.integers(0, max(len(document) - 1, 0)))
    if operation == "change":
        context, text = document[index]
        words = text.split(" ")
        words[data.draw(st.integers(0, len(words) - 1))] = data.draw(st.sampled_from(WORDS))
        removed.append(document[index])
        document[index] = (context, " ".join(words))
    elif operation == "delete":
        removed.append(document.pop(index))
    elif operation == "restore" and removed:
        document.insert(index, removed.pop(data.draw(st.integers(0, len(removed) - 1))))
    elif operation == "move":
        document.insert(data.draw(st.integers(0, len(document))), document.pop(index))
    elif operation == "duplicate":
        document.insert(index, document[index])
    elif operation == "retype":
        context, text = document[index]
        document[index] = (context, text.replace("'", "’").replace('"', "“", 1).replace('"', "”", 1))
    elif operation == "add":
        document.insert(index, (None, data.draw(SENTENCE)))
    elif operation == "context":
        context, text = document[index]
        document[index] = (data.draw(st.sampled_from([None, "nav", "footer"])), text)


def translate_new_entries(catalog, origins: dict[str, tuple], counter: list[int]) -> None:
    """The translator fills every empty entry with a new, unique translation."""
    for entry in catalog:
        if not entry.obsolete and not entry.msgstr:
            counter[0] += 1
            entry.msgstr = f"T{counter[0]}: {entry.msgid.upper()}"
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = None
            origins[entry.msgstr] = (entry.msgctxt, entry.msgid)


def check_nothing_lost(catalog, origins: dict[str, tuple]) -> None:
    carriers: dict[str, list] = {}
    for entry in catalog:
        carriers.setdefault(entry.msgstr, []).append(entry)
    for msgstr, (context, msgid) in origins.items():
        assert carriers.get(msgstr), f"translation lost: {msgstr!r}"
        # A translation may also be offered, fuzzy, to a similar sentence.
        for entry in carriers[msgstr]:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                previous = (entry.previous_msgctxt, entry.previous_msgid)
                assert typographic_key(previous) == typographic_key((context, msgid)), (
                    "a fuzzy translation must show the text it was made for")
            else:
                assert typographic_key((entry.msgctxt, entry.msgid)) == typographic_key((context, msgid)), (
                    f"{msgstr!r} was made for {msgid!r} and now translates {entry.msgid!r} unmarked")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SENTENCE, min_size=1, max_size=8), st.integers(1, 12), st.data())
def test_every_translation_survives_any_sequence_of_edits(sentences, steps, data):
    document: list[tuple[str | None, str]] = [(None, s) for s in sentences]
    removed: list[tuple[str | None, str]] = []
    origins: dict[str, tuple] = {}
    counter = [0]
    catalog = merge(parse_po(b"", "fr.po"), template_of(document))
    translate_new_entries(catalog, origins, counter)
    for _ in range(steps):
        edit(document, removed, data)
        catalog = merge(catalog, template_of(document))
        # Written and read back, as `update` does: the file format must keep it all too.
        catalog = parse_po(format_po(catalog).encode("utf-8"), "fr.po")
        check_nothing_lost(catalog, origins)
        if data.draw(st.booleans()):
            translate_new_entries(catalog, origins, counter)
