"""The state of a read in progress: the context text is read in, the containers that collect blocks, a paragraph
being built, open fields, raw table rows, and what all part readers of one document share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ._numbering import _Numbering
from ._styles import _ParagraphStyle, _Styles
from ._wordml import _Package
from .blocks import PATH_SEPARATOR, Block, Deletion, Flag, Location, ReadWarning, Segment

_KEEP = object()

#: How deep content may nest (tables in tables, controls in controls) before its text is kept as plain text: far
#: beyond any real plan, and well within Python's recursion limit.
_MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What surrounds the text being read: flags to give it, the content control and the field it sits in."""

    flags: frozenset[Flag] = frozenset()
    control: str | None = None
    field: str | None = None

    def plus(self, *flags: Flag, control=_KEEP, field=_KEEP) -> _Ctx:
        return _Ctx(self.flags.union(flags), self.control if control is _KEEP else control,
                    self.field if field is _KEEP else field)


#: Flags that describe a whole table when its context has them.
_TABLE_FLAGS = frozenset({Flag.PAGE_FURNITURE, Flag.TEXT_BOX, Flag.CONTENT_CONTROL, Flag.TRACKED_INSERTION})


class _Container:
    """Collects the blocks of one container (body, cell, text box, note) and numbers its children."""

    def __init__(self, location: Location):
        self.location = location
        self.blocks: list[Block] = []
        self.counts: dict[str, int] = {}
        self.pending: list[Segment] = []
        self._part = location.part
        self._prefix = f"{location.path}{PATH_SEPARATOR}"  # of every child's path

    def next_location(self, kind: str) -> Location:
        count = self.counts[kind] = self.counts.get(kind, 0) + 1
        return Location(self._part, f"{self._prefix}{kind} {count}")

    def peek_location(self, kind: str) -> Location:
        return self.location.child(f"{kind} {self.counts.get(kind, 0) + 1}")


class _Para:
    """The running text of one paragraph while it is being read: its style (``style_id``, and what the paragraph
    takes from it), its ``segments`` (starting with any text carried over from a paragraph whose mark was deleted),
    the blocks of its text boxes (``extra``), whether all its text is bold (``None``: no text whose weight counts
    yet), and how many text boxes it has."""

    __slots__ = ("all_bold", "boxes", "extra", "location", "segments", "style", "style_id")

    def __init__(self, location: Location, style_id: str | None, style: _ParagraphStyle, segments: list[Segment]):
        self.location = location
        self.style_id = style_id
        self.style = style
        self.segments = segments
        self.extra: list[Block] = []
        self.all_bold: bool | None = None
        self.boxes = 0

    def add(self, segment: Segment, bold: bool | None) -> None:
        """Append text; ``bold`` is ``None`` for text whose weight does not count (tabs, generated text)."""
        self.segments.append(segment)
        if bold is not None and segment.text.strip():
            self.all_bold = bold if self.all_bold is None else self.all_bold and bold


@dataclass
class _Field:
    """A complex field (``w:fldChar``) between its begin and end characters."""

    begin: etree._Element
    instruction: list[str] = field(default_factory=list)
    separated: bool = False
    shown: bool = False

    @property
    def code(self) -> str:
        return "".join(self.instruction).strip()


@dataclass(slots=True)
class _RawCell:
    """A cell as collected; ``properties`` are its ``w:tcPr``'s children by tag."""

    element: etree._Element
    ctx: _Ctx
    properties: dict[str, etree._Element]


@dataclass(slots=True)
class _RawRow:
    """A row as collected: the ``number``-th of the table at ``table``; ``properties`` are its ``w:trPr``'s
    children by tag."""

    element: etree._Element
    ctx: _Ctx
    table: Location
    number: int
    properties: dict[str, etree._Element]
    cells: list[_RawCell] = field(default_factory=list)

    @property
    def location(self) -> Location:
        """Where the row sits, as collected (before deleted rows are left out); made only for a warning."""
        return self.table.child(f"row {self.number}")


@dataclass(slots=True)
class _RawTable:
    """The rows of a table as collected (through row-level content controls) before merges are resolved."""

    location: Location
    rows: list[_RawRow] = field(default_factory=list)


@dataclass(slots=True)
class _Placed:
    """A cell placed on the table grid: its first column, span, and the (row, column) of the cell it continues."""

    raw: _RawCell
    column: int
    span: int
    origin: tuple[int, int] | None


class _Shared:
    """What every part reader of one document shares: package, styles, numbering and the collected messages."""

    def __init__(self, package: _Package, styles: _Styles, numbering: _Numbering):
        self.package = package
        self.styles = styles
        self.numbering = numbering
        self.warnings: list[ReadWarning] = []
        self.deletions: list[Deletion] = []
        self._undefined_styles: set[str] = set()

    def warn(self, code: str, message: str, location: Location) -> None:
        self.warnings.append(ReadWarning(code, message, location))

    def check_style(self, style_id: str | None, location: Location) -> None:
        if style_id and not self.styles.defines(style_id) and style_id not in self._undefined_styles:
            self._undefined_styles.add(style_id)
            self.warn("undefined-style", f"paragraph style {style_id!r} is used but not defined; its id is used "
                                         "as its name", location)
