"""Project configuration from `milialocale.toml` or `[tool.milialocale]` in pyproject.toml.

Content repositories that are not Python packages use milialocale.toml; both hold the
same keys. Unknown keys and locale codes Babel does not know are errors that name the
file and line, because a typo here would otherwise silently skip a language.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, ReadError
from .locales import bcp47, check_locale, pseudo_locale
from .model import Location

DEFAULT_MIN_COMPLETENESS = 80.0
KEYS = {
    "source_dir", "locales_dir", "output_dir", "source_locale", "locales", "glossary",
    "min_completeness", "checks", "project_name",
}
_DOC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LOCALE_CODE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class Config:
    """A validated project configuration; all paths are absolute."""

    root: Path
    source_dir: Path
    locales_dir: Path
    output_dir: Path
    source_locale: str = "en"
    locales: tuple[str, ...] = ()
    glossary: Path | None = None
    min_completeness: dict[str, float] = field(default_factory=dict)
    checks: dict = field(default_factory=dict)
    project_name: str = ""
    path: str = ""

    def threshold(self, locale: str) -> float:
        """Minimum completeness (percent of source words) for `locale` to be published."""
        return self.min_completeness.get(locale, self.min_completeness.get("default", DEFAULT_MIN_COMPLETENESS))

    def documents(self) -> list[Path]:
        """Source documents, sorted by name; a symbolic link out of the project is refused
        (extract would copy the file it points to into a template).

        One directory scan, as `glob("*.html")` would see it: the entries come with their
        types, so only a symbolic link costs a system call, and a project of thousands of
        pages does not build thousands of Path objects to compare them.
        """
        return [self.source_dir / name for name in self._document_files()]

    def document_names(self) -> list[str]:
        """The stems of `documents` (``Path.stem``: a name less its last suffix, but for
        a dot file), without a Path for each."""
        return [name[:-5] if len(name) > 5 else name for name in self._document_files()]

    def _document_files(self) -> list[str]:
        """The file names of `documents`, checked as it says."""
        try:
            with os.scandir(self.source_dir) as scan:
                entries = sorted((e for e in scan if e.name.endswith(".html") and e.is_file()),
                                 key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:  # unreadable: say so rather than find no documents
            raise ReadError(f"cannot read: {exc.strerror or exc}",
                            Location(self.relative(self.source_dir))) from exc
        folder = _prefix(_resolved(self.source_dir.absolute()))  # str(folder / name) is folder + name
        inside = _prefix(_resolved(self.root.absolute()))
        for entry in entries:
            target = str(Path(entry.path).resolve()) if entry.is_symlink() else folder + entry.name
            if not target.startswith(inside):
                raise ReadError("a symbolic link to a file outside the project; refusing to "
                                "read it", Location((self.source_dir / entry.name).relative_to(self.root).as_posix()))
        return [entry.name for entry in entries]

    def template_path(self, document: str) -> Path:
        return self.locales_dir / f"{validate_document_name(document)}.pot"

    def catalog_path(self, locale: str, document: str) -> Path:
        return (self.locales_dir / validate_locale_code(locale) / "LC_MESSAGES"
                / f"{validate_document_name(document)}.po")

    def relative_in(self, directory: Path, names: list[str]) -> list[str]:
        """`relative` of each ``directory / name``, for files that are no symbolic links,
        at the cost of one resolution of `directory`: such a file resolves to its name
        in the resolved directory (what `_resolved` finds)."""
        base, root = _prefix(_resolved(directory)), _resolved(self.root)
        whole, inside = str(root), _prefix(root)
        shown = []
        for name in names:
            resolved = base + name
            if resolved == whole:
                shown.append(".")
            elif resolved.startswith(inside):
                shown.append(resolved[len(inside):].replace(os.sep, "/"))
            else:
                shown.append(str(directory / name))
        return shown

    def relative(self, path: Path) -> str:
        """`path` as shown in messages and references: relative to the project root."""
        resolved, root = str(_resolved(path)), _resolved(self.root)
        if resolved == str(root):
            return "."
        inside = _prefix(root)
        if not resolved.startswith(inside):
            return str(path)
        return resolved[len(inside):].replace(os.sep, "/")


def _prefix(directory: Path) -> str:
    """What the resolved path of anything inside `directory` (resolved) starts with:
    comparing strings costs a fraction of `Path.relative_to` or `.parents`."""
    text = str(directory)
    return text if text.endswith(os.sep) else text + os.sep


@functools.lru_cache(maxsize=65536)
def _resolved(path: Path) -> Path:
    """`path.resolve()`, once per path and with one system call rather than one per path
    component: a project names thousands of files in a few directories, so the directory
    is resolved once and only the last component is looked at (is it a link?)."""
    name = path.name
    if name in ("", ".", "..") or not path.is_absolute():
        return path.resolve()
    candidate = _resolved(path.parent) / name
    try:
        if stat.S_ISLNK(os.lstat(candidate).st_mode):
            return path.resolve()
    except OSError:
        pass  # missing: resolve() too keeps the name as it is
    return candidate


def find_config(start: Path) -> Path | None:
    """The nearest milialocale.toml, or pyproject.toml with [tool.milialocale], upwards."""
    for directory in [start, *start.parents]:
        candidate = directory / "milialocale.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and re.search(r"^\[tool\.milialocale\]", candidate.read_text("utf-8", "replace"), re.M):
            return candidate
    return None


def load_config(path: Path) -> Config:
    """Read and validate the configuration at `path`."""
    text = path.read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise ConfigError(f"invalid TOML: {exc}", Location(str(path), line)) from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("milialocale", {})
        section = "[tool.milialocale]"
    else:
        section = None

    def where(key: str) -> Location:
        return Location(str(path), _line_of(text, key, section))

    for key in data:
        if key not in KEYS:
            raise ConfigError(f"unknown configuration key {key!r} (known: {', '.join(sorted(KEYS))})", where(key))
    root = path.parent
    locales = data.get("locales", [])
    if not isinstance(locales, list) or not all(isinstance(c, str) for c in locales):
        raise ConfigError("'locales' must be a list of locale codes", where("locales"))
    source_locale = data.get("source_locale", "en")
    for code in [source_locale, *locales]:
        try:
            check_locale(code)
        except ValueError:
            raise ConfigError(f"unknown locale code {code!r} (Babel has no data for it)", where("locales")) from None
        if not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*", code):
            raise ConfigError(f"invalid locale code {code!r}", where("locales"))
        if pseudo_locale(code):
            raise ConfigError(f"{code!r} is a pseudo-locale, made from the source without "
                              f"catalogs: build it with -l {bcp47(code)} rather than configuring it",
                              where("locales"))
    minimum = data.get("min_completeness", DEFAULT_MIN_COMPLETENESS)
    if isinstance(minimum, (int, float)):
        minimum = {"default": float(minimum)}
    elif isinstance(minimum, dict):
        minimum = {k: float(v) for k, v in minimum.items()}
    else:
        raise ConfigError("'min_completeness' must be a number or a table of numbers", where("min_completeness"))
    for key, value in minimum.items():
        if not 0 <= value <= 100:
            raise ConfigError(f"min_completeness for {key!r} must be between 0 and 100", where("min_completeness"))
    directories = {}
    for key, default in (("source_dir", "source"), ("locales_dir", "locales"), ("output_dir", "site")):
        value = data.get(key, default)
        directories[key] = _inside(root, value, key, where)
    glossary = data.get("glossary")
    return Config(
        root=root, **directories, source_locale=source_locale, locales=tuple(locales),
        glossary=_inside(root, glossary, "glossary", where) if glossary else None,
        min_completeness=minimum, checks=data.get("checks", {}),
        project_name=data.get("project_name", root.resolve().name), path=str(path),
    )


def _inside(root: Path, value, key: str, where: Callable[[str], Location]) -> Path:
    """Resolve a configured path, refusing anything outside the project; `where(key)`
    locates the error (it reads the file again: only when there is one)."""
    if not isinstance(value, str) or not value:
        raise ConfigError(f"'{key}' must be a path", where(key))
    candidate = Path(value)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise ConfigError(f"'{key}' must be a relative path inside the project, not {value!r}", where(key))
    resolved, resolved_root = (root / candidate).resolve(), root.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise ConfigError(f"'{key}' points outside the project (through a symbolic link?)", where(key))
    return root / candidate


def validate_locale_code(code: str) -> str:
    """`code` when it is a plain locale code (fr, pt_BR, zh-Hans): safe as a directory name.

    >>> validate_locale_code("pt_BR")
    'pt_BR'
    """
    if not isinstance(code, str) or not _LOCALE_CODE.fullmatch(code):
        raise ConfigError(f"invalid locale code {code!r}")
    return code


def validate_document_name(name: str) -> str:
    if not _DOC_NAME.match(name):
        raise ConfigError(f"invalid document name {name!r}")
    return name


def _line_of(text: str, key: str, section: str | None) -> int:
    lines = text.splitlines()
    start = 0
    if section:
        for number, line in enumerate(lines):
            if line.strip() == section:
                start = number
                break
    for number in range(start, len(lines)):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[number]):
            return number + 1
    return start + 1 if section else 0
