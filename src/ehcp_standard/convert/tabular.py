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

import csv
import datetime as _dt
import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from ..errors import (
    CorruptDocumentError,
    EhcpError,
    EncryptedDocumentError,
    IncompletePlanError,
    NotAPlanError,
    UnsafeDocumentError,
)
from ..model.identifiers import check_la_code, check_nhs_number, check_uln, check_upn
from ..model.types import TEXT_MAX_LENGTH
from ..ooxml import (
    _DOCTYPE_MARKS,
    OLE_MAGIC,
    Limits,
    Package,
    _doctype_error,
    checked_entries,
    describe_content,
)
from ..quantity import parse_quantity
from .blocks import Cell, Location, Paragraph, Row
from .convert import Conversion, ConvertOptions, finish
from .draft import Draft, Item, Unit, squash
from .profile import Profile, load_profile, normalise
from .sections import LabelPlacement

#: The profile used for an export when the one given has no column map.
DEFAULT_PROFILE = "case_management_export"
#: How many rows from the top are tried as the header row.
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class TableLimits:
    """How much an export may hold before it is refused as unsafe. A workbook's zip is also held to
    :class:`~ehcp_standard.ooxml.Limits` (``zip``)."""

    max_file_bytes: int = Limits().max_file_bytes
    max_rows: int = 100_000
    max_columns: int = 500
    max_cell_chars: int = TEXT_MAX_LENGTH
    zip: Limits = field(default_factory=Limits)


LIMITS = TableLimits()

# --- reading: numbered rows of text cells -------------------------------------------------------------------------


@dataclass
class Grid:
    """An export read into text: ``rows`` of (row number, cells) in file order, blank rows left out. ``where``
    starts every location (``""`` for a CSV, ``"sheet Provision › "`` for a workbook); ``notes`` are (row number,
    or ``None`` for the whole file; location; message)."""

    part: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    where: str = ""
    notes: list[tuple[int | None, str, str]] = field(default_factory=list)

    def location(self, row: int, column: str | None = None) -> Location:
        """Return the location of a row, or of one of its cells (``column`` is the header text, or ``column N``
        for a column with none)."""
        if column is None:
            return Location(self.part, f"{self.where}row {row}")
        step = column if re.fullmatch(r"column \d+", column) else f"column {column}"
        return Location(self.part, f"{self.where}row {row} › {step}")


def read_csv(data: bytes, *, source: str, limits: TableLimits | None = None) -> Grid:
    """Return the rows of a CSV file (``limits``: default :data:`LIMITS`). Raises :class:`UnsafeDocumentError`
    when it is too large and :class:`CorruptDocumentError` when it is not CSV text (binary, a quote never closed)."""
    limits = limits or LIMITS
    _check_file_size(len(data), source, limits)
    text, note = _decode(data, source)
    grid = Grid(source)
    if note:
        grid.notes.append((None, source, note))
    hint = _SEP_HINT.match(text)     # Excel's "sep=;" first line names the delimiter; Excel does not show it as a row
    if hint:
        text = text[hint.end():]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=hint.group(1) if hint else _sniff_delimiter(text),
                        strict=True)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            _add_row(grid, number, cells, limits)
    except csv.Error as error:
        raise CorruptDocumentError(
            f"row {number + 1} (line {reader.line_num}) cannot be read as CSV ({error}); a quote mark that opens "
            "a cell must close it, and a quote inside a quoted cell is written twice", source=source) from error
    return grid


def _check_file_size(size: int, source: str, limits: TableLimits) -> None:
    if size > limits.max_file_bytes:
        raise UnsafeDocumentError(f"the file is {size:,} bytes; an export is read only up to "
                                  f"{limits.max_file_bytes:,} bytes: split it and convert each part", source=source)


def _decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Return the text and, when it was not UTF-8, a note saying how it was read."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data[3:], source, "although it starts with a UTF-8 byte order mark"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise CorruptDocumentError(f"the file starts with a UTF-16 byte order mark but is not UTF-16 "
                                       f"({error.reason} at byte {error.start:,})", source=source) from error
    if b"\x00" in data:
        raise CorruptDocumentError(f"expected CSV text, but found {describe_content(data)} with NUL bytes "
                                   f"(first at byte {data.index(0):,}): a binary file", source=source)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        encoding = "cp1252" if _decodes(data, "cp1252") else "latin-1"
        return data.decode(encoding), (
            f"the file is not UTF-8 (line {line} has byte 0x{data[error.start]:02X}); it was read as "
            f"{'Windows-1252 (cp1252)' if encoding == 'cp1252' else 'Latin-1'}: check accented letters and "
            "symbols, or save the export as CSV UTF-8")


