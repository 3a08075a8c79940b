"""Converting a case-management export (.csv, .xlsx) into standard plans: one :class:`Conversion` per plan in it.

::

    from ehcp_standard.convert.convert import ConvertOptions, convert_bytes

    for conversion in convert_bytes(path.read_bytes(), source="export.csv", options=ConvertOptions()):
        print(conversion.source, conversion.report.mapped, conversion.report.carried_over)   # export.csv#EHCP/935/1

The steps: read the file into numbered rows of text cells (:func:`read_csv` sniffs the encoding — UTF-8 with or
without a byte order mark, UTF-16 with one, else Windows-1252 with a note — and the delimiter among ``, ; tab |``;
:func:`read_xlsx` checks the workbook's zip against the same limits as :mod:`ehcp_standard.ooxml` before openpyxl
opens it, reads the profile-named sheet or the first, and notes each formula whose cached value it read); find the
header row and name each column with the profile's column map (``tabular`` in :mod:`.profile`; the built-in
``case_management_export`` when the profile given has none); group the rows into plans by plan reference, in file
order (one row per plan and one row per provision item are both read); map each plan's rows through the shared
:class:`Draft` and :func:`finish` it, which accounts for every cell.

How a plan's rows are read. Each cell is a :class:`Unit` located ``row 5 › column provision`` (``sheet Provision ›
row 5 › column provision`` in a workbook). A row gives two :class:`Item` objects, so that what is carried over is
only what failed: its plan and child details (``row 5 › details``, placed in ``personal_details``) and its content
(``row 5``, placed by its section and area columns: placement method ``column``, or ``unplaced``):

- plan-level values (reference, LA, status, version, names, identifiers, dates) are taken from the first row that
  has them; a later row repeating one is the export's structure (a ``label``), and a row that differs is carried
  over with a note. An invalid UPN, ULN or NHS number is put all the same, so that the model refuses it and
  :func:`finish` carries it over with the model's reason; the note never repeats the value;
- the section and area codes place the row: F with one of the four areas, G (health), H1 or H2 (social care);
- a need is made once per need reference (or, with none, per text) within its table (``B-CI-1``, ``C-1``,
  ``D-1``); an outcome once per text within its table (``E-1``… across the plan); provision once per row
  (``F-CI-1``, ``G-1``, ``H1-1``, ``H2-1``) with its provider and the quantities :func:`parse_quantity` reads
  without doubt from the ratio cell and the frequency and duration cells read together; the row's provision, who,
  ratio, frequency and duration cells are kept verbatim in ``original_text``;
- the row's need names its provision and its outcome (the golden thread the export makes explicit);
- a column the map does not name is carried over cell by cell, never dropped; so is a title row above the header
  (as a note), and a sheet of a workbook that was not read is named in a note.

Every plan needs the child's date of birth, and a provision export often has none: such an export cannot make a
standard plan, and :class:`IncompletePlanError` says so and how to add the column (joined from the pupil record).

Errors name the file, row and column: :class:`UnsafeDocumentError` (too large: file, rows, columns, a cell; a zip
bomb), :class:`EncryptedDocumentError`, :class:`CorruptDocumentError` (cannot be read as CSV or a workbook),
:class:`NotAPlanError` (no header row matches the column map; no rows) and :class:`IncompletePlanError`.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import IncompletePlanError, NotAPlanError
from ._tabular_columns import HEADER_SEARCH_ROWS, Group, Header, find_header, fold, group_rows  # noqa: F401
from ._tabular_mapper import (  # noqa: F401 - the public names of the parts, importable from here as before
    PLAN_FIELDS,
    PROVISION_CELLS,
    QUANTITIES,
    ROW_FIELDS,
    PlanMapper,
    read_date,
    row_items,
)
from ._tabular_places import Codes, Home, Place  # noqa: F401
from ._tabular_read import LIMITS, Grid, TableLimits, read_csv, read_xlsx
from .convert import Conversion, ConvertOptions, finish
from .draft import Draft, Item, Unit, squash
from .profile import Profile, load_profile

# An export's reading lives in private modules, each named after what it holds: ``_tabular_read`` (the file into
# rows of text cells), ``_tabular_columns`` (the header row, the column map and the rows grouped into plans),
# ``_tabular_places`` (where a row belongs) and ``_tabular_mapper`` (one plan's rows into a draft). Their public
# names are imported from here.

#: The profile used for an export when the one given has no column map.
DEFAULT_PROFILE = "case_management_export"

# --- the entry point ---------------------------------------------------------------------------------------------


def convert_table(data: bytes, *, source: str, kind: str, options: ConvertOptions) -> list[Conversion]:
    """Convert a case-management export (``kind`` ``"csv"`` or ``"xlsx"``): one conversion per plan in it, in file
    order, each with ``source`` ``f"{source}#{plan_reference}"``."""
    profile, note = choose_profile(options)
    if kind == "xlsx":
        grid = read_xlsx(data, source=source, sheets=profile.tabular.sheet)
    elif kind == "csv":
        grid = read_csv(data, source=source)
    else:
        raise ValueError(f"kind must be 'csv' or 'xlsx', got {kind!r}")
    header = find_header(grid, profile)
    groups = group_rows(grid, header, profile.tabular.group_by)
    if not groups:
        raise NotAPlanError(f"the export has a header ({grid.where}row {header.row}) but no rows of plans below it",
                            source=source)
    notes = [(where, message) for row, where, message in grid.notes if row is None or row <= header.row]
    notes += [(str(grid.location(number)), "above the header row, read as a title: "
               + repr(" | ".join(cell for cell in cells if cell)[:300])) for number, cells in grid.rows
              if number < header.row]
    notes += list(header.notes) + ([(source, note)] if note else [])
    mapped = [map_group(group, grid, header, profile, options, notes) for group in groups]
    check_complete(mapped, header, profile, options, source)
    detected = (profile.name, header.score, header.evidence)
    return [finish(draft, item_list, options=options, detected=detected, extra=extra)
            for draft, item_list, extra in mapped]


def choose_profile(options: ConvertOptions) -> tuple[Profile, str | None]:
    """Return the profile to read an export with (the one given when it has a column map, else the built-in
    ``case_management_export``) and a note when the one given was set aside."""
    given = options.profile
    if given is not None and given.tabular is not None:
        return given, None
    profile = load_profile(DEFAULT_PROFILE)
    if given is None:
        return profile, None
    return profile, f"profile {given.name} has no column map (tabular); the export was read with {profile.name}"


def map_group(group: Group, grid: Grid, header: Header, profile: Profile, options: ConvertOptions,
              notes: list[tuple[str, str]]) -> tuple[Draft, list[Item], list[tuple[str, Unit]]]:
    """Map one plan's rows into a draft; return it with the rows' items and the cells to carry over one by one."""
    draft = Draft(f"{grid.part}#{_reference(group, header)}", profile)
    codes = Codes(profile)
    mapper = PlanMapper(draft, codes, header)
    numbers = {number for number, _ in group.rows}
    for where, message in notes + group.notes:
        draft.warn(where, message)
    for row, where, message in grid.notes:
        if row in numbers and row > header.row:
            draft.warn(where, message)
    item_list, extra = [], []
    for number, cells in group.rows:
        place = codes.place(*(_cell(cells, header.column(kind)) for kind in ("section", "area")))
        items, loose = row_items(grid, header, number, cells, place, profile)
        for item in items:
            mapper.row(item, place)
        item_list += items
        extra += loose
    complete_metadata(draft, group, options)
    return draft, item_list, extra


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _reference(group: Group, header: Header) -> str:
    """The plan's reference: the first in its plan reference column, else one derived from its rows."""
    column = header.column("plan_reference")
    found = next((squash(_cell(cells, column)) for _, cells in group.rows if _cell(cells, column)), "")
    return found or _derived_reference(group)


