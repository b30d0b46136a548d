"""`build`: localized HTML and plain-text pages from the catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import FORMATS, BuildOptions, build_file, plan_build, run_build
from ..cli import jobs_option, main, project_config, report_changes
from ..locales import parse_locale

#: a progress bar is worth showing from this many pages on.
PROGRESS_FROM = 4


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), "
                                 f"not {value!r}")
    return formats


def _check_locales(codes: tuple[str, ...]) -> None:
    for code in codes:
        try:
            parse_locale(code)
        except ValueError:
            raise click.BadParameter(f"unknown locale {code!r}", param_hint="-l/--locale") from None


@main.command(short_help="Build localized HTML and text pages from the catalogs.")
@click.argument("page", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--po", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="File mode: the catalog that translates PAGE.")
@click.option("-l", "--locale", "locales", multiple=True,
              help="Only this locale (repeatable). In file mode: the page's locale, if the "
                   "catalog's Language header does not say.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output directory (default: the configured output_dir). In file mode: "
                   "the page to write, OUT.html or OUT.txt.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              callback=_formats, help="Outputs to write, comma-separated.")
@click.option("--use-fuzzy", is_flag=True, help="Publish fuzzy translations too (not recommended).")
@click.option("--force", is_flag=True, help="Build locales below their minimum completeness.")
@click.option("--wrap", type=click.IntRange(min=20), metavar="N",
              help="Wrap plain text to N columns (East Asian wide characters count as two).")
@click.option("--strict", is_flag=True,
              help="Exit 1 if any translation was rejected or any locale held back.")
@click.option("-q", "--quiet", is_flag=True, help="Do not list the files written.")
@jobs_option
@click.option("--no-cache", is_flag=True,
              help="Rebuild every page, even those whose source, catalog and options are "
                   "unchanged since the last build (.milialocale-cache/).")
@click.pass_context
def build(ctx, page: Path | None, po: Path | None, locales: tuple[str, ...], output: Path | None,
          formats: tuple[str, ...], use_fuzzy: bool, force: bool, wrap: int | None, strict: bool,
          quiet: bool, jobs: int | None, no_cache: bool) -> None:
    """Write <output>/<lang>/<doc>.html and .txt for every locale, and <output>/index.html.

    Each unit is replaced by its translation; everything else stays as in the source.
    Untranslated, fuzzy and rejected translations (placeholders that do not match the
    source) fall back to the source text, marked with its language. A locale below its
    minimum completeness (min_completeness, default 80% of source words) is not built
    and an existing page of it is left alone; --force builds it anyway.

    The pseudo-locales en-XA (accented, 35% longer, bracketed) and ar-XB (right to
    left) need no catalog: they are made from the source, so that layout problems and
    text the segmentation missed show before any translation exists.

    A page whose source, catalog, glossary and options have not changed since the last
    build, and whose output files are as that build left them, is not rebuilt; the
    records are in .milialocale-cache/build.json, and --no-cache rebuilds everything.

    In file mode, as po2html, translate one PAGE with one catalog, without a project.

    \b
    Exit status:
      0  the pages were built (configured locales held back are reported on stderr)
      1  a locale named with -l (or, in file mode, the page) was held back;
         with --strict, any rejected translation or held-back locale; bad input
      2  usage error

    \b
    Examples:
      milialocale build
      milialocale build -l es -l pt_BR --format html
      milialocale build --wrap 72 -o public
      milialocale build page.html --po es.po -o page.es.html
      milialocale build -l en-XA -l ar-XB          # pseudo-localized pages
    """
    _check_locales(locales)
    if page is not None:
        result = _file_mode(page, po, locales, output, formats, use_fuzzy, force, wrap)
        failed = bool(result.skipped)
    else:
        if po is not None:
            raise click.UsageError("--po is for file mode: name the PAGE it translates")
        options = BuildOptions(locales=locales, formats=formats, output_dir=output,
                               use_fuzzy=use_fuzzy, force=force, wrap=wrap, jobs=jobs,
                               cache=not no_cache)
        plan = plan_build(project_config(ctx), options)
        if _interactive() and len(plan.jobs) >= PROGRESS_FROM:
            with click.progressbar(length=len(plan.jobs), label="Building", file=sys.stderr,
                                   item_show_func=lambda job: job and f"{job.locale} {job.document.stem}") as bar:
                result = run_build(plan, progress=lambda job: bar.update(1, job))
        else:
            result = run_build(plan)
        failed = any(skip.locale in locales for skip in result.skipped)
    for finding in result.findings:
        click.echo(str(finding), err=True)
    for skip in result.skipped:
        click.echo(str(skip), err=True)
    report_changes(result.changes, check=False, quiet=quiet)
    if failed or (strict and (result.findings or result.skipped)):
        sys.exit(1)


def _interactive() -> bool:
    """A person is watching stderr: worth a progress bar (never in pipes, logs or CI)."""
    return sys.stderr.isatty()


def _file_mode(page, po, locales, output, formats, use_fuzzy, force, wrap):
    if output is None:
        raise click.UsageError("file mode needs -o/--output OUT.html or OUT.txt")
    if len(locales) > 1:
        raise click.UsageError("file mode builds one locale: give -l/--locale once")
    suffix = output.suffix.lower()
    fmt = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt"}.get(suffix)
    if fmt is None and len(formats) == 1:
        fmt = formats[0]
    if fmt is None:
        raise click.UsageError("cannot tell the output format from -o; name OUT.html or OUT.txt, "
                               "or pass --format html or --format txt")
    return build_file(page, output, po=po, locale=locales[0] if locales else None, fmt=fmt,
                      use_fuzzy=use_fuzzy, force=force, wrap=wrap)
