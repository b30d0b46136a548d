"""Translation QA: the check registry, per-project settings and the driver.

Checks are plain functions in `CHECKS` (as in babel's checkers), each with an id and a
default severity; they live in checks_text.py (form) and checks_meaning.py (numbers,
identifiers, negations) and only describe problems. The driver
here reads PO entries into `Message`s, runs the checks, and turns what they yield into
located Findings, honouring the translator's ``#, ignore-<id>`` flags (Weblate's
spelling) and the project's ``checks = {disable = [...], severity = {id = "warning"}}``.

Untranslated and fuzzy entries are not checked (a fuzzy translation belongs to an older
source) but they are counted by stats.py, never as translated.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

import polib

from . import checks_meaning as meaning
from . import checks_text as text
from .errors import ConfigError, Finding, Severity
from .model import Location, Placeholder
from .placeholders import placeholders_from_text
from .poparse import LightCatalog, LightEntry

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Message:
    """One translation as checks see it: a msgstr (or one plural form) and its source."""

    source: str
    translation: str
    location: Location
    placeholders: tuple[Placeholder, ...] = ()
    flags: frozenset[str] = frozenset()
    context: str | None = None
    #: plural entries: which form this is, all forms, and the catalog's nplurals.
    form: int | None = None
    forms: tuple[str, ...] | None = None
    nplurals: int | None = None

    @property
    def plural(self) -> bool:
        return self.forms is not None


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What checks know beyond the message: the language pair and the glossary."""

    source_locale: str = "en"
    target_locale: str = "en"
    glossary: object | None = None


CheckFunction = Callable[[CheckContext, Message], Iterator["str | Finding"]]


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    severity: Severity
    function: CheckFunction

    @property
    def title(self) -> str:
        return (self.function.__doc__ or self.id).strip().splitlines()[0]


def glossary(ctx: CheckContext, msg: Message) -> Iterator[Finding]:
    """Glossary terms: preferred terms used, deprecated ones avoided, DNT terms kept."""
    if ctx.glossary is None:
        return
    from .glossary import glossary_findings

    yield from glossary_findings(ctx.glossary, source=msg.source, translation=msg.translation,
                                 source_locale=ctx.source_locale, target_locale=ctx.target_locale,
                                 location=msg.location)


CHECKS: tuple[Check, ...] = (
    Check("markup", ERROR, text.markup),
    Check("protected", ERROR, text.protected),
    Check("numbers", ERROR, meaning.numbers),
    Check("identifiers", ERROR, meaning.identifiers),
    Check("glossary", ERROR, glossary),
    Check("blank", ERROR, text.blank),
    Check("invisible", ERROR, text.invisible),
    Check("encoding", ERROR, text.encoding),
    Check("format", ERROR, text.format_),
    Check("plurals", ERROR, text.plurals),
    Check("whitespace", WARNING, text.whitespace),
    Check("punctuation", WARNING, text.punctuation),
    Check("brackets", WARNING, text.brackets),
    Check("repeated", WARNING, text.repeated),
    Check("negation", WARNING, meaning.negation),
    Check("unchanged", WARNING, text.unchanged),
    Check("length", WARNING, text.length),
)
#: cross-catalog check, run over all catalogs of one locale.
INCONSISTENT = "inconsistent"
GLOSSARY_IDS = ("glossary-missing", "glossary-deprecated", "glossary-dnt")
#: every id a flag or the configuration may name; "glossary" stands for all glossary-*.
CHECK_IDS = tuple(sorted({c.id for c in CHECKS} | {INCONSISTENT, *GLOSSARY_IDS}))
DEFAULT_SEVERITY = {c.id: c.severity for c in CHECKS} | {INCONSISTENT: WARNING}


def family(code: str) -> str:
    """The check a finding code belongs to: ``glossary-dnt`` → ``glossary``."""
    return "glossary" if code.startswith("glossary-") else code


