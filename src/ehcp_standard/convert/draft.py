"""The plan under construction, and the ledger of what each piece of source text became.

A mapper never writes a plan directly. It reads :class:`Item` objects — one per placed block or table row, with the
text of each paragraph as a :class:`Unit` — and puts values into a :class:`Draft` at JSON pointers, saying for each
value which unit (and which part of its text) it came from and how it was read::

    need = draft.append("/special_educational_needs/cognition_learning/needs", {"id": "B-CL-1"})
    draft.put(f"{need}/title", unit_a.text, unit=unit_a)                    # verbatim text
    draft.put(f"{need}/description", unit_b.text, unit=unit_b)
    draft.put("/personal_details/date_of_birth", "2013-11-02", unit=unit, fragment="02.11.2013", how="date")
    draft.label(label_unit)                                                  # "Date of Birth": a template label

After mapping, :mod:`ehcp_standard.convert.convert` builds the plan, then checks every unit of the source against the
plan that came out: a unit is retained only when every part of its text was taken and each take still holds in the
plan (the text is there, the date is that date, the identifier survived validation). Every unit that is not retained
goes into the plan's carried-over content with its location — so nothing is lost even when a mapper is wrong.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .blocks import Cell, Flag, Heading, ListItem, Location, Paragraph, Row, Table, iter_nested
from .profile import Profile
from .sections import LabelPlacement, SectionMap

#: How a take was read from its fragment: ``text`` (the value contains the fragment verbatim, whitespace aside),
#: ``date``, ``identifier`` (spaces removed, upper case), ``boolean`` (yes/no), ``enum`` (a code list value read from
#: the wording), ``number`` (an amount or count read from it), ``label`` (a template label the structure replaces).
HOW = frozenset({"text", "date", "identifier", "boolean", "enum", "number", "label"})


@dataclass(frozen=True)
class Unit:
    """One paragraph of source text: a heading, paragraph or list item, on its own or inside a table cell.
    ``text`` is its content (placeholder text and un-merged merge fields removed); ``raw`` is all of it."""

    location: Location
    text: str
    raw: str
    flags: frozenset[Flag] = frozenset()

    @property
    def flagged(self) -> bool:
        """True when the unit shows only a placeholder or an un-merged merge field (nothing real)."""
        return not self.text.strip() and bool(self.raw.strip())


@dataclass(frozen=True)
class Item:
    """A placed block (heading, paragraph, list item) or table row, with its units cell by cell.

    ``cells`` holds, for a row, one tuple of units per cell that is not covered by a merge (in column order), and for
    a paragraph a single one-unit tuple. ``kinds`` gives each of those cells' column kind ("provision", "who",
    "which_need"…, ``None`` for an unknown column or no header); ``merged`` the text a vertically merged cell
    continues (an area name merged down a column), by cell index."""

    placement: LabelPlacement
    block: Heading | Paragraph | ListItem | Row
    cells: tuple[tuple[Unit, ...], ...]
    kinds: tuple[str | None, ...] = ()
    merged: dict[int, str] = field(default_factory=dict, compare=False)
    heading: str | None = None
    """The text of the nearest heading (or label) above, for reports."""
    heading_known: bool = True
    """Whether that heading is a label the profile knows (``False``: a heading no alias matched)."""
    units: tuple[Unit, ...] = field(init=False, repr=False, compare=False)
    """Every unit of the item, cell by cell."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(unit for cell in self.cells for unit in cell))

    @property
    def section(self) -> str | None:
        return self.placement.section

    @property
    def subsection(self) -> str | None:
        return self.placement.subsection

    @property
    def area(self) -> str | None:
        return self.placement.area

    @property
    def kind(self) -> str:
        return self.placement.kind

    @property
    def location(self) -> Location:
        return self.placement.location

    @property
    def text(self) -> str:
        """The content of the item: units joined by new lines, cells by " | "."""
        return " | ".join(cell_text(cell) for cell in self.cells)

    def cell(self, kind: str) -> tuple[Unit, ...] | None:
        """Return the units of the first cell whose column kind is ``kind``, or ``None``."""
        for units, cell_kind in zip(self.cells, self.kinds):
            if cell_kind == kind:
                return units
        return None


def cell_text(units: tuple[Unit, ...]) -> str:
    """The content of a cell's units, one line each, empty ones left out."""
    return "\n".join(unit.text for unit in units if unit.text.strip())


