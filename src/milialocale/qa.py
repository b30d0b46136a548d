"""The CI gate behind `check` and `stats`: run every check over a project or some files.

`check_project` answers "may these translations ship?" with a Report: the findings of
every check, the completeness of every catalog, and two gate findings of its own:
``completeness`` (a locale under its configured minimum) and ``stale`` (a template or
catalog that `extract`/`update` would change). A catalog counts as stale only when its
content would change, not its layout, so files rewrapped by Poedit or Weblate pass.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import astuple, dataclass, field
from hashlib import blake2b
from pathlib import Path

import polib

from .cache import Cache, code_version, digest, file_digest, finding_record, record_finding, run_cached
from .checks import (INCONSISTENT, CheckContext, Settings, catalog_messages, check_locale, check_message,
                     inconsistent, sort_key)
from .checks_text import collapsed
from .config import Config
from .errors import Finding, MilialocaleError, Severity
from .model import Location
from .poformat import has_translation
from .pofiles import parse_po
from .poparse import LightCatalog, TemplateText, read_light, read_template_text
from .project import extract_document, template_in_step, updated_catalog
from .stats import CatalogStats, Counts, count_catalog, count_messages, file_locale

COMPLETENESS, STALE, SYNTAX = "completeness", "stale", "po-syntax"


@dataclass(frozen=True, slots=True)
class Report:
    findings: tuple[Finding, ...] = ()
    catalogs: tuple[CatalogStats, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def locale_totals(self) -> dict[str, Counts]:
        totals: dict[str, Counts] = {}
        for row in self.catalogs:
            totals[row.locale] = totals.get(row.locale, Counts()) + row.counts
        return totals

    def findings_by_check(self) -> dict[str, dict[str, int]]:
        """check id → locale → number of findings (locale "" for project-wide ones)."""
        locale_of = {row.path: row.locale for row in self.catalogs}
        table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for finding in self.findings:
            table[finding.code][locale_of.get(finding.location.path, "")] += 1
        return {code: dict(counts) for code, counts in sorted(table.items())}


@dataclass(slots=True)
class _Catalog:
    path: str
    locale: str
    document: str
    catalog: polib.POFile | LightCatalog | None = None
    text: str | None = None
    findings: list[Finding] = field(default_factory=list)
    data: bytes | None = None  # the file's bytes, to parse in full a `LightCatalog`
    #: a template read as text alone (`catalog` is then None until `_template_catalog`).
    source: TemplateText | None = None


def _parse(data: bytes, display: str) -> polib.POFile | LightCatalog:
    """The catalog in `data`: a `LightCatalog` when `read_light` reads it (checks only
    read entries), else polib's, or the located error of `parse_po`."""
    catalog = read_light(data)
    if catalog is None:
        return parse_po(data, display)
    catalog.fpath = display
    return catalog


def _polib_catalog(item: _Catalog) -> polib.POFile:
    """The catalog of `item` as polib objects (`updated_catalog` merges those)."""
    if isinstance(item.catalog, LightCatalog):
        return parse_po(item.data, item.path)
    return item.catalog


def _read(path: Path, display: str, locale: str, document: str) -> _Catalog:
    item = _Catalog(display, locale, document)
    try:
        data = item.data = path.read_bytes()
        item.catalog = _parse(data, display)
        item.text = data.decode("utf-8-sig", "replace")  # only to find lines: any charset will do
    except OSError as exc:
        item.findings.append(Finding(Location(display), Severity.ERROR, f"cannot read: {exc.strerror or exc}", SYNTAX))
    except MilialocaleError as exc:
        item.findings.append(Finding(exc.location or Location(display), Severity.ERROR, exc.message, SYNTAX))
    return item


#: the templates last read in this process, by path: (bytes, what `_read` made of them).
_TEMPLATES: dict[tuple[Path, str], tuple[bytes, _Catalog]] = {}


