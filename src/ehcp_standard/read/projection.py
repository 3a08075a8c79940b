"""What of a plan the visible layout carries: ``visible_form(plan)`` is the plan a reader gets back from the
rendered page alone.

The page is made for people, and a few distinctions in the data do not show on it. Each is listed here, with the
form the reader gives it, so that a difference between the embedded plan and the page can be told apart from an
edit (``differences``), and so that the round trip plan -> document -> visible layout -> plan can be tested
exactly: ``read_visible(render(plan)) == visible_form(plan)``, and ``== plan`` whenever nothing below applies.

1. Free text: each line is a paragraph (blank lines empty ones, bullets "- " by style, "• " as text), but the kind
   of line break (``\\r\\n``, ``\\u2028``...) is not shown, nor blank lines at the start or the end. Read back:
   one ``\\n`` between lines. A note on a statutory event (a labelled line) keeps blank lines but not the kind of
   line break, nor a final one.
2. A required text (a need, provision entry, outcome, advice entry, budget item or carried-over item) that is
   only line breaks shows nothing: read back as ``"\\n"``.
3. Sections that are empty show the same as sections that are absent: services, section A, the B-F-E tables, I
   and K are read back present (the page shows their headings), and a draft plan's section I never shows a
   placement (s.38(5)), so it is read back empty.
4. Provision and outcomes show in every row that names them, but the id paragraph where each is first printed
   carries a bookmark naming its table and position, so each is read back into its own table and order. Only a
   D need's provision is read H1 first, then H2 (its row shows the two columns side by side).
5. "Who": "Role (qualification)" is split at the bracket that closes the line, and "Not specified" means neither;
   a role that itself ends in a bracketed part, or is "Not specified", reads differently.
6. Hours are printed exactly (the shortest text that reads back as the same number): nothing is lost.
7. Local extensions: each value is a row "namespace › key › 0" | value; a string that spells a JSON number,
   ``true``, ``false``, ``null``, ``[]`` or ``{}`` reads as that value, an object whose keys are 0, 1, 2...
   reads as a list, and keys holding " › " split.

What the renderer would still have to print for the page alone to give back every plan exactly: (1) nothing, if
the model normalised line breaks to ``\\n`` and trimmed blank lines at the start and the end of a text; (3)
nothing: empty and absent are the same on paper, so the model could make these sections always present; (4) the
order of a D need's provision; (5) role and qualification as two labelled lines (tried: the taller provision rows
then went missing from LibreOffice's PDF of an example, so it waits for a layout that keeps them on the page); (7)
each extension value as JSON (strings quoted) under a JSON-pointer path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Plan
from ..model.codes import AreaOfNeed
from . import values
from .appendices import extension_value, unflatten
from .contract import NOT_SPECIFIED, PATH_SEPARATOR
from .needs import EMPTY_TEXT

#: Needs tables in document order: (path in the plan, provision keys in column order).
_TABLES = (
    *((("special_educational_needs", area.value), ("provision",)) for area in AreaOfNeed),
    (("health",), ("provision",)),
    (("social_care",), ("h1_provision", "h2_provision")),
)


def visible_form(plan: Plan) -> Plan:
    """Return the plan as its visible layout shows it (see the module's list)."""
    data = plan.model_dump(mode="json", exclude_none=True)
    _texts(data)
    _sections(data)
    _needs_tables(data)
    _provision_values(data)
    data["extensions"] = _extensions(data.get("extensions", {}))
    return Plan.model_validate(data)


# -- 1 and 2: text --------------------------------------------------------------------------------------------------


def page_text(text: str | None) -> str | None:
    """Return free text as the page shows it: its lines joined by ``\\n``, blank lines kept except at the start
    and the end."""
    if text is None:
        return None
    lines = text.splitlines()
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) or None


def required_page_text(text: str) -> str:
    """Return a required free text as the page shows it (``"\\n"`` when it shows nothing)."""
    return page_text(text) or EMPTY_TEXT


def line_text(text: str | None) -> str | None:
    """Return a text shown on one labelled line: its lines joined by ``\\n`` (blank ones kept, a final break
    lost)."""
    if text is None:
        return None
    return "\n".join(text.splitlines()) or None


