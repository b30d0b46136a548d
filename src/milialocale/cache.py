"""Remember what a run computed from which inputs, so the next run skips unchanged work.

`build` and `check` record, per (document, locale), a digest of everything the result
depends on: the bytes of the source page, catalog, template and glossary, the options,
the configuration and the code (`code_version`). When the digest matches and the outputs
still hold the bytes recorded, the work is skipped. `extract` records which page and
template bytes it left in step, `stats` the counts of each catalog's bytes, and
`update` a digest of each catalog as it wrote it. Content hashes rather than
timestamps, so a `git checkout` that touches files without changing them costs
nothing, and a same-second edit is never missed.

The cache lives in ``.milialocale-cache/<name>.json`` at the project root (ignored by
git); deleting it, or passing ``--no-cache``, rebuilds everything. A damaged file is
ignored, never an error: the cache can only save work, not change results.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .parallel import run_jobs

if TYPE_CHECKING:
    from .errors import Finding

try:  # what hashlib.blake2b is (hashlib never takes BLAKE2 from OpenSSL), without the
    from _blake2 import blake2b  # 5 ms of loading OpenSSL that importing hashlib costs
except ImportError:  # another Python implementation
    from hashlib import blake2b

DIRECTORY = ".milialocale-cache"
#: bumped when the layout of a cache file changes.
FORMAT = 1


def digest(*parts: bytes | str | None) -> str:
    """A short hex digest of `parts`; None and b"" differ, and so do ("ab",) and ("a","b")."""
    h = blake2b(digest_size=16)
    for part in parts:
        if part is None:
            h.update(b"\x00N")
            continue
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path | str) -> str | None:
    """The digest of a file's bytes, or None when it cannot be read.

    A build digests each page and catalog for its plan, its pages and its status page
    (which runs `check`'s project walk): the digest of a settled file is remembered for
    the rest of the process, keyed by the file's device, inode, size and times. Any
    change to a file sets its ctime to the present, which nothing can set back, so a
    changed file has a new key; a file changed less than `SETTLING_NS` ago (its next
    change could fall within the same tick of the clock) is read every time.
    """
    name = os.fspath(path)
    try:
        known = _DIGESTS.get(name)
        if known is not None and known[0] == _identity(os.stat(name)):
            return known[1]
        with open(name, "rb") as file:
            identity = _identity(os.fstat(file.fileno()))
            value = digest(file.read())
    except OSError:
        return None
    if time.time_ns() - max(identity[3], identity[4]) >= SETTLING_NS:
        if len(_DIGESTS) >= _DIGESTS_KEPT:
            _DIGESTS.clear()  # (a long-lived process, as a test run, keeps memory flat)
        _DIGESTS[name] = (identity, value)
    return value


#: file name → (identity, digest): see `file_digest`.
_DIGESTS: dict[str, tuple[tuple[int, ...], str]] = {}
_DIGESTS_KEPT = 65536


def _identity(info: os.stat_result) -> tuple[int, ...]:
    """What tells one content of a file from another without reading it (see file_digest)."""
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code behind every result: milialocale's version and the contents
    of its source files, the Python version (its Unicode tables) and the installed
    versions of the libraries whose output we keep (lxml parses the pages, Babel writes
    dates and plural rules, Snowball stems glossary terms). Results computed by other
    code are never reused; a fresh install of the same code (new timestamps, as in CI)
    keeps the cache."""
    return _code_version(os.path.dirname(os.path.realpath(__file__)))


#: a source file changed less than this long ago (ns) may change again within the same
#: tick of the file system's clock, unseen by its times: its digest is not remembered.
SETTLING_NS = 2_000_000_000


def _code_version(package: str) -> str:
    """`code_version` of the sources under `package`.

    Reading and digesting them costs every command 7 ms, so their digest is remembered
    in ``__pycache__/code-<key>`` beside them (as Python keeps its bytecode there), the
    key a digest of the other parts and of each file's name, size, inode and times: a
    run that finds it reads no source. Any write to a file sets its ctime to the
    current time, which no tool can set back, so a changed file changes the key; a
    change within one tick of the clock is excluded by `SETTLING_NS`. Where nothing can
    be written (a read-only installation), or nothing should be (``python -B``,
    ``PYTHONDONTWRITEBYTECODE``, as for bytecode), the sources are read each time.
    """
    parts = [__version__, str(FORMAT), sys.version, *_library_versions()]
    names = _source_files(package)
    key, settled = _sources_key(package, names, parts)
    memo = os.path.join(package, "__pycache__", f"code-{key}")
    try:
        with open(memo, encoding="ascii") as file:
            remembered = file.read()
        if len(remembered) == 32:
            return remembered
    except (OSError, ValueError):
        pass
    for name in names:
        try:
            with open(os.path.join(package, *name), "rb") as file:
                parts += ["/".join(name), file.read()]
        except OSError:
            continue
    version = digest(*parts)
    if settled and not sys.dont_write_bytecode:  # (-B: no writes beside the sources)
        _remember(memo, version)
    return version


def _sources_key(package: str, names: list[tuple[str, ...]], parts: list) -> tuple[str, bool]:
    """A digest of `parts` and of the name, size, inode and times of each file, and
    whether every file has settled (see `SETTLING_NS`)."""
    import time

    now = time.time_ns()
    fields = list(parts)
    settled = True
    for name in names:
        try:
            info = os.stat(os.path.join(package, *name))
        except OSError:
            fields.append("/".join(name))
            continue
        fields.append(f"{'/'.join(name)} {info.st_size} {info.st_dev} {info.st_ino} "
                      f"{info.st_mtime_ns} {info.st_ctime_ns}")
        # (a time ahead of this clock is as unsettled as a recent one)
        settled = settled and now - max(info.st_mtime_ns, info.st_ctime_ns) >= SETTLING_NS
    return digest(*fields), settled


def _remember(memo: str, version: str) -> None:
    """Write `version` at `memo` atomically, in place of any earlier memo; keep none
    where the directory cannot be written."""
    folder = os.path.dirname(memo)
    temporary = f"{memo}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(temporary, "w", encoding="ascii") as file:
            file.write(version)
        os.replace(temporary, memo)
        for name in os.listdir(folder):
            if name.startswith("code-") and name != os.path.basename(memo) and not name.endswith(".tmp"):
                os.unlink(os.path.join(folder, name))
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _source_files(package: str) -> list[tuple[str, ...]]:
    """The path parts, under `package`, of its ``*.py`` files, sorted as the parts of
    ``sorted(Path(package).rglob("*.py"))`` (the 2 ms of pathlib's walk cost 0.5 here)."""
    found = []
    for folder, _, files in os.walk(package):
        relative = os.path.relpath(folder, package)
        prefix = () if relative == os.curdir else tuple(relative.split(os.sep))
        found += [(*prefix, name) for name in files if name.endswith(".py")]
    return sorted(found)


_LIBRARIES = ("lxml", "babel", "snowballstemmer", "polib")


def _library_versions() -> list[str]:
    """The dist-info directory names (name-version) of `_LIBRARIES`, found beside each
    package: importlib.metadata would take 40 ms of every command's start-up, this 2."""
    found = []
    listings: dict[str, list[str]] = {}
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            found.append(f"{name}: absent")
            continue
        origin = Path(spec.origin).parent
        site = str(origin.parent if spec.submodule_search_locations is not None else origin)
        if site not in listings:
            try:
                listings[site] = sorted(os.listdir(site))
            except OSError:
                listings[site] = []
        prefix = name.lower() + "-"
        found += [entry for entry in listings[site]
                  if entry.lower().startswith(prefix) and entry.endswith((".dist-info", ".egg-info"))]
    return found


class Cache:
    """The records of one kind of work (``build``, ``check``): key -> (inputs, value).

    A disabled cache (`path` None) finds nothing and saves nothing.
    """

    def __init__(self, path: Path | None, *, root: Path | None = None) -> None:
        self.path = path
        self.root = root
        self._records: dict[str, list] = {}
        self._changed = False
        if path is not None:
            import json  # here, as below: a disabled cache (`--no-cache`) reads and writes no JSON

            try:
                data = json.loads(path.read_bytes())
                if data.get("format") == FORMAT and data.get("code") == code_version():
                    self._records = dict(data["records"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._records = {}  # missing or damaged: start afresh

    @classmethod
    def open(cls, root: Path, name: str, *, enabled: bool = True) -> Cache:
        """The cache `name` of the project at `root` (disabled: finds nothing, saves nothing)."""
        return cls(root / DIRECTORY / f"{name}.json" if enabled else None, root=root)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def recorded(self, key: str) -> bool:
        """Whether `key` has a record: when not, its inputs need no digest to look it up."""
        return key in self._records

    def get(self, key: str, inputs: str) -> Any:
        """The value recorded for `key` with these `inputs`, or None."""
        record = self._records.get(key)
        if record is not None and record[0] == inputs:
            return record[1]
        return None

    def put(self, key: str, inputs: str, value: Any) -> None:
        if self.path is None:
            return
        record = [inputs, value]
        if self._records.get(key) != record:
            self._records[key] = record
            self._changed = True

    def forget(self, key: str) -> None:
        if self._records.pop(key, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the records (atomically) if anything changed."""
        if self.path is None or not self._changed:
            return
        directory = self.path.parent
        if self.root is not None:
            # A planted symbolic link must not turn the cache into a write elsewhere.
            root, resolved = self.root.resolve(), directory.resolve()
            if root not in resolved.parents:
                return
        import json

        from .fsio import confined_to, write_atomic  # here: a run that saves nothing needs no writer

        data = {"format": FORMAT, "code": code_version(), "records": self._records}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        try:
            with confined_to(directory):  # may run inside a lock confined to another directory
                write_atomic(self.path, text.encode("utf-8"))
        except OSError:
            return  # a read-only checkout: the cache only saves work, the results stand
        self._changed = False


def run_cached(cache: Cache, function: Callable[[Any, Any], Any], work: list[tuple[str, str, Any]], *,
               jobs: int | None, shared: Callable[[], Any]) -> list:
    """The record of each (key, inputs, item) of `work`: from the cache when its inputs
    are unchanged, else ``function(shared(), item)`` over `jobs` processes.

    `shared` is called only when something must be computed (it may load a glossary).
    Records must be JSON data; fresh ones go through JSON too, so that a record means
    the same whether it was just computed or read back.
    """
    import json

    records = [cache.get(key, inputs) for key, inputs, _ in work]
    missing = [index for index, record in enumerate(records) if record is None]
    if missing:
        results = run_jobs(function, [work[index][2] for index in missing], jobs=jobs, shared=shared())
        for index, record in zip(missing, results):
            records[index] = json.loads(json.dumps(record))
            cache.put(work[index][0], work[index][1], records[index])
    return records


def finding_record(finding: Finding) -> list:
    """A Finding as JSON data (see `record_finding`)."""
    return [finding.location.path, finding.location.line, finding.severity.value,
            finding.message, finding.code]


def record_finding(record: list) -> Finding:
    from .errors import Finding, Severity  # here: `stats` records no findings
    from .model import Location

    path, line, severity, message, code = record
    return Finding(Location(path, line), Severity(severity), message, code)
