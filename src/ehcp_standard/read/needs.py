"""The need -> provision -> outcome tables: the four B-F-E areas, C-G-E and D-H1-H2-E.

Each table is an *area* table (description, Strengths) and a *rows* table: one row per need (need | provision
column(s) | outcomes), then possibly a row of the table's entries that no need in it names (its first cell is the
``NOT_LINKED`` notice), then a notice row (the no-needs sentence and any no-needs statement).

An entry (provision or outcome) is printed in every row that names it, so it may show in several tables. Its home
table is the one whose "not linked" row shows it; otherwise the first table, in document order, whose rows show
it. When it shows in the rows of more than one table that choice cannot be checked against the page, and the
reader says so. A table's entries are listed in the order they first show in it, then those of its
"not linked" row.

A renderer may settle both by putting a bookmark on the id paragraph where an entry is first printed, named
``ehcp_<column>_<table>_<position>``: the column (``f``, ``g``, ``h1``, ``h2`` or ``e``), the table (an area of need
such as ``communication_interaction``, or ``health`` or ``social_care``) and the entry's 0-based position in that
table's list (``HOME_BOOKMARK``). Where the bookmarks are there, the reader uses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model.codes import AreaOfNeed, PfaDomain, SenType
from . import contract, values
from .cells import (
    Entry,
    FieldLine,
    Sheet,
    body_rows,
    entries,
    label_cells,
    pointer,
    put,
    text_lines,
    text_value,
    trimmed,
)
from .wordml import Paragraph, Row, Table

#: A required text that shows nothing on the page is read as this (the model needs at least one character).
EMPTY_TEXT = "\n"


@dataclass(frozen=True)
class Spec:
    """One needs table: its caption, where it goes in the plan, its provision columns (letter, plan key) and its
    no-needs sentence."""

    caption: str
    path: tuple[str, ...]
    need_letter: str
    columns: tuple[tuple[str, str], ...]
    no_needs_sentence: str


SPECS = (
    *(Spec(f"bfe:{area.value}", ("special_educational_needs", area.value), "B", (("F", "provision"),),
           contract.NO_SEN_SENTENCE) for area in AreaOfNeed),
    Spec("cge", ("health",), "C", (("G", "provision"),), contract.NO_HEALTH_NEEDS_SENTENCE),
    Spec("dhhe", ("social_care",), "D", (("H1", "h1_provision"), ("H2", "h2_provision")),
         contract.NO_SOCIAL_CARE_NEEDS_SENTENCE),
)


#: The bookmark that says which table an entry belongs to, and where in its list (see the module's docstring).
HOME_BOOKMARK = re.compile(r"ehcp_(f|g|h1|h2|e)_([a-z_]+)_([0-9]+)")
_TABLE_NAMES = {spec.path[-1]: index for index, spec in enumerate(SPECS)}


@dataclass
class _Shown:
    """An entry as first shown: its kind (F, G, H1, H2 or E), its data, every (table, row kind) it shows in, and
    its home (table, position) when a bookmark gives it."""

    kind: str
    data: dict
    where: Any
    seen: list[tuple[int, str]] = field(default_factory=list)
    home: tuple[int, int] | None = None


@dataclass
class _TableRows:
    """What one rows table shows: its needs (data, ids per column, outcome ids), its "not linked" entries and its
    notice lines."""

    spec: Spec
    index: int
    needs: list[tuple[dict, dict[str, list[str]], list[str]]] = field(default_factory=list)
    orphans: dict[str, list[str]] = field(default_factory=dict)
    notice: list[str] = field(default_factory=list)
    strengths: str | None = None
    present: bool = True


def read_needs_tables(tables: dict[str, Table], sheet: Sheet, data: dict) -> None:
    """Fill ``data`` with the six needs tables found in ``tables`` (by caption)."""
    shown: dict[str, _Shown] = {}
    read = [_read_table(spec, index, tables, shown, sheet) for index, spec in enumerate(SPECS)]
    homes = _homes(shown, sheet)
    for table in read:
        if table is not None:
            _assemble(table, shown, homes, data)


# -- reading the rows --------------------------------------------------------------------------------------------------


def _read_table(spec: Spec, index: int, tables: dict[str, Table], shown: dict[str, _Shown],
                sheet: Sheet) -> _TableRows | None:
    rows_table = tables.get(f"{spec.caption}:rows")
    if rows_table is None:
        sheet.warn(f"the table ehcp:{spec.caption}:rows is missing, so its needs were not read", None,
                   pointer(*spec.path))
        return None
    table = _TableRows(spec, index)
    area = tables.get(f"{spec.caption}:area")
    if area is not None:
        strengths = label_cells(area, sheet, ["Strengths"]).get("Strengths")
        table.strengths = text_value(strengths.paragraphs) if strengths else None
    for row in body_rows(rows_table):
        _read_row(row, table, shown, sheet)
    table.present = not (table.notice == [contract.TABLE_NOT_RECORDED] and not table.needs and not table.orphans
                         and table.strengths is None)
    return table


def _read_row(row: Row, table: _TableRows, shown: dict[str, _Shown], sheet: Sheet) -> None:
    if len(row.cells) == 1:
        table.notice += text_lines(row.cells[0].paragraphs)
        return
    expected = 2 + len(table.spec.columns)
    if len(row.cells) != expected:
        sheet.warn(f"expected a row of {expected} cells, found {len(row.cells)}; it was not read", row.where)
        return
    first = row.cells[0].paragraphs
    columns = {key: _column(row.cells[1 + i].paragraphs, letter, table, shown, sheet)
               for i, (letter, key) in enumerate(table.spec.columns)}
    outcomes = _column(row.cells[-1].paragraphs, "E", table, shown, sheet)
    if any(p.style == contract.NOTICE and p.text == contract.NOT_LINKED for p in first):
        table.orphans = {**columns, "outcomes": outcomes}
        for ids in table.orphans.values():
            for item_id in ids:
                shown[item_id].seen.append((table.index, "orphan"))
        return
    needs = entries(first)
    if len(needs) != 1:
        sheet.warn(f"expected one need (an id, then its text) in the first cell, found {len(needs)}; the row was "
                   "not read", row.cells[0].where)
        return
    base = f"{pointer(*table.spec.path)}/needs/{len(table.needs)}"
    table.needs.append((read_need(needs[0], sheet, base), columns, outcomes))
    for item_id in [*(i for ids in columns.values() for i in ids), *outcomes]:
        shown[item_id].seen.append((table.index, "need"))


def _column(paragraphs: tuple[Paragraph, ...], kind: str, table: _TableRows, shown: dict[str, _Shown],
            sheet: Sheet) -> list[str]:
    """Return the ids of the entries shown in a provision or outcome cell, recording each the first time."""
    ids = []
    for item in entries(paragraphs):
        base = f"{pointer(*table.spec.path)}/{'outcomes' if kind == 'E' else 'provision'}"
        data = read_outcome(item, sheet, base) if kind == "E" else read_provision(item, sheet, base, kind == "G")
        first = shown.get(item.id)
        if first is None:
            shown[item.id] = _Shown(kind, data, item.where, home=_home_bookmark(item))
        elif first.home is None:
            first.home = _home_bookmark(item)
        elif first.kind != kind:
            sheet.warn(f"{item.id!r} shows as {kind} here but as {first.kind} at {first.where}; read as {first.kind}",
                       item.where)
        elif first.data != data:
            sheet.warn(f"{item.id!r} is printed differently here than at {first.where}; the first was read",
                       item.where)
        ids.append(item.id)
    return ids


def _home_bookmark(item: Entry) -> tuple[int, int] | None:
    """Return (table index, position) from an entry's home bookmark, or ``None`` if it has none."""
    for name in item.bookmarks:
        match = HOME_BOOKMARK.fullmatch(name)
        if match and match.group(2) in _TABLE_NAMES:
            return _TABLE_NAMES[match.group(2)], int(match.group(3))
    return None


