"""Catalogs: units → template, template + old catalog → updated catalog, lookups.

The merge never drops a translation. An unchanged unit keeps its translation; a unit
whose text changed keeps the closest old translation marked fuzzy with the previous
msgid (`#|`); a removed unit's translation becomes obsolete (`#~`) and comes back,
intact, when the text returns. A purely typographic source fix (quotes, dashes,
spacing) keeps the translation without forcing re-review.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import polib

from .locales import english_name, plural_forms
from .model import Placeholder, Unit
from .placeholders import strip_placeholders
from .poformat import (has_translation, header_lines, iter_comment_lines, msgid_text,
                       template_entry)

FUZZY_CUTOFF = 0.6

PLACEHOLDER_ROLES = {
    "a": "link", "abbr": "abbreviation", "b": "bold", "bdi": "isolated text", "bdo": "text direction",
    "br": "line break", "cite": "title of a work", "code": "code", "data": "data value",
    "del": "deleted text", "dfn": "defined term", "em": "emphasis", "i": "italic",
    "img": "image", "ins": "inserted text", "kbd": "keyboard input", "mark": "highlight",
    "q": "quotation", "s": "struck text", "samp": "sample output", "small": "small print",
    "span": "text span", "strong": "strong emphasis", "sub": "subscript", "sup": "superscript",
    "time": "date", "u": "underline", "var": "variable", "wbr": "optional line break",
}

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                             "\u00a0": " ", "\u202f": " ", "…": "..."})
_SPACES = re.compile(r"\s+")
_TYPOGRAPHY_PAIRS = tuple((chr(code), plain) for code, plain in _TYPOGRAPHY.items())
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]")  # what _SPACES would change


def unit_comment(unit: Unit) -> list[str]:
    """Extracted-comment lines giving translators the unit's context."""
    return _comment_lines(unit.kind, unit.headings, unit.notes, unit.terms, unit.placeholders)


def _comment_lines(kind, headings, notes, terms, placeholders) -> list[str]:
    lines = [f"element: {kind}"]
    if headings:
        lines.append("section: " + " › ".join(headings))
    if notes:  # (most units have neither notes nor terms)
        lines += [f"note: {note}" for note in notes]
    if terms:
        lines += [f"term: {term}" for term in terms]
    if placeholders:
        lines.append("placeholders: " + "; ".join(_describe(p) for p in placeholders))
    return lines


def _describe(placeholder: Placeholder) -> str:
    tag = f"<{placeholder.name}/>" if placeholder.void else f"<{placeholder.name}>"
    role = PLACEHOLDER_ROLES.get(placeholder.tag, placeholder.tag)
    if placeholder.date:
        return f"{tag} the date {placeholder.date}, written by the build in your locale's format"
    if placeholder.protected is not None:
        return f"{tag} {role}, do not translate its content"
    return f"{tag} {role}"


def build_template(units: Iterable[Unit], *, metadata: dict[str, str]) -> polib.POFile:
    """A template with one entry per distinct (context, text), in document order."""
    template = polib.POFile(wrapwidth=79)
    template.metadata = dict(metadata)
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for unit in units:
        key = (unit.context, unit.text)  # unit.key
        entry = entries.get(key)
        comment = unit_comment(unit)
        if entry is None:
            entry = _new_entry(msgid=unit.text, msgctxt=unit.context, comment="\n".join(comment))
            entries[key] = entry
        else:
            known = entry.comment.split("\n")
            entry.comment = "\n".join(known + [line for line in comment if line not in known])
        entry.occurrences.append((unit.location.path, str(unit.location.line)))
    # In first-occurrence order; list.extend, as the template checks no duplicates.
    template.extend(entries.values())
    return template


