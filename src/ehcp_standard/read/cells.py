"""Reading the values of the layout's cells: one-line values, free text, labelled lines ("Label: value"), groups
of labelled lines, entries that start with an id, and label | value tables.

``Sheet`` carries the warnings of one read and turns a value parser's ``ValueError`` into a located warning, so a
value that cannot be read is left out and said so, and the rest of the plan is still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import contract
from .warnings import Location, Warnings
from .wordml import Cell, Paragraph, Row, Table

T = TypeVar("T")
_TEXT_STYLES = ("", "Normal", "ListBullet", "ListParagraph")


@dataclass(frozen=True)
class FieldLine:
    """A labelled line: its label (without the ": "), its value, the text paragraphs that continue it (for a
    labelled text such as "What: …"), and where it is."""

    label: str
    value: str
    where: Location
    more: tuple[Paragraph, ...] = ()

    def text(self) -> str:
        """Return the labelled text: the value as its first line, then the continuing paragraphs."""
        return "\n".join(trimmed([self.value, *(_line(p) for p in self.more)]))


@dataclass(frozen=True)
class Entry:
    """The paragraphs describing one need, provision entry, outcome, budget item or advice entry: its id, its
    title (needs only), its text paragraphs, its labelled lines, and the bookmarks on its id paragraph."""

    id: str
    where: Location
    title: str | None = None
    body: tuple[Paragraph, ...] = ()
    fields: tuple[FieldLine, ...] = ()
    bookmarks: tuple[str, ...] = ()

    def field(self, label: str) -> FieldLine | None:
        """Return the labelled line called ``label``, or ``None``."""
        return next((line for line in self.fields if line.label == label), None)


@dataclass
class Sheet:
    """The state of one read of the visible layout: its warnings."""

    warnings: Warnings = field(default_factory=Warnings)

    def warn(self, message: str, where: Location | None = None, pointer: str | None = None) -> None:
        """Record a warning."""
        self.warnings.add(message, where, pointer)

    def parse(self, parser: Callable[[str], T], text: str, where: Location, pointer: str) -> T | None:
        """Return ``parser(text)``, or ``None`` with a warning if the text is not in the form it expects."""
        try:
            return parser(text)
        except ValueError as error:
            self.warn(f"{error}; the value was not read", where, pointer)
            return None


# -- paragraphs ----------------------------------------------------------------------------------------------------


def is_text(paragraph: Paragraph) -> bool:
    """Return whether a paragraph is a paragraph of free text (Normal or a bullet point)."""
    return paragraph.bullet or paragraph.style in _TEXT_STYLES


def text_lines(paragraphs: Iterable[Paragraph]) -> list[str]:
    """Return the lines of free text of ``paragraphs``: a bullet point as "- text", an empty paragraph between
    two others as a blank line; empty paragraphs at the start and the end left out."""
    return trimmed([_line(p) for p in paragraphs])


def _line(paragraph: Paragraph) -> str:
    return f"- {paragraph.text}" if paragraph.bullet else paragraph.text


def trimmed(lines: list[str]) -> list[str]:
    """Return ``lines`` without the empty lines at the start and the end."""
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def text_value(paragraphs: Iterable[Paragraph]) -> str | None:
    """Return free text (one line per paragraph), or ``None`` when nothing is shown."""
    return "\n".join(text_lines(p for p in paragraphs if is_text(p))) or None


def line_value(cell: Cell, sheet: Sheet, pointer: str) -> str:
    """Return a one-line value ("" when nothing is shown); paragraphs added in Word are joined with spaces."""
    texts = [p.text for p in cell.paragraphs if p.text]
    if len(texts) > 1:
        sheet.warn(f"expected one line, found {len(texts)} paragraphs; they were joined with spaces", cell.where,
                   pointer)
    return " ".join(texts)


def field_line(paragraph: Paragraph, more: tuple[Paragraph, ...] = ()) -> FieldLine:
    """Return a labelled paragraph as a ``FieldLine``: the bold runs are the label, the rest the value."""
    label, value = paragraph.label_and_value()
    for suffix in (": ", ":"):
        if label.endswith(suffix):
            label = label[: -len(suffix)]
            break
    return FieldLine(label, value, paragraph.where, more)


def field_lines(paragraphs: Iterable[Paragraph]) -> list[FieldLine]:
    """Return the labelled lines of ``paragraphs``, each with the text paragraphs that follow it."""
    lines: list[FieldLine] = []
    pending: Paragraph | None = None
    more: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.style == contract.FIELD:
            if pending is not None:
                lines.append(field_line(pending, tuple(more)))
            pending, more = paragraph, []
        elif pending is not None and is_text(paragraph):
            more.append(paragraph)
    if pending is not None:
        lines.append(field_line(pending, tuple(more)))
    return lines


def field_groups(paragraphs: Iterable[Paragraph]) -> list[list[FieldLine]]:
    """Return groups of labelled lines separated by the layout's group gaps (one group per professional...)."""
    groups: list[list[Paragraph]] = [[]]
    for paragraph in paragraphs:
        if paragraph.style == contract.GROUP_GAP:
            groups.append([])
        else:
            groups[-1].append(paragraph)
    return [lines for group in groups if (lines := field_lines(group))]


