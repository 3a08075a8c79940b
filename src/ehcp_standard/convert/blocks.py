"""The neutral document model between a legacy reader and the mapping layer.

A legacy plan (Word today, perhaps PDF or HTML later) is read into a :class:`BlockDocument`: a sequence of located
blocks — :class:`Heading`, :class:`Paragraph`, :class:`ListItem` and :class:`Table` (rows of cells, each cell holding
blocks, so nested tables are kept) — plus the page furniture, footnotes/endnotes, the tracked deletions that were left
out, and located warnings. Nothing here knows about Word XML or about the EHC plan model.

Each piece of running text is kept as :class:`Segment` objects carrying :class:`Flag` values, so a mapper can tell
real content from a placeholder ("Choose an item."), an un-merged mail-merge field ("«Officer_Name»"), a tracked
insertion or the cached result of a PAGE field, without re-reading the Word file. Every block carries a
:class:`Location` — the part of the file and a human-readable path such as
``body › table 3 › row 2 › cell 1 › paragraph 1`` — so a report can point a caseworker at the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

#: Separator between the steps of a :attr:`Location.path`.
PATH_SEPARATOR = " › "

# The models made most often (locations, segments, paragraphs, cells, rows) write their own ``__init__``, with the
# parameters and defaults of their fields: the one a frozen dataclass generates sets each field through
# ``object.__setattr__``, three times slower than filling the instance dict, and a reader makes thousands of them per
# plan. tests/convert/test_reader_speed_equivalence.py checks that each sets every field as the generated one would.


class Flag(StrEnum):
    """What a segment (or, aggregated, a block) is, beyond plain content."""

    PLACEHOLDER = "placeholder"
    """Word placeholder text ("Choose an item.", "Click here to enter text.", a content control still showing its
    placeholder, text in the "Placeholder Text" style): visible, but it means *empty*."""
    MERGE_FIELD = "merge_field"
    """An un-merged mail-merge field ("«Child_Forename»", or a MERGEFIELD with no result): a missing value."""
    PAGE_FURNITURE = "page_furniture"
    """Header or footer text, or a protective marking ("OFFICIAL – SENSITIVE [PERSONAL]") found in the body."""
    TRACKED_INSERTION = "tracked_insertion"
    """Text inside a tracked insertion (``w:ins``) that has not been accepted yet; kept as current text."""
    TRACKED_MOVE = "tracked_move"
    """Text at the destination of a tracked move (``w:moveTo``); kept as current text."""
    HEADING_CANDIDATE = "heading_candidate"
    """A short paragraph set wholly in bold: it may be a heading. The reader does not decide; the mapper does."""
    CONTENT_CONTROL = "content_control"
    """Text inside a Word content control (``w:sdt``); :attr:`Segment.control` names the control."""
    FIELD = "field"
    """The displayed result of a Word field; :attr:`Segment.field` holds the field instruction."""
    TEXT_BOX = "text_box"
    """Text read from a text box or shape (``w:txbxContent``)."""
    TYPED_MARKER = "typed_marker"
    """A list item whose bullet was typed as a character ("•" then a tab) rather than set by Word numbering."""


#: Flags that mean "this text is not a value": a mapper treats such segments as empty.
NOT_CONTENT = frozenset({Flag.PLACEHOLDER, Flag.MERGE_FIELD})


@dataclass(frozen=True)
class Location:
    """Where a block came from: ``part`` is the file inside the package (``word/document.xml``), ``path`` a
    human-readable route to the block (``body › table 3 › row 2 › cell 1 › paragraph 1``). Counting is 1-based and
    per kind within each container; a cell's number is its grid column."""

    part: str
    path: str

    def __init__(self, part: str, path: str):
        values = self.__dict__
        values["part"] = part
        values["path"] = path

    # Locations key the mapping layer's dicts (what was taken from where, what was retained) and are hashed about a
    # thousand times a plan: the hash is the generated one, worked out at the first call and kept (outside the
    # fields, so equality, ``repr`` and ``replace`` do not see it; a pickle or copy is rebuilt from the fields, as
    # another process hashes strings differently).

    def __hash__(self) -> int:
        values = self.__dict__
        found = values.get("_hash")
        if found is None:
            found = values["_hash"] = hash((self.part, self.path))
        return found

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.part == other.part and self.path == other.path
        return NotImplemented

    def __reduce__(self) -> tuple[type[Location], tuple[str, str]]:
        return self.__class__, (self.part, self.path)

    def child(self, step: str) -> Location:
        """Return the location one step deeper, e.g. ``loc.child("paragraph 2")``."""
        return Location(self.part, f"{self.path}{PATH_SEPARATOR}{step}")

    def __str__(self) -> str:
        return f"{self.part}: {self.path}"


