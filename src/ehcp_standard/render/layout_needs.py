"""The need → provision → outcome tables: the four B–F–E areas, C–G–E (health) and D–H1–H2–E (social care).

Each table is two tables on the page: the *area* table (a description row, then Strengths) and the *rows* table
(the column-header row, repeated on every page, then one row per need; a last row gathers provision and outcomes
that no need in the table refers to; a full-width notice row says when there are no needs). A provision entry
shows the template's five prompts as labelled lines; an outcome shared by several needs prints identically in
each of their rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._wording import NOT_LINKED
from ..model.codes import AreaOfNeed, label
from ..model.needs import AREA_COP_PARAGRAPHS
from ._oxml import set_table_layout
from ._writer import Writer, cell_writer, row_tag
from .layout import (
    AREA_DESCRIPTIONS,
    FOUR_COLUMNS,
    LABEL_WIDTHS,
    THREE_COLUMNS,
    Layout,
    column_header_row,
    label_row,
    notice_row,
    wide_row,
)


@dataclass(frozen=True)
class NeedsTable:
    """How one needs table looks: caption, column headers, and the context keys of its provision columns."""

    caption: str
    expression: str
    description: str
    columns: tuple[str, ...]
    provision_keys: tuple[str, ...]
    empty_provision: str


def _bfe(area: AreaOfNeed) -> NeedsTable:
    cop = AREA_COP_PARAGRAPHS[area]
    return NeedsTable(
        caption=f"bfe:{area.value}",
        expression=f"areas.{area.value}",
        description=f"{label(area)} ({cop}): {AREA_DESCRIPTIONS[area]}.",
        columns=("B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"),
        provision_keys=("provision",),
        empty_provision="No special educational provision is recorded for this need.",
    )


HEALTH = NeedsTable(
    caption="cge",
    expression="health",
    description="The child or young person's health care needs which relate to their SEN (Regs 12(1)(c)), and the "
    "health care provision reasonably required by the learning difficulties or disabilities which result in them "
    "having SEN (Regs 12(1)(g)), agreed by the responsible commissioning body (Regs 12(2)).",
    columns=(
        "C – Health care needs which relate to the SEN",
        "G – Health care provision reasonably required by the learning difficulties or disabilities",
        "E – Outcomes",
    ),
    provision_keys=("provision",),
    empty_provision="No health care provision is recorded for this need.",
)

SOCIAL_CARE = NeedsTable(
    caption="dhhe",
    expression="social_care",
    description="The child or young person's social care needs which relate to their SEN or to a disability "
    "(Regs 12(1)(d)), the social care provision they require under section 2 of the Chronically Sick and Disabled "
    "Persons Act 1970 (H1, under-18s) and any other social care provision reasonably required (H2) "
    "(Regs 12(1)(h)).",
    columns=(
        "D – Social care needs which relate to the SEN or disability",
        "H1 – Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
        "H2 – Any other social care provision reasonably required",
        "E – Outcomes",
    ),
    provision_keys=("h1", "h2"),
    empty_provision="None for this need.",
)


def special_educational_needs(layout: Layout) -> None:
    """Sections B, F and E: the four area tables, always in the template's order."""
    layout.heading("B, F and E – Special Educational Needs and Provision", 1, "bfe", new_page=True)
    layout.out.para(
        "Each row sets out a special educational need (B), the special educational provision that meets it (F) "
        "and the outcomes sought (E). Provision in section F is legally enforceable (CFA 2014 s.42)."
    )
    for area in AreaOfNeed:
        layout.heading(label(area), 2, f"bfe_{area.value}")
        needs_table(layout, _bfe(area))


def health(layout: Layout) -> None:
    """Sections C, G and E."""
    layout.heading("C, G and E – Health care needs and provision", 1, "cge", new_page=True)
    needs_table(layout, HEALTH)


def social_care(layout: Layout) -> None:
    """Sections D, H1, H2 and E."""
    layout.heading("D, H1, H2 and E – Social care needs and provision", 1, "dhhe")
    needs_table(layout, SOCIAL_CARE)


def needs_table(layout: Layout, spec: NeedsTable) -> None:
    """Write the area table and the rows table of one needs table."""
    area = layout.table(2, f"{spec.caption}:area", "Description and strengths")
    wide_row(area).para(spec.description, "EHCP Area Description")
    label_row(area, "Strengths").text_block(f"{spec.expression}.strengths")
    set_table_layout(area, LABEL_WIDTHS)
    layout.spacer()
    rows = layout.table(len(spec.columns), f"{spec.caption}:rows", "Needs, provision and outcomes")
    column_header_row(rows, list(spec.columns))
    row_tag(rows, f"for row in {spec.expression}.rows")
    cells = rows.add_row().cells
    need_cell(cell_writer(cells[0]))
    for cell, key in zip(cells[1:-1], spec.provision_keys):
        provision_cell(cell_writer(cell), f"row.{key}", spec.empty_provision)
    outcome_cell(cell_writer(cells[-1]))
    row_tag(rows, "endfor")
    notice_row(rows, f"{spec.expression}.notice")
    set_table_layout(rows, THREE_COLUMNS if len(spec.columns) == 3 else FOUR_COLUMNS)


def need_cell(out: Writer) -> None:
    """The need column: the need, or for the last row a note that its entries are linked to no need."""
    out.tag("if row.need")
    out.var("row.need.id", "EHCP Id")
    out.tag("if row.need.title")
    out.var("row.need.title", "EHCP Need Title")
    out.tag("endif")
    out.text_block("row.need.text")
    out.fields("row.need.fields")
    original_wording(out, "row.need")
    out.tag("else")
    out.para(NOT_LINKED, "EHCP Notice")
    out.tag("endif")


def provision_cell(out: Writer, expression: str, empty: str) -> None:
    """A provision column: each entry with the five prompts, or ``empty`` when there is none."""
    out.tag(f"for prov in {expression}")
    out.var("prov.id", "EHCP Id")
    out.labelled_text("What:", "prov.what")
    out.field("Who:", "prov.who")
    out.field("Ratio / group size:", "prov.ratio")
    out.field("How often:", "prov.often")
    out.field("How long:", "prov.duration")
    out.fields("prov.fields")
    original_wording(out, "prov")
    out.tag("endfor")
    out.otherwise(expression, empty)


def outcome_cell(out: Writer) -> None:
    """The E column: each outcome of the row, printed the same wherever it appears."""
    out.tag("for outcome in row.outcomes")
    out.var("outcome.id", "EHCP Id")
    out.text_block("outcome.text")
    out.fields("outcome.fields")
    original_wording(out, "outcome")
    out.tag("endfor")
    out.otherwise("row.outcomes", "No outcome is recorded for this need.")


def original_wording(out: Writer, expression: str) -> None:
    """The original wording of an entry (e.g. from a legacy plan), when it was kept."""
    out.tag(f"if {expression}.original")
    out.labelled_text("Original wording:", f"{expression}.original")
    out.tag("endif")