def _utf8(data: bytes, source: str, why: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorruptDocumentError(f"line {line} is not UTF-8 {why} (byte 0x{data[error.start]:02X}); save the "
                                   "export again as CSV UTF-8", source=source) from error


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(text: str) -> str:
    """Return the delimiter among ``, ; tab |`` that splits the first records into the most consistent number of
    cells (ties: the earlier in that list); a comma when none splits the header."""
    sample = text[:65_536]
    best, best_score = ",", (0.0, 1)
    for delimiter in (",", ";", "\t", "|"):
        try:
            records = [r for _, r in zip(range(30), csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))]
        except csv.Error:
            continue
        records = [r for r in records if any(cell.strip() for cell in r)]
        if not records or len(records[0]) < 2:
            continue
        width, whole = len(records[0]), records[:-1] or records     # the last may be cut off by the sample
        score = (sum(len(r) == width for r in whole) / len(whole), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_SEP_HINT = re.compile(r"sep=([,;\t|])\r?\n")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _add_row(grid: Grid, number: int, values: list[str], limits: TableLimits) -> None:
    """Add row ``number`` (its cells cleaned: line ends made ``\\n``, characters XML forbids removed with a note)
    unless it is blank; refuse a row past the limits."""
    while values and not values[-1].strip():
        values = values[:-1]
    if not values:
        return
    if len(grid.rows) >= limits.max_rows:
        raise UnsafeDocumentError(f"{grid.where}row {number}: the export has more than {limits.max_rows:,} rows; "
                                  "split it and convert each part", source=grid.part)
    if len(values) > limits.max_columns:
        raise UnsafeDocumentError(f"{grid.where}row {number} has {len(values):,} cells; an export is read only up "
                                  f"to {limits.max_columns:,} columns", source=grid.part)
    grid.rows.append((number, [_clean(grid, number, column, value, limits) for column, value in enumerate(values)]))


def _clean(grid: Grid, number: int, column: int, value: str, limits: TableLimits) -> str:
    if len(value) > limits.max_cell_chars:
        raise UnsafeDocumentError(f"{grid.where}row {number} › column {column + 1} holds {len(value):,} "
                                  f"characters; a cell is read only up to {limits.max_cell_chars:,}", source=grid.part)
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    found = _XML_ILLEGAL.search(text)
    if found:
        message = f"column {column + 1}: control character U+{ord(found.group()):04X} removed (a plan cannot hold it)"
        grid.notes.append((number, str(grid.location(number)), message))
        text = _XML_ILLEGAL.sub("", text)
    return text.strip()


# --- reading a workbook ------------------------------------------------------------------------------------------


def read_xlsx(data: bytes, *, source: str, sheets: Iterable[str] = (), limits: TableLimits | None = None) -> Grid:
    """Return the rows of the first of ``sheets`` the workbook has (else its first sheet), read with openpyxl
    (read-only, cached values of formulas; ``limits``: default :data:`LIMITS`). The zip is checked first:
    :class:`UnsafeDocumentError` (too large, a zip bomb, a DOCTYPE), :class:`EncryptedDocumentError`,
    :class:`CorruptDocumentError` (not a workbook)."""
    limits = limits or LIMITS
    has_formulas = _check_workbook_zip(data, source, limits)
    workbook = _open_workbook(data, source, data_only=True)
    try:
        sheet, others = _choose_sheet(workbook, [name.casefold() for name in sheets])
        grid = Grid(source, where=f"sheet {sheet.title} › ")
        grid.notes += [(None, source, f"sheet {name!r} was not read: only sheet {sheet.title!r} holds the export")
                       for name in others]
        formulas = _formulas(data, source, sheet.title) if has_formulas else {}
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(value) for value in values]
            _note_formulas(grid, number, formulas.get(number, {}), texts)
            _add_row(grid, number, texts, limits)
    except EhcpError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged sheet; each is the same fact here
        raise CorruptDocumentError(f"the workbook cannot be read ({type(error).__name__}: {error})",
                                   source=source) from error
    finally:
        workbook.close()
    return grid