def _read_template(path: Path, display: str, document: str) -> _Catalog:
    """`_read` of a template, parsed again only when its bytes differ: the template job
    and every catalog job of a document read the same template. The parsed catalog is
    shared, so the jobs only read it (`count_catalog`, `updated_catalog` copy entries).
    A template `read_template_text` reads is not parsed: its counts and its text answer
    (see `_template_counts`, `_is_stale_item`)."""
    try:
        data = path.read_bytes()
    except OSError:
        return _read(path, display, "", document)
    cached = _TEMPLATES.get((path, display))
    if cached is None or cached[0] != data:
        if len(_TEMPLATES) >= 8:
            _TEMPLATES.clear()
        item = _Catalog(display, "", document, data=data, source=read_template_text(data))
        try:
            if item.source is None:
                item.catalog = _parse(data, display)
            item.text = data.decode("utf-8-sig", "replace")
        except MilialocaleError as exc:
            item.findings.append(Finding(exc.location or Location(display), Severity.ERROR, exc.message, SYNTAX))
        cached = _TEMPLATES[(path, display)] = (data, item)
    item = cached[1]
    return _Catalog(item.path, "", document, item.catalog, item.text, list(item.findings), item.data,
                    item.source)


def _template_catalog(template: _Catalog) -> polib.POFile | LightCatalog | None:
    """The entries of a template, parsed now if `_read_template` read only its text."""
    if template.catalog is None and template.source is not None:
        template.catalog = _parse(template.data, template.path)
    return template.catalog


def _template_counts(template: _Catalog) -> Counts | None:
    """`count_catalog` of a template, from its `TemplateText` when it has one; None
    when it has no message (or could not be read)."""
    if template.source is not None:
        return count_messages(template.source.messages) if template.source.messages else None
    return count_catalog(template.catalog) if template.catalog else None


def load_glossary(path: Path | None) -> tuple[object | None, str | None]:
    """The glossary for checks, or None with a note when glossary support is missing."""
    if path is None:
        return None, None
    try:
        from .glossary import load_glossary as load
    except ModuleNotFoundError as exc:
        if exc.name not in (f"{__package__}.glossary", f"{__package__}.terms"):
            raise
        return None, "glossary checks skipped: milialocale.glossary is not available"
    return load(path), None


def _glossary_note(path: Path | None) -> str | None:
    """The note of `load_glossary`, without reading the glossary or importing its
    modules: when the cache answers every check, importing them (and the stemmers)
    would be a third of the run."""
    if path is None:
        return None
    from importlib.util import find_spec

    if all(find_spec(f"{__package__}.{name}") is not None for name in ("glossary", "terms")):
        return None
    return "glossary checks skipped: milialocale.glossary is not available"


def _run(items: list[_Catalog], settings: Settings, glossary, source_locale: str,
         include_fuzzy: bool) -> list[Finding]:
    findings: list[Finding] = []
    by_locale: dict[str, list[_Catalog]] = defaultdict(list)
    for item in items:
        findings += item.findings
        if item.catalog is not None:
            by_locale[item.locale].append(item)
    for locale, group in sorted(by_locale.items()):
        ctx = CheckContext(source_locale, locale, glossary)
        findings += check_locale([(i.path, i.catalog, i.text) for i in group], ctx, settings,
                                 include_fuzzy=include_fuzzy)
    return findings


