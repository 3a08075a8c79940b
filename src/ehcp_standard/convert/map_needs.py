"""Mapping sections B to H2 of a legacy plan: strengths, needs, outcomes and provision, with the golden thread.

:func:`map_needs` reads the items :func:`~.sections.find_sections` placed in B, C, D, E, F, G, H1 and H2 and writes
them into a :class:`~.draft.Draft`::

    map_needs(item_list, draft)
    draft.get("/special_educational_needs/cognition_learning/needs/0")   # {"id": "B-CL-1", "title": …}

- B → ``/special_educational_needs/<area>``: the Strengths box, and needs ``B-CI-1``, ``B-CL-1``…; C → ``/health``
  (``C-1``…); D → ``/social_care`` (``D-1``…). A cell whose first line is a short heading followed by the description
  gives one need with that ``title``; list items, paragraphs and other lines give one need each.
- E → outcomes ``E-1``… (unique in the plan) of the area, or of health or social care. Short-term steps ("Short Term
  Outcome (1 Year)", "Steps towards it this year") and statements of how targets are set go to
  ``/shorter_term_targets``; long- and medium-term outcomes are outcomes.
- F → the area's provision ``F-CL-1``…, G → ``/health/provision`` (``G-1``…), H1 and H2 → ``/social_care``
  (``H1-1``, ``H2-1``…). The five prompts come from the who/ratio/frequency/duration columns, else from the wording
  (:func:`~ehcp_standard.quantity.parse_quantity`, only what it reads without doubt); ``original_text`` always keeps
  the whole row.
- The golden thread is linked only where the layout states it: a "Which need does this provision meet" column, an
  outcome reference ("E1") in a provision row whose need is known, or a need, its provision and its outcome in one
  row. Elsewhere nothing is linked, and one ``unlinked`` note per table asks a caseworker to link them.
- "No identified needs" statements set ``no_identified_needs`` (and ``no_needs_statement`` unless the wording is the
  template's own); a fifth area's warning (e.g. "Self-care and independence") is copied into the notes.

Every unit used is recorded in the draft's ledger (text put, or a template label); a unit this module does not
understand is left alone, with a reason, so that :func:`~.convert.finish` carries it over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..model.needs import NO_NEEDS_SENTENCE
from ..model.types import SHORT_TEXT_MAX_LENGTH
from ..quantity import parse_quantity
from ._labels import label_index
from .blocks import Row, Table
from .draft import Draft, Item, Unit, _units, squash
from .profile import normalise

__all__ = ["map_needs"]

#: The sections this module maps.
SECTIONS = frozenset({"B", "C", "D", "E", "F", "G", "H1", "H2"})
#: Placement methods (:class:`~ehcp_standard.convert.sections.LabelPlacement`) that mean the item's first unit *is* the label that placed it.
LABEL_METHODS = frozenset({"letter", "part", "exact", "normalised", "prefix", "fuzzy"})
#: Longest first line read as a need's heading ("Reading (decoding and fluency)").
TITLE_MAX = 80
#: Lowest rapidfuzz score at which a "which need" cell names a need.
NEED_MATCH = 85


@dataclass(frozen=True)
class _Table:
    """A needs table of the plan: an area of B–F–E, health (C–G–E) or social care (D–H1–H2–E)."""

    pointer: str
    code: str
    name: str
    letter: str


def _area_table(key: str, code: str, name: str) -> _Table:
    return _Table(f"/special_educational_needs/{key}", code, name, "B")


#: Profile area key → its table.
AREA_TABLES = {
    "communication_and_interaction": _area_table("communication_interaction", "CI", "Communication and interaction"),
    "cognition_and_learning": _area_table("cognition_learning", "CL", "Cognition and learning"),
    "social_emotional_mental_health": _area_table("semh", "SEMH", "Social, emotional and mental health"),
    "sensory_and_physical": _area_table("sensory_physical", "SP", "Sensory and/or physical"),
}
HEALTH = _Table("/health", "C", "health care (C and G)", "C")
SOCIAL_CARE = _Table("/social_care", "D", "social care (D, H1 and H2)", "D")
#: Where each provision section's entries go, under their table.
PROVISION_FIELD = {"F": "provision", "G": "provision", "H1": "h1_provision", "H2": "h2_provision"}

_NOTHING = re.compile(
    r"^(?:none|nil|n/?a|not applicable|none (?:identified|required|at present))\.?$"
    r"|^(?:there (?:is|are) )?no (?:(?!more\b|less\b|fewer\b)[a-z-]+ ){0,3}?(?:outcomes?|provision|targets?|support)\b",
    re.IGNORECASE)
_STEPS = re.compile(r"short[\s-]*term|\bsteps?\b|\b(?:1|one)[\s-]+year\b|this year|12[\s-]+months?", re.IGNORECASE)
_DASHED = re.compile(r"^(?P<title>[A-Z][^–—:\n]{1,79}?)\s+[–—]\s+(?P<text>[A-Z].{20,})$", re.DOTALL)
_PREFIXED = re.compile(r"^(?P<label>[A-Z][^:\n]{2,40}):\s+(?P<text>\S.*)$", re.DOTALL)
_OUTCOME_WORD = re.compile(r"aspiration|\baims?\b|outcome|goal|ambition", re.IGNORECASE)
_TARGETS = re.compile(r"\btargets?\b", re.IGNORECASE)
_OUTCOME_LABEL = re.compile(r"outcome|\baims?\b|achieve", re.IGNORECASE)
_OUTCOME_REF = re.compile(r"^\(?E\s*-?\s*(\d{1,3})\)?$", re.IGNORECASE)
_SOCIAL = re.compile(r"social\s+care", re.IGNORECASE)
_HEALTH = re.compile(r"(?<!mental )health", re.IGNORECASE)
_BY_PHASE = re.compile(r"^By (the end of [^,]{3,120}?),")
_TAG = re.compile(r"\s*\((?:K\d|[A-Z]{1,5}(?:,\s*[A-Z]{1,5})*)\)\s*$")
_TAIL = re.compile(r"\s+[–—-]\s+(?P<tail>[^–—]{1,80})$")
_WORD = re.compile(r"[a-z]{3,}")
#: Words that mark an outcome as health or as social care, where a heading holds both.
HEALTH_WORDS = ("health medical medication medicine nurse doctor hospital clinic therapy therapist sleep asleep dry "
                "continence toilet toileting inhaler asthma epilepsy seizure implant hearing diet eating weight camhs "
                "appointment paediatrician")
SOCIAL_CARE_WORDS = ("social family parents mum dad friends friendship community club youth breaks home carer travel "
                     "activities worker respite leisure")
_STOP = frozenset(re.findall(r"\w+", "the and for with her his him their them she they will have has are was were "
                             "this that from into when about all any can not but who what which each per than more "
                             "less most one two three four five six seven eight nine ten very often also out over "
                             "under after before been being does did use used uses make made its our your"))


# --- records read from the items -----------------------------------------------------------------------------


@dataclass
class _Need:
    table: _Table
    item: Item
    pieces: list[tuple[Unit, str]]
    title: tuple[Unit, str] | None = None
    group: int = 0
    id: str = ""
    provision_ids: list[str] = field(default_factory=list)
    outcome_ids: list[str] = field(default_factory=list)


@dataclass
class _Outcome:
    table: _Table | None
    item: Item
    unit: Unit
    ref: str | None = None
    ref_unit: Unit | None = None
    id: str = ""
    fragment: str | None = None

    @property
    def text(self) -> str:
        """The outcome's wording: its unit's text, less a label such as "Long-term aspiration:"."""
        return self.unit.text if self.fragment is None else self.fragment


@dataclass
class _Step:
    unit: Unit
    outcome: _Outcome | None = None


@dataclass
class _Provision:
    table: _Table
    letter: str
    item: Item
    text: list[Unit]
    cells: dict[str, tuple[Unit, ...]]
    rest: list[Unit]
    pfa: bool = False
    need_names: list[str] = field(default_factory=list)
    need_cell: list[Unit] = field(default_factory=list)
    outcome_cells: list[Unit] = field(default_factory=list)
    outcome_refs: list[str] = field(default_factory=list)
    row_need: _Need | None = None
    row_outcomes: list[_Outcome] = field(default_factory=list)
    id: str = ""


@dataclass
class _Statement:
    """A no-needs statement (``kind`` "no_needs") or a "no provision / no outcomes" one ("nothing")."""

    table: _Table
    unit: Unit
    kind: str
    section: str


@dataclass
class _Cell:
    kind: str | None
    header: str | None
    units: tuple[Unit, ...]

    @property
    def filled(self) -> list[Unit]:
        return [unit for unit in self.units if unit.text.strip()]


@dataclass
class _Records:
    needs: list[_Need] = field(default_factory=list)
    outcomes: list[_Outcome] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)
    provision: list[_Provision] = field(default_factory=list)
    statements: list[_Statement] = field(default_factory=list)
    strengths: list[tuple[_Table, Unit]] = field(default_factory=list)


# --- entry point ---------------------------------------------------------------------------------------------


def map_needs(items: list[Item], draft: Draft) -> None:
    """Map every item placed in B, C, D, E, F, G, H1 and H2 into ``draft`` (see the module docstring)."""
    reader = _Reader(draft)
    for item in items:
        reader.read(item)
    records = reader.records
    _resolve_rows(records)
    _place_mixed_outcomes(records, draft)
    _drop_stray_paragraphs(records, draft)
    _settle_statements(records, draft)
    _number(records)
    _link(records, draft)
    _write(records, draft)
    _warn_unlinked(records, draft)


# --- reading -------------------------------------------------------------------------------------------------


class _Reader:
    """Walks the items in reading order, turning each into records (or labels, or reasons to carry it over)."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.index = label_index(draft.profile)
        self.records = _Records()
        self.context: str | None = None
        self.header: tuple[str, dict[int, str]] | None = None
        self.title: tuple[Unit, str] | None = None
        self.group = 0
        self.group_key: tuple | None = None
        self.warned: set[str] = set()

    def read(self, item: Item) -> None:
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

    # --- structure: groups, labels, header rows, cells --------------------------------------------------------

    def _nested_rows(self, item: Item) -> list[Item]:
        """The rows of tables nested in the cells of a row, as items of their own (the first a header row when its
        cells name columns)."""
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
                                method="inherited", text=" | ".join(cell.text for cell in cells), columns=kinds)
            grid = {c.column: k for c, k in zip(cells, kinds)} if kinds and not is_header else {}
            row_kinds = tuple(grid.get(c.column) for c in cells) if grid else (header if is_header else ())
            rows.append(Item(placement, row, tuple(_units(c.blocks) for c in cells), row_kinds, {}, item.heading))
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
        return [_Cell(kind, grid.get(column), units) for kind, column, units in zip(kinds, columns, item.cells)]

    def _lead_in(self, item: Item, cells: list[_Cell]) -> bool:
        """A short bold paragraph (or one ending in ":") that no label matched: in B, C or D a short heading is the
        title of the need that follows; anything else ("The provision Rhys needs is:") is carried over."""
        if not (item.placement.candidate and item.kind == "paragraph" and item.placement.method == "inherited"):
            return False
        units = [unit for cell in cells for unit in cell.filled]
        if len(units) == 1 and item.section in {"B", "C", "D"} and _title_like(units[0].text):
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

    # --- B, C and D: strengths and needs ----------------------------------------------------------------------

    def _needs_section(self, item: Item, cells: list[_Cell]) -> None:
        table = self._table(item, cells)
        if table is None:
            self._carry(item, cells, f"in {item.section} but under no area of need", item.section)
            return
        for cell in cells:
            units = cell.filled
            statements = [unit for unit in units if self._no_needs(unit)]
            for unit in statements:
                self.records.statements.append(_Statement(table, unit, "no_needs", item.section))
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

    def _needs(self, item: Item, table: _Table, units: list[Unit]) -> list[_Need]:
        made = _new_needs(table, item, units, self.group)
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

    def _table(self, item: Item, cells: list[_Cell]) -> _Table | None:
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

    # --- E: outcomes and short-term steps ---------------------------------------------------------------------

    def _outcomes_section(self, item: Item, cells: list[_Cell]) -> None:
        table, mixed = self._outcome_table(item)
        ref_unit = next((u for c in cells if c.kind == "reference" for u in c.filled), None)
        if ref_unit is not None and not _OUTCOME_REF.match(ref_unit.text.strip()):
            ref_unit = None
        row_outcome: _Outcome | None = None
        for cell in cells:
            units = [unit for unit in cell.filled if unit is not ref_unit]
            for unit in units:
                row_outcome = self._outcome_unit(item, cell, unit, table, mixed, row_outcome, ref_unit)
        if ref_unit is not None and row_outcome is None:
            self._carry_units([ref_unit], "an outcome number with no outcome beside it", "E")

    def _outcome_unit(self, item: Item, cell: _Cell, unit: Unit, table: _Table | None, mixed: bool,
                      row_outcome: _Outcome | None, ref_unit: Unit | None) -> _Outcome | None:
        if _says_nothing(unit.text) and (table is not None or mixed):
            for each in (table,) if table is not None else (HEALTH, SOCIAL_CARE):
                self.records.statements.append(_Statement(each, unit, "nothing", "E"))
        elif self._is_step(item, cell):
            self.records.steps.append(_Step(unit, row_outcome))
        elif table is None and not mixed and _TARGETS.search(unit.text):
            self.records.steps.append(_Step(unit, None))
        elif table is None and not mixed:
            self._carry_units([unit], "in E but under no area of need, and not health or social care", "E")
        else:
            ref = ref_unit.text.strip() if ref_unit is not None and row_outcome is None else None
            outcome = _Outcome(table, item, unit, ref, ref_unit if ref else None, fragment=self._unprefixed(unit))
            self.records.outcomes.append(outcome)
            return row_outcome or outcome
        return row_outcome

    def _unprefixed(self, unit: Unit) -> str | None:
        """An outcome written after its own label ("Long-term aspiration: Saoirse will…"): the label is taken as
        a template label and the rest returned; ``None`` when there is no such label."""
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

    def _outcome_table(self, item: Item) -> tuple[_Table | None, bool]:
        """The table an outcome belongs to, and whether it is a mixed "health and social care" list: the area
        (:func:`~.sections.find_sections` closes it at a health or social care sub-section), else the sub-section,
        else an outcomes label naming health or social care ("Desired Outcomes (Health)"), else — under a bare
        "Outcomes" label — the needs section just before."""
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

    def _outcomes(self, item: Item, table: _Table, units: list[Unit], ref: str | None) -> list[_Outcome]:
        made = [_Outcome(table, item, unit, ref) for unit in units]
        self.records.outcomes += made
        return made

    # --- F, G, H1, H2: provision ------------------------------------------------------------------------------

    def _provision_section(self, item: Item, cells: list[_Cell]) -> None:
        table = self._table(item, cells)
        section = item.section
        filled = [unit for cell in cells for unit in cell.filled]
        if table is None:
            self._carry(item, cells, f"in {section} but under no area of need", section)
            return
        if len(filled) == 1 and _says_nothing(filled[0].text):
            self.records.statements.append(_Statement(table, filled[0], "nothing", section))
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

    def _provision_row(self, item: Item, table: _Table, cells: list[_Cell]) -> None:
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

    def _add_provision(self, item: Item, table: _Table, text: list[Unit], by_kind: dict[str, tuple[Unit, ...]],
                       rest: list[Unit]) -> _Provision:
        extra = item.placement.extra_area
        pfa = bool(extra and self.draft.profile.extra_areas[extra].preparing_for_adulthood and item.section == "F")
        provision = _Provision(table, item.section, item, list(text), by_kind, rest, pfa)
        self.records.provision.append(provision)
        return provision

    def _row_links(self, item: Item, provision: _Provision, by_kind: dict[str, tuple[Unit, ...]]) -> None:
        """A which-need cell names needs; an outcome cell holds a reference ("E1") or the row's outcome; a need
        cell (or a need cell merged down from the row above) holds the row's need (DfE-style rows: B | F | E)."""
        provision.need_names = [u.text.strip() for u in by_kind.get("which_need", ())]
        for kind in ("outcome", "reference"):
            for unit in by_kind.get(kind, ()):
                if _OUTCOME_REF.match(unit.text.strip()):
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
                if n < len(cells) and self.index.column(grid.get(cells[n].column, "")) == kind and text.strip()]

    # --- leaving things to be carried over --------------------------------------------------------------------

    def _carry(self, item: Item, cells: list[_Cell], reason: str, section: str | None) -> None:
        self._carry_units([u for c in cells for u in c.filled], reason, section)

    def _carry_units(self, units: list[Unit], reason: str, section: str | None) -> None:
        for unit in units:
            self.draft.carry_reason(unit, reason, section)


