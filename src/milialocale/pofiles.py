"""The only polib caller: read PO/POT files, write them in GNU layout.

polib's reader is lenient (a missing closing quote silently shortens a string) and its
errors are OSErrors; here reading goes through our strict parser (poparse.py) and every
problem becomes a MilialocaleError naming the file and line. polib stays the data model.
"""

from __future__ import annotations

from pathlib import Path

import polib

from . import poparse
from .errors import ReadError
from .fsio import write_if_changed
from .model import Location
from .poformat import format_po


def read_po(path: Path | str, *, display: str | None = None) -> polib.POFile:
    """Read a PO or POT file, raising a located error when it is malformed."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(name)) from exc
    return parse_po(data, name)


def parse_po(data: bytes, name: str) -> polib.POFile:
    """Parse PO bytes strictly, as GNU gettext does; `name` is used in messages."""
    catalog = poparse.parse(data, name)
    catalog.fpath = name
    return catalog


def write_po(path: Path, catalog: polib.POFile) -> bool:
    """Write `catalog` atomically in GNU layout if its content changed; True if written."""
    return write_if_changed(path, format_po(catalog))
