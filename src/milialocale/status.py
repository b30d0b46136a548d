"""The status page: completeness bars, open findings by check, links to the built pages.

For people who would rather look than read `milialocale check`. The page is one
self-contained HTML file (inline CSS, no scripts, no external assets); every text is
escaped, and bar widths are numbers computed here, never text from a catalog.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from html import escape

from .locales import bcp47, english_name, native_name, text_direction

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin:1rem 0 2rem}
th,td{padding:.35rem .6rem;white-space:nowrap;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-flex;vertical-align:middle;width:12rem;height:.9rem;background:#e4e4e4;border-radius:.2rem;overflow:hidden}
.bar span{display:block;height:100%}
.t{background:#2e7d32}.f{background:#f9a825}
.below{color:#b00020;font-weight:600}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
.zero{color:#888}
"""


def render_status(rows: Iterable, findings_by_check: Mapping[str, Mapping[str, int]],
                  links: Mapping[tuple[str, str], str], *, title: str = "Translation status",
                  titles: Mapping[str, str] | None = None) -> str:
    """The status page as HTML text.

    :param rows: CatalogStats (locale, document, path, counts, minimum), one per catalog.
    :param findings_by_check: check id → locale → number of open findings ("" for
        project-wide ones such as stale templates).
    :param links: (locale, document) → URL of the built page, relative to the status page.
    :param titles: check id → a one-line description.
    """
    rows = list(rows)
    titles = titles or {}
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
           f"<h1>{escape(title)}</h1>\n"
           "<p>Completeness counts source words. Fuzzy entries (translations awaiting review "
           "after the source changed) are never counted as translated.</p>\n"
           '<p class="legend" aria-hidden="true"><span class="t"></span>translated'
           '<span class="f"></span>fuzzy<span style="background:#e4e4e4"></span>untranslated</p>\n']
    out.append("<table>\n<caption>Completeness by language and document</caption>\n<thead><tr>"
               "<th scope=\"col\">Language</th><th scope=\"col\">Document</th>"
               "<th scope=\"col\">Completeness</th><th scope=\"col\">Translated</th>"
               "<th scope=\"col\">Fuzzy</th><th scope=\"col\">Untranslated</th>"
               "<th scope=\"col\">Minimum</th><th scope=\"col\">Page</th></tr></thead>\n<tbody>\n")
    for row in rows:
        out.append(_row(row, links.get((row.locale, row.document))))
    out.append("</tbody>\n</table>\n")
    out.append(_findings_table(findings_by_check, sorted({r.locale for r in rows}, key=_order(rows)), titles))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _order(rows: list):
    first = {}
    for index, row in enumerate(rows):
        first.setdefault(row.locale, index)
    return lambda locale: first.get(locale, len(first))


@functools.lru_cache(maxsize=256)  # one per row, and rows share a few locales
def _language(locale: str) -> str:
    if not locale:
        return "(unknown)"
    try:
        native, english, direction = native_name(locale), english_name(locale), text_direction(locale)
    except ValueError:
        return f"<code>{escape(locale)}</code>"
    return (f'<bdi lang="{escape(bcp47(locale))}" dir="{direction}">{escape(native)}</bdi> '
            f"({escape(english)}, <code>{escape(locale)}</code>)")


def _row(row, link: str | None) -> str:
    counts = row.counts
    words = counts.words or 1
    translated = 100.0 * counts.translated_words / words if counts.words else 100.0
    fuzzy = 100.0 * counts.fuzzy_words / words if counts.words else 0.0
    below = row.minimum is not None and counts.percent_words < row.minimum
    label = (f"{translated:.1f}% translated, {fuzzy:.1f}% fuzzy, "
             f"{max(0.0, 100 - translated - fuzzy):.1f}% untranslated")
    bar = (f'<div class="bar" role="img" aria-label="{escape(label)}">'
           f'<span class="t" style="width:{translated:.2f}%"></span>'
           f'<span class="f" style="width:{fuzzy:.2f}%"></span></div>')
    minimum = "" if row.minimum is None else f"{row.minimum:g}%"
    page = f'<a href="{escape(link)}">{escape(link)}</a>' if link else "not published"
    percent = f'<span class="{"below" if below else "ok"}">{counts.percent_words:.1f}%</span>'
    return (f"<tr><th scope=\"row\">{_language(row.locale)}</th><td>{escape(row.document)}</td>"
            f"<td>{bar} {percent}</td><td class=\"n\">{counts.translated}</td>"
            f"<td class=\"n\">{counts.fuzzy}</td><td class=\"n\">{counts.untranslated}</td>"
            f"<td class=\"n\">{minimum}</td><td>{page}</td></tr>\n")


def _findings_table(findings: Mapping[str, Mapping[str, int]], locales: list[str],
                    titles: Mapping[str, str]) -> str:
    columns = locales + ([""] if any("" in by for by in findings.values()) else [])
    head = "".join(f'<th scope="col">{escape(c) if c else "project"}</th>' for c in columns)
    out = ["<h2>Open findings by check</h2>\n"]
    if not findings:
        return out[0] + "<p>No open findings.</p>\n"
    out.append(f'<table>\n<thead><tr><th scope="col">Check</th>{head}<th scope="col">Total</th></tr></thead>\n<tbody>\n')
    for check, by_locale in sorted(findings.items()):
        cells = "".join(
            f'<td class="n{"" if by_locale.get(c) else " zero"}">{by_locale.get(c, 0)}</td>' for c in columns)
        description = f"<br><small>{escape(titles[check])}</small>" if check in titles else ""
        out.append(f"<tr><th scope=\"row\"><code>{escape(check)}</code>{description}</th>{cells}"
                   f"<td class=\"n\">{sum(by_locale.values())}</td></tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def status_page(config, published: Iterable[str], *, title: str | None = None,
                jobs: int | None = 1, cache: bool = False) -> str:
    """The status page of a project: checks every configured locale; `published` are the
    locales whose pages the build wrote, linked as ``<bcp47>/<document>.html``.

    `jobs` and `cache` are check_project's: the check a build runs reuses `check`'s cache.
    """
    from .checks import CHECKS
    from .qa import check_project

    report = check_project(config, jobs=jobs, cache=cache)
    published = set(published)
    links = {(row.locale, row.document): f"{bcp47(row.locale)}/{row.document}.html"
             for row in report.catalogs if row.locale in published}
    titles = {c.id: c.title for c in CHECKS}
    titles.update({"completeness": "Locales below their minimum completeness.",
                   "stale": "Templates or catalogs out of date with the source.",
                   "inconsistent": "One source text translated differently across documents."})
    name = title or f"Translation status: {config.project_name}"
    return render_status(report.catalogs, report.findings_by_check(), links, title=name, titles=titles)
