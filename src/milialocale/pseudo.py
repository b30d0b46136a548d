"""Pseudo-localization: build en-XA and ar-XB pages from the source, with no catalogs.

A pseudo-locale shows layout problems before any translator is paid: every translatable
unit is rewritten so that it still reads as the source, yet no source word survives.
Any source text left on a pseudo page is text the segmentation missed.

- ``en-XA`` (accented): ASCII letters become accented look-alikes (``Milia`` → ``Ṁîļîîáá``),
  vowels are doubled until the unit is about 35 % longer, and the unit is bracketed
  (``[…]``), so expansion and truncation show.
- ``ar-XB`` (right to left): ASCII letters become Arabic letters, one for one, and ``?``,
  ``,`` and ``;`` their Arabic forms. The direction comes from the characters and the
  page's ``dir="rtl"``, never from bidi controls: Android's ar-XB wraps text in U+202E
  RIGHT-TO-LEFT OVERRIDE, which the ``invisible`` check rightly rejects and which hides
  the real question, whether left-to-right islands (numbers, PMIDs, URLs, names) sit
  correctly inside right-to-left text. No expansion, so direction is all it tests.

Placeholder tags, the content of protected placeholders (``translate="no"``, code),
numbers, identifiers (URLs, e-mail addresses, DOIs, PMIDs, PMCIDs) and the glossary's
do-not-translate terms are copied verbatim, so pseudo translations pass `check`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import polib

from .catalog import build_template
from .checks import CheckContext, Settings, check_locale, sort_key
from .config import Config
from .locales import bcp47, plural_forms, pseudo_locale
from .model import Placeholder
from .numbers import find_identifiers
from .placeholders import TAG_PATTERN
from .qa import CatalogStats, Report
from .readers.html import read_html
from .segment import extract_units
from .stats import count_catalog

__all__ = ["EXPANSION", "check_pseudo", "protected_terms", "pseudo_catalog", "pseudo_catalogs",
           "pseudolocalize"]

#: en-XA makes each unit about this much longer (German runs ~30 % longer than English).
EXPANSION = 0.35
#: checks that judge the words of a real language, meaningless on pseudo text.
WORD_CHECKS = frozenset({"negation", "unchanged", "glossary-missing", "glossary-deprecated"})

_LOWER, _UPPER = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Look-alikes from Android's and Chromium's pseudo-locales; none of them is a character
# that the encoding check takes for mojibake (Ã, Â before a C1 or punctuation character).
_ACCENTED = str.maketrans(_LOWER + _UPPER, "áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž" "ÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
# One Arabic letter per Latin letter (case is lost; Arabic has none), roughly by sound
# where Arabic has the sound, so a reader of Arabic script can still follow the text.
_ARABIC = "ابثدعفغهيجكلمنوطقرستضذحخىز"
_RTL = str.maketrans(_LOWER + _UPPER + "?,;", _ARABIC + _ARABIC + "؟،؛")
_VOWELS = frozenset("aeiou")  # lower case only: "ÎÎt" would look like a typo
_NUMBER = re.compile(r"\d[\w%‰]*(?:[.,:\u00a0\u202f\u2009]\d[\w%‰]*)*")
_MODES = {"en_XA": "accented", "ar_XB": "rtl"}


def pseudolocalize(text: str, placeholders: Iterable[Placeholder] = (), *, mode: str = "en-XA",
                   protected_terms: Iterable[str] = ()) -> str:
    """The pseudo translation of unit `text` in `mode` (``en-XA`` or ``ar-XB``).

    Only literal text changes: placeholder tags, protected placeholder content, numbers,
    identifiers and `protected_terms` (matched case-insensitively as whole words, with
    any word ending such as a plural ``s``) stay as they are.

    >>> pseudolocalize("Milia are tiny cysts.")
    '[Ṁîîļîîáá ááŕéé ţîîñý çýšţš.]'
    >>> pseudolocalize("See <a1>PMID: 28878836</a1>, 40% of <b>babies</b>?", mode="ar-XB")
    '[سعع <a1>PMID: 28878836</a1>، 40% وف <b>بابيعس</b>؟]'
    >>> pseudolocalize("by <span>Ann Lee</span>", (Placeholder("span", "span", protected="Ann Lee"),))
    '[ƀý <span>Ann Lee</span>]'
    """
    code = pseudo_locale(mode)
    if code is None:
        raise ValueError(f"unknown pseudo-locale {mode!r} (known: en-XA, ar-XB)")
    keep = _kept(text, placeholders, protected_terms)
    if _MODES[code] == "rtl":
        out = "".join(c if kept else _to_arabic(c) for c, kept in zip(text, keep))
        return f"[{out}]"
    # Expand what is pseudo-localized (kept text is as long in every language), spread
    # over the vowels, at most tripling one; the brackets count towards the expansion.
    vowels = [i for i, c in enumerate(text) if not keep[i] and c in _VOWELS]
    extra = min(max(0, math.ceil(EXPANSION * keep.count(False)) - 2), 2 * len(vowels))
    copies = {index: (n + 1) * extra // len(vowels) - n * extra // len(vowels)
              for n, index in enumerate(vowels)} if vowels else {}
    pieces = []
    for index, char in enumerate(text):
        if keep[index]:
            pieces.append(char)
        else:
            accented = char.translate(_ACCENTED)
            pieces.append(accented * (1 + copies.get(index, 0)))
    return f"[{''.join(pieces)}]"


def _to_arabic(char: str) -> str:
    mapped = char.translate(_RTL)
    if mapped != char or char.isascii():
        return mapped
    base = unicodedata.normalize("NFD", char)[0]  # é → e → ع
    return base.translate(_RTL) if base.isascii() and base.isalpha() else char


def _kept(text: str, placeholders: Iterable[Placeholder], terms: Iterable[str]) -> list[bool]:
    """For each character of `text`: must it be copied verbatim?"""
    keep = [False] * len(text)

    def mark(start: int, end: int) -> None:
        keep[start:end] = [True] * (end - start)

    for match in TAG_PATTERN.finditer(text):
        mark(match.start(), match.end())
    for placeholder in placeholders:
        if placeholder.protected is not None:
            name = re.escape(placeholder.name)
            for match in re.finditer(rf"<{name}>.*?</{name}>", text, re.S):
                mark(match.start(), match.end())
    # Search with every tag blanked to spaces of its own length, so positions still hold
    # and "PMID: <a1>123</a1>" is seen as the PMID it is.
    masked = TAG_PATTERN.sub(lambda m: " " * len(m.group()), text)
    position = 0
    for identifier in find_identifiers(masked):
        start = masked.find(identifier.text, position)
        if start >= 0:
            mark(start, start + len(identifier.text))
            position = start + len(identifier.text)
    for match in _NUMBER.finditer(masked):
        mark(match.start(), match.end())
    for term in terms:
        words = term.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"[\w'’]*"
        for match in re.finditer(pattern, masked, re.I):
            mark(match.start(), match.end())
    return keep


# -- catalogs and checks --------------------------------------------------------------


def protected_terms(config: Config | None) -> tuple[str, ...]:
    """Every term of the project glossary's do-not-translate concepts (none without one)."""
    if config is None or config.glossary is None:
        return ()
    from .glossary import load_glossary

    glossary = load_glossary(config.glossary, display=config.relative(config.glossary))
    return tuple(dict.fromkeys(t.text for c in glossary.concepts if c.do_not_translate for t in c.terms))


