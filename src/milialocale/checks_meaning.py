"""Checks on what a translation says: numbers, identifiers and negations must survive.

These are the medical-safety checks: a dose, a percentage or a PMID changed by a typo,
or a "not" lost in translation, changes what a parent reads. Like the checks in
checks_text.py they only describe problems; checks.py locates and grades them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .checks_text import multiset_difference, pair_by_kind, language, plain, quote
from .numbers import (find_identifiers, find_numbers, format_number, has_digit, has_marker, mask_identifiers,
                      spelled_numbers)

if TYPE_CHECKING:
    from .checks import CheckContext, Message


@functools.lru_cache(maxsize=4096)
def _numbers_in(text: str, locale: str) -> tuple:
    """The numbers of a message text; remembered, as a source is checked once per locale."""
    return tuple(find_numbers(mask_identifiers(plain(text, "\n")), locale))


def numbers(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """Every number, percentage, range and measurement of the source, by value."""
    if msg.plural:
        return  # plural forms stand for the count itself ("two files" in an Arabic dual)
    if not has_digit(msg.source) and not has_digit(msg.translation):
        return  # a number is read from digits only: neither text has one to compare
    source = _numbers_in(msg.source, ctx.source_locale)
    target = _numbers_in(msg.translation, ctx.target_locale)
    if not source and not target:
        return
    available = Counter(n.value for n in target)
    written_out = None  # numbers spelled out, read only for a number not found in figures
    missing = []
    for number in source:
        if available[number.value] > 0:
            available[number.value] -= 1
        else:
            if written_out is None:
                written_out = spelled_numbers(plain(msg.translation), ctx.target_locale)
            if number.value not in written_out:  # "dos semanas" for "2 weeks" is fine
                missing.append(number)
    extra = []
    if target:
        in_figures = {n.value for n in source}
        extra = [n for n in target if n.value not in in_figures]
        if extra:  # the source's numbers in words, read only for a number not in its figures
            spelled = spelled_numbers(plain(msg.source), ctx.source_locale)
            extra = [n for n in extra if n.value not in spelled]
    for number in missing:
        misread = [n for n in extra if re.sub(r"\D", "", n.text) == re.sub(r"\D", "", number.text)]
        written = format_number(number.value, ctx.target_locale)
        if misread:
            extra.remove(misread[0])
            yield (f"{quote(misread[0].text)} reads as {format_number(misread[0].value, ctx.target_locale)} "
                   f"in {ctx.target_locale}, but the source's {quote(number.text)} is {written} "
                   f"(write {quote(written)})")
        elif extra:
            yield f"number {quote(number.text)} of the source became {quote(extra.pop(0).text)}"
        else:
            yield f"number {quote(number.text)} of the source is missing (in {ctx.target_locale}: {quote(written)})"
    for number in extra:
        yield f"number {quote(number.text)} is not in the source"


def identifiers(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """PMIDs, PMCIDs, DOIs, URLs and e-mail addresses must be copied unchanged."""
    if not has_marker(msg.source) and not has_marker(msg.translation):
        return  # (tags become spaces, which never make a marker: the raw texts tell)
    source = find_identifiers(plain(msg.source, " "))
    target = find_identifiers(plain(msg.translation, " "))
    if not source and not target:
        return
    missing, extra = multiset_difference([i.key for i in source], [i.key for i in target])
    text = {i.key: i.text for i in source + target}
    for kind, changed in pair_by_kind(missing, extra):
        if changed is None:
            yield f"{kind[0]} {quote(text[kind], 90)} is missing"
        else:
            yield f"{kind[0]} {quote(text[kind], 90)} was changed to {quote(text[changed], 90)}"
    for key in extra:
        yield f"{key[0]} {quote(text[key], 90)} is not in the source"


# -- negation ------------------------------------------------------------------------

#: every negation begins with n, w or c: the look-ahead rejects most positions before
#: the costlier word-boundary test and alternation run (a quarter of the time).
_ENGLISH_NEGATION = re.compile(
    r"(?=[nwc])(?:\b(?:not|no|never|without|none|nothing|neither|nor|cannot|nobody|nowhere)\b|n[’']t\b)", re.I)
#: words that negate in each target language, and lexicalized negatives ("se desconoce"
#: for "isn't known", "absence"), so that idiomatic translations are not flagged.
_NEGATION = {
    "fr": r"\b(?:ne|pas|sans|jamais|aucune?s?|ni|rien|non|personne|guère|inconnue?s?|méconnue?s?"
          r"|absence|absente?s?|manque|dépourvue?s?|exempte?s?|nulle?)\b|\bn[’']",
    "es": r"\b(?:no|nunca|sin|ningun[oa]?s?|ningún|ni|nada|jamás|tampoco|nadie|desconoc\w*"
          r"|ausencia|ausentes?|falta|carecen?|libres? de)\b",
    "pt": r"\b(?:não|nunca|sem|nenhuma?s?|nem|nada|jamais|ninguém|desconhec\w*|ausência|ausentes?"
          r"|falta|carecem?|livres? de)\b",
    "it": r"\b(?:non|mai|senza|nessun[oa]?|né|niente|nulla|sconosciut\w*|ignot\w*|assenza|mancanza|priv[oaie])\b",
    "de": r"\b(?:nicht|kein\w*|nie|niemals|ohne|weder|nichts|niemand|unbekannt\w*|fehl\w*|frei von)\b",
    "nl": r"\b(?:niet|geen|nooit|zonder|noch|niets|niemand|onbekend\w*)\b",
    "ru": r"\b(?:не|нет|ни|без|никогда|ничего|никто|неизвестн\w*)\b|\bне\w+",
    "ar": r"(?:^|[\s(«])[وفب]?(?:لا|لم|لن|ليس|ليست|ليسوا|غير|بدون|دون|بلا|عدم|ما|مجهول\w*|غياب|انعدام)(?=[\s.,،؛:)»]|$)",
    "fa": r"(?:^|\s)(?:نه|نمی|ن\w+|بدون|بی|هیچ)",
    "zh": r"[不没沒无無未非别別勿否]",
    "ja": r"ない|ません|ず|ぬ|無|未|非|不",
    "ko": r"않|없|못|아니|안 |무|비|불|미",
}
_NEGATION_PATTERNS = {lang: re.compile(pattern, re.I) for lang, pattern in _NEGATION.items()}


#: what every `_ENGLISH_NEGATION` match holds once lower-cased: "no" begins not, no,
#: none, nothing, nor, nobody and nowhere, and ends "canno(t)".
_NEGATION_PARTS = ("no", "never", "neither", "without", "n't", "n’t")


def _may_negate(text: str) -> bool:
    """False when `_ENGLISH_NEGATION` cannot match `text` (two texts in three): each
    letter of a negation matches, ignoring case, only itself, its capital and, for "i",
    the Turkish "ı" and "İ" (which `lower` does not map to "i"), so a match leaves one of
    `_NEGATION_PARTS` in `text.lower()`. Substring tests cost a tenth of the search."""
    if "ı" in text or "İ" in text:
        return True
    lowered = text.lower()
    return any(part in lowered for part in _NEGATION_PARTS)


@functools.lru_cache(maxsize=4096)
def _english_negation(source: str) -> str | None:
    """The first negation of an English source; remembered, as a source is checked once per locale.
    (Tags and identifiers are masked with spaces and underscores, which join no letters:
    a match in the masked text is one in `source` too, so `_may_negate(source)` holds.)"""
    if not _may_negate(source):
        return None
    found = _ENGLISH_NEGATION.search(mask_identifiers(plain(source, " ")))
    return found.group() if found else None


def negation_applies(source_locale: str, target_locale: str) -> bool:
    """Whether `negation` reads messages of this language pair: English into a language
    whose negations it knows."""
    return language(source_locale) == "en" and language(target_locale) in _NEGATION_PATTERNS


def negation(ctx: CheckContext, msg: Message) -> Iterator[str]:
    """A negation of the source ("not", "never", "without", "n't") missing from the translation."""
    if not negation_applies(ctx.source_locale, ctx.target_locale):
        return
    pattern = _NEGATION_PATTERNS[language(ctx.target_locale)]
    found = _english_negation(msg.source)
    if found and not pattern.search(plain(msg.translation, " ")):
        yield (f"the source negates ({quote(found)}) but the translation has no "
               "negation; check that the meaning was not reversed")