def _without_nested(item: Item) -> Item:
    """``item`` without the units of the tables nested in its cells (they are read as rows of their own)."""
    own = item.location.path
    cells = tuple(tuple(u for u in units if " › table " not in u.location.path[len(own):]) for units in item.cells)
    return replace(item, cells=cells)


def _says_nothing(text: str) -> bool:
    """True for a short statement that a part of the plan is empty ("None.", "No provision in this section.")."""
    return len(text.strip()) <= 120 and _NOTHING.match(text.strip()) is not None


def _table_path(item: Item) -> str:
    return item.location.path.rsplit(" › row ", 1)[0]


def _new_needs(table: _Table, item: Item, units: list[Unit], group: int) -> list[_Need]:
    return [_Need(table, item, pieces, title, group) for title, pieces in _split_needs(units, item.kind == "row")]


def _title_like(text: str) -> bool:
    text = text.strip()
    return (0 < len(text) <= TITLE_MAX and "\n" not in text and text[-1] not in ".!?:;,"
            and len(text.split()) <= 10)


def _split_needs(units: list[Unit], in_row: bool) -> list[tuple[tuple[Unit, str] | None, list[tuple[Unit, str]]]]:
    """Needs in a run of units: one need with a heading when the first line is a short heading followed by more;
    otherwise one need per unit."""
    pieces = [(unit, line) for unit in units for line in _lines(unit)]
    headed = len(pieces) >= 2 and _title_like(pieces[0][1]) and len(pieces[1][1]) > len(pieces[0][1])
    if headed and (in_row or len(units) == 1):
        return [(pieces[0], pieces[1:])]
    return [_dashed(unit) for unit in units]