def pseudo_catalog(document: Path, mode: str, *, display: str | None = None,
                   terms: Iterable[str] = ()) -> polib.POFile:
    """An in-memory catalog translating every unit of `document` into pseudo-locale `mode`.

    Entries are located at their unit in the source page (the catalog's `fpath` is the
    page, each entry's `linenum` its line), so what build or check reports about a
    pseudo translation points at the HTML that produced it.
    """
    code = pseudo_locale(mode)
    if code is None:
        raise ValueError(f"unknown pseudo-locale {mode!r} (known: en-XA, ar-XB)")
    name = display or str(document)
    units = extract_units(read_html(document, display=name), name)
    catalog = build_template(units, metadata={
        "Project-Id-Version": Path(name).stem, "Language": bcp47(code), "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(code), "X-Generator": "milialocale pseudo-localization"})
    catalog.fpath = name
    terms = tuple(terms)
    by_key: dict = {}
    for unit in units:
        by_key.setdefault(unit.key, unit)  # the first occurrence locates the entry
    for entry in catalog:
        unit = by_key[(entry.msgctxt, entry.msgid)]
        entry.msgstr = pseudolocalize(entry.msgid, unit.placeholders, mode=code, protected_terms=terms)
        entry.linenum = unit.location.line
    return catalog


def pseudo_catalogs(config: Config, mode: str, documents: Iterable[Path]) -> dict[str, tuple[polib.POFile, str]]:
    """document stem → (pseudo catalog, display name), as build reads real catalogs."""
    terms = protected_terms(config)
    found = {}
    for document in documents:
        display = config.relative(document)
        found[document.stem] = (pseudo_catalog(document, mode, display=display, terms=terms), display)
    return found


def check_pseudo(config: Config, locales: Iterable[str], *, strict: bool = False) -> Report:
    """Run every check on the pseudo translations of every document; expect no error.

    Checks that judge the words of a real language (negation, unchanged, and which
    glossary term a translation uses) are left out; a do-not-translate term must still
    survive verbatim. A finding here means pseudo.py or the checks disagree about what
    must be kept, or the segmentation produced a unit they cannot handle.
    """
    settings = Settings.from_config(config.checks)
    settings = Settings(settings.disabled | WORD_CHECKS, settings.severity, strict)
    glossary = None
    if config.glossary is not None:
        from .glossary import load_glossary

        glossary = load_glossary(config.glossary, display=config.relative(config.glossary))
    findings, rows = [], []
    for locale in locales:
        code = pseudo_locale(locale)
        if code is None:
            raise ValueError(f"unknown pseudo-locale {locale!r} (known: en-XA, ar-XB)")
        catalogs = pseudo_catalogs(config, code, config.documents())
        ctx = CheckContext(config.source_locale, code, glossary)
        findings += check_locale([(display, po, None) for po, display in catalogs.values()], ctx, settings)
        rows += [CatalogStats(code, stem, display, count_catalog(po)) for stem, (po, display) in catalogs.items()]
    return Report(tuple(sorted(findings, key=sort_key)), tuple(rows))