def template_text(units: Iterable[tuple], *, metadata: dict[str, str], header_comment: str) -> str:
    """The text of the template for `units` (as `segment.unit_fields` gives them): what
    ``format_po(build_template(...), header_comment=...)`` writes with a fuzzy header,
    made without a Unit or a polib entry per unit, the entries written at once.

    Most entries have one shape: one unit whose comment is its kind and section alone,
    no context. Such an entry is written as one string: the comment's lines, made once
    per kind and section (the units of a section share them), its reference and
    `msgid_text`; `template_entry` writes the others."""
    # (context, text) -> [occurrences, comment, the "#." lines of a one-shape entry or None]
    entries: dict[tuple[str | None, str], list] = {}
    heads: dict[tuple, tuple[str, str]] = {}  # (kind, headings) -> (comment, its "#." lines)
    for text, kind, path, line, context, headings, notes, terms, placeholders, _ in units:
        key = (context, text)
        entry = entries.get(key)
        if entry is not None:  # a text repeated: build_template's merge of the comments
            occurrences, known, _ = entry
            known = known.split("\n")
            comment = _comment_lines(kind, headings, notes, terms, placeholders)
            entries[key] = [occurrences, "\n".join(known + [c for c in comment if c not in known]), None]
            occurrences.append((path, str(line)))
        elif notes or terms or placeholders:
            comment = _comment_lines(kind, headings, notes, terms, placeholders)
            entries[key] = [[(path, str(line))], "\n".join(comment), None]
        else:  # what _comment_lines gives for a kind and headings alone, most units
            head = heads.get((kind, headings))
            if head is None:
                comment = "\n".join(_comment_lines(kind, headings, (), (), ()))
                head = heads[kind, headings] = comment, "\n".join(iter_comment_lines("#.", comment))
            entries[key] = [[(path, str(line))], *head]
    blocks = ["\n".join(header_lines(header_comment, metadata, fuzzy=True))]
    for (context, text), (occurrences, comment, head) in entries.items():
        if head is not None and context is None:
            path, line = occurrences[0]
            blocks.append(f'{head}\n#: {path}:{line}\n{msgid_text(text)}\nmsgstr ""')
        else:
            blocks.append(template_entry(comment, occurrences, context, text))
    return "\n\n".join(blocks) + "\n"


def new_catalog_metadata(locale: str, template: polib.POFile, revision_date: str) -> dict[str, str]:
    """Header for a new catalog of `locale`, taking project fields from the template."""
    meta = template.metadata
    return {
        "Project-Id-Version": meta.get("Project-Id-Version", "PACKAGE VERSION"),
        "Report-Msgid-Bugs-To": meta.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": meta.get("POT-Creation-Date", revision_date),
        "PO-Revision-Date": revision_date,
        "Last-Translator": "",
        "Language-Team": f"{english_name(locale)}",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(locale),
    }


