"""Locale facts from Babel's CLDR data: codes, plural forms, direction, names, dates."""

from __future__ import annotations

import datetime as dt
import functools
import os
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


#: Pseudo-locales (BCP 47 private-use regions, as Android and Chromium name them): built
#: from the source by pseudo.py, never from catalogs. Babel has no data for them, so they
#: are English for dates, numbers and plurals; only direction and name are their own.
PSEUDO_LOCALES = {
    "en_XA": ("ltr", "English (pseudo, accented)"),
    "ar_XB": ("rtl", "English (pseudo, right-to-left)"),
}


def pseudo_locale(code: str) -> str | None:
    """The gettext form of a pseudo-locale code, or None for a real locale.

    >>> pseudo_locale("en-XA"), pseudo_locale("ar_xb"), pseudo_locale("ar")
    ('en_XA', 'ar_XB', None)
    """
    parts = code.replace("-", "_").split("_")
    normal = "_".join([parts[0].lower(), *(p.upper() for p in parts[1:])])
    return normal if normal in PSEUDO_LOCALES else None


@functools.lru_cache(maxsize=256)
def parse_locale(code: str) -> Locale:
    """Parse a gettext (pt_BR) or BCP 47 (pt-BR) code; ValueError when Babel has no data.

    Remembered per code (errors are not): a project names a few locales thousands of
    times, as the status page does once per catalog, and a parse takes Babel ~0.1 ms."""
    from babel import Locale, UnknownLocaleError  # here: `check_locale` mostly spares it

    if pseudo_locale(code):
        return Locale("en")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown locale {code!r}") from exc


def check_locale(code: str) -> None:
    """Raise parse_locale's ValueError for a code Babel has no data for.

    Every command validates the configured locales, and importing Babel costs ~15 ms of
    a command's start-up, so a code naming one of Babel's data files is accepted
    without it: Babel parses every such name (a test asks it, file by file); any other
    code is left to `parse_locale`."""
    if not _has_data_file(code.replace("-", "_")):
        parse_locale(code)


def _has_data_file(name: str) -> bool:
    folder = _locale_data_folder()
    return (folder is not None and name.isascii() and name.replace("_", "").isalnum()
            and os.path.isfile(os.path.join(folder, name + ".dat")))


@functools.cache
def _locale_data_folder() -> str | None:
    """Babel's CLDR data folder, found without importing Babel."""
    spec = find_spec("babel")
    folders = spec.submodule_search_locations if spec is not None else None
    return os.path.join(folders[0], "locale-data") if folders else None


def bcp47(code: str) -> str:
    """The BCP 47 tag for a gettext-style code.

    >>> bcp47("pt_BR"), bcp47("zh_Hans"), bcp47("es")
    ('pt-BR', 'zh-Hans', 'es')
    """
    return code.replace("_", "-")


def plural_forms(code: str) -> str:
    """The Plural-Forms header value from CLDR data."""
    from babel.messages.plurals import get_plural  # here: most commands never need it

    plural = get_plural(parse_locale(code))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def text_direction(code: str) -> str:
    """'rtl' or 'ltr', from Babel's locale data rather than a hard-coded list."""
    if pseudo_locale(code):
        return PSEUDO_LOCALES[pseudo_locale(code)][0]
    return "rtl" if parse_locale(code).character_order == "right-to-left" else "ltr"


def native_name(code: str) -> str:
    """The language's own name for itself, e.g. 'español', 'العربية'."""
    if pseudo_locale(code):
        return PSEUDO_LOCALES[pseudo_locale(code)][1]
    locale = parse_locale(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:] if locale.language not in ("ar", "zh", "ja") else name


def english_name(code: str) -> str:
    if pseudo_locale(code):
        return PSEUDO_LOCALES[pseudo_locale(code)][1]
    return parse_locale(code).get_display_name("en") or code


def format_iso_date(value: str, code: str) -> str | None:
    """Format an ISO date (YYYY-MM-DD, or a datetime's date part) in the locale's long style."""
    try:
        date = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    from babel.dates import format_date  # here: loading it costs every command ~15 ms

    return format_date(date, format="long", locale=parse_locale(code))