def _dashed(unit: Unit) -> tuple[tuple[Unit, str] | None, list[tuple[Unit, str]]]:
    """ "Early reading skills – Saoirse is reading…": a short heading, a dash, then a sentence of its own."""
    found = _DASHED.match(unit.text.strip())
    if found and len(found["title"].split()) <= 6 and _title_like(found["title"]) and "," not in found["title"]:
        return (unit, found["title"]), [(unit, found["text"])]
    return None, [(unit, unit.text)]


def _lines(unit: Unit) -> list[str]:
    return [line for line in unit.text.split("\n") if line.strip()]


# --- settling: rows, mixed lists, stray paragraphs, statements -------------------------------------------------


def _resolve_rows(records: _Records) -> None:
    """A need or outcome written in a provision row is the one already listed in B or E when the text matches
    (the row then links them); otherwise it is a new need or outcome of the table, read from that cell."""
    for provision in records.provision:
        if provision.need_cell:
            text = "\n".join(unit.text for unit in provision.need_cell)
            need = _best_need(text, [n for n in records.needs if n.table == provision.table])
            if need is None:
                made = _new_needs(provision.table, provision.item, provision.need_cell, -1)
                records.needs += made
                provision.rest = [u for u in provision.rest if u not in provision.need_cell]
                need = made[0] if made else None
            provision.row_need = need
        for unit in provision.outcome_cells:
            outcome = next((o for o in records.outcomes if o.table == provision.table
                            and squash(o.text) == squash(unit.text)), None)
            if outcome is None:
                outcome = _Outcome(provision.table, provision.item, unit)
                records.outcomes.append(outcome)
                provision.rest.remove(unit)
            provision.row_outcomes.append(outcome)


