"""`glossary lint|import|export|check`: keep the medical glossary sound and use it on catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import main, project_config
from ..config import Config
from ..errors import GlossaryError, Severity
from ..glossary import generate_csv, lint_glossary, load_glossary, parse_csv, write_tbx
from ..locales import parse_locale
from ..pofiles import read_po
from ..terms import catalog_findings

_GLOSSARY_OPTION = click.option(
    "-g", "--glossary", "glossary_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Glossary file, TBX or CSV (default: 'glossary' in the project configuration).")


def _config(ctx: click.Context) -> Config | None:
    try:
        return project_config(ctx)
    except click.UsageError:
        return None


def _glossary_path(ctx: click.Context, given: Path | None) -> tuple[Path, str]:
    """The glossary to use and the name to show for it."""
    if given is not None:
        return given, str(given)
    config = _config(ctx)
    if config is None or config.glossary is None:
        raise click.UsageError("no glossary configured: pass -g/--glossary FILE.tbx")
    return config.glossary, config.relative(config.glossary)


@main.group(short_help="Lint, import, export the glossary; check catalogs against it.")
def glossary() -> None:
    """The medical glossary (TBX-Basic): terms per language with their status.

    \b
    Examples:
      milialocale glossary lint
      milialocale glossary check locales/fr/LC_MESSAGES/milia-in-babies.po
      milialocale glossary export -o terms.csv
      milialocale glossary import terms.csv -o locales/glossary.tbx
    """


@glossary.command(short_help="Check the glossary itself.")
@_GLOSSARY_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when all is well.")
@click.pass_context
def lint(ctx, glossary_path: Path | None, quiet: bool) -> None:
    """Report glossary problems: a concept without a preferred term in a language, a term
    claimed by two concepts, an invalid language code or regex. Exit 1 on errors.

    \b
    Examples:
      milialocale glossary lint
      milialocale glossary lint -g terms.csv
    """
    path, name = _glossary_path(ctx, glossary_path)
    loaded = load_glossary(path, display=name)
    findings = lint_glossary(loaded)
    for finding in findings:
        click.echo(str(finding), err=True)
    if not quiet and not findings:
        terms = sum(len(c.terms) for c in loaded.concepts)
        click.echo(f"{name}: {len(loaded.concepts)} concepts, {terms} terms, "
                   f"{len(loaded.languages)} languages: no problems")
    if any(f.severity is Severity.ERROR for f in findings):
        sys.exit(1)


@glossary.command("import", short_help="Convert a CSV glossary to TBX.")
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="TBX file to write (default: the configured glossary).")
@click.pass_context
def import_(ctx, csv_file: Path, output: Path | None) -> None:
    """Read CSV_FILE (one row per term: concept_id, language, term, status, part_of_speech,
    note, match_mode, do_not_translate, definition, subject_field, concept_note) and write
    it as TBX-Basic. The file is rewritten only when its content changes.

    \b
    Example:
      milialocale glossary import terms.csv -o locales/glossary.tbx
    """
    if output is None:
        output, _ = _glossary_path(ctx, None)
    try:
        text = csv_file.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError("CSV must be saved as UTF-8") from exc
    changed = write_tbx(output, parse_csv(text, str(csv_file)))
    click.echo(f"{output}: {'wrote' if changed else 'unchanged'}")


@glossary.command(short_help="Write the glossary as CSV.")
@_GLOSSARY_OPTION
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-",
              help="CSV file to write (default: standard output).")
@click.pass_context
def export(ctx, glossary_path: Path | None, output) -> None:
    """Write the glossary as CSV, one row per term, for editing in a spreadsheet;
    `glossary import` reads it back.

    \b
    Example:
      milialocale glossary export -o terms.csv
    """
    path, name = _glossary_path(ctx, glossary_path)
    output.write(generate_csv(load_glossary(path, display=name)))


@glossary.command(short_help="Check translations in PO files against the glossary.")
@click.argument("po_files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_GLOSSARY_OPTION
@click.option("-l", "--locale", help="Target locale (default: each file's Language header).")
@click.option("--source-locale", help="Source locale (default: the project's, or en).")
@click.pass_context
def check(ctx, po_files: tuple[Path, ...], glossary_path: Path | None, locale: str | None,
          source_locale: str | None) -> None:
    """Report translations that miss a concept's preferred or admitted term, use a
    deprecated one, or alter a do-not-translate term. Untranslated and fuzzy entries are
    skipped, and so are entries flagged `#, ignore-glossary`. Exit 1 on findings.

    \b
    Example:
      milialocale glossary check locales/*/LC_MESSAGES/*.po
    """
    path, name = _glossary_path(ctx, glossary_path)
    loaded = load_glossary(path, display=name)
    config = _config(ctx)
    source = source_locale or (config.source_locale if config else "en")
    findings = []
    for po_file in po_files:
        catalog = read_po(po_file, display=str(po_file))
        target = locale or catalog.metadata.get("Language") or _locale_from_path(po_file)
        if not target:
            raise click.UsageError(f"{po_file}: no Language header; pass -l/--locale")
        try:
            parse_locale(target)
        except ValueError:
            raise click.BadParameter(f"unknown locale {target!r}", param_hint="-l/--locale") from None
        if loaded.resolve_language(target) is None:
            click.echo(f"{po_file}: warning: the glossary has no terms in {target}", err=True)
        findings += catalog_findings(loaded, catalog, path=str(po_file), source_locale=source,
                                     target_locale=target)
    for finding in sorted(findings, key=lambda f: f.location):
        click.echo(str(finding), err=True)
    if findings:
        sys.exit(1)


def _locale_from_path(path: Path) -> str | None:
    """`fr` for locales/fr/LC_MESSAGES/doc.po."""
    parts = path.resolve().parts
    return parts[-3] if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" else None
