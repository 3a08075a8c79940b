"""Reading the items placed in sections B to H2: :class:`Reader` walks them in reading order (the rows of
tables nested in a cell as rows of their own) and turns each into records (:mod:`._needs_records`), or into
template labels, or into reasons to carry it over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ._labels import label_index
from ._needs_records import (
    AREA_TABLES,
    HEALTH,
    OUTCOME_REF,
    SOCIAL_CARE,
    Need,
    NeedsTable,
    Outcome,
    Provision,
    Records,
    Statement,
    Step,
)
from ._needs_split import new_needs, title_like
from .blocks import Row, Table
from .draft import Draft, Item, Unit, _units
from .profile import normalise

#: The sections :func:`~.map_needs.map_needs` maps.
SECTIONS = frozenset({"B", "C", "D", "E", "F", "G", "H1", "H2"})
#: Placement methods (:class:`~ehcp_standard.convert.sections.LabelPlacement`) that mean the item's first unit
#: *is* the label that placed it.
LABEL_METHODS = frozenset({"letter", "part", "exact", "normalised", "prefix", "fuzzy"})
_NOTHING = re.compile(
    r"^(?:none|nil|n/?a|not applicable|none (?:identified|required|at present))\.?$"
    r"|^(?:there (?:is|are) )?no (?:(?!more\b|less\b|fewer\b)[a-z-]+ ){0,3}?"
    r"(?:outcomes?|provision|targets?|support)\b",
    re.IGNORECASE)
_STEPS = re.compile(r"short[\s-]*term|\bsteps?\b|\b(?:1|one)[\s-]+year\b|this year|12[\s-]+months?",
                    re.IGNORECASE)
_PREFIXED = re.compile(r"^(?P<label>[A-Z][^:\n]{2,40}):\s+(?P<text>\S.*)$", re.DOTALL)
_OUTCOME_WORD = re.compile(r"aspiration|\baims?\b|outcome|goal|ambition", re.IGNORECASE)
_TARGETS = re.compile(r"\btargets?\b", re.IGNORECASE)
_OUTCOME_LABEL = re.compile(r"outcome|\baims?\b|achieve", re.IGNORECASE)
_SOCIAL = re.compile(r"social\s+care", re.IGNORECASE)
_HEALTH = re.compile(r"(?<!mental )health", re.IGNORECASE)


# --- reading ------------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    kind: str | None
    header: str | None
    units: tuple[Unit, ...]

    @property
    def filled(self) -> list[Unit]:
        return [unit for unit in self.units if unit.text.strip()]


class Reader:
    """Walks the items in reading order, turning each into records (or labels, or reasons to carry it
    over)."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.index = label_index(draft.profile)
        self.records = Records()
        self.context: str | None = None
        self.header: tuple[str, dict[int, str]] | None = None
        self.title: tuple[Unit, str] | None = None
        self.group = 0
        self.group_key: tuple | None = None
        self.warned: set[str] = set()

    def read(self, item: Item) -> None:
        """Read one item: the item itself, then the rows of tables nested in its cells; an item outside B to
        H2 is passed over."""
        if item.section not in SECTIONS:
            self.title = None
            return
        nested = self._nested_rows(item)
        if nested:
            self._read_one(_without_nested(item))
            for row in nested:
                self.read(row)
        else:
            self._read_one(item)

    def _read_one(self, item: Item) -> None:
        self._track_group(item)
        if item.kind == "header_row":
            self._header_row(item)
            return
        cells = self._cells(item)
        if item.section != "E":
            self.context = item.section
        self._fifth_area(item)
        if self._lead_in(item, cells):
            return
        if item.section in {"B", "C", "D"}:
            self._needs_section(item, cells)
        elif item.section == "E":
            self._outcomes_section(item, cells)
        else:
            self._provision_section(item, cells)

    # --- structure: groups, labels, header rows, cells ------------------------------------------------------

    def _nested_rows(self, item: Item) -> list[Item]:
        """The rows of tables nested in the cells of a row, as items of their own (the first a header row when
        its cells name columns)."""
        if not isinstance(item.block, Row):
            return []
        rows = []
        for cell in item.block.cells:
            for block in cell.blocks if cell.merged_from is None else ():
                if isinstance(block, Table):
                    rows += self._table_rows(item, block)
        return rows

    def _table_rows(self, item: Item, table: Table) -> list[Item]:
        rows, kinds = [], ()
        for number, row in enumerate(table.rows, 1):
            cells = [cell for cell in row.cells if cell.merged_from is None]
            header = tuple(self.index.column(cell.text) if cell.text.strip() else None for cell in cells)
            is_header = number == 1 and sum(k is not None for k in header) >= 2 and header[0] is not None
            kinds = header if is_header else kinds
            location = row.location or table.location.child(f"row {number}")
            placement = replace(item.placement, location=location, kind="header_row" if is_header else "row",
                                method="inherited", text=" | ".join(cell.text for cell in cells),
                                columns=kinds)
            grid = {c.column: k for c, k in zip(cells, kinds)} if kinds and not is_header else {}
            row_kinds = tuple(grid.get(c.column) for c in cells) if grid else (header if is_header else ())
            rows.append(Item(placement, row, tuple(_units(c.blocks) for c in cells), row_kinds, {},
                             item.heading))
        return rows

    def _track_group(self, item: Item) -> None:
        key = (item.section, item.area, item.subsection, _table_path(item) if item.kind == "row" else None)
        if key != self.group_key or item.placement.method in LABEL_METHODS:
            self.group, self.group_key = self.group + 1, key

    def _header_row(self, item: Item) -> None:
        for unit in item.units:
            if unit.text.strip():
                self.draft.label(unit)
        grid: dict[int, str] = {}
        cells = [cell for cell in item.block.cells if cell.merged_from is None]
        for cell, units in zip(cells, item.cells):
            for column in range(cell.column, cell.column + max(cell.grid_span, 1)):
                grid[column] = " ".join(unit.text for unit in units).strip()
        self.header = (_table_path(item), grid)

    def _cells(self, item: Item) -> list[_Cell]:
        """The item's cells with their column kinds and header texts, the label that placed it taken out."""
        if item.kind != "row":
            self.header = None
            cells = [_Cell(None, None, item.cells[0] if item.cells else ())]
        else:
            cells = self._row_cells(item)
        if item.placement.method in LABEL_METHODS and cells and cells[0].units:
            label, *rest = cells[0].units
            if label.text.strip():
                self.draft.label(label)
            cells[0] = _Cell(cells[0].kind, cells[0].header, tuple(rest))
            self.title = None
        return cells

    def _row_cells(self, item: Item) -> list[_Cell]:
        grid = self.header[1] if self.header and self.header[0] == _table_path(item) else {}
        columns = [cell.column for cell in item.block.cells if cell.merged_from is None]
        kinds = list(item.kinds) + [None] * (len(item.cells) - len(item.kinds))
        return [_Cell(kind, grid.get(column), units)
                for kind, column, units in zip(kinds, columns, item.cells)]

    def _lead_in(self, item: Item, cells: list[_Cell]) -> bool:
        """A short bold paragraph (or one ending in ":") that no label matched: in B, C or D a short heading
        is the title of the need that follows; anything else ("The provision Rhys needs is:") is carried
        over."""
        if not (item.placement.candidate and item.kind == "paragraph"
                and item.placement.method == "inherited"):
            return False
        units = [unit for cell in cells for unit in cell.filled]
        if len(units) == 1 and item.section in {"B", "C", "D"} and title_like(units[0].text):
            self.title = (units[0], units[0].text)
        else:
            self._carry_units(units, "a sub-heading or lead-in no label matched", item.section)
        return True

    def _fifth_area(self, item: Item) -> None:
        if item.section not in {"B", "E", "F"} or not item.placement.extra_area:
            return
        for warning in item.placement.warnings:
            if warning not in self.warned:
                self.warned.add(warning)
                self.draft.warn(item, warning, section=item.section, code="fifth_area")

    # --- B, C and D: strengths and needs --------------------------------------------------------------------

    def _needs_section(self, item: Item, cells: list[_Cell]) -> None:
        table = self._table(item, cells)
        if table is None:
            self._carry(item, cells, f"in {item.section} but under no area of need", item.section)
            return
        for cell in cells:
            units = cell.filled
            statements = [unit for unit in units if self._no_needs(unit)]
            for unit in statements:
                self.records.statements.append(Statement(table, unit, "no_needs", item.section))
            units = [unit for unit in units if unit not in statements]
            if not units:
                continue
            if cell.kind == "strengths" or (cell.kind is None and item.subsection == "strengths"):
                self.records.strengths += [(table, unit) for unit in units]
            elif cell.kind == "outcome":
                self._outcomes(item, table, units, None)
            elif cell.kind in {None, "need"}:
                self._needs(item, table, units)
            else:
                self._carry_units(units, f"a '{cell.kind}' column in section {item.section}", item.section)

    def _needs(self, item: Item, table: NeedsTable, units: list[Unit]) -> list[Need]:
        made = new_needs(table, item, units, self.group)
        if made and made[0].title is None and self.title is not None and item.kind != "row":
            made[0].title, self.title = self.title, None
        self.records.needs += made
        return made

    def _no_needs(self, unit: Unit) -> bool:
        text = normalise(unit.text)
        if len(text) > 300:
            return False
        for pattern in self.draft.profile.no_needs:
            wanted = normalise(pattern)
            if len(wanted) <= 6 or wanted in {"none", "n/a", "not applicable"}:
                if text == wanted:
                    return True
            elif wanted in text:
                return True
        return False

    def _table(self, item: Item, cells: list[_Cell]) -> NeedsTable | None:
        section = item.section
        if section in {"C", "G"}:
            return HEALTH
        if section in {"D", "H1", "H2"}:
            return SOCIAL_CARE
        area = item.area
        if area is None:
            area = next((self._area_named(u.text) for c in cells if c.kind == "area" for u in c.filled), None)
        return AREA_TABLES.get(area) if area else None

    def _area_named(self, text: str) -> str | None:
        match = self.index.match(text)
        if match is None or match.method not in {"exact", "normalised"}:
            return None
        target = match.targets[0]
        if target.startswith("extra:"):
            return self.draft.profile.extra_areas[target[6:]].maps_to
        return target[5:] if target.startswith("area:") else None

    # --- E: outcomes and short-term steps -------------------------------------------------------------------

    def _outcomes_section(self, item: Item, cells: list[_Cell]) -> None:
        table, mixed = self._outcome_table(item)
        ref_unit = next((u for c in cells if c.kind == "reference" for u in c.filled), None)
        if ref_unit is not None and not OUTCOME_REF.match(ref_unit.text.strip()):
            ref_unit = None
        row_outcome: Outcome | None = None
        for cell in cells:
            units = [unit for unit in cell.filled if unit is not ref_unit]
            for unit in units:
                row_outcome = self._outcome_unit(item, cell, unit, table, mixed, row_outcome, ref_unit)
        if ref_unit is not None and row_outcome is None:
            self._carry_units([ref_unit], "an outcome number with no outcome beside it", "E")

    def _outcome_unit(self, item: Item, cell: _Cell, unit: Unit, table: NeedsTable | None, mixed: bool,
                      row_outcome: Outcome | None, ref_unit: Unit | None) -> Outcome | None:
        if _says_nothing(unit.text) and (table is not None or mixed):
            for each in (table,) if table is not None else (HEALTH, SOCIAL_CARE):
                self.records.statements.append(Statement(each, unit, "nothing", "E"))
        elif self._is_step(item, cell):
            self.records.steps.append(Step(unit, row_outcome))
        elif table is None and not mixed and _TARGETS.search(unit.text):
            self.records.steps.append(Step(unit, None))
        elif table is None and not mixed:
            self._carry_units([unit], "in E but under no area of need, and not health or social care", "E")
        else:
            ref = ref_unit.text.strip() if ref_unit is not None and row_outcome is None else None
            outcome = Outcome(table, item, unit, ref, ref_unit if ref else None,
                              fragment=self._unprefixed(unit))
            self.records.outcomes.append(outcome)
            return row_outcome or outcome
        return row_outcome

    def _unprefixed(self, unit: Unit) -> str | None:
        """An outcome written after its own label ("Long-term aspiration: Saoirse will…"): the label is taken
        as a template label and the rest returned; ``None`` when there is no such label."""
        found = _PREFIXED.match(unit.text.strip())
        if found is None or not _OUTCOME_WORD.search(found["label"]):
            return None
        self.draft.label(unit, found["label"] + ":")
        return found["text"]

    def _is_step(self, item: Item, cell: _Cell) -> bool:
        """Short-term steps, by their column header or the label they sit under."""
        if cell.header:
            return bool(_STEPS.search(cell.header))
        label = item.placement.label or ""
        return item.subsection == "short_term" and bool(_STEPS.search(label))

    def _outcome_table(self, item: Item) -> tuple[NeedsTable | None, bool]:
        """The table an outcome belongs to, and whether it is a mixed "health and social care" list: the area
        (:func:`~.sections.find_sections` closes it at a health or social care sub-section), else the
        sub-section, else an outcomes label naming health or social care ("Desired Outcomes (Health)"), else —
        under a bare "Outcomes" label — the needs section just before."""
        label = item.placement.label or ""
        if item.area in AREA_TABLES:
            return AREA_TABLES[item.area], False
        if item.subsection in {"health", "social_care"}:
            if _SOCIAL.search(label) and _HEALTH.search(label):
                return None, True
            return (HEALTH if item.subsection == "health" else SOCIAL_CARE), False
        named = _OUTCOME_LABEL.search(label) is not None
        if named and _SOCIAL.search(label):
            return SOCIAL_CARE, False
        if named and _HEALTH.search(label):
            return HEALTH, False
        if not named:
            return None, False
        return {"C": HEALTH, "G": HEALTH, "D": SOCIAL_CARE, "H1": SOCIAL_CARE, "H2": SOCIAL_CARE}.get(
            self.context or "", None), False

    def _outcomes(self, item: Item, table: NeedsTable, units: list[Unit], ref: str | None) -> list[Outcome]:
        made = [Outcome(table, item, unit, ref) for unit in units]
        self.records.outcomes += made
        return made

    # --- F, G, H1, H2: provision ----------------------------------------------------------------------------

    def _provision_section(self, item: Item, cells: list[_Cell]) -> None:
        table = self._table(item, cells)
        section = item.section
        filled = [unit for cell in cells for unit in cell.filled]
        if table is None:
            self._carry(item, cells, f"in {section} but under no area of need", section)
            return
        if len(filled) == 1 and _says_nothing(filled[0].text):
            self.records.statements.append(Statement(table, filled[0], "nothing", section))
            return
        if not filled:
            return
        for cell in cells:
            if cell.kind == "area":
                for unit in cell.filled:
                    if self._area_named(unit.text):
                        self.draft.label(unit)
                    else:
                        self.draft.carry_reason(unit, "an area of need no profile label matched", section)
        if item.kind == "row":
            self._provision_row(item, table, cells)
        else:
            self._add_provision(item, table, filled, {}, [])

    def _provision_row(self, item: Item, table: NeedsTable, cells: list[_Cell]) -> None:
        by_kind: dict[str, tuple[Unit, ...]] = {}
        for cell in cells:
            if cell.kind and cell.kind not in by_kind and cell.filled:
                by_kind[cell.kind] = tuple(cell.filled)
        text = list(by_kind.get("provision", ()))
        rest = [u for c in cells if c.kind not in {"provision", "area"} for u in c.filled]
        if not text and "provision" not in {c.kind for c in cells}:
            first = next((c for c in cells if c.filled and c.kind is None), None)
            text = first.filled if first else []
            rest = [u for c in cells if c is not first and c.kind != "area" for u in c.filled]
        if not text:
            self._carry_units(rest, f"a row of section {item.section} with no provision in it", item.section)
            return
        provision = self._add_provision(item, table, text, by_kind, rest)
        self._row_links(item, provision, by_kind)

    def _add_provision(self, item: Item, table: NeedsTable, text: list[Unit],
                       by_kind: dict[str, tuple[Unit, ...]], rest: list[Unit]) -> Provision:
        extra = item.placement.extra_area
        pfa = bool(extra and self.draft.profile.extra_areas[extra].preparing_for_adulthood
                   and item.section == "F")
        provision = Provision(table, item.section, item, list(text), by_kind, rest, pfa)
        self.records.provision.append(provision)
        return provision

    def _row_links(self, item: Item, provision: Provision, by_kind: dict[str, tuple[Unit, ...]]) -> None:
        """A which-need cell names needs; an outcome cell holds a reference ("E1") or the row's outcome; a
        need cell (or a need cell merged down from the row above) holds the row's need (DfE-style rows:
        B | F | E)."""
        provision.need_names = [u.text.strip() for u in by_kind.get("which_need", ())]
        for kind in ("outcome", "reference"):
            for unit in by_kind.get(kind, ()):
                if OUTCOME_REF.match(unit.text.strip()):
                    provision.outcome_refs.append(unit.text.strip())
                elif kind == "outcome":
                    provision.outcome_cells.append(unit)
        provision.need_cell = list(by_kind.get("need", ()))
        provision.need_names += self._merged(item, "need")

    def _merged(self, item: Item, kind: str) -> list[str]:
        """The texts of cells of column ``kind`` merged down into this row from the row above."""
        grid = self.header[1] if self.header and self.header[0] == _table_path(item) else {}
        cells = item.block.cells
        return [text for n, text in item.merged.items()
                if n < len(cells) and self.index.column(grid.get(cells[n].column, "")) == kind
                and text.strip()]

    # --- leaving things to be carried over ------------------------------------------------------------------

    def _carry(self, item: Item, cells: list[_Cell], reason: str, section: str | None) -> None:
        self._carry_units([u for c in cells for u in c.filled], reason, section)

    def _carry_units(self, units: list[Unit], reason: str, section: str | None) -> None:
        for unit in units:
            self.draft.carry_reason(unit, reason, section)


def _without_nested(item: Item) -> Item:
    """``item`` without the units of the tables nested in its cells (they are read as rows of their own)."""
    own = item.location.path
    cells = tuple(tuple(u for u in units if " › table " not in u.location.path[len(own):])
                  for units in item.cells)
    return replace(item, cells=cells)


def _says_nothing(text: str) -> bool:
    """True for a short statement that a part of the plan is empty ("None.", "No provision in this
    section.")."""
    return len(text.strip()) <= 120 and _NOTHING.match(text.strip()) is not None


def _table_path(item: Item) -> str:
    return item.location.path.rsplit(" › row ", 1)[0]


__all__ = ["LABEL_METHODS", "SECTIONS", "Reader"]