#: Free-text fields by where they are: (path pattern with "*" for every list item or table, required).
_TEXT_FIELDS = (
    (("section_a", "a1", "history"), False),
    (("section_a", "a1", "communication"), False),
    *((("section_a", "a2", key), False) for key in ("views", "views_gathered", "interests", "strengths",
                                                    "aspirations", "parent_aspirations")),
    (("shorter_term_targets",), False),
    (("personal_budget", "details"), False),
    (("personal_budget", "arrangements"), False),
    (("personal_budget", "items", "*", "funds"), True),
    (("advice", "entries", "*", "description"), True),
    (("carried_over", "*", "text"), True),
    (("metadata", "history", "*", "summary"), False),
    (("metadata", "timescale_exceptions", "*", "note"), False),
)
_TABLE_TEXT_FIELDS = (
    (("strengths",), False),
    (("no_needs_statement",), False),
    (("needs", "*", "description"), True),
    (("needs", "*", "original_text"), False),
    *(((key, "*", "description"), True) for key in ("provision", "h1_provision", "h2_provision", "outcomes")),
    *(((key, "*", "original_text"), False) for key in ("provision", "h1_provision", "h2_provision", "outcomes")),
)


def _texts(data: dict) -> None:
    for path, required in _TEXT_FIELDS:
        _map(data, path, required_page_text if required else page_text)
    for table_path, _keys in _TABLES:
        table = _get(data, table_path)
        if isinstance(table, dict):
            for path, required in _TABLE_TEXT_FIELDS:
                _map(table, path, required_page_text if required else page_text)
    _map(data, ("metadata", "events", "*", "note"), line_text)


def _map(node: Any, path: tuple[str, ...], change: Any) -> None:
    """Apply ``change`` to the value at ``path`` ("*": every item of a list), leaving out a ``None`` result."""
    for parent, key in _slots(node, path):
        if key in parent:
            new = change(parent[key])
            if new is None:
                del parent[key]
            else:
                parent[key] = new


def _slots(node: Any, path: tuple[str, ...]) -> Iterator[tuple[dict, str]]:
    if not isinstance(node, (dict, list)):
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in node if isinstance(node, list) else ():
            yield from _slots(item, rest)
    elif isinstance(node, dict):
        if rest:
            yield from _slots(node.get(head), rest)
        else:
            yield node, head


def _get(data: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


# -- 3: empty and absent sections -----------------------------------------------------------------------------------


def _sections(data: dict) -> None:
    data.setdefault("services", {})
    data.setdefault("section_a", {})
    data.setdefault("special_educational_needs", {})
    data.setdefault("advice", {"entries": []})
    if data["metadata"]["status"] == "draft" or "placement" not in data:
        data["placement"] = {"placements": []}


# -- 4: needs tables ------------------------------------------------------------------------------------------------


def _needs_tables(data: dict) -> None:
    """Every entry's id paragraph carries its home bookmark (table and position), so only the order of a D need's
    provision is lost: its row shows H1, then H2."""
    social = data.get("social_care")
    kinds = {item["id"]: "h1" for item in social.get("h1_provision", [])} if isinstance(social, dict) else {}
    for need in social.get("needs", []) if isinstance(social, dict) else ():
        refs = need.get("provision_ids", [])
        need["provision_ids"] = [r for r in refs if r in kinds] + [r for r in refs if r not in kinds]


# -- 5 and 6: who and hours -----------------------------------------------------------------------------------------


def who_text(role: str | None, qualification: str | None) -> str:
    """Return "Who" as the page prints it (``render.context_needs``)."""
    if role and qualification:
        return f"{role} ({qualification})"
    if qualification:
        return f"{NOT_SPECIFIED} ({qualification})"
    return role or NOT_SPECIFIED


def _provision_values(data: dict) -> None:
    for path, keys in _TABLES:
        table = _get(data, path)
        for key in keys if isinstance(table, dict) else ():
            for item in table.get(key, []):
                _provision(item)


def _provision(item: dict) -> None:
    role, qualification = values.who(who_text(item.pop("provider_role", None), item.pop("qualification", None)))
    for key, value in (("provider_role", role), ("qualification", qualification)):
        if value is not None:
            item[key] = value


# -- 7: extensions --------------------------------------------------------------------------------------------------


def _extensions(extensions: dict) -> dict:
    rows: list[tuple[list[str], Any]] = []
    for namespace, value in extensions.items():
        _flatten(value, [namespace], rows)
    return unflatten(rows)


def _flatten(value: Any, path: list[str], rows: list[tuple[list[str], Any]]) -> None:
    """As ``render.context_sections.extension_rows`` prints them, then as the reader reads each row back."""
    if isinstance(value, Mapping) and value:
        for key, item in value.items():
            _flatten(item, [*path, key], rows)
    elif isinstance(value, (list, tuple)) and value:
        for index, item in enumerate(value):
            _flatten(item, [*path, str(index)], rows)
    else:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        shown_path = line_text(PATH_SEPARATOR.join(path)) or ""
        rows.append((shown_path.split(PATH_SEPARATOR), extension_value(page_text(text) or "")))


__all__ = ["line_text", "page_text", "required_page_text", "visible_form", "who_text"]
