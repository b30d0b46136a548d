"""Honest completeness: fuzzy is never translated; counted in entries and source words.

The same counts drive `stats`, the publish threshold of `build` and the status page.
Entry counts follow `msgfmt --statistics` (obsolete entries and the header excluded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib

from .placeholders import strip_placeholders

_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*", re.UNICODE)
_IDEOGRAPH = re.compile(r"[\u2E80-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]")


def count_words(text: str) -> int:
    """Words in a source text, placeholders excluded; each CJK ideograph counts as one.

    >>> count_words("<strong>Neonatal milia:</strong> These are 40% of…")
    6
    """
    count = _COUNTED.get(text)
    if count is None:
        plain = strip_placeholders(text) if "<" in text else text
        if plain.isascii():  # no ideographs: one pass
            count = len(_WORD.findall(plain))
        else:
            ideographs = len(_IDEOGRAPH.findall(plain))
            count = ideographs + len(_WORD.findall(_IDEOGRAPH.sub(" ", plain)) if ideographs else _WORD.findall(plain))
        if len(_COUNTED) >= 65536:
            _COUNTED.clear()
        _COUNTED[text] = count
    return count


#: msgid -> words: a template and each of its catalogs repeat the same msgids.
_COUNTED: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0

    @property
    def entries(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent_words(self) -> float:
        """Translated share of source words (100 for an empty catalog)."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    @property
    def percent_entries(self) -> float:
        return 100.0 * self.translated / self.entries if self.entries else 100.0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(_astuple(self), _astuple(other))))


def _astuple(counts: Counts) -> tuple[int, ...]:
    return (counts.translated, counts.fuzzy, counts.untranslated, counts.obsolete,
            counts.words, counts.translated_words, counts.fuzzy_words)


def entry_state(entry: polib.POEntry) -> str:
    """'translated', 'fuzzy' or 'untranslated', as msgfmt --statistics decides."""
    if entry.msgid_plural:
        strings = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    else:
        strings = [entry.msgstr]
    if not strings or not strings[0]:
        return "untranslated"
    if "fuzzy" in entry.flags:
        return "fuzzy"
    return "translated"


def count_catalog(catalog: polib.POFile) -> Counts:
    """Count the entries and source words of one catalog."""
    translated = fuzzy = untranslated = obsolete = words = translated_words = fuzzy_words = 0
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        n = count_words(entry.msgid)
        words += n
        state = entry_state(entry)
        if state == "translated":
            translated += 1
            translated_words += n
        elif state == "fuzzy":
            fuzzy += 1
            fuzzy_words += n
        else:
            untranslated += 1
    return Counts(translated, fuzzy, untranslated, obsolete, words, translated_words, fuzzy_words)
