"""Project operations behind `extract`, `init` and `update`: library first, CLI second.

Each function returns what it changed (or would change, with check=True) so that the
CLI, tests and CI all see the same facts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree

from .catalog import merge, new_catalog_metadata, template_text
from .locales import english_name
from .config import Config, validate_document_name
from .errors import MilialocaleError, ReadError
from .model import Location
from . import __version__
from .cache import Cache, digest
from .poformat import entry_blocks, format_po
from .parallel import run_jobs
from .pofiles import parse_po, read_po
from .readers.html import parse_html, read_html
from .segment import unit_fields
from .fsio import WriteBatch, write_if_changed
from .lock import directory_lock

TEMPLATE_COMMENT = "Translation template for {name}, extracted by milialocale.\nDo not edit: run `milialocale extract` after changing the source."
_CREATION = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)
#: bumped by hand whenever extraction changes what a template holds for the same page
#: (segmentation rules, comments, layout), so that templates fingerprinted before are
#: no longer taken as in step. Not cache.code_version: that changes with every commit
#: and would make every committed template look changed.
TEMPLATE_FORMAT = "1"
#: the header field in which a project's template names its fingerprint (`_fingerprint`).
SOURCE_FIELD = "X-Milialocale-Source"
# The field's line with the newline before it, as a header holds it.
_SOURCE_LINE = re.compile(r'\n"X-Milialocale-Source: ([0-9a-f]{32})\\n"(?=\n)')


@dataclass(frozen=True, slots=True)
class Change:
    """A file that was (or, in check mode, would be) written."""

    path: str
    created: bool


def now_stamp() -> str:
    """The timestamp for PO headers: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.timezone.utc))
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def template_metadata(project: str, creation: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "milialocale",
    }


def extract_template(sources: list[tuple[Path, str]], *, project: str, existing: str | None) -> str:
    """The text of a template for `sources` ((path, display name) pairs).

    The creation date of `existing` is reused when nothing else changed, so running
    `extract` twice writes nothing.
    """
    units = []
    for path, display in sources:
        units.extend(unit_fields(read_html(path, display=display), display))
    return _template_text(units, project=project, name=", ".join(Path(d).stem for _, d in sources),
                          existing=existing)


def _template_text(units: list, *, project: str, name: str, existing: str | None) -> str:
    """The template of `units` (`segment.unit_fields`), dated as `existing` if that
    gives `existing` again."""
    old_date = _CREATION.search(existing).group(1) if existing and _CREATION.search(existing) else None
    comment = TEMPLATE_COMMENT.format(name=name)

    def render(creation: str) -> str:
        return template_text(units, metadata=template_metadata(project, creation),
                             header_comment=comment)

    if old_date is not None:
        text = render(old_date)
        if text == existing:
            return text
    return render(now_stamp())


def _read_text(path: Path) -> str | None:
    return _read_file(path)[1]