def check_project(config: Config, locales: tuple[str, ...] = (), *, strict: bool = False,
                  include_fuzzy: bool = False, jobs: int | None = 1, cache: bool = False) -> Report:
    """Check every catalog of `locales` (default: all configured) and the gate conditions.

    Each template and catalog is checked on its own, over `jobs` processes (None: every
    CPU); with `cache`, one whose inputs (source page, template, catalog, glossary,
    settings) are unchanged since the last check is not checked again
    (``.milialocale-cache/check.json``). The report is the same either way.
    """
    settings = Settings.from_config(config.checks, location=_checks_location(config))
    settings = Settings(settings.disabled, settings.severity, strict)
    locales = locales or config.locales
    documents = config.documents()
    if not documents:
        raise MilialocaleError(f"no HTML documents in {config.relative(config.source_dir)}/")
    store = Cache.open(config.root, "check", enabled=cache)
    setting = digest(code_version(), repr(sorted(settings.disabled)), repr(strict), repr(include_fuzzy),
                     repr(sorted((k, v.value) for k, v in settings.severity.items())),
                     config.source_locale, file_digest(config.glossary) if config.glossary else None)
    work = []
    for source in documents:
        template_path = config.template_path(source.stem)
        template = file_digest(template_path)
        work.append((f"template/{source.name}", digest(setting, config.relative(source),
                                                       file_digest(source), template), (source, None)))
        for locale in locales if template is not None else ():
            path = config.catalog_path(locale, source.stem)
            catalog = file_digest(path)
            if catalog is not None:
                work.append((f"{locale}/{source.name}", digest(setting, locale, template, catalog,
                                                               config.relative(path)), (source, locale)))

    def shared():  # only when something must be checked: loading the glossary takes time
        extracted = Cache.open(config.root, "extract", enabled=cache)
        return config, settings, load_glossary(config.glossary)[0], include_fuzzy, extracted

    records = dict(zip([key for key, _, _ in work], run_cached(store, _check_job, work, jobs=jobs, shared=shared)))
    store.save()
    findings, rows, consistency = [], [], defaultdict(list)
    for source in documents:
        document = source.stem
        template_path = config.template_path(document)
        template = records[f"template/{source.name}"]
        if template["stale"]:
            findings.append(Finding(Location(config.relative(template_path)), Severity.ERROR,
                                    template["stale"] + ": run `milialocale extract`", STALE))
        if template["missing"]:
            continue  # reported as stale
        findings += map(record_finding, template["findings"])
        for locale in locales:
            path = config.catalog_path(locale, document)
            display = config.relative(path)
            record = records.get(f"{locale}/{source.name}")
            if record is None:
                findings.append(Finding(Location(display), Severity.ERROR,
                                        "no catalog: run `milialocale update`", STALE))
                counts = Counts(*template["counts"]) if template["counts"] else Counts()
                rows.append(CatalogStats(locale, document, display, counts, config.threshold(locale)))
                continue
            findings += map(record_finding, record["findings"])
            if record["counts"] is not None:
                rows.append(CatalogStats(locale, document, display, Counts(*record["counts"]),
                                         config.threshold(locale)))
                consistency[locale].append((path, display, record["consistency"]))
    if INCONSISTENT not in settings.disabled:
        for locale, catalogs in sorted(consistency.items()):
            findings += _inconsistencies(catalogs, settings, include_fuzzy)
    report = Report((), tuple(rows))
    for locale, counts in report.locale_totals().items():
        minimum = config.threshold(locale)
        if counts.percent_words < minimum:
            findings.append(Finding(
                Location(config.relative(config.locales_dir / locale)), Severity.ERROR,
                f"{locale} is {counts.percent_words:.1f}% translated (by source words; fuzzy "
                f"entries do not count); the minimum is {minimum:g}%", COMPLETENESS))
    note = _glossary_note(config.glossary)
    return Report(tuple(sorted(findings, key=sort_key)), tuple(rows), (note,) if note else ())


def _check_job(shared, job: tuple[Path, str | None]) -> dict:
    """One template (locale None) or catalog of check_project, as JSON data.

    A template: is it stale (would `extract` change it?), its syntax findings and its
    counts (a missing catalog counts as its template, untranslated). A catalog: its
    counts, its findings (syntax, stale, every check but the cross-catalog one) and, for
    that one, a digest of each message's source and translation.
    """
    config, settings, glossary, include_fuzzy, extracted = shared
    source, locale = job
    document = source.stem
    template_path = config.template_path(document)
    template = _read_template(template_path, config.relative(template_path), document)
    if locale is None:
        if not template_path.exists():
            return {"stale": "no template", "missing": True, "findings": [], "counts": None}
        # The extract cache answers without segmenting the page again when they are in step.
        in_step = template_in_step(config, source, extracted, template.data)
        text = None if in_step else extract_document(config, source)[0]
        return {"stale": "template out of date with its source" if text is not None else None,
                "missing": False, "findings": [finding_record(f) for f in template.findings],
                "counts": _astuple_or_none(_template_counts(template))}
    path = config.catalog_path(locale, document)
    display = config.relative(path)
    item = _read(path, display, locale, document)
    findings = list(item.findings)
    if item.catalog is None:
        return {"counts": None, "findings": [finding_record(f) for f in findings], "consistency": []}
    if (template.catalog is not None or template.source is not None) and _is_stale_item(template, item, locale):
        findings.append(Finding(Location(display), Severity.ERROR,
                                f"out of date with {template.path}: run `milialocale update`", STALE))
    # check_locale on this one catalog, but for the cross-catalog check (see _inconsistencies).
    ctx = CheckContext(config.source_locale, locale, glossary)
    messages = list(catalog_messages(item.catalog, item.path, include_fuzzy=include_fuzzy, text=item.text))
    for message in messages:
        findings += check_message(ctx, message, settings)
    return {"counts": astuple(count_catalog(item.catalog)),
            "findings": [finding_record(f) for f in findings],
            # 24 characters per message: the digests of its source and of its translation.
            "consistency": "".join(_source_key(m) + _short_digest(collapsed(m.translation))
                                   for m in messages if _consistent_kind(m))}


