"""Reading a plan from the visible layout of a rendered plan (the layout contract of ``render.template_builder``).

The body's tables are found by their captions (``ehcp:<name>``). A table whose caption was lost (a word processor
that drops ``w:tblCaption``) is recognised by the heading before it: its bookmark (``ehcp_<block>``) or its text.
Each block is read into plan data by its own module (``details``, ``needs``, ``sections``, ``appendices``), and
the whole is validated leniently: a value the model rejects is set aside with a located warning and the rest is
kept. What the visible layout cannot carry is described in ``projection``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..model import Plan
from ..model.codes import AreaOfNeed, label
from . import contract
from .appendices import read_carried_over, read_events, read_exceptions, read_extensions, read_history
from .cells import Sheet
from .details import (
    A1,
    A2,
    PERSONAL_DETAILS,
    PLAN_DETAILS,
    SERVICES,
    SIGN_OFF,
    TARGETS,
    read_label_table,
    read_main_contacts,
)
from .needs import read_needs_tables
from .sections import read_advice, read_budget, read_placement
from .wordml import Block, Paragraph, Table

#: The tables that follow each block's heading, in order (the names of their captions without ``ehcp:``).
BLOCK_TABLES: dict[str, tuple[str, ...]] = {
    "plan_details": ("plan_details",),
    "personal_details": ("personal_details",),
    "main_contacts": ("main_contacts",),
    "services": ("services",),
    "a1": ("a1",),
    "a2": ("a2",),
    **{f"bfe_{a.value}": (f"bfe:{a.value}:area", f"bfe:{a.value}:rows") for a in AreaOfNeed},
    "cge": ("cge:area", "cge:rows"),
    "dhhe": ("dhhe:area", "dhhe:rows"),
    "e_targets": ("e_targets",),
    "i": ("i",),
    "j": ("j", "j:items"),
    "k": ("k",),
    "sign_off": ("sign_off",),
    "carried_over": ("carried_over",),
    "history": ("history",),
    "events": ("events",),
    "timescale_exceptions": ("timescale_exceptions",),
    "extensions": ("extensions",),
}
#: Each block's heading text, for documents whose bookmarks were lost too.
HEADING_BLOCKS: dict[str, str] = {
    "Plan details": "plan_details",
    "Child or young person's personal details": "personal_details",
    "Main contact details": "main_contacts",
    "Services currently involved with this child or young person": "services",
    "A1 – Summary of the child or young person's history": "a1",
    "A2 – Summary of the views, interests and aspirations of the child and their parent, or of the young person":
        "a2",
    "B, F and E – Special Educational Needs and Provision": "bfe",
    **{label(area): f"bfe_{area.value}" for area in AreaOfNeed},
    "C, G and E – Health care needs and provision": "cge",
    "D, H1, H2 and E – Social care needs and provision": "dhhe",
    "E – How shorter-term targets will be set": "e_targets",
    "I – Placement": "i",
    "J – Direct Payments": "j",
    "K – The advice and information gathered during the EHC needs assessment": "k",
    "Sign-off": "sign_off",
    "Appendix – Content carried over from the previous plan": "carried_over",
    "Appendix – Plan record": "plan_record",
    "Version history": "history",
    "Statutory events": "events",
    "Exceptions to the 20-week limit": "timescale_exceptions",
    "Appendix – Local extensions": "extensions",
}
_LETTER = "(?:A[12]|H[12]|[A-K])"
_SECTION_HEADING = re.compile(rf"^({_LETTER}(?:, {_LETTER})*(?: and {_LETTER})?) [–-] ")
_REQUIRED = ("plan_details", "personal_details")


@dataclass(frozen=True)
class VisibleRead:
    """What the visible layout gave: the plan (``None`` when it could not be made), the plan data as read
    (``None`` when the layout was not found at all), and the section labels in document order."""

    plan: Plan | None
    data: dict | None
    document_sections: tuple[str, ...]


def read_visible(blocks: list[Block], sheet: Sheet) -> VisibleRead:
    """Return the plan the visible layout shows; warnings go to ``sheet``."""
    sections = document_sections(blocks)
    tables = find_tables(blocks, sheet)
    missing = [name for name in _REQUIRED if name not in tables]
    if missing:
        names = ", ".join(f"ehcp:{name}" for name in missing)
        sheet.warn(f"the standard plan layout was not found: no table {names} (and no heading that leads to one)")
        return VisibleRead(None, None, sections)
    data = plan_data(tables, sheet)
    return VisibleRead(validate(data, sheet), data, sections)


def document_sections(blocks: list[Block]) -> tuple[str, ...]:
    """Return the section letters the document's top-level headings show, in order ("A1", "B", "F", "E", ...)."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == "Heading1":
            match = _SECTION_HEADING.match(block.text)
            if match:
                found += re.findall(_LETTER, match.group(1))
    return tuple(found)


def find_tables(blocks: list[Block], sheet: Sheet) -> dict[str, Table]:
    """Return the layout's tables by name: by caption, else by the heading before them."""
    tables: dict[str, Table] = {}
    expected: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            name = _block_name(block)
            if name is not None:
                expected = list(BLOCK_TABLES.get(name, ()))
            continue
        name = _table_name(block, expected, sheet)
        if name in expected:
            expected = expected[expected.index(name) + 1:]
        if name is None:
            sheet.warn("a table that is not part of the plan layout; it was not read", block.where)
        elif name in tables:
            sheet.warn(f"a second table captioned ehcp:{name}; only the first was read", block.where)
        else:
            tables[name] = block
    return tables