@dataclass(frozen=True, slots=True)
class Settings:
    """The project's choices: disabled checks and severities that differ from the default."""

    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    strict: bool = False

    @classmethod
    def from_config(cls, checks: object, *, location: Location | None = None) -> Settings:
        """Validate the ``checks`` table of the configuration; ConfigError when malformed."""
        if not checks:
            return cls()
        if not isinstance(checks, dict):
            raise ConfigError("'checks' must be a table: {disable = [...], severity = {...}}", location)
        unknown = set(checks) - {"disable", "severity"}
        if unknown:
            raise ConfigError(f"unknown key {sorted(unknown)[0]!r} in 'checks' (known: disable, severity)", location)
        disabled = checks.get("disable", [])
        if not isinstance(disabled, list) or not all(isinstance(i, str) for i in disabled):
            raise ConfigError("'checks.disable' must be a list of check ids", location)
        severity = checks.get("severity", {})
        if not isinstance(severity, dict):
            raise ConfigError("'checks.severity' must be a table such as {length = \"error\"}", location)
        for check_id in [*disabled, *severity]:
            if check_id not in CHECK_IDS:
                raise ConfigError(f"unknown check {check_id!r} (known: {', '.join(CHECK_IDS)})", location)
        levels = {}
        for check_id, value in severity.items():
            if value not in ("error", "warning"):
                raise ConfigError(f"severity of {check_id!r} must be \"error\" or \"warning\", not {value!r}", location)
            levels[check_id] = Severity(value)
        return cls(frozenset(disabled), levels)

    def apply(self, finding: Finding, flags: Iterable[str] = ()) -> Finding | None:
        """The finding as configured, or None when disabled or ignored on the entry."""
        code = finding.code
        names = {code, family(code)}
        if names & self.disabled or any(f"ignore-{name}" in flags for name in names):
            return None
        severity = self.severity.get(code) or self.severity.get(family(code)) or finding.severity
        if self.strict:
            severity = ERROR
        return replace(finding, severity=severity) if severity is not finding.severity else finding


# -- reading catalogs ----------------------------------------------------------------

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def catalog_messages(catalog: polib.POFile, path: str, *, include_fuzzy: bool = False,
                     text: str | None = None) -> Iterator[Message]:
    """The translated (optionally also fuzzy) messages of a catalog, one per plural form.

    `text`, the file's content, lets locations point at the msgstr line itself. A
    `LightCatalog` knows those lines (see `_msgstr_location`): its text is not read.
    """
    light = text is not None and isinstance(catalog, LightCatalog)
    lines = text.split("\n") if text is not None and not light else None
    match = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    for entry in catalog:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        if "fuzzy" in entry.flags and not include_fuzzy:
            continue
        placeholders = placeholders_from_text(entry.msgid, entry.comment or "")
        flags = frozenset(entry.flags)
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if not forms or not forms[0]:
                continue
            for index, translation in enumerate(forms):
                if not translation:
                    continue
                source = entry.msgid if index == 0 and (nplurals or 2) > 1 else entry.msgid_plural
                yield Message(source, translation, entry_location(path, entry, lines, f"msgstr[{index}]"),
                              placeholders_from_text(source, entry.comment or ""), flags,
                              entry.msgctxt, index, forms, nplurals)
        elif entry.msgstr:
            location = (_msgstr_location(path, entry) if light
                        else entry_location(path, entry, lines, "msgstr"))
            yield Message(entry.msgid, entry.msgstr, location, placeholders, flags, entry.msgctxt)


def _msgstr_location(path: str, entry: LightEntry) -> Location:
    """`entry_location` of the msgstr of an entry of a `LightCatalog`: every line of it
    up to its msgstr keyword is a comment, a keyword other than msgstr or a string, none
    blank nor starting with "msgstr", so the search would stop at that keyword unless
    its 401 lines run out first (for a plural entry, `read_light` gives none)."""
    if entry.msgstr_line - entry.linenum <= 400:
        return Location(path, entry.msgstr_line)
    return Location(path, entry.linenum)