def _check_workbook_zip(data: bytes, source: str, limits: TableLimits) -> bool:
    """Check the workbook's zip against the ooxml limits before openpyxl touches it: size, entry count, each
    entry's name, encryption and declared sizes, the declared total, then every XML part streamed (counted, so a
    lying header is refused) and refused if it declares a DOCTYPE. Return whether a worksheet holds a formula."""
    _check_file_size(len(data), source, limits)
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedDocumentError("the workbook is password-protected; remove the password in Excel and "
                                         "save it again as .xlsx", source=source)
        raise CorruptDocumentError("expected an Excel .xlsx (a zip package), but found an OLE compound file, "
                                   "probably an Excel 97-2003 .xls: save it as .xlsx", source=source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise CorruptDocumentError(f"expected an Excel .xlsx (a zip package), but found {describe_content(data)}",
                                   source=source) from error
    package = Package(source=source, limits=limits.zip, main_document="", _archive=archive,
                      _infos=checked_entries(archive, len(data), limits.zip, source, kind="a workbook"))
    formulas = False
    for name in package.names:
        if name.endswith((".xml", ".rels", ".vml")):
            part = package.read(name)
            if any(mark in part for mark in _DOCTYPE_MARKS):
                raise _doctype_error(source, name)
            formulas = formulas or (name.startswith("xl/worksheets/") and (b"<f>" in part or b"<f " in part))
    return formulas


def _open_workbook(data: bytes, source: str, *, data_only: bool):
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise ImportError("reading an .xlsx export needs openpyxl: pip install openpyxl") from error
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook; each is the same fact here
        raise CorruptDocumentError(f"expected an Excel workbook, but it cannot be opened ({type(error).__name__}: "
                                   f"{error})", source=source) from error


def _choose_sheet(workbook, wanted: list[str]):
    """Return (the sheet to read, the names of the others): the first sheet named in ``wanted``, else the first."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise ValueError("it has no worksheet")
    by_name = {sheet.title.casefold(): sheet for sheet in sheets}
    chosen = next((by_name[name] for name in wanted if name in by_name), sheets[0])
    return chosen, [sheet.title for sheet in sheets if sheet is not chosen]


def _formulas(data: bytes, source: str, title: str) -> dict[int, dict[int, str]]:
    """Return the formulas of sheet ``title``: row number → column index → formula."""
    workbook = _open_workbook(data, source, data_only=False)
    try:
        found: dict[int, dict[int, str]] = {}
        for number, values in enumerate(workbook[title].iter_rows(values_only=True), start=1):
            row = {column: value for column, value in enumerate(values)
                   if isinstance(value, str) and value.startswith("=")}
            if row:
                found[number] = row
        return found
    finally:
        workbook.close()


def _note_formulas(grid: Grid, number: int, formulas: dict[int, str], texts: list[str]) -> None:
    for column, formula in formulas.items():
        shown = formula if len(formula) <= 80 else formula[:79] + "…"
        cached = column < len(texts) and texts[column] != ""
        grid.notes.append((number, str(grid.location(number)), f"column {column + 1} holds a formula ({shown}); "
                           + ("its cached value was read" if cached else
                              "it has no cached value, so the cell was read as empty: open the workbook in Excel, "
                              "save it, and convert again")))


def _cell_text(value: Any) -> str:
    """A workbook value as text: dates as CCYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- the header row and the column map ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a header or code for matching: :func:`normalise` ("&" → "and", case folded), then every character
    that is not a letter or digit removed ("Plan Ref." and "plan_ref" → "planref")."""
    return re.sub(r"[^0-9a-z]+", "", normalise(text))


@dataclass(frozen=True)
class Header:
    """The header row: its number, each column's text (``column N`` when blank) and field (``None``: not in the
    map), notes on near misses and duplicates, and how well it matched (share of named columns, and which)."""

    row: int
    names: tuple[str, ...]
    fields: tuple[str | None, ...]
    notes: tuple[tuple[str, str], ...]
    score: float
    evidence: tuple[str, ...]

    def name(self, column: int) -> str:
        """Return the header text of ``column`` (``column N`` past the header's end)."""
        return self.names[column] if column < len(self.names) else f"column {column + 1}"

    def field(self, column: int) -> str | None:
        """Return the field ``column`` holds, or ``None``."""
        return self.fields[column] if column < len(self.fields) else None

    def column(self, name: str) -> int | None:
        """Return the index of the column holding field ``name``, or ``None``."""
        return self.fields.index(name) if name in self.fields else None


def find_header(grid: Grid, profile: Profile) -> Header:
    """Return the header: of the first rows, the one whose cells name the most fields of ``profile``'s column map
    (the earliest on a tie). Raises :class:`NotAPlanError` when no row names any."""
    if not grid.rows:
        raise NotAPlanError("the export has no rows", source=grid.part)
    aliases = _aliases(profile)
    best: Header | None = None
    for number, cells in grid.rows[:HEADER_SEARCH_ROWS]:
        header = _match_header(grid, number, cells, aliases, profile.fuzzy_threshold)
        if header.evidence and (best is None or len(header.evidence) > len(best.evidence)):
            best = header
    if best is None:
        first = " | ".join(cell for cell in grid.rows[0][1] if cell)[:200]
        examples = ", ".join(labels[0] for labels in profile.tabular.columns.model_dump().values() if labels)
        raise NotAPlanError(
            f"no column of profile {profile.name}'s column map was found in the first {HEADER_SEARCH_ROWS} rows "
            f"({grid.where}row {grid.rows[0][0]} reads {first!r}); expected headers such as {examples}. Name the "
            "export's columns in a profile that says 'extends: case_management_export' (tabular.columns)",
            source=grid.part)
    return best


def _aliases(profile: Profile) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for name, labels in profile.tabular.columns.model_dump().items():
        for label in labels:
            aliases.setdefault(fold(label), name)
    return aliases


def _match_header(grid: Grid, number: int, cells: list[str], aliases: dict[str, str], threshold: int) -> Header:
    """Name each cell's field: exact (folded) matches first, then near misses among the fields left; a field named
    twice keeps its first column."""
    names = tuple(squash(cell) or f"column {n + 1}" for n, cell in enumerate(cells))
    fields: list[str | None] = [aliases.get(fold(cell)) if fold(cell) else None for cell in cells]
    notes: list[tuple[str, str]] = []
    for n, cell in enumerate(cells):
        key = fold(cell)
        if fields[n] is None and len(key) >= 4:
            found = process.extractOne(key, list(aliases), scorer=fuzz.ratio, score_cutoff=threshold)
            if found and aliases[found[0]] not in fields:
                fields[n] = aliases[found[0]]
                message = (f"header {names[n]!r} read as {fields[n]} (a near miss, {found[1]:.0f}% alike); rename "
                           "it or add it to the profile")
                notes.append((str(grid.location(number, names[n])), message))
    for n, name in enumerate(fields):
        if name is not None and fields.index(name) != n:
            message = (f"a second {name} column; the first ({names[fields.index(name)]!r}) was read, and this one "
                       "is carried over")
            notes.append((str(grid.location(number, names[n])), message))
            fields[n] = None
    named = [names[n] for n, name in enumerate(fields) if name]
    filled = sum(1 for cell in cells if cell)
    return Header(number, names, tuple(fields), tuple(notes), len(named) / max(filled, 1), tuple(named))


# --- grouping rows into plans ------------------------------------------------------------------------------------


@dataclass
class Group:
    """The rows of one plan: ``key`` is its grouping value as read (``""`` when the file has none), ``rows`` the
    (row number, cells) pairs in file order, ``notes`` (location, message) about the grouping."""

    key: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def group_rows(grid: Grid, header: Header, group_by: list[str]) -> list[Group]:
    """Return the plans of the rows below the header, in order of first appearance, grouped by the first column of
    ``group_by`` the header has. A row with no value there belongs to the plan above it (an export that writes the
    reference once per plan, or a merged cell); with no such column, the file is one plan."""
    column = next((header.column(name) for name in group_by if header.column(name) is not None), None)
    groups: dict[str, Group] = {}
    current: Group | None = None
    for number, cells in grid.rows:
        if number <= header.row:
            continue
        value = squash(cells[column]) if column is not None and column < len(cells) else ""
        if not value and current is not None:
            if column is not None:
                message = f"no {header.name(column)}: read as part of the plan above ({current.key or 'unreferenced'})"
                current.notes.append((str(grid.location(number)), message))
        else:
            current = groups.setdefault(value.casefold(), Group(value))
        current.rows.append((number, cells))
    if column is None and groups:
        only = next(iter(groups.values()))
        only.notes.append((grid.part, f"no {' or '.join(group_by)} column: the whole file is read as one plan"))
    return list(groups.values())


# --- where a row belongs: its section, area and table ------------------------------------------------------------

#: The four areas as the model names them, with the short form their ids use.
_SEN = {
    "communication_and_interaction": ("communication_interaction", "CI"),
    "cognition_and_learning": ("cognition_learning", "CL"),
    "social_emotional_mental_health": ("semh", "SEMH"),
    "sensory_and_physical": ("sensory_physical", "SP"),
}


@dataclass(frozen=True)
class Home:
    """The table a row's need, outcome and provision go in: its base pointer, the prefix of its need ids, the
    list its provision goes in and that list's id prefix (``None`` when a row cannot say which: social care with
    no H1 or H2), the provision section letter and the profile's area name."""

    base: str
    need_prefix: str
    provision_list: str | None
    provision_prefix: str | None
    letter: str | None
    area: str | None


@dataclass(frozen=True)
class Place:
    """What a row's section and area cells say: its :class:`Home` (``None``: the row cannot be placed) and why
    not, whether the area cell agrees with the section, and notes for the caseworker."""

    home: Home | None
    reason: str | None = None
    area_fits: bool = True
    notes: tuple[str, ...] = ()


class Codes:
    """The section, area and status codes of a profile's column map, folded for lookup (area names and fifth
    areas from the profile's ``areas`` and ``extra_areas`` too)."""

    def __init__(self, profile: Profile):
        tabular = profile.tabular
        self.sections = {fold(code): letter for code, letter in tabular.sections.items()}
        self.areas = {fold(label): area for area, labels in profile.areas.items() for label in labels}
        self.extra = {fold(label): (extra.maps_to, extra.warning)
                      for extra in profile.extra_areas.values() for label in extra.labels}
        self.areas.update({fold(code): area for code, area in tabular.area_codes.items()})
        self.statuses = {fold(code): status.value for code, status in tabular.statuses.items()}
        self.date_formats = profile.date_formats

    def place(self, section: str, area: str) -> Place:
        """Return where a row with these section and area cells (``""`` when absent) belongs."""
        letter = self.sections.get(fold(section)) if section else None
        table = self.areas.get(fold(area)) if area else None
        notes = []
        if area and table is None and fold(area) in self.extra:
            table, warning = self.extra[fold(area)]
            notes.append(f"area {area!r}: {warning}")
        if section and letter is None:
            notes.append(f"section {section!r} is not one of the column map's section codes; placed by its area")
        if area and table is None:
            notes.append(f"area {area!r} is not one of the column map's area codes")
        return _place(letter, table, area, tuple(notes))


def _place(letter: str | None, table: str | None, area: str, notes: tuple[str, ...]) -> Place:
    if letter in (None, "F") and table in _SEN:
        model, short = _SEN[table]
        base = f"/special_educational_needs/{model}"
        return Place(Home(base, f"B-{short}", f"{base}/provision", f"F-{short}", "F", table), notes=notes)
    if letter == "G" or (letter is None and table == "health"):
        home, fits = Home("/health", "C", "/health/provision", "G", "G", None), table in (None, "health")
    elif letter in ("H1", "H2"):
        home = Home("/social_care", "D", f"/social_care/{letter.lower()}_provision", letter, letter, None)
        fits = table in (None, "social_care")
    elif letter is None and table == "social_care":
        return Place(Home("/social_care", "D", None, None, None, None), notes=notes,
                     reason="a social care row must say H1 or H2 in its section column")
    elif letter == "F":
        return Place(None, f"section F provision needs one of the four areas of need; the area is {area or 'blank'}",
                     notes=notes)
    else:
        return Place(None, "the row's section and area do not say where it belongs", notes=notes)
    if not fits:
        notes += (f"area {area!r} does not fit section {home.letter}: placed in {home.letter} by its section",)
    return Place(home, area_fits=fits, notes=notes)


# --- mapping one plan's rows into a draft ------------------------------------------------------------------------

#: Plan-level fields: where each goes and how it is read.
PLAN_FIELDS = {
    "plan_reference": ("/metadata/plan_reference", "text"),
    "la_code": ("/metadata/la_code", "identifier"),
    "status": ("/metadata/status", "enum"),
    "version": ("/metadata/version", "number"),
    "upn": ("/personal_details/identifiers/upn", "identifier"),
    "uln": ("/personal_details/identifiers/uln", "identifier"),
    "nhs_number": ("/services/nhs_number", "identifier"),
    "forename": ("/personal_details/name/forename", "text"),
    "middle_names": ("/personal_details/name/middle_names", "text"),
    "surname": ("/personal_details/name/surname", "text"),
    "date_of_birth": ("/personal_details/date_of_birth", "date"),
    "start": ("/metadata/dates/version_issued", "date"),
    "review_due": ("/metadata/dates/next_review_due", "date"),
    "first_issued": ("/metadata/dates/first_issued", "date"),
    "last_review": ("/metadata/dates/last_review", "date"),
}
#: Fields that place a row or describe its content.
ROW_FIELDS = ("section", "area", "need_reference", "need", "outcome", "provision", "who", "ratio", "frequency",
              "duration")
#: The cells that write a provision entry, kept together (" | ") in its ``original_text``.
PROVISION_CELLS = ("provision", "who", "ratio", "frequency", "duration")
#: What the quantity parser gives that a provision entry holds.
QUANTITIES = ("frequency", "duration_minutes", "hours", "ratio", "group_size", "term_time_only")
_IDENTIFIER_CHECKS = {"upn": ("UPN", check_upn), "uln": ("ULN", check_uln), "nhs_number": ("NHS number",
                                                                                          check_nhs_number)}


class PlanMapper:
    """Maps the rows of one plan into ``draft``: plan-level values once, each need and outcome once per table,
    provision once per row, and the golden thread from each row."""

    def __init__(self, draft: Draft, codes: Codes, header: Header):
        self.draft = draft
        self.codes = codes
        self.header = header
        self.first: dict[str, tuple[Any, Unit]] = {}
        self.unread: dict[str, str] = {}
        self.needs: dict[tuple[str, str], tuple[str, str]] = {}
        self.outcomes: dict[tuple[str, str], str] = {}
        self.counts: Counter[str] = Counter()

    def row(self, item: Item, place: Place) -> None:
        """Map one item of a row (see :func:`row_items`; its ``kinds`` name each cell's field)."""
        if item.section == "personal_details":
            for kind, units in zip(item.kinds, item.cells):
                self.plan_value(kind, units[0])
            return
        for note in place.notes:
            self.draft.warn(item, note)
        if place.home is None:
            for unit in item.units:
                self.draft.carry_reason(unit, place.reason or "the row cannot be placed")
            return
        need = self.need(item, place.home)
        outcome = self.outcome(item, place.home)
        provision = self.provision(item, place)
        self.link(need, outcome, provision)
        self.codes_taken(item, place, provision or need or outcome)

    # --- plan-level values ---------------------------------------------------------------------------------------

    def plan_value(self, name: str, unit: Unit) -> None:
        """Put a plan-level value from its first row; take a repeat as structure; carry a different one over."""
        pointer, how = PLAN_FIELDS[name]
        if self.unread.get(name) == squash(unit.text):
            self.draft.label(unit)         # the same unreadable value again: its first row carries it
            return
        value = self.read(name, how, unit)
        if value is None:
            self.unread.setdefault(name, squash(unit.text))
            return
        if name in self.first:
            seen, where = self.first[name]
            if value == seen:
                self.draft.label(unit)
            else:
                reason = f"the {name} differs from the one in {where.location.path.split(' › column')[0]}"
                self.draft.carry_reason(unit, reason)
                self.draft.warn(unit, f"{reason}; the first was kept and this one carried over")
            return
        self.first[name] = (value, unit)
        self.draft.put(pointer, value, unit=unit, how=how)
        if name in _IDENTIFIER_CHECKS:
            self.check_identifier(name, value, unit)

    def read(self, name: str, how: str, unit: Unit) -> Any:
        """Return the value of a plan-level cell, or ``None`` (with a note) when it cannot be read."""
        text = unit.text
        value: Any = {"text": squash(text), "identifier": re.sub(r"[\s-]", "", text).upper()}.get(how)
        if how == "date":
            value = read_date(text, self.codes.date_formats)
        elif how == "enum":
            value = self.codes.statuses.get(fold(text))
        elif how == "number":
            value = int(text) if text.isdigit() and int(text) >= 1 else None
        if name == "la_code" and value is not None:
            value = self.checked_la(value, unit)
        if value is None:
            self.unreadable(name, unit)
        return value

    def checked_la(self, code: str, unit: Unit) -> str | None:
        try:
            return check_la_code(code)
        except ValueError as error:
            self.draft.carry_reason(unit, f"not a current local authority code: {error}")
            self.draft.warn(unit, f"{error}; pass the owning council's code with --la-code", section="cover")
            return None

    def unreadable(self, name: str, unit: Unit) -> None:
        if name == "la_code":
            return
        what = {"date": "a date (formats " + ", ".join(self.codes.date_formats) + ")",
                "enum": "one of the column map's statuses (" + ", ".join(self.codes.statuses) + ")",
                "number": "a whole number from 1"}[PLAN_FIELDS[name][1]]
        shown = f" {unit.text!r}" if name in ("status", "version") else ""
        self.draft.carry_reason(unit, f"the {name} cell is not {what}")
        self.draft.warn(unit, f"the {name}{shown} is not {what}; carried over")

    def check_identifier(self, name: str, value: str, unit: Unit) -> None:
        """Note an identifier the model will refuse, without its value (it is carried over with the reason)."""
        label, check = _IDENTIFIER_CHECKS[name]
        try:
            check(value)
        except ValueError as error:
            self.draft.warn(unit, f"the {label} is not valid ({_why_invalid(str(error))}); it was kept out of the "
                                  "plan and carried over for a caseworker to correct", section="personal_details")

    # --- needs, outcomes and provision ---------------------------------------------------------------------------

    def need(self, item: Item, home: Home) -> str | None:
        """Return the pointer of the row's need (made once per reference, or per text), or ``None``."""
        text, ref = _first(item, "need"), _first(item, "need_reference")
        key = ("ref:" + squash(ref.text).casefold()) if ref else ("text:" + squash(text.text).casefold()) if text else None
        if key is None:
            return None
        known = self.needs.get((home.base, key))
        if known is None and text is None:
            self.draft.carry_reason(ref, f"need reference {squash(ref.text)!r} names no need text in this plan")
            return None
        if known is not None and (text is None or squash(text.text) == known[1]):
            pointer = known[0]
            if text is not None:
                self.draft.take(text, pointer=f"{pointer}/description")
        else:
            pointer = self.new_entry(f"{home.base}/needs", home.need_prefix, text)
            if known is not None:
                self.draft.warn(text, f"need reference {squash(ref.text)!r} has another need text here than in "
                                      "an earlier row; kept as a separate need")
            else:
                self.needs[(home.base, key)] = (pointer, squash(text.text))
        if ref is not None:
            self.draft.take(ref, how="enum", pointer=f"{pointer}/id")
        return pointer

    def outcome(self, item: Item, home: Home) -> str | None:
        """Return the pointer of the row's outcome (made once per text within its table), or ``None``."""
        text = _first(item, "outcome")
        if text is None:
            return None
        key = (home.base, squash(text.text).casefold())
        if key in self.outcomes:
            self.draft.take(text, pointer=f"{self.outcomes[key]}/description")
        else:
            self.outcomes[key] = self.new_entry(f"{home.base}/outcomes", "E", text)
        return self.outcomes[key]

    def provision(self, item: Item, place: Place) -> str | None:
        """Return the pointer of the row's provision entry (one per row), or ``None``."""
        home, text = place.home, _first(item, "provision")
        if text is None or home.provision_list is None:
            reason = place.reason if text is not None else "no provision text in this row"
            for kind in ("who", "ratio", "frequency", "duration", "provision"):
                if (unit := _first(item, kind)) is not None:
                    self.draft.carry_reason(unit, reason or "the row cannot be placed", home.letter)
            return None
        pointer = self.new_entry(home.provision_list, home.provision_prefix, text)
        written = [unit.text for kind in PROVISION_CELLS if (unit := _first(item, kind))]
        if len(written) > 1:
            self.draft.put(f"{pointer}/original_text", " | ".join(written))
        who = _first(item, "who")
        if who is not None:
            self.draft.put(f"{pointer}/provider_role", squash(who.text), unit=who)
        self.quantities(item, pointer, home.letter)
        return pointer

    def new_entry(self, pointer: str, prefix: str, unit: Unit) -> str:
        """Append an entry with the next id of ``prefix`` and ``unit``'s text as its description."""
        self.counts[prefix] += 1
        entry = self.draft.append(pointer, {"id": f"{prefix}-{self.counts[prefix]}"})
        self.draft.put(f"{entry}/description", unit.text, unit=unit)
        return entry

    def quantities(self, item: Item, pointer: str, letter: str | None) -> None:
        """Read how often and how long from the frequency and duration cells read together ("Daily" and
        "2 × 15-minute sessions": twice a day, 15 minutes), and the ratio or group size from the ratio cell, each
        only where :func:`parse_quantity` reads it without doubt; its refusals become notes on their cells."""
        cells = {kind: unit for kind in ("ratio", "frequency", "duration") if (unit := _first(item, kind))}
        when = [cells[kind] for kind in ("frequency", "duration") if kind in cells]
        parsed = {"when": parse_quantity(", ".join(unit.text for unit in when)) if when else None,
                  "ratio": parse_quantity(cells["ratio"].text) if "ratio" in cells else None}
        for source, units in (("when", when), ("ratio", [cells.get("ratio")])):
            for refusal in parsed[source].refusals if parsed[source] else ():
                unit = next((u for u in units if u and refusal.phrase in u.text), units[0])
                self.draft.warn(unit, f"{refusal.phrase!r} {refusal.reason}", section=letter, code="quantity")
        for name in QUANTITIES:
            sources = ("ratio", "when") if name in ("ratio", "group_size") else ("when", "ratio")
            value = next((getattr(parsed[s], name) for s in sources
                          if parsed[s] is not None and getattr(parsed[s], name) is not None), None)
            if value is not None:
                self.draft.put(f"{pointer}/{name}", _json(value))
        for unit in cells.values():
            self.draft.take(unit, pointer=f"{pointer}/original_text")

    def link(self, need: str | None, outcome: str | None, provision: str | None) -> None:
        """Tie the row's need to its provision and outcome by id."""
        if need is None:
            return
        for entry, key in ((provision, "provision_ids"), (outcome, "outcome_ids")):
            if entry is not None:
                ids = list(self.draft.get(f"{need}/{key}") or [])
                if self.draft.get(f"{entry}/id") not in ids:
                    self.draft.put(f"{need}/{key}", ids + [self.draft.get(f"{entry}/id")])

    def codes_taken(self, item: Item, place: Place, target: str | None) -> None:
        """Take the section and area cells as the codes that placed ``target`` (the row's provision, else need,
        else outcome); a row with nothing placed, or an area that does not fit its section, is carried over."""
        for kind in ("section", "area"):
            unit = _first(item, kind)
            if unit is None:
                continue
            if target is None:
                self.draft.carry_reason(unit, "nothing in this row was placed by it")
            elif kind == "area" and not place.area_fits:
                self.draft.carry_reason(unit, "the area does not fit the row's section", place.home.letter)
            else:
                self.draft.take(unit, how="enum", pointer=f"{target}/id")


def _first(item: Item, kind: str) -> Unit | None:
    units = item.cell(kind)
    return units[0] if units else None


def _json(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _why_invalid(message: str) -> str:
    """Say why an identifier is invalid without repeating it."""
    if "check letter" in message:
        return "its check letter does not match its other characters"
    if "characters 2-4" in message:
        return "characters 2-4 are not a DfE local authority code"
    if "check" in message or "Modulus" in message:
        return "it fails its check digit"
    return "it does not have the shape of one"


def read_date(text: str, formats: Iterable[str]) -> str | None:
    """Return ``text`` as a CCYY-MM-DD date read with the first of ``formats`` that fits (a workbook's date cell
    is already CCYY-MM-DD, perhaps with a time of day), or ``None``."""
    value = squash(text)
    value = re.sub(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?$", r"\1", value)
    for form in (*formats, "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return None


# --- items: one per row, one unit per cell -----------------------------------------------------------------------


def row_items(grid: Grid, header: Header, number: int, cells: list[str], place: Place,
              profile: Profile) -> tuple[list[Item], list[tuple[str, Unit]]]:
    """Return the row as items — its plan and child details (``row 5 › details``), then its content (``row 5``:
    section, area, need, outcome, provision…), so that what is carried over is only what failed — and the cells
    of columns the map does not name as (reason, unit) pairs to carry over one by one."""
    details: list[tuple[int, Unit]] = []
    content: list[tuple[int, Unit]] = []
    extra = []
    for column, text in enumerate(cells):
        if not text:
            continue
        unit = Unit(grid.location(number, header.name(column)), text, text)
        if header.field(column) is None:
            extra.append((f"column {header.name(column)!r} is not in the column map of profile {profile.name}",
                          unit))
        else:
            (details if header.field(column) in PLAN_FIELDS else content).append((column, unit))
    home = place.home
    section = (home.letter or ("D" if home.base == "/social_care" else None)) if home else None
    items = []
    if details:
        location = grid.location(number).child("details")
        items.append(_item(location, details, header, "personal_details", None, 1.0, "column"))
    if content:
        items.append(_item(grid.location(number), content, header, section, home.area if home else None,
                           1.0 if home else 0.0, "column" if home else "unplaced"))
    return items, extra


def _item(location: Location, cells: list[tuple[int, Unit]], header: Header, section: str | None, area: str | None,
          confidence: float, method: str) -> Item:
    kinds = tuple(header.field(column) for column, _ in cells)
    row = Row(tuple(Cell((Paragraph(unit.text, None, unit.location),), 1, None, unit.location, column)
                    for column, unit in cells), location)
    placement = LabelPlacement(location, "row", " | ".join(unit.text for _, unit in cells), section, None, area,
                          confidence, None, method, columns=kinds)
    return Item(placement, row, tuple((unit,) for _, unit in cells), kinds)


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
        return f"{what}: the export has no la_code column (looked for: {looked}); pass the council's code with --la-code"
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
