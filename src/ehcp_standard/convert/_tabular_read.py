"""Reading a case-management export into numbered rows of text cells (see :mod:`.tabular`): :func:`read_csv`
sniffs the encoding and the delimiter; :func:`read_xlsx` checks the workbook's zip against the limits of
:mod:`ehcp_standard.ooxml` before openpyxl opens it. Both refuse an export too large to read (:class:`TableLimits`)."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptDocumentError, EhcpError, EncryptedDocumentError, UnsafeDocumentError
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
from .blocks import Location


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


__all__ = ["LIMITS", "Grid", "TableLimits", "read_csv", "read_xlsx"]
