"""The one exception tree of ehcp-standard.

::

    EhcpError                      base of everything this library raises on purpose
    ├── PlanInputError             a plan file could not be read at all (missing, too large, not UTF-8, not JSON)
    └── PlanValidationError        a plan was read but does not match the model; carries every located problem
        └── SchemaVersionError     a plan declares a schema version this library does not read

Every message states the fact and the evidence: which file, which field (JSON pointer), what was expected and
what was found. The original cause is chained with ``raise ... from``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validation import Problem


class EhcpError(Exception):
    """Base class of every error this library raises on purpose."""


class PlanInputError(EhcpError):
    """A plan file could not be read: missing, unreadable, too large, not UTF-8 or not well-formed JSON.

    ``source`` names the file (or ``"<data>"``); ``line`` and ``column`` are 1-based and set for malformed JSON.
    """

    def __init__(self, message: str, *, source: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.source = source
        self.line = line
        self.column = column


class PlanValidationError(EhcpError):
    """A plan does not match the model. ``problems`` lists every problem found, each located by JSON pointer."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {len(problems)} problem(s)"] + [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class SchemaVersionError(PlanValidationError):
    """A plan declares a ``schema_version`` that this library cannot read."""
