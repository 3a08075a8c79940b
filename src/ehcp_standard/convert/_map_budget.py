"""Section J, the personal budget: every line goes to its details, verbatim; a budget item stated clearly
(a row of a budget table, or a sentence; see :mod:`._budget`) is read from it as well, and a warning asks for
it to be checked.
"""

from __future__ import annotations

import re

from ._budget import BudgetReading, budget_columns, read_row, read_statement
from ._details_read import _is_label_item, _row_pair, _table_of
from ._map_shared import _ConceptMapper
from .draft import Item, Unit, cell_text, squash

#: A section J statement that there is no personal budget.
NO_BUDGET = re.compile(r"\bno personal budget\b|\bnot applicable\b|^n/?a\.?$|^none\.?$|"
                       r"\bpersonal budget has not been (requested|agreed)\b", re.IGNORECASE)


class _BudgetMapper(_ConceptMapper):
    """Maps section J."""

    def item(self, item: Item) -> None:
        """Every line of J goes to its details, verbatim; a budget item stated clearly (see :mod:`._budget`)
        is read from it as well."""
        if _is_label_item(item):
            self.label(item.units)
            return
        pointer = "/personal_budget/details"
        if self.budget_table_row(item):
            return
        pair = _row_pair(item)
        if pair is not None and pair.values:
            line = f"{squash(' '.join(t for _, t in pair.labels))}: {pair.text}"
            current = self.draft.get(pointer)
            self.draft.put(pointer, f"{current}\n{line}" if current else line)
            for unit, fragment in pair.labels + pair.values:
                self.draft.take(unit, fragment, pointer=pointer)
            if not NO_BUDGET.search(line):
                self.budget_item(item, read_statement(line), [u for u, _ in pair.labels + pair.values])
            return
        for unit in item.units:
            if NO_BUDGET.search(unit.text):
                self.draft.put("/personal_budget/not_applicable", True)
            self.add_line(pointer, unit)
            if unit.text.strip() and not NO_BUDGET.search(unit.text):
                self.budget_item(item, read_statement(unit.text), [unit])

    def budget_table_row(self, item: Item) -> bool:
        """A row of a budget table: its header (remembered, then kept in details) or a row under it (kept in
        details, and read as a budget item when clear). ``False`` for any other item."""
        if item.kind not in {"row", "header_row"} or len(item.cells) < 2:
            return False
        table = _table_of(item)
        columns = budget_columns([cell_text(cell) for cell in item.cells])
        if columns is not None:
            self.state.j_columns[table] = columns
        elif table not in self.state.j_columns or len(self.state.j_columns[table]) != len(item.cells):
            return False
        for unit in item.units:
            self.add_line("/personal_budget/details", unit)
        if columns is None:
            cells = dict(zip(self.state.j_columns[table], item.cells))
            texts = {kind: cell_text(units) for kind, units in cells.items() if kind}
            self.budget_item(item, read_row(texts), list(item.units), cells.get("funds"))
        return True

    def budget_item(self, item: Item, reading: BudgetReading | None, units: list[Unit],
                    funds_units: tuple[Unit, ...] | None = None) -> None:
        """Add the budget item ``reading`` gives (nothing for ``None``), each value taken from the unit of
        ``units`` that holds its fragment: the mechanism and period read as codes, the amount as a number,
        what it funds verbatim."""
        if reading is None:
            return
        count = len(self.draft.get("/personal_budget/items") or [])
        pointer = self.draft.append("/personal_budget/items", {"id": f"J-{count + 1}"})
        values = [("mechanism", reading.mechanism.value, reading.mechanism_text, "enum"),
                  ("amount_pence", reading.amount_pence, reading.amount_text, "number"),
                  ("period", reading.period.value if reading.period else None, reading.period_text, "enum"),
                  ("provider", reading.provider, reading.provider, "text")]
        if funds_units is None:
            values.append(("funds", reading.funds, reading.funds, "text"))
        else:
            self.draft.put(f"{pointer}/funds", reading.funds)
            for unit in funds_units:
                if unit.text.strip():
                    self.draft.take(unit, how="text", pointer=f"{pointer}/funds")
        for name, value, fragment, how in values:
            if value is None:
                continue
            unit = next((u for u in units if fragment and fragment in u.text), None)
            self.draft.put(f"{pointer}/{name}", value, unit=unit, fragment=fragment, how=how)
        self.warn(item, read_note(f"J-{count + 1}") + LINK_REQUEST, "J")


def read_note(item_id: str) -> str:
    """The note on budget item ``item_id`` read from section J's wording, without :data:`LINK_REQUEST` (which the
    note ends with until :mod:`._budget_links` links the item by wording)."""
    return (f"budget item {item_id} was read from the wording of section J, which is also kept in its details: "
            "check how it is held, the amount and what it funds")


#: How the note of :func:`read_note` ends while the budget item links no need or outcome.
LINK_REQUEST = ", and link the needs and outcomes it meets"
