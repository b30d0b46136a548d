"""Build the localized site: each (locale, document) as HTML and plain text, plus an index.

`plan_build` decides what to build: it reads every catalog and holds back each locale
below its minimum completeness (percent of source words, as `stats` counts them), so
that a half-translated page is never published by accident; `run_build` writes the
pages. The split lets the CLI show progress over a known number of pages and lets tests
inspect the decisions. Nothing here prints: a BuildResult carries what happened.

Layout of the output directory::

    index.html                 every published language, named in itself
    assets/…                   every non-document file of the source directory
    <bcp47>/<document>.html    e.g. pt-BR/milia-in-babies.html
    <bcp47>/<document>.txt
"""

from __future__ import annotations

import copy
import math
import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path

import polib

from .catalog import translations
from .checks import entry_location
from .config import DEFAULT_MIN_COMPLETENESS, Config
from .cache import Cache, code_version, digest, file_digest, finding_record, record_finding, run_cached
from .errors import Finding, MilialocaleError
from .fsio import WriteBatch, write_atomic, write_if_changed
from .lock import directory_lock
from .locales import bcp47, parse_locale, pseudo_locale
from .model import Location, Unit
from .parallel import run_jobs
from .placeholders import PlaceholderError, parse_translation, plain_text
from .pofiles import parse_po, read_po, read_po_bytes
from .poparse import Summary, summarize
from .project import Change
from .pseudo import pseudo_catalog, pseudo_catalogs
from .readers.html import read_html
from .stats import Counts, count_catalog, count_messages, count_po_bytes
from .status import status_page
from .writers.html import Key, SourcePage, apply_translations, translate_page
from .writers.index import IndexEntry, render_index
from .writers.page import (Version, add_alternates, add_switcher, declare_utf8, rebase_urls,
                           serialize, set_language)
from .writers.text import render_text

FORMATS = ("html", "txt")
ASSETS = "assets"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build; the defaults build every configured locale in every format."""

    #: locales to write; () means the source locale and every configured locale.
    locales: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    #: the output directory; None means the configured one.
    output_dir: Path | None = None
    use_fuzzy: bool = False
    #: build locales below their minimum completeness too.
    force: bool = False
    wrap: int | None = None
    #: processes that build pages (None: one per CPU; 1: this process only).
    jobs: int | None = 1
    #: skip pages whose inputs and outputs are unchanged since the last build with the
    #: cache (``.milialocale-cache/build.json``); False rebuilds every page.
    cache: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A locale held back by its minimum completeness (or a missing catalog)."""

    locale: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.locale} not built: {self.reason}"


@dataclass(frozen=True, slots=True)
class Job:
    """One page to build: a document in a locale, with its catalog (None: source)."""

    locale: str
    document: Path
    catalog: polib.POFile | None = None
    catalog_display: str = ""
    #: the catalog's file, read when the page is built (a plan holds no parsed
    #: catalogs: thousands of them would not fit in memory).
    catalog_path: Path | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """What `run_build` will do, decided before anything is written."""

    config: Config
    options: BuildOptions
    output_dir: Path
    jobs: tuple[Job, ...]
    #: every locale the pages link to, source first, with its completeness (None: source).
    published: tuple[tuple[str, float | None], ...]
    skipped: tuple[Skipped, ...]
    #: the source documents, listed once (each listing globs and resolves them all).
    documents: tuple[Path, ...] = ()
    #: locale → document stem → (catalog or None, display, path) of every published
    #: locale but the source: the index names each page in each of them.
    catalogs: dict[str, dict[str, tuple[polib.POFile | None, str, Path | None]]] = \
        field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """Files written, pages built (written or already up to date), locales held back."""

    changes: tuple[Change, ...] = ()
    pages: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: pages not rebuilt because the cache showed their inputs and outputs unchanged.
    reused: tuple[str, ...] = ()