def typographic_key(entry_key: tuple[str | None, str]) -> tuple[str | None, str]:
    """A key that ignores quote style, dash style and spacing.

    >>> typographic_key((None, "It’s  “infant acne”"))
    (None, 'It\\'s "infant acne"')
    """
    context, text = entry_key
    if not text.isascii():  # str.translate looks up every character: replace only what occurs
        for char, plain in _TYPOGRAPHY_PAIRS:
            if char in text:
                text = text.replace(char, plain)
    if _UNEVEN_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    return context, text.strip()


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Translated means: not fuzzy, not obsolete, every msgstr non-empty."""
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def merge(old: polib.POFile, template: polib.POFile) -> polib.POFile:
    """Bring `old` in step with `template`; every translation in `old` survives."""
    result = polib.POFile(wrapwidth=79)
    result.header = old.header
    result.metadata = dict(old.metadata)
    result.metadata_is_fuzzy = old.metadata_is_fuzzy
    for field in ("Project-Id-Version", "POT-Creation-Date"):
        if field in template.metadata:
            result.metadata[field] = template.metadata[field]

    old_entries = [e for e in old if e.msgid != ""]
    active = {_key(e): e for e in old_entries if not e.obsolete}
    obsolete = {_key(e): e for e in old_entries if e.obsolete}
    previous = {(e.previous_msgctxt, e.previous_msgid): e for e in old_entries
                if "fuzzy" in e.flags and e.previous_msgid is not None}
    typographic: dict | None = None  # built on the first miss: most merges never need it
    used: set[int] = set()
    unmatched: list[tuple[int, polib.POEntry]] = []
    merged: list[polib.POEntry | None] = []

    for index, tmpl in enumerate(template):
        key = _key(tmpl)
        source = active.get(key) or obsolete.get(key)
        if source is not None:
            merged.append(_carry(tmpl, source, fuzzy="fuzzy" in source.flags, keep_previous=True))
            used.add(id(source))
            continue
        source = previous.get(key)
        if source is not None and has_translation(source):
            # The text went back to what the translation was made for.
            merged.append(_carry(tmpl, source, fuzzy=False, keep_previous=False))
            used.add(id(source))
            continue
        if typographic is None:
            typographic = {}
            for e in old_entries:
                if has_translation(e):
                    typographic.setdefault(typographic_key(_key(e)), e)
        source = typographic.get(typographic_key(key))
        if source is not None:
            merged.append(_carry(tmpl, source, fuzzy="fuzzy" in source.flags, keep_previous=True))
            used.add(id(source))
            continue
        merged.append(None)
        unmatched.append((index, tmpl))

    candidates = [e for e in old_entries if id(e) not in used and has_translation(e)]
    for index, tmpl in unmatched:
        source = _closest(tmpl, candidates)
        if source is None:
            merged[index] = _fresh(tmpl)
        else:
            entry = _carry(tmpl, source, fuzzy=True, keep_previous=True)
            if "fuzzy" not in source.flags or source.previous_msgid is None:
                entry.previous_msgid = source.msgid
                entry.previous_msgctxt = source.msgctxt
                entry.previous_msgid_plural = source.msgid_plural or None
            merged[index] = entry
            used.add(id(source))
    for entry in merged:
        result.append(entry)
    for entry in old_entries:
        if id(entry) not in used and has_translation(entry):
            gone = _copy(entry)
            gone.obsolete = True
            gone.occurrences = []
            result.append(gone)
    return result


def _closest(tmpl: polib.POEntry, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    target = strip_placeholders(tmpl.msgid)
    best, best_ratio = None, FUZZY_CUTOFF
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for candidate in candidates:
        if candidate.msgctxt != tmpl.msgctxt:
            continue
        text = strip_placeholders(candidate.msgid)
        total = len(text) + len(target)
        if not total or 2 * min(len(text), len(target)) / total < best_ratio:
            continue
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid, msgstr=entry.msgstr, msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural), msgctxt=entry.msgctxt,
        comment=entry.comment, tcomment=entry.tcomment, occurrences=list(entry.occurrences),
        flags=list(entry.flags), previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid, previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=entry.obsolete, linenum=entry.linenum,
    )


def _carry(tmpl: polib.POEntry, source: polib.POEntry, *, fuzzy: bool, keep_previous: bool) -> polib.POEntry:
    """The template entry carrying `source`'s translation, comments and flags."""
    entry = _fresh(tmpl)
    entry.msgstr = source.msgstr
    if tmpl.msgid_plural and source.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    entry.tcomment = source.tcomment
    entry.flags = [f for f in source.flags if f != "fuzzy"]
    if fuzzy:
        entry.flags.insert(0, "fuzzy")
        if keep_previous:
            entry.previous_msgid = source.previous_msgid
            entry.previous_msgctxt = source.previous_msgctxt
            entry.previous_msgid_plural = source.previous_msgid_plural
    return entry


def _fresh(tmpl: polib.POEntry) -> polib.POEntry:
    return _new_entry(
        msgid=tmpl.msgid, msgid_plural=tmpl.msgid_plural, msgstr_plural=dict(tmpl.msgstr_plural),
        msgctxt=tmpl.msgctxt, comment=tmpl.comment, occurrences=list(tmpl.occurrences),
        flags=[f for f in tmpl.flags if f != "fuzzy"])


def _new_entry(**fields) -> polib.POEntry:
    """`polib.POEntry(**fields)` at half the cost: a template or a merge makes one entry
    per unit. The blank's mutable values are replaced by new ones, as POEntry() does."""
    entry = object.__new__(polib.POEntry)
    entry.__dict__.update(_BLANK_ENTRY, msgstr_plural={}, occurrences=[], flags=[])
    entry.__dict__.update(fields)
    return entry


#: what POEntry() sets.
_BLANK_ENTRY = dict(polib.POEntry().__dict__)


def translations(catalog: polib.POFile, *, use_fuzzy: bool = False) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) → msgstr for entries that may be published."""
    table = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        if not entry.msgstr or ("fuzzy" in entry.flags and not use_fuzzy):
            continue
        table[_key(entry)] = entry.msgstr
    return table
