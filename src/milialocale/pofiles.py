"""The only polib caller: read PO/POT files, write them in GNU layout.

polib's errors are OSErrors whose type cannot tell a syntax error from a missing file;
here both become MilialocaleErrors that name the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from .errors import PoSyntaxError, ReadError
from .fsio import write_if_changed
from .model import Location
from .poformat import format_po

_LINE = re.compile(r"\(line (\d+)\)")


def read_po(path: Path | str, *, display: str | None = None) -> polib.POFile:
    """Read a PO or POT file, raising a located error when it is malformed."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", Location(name)) from exc
    return parse_po(data, name)


def parse_po(data: bytes, name: str) -> polib.POFile:
    """Parse PO bytes; `name` is used in messages."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PoSyntaxError("invalid UTF-8 byte sequence (PO files must be saved as UTF-8)",
                            Location(name, line)) from exc
    try:
        catalog = polib.pofile(text, wrapwidth=79, check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = _LINE.search(message)
        line = int(match.group(1)) if match else 0
        message = _LINE.sub("", message).replace(f" in po file {text!r}", "")
        message = re.sub(r"^Syntax error in po file.*$", "syntax error", message.strip())
        raise PoSyntaxError(message.strip().rstrip(":").lower() or "syntax error",
                            Location(name, line)) from exc
    catalog.fpath = name
    return catalog


def write_po(path: Path, catalog: polib.POFile) -> bool:
    """Write `catalog` atomically in GNU layout if its content changed; True if written."""
    return write_if_changed(path, format_po(catalog))