@dataclass(frozen=True)
class Segment:
    """A run of text with the same flags. ``control`` is the alias (or tag) of the content control it sits in,
    ``None`` outside controls; ``field`` is the instruction of the field it is the result of (``"PAGE"``,
    ``"MERGEFIELD Officer_Name \\* MERGEFORMAT"``), ``None`` outside fields."""

    text: str
    flags: frozenset[Flag] = frozenset()
    control: str | None = None
    field: str | None = None

    def __init__(self, text: str, flags: frozenset[Flag] = frozenset(), control: str | None = None,
                 field: str | None = None):
        values = self.__dict__
        values["text"] = text
        values["flags"] = flags
        values["control"] = control
        values["field"] = field

    @property
    def is_content(self) -> bool:
        """True unless this segment is placeholder text or an un-merged merge field."""
        return not (self.flags & NOT_CONTENT)


class _Inline:
    """Shared behaviour of the blocks that hold running text (headings, paragraphs, list items)."""

    text: str
    segments: tuple[Segment, ...]

    @property
    def content_text(self) -> str:
        """The text without placeholder and un-merged merge-field segments; ``""`` when nothing real remains."""
        if not self.segments:
            return self.text
        return "".join(s.text for s in self.segments if s.is_content)


@dataclass(frozen=True)
class Heading(_Inline):
    """A heading found by its style ("Heading 1"–"Heading 9", or an outline level). ``level`` is 1–9; a "Title"
    paragraph has level 0. ``marker`` is its automatic number ("2.1") or ``""``."""

    level: int
    text: str
    location: Location
    style: str | None = None
    flags: frozenset[Flag] = frozenset()
    segments: tuple[Segment, ...] = ()
    marker: str = ""


@dataclass(frozen=True)
class Paragraph(_Inline):
    """A paragraph of running text. ``style`` is its Word style name (``None`` for the default style); line breaks
    are ``"\\n"``, tabs ``"\\t"``. ``flags`` is the union of its segments' flags plus block-level ones such as
    :attr:`Flag.HEADING_CANDIDATE`."""

    text: str
    style: str | None
    location: Location
    flags: frozenset[Flag] = frozenset()
    segments: tuple[Segment, ...] = ()

    def __init__(self, text: str, style: str | None, location: Location, flags: frozenset[Flag] = frozenset(),
                 segments: tuple[Segment, ...] = ()):
        values = self.__dict__
        values["text"] = text
        values["style"] = style
        values["location"] = location
        values["flags"] = flags
        values["segments"] = segments


