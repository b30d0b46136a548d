"""File output: atomic, and only when the content changes.

A killed process must leave each file either as it was or fully new (temporary file in
the same directory, fsync, rename), and a run that changes nothing must not touch
files, so `git status` stays clean and timestamps do not trigger rebuilds.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import random
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
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
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


def write_many(files: list[tuple[Path, bytes]]) -> None:
    """Replace several files, each atomically, with one flush to disk for all of them.

    `write_atomic` flushes every file (fsync), which costs milliseconds apiece: most of
    the time of a build that writes thousands of pages. Here every temporary file is
    written first, the file systems are flushed once, and only then are the files
    renamed into place; each target is still either old or fully new, also after a
    power cut.
    """
    if len(files) <= 1:
        for path, data in files:
            write_atomic(path, data)
        return
    pending: list[tuple[str, str]] = []
    devices: dict[int, str] = {}  # one temporary file per file system, for the flush
    ready: set[str] = set()  # directories checked and made in this batch
    try:
        for path, data in files:
            target = os.fspath(path)
            directory, name = os.path.split(target)
            directory = directory or os.curdir
            if directory not in ready:  # the check and mkdir depend on the directory only
                _check_confined(Path(target))
                os.makedirs(directory, exist_ok=True)
                ready.add(directory)
                device = os.stat(directory).st_dev  # a file is on its directory's device
            else:
                device = None
            fd, temporary = _create_temporary(directory, name)
            pending.append((temporary, target))
            try:
                try:
                    mode = os.stat(target).st_mode & 0o7777
                except FileNotFoundError:
                    mode = 0o644
                os.fchmod(fd, mode)
                _write_all(fd, data)
            finally:
                os.close(fd)
            if device is not None:
                devices.setdefault(device, temporary)
        _flush([temporary for temporary, _ in pending], devices)
        for done, (temporary, path) in enumerate(pending):
            os.replace(temporary, path)
            pending[done] = ("", path)
    finally:
        for temporary, _ in pending:
            if temporary:
                try:
                    os.unlink(temporary)
                except FileNotFoundError:
                    pass


#: what `open` needs to make a new file, and only that (no reading, no inheriting).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _create_temporary(directory: str, name: str) -> tuple[int, str]:
    """A new file for `name`'s next content in `directory`: (descriptor, path).

    What tempfile.mkstemp makes (mode 0600, a name no other file has: O_EXCL), named as
    it would (".<name>.<8 characters>.tmp", which the lock removes after a killed run),
    for a fraction of its cost: the name is not joined and normalized through os.path,
    and its random part is drawn at once rather than a character at a time."""
    while True:
        temporary = f"{directory}/.{name}.{random.getrandbits(32):08x}.tmp"
        try:
            return os.open(temporary, _CREATE, 0o600), temporary
        except FileExistsError:
            continue  # (one chance in four billion per file already there)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class WriteBatch:
    """Files to write with `write_many`, `size` at a time: one flush to disk per batch,
    and memory bounded however many thousand pages a run writes. Call `flush` last."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.files: list[tuple[Path, bytes]] = []

    def add(self, path: Path, data: bytes) -> None:
        self.files.append((path, data))
        if len(self.files) >= self.size:
            self.flush()

    def flush(self) -> None:
        files, self.files = self.files, []
        write_many(files)


def _flush(paths: list[str], devices: dict[int, str] | None = None) -> None:
    """Make the contents of `paths` durable: one syncfs per file system where the C
    library has it, else an fsync per file. `devices` (device → one of the paths on
    it) saves a stat per path when the caller knows them."""
    syncfs = _syncfs()
    if syncfs is not None:
        if devices is None:
            devices = {}
            for path in paths:
                devices.setdefault(os.stat(path).st_dev, path)
        for path in devices.values():
            fd = os.open(path, os.O_RDONLY)
            try:
                if syncfs(fd) == 0:
                    continue
            finally:
                os.close(fd)
            break  # syncfs failed: fall back to fsync below
        else:
            return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@functools.cache
def _syncfs():
    """The C library's syncfs, or None (looked up once: loading it is not free)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


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