def _derived_reference(group: Group) -> str:
    digest = hashlib.sha256("\x1e".join("\x1f".join(cells) for _, cells in group.rows).encode("utf-8"))
    return f"CONV-{digest.hexdigest()[:12].upper()}"


def complete_metadata(draft: Draft, group: Group, options: ConvertOptions) -> None:
    """Fill what every plan needs and an export may not state: the LA code (``options.la_code``), the plan
    reference (derived from the rows' content), the status (final) and the version (1), each with a note."""
    la_code = draft.get("/metadata/la_code")
    if la_code is None and options.la_code:
        draft.put("/metadata/la_code", options.la_code)
    elif options.la_code and la_code != options.la_code:
        draft.warn("metadata", f"the export says local authority {la_code}; --la-code {options.la_code} was not "
                               "used", section="cover")
    if draft.get("/metadata/plan_reference") is None:
        reference = _derived_reference(group)
        draft.put("/metadata/plan_reference", reference)
        draft.warn("metadata", f"no plan reference found; {reference} was derived from the rows' content",
                   section="cover")
    if draft.get("/metadata/status") is None:
        draft.put("/metadata/status", "final")
        draft.warn("metadata", "the plan's status is not stated; assumed final", section="cover")
    if draft.get("/metadata/version") is None:
        draft.put("/metadata/version", 1)


