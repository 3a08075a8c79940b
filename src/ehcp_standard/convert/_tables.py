"""Tables: rows and cells collected through row- and cell-level content controls, then laid on the grid so that
merged cells (``w:gridSpan``, ``w:vMerge``, legacy ``w:hMerge``) point at the cell they continue.

A mixin of :class:`~._part_reader._PartReader`: it uses the part reader's dispatch and block reading.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from ._state import _MAX_DEPTH, _TABLE_FLAGS, _Container, _Ctx, _Placed, _RawCell, _RawRow, _RawTable
from ._wordml import _TCPR, _TRPR, _int, _plain_text, _properties, _val, _w
from .blocks import PATH_SEPARATOR, Block, Cell, Deletion, Flag, Location, Row, Table

_INS, _DEL, _CELL_INS, _CELL_DEL = _w("ins"), _w("del"), _w("cellIns"), _w("cellDel")
_GRID_BEFORE, _GRID_SPAN, _VMERGE, _HMERGE = _w("gridBefore"), _w("gridSpan"), _w("vMerge"), _w("hMerge")

#: The flags a row takes from its context.
_ROW_FLAGS = frozenset({Flag.TRACKED_INSERTION})


class _TableReading:
    """The table handlers of the part reader ("table" and "row" dispatch levels, and ``w:tbl`` at block level)."""

    def _table(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        if self.depth + 2 >= _MAX_DEPTH:  # the table's rows and cells would pass the limit: keep its text flat
            self._too_deep("block", element, container, ctx)
            return
        location = container.next_location("table")
        raw = _RawTable(location)
        self._dispatch("table", element, raw, ctx)
        rows = self._build_rows(raw.rows, location)
        container.blocks.append(Table(tuple(rows), location, ctx.flags & _TABLE_FLAGS))

    def _collect_row(self, element: etree._Element, table: _RawTable, ctx: _Ctx) -> None:
        trpr = _properties(element, _TRPR)
        if _INS in trpr:
            ctx = ctx.plus(Flag.TRACKED_INSERTION)
        row = _RawRow(element, ctx, table.location, len(table.rows) + 1, trpr)
        self._dispatch("row", element, row, ctx)
        table.rows.append(row)

    def _table_sdt(self, sdt: etree._Element, table: _RawTable, ctx: _Ctx) -> None:
        content = sdt.find(_w("sdtContent"))
        if content is not None:
            self._dispatch("table", content, table, self._sdt_ctx(sdt, ctx))

    def _table_children(self, element: etree._Element, table: _RawTable, ctx: _Ctx) -> None:
        self._dispatch("table", element, table, ctx)

    def _collect_cell(self, element: etree._Element, row: _RawRow, ctx: _Ctx) -> None:
        properties = _properties(element, _TCPR)
        if _CELL_INS in properties:
            ctx = ctx.plus(Flag.TRACKED_INSERTION)
        row.cells.append(_RawCell(element, ctx, properties))

    def _row_sdt(self, sdt: etree._Element, row: _RawRow, ctx: _Ctx) -> None:
        content = sdt.find(_w("sdtContent"))
        if content is not None:
            self._dispatch("row", content, row, self._sdt_ctx(sdt, ctx))

    def _row_children(self, element: etree._Element, row: _RawRow, ctx: _Ctx) -> None:
        self._dispatch("row", element, row, ctx)

    def _build_rows(self, raw_rows: list[_RawRow], table: Location) -> list[Row]:
        kept = [raw for raw in raw_rows if not self._row_deleted(raw, table)]
        row_locations = [table.child(f"row {i + 1}") for i in range(len(kept))]
        placed = self._place(kept, row_locations)
        spans = Counter(p.origin for r, row in enumerate(placed) for p in row if p.origin and p.origin[0] < r)
        return [self._build_row(r, kept[r], placed[r], row_locations, spans) for r in range(len(kept))]

    def _row_deleted(self, raw: _RawRow, table: Location) -> bool:
        deleted = raw.properties.get(_DEL)
        if deleted is None:
            return False
        text = " | ".join(_plain_text(cell.element, deleted=True) for cell in raw.cells)
        self.shared.deletions.append(Deletion(text, table.child("deleted row"), "deleted row",
                                              _val(deleted, "author"), _val(deleted, "date")))
        return True

    def _place(self, rows: list[_RawRow], locations: list[Location]) -> list[list[_Placed]]:
        """Put every cell on the grid and find, for merged-over cells, the cell they continue."""
        covering: dict[tuple[int, int], tuple[int, int]] = {}
        placed_rows = []
        for r, raw in enumerate(rows):
            column = _int(_val(raw.properties.get(_GRID_BEFORE)), 0)
            placed: list[_Placed] = []
            for cell in raw.cells:
                if (item := self._place_cell(cell, r, column, placed, covering, locations[r])) is not None:
                    placed.append(item)
                    column += item.span
            placed_rows.append(placed)
        return placed_rows

    def _place_cell(self, cell: _RawCell, r: int, column: int, placed: list[_Placed],
                    covering: dict[tuple[int, int], tuple[int, int]], row: Location) -> _Placed | None:
        properties = cell.properties
        if _CELL_DEL in properties:
            self._record_deletion(cell.element, row.child("deleted cell"), "deleted cell")
            return None
        grid_span = properties.get(_GRID_SPAN)
        span = 1 if grid_span is None else max(1, _int(_val(grid_span), 1))
        origin = None
        vertical, horizontal = properties.get(_VMERGE), properties.get(_HMERGE)
        if vertical is not None and _continues(vertical):
            origin = covering.get((r - 1, column))
            if origin is None:
                self.shared.warn("merge-without-origin", "a cell continues a vertical merge but no cell is above "
                                                         "it; it is read as a cell of its own",
                                 row.child(f"cell {column + 1}"))
        elif horizontal is not None and _continues(horizontal) and placed:
            origin = placed[-1].origin or (r, placed[-1].column)
        covered = origin or (r, column)
        for c in range(column, column + span):
            covering[(r, c)] = covered
        return _Placed(cell, column, span, origin)

    def _build_row(self, r: int, raw: _RawRow, placed: list[_Placed], rows: list[Location],
                   spans: Counter) -> Row:
        row_location = rows[r]
        part, prefix = row_location.part, f"{row_location.path}{PATH_SEPARATOR}"  # as row_location.child() makes
        cells: list[Cell] = []
        for item in placed:
            location = Location(part, f"{prefix}cell {item.column + 1}")
            blocks = self._cell_blocks(item.raw, location)
            if item.origin is None:
                origin = location
                cells.append(Cell(blocks, item.span, None, location, item.column, 1 + spans.get((r, item.column), 0)))
            else:
                origin = rows[item.origin[0]].child(f"cell {item.origin[1] + 1}")
                self._warn_text_in_merged(blocks, location)
                cells.append(Cell(blocks, 1, origin, location, item.column))
            if item.span > 1:
                cells.extend(Cell((), 1, origin, row_location.child(f"cell {c + 1}"), c)
                             for c in range(item.column + 1, item.column + item.span))
        return Row(tuple(cells), row_location, raw.ctx.flags & _ROW_FLAGS)

    def _cell_blocks(self, raw: _RawCell, location: Location) -> tuple[Block, ...]:
        container = _Container(location)
        self._read_blocks(raw.element, container, raw.ctx)
        return tuple(container.blocks)

    def _warn_text_in_merged(self, blocks: tuple[Block, ...], location: Location) -> None:
        if blocks:
            self.shared.warn("text-in-merged-cell", "a merged-over cell holds text of its own (Word may hide "
                                                    "it); the text is kept in this cell", location)


def _continues(merge: etree._Element) -> bool:
    """Does a cell's merge property (``w:vMerge``, ``w:hMerge``) continue the merge, rather than restart it?"""
    return _val(merge) in (None, "continue")