def _place_mixed_outcomes(records: _Records, draft: Draft) -> None:
    """A "Health and social care outcomes" list: each outcome goes to the table whose needs and provision (and
    whose usual words: "sleep", "medication"; "friends", "club") it shares the most words with — or to the only
    one of the two that lists needs — with a note to confirm."""
    listed = {need.table for need in records.needs}
    health, social = _vocabulary(records, HEALTH), _vocabulary(records, SOCIAL_CARE)
    health, social = (health - social) | _words(HEALTH_WORDS), (social - health) | _words(SOCIAL_CARE_WORDS)
    for outcome in records.outcomes:
        if outcome.table is not None:
            continue
        words = _words(outcome.text)
        if (HEALTH in listed) != (SOCIAL_CARE in listed):
            outcome.table = HEALTH if HEALTH in listed else SOCIAL_CARE
        else:
            outcome.table = HEALTH if len(words & health) >= len(words & social) else SOCIAL_CARE
        draft.warn(outcome.unit, f"under a heading for both health and social care outcomes: placed in "
                   f"{outcome.table.name} by its wording; a caseworker must confirm", section="E",
                   code="placed_by_wording")


def _vocabulary(records: _Records, table: _Table) -> set[str]:
    texts = [text for need in records.needs if need.table == table for _, text in need.pieces]
    texts += [u.text for p in records.provision if p.table == table for u in p.text]
    return {word for text in texts for word in _words(text)}