# -- entries -----------------------------------------------------------------------------------------------------------

FieldSpec = tuple[tuple[str, ...], Callable[[FieldLine], Any]]


def _value(parse: Callable[[str], Any] | None = None) -> Callable[[FieldLine], Any]:
    return lambda line: (parse(line.value) if parse else (line.value or None))


def _text(line: FieldLine) -> str:
    return line.text() or EMPTY_TEXT


def _optional_text(line: FieldLine) -> str | None:
    return line.text() or None


def read_fields(item: Entry, specs: dict[str, FieldSpec], sheet: Sheet, base: str) -> dict:
    """Return the data of an entry's labelled lines; unknown labels are reported with their text."""
    data: dict[str, Any] = {"id": item.id}
    for line in item.fields:
        spec = specs.get(line.label)
        if spec is None:
            sheet.warn(f"the line {line.label!r} of {item.id!r} is not part of the layout; its text "
                       f"{line.text()!r} was not read", line.where, base)
            continue
        path, read = spec
        try:
            put(data, path, read(line))
        except ValueError as error:
            sheet.warn(f"{error}; the value was not read", line.where, f"{base}{pointer(*path)}")
    return data


def _body_text(item: Entry) -> str:
    return "\n".join(text_lines(item.body)) or EMPTY_TEXT


