"""Sections I, J and K of the layout: rows tables (a column-header row, one row per entry, a notice row)."""

from __future__ import annotations

from typing import Any

from ..model.codes import AdviceType, AttendancePattern, BudgetMechanism, SenSetting
from . import contract, values
from .cells import (
    Entry,
    Sheet,
    body_rows,
    entries,
    field_lines,
    label_cells,
    line_value,
    put,
    text_lines,
    text_value,
)
from .details import read_fields
from .needs import EMPTY_TEXT
from .wordml import Row, Table

PLACEMENT_FIELDS = {
    "Attendance pattern": (("attendance_pattern",), lambda text: values.code(AttendancePattern, text)),
    "URN": (("urn",), None),
    "UKPRN": (("ukprn",), None),
    "SEN setting (SEN2)": (("sen_setting",), lambda text: values.code_with_value(SenSetting, text)),
    "Other setting": (("sen_setting_other",), None),
    "Placement rank": (("rank",), values.rank),
    "Entry date": (("entry_date",), values.date),
    "Leaving date": (("leaving_date",), values.date),
    "SEN unit": (("sen_unit",), values.yes_only),
    "Resourced provision": (("resourced_provision",), values.yes_only),
    "Work-based learning": (("work_based",), values.yes_only),
}


def notices(rows: list[Row]) -> list[str]:
    """Return the lines of the table's full-width notice rows."""
    return [line for row in rows if len(row.cells) == 1 for line in text_lines(row.cells[0].paragraphs)]


def read_placement(table: Table, sheet: Sheet) -> dict:
    """Return section I: one placement per row (a draft shows none: s.38(5))."""
    placements = []
    for row in body_rows(table):
        if len(row.cells) == 1:
            continue
        if len(row.cells) != 3:
            sheet.warn(f"expected a row of 3 cells (Name | Type | Details), found {len(row.cells)}; not read",
                       row.where)
            continue
        base = f"/placement/placements/{len(placements)}"
        name, kind, details = row.cells
        item = read_fields(field_lines(details.paragraphs), PLACEMENT_FIELDS, sheet, base)
        put(item, ("name",), line_value(name, sheet, f"{base}/name") or None)
        put(item, ("type",), line_value(kind, sheet, f"{base}/type") or None)
        placements.append(item)
    return {"placements": placements}


# -- J ---------------------------------------------------------------------------------------------------------------

BUDGET_FIELDS = {
    "Mechanism": (("mechanism",), lambda text: values.code(BudgetMechanism, text)),
    "Paid from": (("start",), values.date),
    "Paid until": (("end",), values.date),
    "Paid to": (("provider",), None),
    "Funds a school or post-16 place": (("funds_institution_place",), values.yes_only),
    "Head teacher or principal agrees": (("head_teacher_agreement",), values.yes_no),
}
MEETS_FIELDS = {"Needs": (("need_ids",), values.id_list), "Outcomes": (("outcome_ids",), values.id_list)}


def read_budget(table: Table, items: Table | None, sheet: Sheet) -> dict | None:
    """Return section J (``None`` when it says nothing is recorded about a personal budget)."""
    said = notices(list(table.rows))
    if said == [contract.BUDGET_NOT_RECORDED]:
        return None
    cells = label_cells(table, sheet, ["Details", "Arrangements for direct payment"])
    budget: dict[str, Any] = {"not_applicable": contract.BUDGET_NOT_APPLICABLE in said}
    for extra in (line for line in said if line not in (contract.BUDGET_NOT_APPLICABLE,)):
        sheet.warn(f"the notice {extra!r} is not part of the layout; it was not read", table.where, "/personal_budget")
    put(budget, ("details",), text_value(cells["Details"].paragraphs) if "Details" in cells else None)
    arrangements = cells.get("Arrangements for direct payment")
    put(budget, ("arrangements",), text_value(arrangements.paragraphs) if arrangements else None)
    budget["items"] = [_budget_item(row, i, sheet) for i, row in enumerate(_entry_rows(items, 4, sheet))] \
        if items is not None else []
    return budget


def _entry_rows(table: Table, width: int, sheet: Sheet) -> list[Row]:
    rows = []
    for row in body_rows(table):
        if len(row.cells) == width:
            rows.append(row)
        elif len(row.cells) != 1:
            sheet.warn(f"expected a row of {width} cells, found {len(row.cells)}; it was not read", row.where)
    return rows


def _budget_item(row: Row, index: int, sheet: Sheet) -> dict:
    base = f"/personal_budget/items/{index}"
    head, amount, funds, meets = row.cells
    found = entries(head.paragraphs)
    if not found:
        sheet.warn("expected the budget item's id in its first cell, found none", head.where, base)
    item = read_fields(list(found[0].fields), BUDGET_FIELDS, sheet, base) if found else {}
    item["id"] = found[0].id if found else ""
    pence, period = sheet.parse(values.amount, line_value(amount, sheet, f"{base}/amount_pence"), amount.where,
                                f"{base}/amount_pence") or (None, None)
    put(item, ("amount_pence",), pence)
    put(item, ("period",), period)
    item["funds"] = text_value(funds.paragraphs) or EMPTY_TEXT
    item.update(read_fields(field_lines(meets.paragraphs), MEETS_FIELDS, sheet, base))
    return item


# -- K ---------------------------------------------------------------------------------------------------------------

ADVICE_FIELDS = {
    "Kind of advice (Regs 6(1))": (("advice_type",), lambda text: values.code(AdviceType, text)),
    "Date requested": (("date_requested",), values.date),
    "Existing advice reused (Regs 6(4))": (("existing_advice_reused",), values.yes_only),
}


def read_advice(table: Table, sheet: Sheet) -> dict:
    """Return section K: one entry per row that has an id; the template's fixed rows (no id) are skipped, and
    reported if someone filled them in."""
    found = []
    for row in _entry_rows(table, 4, sheet):
        requested, received, who, appended = row.cells
        heads = entries(requested.paragraphs)
        if not heads:
            _fixed_row(row, sheet)
            continue
        found.append(_advice_entry(heads[0], requested, received, who, appended, len(found), sheet))
    return {"entries": found}


def _advice_entry(head: Entry, requested: Any, received: Any, who: Any, appended: Any, index: int,
                  sheet: Sheet) -> dict:
    base = f"/advice/entries/{index}"
    entry = read_fields(list(head.fields), ADVICE_FIELDS, sheet, base)
    entry["id"] = head.id
    entry["description"] = "\n".join(text_lines(head.body)) or EMPTY_TEXT
    put(entry, ("date_received",), sheet.parse(values.date, line_value(received, sheet, base), received.where,
                                               f"{base}/date_received"))
    who_lines = [p for p in who.paragraphs if p.style != contract.FIELD]
    put(entry, ("who_from",), " ".join(p.text for p in who_lines if p.text) or None)
    entry.update(read_fields(field_lines(who.paragraphs), {"Role": (("role",), None)}, sheet, base))
    put(entry, ("appended",), sheet.parse(values.yes_no, line_value(appended, sheet, base), appended.where,
                                          f"{base}/appended"))
    return entry


def _fixed_row(row: Row, sheet: Sheet) -> None:
    filled = " | ".join(cell.text for cell in row.cells[1:] if cell.text.strip())
    if filled:
        sheet.warn(f"the fixed row {row.cells[0].text!r} has been filled in ({filled!r}) but has no id, so it was "
                   "not read as an advice entry", row.where, "/advice/entries")
