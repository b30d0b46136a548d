"""One writer at a time per directory: `update`, `extract` and `build` lock what they write.

Each file is replaced atomically (fsio.write_atomic), but two runs at once could still
interleave: one merges catalogs the other is rewriting, and the last rename wins with
half the work. The lock is an exclusive ``flock`` on the directory itself, not on a
lock file: nothing is left behind for `git status` to show, and the kernel releases
it when the holder exits, even when it is killed, so a lock can never go stale.

A run killed in the middle of a write leaves a hidden temporary file next to its
target (never a partial target); the next run that takes the lock removes them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import MilialocaleError
from .fsio import confined_to
from .model import Location

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not serialized there
    fcntl = None  # type: ignore[assignment]

#: fsio.write_atomic's temporaries: ".<name>.<8 random characters>.tmp".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
#: descriptors of the locks this process holds.
_HELD: set[int] = set()


def _close_inherited_locks() -> None:
    """In a forked child (a worker process): close our copy of every lock descriptor.

    flock belongs to the open file, which a fork shares: a worker that outlived its
    parent (killed with SIGKILL) would otherwise keep the directory locked.
    """
    for descriptor in _HELD:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_inherited_locks)


class LockedError(MilialocaleError):
    """Another milialocale run holds the lock on a directory we need to write."""


@contextlib.contextmanager
def directory_lock(directory: Path, operation: str, *, display: str | None = None,
                   project: Path | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `directory` (created if missing) while writing into it,
    and refuse writes anywhere else (fsio.confined_to).

    A second run fails at once with LockedError rather than waiting: a translator who
    started `update` twice should be told, not left with a silent second run. With
    `project`, a `directory` that leads outside it (a symbolic link) is refused.
    """
    name = display or str(directory)
    if project is not None:
        resolved, root = directory.resolve(), project.resolve()
        if resolved != root and root not in resolved.parents:
            raise MilialocaleError(f"{name}/ leads outside the project through a symbolic "
                                   f"link; refusing to write there", Location(name))
    directory.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        with confined_to(directory):
            yield
        return
    descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise LockedError(
                    f"another milialocale {operation} is running (it holds the lock on "
                    f"{name}/); run this again when it has finished",
                    Location(name)) from None
            raise
        _HELD.add(descriptor)
        remove_stale_temporaries(directory)
        with confined_to(directory):
            yield
    finally:
        _HELD.discard(descriptor)
        os.close(descriptor)  # closing releases the lock


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Delete temporaries left by a killed run under `directory`; call only under the lock."""
    removed = []
    for path in directory.rglob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed
