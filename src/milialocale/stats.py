"""Honest completeness: fuzzy is never translated; counted in entries and source words.

The same counts drive `stats`, the publish threshold of `build` and the status page.
Entry counts follow `msgfmt --statistics` (obsolete entries and the header excluded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache, digest, file_digest
from .config import Config, validate_document_name
from .locales import check_locale
from .parallel import run_jobs
from .pofiles import read_po_bytes
from .poparse import Summary, Tally, message_facts, summarize, tally

if TYPE_CHECKING:  # counting never makes polib objects
    import polib

#: compiled on first use (by `re`), as `_IDEOGRAPH`: most texts never need it.
_WORD = r"[^\W_]+(?:[’'-][^\W_]+)*"
#: `placeholders.TAG_PATTERN` over UTF-8 (its classes are ASCII, so it finds the same
#: tags), here so that counting need not import the placeholder parser.
_TAG = re.compile(rb"<(/?)([a-z][a-z0-9]*)(/?)>")
#: compiled on first use (by `re`): its large ranges take 10 ms to compile.
_IDEOGRAPH = r"[\u2E80-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]"
_FIRST_IDEOGRAPH = "\u2E80"
#: for bytes.translate: the shape of a text for word counting, an ASCII letter or digit
#: "a", a connector (' or -) "-" and any other byte a space.
_SHAPE = bytes(ord("a") if chr(c).isascii() and chr(c).isalnum() else ord("-") if chr(c) in "'-" else 32
               for c in range(256))
_ASCII_BYTES = bytes(range(128))
_LETTER = ord("a")


def count_words(text: str) -> int:
    """Words in a source text, placeholders excluded; each CJK ideograph counts as one.

    The count of texts joined by newlines is the sum of their counts: a newline is no
    part of a word, a connection between words or a placeholder.

    >>> count_words("<strong>Neonatal milia:</strong> These are 40% of…")
    6
    """
    return _utf8_words(text.encode("utf-8", "surrogatepass"))


def _utf8_words(data: bytes) -> int:
    """`count_words` of the UTF-8 text `data`."""
    if b"<" in data:
        data = _TAG.sub(b"", data)  # strip_placeholders
    shape = _shape(data)
    if shape is not None:
        return _shape_words(shape)
    plain = data.decode("utf-8", "surrogatepass")
    ideographs = len(re.findall(_IDEOGRAPH, plain))
    return ideographs + len(re.findall(_WORD, re.sub(_IDEOGRAPH, " ", plain) if ideographs else plain))


def _shape_words(shape: bytes) -> int:
    """``len(re.findall(_WORD, text))`` from the `_shape` of a text, by counting substrings
    in C: a word starts at each run of "a" that no single connector joins to the run
    before it, that is after " ", " -" or "--", or at the start. (None of these
    patterns overlaps itself, so `bytes.count` sees every occurrence.) A connector
    after a space or another is rare: looking for the pair costs a third of counting
    the triple, whose scan stops at each "a" (most of the bytes)."""
    return (shape.count(b" a") + (b" -" in shape and shape.count(b" -a"))
            + (b"--" in shape and shape.count(b"--a"))
            + shape.startswith(b"a") + shape.startswith(b"-a"))


def _shape(data: bytes) -> bytes | None:
    """The UTF-8 text `data` as `_WORD` reads it, one byte for each of its bytes: "a"
    for a letter or digit, "-" for a connector (' - ’), a space for anything else; None
    when it holds ideographs, or a byte that two of its characters share and that
    would need two shapes (é is C3 A9, © C2 A9).

    One `translate`, with a table made for the text's non-ASCII characters: a letter
    of several bytes becomes a run of "a", which is one run like that of one "a", and
    another character several spaces, which part words as one does. ’ is first made
    the one byte ', since a run of connectors would part words where one joins them.
    (UTF-8 is self-synchronizing: a character's bytes match only where it is.)"""
    if data.isascii():
        return data.translate(_SHAPE)
    others = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    if max(others) >= _FIRST_IDEOGRAPH:
        return None
    if "’" in others:
        data = data.replace("’".encode("utf-8"), b"'")
        others.remove("’")
    table = bytearray(_SHAPE)  # (a byte of 128 or more is a space there)
    shapes: dict[int, bool] = {}
    for char in others:
        letter = char.isalnum()
        for byte in char.encode("utf-8", "surrogatepass"):
            if shapes.setdefault(byte, letter) != letter:
                return None
            if letter:
                table[byte] = _LETTER
    return data.translate(table)


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


def total_counts(counts: list[Counts]) -> Counts:
    """``sum(counts, Counts())``, adding each field once over all rather than making a
    Counts per addition."""
    return Counts(*map(sum, zip(*map(_astuple, counts))))


def _astuple(counts: Counts) -> tuple[int, ...]:
    return (counts.translated, counts.fuzzy, counts.untranslated, counts.obsolete,
            counts.words, counts.translated_words, counts.fuzzy_words)


def count_catalog(catalog: polib.POFile) -> Counts:
    """Count the entries and source words of one catalog."""
    return count_messages(map(message_facts, catalog))


def count_messages(messages: Iterable[tuple[bool, str | None, str, str, bool]]) -> Counts:
    """Count `Summary.messages` as msgfmt --statistics does: untranslated when the
    (first) msgstr is empty, else fuzzy when flagged so, else translated."""
    obsolete = 0
    translated: list[str] = []
    fuzzy: list[str] = []
    untranslated: list[str] = []
    for is_obsolete, msgctxt, msgid, translation, is_fuzzy in messages:
        if is_obsolete:
            obsolete += 1
        elif msgid or msgctxt is not None:  # not the header
            (untranslated if not translation else fuzzy if is_fuzzy else translated).append(msgid)
    # one count per state rather than per msgid: the work is in C, the calls in Python
    translated_words = count_words("\n".join(translated))
    fuzzy_words = count_words("\n".join(fuzzy))
    words = translated_words + fuzzy_words + count_words("\n".join(untranslated))
    return Counts(len(translated), len(fuzzy), len(untranslated), obsolete, words,
                  translated_words, fuzzy_words)


def count_po_bytes(data: bytes, name: str) -> Counts:
    """The counts of a PO or POT file's bytes (`name` locates its errors): at once when
    `poparse.tally` can read it, else from its `summarize`."""
    found = tally(data)
    if found is None:
        return count_messages(summarize(data, name).messages)
    return _count_tally(found)


def _count_tally(found: Tally) -> Counts:
    """`count_messages` for a `Tally`: translated words are all words but the fuzzy and
    untranslated ones (the header's msgid has none)."""
    words = _utf8_words(found.msgids)
    fuzzy_words = _utf8_words(found.fuzzy_msgids) if found.fuzzy else 0
    untranslated_words = _utf8_words(found.untranslated_msgids) if found.untranslated else 0
    return Counts(found.translated, found.fuzzy, found.untranslated, 0, words,
                  words - fuzzy_words - untranslated_words, fuzzy_words)


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
    locales = locales or config.locales
    documents = config.document_names() if locales else []
    work = []
    for locale in locales:
        work += _catalogs(config, locale, documents)
    store = Cache.open(config.root, "stats", enabled=cache)
    # A catalog counted before is looked up by the digest of its bytes; any other is read
    # once, by the job that counts it, which digests the same bytes for its record.
    records: list[list[int] | None] = []
    missing = []
    for index, (_, _, path, name) in enumerate(work):
        records.append(store.get(name, file_digest(path)) if store.recorded(name) else None)
        if records[-1] is None:
            missing.append(index)
    counted = run_jobs(_count, [work[index][2:] for index in missing], jobs=jobs,
                       shared=store.enabled)
    for index, (inputs, record) in zip(missing, counted):
        records[index] = record
        store.put(work[index][3], inputs, record)
    store.save()
    return [CatalogStats(locale, document, name, Counts(*record), config.threshold(locale))
            for (locale, document, _, name), record in zip(work, records)]


def _catalogs(config: Config, locale: str, documents: list[str]) -> list[tuple[str, str, Path | str, str]]:
    """(locale, document, path, shown path) of each document's catalog in `locale`, or of
    its template when the catalog is missing (neither: no row), as `catalog_path`, `exists`
    and `relative` give them; a regular file in one listing of the catalog directory
    exists and resolves in the directory, with no system call or Path of its own."""
    if not documents:
        return []
    folder = config.catalog_path(locale, documents[0]).parent
    names = [f"{validate_document_name(document)}.po" for document in documents]
    try:
        with os.scandir(folder) as scan:
            regular = {entry.name for entry in scan if entry.is_file(follow_symlinks=False)}
    except OSError:
        regular = set()
    shown = iter(config.relative_in(folder, [name for name in names if name in regular]))
    start = f"{folder}{os.sep}"
    work = []
    for document, name in zip(documents, names):
        if name in regular:
            work.append((locale, document, start + name, next(shown)))
            continue
        path = folder / name
        if not path.exists():
            path = config.template_path(document)
            if not path.exists():
                continue
        work.append((locale, document, path, config.relative(path)))
    return work


def _count(caching: bool, item: tuple[Path, str]) -> tuple[str | None, list[int]]:
    """The digest of a catalog's bytes (None when no cache keeps it) and its counts
    (JSON data, as the cache keeps them), from one read."""
    path, name = item
    data = read_po_bytes(path, display=name)
    return digest(data) if caching else None, list(_astuple(count_po_bytes(data, name)))


def file_stats(paths: list[Path]) -> list[CatalogStats]:
    """Counts of any PO or POT files, as `msgfmt --statistics` counts them."""
    rows = []
    for path in paths:
        data = read_po_bytes(path, display=str(path))
        found = tally(data)
        if found is None:
            summary = summarize(data, str(path))
            locale, counts = file_locale(summary, path), count_messages(summary.messages)
        else:
            locale, counts = file_locale(found, path), _count_tally(found)
        rows.append(CatalogStats(locale, path.stem, str(path), counts))
    return rows


def file_locale(catalog: polib.POFile | Summary | Tally, path: Path) -> str:
    """The language of a PO file: its Language header, else a locale-like part of its path."""
    candidates = [catalog.metadata.get("Language", "").strip(), path.stem]
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        candidates.insert(1, parts[-3])
    for candidate in candidates:
        if candidate and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*", candidate):
            try:
                check_locale(candidate)
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