@dataclass(frozen=True)
class ListItem(_Inline):
    """A bulleted or numbered paragraph. ``level`` is 1 for the outermost list level; ``marker`` is the bullet or
    number as displayed ("•", "3.", "b)"), or ``""`` when the level shows none. The marker is not part of ``text``."""

    text: str
    level: int
    marker: str
    location: Location
    style: str | None = None
    flags: frozenset[Flag] = frozenset()
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One grid column of a table row. ``blocks`` is the cell's content (nested tables included). A cell covered by
    a merge — the columns after the first of a horizontal span, or the rows after the first of a vertical one — has
    no blocks of its own and ``merged_from`` set to the location of the cell it continues; the origin cell has
    ``merged_from`` ``None``, ``grid_span`` columns and ``row_span`` rows. ``column`` is the 0-based grid column."""

    blocks: tuple[Block, ...]
    grid_span: int
    merged_from: Location | None
    location: Location
    column: int = 0
    row_span: int = 1

    def __init__(self, blocks: tuple[Block, ...], grid_span: int, merged_from: Location | None, location: Location,
                 column: int = 0, row_span: int = 1):
        values = self.__dict__
        values["blocks"] = blocks
        values["grid_span"] = grid_span
        values["merged_from"] = merged_from
        values["location"] = location
        values["column"] = column
        values["row_span"] = row_span

    @cached_property
    def text(self) -> str:
        """The text of the cell's blocks, one line per block (nested tables row by row); ``""`` for a merged cell."""
        return "\n".join(text for block in self.blocks for text in block_texts(block))


@dataclass(frozen=True)
class Row:
    """A table row: one :class:`Cell` per grid column it covers, in column order."""

    cells: tuple[Cell, ...]
    location: Location | None = None
    flags: frozenset[Flag] = frozenset()

    def __init__(self, cells: tuple[Cell, ...], location: Location | None = None,
                 flags: frozenset[Flag] = frozenset()):
        values = self.__dict__
        values["cells"] = cells
        values["location"] = location
        values["flags"] = flags


@dataclass(frozen=True)
class Table:
    """A table; its rows have their merged cells resolved (see :class:`Cell`)."""

    rows: tuple[Row, ...]
    location: Location
    flags: frozenset[Flag] = frozenset()


Block = Heading | Paragraph | ListItem | Table


@dataclass(frozen=True)
class ReadWarning:
    """Something the reader could not represent faithfully, with where it happened. ``code`` is a short stable
    identifier (``"unknown-element"``, ``"picture"``, ``"hidden-text"``…) a report can group by."""

    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Deletion:
    """Text a tracked change removes (``w:del``, a moved-from range, a deleted table row). It is not visible in the
    accepted document, so it is kept here — as amendment history — and never in the blocks."""

    text: str
    location: Location
    kind: str = "deletion"
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class BlockDocument:
    """A legacy document read into neutral blocks.

    ``body`` is the main text; ``headers_footers`` the page furniture (header and footer parts, and protective
    markings lifted out of the body, each keeping its body location); ``notes`` the footnotes and endnotes;
    ``deletions`` the tracked-deleted text left out; ``warnings`` everything the reader could not represent.
    """

    source: str
    body: tuple[Block, ...]
    headers_footers: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    deletions: tuple[Deletion, ...] = ()
    warnings: tuple[ReadWarning, ...] = field(default=())

    def all_text(self, *, furniture: bool = True) -> list[str]:
        """Every visible text in order: the body (cells row by row, nested tables in place, text boxes after their
        paragraph), then footnotes and endnotes, then — unless ``furniture`` is false — headers, footers and lifted
        protective markings. One string per paragraph, heading or list item (list markers left out)."""
        groups = [self.body, self.notes] + ([self.headers_footers] if furniture else [])
        return [text for blocks in groups for block in blocks for text in block_texts(block)]

    def iter_blocks(self) -> Iterator[Block]:
        """Yield every block of the body, depth first, including those inside table cells."""
        return iter(self._nested_body)

    @cached_property
    def _nested_body(self) -> tuple[Block, ...]:
        """Every block of the body, depth first: walked once, as the document never changes and several readers
        of it (profile detection, the mappers) walk it."""
        return tuple(nested for block in self.body for nested in iter_nested(block))


def block_texts(block: Block) -> Iterator[str]:
    """Yield the visible texts of one block: its own text, or every text of a table's cells in reading order."""
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                for inner in cell.blocks:
                    yield from block_texts(inner)
    else:
        yield block.text


def iter_nested(block: Block) -> Iterator[Block]:
    """Yield ``block`` and, for a table, every block inside its cells, depth first."""
    yield block
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                for inner in cell.blocks:
                    yield from iter_nested(inner)