def plan_build(config: Config, options: BuildOptions = BuildOptions()) -> Plan:
    """Read the catalogs and decide which pages to build and which languages to link.

    Only the counts of the catalogs are read here (over `jobs` processes): whether a
    locale is published depends on all its catalogs, and every page links to every
    published locale. The pages themselves, and their titles, are left to the build,
    which reads each page once, in a worker."""
    documents = config.documents()
    if not documents:
        raise MilialocaleError(f"no HTML documents in {config.relative(config.source_dir)}/")
    source = config.source_locale
    configured = [source, *(code for code in config.locales if code != source)]
    requested = list(options.locales) or configured
    for code in requested:
        parse_locale(code)  # the CLI validates; a library caller gets a ValueError
    published: list[tuple[str, float | None]] = []
    skipped: list[Skipped] = []
    catalogs: dict[str, dict[str, tuple[polib.POFile | None, str, Path | None]]] = {}
    _PARSED.clear()
    cache = Cache.open(config.root, "plan", enabled=options.cache)
    for code in configured + [c for c in requested if c not in configured]:
        if code == source:
            published.append((code, None))
            continue
        wanted = code in requested
        try:
            found, missing, counts = _read_catalogs(config, code, documents, jobs=options.jobs,
                                                    cache=cache)
        except MilialocaleError:
            if wanted:
                raise
            continue  # a broken catalog of a locale not being built: just do not link it
        percent = _percent(sum(counts, Counts()), use_fuzzy=options.use_fuzzy)
        minimum = config.threshold(code)
        reason = None
        if missing:
            reason = f"no catalog {missing[0]} (run `milialocale update`)"
        elif percent < minimum:
            shown = math.floor(percent * 10) / 10
            reason = (f"{shown:g}% of source words translated, below the minimum of "
                      f"{minimum:g}% (--force builds it anyway)")
        if reason is None or (options.force and wanted):
            published.append((code, percent))
            catalogs[code] = found
        elif wanted:
            skipped.append(Skipped(code, config.relative(config.locales_dir / code), reason))
    cache.save()
    jobs = []
    for code, _ in published:
        if code in requested:
            for document in documents:
                po, display, path = catalogs.get(code, {}).get(document.stem, (None, "", None))
                jobs.append(Job(code, document, po, display, path))
    return Plan(config, options, options.output_dir or config.output_dir, tuple(jobs),
                tuple(published), tuple(skipped), tuple(documents), catalogs)


def run_build(plan: Plan, *, progress: Callable[[Job], None] | None = None) -> BuildResult:
    """Write the planned pages, the assets and the index; call `progress` after each page."""
    # An output directory given with -o is the user's explicit choice; the configured
    # one must stay inside the project.
    project = None if plan.options.output_dir else plan.config.root
    with directory_lock(plan.output_dir, "build", display=plan.config.relative(plan.output_dir),
                        project=project):
        try:
            return _run_build(plan, progress=progress)
        finally:
            _PARSED.clear()


