"""The body of the template: the national standardised plan's blocks, in the order and with the labels of
EHCP-STANDARD.md §3, each as a heading (with a bookmark) followed by its bordered table or tables.

Every function here writes one block and is named after it. The labels are the template's own; the values are
docxtpl expressions over the context that ``context.plan_context`` builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..model.codes import AreaOfNeed
from ._oxml import add_bookmark, repeat_as_header, set_caption, set_table_layout, shade_cell
from ._writer import Writer, cell_writer, row_tag
from .page import TEXT_WIDTH
from .styles import HEADER_FILL, LABEL_FILL

TITLE = "Education, Health and Care Plan"
LABEL_WIDTHS = [4400, TEXT_WIDTH - 4400]
THREE_COLUMNS = [4400, 6338, 4400]
FOUR_COLUMNS = [3784, 3785, 3785, 3784]

#: One-line description of each broad area of need, after CoP 6.28-6.35 (the citation is added from the model).
AREA_DESCRIPTIONS = {
    AreaOfNeed.COMMUNICATION_INTERACTION: "difficulty in communicating with others: saying what they want to, "
    "understanding what is being said to them, or understanding or using social rules of communication",
    AreaOfNeed.COGNITION_LEARNING: "learning at a slower pace than others of the same age, even with appropriate "
    "differentiation, including moderate, severe, profound and multiple, and specific learning difficulties",
    AreaOfNeed.SEMH: "social and emotional difficulties that show in many ways, such as becoming withdrawn or "
    "isolated, or behaviour that is challenging, disruptive or disturbing",
    AreaOfNeed.SENSORY_PHYSICAL: "a vision, hearing or multi-sensory impairment, or a physical disability, that "
    "calls for special educational provision",
}


@dataclass
class Layout:
    """The document being built, with a counter for bookmark ids."""

    document: Document
    bookmarks: list[str] = field(default_factory=list)

    @property
    def out(self) -> Writer:
        """Return a writer for the document body."""
        return Writer(self.document)

    def heading(self, text: str, level: int, bookmark: str, *, new_page: bool = False) -> Paragraph:
        """Add a heading of ``level`` with a bookmark named ``ehcp_<bookmark>``."""
        paragraph = self.document.add_paragraph(text, style=f"Heading {level}")
        paragraph.paragraph_format.page_break_before = new_page or None
        self.bookmarks.append(f"ehcp_{bookmark}")
        add_bookmark(paragraph, f"ehcp_{bookmark}", len(self.bookmarks))
        return paragraph

    def table(self, columns: int, caption: str, description: str) -> Table:
        """Add an empty bordered table with a stable caption ``ehcp:<caption>``."""
        table = self.document.add_table(rows=0, cols=columns)
        set_caption(table, f"ehcp:{caption}", description)
        return table

    def spacer(self) -> None:
        """Add the hairline paragraph that separates two tables of one block."""
        self.document.add_paragraph(style="EHCP Spacer")


# -- table rows -------------------------------------------------------------------------------------------------


def label_row(table: Table, text: str) -> Writer:
    """Add a row with a bold, shaded label cell; return a writer for its value cell (the rest of the row)."""
    row = table.add_row()
    cells = row.cells
    if len(cells) > 2:
        cells[1].merge(cells[-1])
    cell_writer(cells[0]).para(text, "EHCP Label")
    shade_cell(cells[0], LABEL_FILL)
    return cell_writer(row.cells[1])


def column_header_row(table: Table, labels: list[str]) -> None:
    """Add the bold, shaded column-header row, repeated at the top of each page the table runs onto."""
    row = table.add_row()
    for cell, text in zip(row.cells, labels):
        cell_writer(cell).para(text, "EHCP Column Header")
        shade_cell(cell, HEADER_FILL)
    repeat_as_header(row)


def wide_row(table: Table) -> Writer:
    """Add a row whose cells are merged into one; return a writer for it."""
    row = table.add_row()
    cells = row.cells
    merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    return cell_writer(merged)


def notice_row(table: Table, expression: str) -> None:
    """Add a full-width row, shown only when ``expression`` (a list of paragraphs) is not empty."""
    row_tag(table, f"if {expression}")
    out = wide_row(table)
    out.text_block(expression, "notice")
    row_tag(table, "endif")


def value(out: Writer, kind: str, expression: str) -> None:
    """Write a value of ``kind``: ``var`` (one line), ``text`` (paragraphs and bullets), ``fields`` (labelled
    lines) or ``groups`` (groups of labelled lines)."""
    if kind == "var":
        out.var(expression)
    elif kind == "text":
        out.text_block(expression)
    else:
        if kind == "fields":
            out.fields(expression)
        else:
            out.field_groups(expression)
        out.tag(f"if not {expression}")
        out.para()
        out.tag("endif")


def label_value_table(layout: Layout, caption: str, description: str, rows: list[tuple[str, str, str]]) -> Table:
    """Add a two-column table of (label, kind, expression) rows."""
    table = layout.table(2, caption, description)
    for text, kind, expression in rows:
        value(label_row(table, text), kind, expression)
    set_table_layout(table, LABEL_WIDTHS)
    return table


# -- cover and personal details ---------------------------------------------------------------------------------


COVER_ROWS = [
    ("Local authority", "var", "cover.local_authority"),
    ("Plan reference", "var", "cover.reference"),
    ("Plan status", "var", "cover.status"),
    ("Version number", "var", "cover.version"),
    ("Date original EHCP issued (CCYY-MM-DD)", "var", "cover.first_issued"),
    ("Draft plan issued", "var", "cover.draft_issued"),
    ("Final plan issued", "var", "cover.final_issued"),
    ("This version issued", "var", "cover.version_issued"),
    ("Request for assessment received", "var", "cover.request_received"),
    ("Decision to assess", "var", "cover.decision_to_assess"),
    ("Last review meeting", "var", "cover.last_review"),
    ("Next review due", "var", "cover.next_review_due"),
    ("Date the plan ceased", "var", "cover.cease_date"),
    ("Cease reason", "var", "cover.cease_reason"),
    ("Primary need (SEN type)", "var", "cover.primary_need"),
    ("Secondary needs (SEN type)", "var", "cover.secondary_needs"),
    ("Plan data standard", "var", "cover.data_standard"),
]


def cover(layout: Layout) -> None:
    """The cover: title, name, status banner and the plan details (status, version, dates, local authority)."""
    out = layout.out
    out.para(TITLE, "Title")
    out.var("cover.child_name", "Subtitle")
    out.tag("if cover.draft")
    out.var("cover.banner", "EHCP Draft Banner")
    out.tag("else")
    out.var("cover.banner", "EHCP Status Banner")
    out.tag("endif")
    out.para(
        "This Education, Health and Care Plan is made under section 37 of the Children and Families Act 2014 and "
        "regulation 12 of the Special Educational Needs and Disability Regulations 2014, in the national "
        "standardised format. Each section is identified by its letter."
    )
    layout.heading("Plan details", 1, "plan_details")
    label_value_table(layout, "plan_details", "Plan status, version, dates and local authority", COVER_ROWS)


PERSON_ROWS = [
    ("Forename", "var", "person.forename"),
    ("Middle names (optional)", "var", "person.middle_names"),
    ("Surname", "var", "person.surname"),
    ("Preferred name", "var", "person.preferred_name"),
    ("Date of birth (CCYY-MM-DD)", "var", "person.date_of_birth"),
    ("Sex", "var", "person.sex"),
    ("Ethnicity", "var", "person.ethnicity"),
    ("Child or young person first language", "var", "person.first_language"),
    ("Parent or carer first language", "var", "person.parent_first_language"),
    ("Unique Pupil Number (UPN)", "var", "person.upn"),
    ("Unique Learner Number (ULN)", "var", "person.uln"),
    ("Reason UPN and ULN are unknown", "var", "person.upn_unknown_reason"),
    ("Local identifiers", "fields", "person.local_identifiers"),
]


def personal_details(layout: Layout) -> None:
    """Child or young person's personal details (template block 2)."""
    layout.heading("Child or young person's personal details", 1, "personal_details", new_page=True)
    label_value_table(layout, "personal_details", "Child or young person's personal details", PERSON_ROWS)