def _words(text: str) -> set[str]:
    return {word.rstrip("s") for word in _WORD.findall(text.casefold()) if word not in _STOP}


def _drop_stray_paragraphs(records: _Records, draft: Draft) -> None:
    """Where needs are a bulleted list, a plain paragraph among them is not a need ("The reports listed in
    Section K have been used…"): it is left to be carried over."""
    listed = {need.group for need in records.needs if need.item.kind == "list_item"}
    kept = []
    for need in records.needs:
        if need.group in listed and need.item.kind == "paragraph":
            for unit, _ in need.pieces:
                draft.carry_reason(unit, "a paragraph among a list of needs, not itself one of them",
                                   need.table.letter)
        else:
            kept.append(need)
    records.needs = kept


def _settle_statements(records: _Records, draft: Draft) -> None:
    """A no-needs statement stands only where its table lists no needs, and a "none" statement in E, F, G, H1 or
    H2 then joins it. Anything else is carried over with the reason: a "none" where the table has needs is shown
    in the standard plan by an empty list, so it is kept, unsuggested, only so that its wording is not lost."""
    with_needs = {need.table for need in records.needs}
    flagged = {s.table for s in records.statements if s.kind == "no_needs" and s.table not in with_needs}
    kept = []
    for statement in records.statements:
        if statement.table in flagged:
            kept.append(statement)
        elif statement.kind == "no_needs":
            draft.carry_reason(statement.unit, "says there are no needs here, yet needs are listed",
                               statement.section)
        elif _lists_something(records, statement):
            draft.carry_reason(statement.unit, f"says there is nothing in {statement.section}, yet something is "
                               "listed there", statement.section)
        else:
            draft.carry_reason(statement.unit, f"says there is nothing in {statement.section} of "
                               f"{statement.table.name}; the standard plan shows that by an empty list", None)
    records.statements = kept


