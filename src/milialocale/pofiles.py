"""The only polib caller: read PO/POT files, write them in GNU layout.

polib's reader is lenient (a missing closing quote silently shortens a string) and its
errors are OSErrors; here reading goes through our strict parser (poparse.py) and every
problem becomes a MilialocaleError naming the file and line. polib stays the data model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import poparse
from .errors import ReadError
from .fsio import write_if_changed
from .model import Location

if TYPE_CHECKING:  # counting (`stats`) never makes polib objects
    import polib


def read_po(path: Path | str, *, display: str | None = None) -> polib.POFile:
    """Read a PO or POT file, raising a located error when it is malformed."""
    name = display or str(path)
    return parse_po(read_po_bytes(path, display=name), name)


def read_po_bytes(path: Path | str, *, display: str | None = None) -> bytes:
    """The bytes of a PO or POT file, or the located error `read_po` gives."""
    try:
        with open(path, "rb") as file:  # (what Path.read_bytes does, without making a Path)
            return file.read()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(display or str(path))) from exc


def parse_po(data: bytes, name: str) -> polib.POFile:
    """Parse PO bytes strictly, as GNU gettext does; `name` is used in messages."""
    catalog = poparse.parse(data, name)
    catalog.fpath = name
    return catalog


def write_po(path: Path, catalog: polib.POFile) -> bool:
    """Write `catalog` atomically in GNU layout if its content changed; True if written."""
    from .poformat import format_po  # here: reading (`stats`) need not load the writer

    return write_if_changed(path, format_po(catalog))