def _astuple_or_none(counts: Counts | None) -> tuple | None:
    return astuple(counts) if counts is not None else None


def _consistent_kind(msg) -> bool:
    """The messages `checks.inconsistent` compares: singular and not fuzzy."""
    return msg.forms is None and "fuzzy" not in msg.flags


def _source_key(msg) -> str:
    """`checks.inconsistent`'s grouping (context, source with spaces collapsed), hashed.
    (Keys that collide, even through a context holding the separator, only cost a
    reading: `_inconsistencies` groups those messages again by their text.)"""
    source = collapsed(msg.source)
    return _short_digest(source if msg.context is None else f"{msg.context}\x04{source}")


def _short_digest(text: str) -> str:
    """12 hex digits (48 bits) of `text`'s BLAKE2b: two translations of one source are
    told apart but for a chance in 10^14. One hashlib call, not `cache.digest`'s
    framing of parts: it runs twice for each of a project's messages."""
    return blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def _inconsistencies(catalogs: list[tuple[Path, str, list]], settings: Settings,
                     include_fuzzy: bool) -> list[Finding]:
    """The cross-catalog check of one locale, from the digests of the messages.

    Only sources translated in more than one way need their messages: those catalogs
    are read again and `checks.inconsistent` runs on exactly those groups, so its
    findings are the same as over every message of the locale.
    """
    variants: dict[str, set[str]] = defaultdict(set)
    for _, _, summary in catalogs:
        for at in range(0, len(summary), 24):
            variants[summary[at:at + 12]].add(summary[at + 12:at + 24])
    wanted = {key for key, seen in variants.items() if len(seen) > 1}
    if not wanted:
        return []
    messages = []
    for path, display, summary in catalogs:
        if any(summary[at:at + 12] in wanted for at in range(0, len(summary), 24)):
            item = _read(path, display, "", "")
            if item.catalog is not None:
                messages += [m for m in catalog_messages(item.catalog, display, include_fuzzy=include_fuzzy,
                                                         text=item.text)
                             if _consistent_kind(m) and _source_key(m) in wanted]
    findings = []
    for finding in inconsistent(messages):
        flags = next(m.flags for m in messages if m.location == finding.location)
        configured = settings.apply(finding, flags)
        if configured is not None:
            findings.append(configured)
    return findings


def check_files(paths: list[Path], *, glossary_path: Path | None = None, source_locale: str = "en",
                settings: Settings = Settings(), include_fuzzy: bool = False) -> Report:
    """File mode: check any PO files, without a project; the language comes from each
    file's Language header, or failing that from its path (``fr/LC_MESSAGES/x.po``)."""
    glossary, note = load_glossary(glossary_path)
    items, rows = [], []
    for path in paths:
        item = _read(path, str(path), "", path.stem)
        if item.catalog is not None:
            item.locale = file_locale(item.catalog, path)
            rows.append(CatalogStats(item.locale, path.stem, item.path, count_catalog(item.catalog)))
        items.append(item)
    findings = _run(items, settings, glossary, source_locale, include_fuzzy)
    return Report(tuple(sorted(findings, key=sort_key)), tuple(rows), (note,) if note else ())


def _checks_location(config: Config) -> Location:
    try:
        lines = Path(config.path).read_text("utf-8").splitlines()
    except OSError:
        return Location(config.path)
    for number, line in enumerate(lines, 1):
        if re.match(r"\s*(checks\s*=|\[(tool\.milialocale\.)?checks[.\]])", line):
            return Location(config.path, number)
    return Location(config.path)


