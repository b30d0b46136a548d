"""`roundtrip`: the self-test a content team runs on a new kind of page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import main, project_config
from ..roundtrip import roundtrip_pages


@main.command(short_help="Check that extract and build keep a page exactly as it is.")
@click.argument("pages", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when all is well.")
@click.pass_context
def roundtrip(ctx, pages: tuple[Path, ...], quiet: bool) -> None:
    """Extract each page, translate every unit by itself, rebuild it and compare.

    The rebuild goes through the same writer and serialization as `build`, so a
    difference is something every language of the page would lose or gain: an element,
    an attribute, a comment or some text. Each is printed as `path:line: message`,
    located in the source page. Run it on a new kind of page before trusting the
    pipeline with it. Without PAGES, every document of the project is checked; PAGES
    may be any HTML files, no project needed.

    \b
    Exit status:
      0  every page rebuilds as it was
      1  a difference, or a page that cannot be read
      2  usage error

    \b
    Examples:
      milialocale roundtrip
      milialocale roundtrip drafts/new-layout.html
    """
    if pages:
        items = [(page, str(page)) for page in pages]
    else:
        config = project_config(ctx)
        items = [(document, config.relative(document)) for document in config.documents()]
    result = roundtrip_pages(items)
    for difference in result.differences:
        click.echo(str(difference), err=True)
    pages_word = "page" if result.pages == 1 else "pages"
    if result.ok:
        if not quiet:
            click.echo(f"{result.pages} {pages_word}, {result.units} units: "
                       "the identity round trip changes nothing", err=True)
        return
    click.echo(f"{result.pages} {pages_word}, {result.units} units: "
               f"{len(result.differences)} differences", err=True)
    sys.exit(1)