NEED_FIELDS: dict[str, FieldSpec] = {
    "SEN types": (("sen_types",), _value(lambda text: values.codes_with_values(SenType, text))),
    "Original wording": (("original_text",), _optional_text),
}


def read_need(item: Entry, sheet: Sheet, base: str) -> dict:
    """Return a need's data: id, title, text, SEN types, original wording (links are added by the caller)."""
    data = read_fields(item, NEED_FIELDS, sheet, base)
    put(data, ("title",), item.title)
    data["description"] = _body_text(item)
    return data


def _who(key: int) -> Callable[[FieldLine], Any]:
    return lambda line: values.who(line.value)[key]


def _ratio(key: int) -> Callable[[FieldLine], Any]:
    return lambda line: values.ratio(line.value)[key]


PROVISION_FIELDS: dict[str, FieldSpec] = {
    "What": (("description",), _text),
    "Who": (("provider_role",), _who(0)),
    "Ratio / group size": (("ratio",), _ratio(0)),
    "How often": (("frequency",), _value(values.often)),
    "How long": (("duration_minutes",), _value(values.duration)),
    "Hours": (("hours",), _value(values.hours)),
    "Term time only": (("term_time_only",), _value(values.yes_no)),
    "Start date": (("start",), _value(values.date)),
    "End date": (("end",), _value(values.date)),
    "Where it is delivered": (("delivery_setting",), _value()),
    "Prepares for adulthood": (("preparing_for_adulthood",), _value(values.yes_only)),
    "Preparing for adulthood domains": (("pfa_domains",), _value(lambda t: values.codes_by_label(PfaDomain, t))),
    "Funded through a personal budget": (("funded_by_personal_budget",), _value(values.yes_only)),
    "Agreed by the commissioning body": (("commissioner_agreement", "body"), _value()),
    "Date agreed": (("commissioner_agreement", "date"), _value(values.date)),
    "Original wording": (("original_text",), _optional_text),
}
#: Lines read into a second field of the same line.
_SECOND_FIELDS = {"Who": (("qualification",), _who(1)), "Ratio / group size": (("group_size",), _ratio(1))}


