"""The header row of an export, the column map that names its columns, and its rows grouped into plans (see
:mod:`.tabular`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..errors import NotAPlanError
from ._tabular_read import Grid
from .draft import squash
from .profile import Profile, normalise

#: How many rows from the top are tried as the header row.
HEADER_SEARCH_ROWS = 10


# --- the header row and the column map ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a header or code for matching: :func:`normalise` ("&" → "and", case folded), then every character
    that is not a letter or digit removed ("Plan Ref." and "plan_ref" → "planref")."""
    return re.sub(r"[^0-9a-z]+", "", normalise(text))


@dataclass(frozen=True)
class Header:
    """The header row: its number, each column's text (``column N`` when blank) and field (``None``: not in the
    map), notes on near misses and duplicates, and how well it matched (share of named columns, and which)."""

    row: int
    names: tuple[str, ...]
    fields: tuple[str | None, ...]
    notes: tuple[tuple[str, str], ...]
    score: float
    evidence: tuple[str, ...]

    def name(self, column: int) -> str:
        """Return the header text of ``column`` (``column N`` past the header's end)."""
        return self.names[column] if column < len(self.names) else f"column {column + 1}"

    def field(self, column: int) -> str | None:
        """Return the field ``column`` holds, or ``None``."""
        return self.fields[column] if column < len(self.fields) else None

    def column(self, name: str) -> int | None:
        """Return the index of the column holding field ``name``, or ``None``."""
        return self.fields.index(name) if name in self.fields else None


def find_header(grid: Grid, profile: Profile) -> Header:
    """Return the header: of the first rows, the one whose cells name the most fields of ``profile``'s column map
    (the earliest on a tie). Raises :class:`NotAPlanError` when no row names any."""
    if not grid.rows:
        raise NotAPlanError("the export has no rows", source=grid.part)
    aliases = _aliases(profile)
    best: Header | None = None
    for number, cells in grid.rows[:HEADER_SEARCH_ROWS]:
        header = _match_header(grid, number, cells, aliases, profile.fuzzy_threshold)
        if header.evidence and (best is None or len(header.evidence) > len(best.evidence)):
            best = header
    if best is None:
        first = " | ".join(cell for cell in grid.rows[0][1] if cell)[:200]
        examples = ", ".join(labels[0] for labels in profile.tabular.columns.model_dump().values() if labels)
        raise NotAPlanError(
            f"no column of profile {profile.name}'s column map was found in the first {HEADER_SEARCH_ROWS} rows "
            f"({grid.where}row {grid.rows[0][0]} reads {first!r}); expected headers such as {examples}. Name the "
            "export's columns in a profile that says 'extends: case_management_export' (tabular.columns)",
            source=grid.part)
    return best


def _aliases(profile: Profile) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for name, labels in profile.tabular.columns.model_dump().items():
        for label in labels:
            aliases.setdefault(fold(label), name)
    return aliases


def _match_header(grid: Grid, number: int, cells: list[str], aliases: dict[str, str], threshold: int) -> Header:
    """Name each cell's field: exact (folded) matches first, then near misses among the fields left; a field named
    twice keeps its first column."""
    names = tuple(squash(cell) or f"column {n + 1}" for n, cell in enumerate(cells))
    fields: list[str | None] = [aliases.get(fold(cell)) if fold(cell) else None for cell in cells]
    notes: list[tuple[str, str]] = []
    for n, cell in enumerate(cells):
        key = fold(cell)
        if fields[n] is None and len(key) >= 4:
            found = process.extractOne(key, list(aliases), scorer=fuzz.ratio, score_cutoff=threshold)
            if found and aliases[found[0]] not in fields:
                fields[n] = aliases[found[0]]
                message = (f"header {names[n]!r} read as {fields[n]} (a near miss, {found[1]:.0f}% alike); rename "
                           "it or add it to the profile")
                notes.append((str(grid.location(number, names[n])), message))
    for n, name in enumerate(fields):
        if name is not None and fields.index(name) != n:
            message = (f"a second {name} column; the first ({names[fields.index(name)]!r}) was read, and this one "
                       "is carried over")
            notes.append((str(grid.location(number, names[n])), message))
            fields[n] = None
    named = [names[n] for n, name in enumerate(fields) if name]
    filled = sum(1 for cell in cells if cell)
    return Header(number, names, tuple(fields), tuple(notes), len(named) / max(filled, 1), tuple(named))


# --- grouping rows into plans ------------------------------------------------------------------------------------


@dataclass
class Group:
    """The rows of one plan: ``key`` is its grouping value as read (``""`` when the file has none), ``rows`` the
    (row number, cells) pairs in file order, ``notes`` (location, message) about the grouping."""

    key: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def group_rows(grid: Grid, header: Header, group_by: list[str]) -> list[Group]:
    """Return the plans of the rows below the header, in order of first appearance, grouped by the first column of
    ``group_by`` the header has. A row with no value there belongs to the plan above it (an export that writes the
    reference once per plan, or a merged cell); with no such column, the file is one plan."""
    column = next((header.column(name) for name in group_by if header.column(name) is not None), None)
    groups: dict[str, Group] = {}
    current: Group | None = None
    for number, cells in grid.rows:
        if number <= header.row:
            continue
        value = squash(cells[column]) if column is not None and column < len(cells) else ""
        if not value and current is not None:
            if column is not None:
                message = f"no {header.name(column)}: read as part of the plan above ({current.key or 'unreferenced'})"
                current.notes.append((str(grid.location(number)), message))
        else:
            current = groups.setdefault(value.casefold(), Group(value))
        current.rows.append((number, cells))
    if column is None and groups:
        only = next(iter(groups.values()))
        only.notes.append((grid.part, f"no {' or '.join(group_by)} column: the whole file is read as one plan"))
    return list(groups.values())


__all__ = ["HEADER_SEARCH_ROWS", "Group", "Header", "find_header", "fold", "group_rows"]