@dataclass(frozen=True)
class Take:
    """Part of a unit's text (``fragment``) put into the plan at ``pointer``, read ``how``."""

    location: Location
    fragment: str
    pointer: str | None
    how: str


@dataclass(frozen=True)
class Note:
    """Something a caseworker must confirm, located in the source, with the section it concerns."""

    location: str
    message: str
    section: str | None = None
    code: str = "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class Draft:
    """A plan as JSON-shaped data under construction, with the ledger of takes and the notes for the report."""

    def __init__(self, source: str, profile: Profile):
        self.source = source
        self.profile = profile
        self.data: dict[str, Any] = {}
        self.takes: dict[Location, list[Take]] = {}
        self.notes: list[Note] = []
        self.carry_reasons: dict[Location, tuple[str, str | None]] = {}

    # --- values ----------------------------------------------------------------------------------------------

    def put(self, pointer: str, value: Any, *, unit: Unit | None = None, fragment: str | None = None,
            how: str = "text") -> str:
        """Set ``value`` at ``pointer`` (parents are created; a last step ``-`` appends to a list) and record that
        it came from ``fragment`` of ``unit`` (the whole unit text by default). Return the concrete pointer."""
        parent, key = self._parent(pointer)
        if isinstance(parent, list):
            if key == "-":
                parent.append(value)
                key = str(len(parent) - 1)
            else:
                parent[int(key)] = value
        else:
            parent[key] = value
        concrete = f"{pointer.rsplit('/', 1)[0]}/{key}"
        if unit is not None:
            self.take(unit, fragment, how=how, pointer=concrete)
        return concrete

    def append(self, pointer: str, value: Any, *, unit: Unit | None = None, fragment: str | None = None,
               how: str = "text") -> str:
        """Append ``value`` to the list at ``pointer`` (created if absent); return the new item's pointer."""
        return self.put(f"{pointer}/-", value, unit=unit, fragment=fragment, how=how)

    def add_text(self, pointer: str, unit: Unit, fragment: str | None = None, *, separator: str = "\n") -> str:
        """Add ``fragment`` (default: the unit's text) to the text at ``pointer`` as a new line."""
        text = unit.text if fragment is None else fragment
        current = self.get(pointer)
        value = text if not current else f"{current}{separator}{text}"
        return self.put(pointer, value, unit=unit, fragment=text)

    def get(self, pointer: str, default: Any = None) -> Any:
        """Return the value at ``pointer``, or ``default``."""
        node: Any = self.data
        for step in _steps(pointer):
            try:
                node = node[int(step)] if isinstance(node, list) else node[step]
            except (KeyError, IndexError, ValueError, TypeError):
                return default
        return node

    def take(self, unit: Unit, fragment: str | None = None, *, how: str = "text", pointer: str | None = None) -> None:
        """Record that ``fragment`` of ``unit`` (default: all of it) was put at ``pointer``, read ``how``."""
        if how not in HOW:
            raise ValueError(f"how must be one of {sorted(HOW)}, got {how!r}")
        text = unit.text if fragment is None else fragment
        self.takes.setdefault(unit.location, []).append(Take(unit.location, text, pointer, how))

    def label(self, unit: Unit, fragment: str | None = None) -> None:
        """Record that ``fragment`` of ``unit`` (default: all of it) is a template label, replaced by structure."""
        self.take(unit, fragment, how="label")

    # --- notes -----------------------------------------------------------------------------------------------

    def warn(self, where: Location | Item | Unit | str, message: str, *, section: str | None = None,
             code: str = "warning") -> None:
        """Add a note for the report: what a caseworker must confirm, and where in the source."""
        self.notes.append(Note(_where(where), message, section, code))

    def carry_reason(self, unit: Unit, reason: str, suggested_section: str | None = None) -> None:
        """Say why ``unit`` is being left for the carried-over content (and where it probably belongs)."""
        self.carry_reasons[unit.location] = (reason, suggested_section)

    def _parent(self, pointer: str) -> tuple[Any, str]:
        steps = _steps(pointer)
        if not steps:
            raise ValueError("cannot put a value at the root pointer")
        node: Any = self.data
        for step, after in itertools.pairwise(steps):
            if isinstance(node, list):
                node = node[int(step)]
                continue
            child = node.get(step)
            if child is None:
                child = node[step] = [] if after == "-" or after.isdigit() else {}
            node = child
        return node, steps[-1]


