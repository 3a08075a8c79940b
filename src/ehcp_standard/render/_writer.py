"""Writes template content into a python-docx container (the document body, a table cell, a header): plain
paragraphs, labelled field lines, and the docxtpl tags that repeat paragraphs for lists and multi-paragraph text.

docxtpl's paragraph tags (``{%p … %}``) and row tags (``{%tr … %}``) replace the whole paragraph or table row that
holds them, so a loop or condition never leaves an empty paragraph or row behind.
"""

from __future__ import annotations

from typing import Any

from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph


def style_id(name: str) -> str:
    """Return the id of the template's style called ``name`` (its name without spaces, as python-docx makes
    ids); setting the id directly avoids python-docx's slow lookup by name."""
    return name.replace(" ", "")


class Writer:
    """Adds paragraphs to ``container`` (anything with ``add_paragraph``: a ``Document``, a ``_Cell``, a header)."""

    def __init__(self, container: Any):
        self.container = container

    def para(self, text: str = "", style: str | None = None) -> Paragraph:
        """Add a paragraph with ``text`` in ``style`` (by name; default: Normal); return it."""
        paragraph = self.container.add_paragraph(text)
        if style is not None:
            paragraph._p.style = style_id(style)
        return paragraph

    def tag(self, tag: str) -> None:
        """Add a paragraph holding only a docxtpl paragraph tag, e.g. ``"for x in xs"`` → ``{%p for x in xs %}``."""
        self.para(f"{{%p {tag} %}}")

    def var(self, expression: str, style: str | None = None) -> Paragraph:
        """Add a paragraph showing the value of ``expression``."""
        return self.para(f"{{{{ {expression} }}}}", style)

    def field(self, label: str, expression: str, style: str = "EHCP Field") -> Paragraph:
        """Add a labelled line: ``label`` in bold, then the value of ``expression``."""
        paragraph = self.para(style=style)
        paragraph.add_run(f"{label} ").bold = True
        paragraph.add_run(f"{{{{ {expression} }}}}")
        return paragraph

    def text_block(self, expression: str, item: str = "para") -> None:
        """Add the paragraphs of a multi-paragraph text: each a normal paragraph, or a bullet point in the
        List Bullet style. ``expression`` names a list of ``Paragraph`` (``text``, ``bullet``)."""
        self.tag(f"for {item} in {expression}")
        self.tag(f"if {item}.bullet")
        self.var(f"{item}.text", "List Bullet")
        self.tag("else")
        self.var(f"{item}.text")
        self.tag("endif")
        self.tag("endfor")

    def labelled_text(self, label: str, expression: str) -> None:
        """Add "label first line" then the remaining paragraphs of a text (``expression`` has ``lead``, ``rest``)."""
        self.field(label, f"{expression}.lead")
        self.text_block(f"{expression}.rest")

    def fields(self, expression: str, item: str = "f") -> None:
        """Add one labelled line per entry of ``expression`` (a list of ``label``/``value`` pairs)."""
        self.tag(f"for {item} in {expression}")
        paragraph = self.para(style="EHCP Field")
        paragraph.add_run(f"{{{{ {item}.label }}}}: ").bold = True
        paragraph.add_run(f"{{{{ {item}.value }}}}")
        self.tag("endfor")

    def field_groups(self, expression: str) -> None:
        """Add labelled lines for each group of ``expression`` (a list of lists of fields; e.g. one group per
        professional), with a small gap between groups."""
        self.tag(f"for group in {expression}")
        self.fields("group")
        self.tag("if not loop.last")
        self.para(style="EHCP Group Gap")
        self.tag("endif")
        self.tag("endfor")

    def otherwise(self, expression: str, notice: str) -> None:
        """Add ``notice`` (in the notice style) shown only when ``expression`` is empty."""
        self.tag(f"if not {expression}")
        self.para(notice, "EHCP Notice")
        self.tag("endif")


def cell_writer(cell: _Cell) -> Writer:
    """Return a writer for ``cell`` after removing the empty paragraph python-docx puts in every new cell."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return Writer(cell)


def row_tag(table: Table, tag: str) -> None:
    """Add a table row holding only a docxtpl row tag, e.g. ``"for row in rows"`` → ``{%tr for row in rows %}``."""
    row = table.add_row()
    cell_writer(row.cells[0]).para(f"{{%tr {tag} %}}")
    for cell in row.cells[1:]:
        cell_writer(cell).para()
