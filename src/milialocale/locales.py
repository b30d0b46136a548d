"""Locale facts from Babel's CLDR data: codes, plural forms, direction, names, dates."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.plurals import get_plural


def parse_locale(code: str) -> Locale:
    """Parse a gettext (pt_BR) or BCP 47 (pt-BR) code; ValueError when Babel has no data."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown locale {code!r}") from exc


def bcp47(code: str) -> str:
    """The BCP 47 tag for a gettext-style code.

    >>> bcp47("pt_BR"), bcp47("zh_Hans"), bcp47("es")
    ('pt-BR', 'zh-Hans', 'es')
    """
    return code.replace("_", "-")


def plural_forms(code: str) -> str:
    """The Plural-Forms header value from CLDR data."""
    plural = get_plural(parse_locale(code))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def text_direction(code: str) -> str:
    """'rtl' or 'ltr', from Babel's locale data rather than a hard-coded list."""
    return "rtl" if parse_locale(code).character_order == "right-to-left" else "ltr"


def native_name(code: str) -> str:
    """The language's own name for itself, e.g. 'español', 'العربية'."""
    locale = parse_locale(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:] if locale.language not in ("ar", "zh", "ja") else name


def english_name(code: str) -> str:
    return parse_locale(code).get_display_name("en") or code


def format_iso_date(value: str, code: str) -> str | None:
    """Format an ISO date (YYYY-MM-DD, or a datetime's date part) in the locale's long style."""
    try:
        date = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return format_date(date, format="long", locale=parse_locale(code))
