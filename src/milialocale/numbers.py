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
def _words(spec: str) -> dict[str, Decimal]:
    """``"one two three"`` → {"one": 1, "two": 2, …}; ``a/b`` gives both words one value."""
    table = {}
    for value, words in enumerate(spec.split(), start=1):
        for word in words.split("/"):
            if word != "-":
                table[word] = Decimal(value)
    return table


_TENS = "ten twenty thirty forty fifty sixty seventy eighty ninety".split()
#: number words per language, 1 to 12 (then extras), used only to excuse a number written
#: out in words, never to report one: "une semaine" for "1 week" is fine.
_NUMBER_WORDS = {
    "en": _words("one/once/first two/twice/second three/third four five six seven eight nine ten eleven twelve/dozen")
          | {w: Decimal(10 * (i + 1)) for i, w in enumerate(_TENS)}
          | {"hundred": Decimal(100), "thousand": Decimal(1000), "half": Decimal("0.5")},
    "fr": _words("un/une/premier/première deux trois quatre cinq six sept huit neuf dix onze douze")
          | {"vingt": Decimal(20), "trente": Decimal(30), "cent": Decimal(100), "mille": Decimal(1000),
             "moitié": Decimal("0.5"), "demi": Decimal("0.5")},
    "es": _words("uno/una/un/primer/primera/primero dos tres cuatro cinco seis siete ocho nueve diez once doce")
          | {"veinte": Decimal(20), "cien": Decimal(100), "mil": Decimal(1000), "mitad": Decimal("0.5")},
    "pt": _words("um/uma/primeiro/primeira dois/duas três quatro cinco seis sete oito nove dez onze doze")
          | {"vinte": Decimal(20), "cem": Decimal(100), "mil": Decimal(1000), "metade": Decimal("0.5")},
    "it": _words("uno/una/un/primo/prima due tre quattro cinque sei sette otto nove dieci undici dodici")
          | {"venti": Decimal(20), "cento": Decimal(100), "mille": Decimal(1000), "metà": Decimal("0.5")},
    "de": _words("ein/eine/einen/einem/einer/eines/erste/ersten/einmal zwei/zweimal drei vier fünf sechs "
                 "sieben acht neun zehn elf zwölf")
          | {"zwanzig": Decimal(20), "hundert": Decimal(100), "tausend": Decimal(1000), "hälfte": Decimal("0.5")},
    "nl": _words("een/één/eerste twee drie vier vijf zes zeven acht negen tien elf twaalf")
          | {"twintig": Decimal(20), "honderd": Decimal(100), "duizend": Decimal(1000), "helft": Decimal("0.5")},
    "ar": _words("واحد/واحدة/الأول/الأولى اثنان/اثنين/اثنتان/اثنتين ثلاثة/ثلاث أربعة/أربع خمسة/خمس ستة/ست "
                 "سبعة/سبع ثمانية/ثماني تسعة/تسع عشرة/عشر")
          | {"نصف": Decimal("0.5"), "مئة": Decimal(100), "مائة": Decimal(100), "ألف": Decimal(1000)},
}
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}

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

#: any marker of any kind: most texts have none and need no further search.
_ANY_MARKER = re.compile("|".join(re.escape(m) for _, markers, _ in _IDENTIFIERS for m in markers))


def has_marker(text: str) -> bool:
    """Whether `_ANY_MARKER` would find a marker in `text`, asked with substring tests: the
    markers are plain strings, and eight `in` tests cost half one regex scan."""
    return ("://" in text or "www." in text or "WWW." in text or "@" in text or "10." in text
            or "PMC" in text or "PMID" in text or "NCT" in text)


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
    if not has_marker(text):
        return ()
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
    if not has_marker(text):
        return text  # what `find_identifiers` answers first, without its memo
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


_DIGIT = re.compile(r"\d")

#: characters outside what Latin-script text commonly holds: ASCII, Latin-1, the Latin
#: extensions, IPA and combining marks (U+0000-U+036F), and the dashes, quotes, ellipsis
#: and narrow no-break space of General Punctuation (U+2010-U+2027, U+202F-U+205F). Every
#: decimal digit but 0-9 (U+0660 and up), invisible control (U+061C, U+180E, U+200B-U+200F,
#: U+202A-U+202E, U+2060-U+2069, U+FEFF), ideograph, kana, Hangul (U+1100 and up) and
#: CJK bracket is such a character.
_UNCOMMON = re.compile("[^\x00-\u036f\u2010-\u2027\u202f-\u205f]")


@lru_cache(maxsize=64)
def latin_only(text: str) -> bool:
    """Whether `text` holds no `_UNCOMMON` character. In such a text (most messages of
    European languages) several checks look for digits, brackets, invisible or wide
    characters with substring tests or not at all; one bitmap scan answers all of them,
    and the memo lets the checks of one message share it."""
    return text.isascii() or _UNCOMMON.search(text) is None


def has_digit(text: str) -> bool:
    """Whether `_DIGIT` would find a digit. In ASCII and `latin_only` text (most texts) the
    only decimal digits are 0-9, and ten substring tests cost a fraction of a regex scan."""
    if text.isascii() or latin_only(text):
        return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text
                or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text)
    return _DIGIT.search(text) is not None
_compiled = lru_cache(maxsize=64)(re.compile)


def find_numbers(text: str, locale: str) -> list[Number]:
    """Every number in `text` as a reader of `locale` reads it.

    >>> [str(n.value) for n in find_numbers("40% to 50%, 1,000 or 0.5 mm", "en")]
    ['40', '50', '1000', '0.5']
    >>> [str(n.value) for n in find_numbers("1,000 ou 0,5 mm, ٤٠٪", "fr")]
    ['1.000', '0.5', '40']
    """
    decimals, groups, pattern = _symbols(locale)
    numbers = []
    if _DIGIT.search(text) is None:
        return numbers
    for match in _compiled(pattern).finditer(text):
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
    """Values `text` writes as words ("three weeks", "trois semaines", "三周").

    >>> sorted(spelled_numbers("dos o tres semanas", "es")), sorted(spelled_numbers("两到三周", "zh"))
    ([Decimal('2'), Decimal('3')], [Decimal('2'), Decimal('3')])
    """
    lang = re.split(r"[_-]", locale)[0].lower()
    if lang in ("zh", "ja", "yue"):
        return {Decimal(_cjk_value(run)) for run in re.findall(r"[〇零一二两兩三四五六七八九十百千万萬]+", text)}
    table = _NUMBER_WORDS.get(lang, {})
    return {table[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in table}


def _cjk_value(run: str) -> int:
    """The value of a run of Chinese numerals: 三 → 3, 十二 → 12, 二十五 → 25."""
    total = digit = 0
    for char in run:
        if char in _CJK_UNITS:
            total += (digit or 1) * _CJK_UNITS[char]
            digit = 0
        else:
            digit = _CJK_DIGITS[char]
    return total + digit


def format_number(value: Decimal, locale: str) -> str:
    """`value` as `locale` writes it, for suggestions in messages."""
    try:
        return format_decimal(value, locale=parse_locale(locale), decimal_quantization=False)
    except (ValueError, InvalidOperation):
        return str(value)
