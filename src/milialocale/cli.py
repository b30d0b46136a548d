"""The `milialocale` command line: a thin layer over the library.

Each command parses options, calls one library function, reports, and exits:
0 clean, 1 findings or bad input, 2 usage errors (click's own). A MilialocaleError
anywhere becomes one `path:line: message` line on stderr, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import ConfigError, MilialocaleError

if TYPE_CHECKING:  # loaded by the commands that read a project (`--version` needs no TOML)
    from .config import Config


#: command -> the module under milialocale.commands that defines it. A command's module
#: (and the library behind it) is imported only when that command runs: `stats` need not
#: load lxml, the glossary matcher or the checks, which saves a third of its start-up.
_COMMAND_MODULES = {
    "build": "build", "check": "qa", "extract": "catalogs", "glossary": "glossary",
    "init": "catalogs", "roundtrip": "roundtrip", "stats": "stats", "update": "catalogs",
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(_COMMAND_MODULES))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _COMMAND_MODULES:
            importlib.import_module(f"{__package__}.commands.{_COMMAND_MODULES[name]}")
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"{exc}", err=True)
            ctx.exit(2)
        except MilialocaleError as exc:
            click.echo(f"{exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="milialocale")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Project configuration (default: the nearest milialocale.toml or pyproject.toml).")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """Localize health articles: extract, translate, check and build.

    \b
    Example:
      milialocale extract && milialocale update && milialocale build
    """
    ctx.obj = {"config_path": config_path}


def run(command: click.Command = main) -> None:
    """Run `command` as this process's program, then end the process without the
    interpreter's teardown.

    Freeing every module and object at exit costs each command 15 to 20 ms (CPU, on the
    benchmark machine), which no command needs: files are closed by `with` blocks or by
    click as the command ends, and what is left to do at exit is done here as Python
    would do it, atexit functions then the standard streams. Anything unusual takes
    the ordinary way out: an error other than an exit, an exit with a message, a thread
    still running, a stream that cannot be flushed (a closed pipe, which Python reports),
    a profiler or tracer (``python -m cProfile``, coverage) that reports at exit.
    """
    try:
        command.main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if (not isinstance(code, int) or _other_threads()
                or sys.getprofile() is not None or sys.gettrace() is not None):
            raise
        import atexit

        atexit._run_exitfuncs()  # (and forgets them: Python's exit would not run them again)
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):
            raise exc from None
        os._exit(code)


def _other_threads() -> bool:
    """Whether a thread other than this one, not a daemon, is still running (Python's
    exit would wait for it)."""
    threading = sys.modules.get("threading")
    return threading is not None and any(
        thread is not threading.main_thread() and not thread.daemon for thread in threading.enumerate())


def project_config(ctx: click.Context) -> Config:
    """The project configuration, loaded once per invocation."""
    obj = ctx.find_root().obj
    if "config" not in obj:
        from .config import find_config, load_config

        path = obj.get("config_path") or find_config(Path.cwd())
        if path is None:
            raise click.UsageError("no milialocale.toml or pyproject.toml with [tool.milialocale] "
                                   "found here or above; pass --config or use file mode")
        obj["config"] = load_config(path)
    return obj["config"]


def report_changes(changes, *, check: bool, quiet: bool = False) -> None:
    """Print one line per changed file; in check mode, fail if anything is stale."""
    verb = "would write" if check else "wrote"
    for change in changes:
        if not quiet or check:
            click.echo(f"{change.path}: {verb}" + (" (new)" if change.created else ""), err=check)
    if check and changes:
        sys.exit(1)


def configured_locales(config: Config, requested: tuple[str, ...]) -> tuple[str, ...]:
    """`requested` (-l/--locale values), each checked against the configured locales."""
    for code in requested:
        if code not in config.locales:
            raise click.BadParameter(f"{code!r} is not a configured locale "
                                     f"(configured: {', '.join(config.locales)})", param_hint="-l/--locale")
    return requested


#: a PO file named on the command line (file mode)
PO_FILES = click.Path(path_type=Path, dir_okay=False, exists=True)


def jobs_option(function):
    """`-j/--jobs N`: how many processes share the (document, locale) work."""
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), metavar="N",
        help="Run N jobs at once in separate processes (default: the number of CPUs; "
             "1 runs everything in this process). The output is the same for any N.")(function)