CONTACT_FIELDS = [
    ("Name", "name"),
    ("Relationship to the child or young person", "relationship"),
    ("Email", "email"),
    ("Telephone number", "telephone"),
    ("Home address line 1", "line_1"),
    ("Address line 2", "line_2"),
    ("Town or city", "town"),
    ("County", "county"),
    ("Postcode", "postcode"),
]


def main_contacts(layout: Layout) -> None:
    """Main contact details (template block 3): parent or carer 1 (or the young person) and parent or carer 2."""
    layout.heading("Main contact details", 1, "main_contacts")
    table = layout.table(3, "main_contacts", "Main contact and parent or carer 2")
    column_header_row(
        table,
        ["", "Main contact: parent or carer 1, or the young person if applying independently", "Parent or carer 2"],
    )
    for text, key in CONTACT_FIELDS:
        row = table.add_row()
        cell_writer(row.cells[0]).para(text, "EHCP Label")
        shade_cell(row.cells[0], LABEL_FILL)
        cell_writer(row.cells[1]).var(f"contacts.main.{key}")
        cell_writer(row.cells[2]).var(f"contacts.second.{key}")
    value(label_row(table, "Young person applying independently (YES/NO)"), "var", "contacts.independently")
    set_table_layout(table, THREE_COLUMNS)