def entries(paragraphs: Iterable[Paragraph]) -> list[Entry]:
    """Return the entries of a cell: each starts at a paragraph in the id style and runs to the next."""
    found: list[tuple[Paragraph, list[Paragraph]]] = []
    for paragraph in paragraphs:
        if paragraph.style == contract.ID:
            found.append((paragraph, []))
        elif found:
            found[-1][1].append(paragraph)
    return [entry(head, body) for head, body in found]


def entry(head: Paragraph, paragraphs: list[Paragraph]) -> Entry:
    """Return one entry from its id paragraph and the paragraphs after it."""
    title = next((p.text for p in paragraphs if p.style == contract.NEED_TITLE), None)
    first_field = next((i for i, p in enumerate(paragraphs) if p.style == contract.FIELD), len(paragraphs))
    body = tuple(p for p in paragraphs[:first_field] if is_text(p))
    fields = tuple(field_lines(paragraphs[first_field:]))
    return Entry(head.text.strip(), head.where, title or None, body, fields, head.bookmarks)


# -- tables --------------------------------------------------------------------------------------------------------


def is_wide(row: Row) -> bool:
    """Return whether a row is one cell spanning the table (a notice or a description)."""
    return len(row.cells) == 1


def body_rows(table: Table) -> list[Row]:
    """Return the rows of a rows table after its column-header row."""
    rows = list(table.rows)
    while rows and (rows[0].header or _is_column_header(rows[0])):
        rows.pop(0)
    return rows


def _is_column_header(row: Row) -> bool:
    return any(p.style == contract.COLUMN_HEADER for cell in row.cells for p in cell.paragraphs)


def label_cells(table: Table, sheet: Sheet, known: Iterable[str]) -> dict[str, Cell]:
    """Return the value cell of each label | value row by its label; rows whose label is not in ``known`` are
    reported (their text kept in the warning)."""
    known = set(known)
    found: dict[str, Cell] = {}
    for row in table.rows:
        if len(row.cells) < 2 or not any(p.style == contract.LABEL for p in row.cells[0].paragraphs):
            continue
        label = row.cells[0].text.strip()
        if label not in known:
            sheet.warn(f"the row {label!r} is not part of the layout; its text {row.cells[-1].text!r} was not read",
                       row.where)
            continue
        found[label] = row.cells[-1]
    for label in known - set(found):
        sheet.warn(f"the row {label!r} is missing from the table", table.where)
    return found


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``value`` at ``path`` in nested dicts (creating them), unless it is ``None``."""
    if value is None:
        return
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def pointer(*parts: object) -> str:
    """Return a JSON pointer made of ``parts``."""
    return "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in parts)