def read_provision(item: Entry, sheet: Sheet, base: str, health: bool) -> dict:
    """Return a provision entry's data from its five prompts and other lines."""
    data = read_fields(item, PROVISION_FIELDS, sheet, base)
    for label, (path, read) in _SECOND_FIELDS.items():
        line = item.field(label)
        if line is not None:
            try:
                put(data, path, read(line))
            except ValueError:
                pass  # already reported by read_fields
    data.setdefault("description", EMPTY_TEXT)
    if not health and "commissioner_agreement" in data:
        sheet.warn(f"{item.id!r} is not health provision, so its commissioning body lines were not read",
                   item.where, base)
        del data["commissioner_agreement"]
    return data


OUTCOME_FIELDS: dict[str, FieldSpec] = {
    "By (key stage or phase)": (("time_frame", "by_phase"), _value()),
    "By (date)": (("time_frame", "by_date"), _value(values.date)),
    "Preparing for adulthood domain": (("pfa_domain",), _value(lambda text: values.code(PfaDomain, text))),
    "Education or training outcome": (("education_or_training",), _value(values.yes_no)),
    "Original wording": (("original_text",), _optional_text),
}


def read_outcome(item: Entry, sheet: Sheet, base: str) -> dict:
    """Return an outcome's data: id, text, time frame, PfA domain, education or training, original wording."""
    data = read_fields(item, OUTCOME_FIELDS, sheet, base)
    data["description"] = _body_text(item)
    return data


# -- homes and assembly ------------------------------------------------------------------------------------------------


def _homes(shown: dict[str, _Shown], sheet: Sheet) -> dict[str, int]:
    """Return the home table (index in ``SPECS``) of every entry shown."""
    homes = {}
    for item_id, item in shown.items():
        if item.home is not None:
            homes[item_id] = item.home[0]
            continue
        orphan = [index for index, kind in item.seen if kind == "orphan"]
        tables = sorted({index for index, _ in item.seen})
        homes[item_id] = orphan[0] if orphan else tables[0]
        if not orphan and len(tables) > 1:
            names = ", ".join(SPECS[i].caption for i in tables)
            sheet.warn(f"{item_id!r} is named by needs in several tables ({names}); the page does not say which "
                       f"table it belongs to, so it was read as part of the first, {SPECS[tables[0]].caption}",
                       item.where)
    return homes


def _assemble(table: _TableRows, shown: dict[str, _Shown], homes: dict[str, int], data: dict) -> None:
    if not table.present:
        return
    out: dict[str, Any] = {}
    needs = [_linked_need(need, columns, outcomes) for need, columns, outcomes in table.needs]
    out["needs"] = needs
    keys = [key for _, key in table.spec.columns] + ["outcomes"]
    ordered: dict[str, list[str]] = {key: [] for key in keys}
    for _, columns, outcomes in table.needs:
        for key, ids in [*columns.items(), ("outcomes", outcomes)]:
            ordered[key] += [i for i in ids if homes[i] == table.index and i not in ordered[key]]
    for key in keys:
        ordered[key] += [i for i in table.orphans.get(key, []) if i not in ordered[key]]
        if ordered[key] and all(shown[i].home is not None for i in ordered[key]):
            ordered[key].sort(key=lambda i: shown[i].home[1])  # type: ignore[index]
        out[key] = [shown[i].data for i in ordered[key]]
    put(out, ("strengths",), table.strengths)
    _notice(table, out)
    put(data, table.spec.path, out)


def _linked_need(need: dict, columns: dict[str, list[str]], outcomes: list[str]) -> dict:
    return {**need, "provision_ids": [i for ids in columns.values() for i in ids], "outcome_ids": outcomes}


def _notice(table: _TableRows, out: dict) -> None:
    lines = list(table.notice)
    if not table.needs and lines and lines[0] in (table.spec.no_needs_sentence, contract.NO_NEEDS_LISTED):
        out["no_identified_needs"] = lines.pop(0) == table.spec.no_needs_sentence
    put(out, ("no_needs_statement",), "\n".join(trimmed(lines)) or None)


__all__ = ["EMPTY_TEXT", "HOME_BOOKMARK", "SPECS", "read_needs_tables"]