SERVICE_ROWS = [
    ("Education setting", "var", "services.setting"),
    ("LA to insert setting unique identifier (URN or UKPRN)", "fields", "services.setting_ids"),
    ("GP", "var", "services.gp"),
    ("Key health professional (where applicable)", "fields", "services.key_health_professional"),
    ("NHS number (if available)", "var", "services.nhs_number"),
    ("Known to social care (YES/NO)", "var", "services.known_to_social_care"),
    ("Other professionals involved with the child or family", "groups", "services.other_professionals"),
    ("Currently a looked-after child? (YES/NO)", "var", "services.looked_after"),
    ("Has been a looked-after child? (YES/NO)", "var", "services.previously_looked_after"),
    ("Is there a one page profile received (append)? (YES/NO)", "var", "services.one_page_profile"),
    ("Moving to the area with an EHCP from a different LA? (YES/NO)", "var", "services.moving"),
    ("Name of LA", "var", "services.previous_la"),
]


def services(layout: Layout) -> None:
    """Services currently involved with this child or young person (template block 4)."""
    layout.heading("Services currently involved with this child or young person", 1, "services")
    label_value_table(layout, "services", "Services currently involved", SERVICE_ROWS)


# -- section A --------------------------------------------------------------------------------------------------


def section_a1(layout: Layout) -> None:
    """A1 - Summary of the child or young person's history."""
    layout.heading("A1 – Summary of the child or young person's history", 1, "a1", new_page=True)
    rows = [
        ("Summary of the child or young person's history", "text", "a1.history"),
        ("How to communicate with the child or young person and involve them in decisions", "text",
         "a1.communication"),
    ]
    label_value_table(layout, "a1", "Section A1", rows)


A2_ROWS = [
    ("Views", "text", "a2.views"),
    ("How the views were gathered", "text", "a2.views_gathered"),
    ("Who gave the views", "var", "a2.views_given_by"),
    ("Given on the child's or young person's behalf (YES/NO)", "var", "a2.views_on_behalf"),
    ("Interests", "text", "a2.interests"),
    ("Strengths", "text", "a2.strengths"),
    ("Aspirations", "text", "a2.aspirations"),
    ("Parent or carer aspirations", "text", "a2.parent_aspirations"),
    ("Attached drawings, photos and recordings", "groups", "a2.media"),
]


def section_a2(layout: Layout) -> None:
    """A2 - Views, Interests, Strengths, Aspirations."""
    layout.heading(
        "A2 – Summary of the views, interests and aspirations of the child and their parent, or of the young person",
        1,
        "a2",
    )
    label_value_table(layout, "a2", "Section A2", A2_ROWS)