def _lists_something(records: _Records, statement: _Statement) -> bool:
    if statement.section == "E":
        return any(outcome.table == statement.table for outcome in records.outcomes)
    return any(p.table == statement.table and p.letter == statement.section for p in records.provision)


# --- ids and links ---------------------------------------------------------------------------------------------


def _number(records: _Records) -> None:
    counts: dict[str, int] = {}
    for need in records.needs:
        prefix = f"B-{need.table.code}" if need.table.letter == "B" else need.table.code
        counts[prefix] = counts.get(prefix, 0) + 1
        need.id = f"{prefix}-{counts[prefix]}"
    for provision in records.provision:
        prefix = f"F-{provision.table.code}" if provision.letter == "F" else provision.letter
        counts[prefix] = counts.get(prefix, 0) + 1
        provision.id = f"{prefix}-{counts[prefix]}"
    _number_outcomes(records.outcomes)


def _number_outcomes(outcomes: list[_Outcome]) -> None:
    """Outcomes are E-1, E-2… in reading order; one numbered "E3" in the source keeps E-3 where it is free."""
    wanted = {}
    for outcome in outcomes:
        found = _OUTCOME_REF.match(outcome.ref or "")
        if found and f"E-{int(found.group(1))}" not in wanted.values():
            wanted[id(outcome)] = f"E-{int(found.group(1))}"
    used = set(wanted.values())
    counter = 0
    for outcome in outcomes:
        if id(outcome) in wanted:
            outcome.id = wanted[id(outcome)]
            continue
        counter += 1
        while f"E-{counter}" in used:
            counter += 1
        outcome.id = f"E-{counter}"
        used.add(outcome.id)


def _link(records: _Records, draft: Draft) -> None:
    by_ref = {_ref_key(o.ref): o for o in records.outcomes if o.ref}
    for provision in records.provision:
        needs = [provision.row_need] if provision.row_need else []
        needs += _named_needs(records, provision, draft)
        outcomes = provision.row_outcomes + [by_ref[_ref_key(r)] for r in provision.outcome_refs
                                             if _ref_key(r) in by_ref]
        for need in _distinct(needs):
            _add(need.provision_ids, provision.id)
            for outcome in outcomes:
                _add(need.outcome_ids, outcome.id)


def _distinct(needs: list[_Need]) -> list[_Need]:
    kept: list[_Need] = []
    for need in needs:
        if not any(need is other for other in kept):
            kept.append(need)
    return kept


def _ref_key(ref: str | None) -> str:
    found = _OUTCOME_REF.match(ref or "")
    return found.group(1).lstrip("0") if found else ""


def _add(ids: list[str], new: str) -> None:
    if new not in ids:
        ids.append(new)


def _named_needs(records: _Records, provision: _Provision, draft: Draft) -> list[_Need]:
    """The needs a which-need cell names, matched against the titles and wording of the table's needs."""
    candidates = [need for need in records.needs if need.table == provision.table]
    found = []
    for name in provision.need_names:
        for line in [part for part in re.split(r"\n|;", name) if part.strip()]:
            need = _best_need(line, candidates)
            if need is None:
                draft.warn(provision.item, f"the need named '{squash(line)}' matches no need of {provision.table.name}; "
                           "a caseworker must link this provision", section=provision.letter, code="unlinked")
            else:
                found.append(need)
    return found


