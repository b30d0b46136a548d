"""`extract`, `init` and `update`: keep templates and catalogs in step with the source."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import jobs_option, main, project_config, report_changes
from ..config import ConfigError
from ..locales import parse_locale, pseudo_locale
from ..project import extract_files, extract_project, update_project


def _locales(config, requested: tuple[str, ...]) -> tuple[str, ...]:
    for code in requested:
        try:
            parse_locale(code)
        except ValueError:
            raise click.BadParameter(f"unknown locale {code!r}", param_hint="-l/--locale") from None
        if pseudo_locale(code):
            raise click.BadParameter(f"{code!r} is a pseudo-locale and needs no catalog "
                                     f"(milialocale build -l {code} makes its pages)")
    return requested or config.locales


@main.command(short_help="Extract translatable units into templates (.pot).")
@click.argument("pages", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File mode: the template to write for PAGES.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a template is stale.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when all is well.")
@jobs_option
@click.option("--no-cache", is_flag=True,
              help="Extract every document, even those whose page and template are unchanged "
                   "since the last extract (.milialocale-cache/).")
@click.pass_context
def extract(ctx, pages: tuple[Path, ...], output: Path | None, check: bool, quiet: bool,
            jobs: int | None, no_cache: bool) -> None:
    """Extract the translatable units of every source document into locales/<doc>.pot.

    A document whose page and template are byte for byte as the last extract left
    them is skipped (.milialocale-cache/extract.json); --no-cache extracts everything.

    In file mode, extract any HTML pages into one template without a project.

    \b
    Examples:
      milialocale extract
      milialocale extract --check          # in CI: fail if templates are stale
      milialocale extract page.html other.html -o pages.pot
    """
    if pages:
        if output is None:
            raise click.UsageError("file mode needs -o/--output OUT.pot")
        changes = extract_files(list(pages), output, check=check)
    else:
        if output is not None:
            raise click.UsageError("-o/--output is for file mode: name the pages to extract")
        changes = extract_project(project_config(ctx), check=check, jobs=jobs, cache=not no_cache)
    report_changes(changes, check=check, quiet=quiet)


@main.command(short_help="Create the catalogs of a new locale.")
@click.argument("locale")
@click.pass_context
def init(ctx, locale: str) -> None:
    """Create locales/LOCALE/LC_MESSAGES/<doc>.po for every template.

    Existing catalogs are left alone (use `update` to merge them).

    \b
    Example:
      milialocale init it
    """
    config = project_config(ctx)
    (code,) = _locales(config, (locale,))
    changes = [c for c in update_project(config, (code,)) if c.created]
    report_changes(changes, check=False)
    if code not in config.locales:
        click.echo(f"note: add {code!r} to 'locales' in {Path(config.path).name} to build it", err=True)


@main.command(short_help="Merge templates into every catalog, keeping all translations.")
@click.option("-l", "--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a catalog is stale.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when all is well.")
@jobs_option
@click.pass_context
def update(ctx, locales: tuple[str, ...], check: bool, quiet: bool, jobs: int | None) -> None:
    """Merge each template into the catalogs of every configured locale.

    Changed units keep their old translation marked fuzzy with the previous source text;
    removed units become obsolete and come back when their text returns.

    \b
    Examples:
      milialocale update
      milialocale update -l fr -l de
      milialocale update --check           # in CI
    """
    config = project_config(ctx)
    changes = update_project(config, _locales(config, locales), check=check, jobs=jobs, cache=True)
    report_changes(changes, check=check, quiet=quiet)