def _read_file(path: Path) -> tuple[bytes | None, str | None]:
    """A file's bytes and its text as `Path.read_text` gives it (CRLF and CR read as
    LF), read once; (None, None) when it does not exist.

    Bytes that are not UTF-8 (a catalog a translator's editor saved in the charset its
    header declares) become lone surrogates: such a text never equals one we make, so
    the file is rewritten, in UTF-8, rather than refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(str(path))) from exc
    text = data.decode("utf-8", "surrogateescape")
    return data, text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def extract_project(config: Config, *, check: bool = False, jobs: int | None = 1,
                    cache: bool = True) -> list[Change]:
    """Write `locales/<doc>.pot` for every source document; return what changed.

    Documents are extracted over `jobs` processes (None: every CPU). With `cache`, a
    document whose page and template are byte for byte those of the last run that left
    them in step (``.milialocale-cache/extract.json``) is not extracted again.
    """
    if check:
        return _extract_project(config, check=True, jobs=jobs, cache=cache)
    with directory_lock(config.locales_dir, "extract", display=config.relative(config.locales_dir),
                        project=config.root):
        return _extract_project(config, jobs=jobs, cache=cache)


#: templates written per flush to disk. The last batch is written once the workers are
#: done, alone: a small one keeps the end of a run short (the flushes before it wait
#: for the disk while the workers go on).
TEMPLATE_BATCH = 64


def _extract_project(config: Config, *, check: bool = False, jobs: int | None = 1,
                     cache: bool = True) -> list[Change]:
    changes, writes = [], WriteBatch(TEMPLATE_BATCH)
    documents = config.documents()
    if not documents:
        raise MilialocaleError(f"no HTML documents in {config.relative(config.source_dir)}/")
    store = Cache.open(config.root, "extract", enabled=cache)
    for source in documents:  # (a bad name is refused before any page is extracted)
        validate_document_name(source.stem)
    names = dict(zip(documents, _shown(config, config.source_dir, [s.name for s in documents])))
    # A page without a record is stale: its inputs need not be read and digested.
    stale = [source for source in documents if not store.recorded(names[source])
             or store.get(names[source], _extract_inputs(config, source)) is None]
    targets = [config.template_path(source.stem) for source in stale]
    shown = _shown(config, config.locales_dir, [target.name for target in targets])
    extracted = run_jobs(extract_document, stale, jobs=jobs, shared=config)
    for source, target, display, (data, created, in_step, restamped) in zip(stale, targets, shown, extracted):
        store.put(names[source], in_step, True)
        if data is None and not check:
            data = restamped  # written, though --check does not count it as stale
        if data is not None:
            changes.append(Change(display, created))
            if not check:
                writes.add(target, data)
    writes.flush()
    if not check:  # (--check writes nothing, not even the cache)
        store.save()
    return changes


def _shown(config: Config, directory: Path, names: list[str]) -> list[str]:
    """``config.relative(directory / name)`` for each of `names`, for thousands of files
    at the cost of one resolution of `directory` (`Config.relative_in`) and one system
    call per file to tell that it is no symbolic link (only a link resolves elsewhere)."""
    shown = config.relative_in(directory, names)
    folder = os.fspath(directory)
    for index, name in enumerate(names):
        if os.path.islink(os.path.join(folder, name)):
            shown[index] = config.relative(directory / name)
    return shown


def _extract_inputs(config: Config, source: Path) -> str | None:
    """The extract record that vouches for `source` and its template as they are now
    (None when either cannot be read: extracting then reports why)."""
    try:
        page = source.read_bytes()
        template = _read_bytes(config.template_path(source.stem))
    except OSError:
        return None
    return _in_step(page, config.relative(source), template)


def _in_step(page: bytes, display: str, template: bytes | None) -> str:
    """The digest of a page and the template it extracts to, as bytes on disk: what an
    extract record vouches for."""
    return digest(page, display, template)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def template_in_step(config: Config, source: Path, extracted: Cache, template: bytes | None = None) -> bool:
    """Would extracting this page again leave its template as it is? `check` asks, to
    skip segmenting the page again. Yes when the template's fingerprint vouches for the
    page and the template as they are now, or when the last `extract` (its records:
    `Cache.open(root, "extract")`) left them so; False when neither knows. `template`:
    the template's bytes when the caller has read them (read here otherwise), so that
    the answer is about the bytes the caller checks.

    A disabled cache (`--no-cache`) trusts nothing recorded, fingerprints included."""
    try:
        page = source.read_bytes()
        if template is None:
            template = _read_bytes(config.template_path(source.stem))
    except OSError:
        return False
    display = config.relative(source)
    if extracted.enabled and template is not None and _fingerprinted(page, display, source.stem, template):
        return True
    return extracted.get(display, _in_step(page, display, template)) is True


def _fingerprint(page: bytes, display: str, document: str, body: bytes) -> str:
    """What a template is a function of: the page's bytes, its path as references show
    it, the document's name, the extractor (`_EXTRACTOR`), and the template's own bytes
    without its SOURCE_FIELD line, so that a template edited by hand is never taken as in
    step."""
    return digest(*_EXTRACTOR, display, document, page, body)


#: what besides the page decides a template: TEMPLATE_FORMAT, milialocale's release and
#: the HTML parser's (lxml and its libxml2), so that a fingerprint written before an
#: upgrade of either vouches for nothing after it (`check` segments the page again, and
#: the next `extract` renews the line).
_EXTRACTOR = (TEMPLATE_FORMAT, __version__, str(etree.LXML_VERSION), str(etree.LIBXML_VERSION))


def _stamped(body: bytes, fingerprint: str) -> bytes:
    """`body` (a template's UTF-8 bytes without SOURCE_FIELD) with the field as the
    header's last line: what writing it as the last metadata field gives, as the line
    is short. (Bytes, so that the template is encoded once; the cut is at ASCII.)"""
    end = body.find(b"\n\n")  # where the header ends (none: a template without entries)
    end = len(body) - 1 if end < 0 else end
    return b"".join((body[:end], f'\n"{SOURCE_FIELD}: {fingerprint}\\n"'.encode("ascii"), body[end:]))


def _unstamped(text: str) -> tuple[str | None, str]:
    """(the fingerprint in the header of `text`, or None; `text` without its line)."""
    end = text.find("\n\n")
    match = _SOURCE_LINE.search(text, 0, len(text) if end < 0 else end + 1)
    if match is None:
        return None, text
    return match.group(1), text[:match.start()] + text[match.end():]


def _fingerprinted(page: bytes, display: str, document: str, template: bytes) -> bool:
    """Whether `template` (bytes on disk) holds the fingerprint of itself and `page`.
    (Bytes that are not UTF-8 pass through surrogateescape unchanged.)"""
    stamp, body = _unstamped(template.decode("utf-8", "surrogateescape"))
    return stamp is not None and stamp == _fingerprint(
        page, display, document, body.encode("utf-8", "surrogateescape"))


def extract_document(config: Config, source: Path) -> tuple[bytes | None, bool, str, bytes | None]:
    """(the new template, as the bytes to write, or None when its content is unchanged;
    whether it is a new file; the extract record for the page bytes read here and the
    template they give; the template with its fingerprint alone renewed, when that is
    all that changes). The template is encoded once: the bytes of its fingerprint,
    record and file are the same, and a worker sends them as they are.

    A fingerprint out of date (the page changed outside its units) or missing (a
    template written before the field) does not make a template stale: its content is
    what extracting gives. `extract` renews it; `check` and `--check` ignore it.

    The page is read once, so the record names the bytes that were extracted even if
    the file changes meanwhile (an editor saving, a checkout in another terminal).
    """
    document = validate_document_name(source.stem)
    display = config.relative(source)
    template_path = config.template_path(document)
    try:
        page = source.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(display)) from exc
    template, existing = _read_file(template_path)
    old_body = None if existing is None else _unstamped(existing)[1]
    units = unit_fields(parse_html(page, display), display)
    body = _template_text(units, project=document, name=document, existing=old_body)
    encoded = body.encode("utf-8")
    data = _stamped(encoded, _fingerprint(page, display, document, encoded))
    if data == template or (body == old_body and data.decode("utf-8") == existing):
        # (the second: the same text in other bytes, as a checkout with CRLF line ends)
        return None, False, _in_step(page, display, template), None
    record = _in_step(page, display, data)
    if body == old_body:  # (dated as before: _template_text kept the date)
        return None, False, record, data
    return data, existing is None, record, None


def extract_files(pages: list[Path], output: Path, *, check: bool = False) -> list[Change]:
    """File mode: one template for any HTML pages, outside a project."""
    existing = _read_text(output)
    text = extract_template([(p, str(p)) for p in pages], project=output.stem, existing=existing)
    if text == existing:
        return []
    if not check:
        write_if_changed(output, text)
    return [Change(str(output), existing is None)]


def updated_catalog(template: polib.POFile, old: polib.POFile | None, locale: str) -> polib.POFile:
    """The catalog of `locale` in step with `template` (a new one when `old` is None)."""
    if old is None:
        catalog = polib.POFile(wrapwidth=79)
        creation = template.metadata.get("POT-Creation-Date", now_stamp())
        catalog.metadata = new_catalog_metadata(locale, template, creation)
        document = template.metadata.get("Project-Id-Version", "")
        catalog.header = f"{english_name(locale)} translation of {document}."
        old = catalog
    catalog = merge(old, template)
    defaults = new_catalog_metadata(locale, template, catalog.metadata.get("PO-Revision-Date", ""))
    for key in ("Language", "Plural-Forms", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"):
        if not catalog.metadata.get(key):
            catalog.metadata[key] = defaults[key]
    # A template's fingerprint vouches for the template alone (a catalog made by copying
    # a template, as msginit does, would carry it otherwise).
    catalog.metadata.pop(SOURCE_FIELD, None)
    return catalog


def update_project(config: Config, locales: tuple[str, ...] = (), *, check: bool = False,
                   create: bool = True, jobs: int | None = 1, cache: bool = False) -> list[Change]:
    """Merge each template into the catalogs of `locales` (default: all configured),
    over `jobs` processes (None: every CPU).

    With `cache`, the digest of every catalog as written is kept
    (``.milialocale-cache/update.json``); an entry of a catalog that still has that
    digest and that the merge leaves as it was is copied rather than wrapped again.
    The result is the same; on a large catalog it is several times faster.
    """
    if check:
        return _update_project(config, locales, check=True, create=create, jobs=jobs, cache=cache)
    with directory_lock(config.locales_dir, "update", display=config.relative(config.locales_dir),
                        project=config.root):
        return _update_project(config, locales, create=create, jobs=jobs, cache=cache)


def _update_project(config: Config, locales: tuple[str, ...] = (), *, check: bool = False,
                    create: bool = True, jobs: int | None = 1, cache: bool = False) -> list[Change]:
    locales = locales or config.locales
    documents = config.documents()
    store = Cache.open(config.root, "update", enabled=cache)
    # Document by document, so that a process reads each template once for all locales.
    work = [(order, locale, source) for d, source in enumerate(documents)
            for order, locale in ((l * len(documents) + d, locale) for l, locale in enumerate(locales))]
    written = {}  # display path -> digest of the catalog as this module last wrote it
    for _, locale, source in work:
        display = config.relative(config.catalog_path(locale, source.stem))
        written[display] = store.get(display, _WRITTEN)
    results = run_jobs(_update_catalog, [(locale, source) for _, locale, source in work],
                       jobs=jobs, shared=(config, create, written))
    changes, writes = [], WriteBatch()
    for (order, _, _), result in zip(work, results):
        if result is None:
            continue
        target, display, text, created, layout = result
        if text is not None:
            changes.append((order, Change(display, created)))
            if not check:
                writes.add(target, text.encode("utf-8"))
        if not check:  # (--check writes nothing, not even the cache)
            store.put(display, _WRITTEN, layout)
    writes.flush()
    if not check:
        store.save()
    return [change for _, change in sorted(changes)]


_WRITTEN = "written"  # the inputs of an update cache record: it holds a digest of our output


_last_template: list = [None, None]  # (path, bytes) and the catalog parsed from them


def _update_catalog(shared: tuple[Config, bool, dict], job: tuple[str, Path]):
    """(path, display path, new text or None when unchanged, created, digest of the
    result), or None when there is no catalog to update."""
    config, create, written = shared
    locale, source = job
    document = source.stem
    template_path = config.template_path(document)
    if not template_path.exists():
        raise MilialocaleError(f"{config.relative(template_path)}: no template; run `milialocale extract` first")
    template_bytes = template_path.read_bytes()
    if _last_template[0] != (template_path, template_bytes):
        _last_template[:] = [(template_path, template_bytes),
                             parse_po(template_bytes, config.relative(template_path))]
    template = _last_template[1]
    target = config.catalog_path(locale, document)
    display = config.relative(target)
    old = read_po(target, display=display) if target.exists() else None
    if old is None and not create:
        return None
    existing = _read_text(target)
    known = None
    if existing is not None and written.get(display) == digest(existing):
        known = entry_blocks(existing, old)  # our own layout: unchanged entries are copied
    text = format_po(updated_catalog(template, old, locale), known=known)
    return target, display, (None if text == existing else text), existing is None, digest(text)