def _best_need(name: str, needs: list[_Need]) -> _Need | None:
    wanted = _strip_tag(squash(name)).casefold()
    best, score = None, 0.0
    for need in needs:
        title = _strip_tag(squash(need.title[1])).casefold() if need.title else ""
        text = _strip_tag(squash(" ".join(t for _, t in need.pieces))).casefold()
        each = max(fuzz.token_sort_ratio(wanted, title) if title else 0,
                   fuzz.partial_ratio(wanted, text) if len(wanted) >= 12 else fuzz.ratio(wanted, text))
        if each > score:
            best, score = need, each
    return best if score >= NEED_MATCH else None


def _strip_tag(text: str) -> str:
    return _TAG.sub("", text)


# --- writing ---------------------------------------------------------------------------------------------------


def _write(records: _Records, draft: Draft) -> None:
    for table, unit in records.strengths:
        draft.add_text(f"{table.pointer}/strengths", unit)
    for need in records.needs:
        _write_need(need, draft)
    for outcome in records.outcomes:
        _write_outcome(outcome, draft)
    for provision in records.provision:
        _write_provision(provision, draft)
    _write_statements(records.statements, draft)
    for step in records.steps:
        prefix = f"{step.outcome.id}: " if step.outcome is not None else ""
        current = draft.get("/shorter_term_targets")
        value = f"{current}\n{prefix}{step.unit.text}" if current else f"{prefix}{step.unit.text}"
        draft.put("/shorter_term_targets", value, unit=step.unit)


def _write_need(need: _Need, draft: Draft) -> None:
    pointer = draft.append(f"{need.table.pointer}/needs", {"id": need.id})
    title = need.title
    pieces = need.pieces
    if title is not None and not pieces:
        title, pieces = None, [title]
    if title is not None and len(title[1]) <= SHORT_TEXT_MAX_LENGTH:
        draft.put(f"{pointer}/title", title[1].strip(), unit=title[0], fragment=title[1])
    elif title is not None:
        pieces = [title, *pieces]
    draft.put(f"{pointer}/description", "\n".join(text for _, text in pieces))
    for unit, text in pieces:
        draft.take(unit, text, pointer=f"{pointer}/description")
    if need.provision_ids:
        draft.put(f"{pointer}/provision_ids", list(need.provision_ids))
    if need.outcome_ids:
        draft.put(f"{pointer}/outcome_ids", list(need.outcome_ids))


def _write_outcome(outcome: _Outcome, draft: Draft) -> None:
    assert outcome.table is not None
    pointer = draft.append(f"{outcome.table.pointer}/outcomes", {"id": outcome.id})
    draft.put(f"{pointer}/description", outcome.text, unit=outcome.unit, fragment=outcome.text)
    phase = _BY_PHASE.match(outcome.text.strip())
    if phase and len(phase.group(1)) <= SHORT_TEXT_MAX_LENGTH:
        draft.put(f"{pointer}/time_frame", {"by_phase": phase.group(1)})
    if outcome.ref_unit is not None:
        if _ref_key(outcome.ref) == outcome.id.split("-")[-1]:
            draft.label(outcome.ref_unit)
        else:
            draft.put(f"{pointer}/original_text", f"{outcome.ref}: {outcome.text}")
            draft.take(outcome.ref_unit, pointer=f"{pointer}/original_text")


def _write_statements(statements: list[_Statement], draft: Draft) -> None:
    for statement in statements:
        pointer = statement.table.pointer
        if statement.kind == "no_needs":
            draft.put(f"{pointer}/no_identified_needs", True, unit=statement.unit, how="boolean")
        text = statement.unit.text.strip()
        if statement.kind == "no_needs" and squash(text).rstrip(".") == NO_NEEDS_SENTENCE:
            continue
        current = draft.get(f"{pointer}/no_needs_statement") or ""
        if squash(text) in {squash(line) for line in current.split("\n")}:
            draft.take(statement.unit, pointer=f"{pointer}/no_needs_statement")
        else:
            draft.add_text(f"{pointer}/no_needs_statement", statement.unit)


def _write_provision(provision: _Provision, draft: Draft) -> None:
    description, tail = _description(provision.text)
    value = {"id": provision.id, "description": description, "original_text": _original(provision)}
    value.update(_prompts(provision))
    if provision.pfa:
        value["preparing_for_adulthood"] = True
    pointer = draft.append(f"{provision.table.pointer}/{PROVISION_FIELD[provision.letter]}", value)
    for unit in provision.text:
        if tail and unit is provision.text[-1]:
            body, _, rest = unit.text.rpartition(tail)
            draft.take(unit, body, pointer=f"{pointer}/description")
            draft.take(unit, tail, pointer=f"{pointer}/original_text")
            if rest.strip():
                draft.take(unit, rest, pointer=f"{pointer}/description")
        else:
            draft.take(unit, pointer=f"{pointer}/description")
    for unit in provision.rest:
        draft.take(unit, pointer=f"{pointer}/original_text")