def _block_name(paragraph: Paragraph) -> str | None:
    if paragraph.style not in contract.HEADINGS:
        return None
    for bookmark in paragraph.bookmarks:
        if bookmark.startswith(contract.BOOKMARK_PREFIX):
            return bookmark.removeprefix(contract.BOOKMARK_PREFIX)
    return HEADING_BLOCKS.get(paragraph.text.strip())


def _table_name(table: Table, expected: list[str], sheet: Sheet) -> str | None:
    if table.caption and table.caption.startswith(contract.CAPTION_PREFIX):
        return table.caption.removeprefix(contract.CAPTION_PREFIX)
    if not expected:
        return None
    sheet.warn(f"the table has no caption; taken as ehcp:{expected[0]} from the heading before it", table.where)
    return expected[0]


# -- the plan's data -------------------------------------------------------------------------------------------------


def plan_data(tables: dict[str, Table], sheet: Sheet) -> dict[str, Any]:
    """Return the plan data the layout's tables show (not yet validated)."""
    data: dict[str, Any] = {"services": {}, "section_a": {"a1": {}, "a2": {}}}
    for name, rows in (("plan_details", PLAN_DETAILS), ("personal_details", PERSONAL_DETAILS),
                       ("services", SERVICES), ("a1", A1), ("a2", A2), ("e_targets", TARGETS),
                       ("sign_off", SIGN_OFF)):
        if _present(tables, name, sheet):
            read_label_table(tables[name], rows, sheet, data)
    if _present(tables, "main_contacts", sheet):
        _put_optional(data, "main_contacts", read_main_contacts(tables["main_contacts"], sheet))
    data["special_educational_needs"] = {}
    read_needs_tables(tables, sheet, data)
    _sections(tables, sheet, data)
    _appendices(tables, sheet, data)
    return data


def _present(tables: dict[str, Table], name: str, sheet: Sheet) -> bool:
    if name in tables:
        return True
    sheet.warn(f"the table ehcp:{name} is missing, so that part of the plan was not read")
    return False


def _put_optional(data: dict, key: str, value: Any) -> None:
    if value is not None:
        data[key] = value


def _sections(tables: dict[str, Table], sheet: Sheet, data: dict) -> None:
    if _present(tables, "i", sheet):
        data["placement"] = read_placement(tables["i"], sheet)
    if _present(tables, "j", sheet):
        _put_optional(data, "personal_budget", read_budget(tables["j"], tables.get("j:items"), sheet))
    if _present(tables, "k", sheet):
        data["advice"] = read_advice(tables["k"], sheet)


def _appendices(tables: dict[str, Table], sheet: Sheet, data: dict) -> None:
    metadata = data.setdefault("metadata", {})
    metadata["history"] = read_history(tables.get("history"), sheet)
    metadata["events"] = read_events(tables.get("events"), sheet)
    metadata["timescale_exceptions"] = read_exceptions(tables.get("timescale_exceptions"), sheet)
    data["carried_over"] = read_carried_over(tables.get("carried_over"), sheet)
    data["extensions"] = read_extensions(tables.get("extensions"), sheet)


# -- lenient validation ----------------------------------------------------------------------------------------------

_ROUNDS = 4


def validate(data: dict, sheet: Sheet) -> Plan | None:
    """Return ``data`` as a ``Plan``. A value the model rejects is set aside (with a warning) and the rest
    validated again; ``None`` (with a warning per problem) if the plan still cannot be made."""
    for _ in range(_ROUNDS):
        try:
            return Plan.model_validate(data)
        except ValidationError as error:
            problems = sorted(set(_problems(error, data)), key=_last_first)
            removable = [(ptr, msg) for ptr, msg in problems if _remove(data, ptr)]
            for ptr, msg in removable:
                sheet.warn(f"the value shown is not valid ({msg}); it was set aside", None, ptr)
            if not removable:
                for ptr, msg in _problems(error, data):
                    sheet.warn(f"the plan shown is not valid: {msg}", None, ptr or None)
                return None
    return None


def _problems(error: ValidationError, data: dict) -> list[tuple[str, str]]:
    found = []
    for item in error.errors():
        cause = (item.get("ctx") or {}).get("error")
        if hasattr(cause, "problems"):
            found += list(cause.problems)
        else:
            found.append((_pointer(data, item["loc"]), item["msg"]))
    return found


def _last_first(problem: tuple[str, str]) -> list[tuple[int, Any]]:
    """Sort key putting later list items first, so that removing one does not shift the others."""
    return [(1, -int(part)) if part.isdigit() else (0, part) for part in problem[0].split("/")[1:]]


def _pointer(data: Any, loc: tuple) -> str:
    """Return the JSON pointer of a pydantic error location in ``data`` (union tags in the location skipped; a
    missing field at the end kept)."""
    parts: list[str] = []
    node = data
    for index, key in enumerate(loc):
        if _has(node, key):
            node = node[key]
            parts.append(str(key))
        elif index == len(loc) - 1 and isinstance(node, dict):
            parts.append(str(key))
    return "".join(f"/{p.replace('~', '~0').replace('/', '~1')}" for p in parts)


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and key < len(node)


def _remove(data: Any, pointer: str) -> bool:
    """Remove the leaf value at ``pointer`` (a scalar, or an id in a list of references); return whether it did."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    if not parts:
        return False
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.get(part) if isinstance(node, dict) else None
        if node is None:
            return False
    last = parts[-1]
    if isinstance(node, dict) and last in node and not isinstance(node[last], (dict, list)):
        del node[last]
        return True
    if isinstance(node, list) and last.isdigit() and int(last) < len(node) and isinstance(node[int(last)], str):
        del node[int(last)]
        return True
    return False


__all__ = ["BLOCK_TABLES", "HEADING_BLOCKS", "VisibleRead", "document_sections", "find_tables", "read_visible"]

