"""Errors and findings: everything milialocale reports to a user.

Error tree::

    MilialocaleError          anything a user can fix; str() is "path:line: message"
    ├── ReadError             an input file cannot be read or parsed (HTML, text)
    ├── PoSyntaxError         a PO/POT file is malformed
    ├── GlossaryError         a glossary file is malformed or unsafe
    └── ConfigError           the project configuration is wrong

Findings are not exceptions: checks yield them, and the caller decides whether they
fail the run. Library code never prints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .model import Location


class MilialocaleError(Exception):
    """A problem the user can fix, located where possible."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ReadError(MilialocaleError):
    """An input document could not be read or parsed."""


class PoSyntaxError(MilialocaleError):
    """A PO or POT file is malformed."""


class GlossaryError(MilialocaleError):
    """A glossary file is malformed or unsafe to read."""


class ConfigError(MilialocaleError):
    """The project configuration is invalid."""


class Severity(enum.Enum):
    """How much a finding matters; errors fail `check`, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a translation, located at its PO entry."""

    location: Location
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.code}]"
