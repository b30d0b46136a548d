"""File output: atomic, and only when the content changes.

A killed process must leave each file either as it was or fully new (temporary file in
the same directory, fsync, rename), and a run that changes nothing must not touch
files, so `git status` stays clean and timestamps do not trigger rebuilds.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import MilialocaleError
from .model import Location

#: while set (see `confined_to`), the only directory tree writes may land in.
_ROOT: contextvars.ContextVar[Path | None] = contextvars.ContextVar("write_root", default=None)


@contextlib.contextmanager
def confined_to(directory: Path) -> Iterator[None]:
    """Refuse, inside this block, any write that would land outside `directory`.

    A repository can hold symbolic links (``site/fr -> ~/.ssh``): the check resolves
    each target's directory, so a write cannot escape through one.
    """
    token = _ROOT.set(directory.resolve())
    try:
        yield
    finally:
        _ROOT.reset(token)


def _check_confined(path: Path) -> None:
    root = _ROOT.get()
    if root is None:
        return
    # The last component is replaced, never written through; its directory must be ours.
    directory = path.parent.resolve()
    if directory != root and root not in directory.parents:
        raise MilialocaleError(f"refusing to write outside {root}: the path leads elsewhere "
                               f"through a symbolic link", Location(str(path)))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never half."""
    _check_confined(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` (UTF-8) atomically unless the file already holds it; True if written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True
