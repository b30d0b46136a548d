"""Numbers and identifiers in running text, read the way a reader of each locale reads them.

A number is compared by value, never as a substring: "3" and "30" differ, while "0.5",
"0,5" and "٠٫٥" are the same number in English, French and Arabic. A token is read with
the locale's own separators first (Babel's CLDR symbols, Latin and native digits), and
only when that reading is impossible (a "group" of 1 or 2 digits) with the other common
convention, so "1,000" is one thousand in English but one in French, as its readers
would understand it.

Identifiers (URLs, e-mail addresses, DOIs, PMIDs, PMCIDs, trial numbers) must survive
verbatim; they are masked before numbers are read so each problem is reported once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from .locales import parse_locale

#: characters that may separate the digit groups of one number, in some locale.
_SPACES = "\u00a0\u202f\u2009"
_SEPARATORS = ".,'\u2019\u066b\u066c" + _SPACES
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "once": 1, "twice": 2,
    "half": Decimal("0.5"), "first": 1, "second": 2, "third": 3, "dozen": 12,
}

_TRAIL = ".,;:!?)]}'\"»”’…"
#: (kind, substrings one of which every match contains, pattern): skips hopeless searches.
_IDENTIFIERS = (
    ("URL", ("://", "www.", "WWW."), re.compile(r"(?:https?|ftp)://[^\s<>\"«»“”]+|\bwww\.[^\s<>\"«»“”]+", re.I)),
    ("e-mail address", ("@",), re.compile(r"\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.I)),
    ("DOI", ("10.",), re.compile(r"\b10\.\d{4,9}/[^\s<>\"«»“”]+")),
    ("PMCID", ("PMC",), re.compile(r"\bPMC\d{4,}\b")),
    ("PMID", ("PMID",), re.compile(r"\bPMID\s*:?\s*\d+\b")),
    ("trial number", ("NCT",), re.compile(r"\bNCT\d{8}\b")),
)


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str
    text: str

    @property
    def key(self) -> tuple[str, str]:
        """What must match: DOIs and e-mail addresses ignore case, a PMID its spacing."""
        if self.kind in ("DOI", "e-mail address"):
            return self.kind, self.text.lower()
        if self.kind == "PMID":
            return self.kind, "PMID:" + re.sub(r"^PMID\s*:?\s*", "", self.text)
        return self.kind, self.text


def find_identifiers(text: str) -> list[Identifier]:
    """URLs, e-mail addresses, DOIs, PMIDs, PMCIDs and NCT numbers, in order.

    >>> [i.text for i in find_identifiers("See https://doi.org/10.1/x (PMID: 123).")]
    ['https://doi.org/10.1/x', 'PMID: 123']
    """
    return list(_find_identifiers(text))


@lru_cache(maxsize=4096)
def _find_identifiers(text: str) -> tuple[Identifier, ...]:
    """Cached: every check of a message asks about the same few texts."""
    found: list[tuple[int, Identifier]] = []
    taken: list[tuple[int, int]] = []
    for kind, markers, pattern in _IDENTIFIERS:
        if not any(marker in text for marker in markers):
            continue
        for match in pattern.finditer(text):
            start, value = match.start(), _trim(match.group())
            end = start + len(value)
            if any(s < end and start < e for s, e in taken):
                continue  # a DOI inside a URL is part of the URL
            taken.append((start, end))
            found.append((start, Identifier(kind, value)))
    return tuple(identifier for _, identifier in sorted(found, key=lambda item: item[0]))


def _trim(value: str) -> str:
    """Drop sentence punctuation after an identifier, keeping balanced parentheses."""
    while value and value[-1] in _TRAIL:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def mask_identifiers(text: str) -> str:
    """`text` with every identifier replaced by underscores, so its digits are not read as
    numbers nor its colons as punctuation, while the text around it keeps its shape."""
    for identifier in find_identifiers(text):
        text = text.replace(identifier.text, "_" * len(identifier.text), 1)
    return text


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    value: Decimal


@lru_cache(maxsize=None)
def _symbols(locale: str) -> tuple[str, str, str]:
    """(decimal symbols, group symbols, token pattern) for `locale`, Latin and native."""
    try:
        parsed = parse_locale(locale)
    except ValueError:
        parsed = parse_locale("en")
    decimals, groups = set(), set()
    for system in ("latn", "default"):
        try:
            decimals.add(get_decimal_symbol(parsed, numbering_system=system))
            groups.add(get_group_symbol(parsed, numbering_system=system))
        except Exception:  # a locale without that numbering system: the other one suffices
            continue
    if groups & set(_SPACES + " "):
        groups.add(" ")  # "10 000" typed with a plain space, where a space groups digits
    if groups & {"'", "\u2019"}:
        groups |= {"'", "\u2019"}
    groups |= set(_SPACES)
    separators = "".join(sorted(set(_SEPARATORS) | decimals | groups))
    pattern = rf"\d+(?:[{re.escape(separators)}]\d+)*"
    return "".join(sorted(decimals)), "".join(sorted(groups)), pattern


def _ascii_digits(token: str) -> str:
    """Native digits (Arabic-Indic, Devanagari, full-width…) as ASCII."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in token)


def _read(token: str, decimals: str, groups: str) -> Decimal | None:
    """The value of `token` under one convention, or None when it cannot be read so."""
    parts = re.split(r"(\D)", token)
    digits, separators = parts[0::2], parts[1::2]
    if not separators:
        return Decimal(token)
    fraction = None
    if separators[-1] in decimals:
        fraction = digits[-1]
        digits, separators = digits[:-1], separators[:-1]
    if any(s not in groups for s in separators) or len(set(separators)) > 1:
        return None
    if separators and not (1 <= len(digits[0]) <= 3 and all(len(d) == 3 for d in digits[1:])):
        return None
    whole = "".join(digits)
    return Decimal(f"{whole}.{fraction}" if fraction is not None else whole)


def find_numbers(text: str, locale: str) -> list[Number]:
    """Every number in `text` as a reader of `locale` reads it.

    >>> [str(n.value) for n in find_numbers("40% to 50%, 1,000 or 0.5 mm", "en")]
    ['40', '50', '1000', '0.5']
    >>> [str(n.value) for n in find_numbers("1,000 ou 0,5 mm, ٤٠٪", "fr")]
    ['1.000', '0.5', '40']
    """
    decimals, groups, pattern = _symbols(locale)
    numbers = []
    for match in re.finditer(pattern, text):
        token = _ascii_digits(match.group())
        for convention in ((decimals, groups), (".", ",'" + _SPACES), (",", ".'" + _SPACES),
                           ("\u066b", "\u066c")):
            value = _read(token, *convention)
            if value is not None:
                numbers.append(Number(match.group(), value))
                break
        else:  # "1.2.3", "1,2,3": a list or a version, one number per digit run
            numbers += [Number(d, Decimal(d)) for d in re.findall(r"\d+", token)]
    return numbers


def spelled_numbers(text: str, locale: str) -> set[Decimal]:
    """Values the source writes as words ("three weeks"), which a translation may write
    as digits; only English is known."""
    if not locale.lower().startswith("en"):
        return set()
    words = re.findall(r"[a-z]+", text.lower())
    return {Decimal(_NUMBER_WORDS[w]) for w in words if w in _NUMBER_WORDS}


def format_number(value: Decimal, locale: str) -> str:
    """`value` as `locale` writes it, for suggestions in messages."""
    try:
        return format_decimal(value, locale=parse_locale(locale), decimal_quantization=False)
    except (ValueError, InvalidOperation):
        return str(value)