def _run_build(plan: Plan, *, progress: Callable[[Job], None] | None = None) -> BuildResult:
    config, options, output = plan.config, plan.options, plan.output_dir
    changes: list[Change] = []
    findings: list[Finding] = []
    pages: list[str] = []
    html = "html" in options.formats and bool(plan.jobs)
    locate = None
    assets: set[str] = set()
    if html:
        assets = _copy_assets(config, output / ASSETS, changes, plan.documents)
        locate = _asset_locator(assets, {d.name for d in plan.documents})
    locales = [code for code, _ in plan.published]
    displays = _Displays(config)  # each output directory listed once, before any page is written
    listings = {bcp47(code): displays.listing(output / bcp47(code))
                for code in {job.locale for job in plan.jobs}}
    cache = Cache.open(config.root, "build", enabled=options.cache)
    setting = digest(code_version(), config.source_locale, repr(options.formats),
                     repr(options.use_fuzzy), repr(options.wrap), repr(locales), repr(sorted(assets)),
                     repr(sorted(d.name for d in plan.documents)), str(output.resolve()))
    digests: dict[Path, str | None] = {}  # file digests, read once for pages and titles
    inputs = [_page_inputs(plan, job, setting, digests) for job in plan.jobs]
    done: dict[int, list[Finding]] = {}  # pages the cache vouches for, with their findings
    for index, job in enumerate(plan.jobs):
        record = cache.get(_page_key(job), inputs[index])
        if record is not None and all(file_digest(output / name) == value
                                      for name, value in record["outputs"].items()):
            done[index] = [record_finding(item) for item in record["findings"]]
    if progress is not None:
        for index in done:
            progress(plan.jobs[index])
    titles: dict[tuple[str, str], str] = {}  # (locale, stem) → the page's title
    title_records: dict[tuple[str, str], tuple[str, str]] = {}  # → (cache key, inputs)
    if html:  # the index names every page in every published locale
        title_setting = digest(code_version(), "title", repr(options.use_fuzzy))
        for job in _title_jobs(plan):
            key, record = (job.locale, job.document.stem), f"title/{_page_key(job)}"
            title_records[key] = record, _page_inputs(plan, job, title_setting, digests)
            title = cache.get(*title_records[key])
            if title is not None:
                titles[key] = title
    # Pages arrive a document at a time and are written as they come (so memory holds
    # no more than a batch); what the result lists is put in plan order below.
    writes = WriteBatch()
    written: dict[int, tuple[list[Change], dict[str, str], list[str]]] = {}
    built: dict[int, list[Finding]] = {}
    untitled = title_records.keys() - titles.keys()
    for group, (results, found) in zip(*_build_documents(plan, done, untitled, locate, locales,
                                                         listings)):
        for index, (files, page_findings) in zip(group, results):
            written[index] = _stage_page(displays, files, writes)
            built[index] = page_findings
            if progress is not None:
                progress(plan.jobs[index])
        for key, title in found.items():
            titles[key] = title
            cache.put(*title_records[key], title)
    reused: list[str] = []
    for index, job in enumerate(plan.jobs):
        if index in done:
            page_findings = done[index]
            for path in _page_paths(plan, job):
                pages.append(displays(path))
                reused.append(displays(path))
        else:
            page_findings = built.pop(index)
            page_changes, recorded, shown = written.pop(index)
            changes += page_changes
            pages += shown
            cache.put(_page_key(job), inputs[index],
                      {"outputs": recorded, "findings": [finding_record(f) for f in page_findings]})
        findings += page_findings
    writes.flush()
    cache.save()
    if html:
        index = output / "index.html"
        created = not index.exists()
        if write_if_changed(index, _index(plan, titles)):
            changes.append(Change(config.relative(index), created))
        status = output / "status.html"
        created = not status.exists()
        if write_if_changed(status, status_page(config, [code for code, _ in plan.published],
                                                jobs=options.jobs, cache=options.cache)):
            changes.append(Change(config.relative(status), created))
    findings.sort(key=lambda f: (f.location, f.message))
    return BuildResult(tuple(changes), tuple(pages), plan.skipped, tuple(findings), tuple(reused))


