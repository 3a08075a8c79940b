"""The appendices of the layout: carried-over content, the plan record (version history, statutory events,
exceptions to the 20-week limit) and local extensions."""

from __future__ import annotations

import json
from typing import Any

from ..model.codes import CeaseReason, PlanStatus, ReviewOutcome, SectionLetter, TimescaleExceptionReason
from . import contract, values
from .cells import Sheet, body_rows, field_lines, line_value, put, text_value
from .details import read_fields
from .needs import EMPTY_TEXT
from .wordml import Row, Table

SOURCE_FIELDS = {"File": (("file",), None), "Location": (("location",), None), "Under heading": (("heading",), None)}
_SECTIONS_BY_NAME = {name: code for code, name in contract.SECTION_NAMES.items()}


def _rows(table: Table | None, width: int, sheet: Sheet) -> list[Row]:
    if table is None:
        return []
    found = []
    for row in body_rows(table):
        if len(row.cells) == width:
            found.append(row)
        elif len(row.cells) != 1:
            sheet.warn(f"expected a row of {width} cells, found {len(row.cells)}; it was not read", row.where)
    return found


def _section(text: str) -> str | None:
    if not text:
        return None
    value = _SECTIONS_BY_NAME.get(text, text)
    if value not in {letter.value for letter in SectionLetter}:
        raise ValueError(f"expected a section letter (A to K), 'Personal details' or 'Other'; found {text!r}")
    return value


def read_carried_over(table: Table | None, sheet: Sheet) -> list[dict]:
    """Return the carried-over content, one item per row."""
    items = []
    for index, row in enumerate(_rows(table, 4, sheet)):
        base = f"/carried_over/{index}"
        content, source, reason, section = row.cells
        item: dict[str, Any] = {"text": text_value(content.paragraphs) or EMPTY_TEXT}
        item["source"] = read_fields(field_lines(source.paragraphs), SOURCE_FIELDS, sheet, f"{base}/source")
        put(item, ("reason",), line_value(reason, sheet, f"{base}/reason") or None)
        put(item, ("suggested_section",), sheet.parse(_section, line_value(section, sheet, base), section.where,
                                                      f"{base}/suggested_section"))
        items.append(item)
    return items


# -- plan record -----------------------------------------------------------------------------------------------------


def read_history(table: Table | None, sheet: Sheet) -> list[dict]:
    """Return the version history, one record per row."""
    records = []
    for index, row in enumerate(_rows(table, 6, sheet)):
        base = f"/metadata/history/{index}"
        version, status, issued, superseded, summary, sha256 = row.cells
        record: dict[str, Any] = {}
        put(record, ("version",), sheet.parse(values.integer, line_value(version, sheet, base), version.where,
                                              f"{base}/version"))
        put(record, ("status",), sheet.parse(lambda t: values.code(PlanStatus, t), line_value(status, sheet, base),
                                             status.where, f"{base}/status"))
        put(record, ("issued",), sheet.parse(values.date, line_value(issued, sheet, base), issued.where,
                                             f"{base}/issued"))
        put(record, ("superseded",), sheet.parse(values.date, line_value(superseded, sheet, base), superseded.where,
                                                 f"{base}/superseded"))
        put(record, ("summary",), text_value(summary.paragraphs))
        put(record, ("content_sha256",), line_value(sha256, sheet, f"{base}/content_sha256") or None)
        records.append(record)
    return records


_EVENT_TYPES = {label: kind for kind, label in contract.EVENT_LABELS.items()}


def _note(text: str) -> str | None:
    return text or None


EVENT_FIELDS = {
    "Note": (("note",), _note),
    "Advice entry": (("advice_id",), None),
    "Review outcome": (("outcome",), lambda text: values.code(ReviewOutcome, text)),
    "Date of the review meeting": (("review_meeting",), values.date),
    "Other local authority": (("other_la",), values.authority),
    "Date of the move": (("move_date",), values.date),
    "Date the old LA learned of the move": (("notice_date",), values.date),
    "Cease reason": (("reason",), lambda text: values.code(CeaseReason, text)),
}


def _event_type(text: str) -> str | None:
    if not text:
        return None
    if text not in _EVENT_TYPES:
        raise ValueError(f"expected one of the statutory events, e.g. 'Review meeting'; found {text!r}")
    return _EVENT_TYPES[text]


def read_events(table: Table | None, sheet: Sheet) -> list[dict]:
    """Return the statutory events, one per row."""
    events = []
    for index, row in enumerate(_rows(table, 3, sheet)):
        base = f"/metadata/events/{index}"
        date, kind, details = row.cells
        event = read_fields(field_lines(details.paragraphs), EVENT_FIELDS, sheet, base)
        put(event, ("date",), sheet.parse(values.date, line_value(date, sheet, base), date.where, f"{base}/date"))
        put(event, ("type",), sheet.parse(_event_type, line_value(kind, sheet, base), kind.where, f"{base}/type"))
        events.append(event)
    return events


def read_exceptions(table: Table | None, sheet: Sheet) -> list[dict]:
    """Return the exceptions to the 20-week limit, one per row."""
    found = []
    for index, row in enumerate(_rows(table, 4, sheet)):
        base = f"/metadata/timescale_exceptions/{index}"
        reason, start, end, note = row.cells
        item: dict[str, Any] = {}
        put(item, ("reason",), sheet.parse(lambda t: values.code(TimescaleExceptionReason, t),
                                           line_value(reason, sheet, base), reason.where, f"{base}/reason"))
        put(item, ("start",), sheet.parse(values.date, line_value(start, sheet, base), start.where, f"{base}/start"))
        put(item, ("end",), sheet.parse(values.date, line_value(end, sheet, base), end.where, f"{base}/end"))
        put(item, ("note",), text_value(note.paragraphs))
        found.append(item)
    return found


# -- extensions ------------------------------------------------------------------------------------------------------


def read_extensions(table: Table | None, sheet: Sheet) -> dict:
    """Return the local extensions. Each row is a path ("namespace › key › 0") and a value; see
    ``extension_value`` and ``unflatten`` for how they are read back."""
    rows = []
    for row in _rows(table, 2, sheet):
        path, value = row.cells
        rows.append((line_value(path, sheet, "/extensions").split(contract.PATH_SEPARATOR),
                     extension_value(text_value(value.paragraphs) or "")))
    return unflatten(rows)


def extension_value(text: str) -> Any:
    """Return the value of an extension row: the JSON it spells when it is a JSON number, true, false, null, [] or
    {} (the layout writes those as JSON), else the text itself."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, (bool, int, float)) or value is None or value in ([], {}):
        return value
    return text


def unflatten(rows: list[tuple[list[str], Any]]) -> dict:
    """Return nested extension values from (path, value) rows; below the namespace's object, a level whose keys
    are exactly 0, 1, 2... is a list."""
    root: dict[str, Any] = {}
    for path, value in rows:
        node = root
        for key in path[:-1]:
            child = node.get(key)
            node[key] = child if isinstance(child, dict) else {}
            node = node[key]
        node[path[-1]] = value
    return {namespace: _members(value) for namespace, value in root.items()}


def _members(value: Any) -> Any:
    """A namespace's object stays an object, whatever its keys; the values inside it may be lists."""
    return {key: _lists(item) for key, item in value.items()} if isinstance(value, dict) else value


def _lists(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    items = {key: _lists(item) for key, item in value.items()}
    if items and list(items) == [str(i) for i in range(len(items))]:
        return list(items.values())
    return items