def _description(units: list[Unit]) -> tuple[str, str]:
    """The provision's wording, less a trailing ratio or group ("… – 1:1 (K1)" gives "… (K1)"), and that tail."""
    lines = [unit.text.strip() for unit in units]
    last = lines[-1]
    tag = _TAG.search(last)
    body = last[: tag.start()] if tag else last
    found = _TAIL.search(body)
    if found and _is_grouping(found.group("tail")):
        lines[-1] = body[: found.start()] + (tag.group().rstrip() if tag else "")
        return "\n".join(lines), body[found.start():].strip()
    return "\n".join(lines), ""


def _is_grouping(tail: str) -> bool:
    parsed = parse_quantity(tail)
    grouping = re.match(r"(?:small\s+)?(?:group|individual|paired|pair|1:1|one[\s-]to[\s-]one)\b", tail, re.IGNORECASE)
    return bool(grouping) or parsed.ratio is not None or parsed.group_size is not None


def _original(provision: _Provision) -> str:
    cells: list[str] = []
    for units in provision.item.cells if provision.item.kind == "row" else (tuple(provision.text),):
        text = "\n".join(unit.text for unit in units if unit.text.strip())
        if text:
            cells.append(text)
    return " | ".join(cells)


#: For each prompt field, the texts read for it, best first: a column, "when" (the frequency and duration columns
#: read together: "Daily" + "2 × 15-minute sessions"), "tail" (a ratio after a dash: "… – 1:1") or "text" (the
#: provision's wording, read only when the row has none of the field's own columns).
PROMPT_SOURCES = {
    "frequency": ("when", "frequency", "duration"),
    "duration_minutes": ("duration", "when", "frequency"),
    "hours": ("when", "frequency", "duration"),
    "ratio": ("ratio", "tail"),
    "group_size": ("ratio", "tail"),
    "term_time_only": ("when", "ratio"),
}


def _prompts(provision: _Provision) -> dict:
    """The prompts read from the who, ratio, frequency and duration cells, else from the wording."""
    texts = {kind: "\n".join(u.text for u in provision.cells.get(kind, ())) for kind in ("frequency", "duration",
                                                                                        "ratio")}
    texts["when"] = ", ".join(texts[kind] for kind in ("frequency", "duration") if texts[kind].strip())
    texts["tail"] = _description(provision.text)[1].lstrip("–—- ")
    texts["text"] = "\n".join(u.text for u in provision.text + ([] if provision.cells else provision.rest))
    parsed = {kind: parse_quantity(text) for kind, text in texts.items() if text.strip()}
    value: dict = {}
    for name, sources in PROMPT_SOURCES.items():
        if not any(source in parsed for source in sources):
            sources = ("text",)
        found = next((each for each in (_read(parsed, source, name) for source in sources)
                      if each is not None), None)
        if found is not None:
            value[name] = found.model_dump(mode="json") if hasattr(found, "model_dump") else found
    who = "; ".join(squash(u.text) for u in provision.cells.get("who", ()))
    if who and len(who) <= SHORT_TEXT_MAX_LENGTH:
        value["provider_role"] = who
    return value


def _read(parsed: dict, source: str, name: str):
    """One prompt field as ``source`` states it, or ``None``."""
    if source not in parsed:
        return None
    return getattr(parsed[source], name)


# --- notes -----------------------------------------------------------------------------------------------------


def _warn_unlinked(records: _Records, draft: Draft) -> None:
    """One note per table whose provision or outcomes are not all linked to its needs."""
    linked = {ref for need in records.needs for ref in (*need.provision_ids, *need.outcome_ids)}
    tables = dict.fromkeys([p.table for p in records.provision] + [o.table for o in records.outcomes])
    for table in tables:
        provision = [p for p in records.provision if p.table == table and p.id not in linked]
        outcomes = [o for o in records.outcomes if o.table == table and o.id not in linked]
        if not provision and not outcomes:
            continue
        parts = [f"{len(provision)} provision item(s)"] * bool(provision) + [f"{len(outcomes)} outcome(s)"] * bool(
            outcomes)
        first = (provision[0].item if provision else outcomes[0].item)
        draft.warn(first, f"{' and '.join(parts)} of {table.name} are not linked to its needs: the legacy plan does "
                   "not say which need each one is for, so a caseworker must link them", section=table.letter,
                   code="unlinked")