def entry_location(path: str, entry: polib.POEntry, lines: list[str] | None, keyword: str) -> Location:
    """The line of `keyword` (msgstr, msgstr[1]) in `entry`, given the file's `lines`
    (split at "\\n" only, as PO readers count lines); else the entry's first line."""
    line = entry.linenum or 0
    if lines is not None and line:
        prefixes = (keyword + " ", keyword + '"')
        for number in range(line - 1, min(len(lines), line + 400)):
            if lines[number].startswith(prefixes):
                return Location(path, number + 1)
            if number >= line and not lines[number].strip():
                break
    return Location(path, line)


# -- running checks ------------------------------------------------------------------


def check_message(ctx: CheckContext, msg: Message, settings: Settings = Settings()) -> list[Finding]:
    """Every configured finding for one message."""
    findings = []
    markup = bool(msg.placeholders) or "<" in msg.source or "<" in msg.translation
    for check in _applicable(settings.disabled, ctx.source_locale, ctx.target_locale, ctx.glossary is not None,
                             markup, bool(msg.flags), msg.forms is not None):
        for problem in check.function(ctx, msg):
            if isinstance(problem, str):
                problem = Finding(msg.location, check.severity, problem, check.id)
            configured = settings.apply(problem, msg.flags)
            if configured is not None:
                findings.append(configured)
    return findings


@functools.lru_cache(maxsize=256)
def _applicable(disabled: frozenset[str], source_locale: str, target_locale: str, glossary: bool,
                markup: bool, flags: bool, plural: bool) -> tuple[Check, ...]:
    """The checks not in `disabled` that can find something in a message of this kind.

    The others would return at their first test, which is about the language pair or
    the shape of the message alone: the glossary check needs a glossary, markup and
    protected need a tag or placeholder, format needs a flag, plurals a plural entry
    and numbers a singular one, unchanged two languages, and negation an English
    source and a target language it knows. Answered once per kind, not per message.
    """
    cannot = set(disabled)
    if not glossary:
        cannot.add("glossary")
    if not markup:
        cannot |= {"markup", "protected"}
    if not flags:
        cannot.add("format")
    cannot.add("numbers" if plural else "plurals")
    if text.language(source_locale) == text.language(target_locale):
        cannot.add("unchanged")
    if not meaning.negation_applies(source_locale, target_locale):
        cannot.add("negation")
    return tuple(check for check in CHECKS if check.id not in cannot)


def check_locale(catalogs: Iterable[tuple[str, polib.POFile, str | None]], ctx: CheckContext,
                 settings: Settings = Settings(), *, include_fuzzy: bool = False) -> list[Finding]:
    """Check every catalog of one locale ((path, catalog, file text) triples), including
    translations of one source that differ between catalogs."""
    findings: list[Finding] = []
    messages: list[Message] = []
    for path, catalog, content in catalogs:
        for msg in catalog_messages(catalog, path, include_fuzzy=include_fuzzy, text=content):
            messages.append(msg)
            findings += check_message(ctx, msg, settings)
    if INCONSISTENT not in settings.disabled:
        flags = {m.location: m.flags for m in messages}
        for finding in inconsistent(messages):
            configured = settings.apply(finding, flags[finding.location])
            if configured is not None:
                findings.append(configured)
    return sorted(findings, key=sort_key)


def inconsistent(messages: Iterable[Message]) -> Iterator[Finding]:
    """One source text (and context) translated in more than one way."""
    by_source: dict[tuple, list[Message]] = defaultdict(list)
    for msg in messages:
        if msg.forms is None and "fuzzy" not in msg.flags:
            by_source[(msg.context, text.collapsed(msg.source))].append(msg)
    for group in by_source.values():
        variants = {text.collapsed(m.translation) for m in group}
        if len(variants) < 2:
            continue
        for msg in group:
            mine = text.collapsed(msg.translation)
            others = sorted({(str(m.location), text.collapsed(m.translation)) for m in group
                             if text.collapsed(m.translation) != mine})
            where, other = others[0]
            more = f" and {len(others) - 1} more" if len(others) > 1 else ""
            yield Finding(msg.location, DEFAULT_SEVERITY[INCONSISTENT],
                          f"the same source is translated as {text.quote(other)} at {where}{more}",
                          INCONSISTENT)


def sort_key(finding: Finding) -> tuple:
    return (finding.location.path, finding.location.line, finding.code, finding.message)