def _steps(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/', got {pointer!r}")
    if pointer == "/":
        return []
    steps = pointer[1:].split("/")
    if "~" in pointer:      # escaped "/" or "~" in a key: rare
        steps = [step.replace("~1", "/").replace("~0", "~") for step in steps]
    return steps


def _where(where: Location | Item | Unit | str) -> str:
    if isinstance(where, str):
        return where
    if isinstance(where, Location):
        return str(where)
    return str(where.location)


# --- from a section map to items ---------------------------------------------------------------------------------


def items(document, section_map: SectionMap) -> list[Item]:
    """Return one :class:`Item` per placement of ``section_map`` (read from ``document``), in reading order."""
    placements = iter(section_map.placements)
    result: list[Item] = []
    heading: str | None = None
    known = True
    for block in document.body:
        if isinstance(block, Table):
            origins: dict[Location, Cell] | None = None
            grid: dict[int, str | None] = {}
            for row in block.rows:
                placement = next(placements)
                if placement.kind == "header_row":
                    grid = _header_grid(row, placement.columns)
                cells = [cell for cell in row.cells if cell.merged_from is None]
                merged: dict[int, str] = {}
                if len(cells) < len(row.cells):     # some cell continues a merge
                    origins = origins if origins is not None else _origins(block)
                    merged = _merged(row, origins)
                kinds = tuple(grid.get(cell.column) for cell in cells) if grid else ()
                units = tuple(_units(cell.blocks) for cell in cells)
                result.append(Item(placement, row, units, kinds, merged, heading, known))
                if placement.method not in _NOT_A_LABEL and cells:
                    heading = cell_text(units[0]).split("\n", 1)[0] or heading
                    known = True
        else:
            placement = next(placements)
            result.append(Item(placement, block, (_units((block,)),), (), {}, heading, known))
            if isinstance(block, Heading) or placement.candidate or placement.method not in _NOT_A_LABEL:
                heading = block.text.strip() or heading
                known = placement.method not in _NOT_A_LABEL and not placement.candidate
    return result


#: Placement methods of a block that is not itself a label (it sits under one, or none matched).
_NOT_A_LABEL = frozenset({"inherited", "cover", "contents", "unplaced"})


def _units(blocks) -> tuple[Unit, ...]:
    units: list[Unit] = []
    for block in blocks:
        if isinstance(block, Table):
            units += (Unit(inner.location, inner.content_text, inner.text, inner.flags)
                      for inner in iter_nested(block) if not isinstance(inner, Table))
        else:
            units.append(Unit(block.location, block.content_text, block.text, block.flags))
    return tuple(units)


def _merged(row: Row, origins: dict[Location, Cell]) -> dict[int, str]:
    """The text each vertically merged cell of ``row`` continues, by its index among the row's cells."""
    return {n: cell_text(_units(origins[cell.merged_from].blocks))
            for n, cell in enumerate(row.cells)
            if cell.merged_from is not None and cell.merged_from in origins and cell.grid_span == 1
            and _vertical(cell, origins)}


def _origins(table: Table) -> dict[Location, Cell]:
    origins: dict[Location, Cell] = {}
    for row in table.rows:
        for cell in row.cells:
            if cell.merged_from is None:
                origins[cell.location] = cell
    return origins


def _vertical(cell: Cell, origins: dict[Location, Cell]) -> bool:
    origin = origins[cell.merged_from]
    return origin.column == cell.column and origin.row_span > 1


def _header_grid(row: Row, columns: tuple[str | None, ...]) -> dict[int, str | None]:
    grid: dict[int, str | None] = {}
    cells = [cell for cell in row.cells if cell.merged_from is None]
    for cell, kind in zip(cells, columns):
        for column in range(cell.column, cell.column + max(cell.grid_span, 1)):
            grid[column] = kind
    return grid


def iter_units(item_list: list[Item]) -> Iterator[tuple[Item, Unit]]:
    """Yield every (item, unit) pair in reading order."""
    for item in item_list:
        for unit in item.units:
            yield item, unit


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65_536)
def squash(text: str) -> str:
    """Return ``text`` with runs of white space made one space, trimmed: how texts are compared."""
    return _SPACE.sub(" ", text).strip()