def build_project(config: Config, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Plan and build in one call."""
    return run_build(plan_build(config, options))


def build_file(page: Path, output: Path, *, po: Path | None = None, locale: str | None = None,
               fmt: str = "html", use_fuzzy: bool = False, force: bool = False,
               wrap: int | None = None) -> BuildResult:
    """File mode, as po2html: translate one page with one catalog, without a project.

    The locale comes from `locale`, else the catalog's Language header; relative URLs
    are rebased so that they still resolve from `output`'s directory.
    """
    tree = read_html(page, display=str(page))
    root = tree.getroot()
    catalog = read_po(po, display=str(po)) if po is not None else None
    if catalog is None and locale is not None and pseudo_locale(locale):
        catalog = pseudo_catalog(page, locale, display=str(page))
    if locale is None and catalog is not None:
        locale = catalog.metadata.get("Language") or None
        if locale is not None:
            try:
                parse_locale(locale)
            except ValueError:
                raise MilialocaleError(f"unknown Language {locale!r} in the header; pass -l/--locale",
                                       Location(str(po))) from None
    source_locale = root.get("lang") or "en"
    try:
        parse_locale(source_locale)
    except ValueError:
        source_locale = "en"
    if catalog is not None and not force:
        percent = _percent(count_catalog(catalog), use_fuzzy=use_fuzzy)
        if percent < DEFAULT_MIN_COMPLETENESS:
            shown = math.floor(percent * 10) / 10
            return BuildResult(skipped=(Skipped(locale or "the page", str(po), (
                f"{shown:g}% of source words translated, below the minimum of "
                f"{DEFAULT_MIN_COMPLETENESS:g}% (--force builds it anyway)")),))
    findings: list[Finding] = []
    if catalog is not None:
        job = Job(locale or source_locale, page, catalog, str(po or page))
        findings = apply_translations(tree, str(page), _lookup(job, use_fuzzy),
                                      locale=locale or source_locale, source_locale=source_locale,
                                      date_locale=locale, origins=_origins(job))
    if fmt == "txt":
        text = render_text(tree, wrap=wrap)
    else:
        source_dir, target_dir = page.parent.resolve(), output.parent.resolve()
        if source_dir != target_dir:
            rebase_urls(root, lambda path: Path(os.path.relpath(source_dir / path, target_dir)).as_posix())
        if locale is not None:
            set_language(root, locale)
        declare_utf8(root)
        text = serialize(tree)
    created = not output.exists()
    changes = (Change(str(output), created),) if write_if_changed(output, text) else ()
    return BuildResult(changes, (str(output),), (), tuple(findings))


# -- pages ----------------------------------------------------------------------------


def _build_documents(plan: Plan, done, titles: set[tuple[str, str]], locate, locales, listings):
    """The pages to build grouped by document (job indices), and an iterator over each
    group's results: a document is read and segmented once for all its locales, and
    the same walk finds its title in each locale of `titles` ((locale, stem) pairs).
    `listings` are the output directories' entries (see `_compare`)."""
    groups: dict[Path, tuple[list[int], list[str]]] = {d: ([], []) for d in plan.documents}
    for index, job in enumerate(plan.jobs):
        if index not in done:
            groups[job.document][0].append(index)
    stems = {d.stem: d for d in plan.documents}
    for code, stem in sorted(titles):
        groups[stems[stem]][1].append(code)
    todo = [(document, indices, codes) for document, (indices, codes) in groups.items()
            if indices or codes]
    return ([indices for _, indices, _ in todo],
            run_jobs(_build_pages, todo, jobs=plan.options.jobs,
                     shared=(plan, locate, locales, listings)))


def _build_pages(shared, item: tuple[Path, list[int], list[str]]):
    """The files and findings of planned pages of one document (see `_build_page`), and
    its title in the locales asked for ({(locale, stem): title}).

    Runs in a worker process: `shared` is (plan, asset locator, published locales,
    output listings).
    """
    plan, locate, locales, listings = shared
    document, indices, title_locales = item
    use_fuzzy = plan.options.use_fuzzy
    source = _read_page(plan.config, document)
    unit = _title_unit(source)
    if locate is not None:  # no unit holds a URL: the segments are the same after this
        rebase_urls(source.tree.getroot(), locate)
    # Each page but the last changes a copy; the last may change the source itself,
    # which no later page needs (a deep copy per document saved). The source locale's
    # page is not translated: it gets a copy of the tree alone, without the segments
    # mapped onto it (most of what SourcePage.copy costs).
    last = len(indices) - 1
    title_msgstrs: dict[str, str | None] = {}  # only the title's: not a whole lookup per locale
    results = []
    for number, index in enumerate(indices):
        job = plan.jobs[index]
        lookup = _lookup(job, use_fuzzy)
        title_msgstrs[job.locale] = lookup.get(unit.key) if unit is not None else None
        if job.locale == plan.config.source_locale:
            tree = copy.deepcopy(source.tree) if number < last else source.tree
            results.append(_build_page(plan, locales, listings, job, tree, html=locate is not None))
        else:
            page = source.copy() if number < last else source
            results.append(_build_page(plan, locales, listings, job, page.tree, (page, lookup),
                                       html=locate is not None))
    titles = {}
    for code in title_locales:
        if code not in title_msgstrs:
            lookup = _lookup(Job(code, document, *plan.catalogs.get(code, {}).get(
                document.stem, (None, "", None))), use_fuzzy)
            title_msgstrs[code] = lookup.get(unit.key) if unit is not None else None
        titles[(code, document.stem)] = _title(document.stem, unit, title_msgstrs[code])
    return results, titles


def _build_page(plan: Plan, locales, listings, job: Job, tree,
                translation: tuple[SourcePage, dict[Key, str]] | None = None, *,
                html: bool) -> tuple[list[tuple[Path, bytes | None, bool, str]], list[Finding]]:
    """The files of one planned page (see `_compare`) and its findings. `tree` is the
    page's own copy of the document, changed in place; `translation`, for a locale
    other than the source's, is its SourcePage (whose tree is `tree`), translated in
    place, and the translations (a lookup)."""
    config, options, output = plan.config, plan.options, plan.output_dir
    findings: list[Finding] = []
    if translation is not None:
        page, lookup = translation
        findings = translate_page(
            page, lookup, locale=job.locale,
            source_locale=config.source_locale, date_locale=job.locale,
            origins=_origins(job))
    tag = bcp47(job.locale)
    directory, listing = output / tag, listings[tag]
    stem = job.document.stem
    files = []
    if "txt" in options.formats:
        files.append(_compare(directory / f"{stem}.txt", render_text(tree, wrap=options.wrap),
                              listing))
    if html:
        root = tree.getroot()
        set_language(root, job.locale)
        declare_utf8(root)
        versions = [Version(code, f"../{bcp47(code)}/{stem}.html") for code in locales]
        add_alternates(root, versions, versions[0])
        add_switcher(root, versions, job.locale)
        files.append(_compare(directory / f"{stem}.html", serialize(tree), listing))
    return files, findings


def _compare(path: Path, text: str,
             listing: Mapping[str, bool] | None) -> tuple[Path, bytes | None, bool, str]:
    """(path, the bytes to write or None when the file already holds them, whether the
    file is new, the bytes' digest): done where the page is built, in its worker.

    `listing` holds the entries of the file's directory before the build wrote any:
    a file not there is new (the build's lock keeps other builds out, and this page's
    files are written only after this), so a cold build tries to read no page. Without
    a listing (the directory could not be listed) the file itself is read."""
    data = text.encode("utf-8")
    if listing is not None and path.name not in listing:
        return path, data, True, digest(data)
    try:
        unchanged, created = path.read_bytes() == data, False
    except FileNotFoundError:
        unchanged, created = False, True
    return path, None if unchanged else data, created, digest(data)


def _stage_page(displays: _Displays, files: list[tuple[Path, bytes | None, bool, str]],
                writes: WriteBatch) -> tuple[list[Change], dict[str, str], list[str]]:
    """Queue the page's files that differ from what is on disk; return their changes,
    the digest of every file (by its path in the output directory: each is
    ``<output>/<bcp47>/<name>``) and every file's path as the result shows it (worked
    out once for both)."""
    changes, recorded, shown = [], {}, []
    for path, data, created, data_digest in files:
        display = displays(path)
        if data is not None:
            changes.append(Change(display, created))
            writes.add(path, data)
        recorded[f"{path.parent.name}/{path.name}"] = data_digest
        shown.append(display)
    return changes, recorded, shown


def _page_paths(plan: Plan, job: Job) -> list[Path]:
    directory = plan.output_dir / bcp47(job.locale)
    html = "html" in plan.options.formats
    return ([directory / f"{job.document.stem}.txt"] if "txt" in plan.options.formats else []) + \
        ([directory / f"{job.document.stem}.html"] if html else [])


def _page_key(job: Job) -> str:
    return f"{job.locale}/{job.document.name}"


def _page_inputs(plan: Plan, job: Job, setting: str, digests: dict[Path, str | None]) -> str:
    """A digest of everything one page depends on (see cache.py); `digests` remembers
    the files' digests for the other pages and titles that need them."""
    def file(path: Path) -> str | None:
        if path not in digests:
            digests[path] = file_digest(path)
        return digests[path]

    config = plan.config
    if job.catalog_path is not None:
        catalog = file(job.catalog_path)
    elif job.catalog is None:
        catalog = None
    elif pseudo_locale(job.locale):  # made from the source page and the glossary
        catalog = digest(job.locale, file(config.glossary) if config.glossary else None)
    else:
        catalog = digest(repr([(e.msgctxt, e.msgid, e.msgstr, e.flags) for e in job.catalog]))
    return digest(setting, job.locale, config.relative(job.document), file(job.document),
                  job.catalog_display, catalog)


def _title_jobs(plan: Plan) -> list[Job]:
    """A Job for each (published locale, document): what its title depends on."""
    return [Job(code, document, *plan.catalogs.get(code, {}).get(document.stem, (None, "", None)))
            for code, _ in plan.published for document in plan.documents]


# -- helpers --------------------------------------------------------------------------


def _read_catalogs(config: Config, code: str, documents: list[Path], *, jobs: int | None,
                   cache: Cache):
    """The catalogs of `code` ({stem: (catalog or None, display, path)}), the missing
    ones and every catalog's counts.

    Catalog files are counted over `jobs` processes and not kept (see Job.catalog_path);
    with the cache, an unchanged catalog is not even read.
    """
    if pseudo_locale(code):  # en-XA, ar-XB: made from the source, complete by construction
        found = {stem: (po, display, None) for stem, (po, display) in
                 pseudo_catalogs(config, code, documents).items()}
        return found, [], [count_catalog(po) for po, _, _ in found.values()]
    found, missing, work = {}, [], []
    displays = _Displays(config)
    for document in documents:
        path = config.catalog_path(code, document.stem)
        display = displays(path)
        if displays.exists(path):
            found[document.stem] = (None, display, path)
            work.append((f"counts/{code}/{document.name}",
                         digest(code_version(), file_digest(path), display), (path, display)))
        else:
            missing.append(display)
    records = run_cached(cache, _catalog_counts, work, jobs=jobs, shared=os.getpid)
    return found, missing, [Counts(*record) for record in records]


def _catalog_counts(planner: int, item: tuple[Path, str]) -> list[int]:
    """The counts of one catalog file, as `stats` counts it.

    In the planning process the summary is kept, since the build will want it for the
    catalog's translations (see _Kept); a worker's would be lost with the worker, so it
    counts the bytes the cheapest way `stats` knows.
    """
    path, display = item
    if os.getpid() == planner:
        return list(astuple(count_messages(_read_summary(path, display).messages)))
    return list(astuple(count_po_bytes(read_po_bytes(path, display=display), display)))


class _Kept:
    """Catalogs the plan read for their counts, kept for the build so that it reads
    and parses each file once. A summary is reused only if its file still holds the bytes
    read, and only once; at most `budget` bytes of input are kept, the rest are read
    again. Build workers are forked, so they find what was kept before they started.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.kept: dict = {}
        self.size = 0

    def keep(self, key, data: bytes, value) -> None:
        if self.size + len(data) <= self.budget:
            self.kept[key] = (data, value)
            self.size += len(data)

    def take(self, key, path: Path):
        """(bytes, value) kept under `key` if `path` still holds those bytes (forgotten
        once taken), else None."""
        data, value = self.kept.pop(key, (None, None))
        if data is None:
            return None
        self.size -= len(data)
        try:
            return (data, value) if path.read_bytes() == data else None
        except OSError:
            return None

    def clear(self) -> None:
        self.kept.clear()
        self.size = 0


#: catalog summaries, by (path, display), with the bytes they were read from.
_PARSED = _Kept(16 * 2**20)


def _read_summary(path: Path, display: str) -> Summary:
    """The catalog's `poparse.summarize`, remembered (with the bytes) for the build."""
    data = read_po_bytes(path, display=display)
    summary = summarize(data, display)
    _PARSED.keep((path, display), data, summary)
    return summary


def _catalog_lookup(path: Path, display: str, use_fuzzy: bool) -> dict[Key, str]:
    """`catalog.translations` of the catalog file at `path`, read from its summary
    (the plan's, if the file is unchanged): the summary holds the same entries without
    making polib objects, but cannot tell a plural entry, which `translations` leaves
    out; a file that may have one (it mentions msgid_plural, or continues a line with a
    backslash, which could split the keyword) is parsed in full."""
    kept = _PARSED.take((path, display), path)
    data, summary = kept if kept is not None else (read_po_bytes(path, display=display), None)
    if b"msgid_plural" in data or b"\\\n" in data or b"\\\r\n" in data:
        return translations(parse_po(data, display), use_fuzzy=use_fuzzy)
    if summary is None:
        summary = summarize(data, display)
    return {(context, msgid): text for obsolete, context, msgid, text, fuzzy in summary.messages
            if msgid and text and not obsolete and (use_fuzzy or not fuzzy)}


class _Displays:
    """`config.relative` of files in a few directories (thousands of pages and catalogs),
    each directory listed once: a file that is no symbolic link is shown as
    `Config.relative_in` shows it, at the cost of a string, where `relative` would look
    at the file itself; a link is resolved as `relative` does."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.listings: dict[Path, dict[str, bool] | None] = {}

    def listing(self, directory: Path) -> dict[str, bool] | None:
        """name → whether it is a symbolic link, for each entry of `directory` (listed
        on first use, then remembered): empty when there is no such directory, None
        when it cannot be listed (a directory one may enter but not read), where each
        file must be looked at itself."""
        if directory not in self.listings:
            try:
                with os.scandir(directory) as scan:
                    self.listings[directory] = {entry.name: entry.is_symlink() for entry in scan}
            except (FileNotFoundError, NotADirectoryError):
                self.listings[directory] = {}
            except OSError:
                self.listings[directory] = None
        return self.listings[directory]

    def exists(self, path: Path) -> bool:
        """`path.exists()`, from the listing of its directory (a link is followed). A name
        the listing lacks is looked up all the same: on a file system that ignores case
        `path` may exist under another spelling, as `path.exists()` would say."""
        link = (self.listing(path.parent) or {}).get(path.name)
        return path.exists() if link is None or link else True

    def __call__(self, path: Path) -> str:
        entries = self.listing(path.parent)
        if entries is None or entries.get(path.name):
            return self.config.relative(path)
        return self.config.relative_in(path.parent, [path.name])[0]


def _read_page(config: Config, document: Path) -> SourcePage:
    """The source page, walked for its segments; errors name it as the project does."""
    display = config.relative(document)
    return SourcePage(read_html(document, display=display), display)


def _title_unit(page: SourcePage) -> Unit | None:
    """The unit of the page's <title>, None when it has none."""
    return next((s.unit for s in page.segments
                 if s.attribute is None and s.element.tag == "title"), None)


def _percent(counts: Counts, *, use_fuzzy: bool) -> float:
    """Completeness in source words; with --use-fuzzy, fuzzy words are published too."""
    if not counts.words:
        return 100.0
    words = counts.translated_words + (counts.fuzzy_words if use_fuzzy else 0)
    return 100.0 * words / counts.words


def _lookup(job: Job, use_fuzzy: bool) -> dict[Key, str]:
    """The translations a job's page may publish: none for the source."""
    if job.catalog is not None:
        return translations(job.catalog, use_fuzzy=use_fuzzy)
    if job.catalog_path is not None:
        return _catalog_lookup(job.catalog_path, job.catalog_display, use_fuzzy)
    return {}


def _origins(job: Job) -> Mapping[Key, Location]:
    return _Origins(job) if job.catalog is not None or job.catalog_path is not None else {}


class _Origins(Mapping):
    """Where each translation of a job's catalog is: its msgstr line, where `check` puts
    its findings. Worked out on first use only (the catalog parsed then, if the job
    has only its file), as a build warns about few entries."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._index: tuple[dict, list[str] | None] | None = None

    def _entries(self) -> tuple[dict, list[str] | None]:
        if self._index is None:
            job = self._job
            catalog = job.catalog if job.catalog is not None else \
                read_po(job.catalog_path, display=job.catalog_display)
            entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
            try:  # (without the file, the entries' first lines still locate them)
                lines = (job.catalog_path.read_bytes().decode("utf-8", "replace").split("\n")
                         if job.catalog_path is not None else None)
            except OSError:
                lines = None
            self._index = entries, lines
        return self._index

    def __getitem__(self, key: Key) -> Location:
        entries, lines = self._entries()
        entry = entries[key]
        keyword = "msgstr[0]" if entry.msgid_plural else "msgstr"
        return entry_location(self._job.catalog_display, entry, lines, keyword)

    def __iter__(self):
        return iter(self._entries()[0])

    def __len__(self) -> int:
        return len(self._entries()[0])


def _title(stem: str, unit: Unit | None, msgstr: str | None) -> str:
    """A document's <title> in a locale: the translation of its unit (`msgstr`), else
    the source's; the stem when the page has none."""
    title = unit.text if unit is not None else stem
    if msgstr:
        try:
            title = plain_text(parse_translation(msgstr, unit.placeholders, source=unit.text))
        except PlaceholderError:
            pass
    return title


def _index(plan: Plan, titles: dict[tuple[str, str], str]) -> str:
    documents = [d.stem for d in plan.documents]
    entries = [IndexEntry(code, percent, tuple((titles.get((code, stem), stem),
                                                f"{bcp47(code)}/{stem}.html") for stem in documents))
               for code, percent in plan.published]
    source = plan.config.source_locale
    title = (titles.get((source, documents[0])) if len(documents) == 1
             else plan.config.project_name) or "milialocale"
    return render_index(entries, title=title, source_locale=source)


def _copy_assets(config: Config, target: Path, changes: list[Change],
                 documents: tuple[Path, ...]) -> set[str]:
    """Copy every file of the source directory but the documents; return their paths.

    Hidden files are left out. A file is written only when its bytes changed.
    """
    documents = {d.resolve() for d in documents}
    copied = set()
    root = config.root.resolve()
    for path in sorted(config.source_dir.rglob("*")):
        relative = path.relative_to(config.source_dir)
        if (not path.is_file() or path.resolve() in documents
                or any(part.startswith(".") for part in relative.parts)):
            continue
        if root not in path.resolve().parents:  # would publish a file from elsewhere
            raise MilialocaleError("a symbolic link to a file outside the project; refusing "
                                   "to publish it", Location(config.relative(path)))
        destination = target / relative
        data = path.read_bytes()
        try:
            unchanged = destination.read_bytes() == data
        except FileNotFoundError:
            unchanged = False
        if not unchanged:
            created = not destination.exists()
            write_atomic(destination, data)
            changes.append(Change(config.relative(destination), created))
        copied.add(relative.as_posix())
    return copied


def _asset_locator(assets: set[str], documents: set[str]) -> Callable[[str], str | None]:
    """Where a URL relative to a source document points from <output>/<lang>/."""
    def locate(path: str) -> str | None:
        if path in documents:
            return None  # the same document in the same language: a sibling
        if path in assets:
            return posixpath.join("..", ASSETS, path)
        return None
    return locate
