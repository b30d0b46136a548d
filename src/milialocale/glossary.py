"""The medical glossary: concepts with terms per language, read from TBX or CSV.

TBX-Basic (ISO 30042:2019, ``<tbx>``/``conceptEntry``/``langSec``/``termSec``) is the
stored form; TBX v2 (``<martif>``/``termEntry``/``langSet``/``tig``) files from other
tools are read too, and CSV serves teams that keep terms in spreadsheets. XML is parsed
without entities, DTDs or network, and a document type with an internal subset (the
vehicle of entity bombs and XXE) is refused outright.

Matching terms in text lives in `terms.py`; `glossary_findings` is re-exported here.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import Finding, GlossaryError, Severity
from .fsio import write_if_changed
from .model import Location
from .terms import MATCH_MODES, glossary_findings, term_buckets, terms_collide

__all__ = ["CSV_COLUMNS", "STATUSES", "Concept", "Glossary", "Term", "generate_csv", "generate_tbx",
           "glossary_findings", "lint_glossary", "load_glossary", "parse_csv", "parse_tbx", "write_tbx"]

STATUSES = ("preferred", "admitted", "deprecated", "superseded")
ACCEPTABLE = ("preferred", "admitted")
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = ("concept_id", "language", "term", "status", "part_of_speech", "note",
               "match_mode", "do_not_translate", "definition", "subject_field", "concept_note")
#: administrativeStatus values (TBX-Basic) and older normativeAuthorization values.
_STATUS_VALUES = {
    "preferredterm-admn-sts": "preferred", "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated", "supersededterm-admn-sts": "superseded",
    "preferredterm": "preferred", "admittedterm": "admitted", "deprecatedterm": "deprecated",
    "supersededterm": "superseded", "standardizedterm": "preferred", "legalterm": "admitted",
    "regulatedterm": "admitted", **{s: s for s in STATUSES},
}
_UNSAFE_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.I)


@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language (BCP 47 code, e.g. ``pt-BR``)."""

    text: str
    language: str
    status: str = "admitted"
    part_of_speech: str | None = None
    note: str | None = None
    #: None: the language's default (stem, or substring for scripts without spaces).
    match_mode: str | None = None
    location: Location | None = field(default=None, compare=False)

    @property
    def acceptable(self) -> bool:
        """Preferred and admitted terms satisfy a check; deprecated/superseded do not."""
        return self.status in ACCEPTABLE


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept and its terms; do-not-translate concepts must be copied verbatim."""

    id: str
    terms: tuple[Term, ...]
    definition: str | None = None
    note: str | None = None
    do_not_translate: bool = False
    location: Location | None = field(default=None, compare=False)
    subject_field: str | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.language for t in self.terms))

    def terms_in(self, language: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.language == language)


@dataclass(frozen=True)
class Glossary:
    """An ordered collection of concepts; `language` is the source language.

    Not slotted, so that derived data (languages, the matchers in terms.py) is
    computed once per glossary rather than once per checked message.
    """

    concepts: tuple[Concept, ...]
    language: str = "en"
    path: str = field(default="", compare=False)

    @functools.cached_property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lang for c in self.concepts for lang in c.languages))

    def resolve_language(self, code: str) -> str | None:
        """The glossary language serving `code` (gettext or BCP 47), or None.

        Exact tag first, then the tag with trailing subtags dropped (pt-PT → pt), then
        the only, or first, regional variant of the same language (pt → pt-BR).

        >>> g = Glossary((Concept("c", (Term("x", "pt-BR"), Term("y", "zh-Hans"))),))
        >>> g.resolve_language("pt_BR"), g.resolve_language("pt"), g.resolve_language("zh_Hans")
        ('pt-BR', 'pt-BR', 'zh-Hans')
        """
        if code not in self._resolutions:
            self._resolutions[code] = self._resolve(code)
        return self._resolutions[code]

    @functools.cached_property
    def _resolutions(self) -> dict[str, str | None]:
        return {}

    @functools.cached_property
    def _locale_pairs(self) -> dict[tuple[str, str], object]:
        """(source locale, target locale) -> what terms.glossary_findings needs for them."""
        return {}

    def _resolve(self, code: str) -> str | None:
        known = {lang.casefold(): lang for lang in self.languages}
        parts = code.replace("_", "-").split("-")
        for size in range(len(parts), 0, -1):
            candidate = "-".join(parts[:size]).casefold()
            if candidate in known:
                return known[candidate]
        siblings = sorted(lang for key, lang in known.items() if key.split("-")[0] == parts[0].casefold())
        return siblings[0] if siblings else None


def load_glossary(path: Path | str, *, display: str | None = None) -> Glossary:
    """Read a TBX (v3 or v2) glossary, or a CSV one by its extension; GlossaryError if bad.

    `display` is the name used in messages and locations (default: `path`).
    """
    path = Path(path)
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary: {exc.strerror or exc}", Location(name)) from exc
    if path.suffix.lower() == ".csv":
        return parse_csv(data.decode("utf-8-sig", "replace"), name)
    return parse_tbx(data, name)


def parse_tbx(data: bytes, name: str = "<glossary>") -> Glossary:
    """Parse TBX bytes safely; `name` locates errors."""
    scan = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8", "replace")
    unsafe = _UNSAFE_DOCTYPE.search(scan)
    if unsafe:
        raise GlossaryError("refusing a document type with an internal subset or entity "
                            "declarations (entity expansion is unsafe)",
                            Location(name, scan.count("\n", 0, unsafe.start()) + 1))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(f"not well-formed XML: {exc.msg}", Location(name, exc.lineno or 0)) from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (any(dtd.entities()) or any(dtd.elements())):  # defence in depth
        raise GlossaryError("refusing a document type with an internal subset", Location(name, 1))
    kind = etree.QName(root).localname
    if kind not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX file: root element is <{kind}>, not <tbx> or <martif>",
                            Location(name, root.sourceline or 0))
    concepts = tuple(_read_concept(el, name) for el in root.iter("{*}conceptEntry", "{*}termEntry"))
    return Glossary(concepts, language=_lang(root) or "en", path=name)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _lang(el) -> str | None:
    return el.get(XML_LANG) or el.get("lang")


def _text(el) -> str | None:
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _children(el, *names: str):
    """Direct children named `names`, looking through TBX v2 grouping elements."""
    for child in el:
        local = _local(child)
        if local in names:
            yield child
        elif local in ("descripGrp", "termGrp", "transacGrp", "adminGrp"):
            yield from _children(child, *names)


def _typed(el, kind: str) -> dict[str, str]:
    """`<kind type="x">value</kind>` children as {x: value}; DCT elements <x> too."""
    values: dict[str, str] = {}
    for child in _children(el, kind, "administrativeStatus", "partOfSpeech", "subjectField", "definition"):
        key = child.get("type") if _local(child) == kind else _local(child)
        if key and key not in values and (value := _text(child)):
            values[key] = value
    return values


def _read_concept(el, name: str) -> Concept:
    where = Location(name, el.sourceline or 0)
    descrips = _typed(el, "descrip")
    notes = [n for c in _children(el, "note") if (n := _text(c))]
    terms: list[Term] = []
    do_not_translate = False
    for section in _children(el, "langSec", "langSet"):
        language = _lang(section) or ""
        descrips.setdefault("definition", _typed(section, "descrip").get("definition", ""))
        for term_el in _children(section, "termSec", "tig", "ntig"):
            term, dnt = _read_term(term_el, language, name)
            terms.append(term)
            do_not_translate = do_not_translate or dnt
    return Concept(el.get("id", ""), tuple(terms), definition=descrips.get("definition") or None,
                   note="\n".join(notes) or None, do_not_translate=do_not_translate,
                   location=where, subject_field=descrips.get("subjectField"))


def _read_term(el, language: str, name: str) -> tuple[Term, bool]:
    where = Location(name, el.sourceline or 0)
    found = next(_children(el, "term"), None)
    notes = _typed(el, "termNote")
    status = _status(notes.get("administrativeStatus") or notes.get("normativeAuthorization") or "admitted", where)
    mode = notes.get("x-matchMode") or notes.get("matchMode")
    if mode is not None and mode not in MATCH_MODES:
        raise GlossaryError(f"unknown match mode {mode!r} (use {', '.join(MATCH_MODES)})", where)
    text = "".join(found.itertext()).strip() if found is not None else ""
    note = "\n".join(n for c in _children(el, "note") if (n := _text(c))) or None
    dnt = (notes.get("translationNote") or "").strip().casefold() == "no"
    return Term(text, language, status, notes.get("partOfSpeech"), note, mode, where), dnt


def _status(value: str, where: Location) -> str:
    try:
        return _STATUS_VALUES[value.strip().casefold()]
    except KeyError:
        raise GlossaryError(f"unknown term status {value!r} (use {', '.join(STATUSES)})", where) from None


def generate_tbx(glossary: Glossary, *, title: str = "milialocale medical glossary") -> str:
    """TBX-Basic (v3, DCA style) text for `glossary`: deterministic, one element a line."""
    ns = f"{{{TBX_NAMESPACE}}}"
    root = etree.Element(ns + "tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: glossary.language},
                         nsmap={None: TBX_NAMESPACE})
    header = etree.SubElement(etree.SubElement(etree.SubElement(root, ns + "tbxHeader"), ns + "fileDesc"),
                              ns + "sourceDesc")
    etree.SubElement(header, ns + "p").text = title
    body = etree.SubElement(etree.SubElement(root, ns + "text"), ns + "body")

    def add(parent, tag: str, text: str | None, **attrs: str):
        if text:
            child = etree.SubElement(parent, ns + tag, attrs)
            child.text = text

    for concept in glossary.concepts:
        entry = etree.SubElement(body, ns + "conceptEntry", {"id": concept.id})
        add(entry, "descrip", concept.subject_field, type="subjectField")
        add(entry, "descrip", concept.definition, type="definition")
        add(entry, "note", concept.note)
        for language in concept.languages:
            section = etree.SubElement(entry, ns + "langSec", {XML_LANG: language})
            for term in concept.terms_in(language):
                sec = etree.SubElement(section, ns + "termSec")
                etree.SubElement(sec, ns + "term").text = term.text
                add(sec, "termNote", term.part_of_speech, type="partOfSpeech")
                add(sec, "termNote", f"{term.status}Term-admn-sts", type="administrativeStatus")
                add(sec, "termNote", "no" if concept.do_not_translate else None, type="translationNote")
                add(sec, "termNote", term.match_mode, type="x-matchMode")
                add(sec, "note", term.note)
    etree.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"


def write_tbx(path: Path, glossary: Glossary, **options) -> bool:
    """Write `glossary` as TBX atomically if the content changed; True if written."""
    return write_if_changed(path, generate_tbx(glossary, **options))


def parse_csv(text: str, name: str = "<csv>") -> Glossary:
    """Read a glossary from CSV, one row per term (columns: see CSV_COLUMNS)."""
    try:
        return _parse_csv(text, name)
    except csv.Error as exc:  # a field over the csv module's 128 KiB limit (found by fuzzing)
        raise GlossaryError(f"malformed CSV: {exc}", Location(name)) from exc


def _parse_csv(text: str, name: str) -> Glossary:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"concept_id", "language", "term"} - set(reader.fieldnames or ())
    if missing:
        raise GlossaryError(f"CSV lacks the column(s) {', '.join(sorted(missing))}", Location(name, 1))
    concepts: dict[str, dict] = {}
    for row in reader:
        where = Location(name, reader.line_num)
        cell = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
        if not any(cell.values()):
            continue
        if not cell["concept_id"] or not cell["term"] or not cell["language"]:
            raise GlossaryError("every row needs concept_id, language and term", where)
        mode = cell["match_mode"] or None
        if mode is not None and mode not in MATCH_MODES:
            raise GlossaryError(f"unknown match mode {mode!r} (use {', '.join(MATCH_MODES)})", where)
        dnt = cell["do_not_translate"].casefold()
        if dnt not in ("", "yes", "no", "true", "false", "1", "0", "y", "n"):
            raise GlossaryError(f"do_not_translate must be yes or no, not {cell['do_not_translate']!r}", where)
        concept = concepts.setdefault(cell["concept_id"], {"terms": [], "location": where})
        for key, value in (("definition", cell["definition"]), ("subject_field", cell["subject_field"]),
                           ("note", cell["concept_note"]),
                           ("do_not_translate", dnt in ("yes", "true", "1", "y") if dnt else None)):
            if value in ("", None):
                continue
            if concept.setdefault(key, value) != value:
                raise GlossaryError(f"{key} of concept {cell['concept_id']!r} differs from an earlier row", where)
        concept["terms"].append(Term(cell["term"], cell["language"].replace("_", "-"),
                                     _status(cell["status"] or "admitted", where),
                                     cell["part_of_speech"] or None, cell["note"] or None, mode, where))
    return Glossary(tuple(
        Concept(cid, tuple(c["terms"]), c.get("definition"), c.get("note"), bool(c.get("do_not_translate")),
                c["location"], c.get("subject_field"))
        for cid, c in concepts.items()), path=name)


def generate_csv(glossary: Glossary) -> str:
    """CSV text for `glossary`, one row per term; parse_csv reads it back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in glossary.concepts:
        for t in c.terms:
            writer.writerow([c.id, t.language, t.text, t.status, t.part_of_speech or "", t.note or "",
                             t.match_mode or "", "yes" if c.do_not_translate else "", c.definition or "",
                             c.subject_field or "", c.note or ""])
    return out.getvalue()


