"""Located warnings: what the reader noticed, and exactly where in the Word file (mammoth's habit: a read returns
its value *and* its messages, so an odd file never aborts the read and never loses content silently)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where something is in a Word file: the part, then (1-based) the body table and its caption, the row, the
    cell and the paragraph (in the cell, or in the body when there is no table)."""

    part: str = "word/document.xml"
    table: int | None = None
    caption: str | None = None
    row: int | None = None
    cell: int | None = None
    paragraph: int | None = None

    def __str__(self) -> str:
        pieces = [self.part]
        if self.table is not None:
            pieces.append(f"table {self.table}" + (f" ({self.caption})" if self.caption else ""))
        for name in ("row", "cell", "paragraph"):
            value = getattr(self, name)
            if value is not None:
                pieces.append(f"{name} {value}")
        return ", ".join(pieces)

    def at(self, **changes: Any) -> Location:
        """Return this location with ``changes`` (e.g. ``row=3``)."""
        return Location(**{**vars(self), **changes})

    def as_dict(self) -> dict[str, Any]:
        """Return the location as a JSON-ready dict, leaving out what is not known."""
        return {key: value for key, value in vars(self).items() if value is not None}


@dataclass(frozen=True)
class ReadWarning:
    """Something the reader noticed: what, where in the file (``None``: the file as a whole), and the JSON pointer
    of the plan field concerned when there is one."""

    message: str
    location: Location | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        field_ = f" [{self.pointer}]" if self.pointer else ""
        return f"{where}{self.message}{field_}"

    def as_dict(self) -> dict[str, Any]:
        """Return the warning as a JSON-ready dict."""
        data: dict[str, Any] = {"message": self.message}
        if self.location:
            data["location"] = self.location.as_dict()
        if self.pointer:
            data["pointer"] = self.pointer
        return data


@dataclass
class Warnings:
    """The warnings collected during one read, in the order they were found."""

    items: list[ReadWarning] = field(default_factory=list)

    def add(self, message: str, location: Location | None = None, pointer: str | None = None) -> None:
        """Record a warning."""
        self.items.append(ReadWarning(message, location, pointer))

    def extend(self, other: Warnings | list[ReadWarning]) -> None:
        """Record every warning of ``other``."""
        self.items.extend(other.items if isinstance(other, Warnings) else other)
