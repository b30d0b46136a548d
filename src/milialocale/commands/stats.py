"""`stats`: the completeness figures. Kept apart from `check` so that counting loads
neither the checks nor the glossary matcher."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import PO_FILES, configured_locales, jobs_option, main, project_config
from ..stats import CatalogStats, Counts, file_stats, project_stats, stats_record, total_counts


@main.command(short_help="Show completeness per locale and document.")
@click.argument("files", nargs=-1, type=PO_FILES)
@click.option("-l", "--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@jobs_option
@click.option("--no-cache", is_flag=True,
              help="Count every catalog, even those counted before with the same bytes "
                   "(.milialocale-cache/).")
@click.pass_context
def stats(ctx, files: tuple[Path, ...], locales: tuple[str, ...], fmt: str, jobs: int | None,
          no_cache: bool) -> None:
    """Count translated, fuzzy, untranslated and obsolete entries and source words.

    Percentages are given by source words and by entries; fuzzy entries are never
    counted as translated. In file mode, count any PO files: the translated, fuzzy and
    untranslated figures equal those of `msgfmt --statistics`.

    \b
    Examples:
      milialocale stats
      milialocale stats -l ar --format json
      milialocale stats locales/fr/LC_MESSAGES/*.po
    """
    if files:
        if locales:
            raise click.UsageError("-l/--locale is for project mode; in file mode name the PO files")
        rows = file_stats(list(files))
    else:
        config = project_config(ctx)
        rows = project_stats(config, configured_locales(config, locales), jobs=jobs, cache=not no_cache)
    if fmt == "json":
        import json

        records = [stats_record(r.locale, r.document, r.path, r.counts, r.minimum) for r in rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        click.echo(stats_table(rows, files=bool(files)), nl=False)


def stats_table(rows: list[CatalogStats], *, files: bool = False) -> str:
    """A plain-text table, with a total line for each locale holding several documents."""
    header = ["locale", "file" if files else "document", "translated", "fuzzy", "untranslated",
              "obsolete", "words", "% words", "% entries"]
    table = [header]

    def line(locale: str, name: str, c: Counts) -> list[str]:
        return [locale or "-", name, str(c.translated), str(c.fuzzy), str(c.untranslated),
                str(c.obsolete), str(c.words), f"{c.percent_words:.1f}", f"{c.percent_entries:.1f}"]

    by_locale: dict[str, list[CatalogStats]] = {}
    for row in rows:
        by_locale.setdefault(row.locale, []).append(row)
    for locale, group in by_locale.items():
        table += [line(locale, r.path if files else r.document, r.counts) for r in group]
        if len(group) > 1 and not files:
            table.append(line(locale, "(total)", total_counts([r.counts for r in group])))
    # Each line in one call to str.format: "{:<9}" pads as ljust(9) and "{:>9}" as rjust(9).
    widths = [max(map(len, column)) for column in zip(*table)]
    template = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    return "".join(template.format(*row).rstrip() + "\n" for row in table)