#: What every plan must have, the column that gives it, and how to supply it.
REQUIRED = (
    ("/personal_details/date_of_birth", "date_of_birth", "the child's date of birth"),
    ("/personal_details/name/forename", "forename", "the child's forename"),
    ("/personal_details/name/surname", "surname", "the child's surname"),
    ("/metadata/la_code", "la_code", "the local authority"),
)


def check_complete(mapped: list[tuple[Draft, list[Item], list]], header: Header, profile: Profile,
                   options: ConvertOptions, source: str) -> None:
    """Raise :class:`IncompletePlanError` when any plan lacks a field every plan must have, saying for each which
    column was looked for (or which plans left it empty) and how to supply it."""
    problems, missing = [], set()
    for pointer, name, what in REQUIRED:
        lacking = [(draft, items) for draft, items, _ in mapped if draft.get(pointer) is None]
        if not lacking:
            continue
        missing.add(pointer)
        problems.append(_missing(name, what, lacking, header, profile))
    if problems:
        raise IncompletePlanError("cannot make a standard plan from this export: " + "; ".join(problems),
                                  source=source, missing=tuple(sorted(missing)))


def _missing(name: str, what: str, lacking: list[tuple[Draft, list[Item]]], header: Header, profile: Profile) -> str:
    looked = ", ".join(getattr(profile.tabular.columns, name)) or "(no header names)"
    if name == "la_code" and header.column(name) is None:
        return (f"{what}: the export has no la_code column (looked for: {looked}); "
                "pass the council's code with --la-code")
    if header.column(name) is None and name == "date_of_birth":
        return (f"every plan needs {what}, and the export has no date-of-birth column (looked for: {looked}). A "
                "provision export alone cannot make a standard plan: add a date_of_birth column (dd/mm/yyyy) to the "
                "export, e.g. joined from the pupil record by UPN, or name the column it is in under "
                "tabular.columns.date_of_birth in a profile that extends case_management_export, and convert again")
    if header.column(name) is None:
        return f"{what}: the export has no {name} column (looked for: {looked})"
    plans = [f"{draft.source.rsplit('#', 1)[-1]} ({_rows(items)})" for draft, items in lacking]
    shown = ", ".join(plans[:10]) + (f" and {len(plans) - 10} more" if len(plans) > 10 else "")
    return f"{what}: no readable value in column {header.name(header.column(name))!r} for {shown}"


def _rows(item_list: list[Item]) -> str:
    numbers = list(dict.fromkeys(re.findall(r"row (\d+)", item.location.path)[-1] for item in item_list))
    return f"row {numbers[0]}" if len(numbers) == 1 else f"rows {numbers[0]}–{numbers[-1]}"


__all__ = ["DEFAULT_PROFILE", "LIMITS", "Grid", "Group", "Header", "TableLimits", "convert_table", "find_header",
           "group_rows", "read_csv", "read_date", "read_xlsx"]
