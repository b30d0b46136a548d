"""`check`: the CI gate."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..checks import Settings
from ..cli import PO_FILES, configured_locales, jobs_option, main, project_config
from ..locales import pseudo_locale
from ..qa import check_files, check_project
from ..reports import FORMATS, render


def _emit(text: str, output: Path | None, *, err: bool) -> None:
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, "utf-8")
    else:
        click.echo(text, nl=False, err=err)


@main.command(short_help="Check translations; exit 1 if they may not ship.")
@click.argument("files", nargs=-1, type=PO_FILES)
@click.option("-l", "--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of the terminal.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--fuzzy", "include_fuzzy", is_flag=True, help="Also check fuzzy entries.")
@click.option("--glossary", type=PO_FILES, help="File mode: a TBX or CSV glossary for term checks.")
@click.option("--source-locale", default="en", show_default=True, help="File mode: the language of the msgids.")
@jobs_option
@click.option("--no-cache", is_flag=True,
              help="Check every catalog, even those whose inputs are unchanged since the last "
                   "check (.milialocale-cache/).")
@click.pass_context
def check(ctx, files: tuple[Path, ...], locales: tuple[str, ...], fmt: str, output: Path | None,
          strict: bool, include_fuzzy: bool, glossary: Path | None, source_locale: str,
          jobs: int | None, no_cache: bool) -> None:
    """Run every translation check over the catalogs of every configured locale.

    Exit status: 0 when clean; 1 when a finding is an error, a locale is under its
    minimum completeness, or a template or catalog is stale (run extract/update);
    2 for usage or configuration errors. Fuzzy and untranslated entries are counted,
    never as translated, and only fail the run through the completeness minimum.

    A translator silences one check on one entry with a flag such as
    `#, ignore-numbers`; the project's `checks = {disable = [...], severity = {...}}`
    setting disables a check or changes its severity.

    A catalog whose inputs (catalog, template, source page, glossary, settings) are
    unchanged since the last check is not checked again: its findings come from
    .milialocale-cache/check.json. --no-cache checks everything.

    In file mode, check any PO files without a project.

    \b
    Examples:
      milialocale check
      milialocale check -l fr --strict
      milialocale check --format junit -o qa-report.xml
      milialocale check --format github            # annotations in GitHub Actions
      milialocale check fr.po de.po --glossary terms.tbx
      milialocale check -l en-XA -l ar-XB         # pseudo-locales: expect no error
    """
    if files:
        if locales:
            raise click.UsageError("-l/--locale is for project mode; in file mode name the PO files")
        report = check_files(list(files), glossary_path=glossary, source_locale=source_locale,
                             settings=Settings(strict=strict), include_fuzzy=include_fuzzy)
    else:
        if glossary is not None:
            raise click.UsageError("--glossary is for file mode; a project names its glossary in its configuration")
        config = project_config(ctx)
        pseudo = tuple(c for c in locales if pseudo_locale(c))
        if pseudo and len(pseudo) < len(locales):
            raise click.UsageError("check the pseudo-locales (en-XA, ar-XB) in a run of their own")
        if pseudo:
            from ..pseudo import check_pseudo  # here: only pseudo-locale runs load the pseudo-translator

            report = check_pseudo(config, pseudo, strict=strict)
        else:
            report = check_project(config, configured_locales(config, locales), strict=strict,
                                   include_fuzzy=include_fuzzy, jobs=jobs, cache=not no_cache)
    stream = sys.stderr if fmt == "text" else sys.stdout
    colour = (fmt == "text" and output is None and "NO_COLOR" not in os.environ
              and hasattr(stream, "isatty") and stream.isatty())
    _emit(render(report, fmt, colour=colour), output, err=fmt == "text")
    ctx.exit(0 if report.ok else 1)