def _is_stale_item(template: _Catalog, item: _Catalog, locale: str) -> bool:
    """`_is_stale` of two read files; the merge, when it must run, on their polib catalogs."""
    if (template.source is not None and isinstance(item.catalog, LightCatalog)
            and _in_step_by_text(template.source, item.catalog)):
        return False
    if _merges_to_itself(_template_catalog(template), item.catalog):
        return False
    return _is_stale(_polib_catalog(template), _polib_catalog(item), locale)


def _in_step_by_text(template: TemplateText, catalog: LightCatalog) -> bool:
    """True only where `_merges_to_itself` is, without the template's entries: when each
    catalog entry has a template message whose msgctxt and msgid are written alike (so
    they are the same) with the same ``#.`` and ``#:`` lines (so the same comment and
    references), the two are as many (keys are distinct in each file, so every template
    message is matched), and no entry is one the merge changes (msgid "", fuzzy twice,
    a previous msgid or context without fuzzy). A light catalog has no plural and no
    obsolete entry. False means "not sure"."""
    sources = template.sources
    if len(catalog) != len(sources):
        return False
    for entry in catalog:
        flags = entry.flags
        if (not entry.msgid or flags.count("fuzzy") > 1
                or ("fuzzy" not in flags and (entry.previous_msgid or entry.previous_msgctxt))):
            return False
        msgctxt, msgid, block = entry.source_text
        lines = sources.get((msgctxt, msgid))
        if lines is None or not _has_source_lines(block, lines):
            return False
    return True


def _has_source_lines(block: str, lines: str) -> bool:
    """True only if ``source_lines(block) == lines``, by substring tests: `lines` (k
    ``#.``/``#:`` lines) found whole among the lines of `block` are k of its such lines,
    in order, and then all of them when it has k in all. False means "not sure" (another
    comment line may sit between them): the caller then merges."""
    framed = "\n" + block
    wanted = lines.count("\n") + 1 if lines else 0
    if framed.count("\n#.") + framed.count("\n#:") != wanted:
        return False
    return not lines or ("\n" + lines + "\n") in framed


def _is_stale(template: polib.POFile, catalog: polib.POFile, locale: str) -> bool:
    """Would `update` change what the catalog says (entries, translations, flags, notes)?"""
    if _merges_to_itself(template, catalog):
        return False
    return _content(updated_catalog(template, catalog, locale)) != _content(catalog)


def _merges_to_itself(template: polib.POFile, catalog: polib.POFile) -> bool:
    """True when `catalog.merge` would give back the catalog's own `_content`, which is
    the common case, without merging: each template entry finds the one live entry of
    its key, whose source side (comments, references, no plural) is the template's and
    whose fields survive the carrying (a `#|` only with `fuzzy`); the merge then carries
    each of these over as it is, and every other entry must be an obsolete translation
    without references (the merge keeps those as they are). False means "not sure".
    """
    live, obsolete = {}, []
    for entry in catalog:
        if entry.msgid == "":  # the merge drops those
            return False
        if entry.obsolete:
            obsolete.append(entry)
        elif live.setdefault((entry.msgctxt, entry.msgid), entry) is not entry:
            return False  # a repeated key: the merge obsoletes all but one
    for tmpl in template:
        entry = live.pop((tmpl.msgctxt, tmpl.msgid), None)
        if (entry is None or entry.comment != tmpl.comment or entry.occurrences != tmpl.occurrences
                or entry.msgid_plural or tmpl.msgid_plural or entry.msgstr_plural or tmpl.msgstr_plural):
            return False
        if entry.flags and entry.flags.count("fuzzy") > 1:
            return False  # carried with one
        if "fuzzy" not in entry.flags and (entry.previous_msgid or entry.previous_msgctxt):
            return False  # carried without them
    return not live and all(has_translation(e) and not e.occurrences for e in obsolete)


def _content(catalog: polib.POFile) -> list[tuple]:
    return sorted(
        (e.msgctxt or "", e.msgid, e.msgid_plural or "", e.msgstr, sorted(e.msgstr_plural.items()),
         sorted(e.flags), e.obsolete, e.previous_msgctxt or "", e.previous_msgid or "",
         e.comment or "", e.tcomment or "", [tuple(o) for o in e.occurrences])
        for e in catalog if not (e.msgid == "" and e.msgctxt is None)
    )
