"""The document model shared by readers, catalogs, checks and writers.

Plain frozen records with no I/O, so that every stage can be tested with values alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file; `line` is 1-based as GNU tools expect (0 when unknown)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Placeholder:
    """An inline element shown to translators as a bare tag such as ``<a1>``.

    The element itself (with its attributes) never crosses the PO boundary; the writer
    restores it from the source document by `name`.
    """

    name: str
    tag: str
    void: bool = False
    #: text of translate="no"/code content: shown to the translator, restored verbatim.
    protected: str | None = None
    #: the element is a <time datetime> whose content the build formats per locale.
    date: str | None = None

    @property
    def paired(self) -> bool:
        return not self.void


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable piece of a document: a run of flowing text or an attribute."""

    text: str
    kind: str
    location: Location
    context: str | None = None
    headings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    placeholders: tuple[Placeholder, ...] = field(default=())
    preformatted: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        """The catalog identity: (msgctxt, msgid)."""
        return (self.context, self.text)