def lint_glossary(glossary: Glossary) -> list[Finding]:
    """Problems in the glossary itself, each located at its concept or term.

    Every concept needs a preferred term in every glossary language (do-not-translate
    concepts: in the source language); no term may be acceptable (preferred or
    admitted) for two concepts in one language, compared as the matcher sees it, so
    "papule" and "papules" collide; a false friend deprecated in one concept and
    preferred in another is fine (the matcher lets the source decide);
    language codes must be valid BCP 47 tags Babel knows; regexes must compile.
    """
    from .locales import parse_locale

    findings: list[Finding] = []

    def report(location: Location | None, message: str, code: str, severity=Severity.ERROR) -> None:
        findings.append(Finding(location or Location(glossary.path), severity, message, code))

    languages = glossary.languages
    bad_languages = set()
    for language in languages:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?", language):
            bad_languages.add(language)
        else:
            try:
                parse_locale(language)
            except ValueError:
                bad_languages.add(language)
    seen_ids: dict[str, Concept] = {}
    buckets: dict[tuple[str, object], list[tuple[Concept, Term]]] = {}
    for concept in glossary.concepts:
        where = concept.location
        if not concept.id:
            report(where, "concept without an id", "glossary-lint-id")
        elif concept.id in seen_ids:
            report(where, f"concept id {concept.id!r} is used twice (first at {seen_ids[concept.id].location})",
                   "glossary-lint-id")
        else:
            seen_ids[concept.id] = concept
        needed = (glossary.language,) if concept.do_not_translate else languages
        for language in needed:
            if not any(t.status == "preferred" for t in concept.terms_in(language)):
                report(where, f"concept {concept.id!r} has no preferred term in {language}", "glossary-lint-preferred")
        for term in concept.terms:
            if term.language in bad_languages:
                report(term.location, f"invalid language code {term.language!r} (use BCP 47, e.g. pt-BR, zh-Hans)",
                       "glossary-lint-language")
                bad_languages.discard(term.language)  # once per code is enough
            if not term.text.strip():
                report(term.location, f"empty term in concept {concept.id!r}", "glossary-lint-term")
                continue
            try:
                keys = term_buckets(term)
            except re.error as exc:
                report(term.location, f"invalid regex {term.text!r}: {exc}", "glossary-lint-regex")
                continue
            rivals = {}
            for key in keys:
                for other in buckets.setdefault((term.language, key), []):
                    if (other[0] is not concept and term.acceptable and other[1].acceptable
                            and terms_collide(other[1], term)):
                        rivals[id(other[0])] = other
                buckets[(term.language, key)].append((concept, term))
            for other_concept, other_term in rivals.values():
                report(term.location, f"term {term.text!r} ({term.language}) also belongs to concept "
                       f"{other_concept.id!r} as {other_term.text!r} at {other_term.location}",
                       "glossary-lint-duplicate")
    return sorted(findings, key=lambda f: (f.location, f.message))
