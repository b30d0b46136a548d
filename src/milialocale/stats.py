"""Honest completeness: fuzzy is never translated; counted in entries and source words.

The same counts drive `stats`, the publish threshold of `build` and the status page.
Entry counts follow `msgfmt --statistics` (obsolete entries and the header excluded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from .cache import Cache, file_digest, run_cached
from .config import Config
from .locales import parse_locale
from .placeholders import strip_placeholders
from .pofiles import read_po

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


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """The counts of one catalog; `minimum` is the locale's threshold in a project."""

    locale: str
    document: str
    path: str
    counts: Counts
    minimum: float | None = None


def project_stats(config: Config, locales: tuple[str, ...] = (), *, jobs: int | None = 1,
                  cache: bool = True) -> list[CatalogStats]:
    """Counts of every catalog of `locales` (read over `jobs` processes); a missing catalog
    counts its template as untranslated, so a new locale shows 0% rather than disappearing.

    With `cache`, a file whose bytes were counted before is not parsed again
    (``.milialocale-cache/stats.json``)."""
    work = []
    for locale in locales or config.locales:
        for source in config.documents():
            path = config.catalog_path(locale, source.stem)
            if not path.exists():
                path = config.template_path(source.stem)
            if not path.exists():
                continue
            work.append((locale, source.stem, path))
    store = Cache.open(config.root, "stats", enabled=cache)
    records = run_cached(store, _count, [(config.relative(path), file_digest(path), path) for _, _, path in work],
                         jobs=jobs, shared=lambda: config)
    store.save()
    return [CatalogStats(locale, document, config.relative(path), Counts(*record), config.threshold(locale))
            for (locale, document, path), record in zip(work, records)]


def _count(config: Config, path: Path) -> list[int]:
    return list(_astuple(count_catalog(read_po(path, display=config.relative(path)))))


def file_stats(paths: list[Path]) -> list[CatalogStats]:
    """Counts of any PO or POT files, as `msgfmt --statistics` counts them."""
    rows = []
    for path in paths:
        catalog = read_po(path)
        rows.append(CatalogStats(file_locale(catalog, path), path.stem, str(path), count_catalog(catalog)))
    return rows


def file_locale(catalog: polib.POFile, path: Path) -> str:
    """The language of a PO file: its Language header, else a locale-like part of its path."""
    candidates = [catalog.metadata.get("Language", "").strip(), path.stem]
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        candidates.insert(1, parts[-3])
    for candidate in candidates:
        if candidate and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*", candidate):
            try:
                parse_locale(candidate)
            except ValueError:
                continue
            return candidate.replace("-", "_")
    return ""


def stats_record(locale: str, document: str, path: str, counts, minimum: float | None = None) -> dict:
    """The JSON form of one catalog's counts (shared with `stats --format json`)."""
    record = {
        "locale": locale, "document": document, "path": path,
        "translated": counts.translated, "fuzzy": counts.fuzzy, "untranslated": counts.untranslated,
        "obsolete": counts.obsolete, "entries": counts.entries, "words": counts.words,
        "translated_words": counts.translated_words, "fuzzy_words": counts.fuzzy_words,
        "percent_words": round(counts.percent_words, 2), "percent_entries": round(counts.percent_entries, 2),
    }
    if minimum is not None:
        record["minimum"] = minimum
    return record
