"""The site's front page: every published language, named in itself, with completeness.

Rendered from values alone (no template engine): every piece of text goes through
html.escape, and each entry carries its own `lang` and `dir` so that a screen reader
switches voice and Arabic names read right to left.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from babel.numbers import format_percent

from ..locales import bcp47, native_name, parse_locale, text_direction
from .page import languages_label


# Self-contained, so the index needs no asset and works opened from disk.
INDEX_STYLE = ("body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;max-width:40rem;"
               "padding:1rem;color:#222}ul{list-style:none;padding:0}li li{margin:.2rem 0 .8rem}"
               ".language{font-weight:600}.completeness{color:#555}")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One language of the site and its pages."""

    locale: str
    #: share of source words translated, 0–100; None for the source language.
    percent: float | None
    #: (page title in that language, URL relative to the index), per document.
    pages: tuple[tuple[str, str], ...]


def render_index(entries: list[IndexEntry], *, title: str, source_locale: str) -> str:
    """The HTML of site/index.html."""
    esc = html.escape
    label = languages_label(source_locale)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(bcp47(source_locale))}" dir="{text_direction(source_locale)}">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{esc(title)}</title>",
        f"  <style>{INDEX_STYLE}</style>",
        "</head>",
        "<body>",
        "  <main>",
        f"    <h1>{esc(title)}</h1>",
        f'    <nav class="milialocale-index" aria-label="{esc(label)}">',
        "      <ul>",
    ]
    for entry in entries:
        tag = bcp47(entry.locale)
        if entry.percent is None:
            status = "original"
            status_lang = f' lang="{esc(bcp47(source_locale))}"'
        else:
            status = format_percent(entry.percent / 100, locale=parse_locale(entry.locale))
            status_lang = ""
        lines.append(f'        <li lang="{esc(tag)}" dir="{text_direction(entry.locale)}">')
        lines.append(f'          <span class="language">{esc(native_name(entry.locale))}</span>'
                     f' <span class="completeness"{status_lang}>({esc(status)})</span>')
        lines.append("          <ul>")
        for page_title, href in entry.pages:
            lines.append(f'            <li><a href="{esc(href)}" hreflang="{esc(tag)}">{esc(page_title)}</a></li>')
        lines.append("          </ul>")
        lines.append("        </li>")
    lines += ["      </ul>", "    </nav>", "  </main>", "</body>", "</html>", ""]
    return "\n".join(lines)
