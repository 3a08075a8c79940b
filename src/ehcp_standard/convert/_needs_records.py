"""The records :func:`~.map_needs.map_needs` reads from a legacy plan's sections B to H2 before it writes
them: the tables they belong to (an area of need, health or social care), one record per need, outcome,
short-term step, provision entry and "no needs" statement, and :class:`Records`, which holds them all for one
plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .draft import Item, Unit


@dataclass(frozen=True)
class NeedsTable:
    """A needs table of the plan: an area of B–F–E, health (C–G–E) or social care (D–H1–H2–E)."""

    pointer: str
    code: str
    name: str
    letter: str


def _area_table(key: str, code: str, name: str) -> NeedsTable:
    return NeedsTable(f"/special_educational_needs/{key}", code, name, "B")


#: Profile area key → its table.
AREA_TABLES = {
    "communication_and_interaction": _area_table("communication_interaction", "CI",
                                                 "Communication and interaction"),
    "cognition_and_learning": _area_table("cognition_learning", "CL", "Cognition and learning"),
    "social_emotional_mental_health": _area_table("semh", "SEMH", "Social, emotional and mental health"),
    "sensory_and_physical": _area_table("sensory_physical", "SP", "Sensory and/or physical"),
}
HEALTH = NeedsTable("/health", "C", "health care (C and G)", "C")
SOCIAL_CARE = NeedsTable("/social_care", "D", "social care (D, H1 and H2)", "D")


#: An outcome's number as the legacy plan writes it ("E1", "(E-2)").
OUTCOME_REF = re.compile(r"^\(?E\s*-?\s*(\d{1,3})\)?$", re.IGNORECASE)
#: A bracketed tag ending an entry's wording: a section K reference or capital-letter codes ("(K1)",
#: "(CL, SEMH)").
TAG = re.compile(r"\s*\((?:K\d|[A-Z]{1,5}(?:,\s*[A-Z]{1,5})*)\)\s*$")


# --- records read from the items ----------------------------------------------------------------------------


@dataclass
class Need:
    """A need of B, C or D: its wording as (unit, text) pieces, perhaps a heading, and the ids it links to."""

    table: NeedsTable
    item: Item
    pieces: list[tuple[Unit, str]]
    title: tuple[Unit, str] | None = None
    group: int = 0
    id: str = ""
    provision_ids: list[str] = field(default_factory=list)
    outcome_ids: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """An outcome of E (or one written in a provision row), with the number the source gives it, if any."""

    table: NeedsTable | None
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
class Step:
    """A short-term step or a statement of how targets are set, with the outcome of its row, if any."""

    unit: Unit
    outcome: Outcome | None = None


@dataclass
class Provision:
    """A provision entry of F, G, H1 or H2: its wording, its row's cells by column kind, the rest of the row,
    and what the row says of the needs and outcomes it serves."""

    table: NeedsTable
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
    row_need: Need | None = None
    row_outcomes: list[Outcome] = field(default_factory=list)
    id: str = ""


@dataclass
class Statement:
    """A no-needs statement (``kind`` "no_needs") or a "no provision / no outcomes" one ("nothing")."""

    table: NeedsTable
    unit: Unit
    kind: str
    section: str


@dataclass
class Records:
    """Everything read from one plan's sections B to H2, in reading order."""

    needs: list[Need] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    provision: list[Provision] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    strengths: list[tuple[NeedsTable, Unit]] = field(default_factory=list)


__all__ = ["AREA_TABLES", "HEALTH", "OUTCOME_REF", "SOCIAL_CARE", "TAG", "Need", "NeedsTable", "Outcome",
           "Provision", "Records", "Statement", "Step"]
