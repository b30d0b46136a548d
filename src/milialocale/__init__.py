"""milialocale: localize health articles through gettext catalogs, safely."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import Finding, MilialocaleError, Severity  # noqa: E402
from .model import Location, Placeholder, Unit  # noqa: E402

__all__ = ["Finding", "Location", "MilialocaleError", "Placeholder", "Severity", "Unit", "__version__"]
