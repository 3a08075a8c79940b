"""Sections E (shorter-term targets), I, J, K, the sign-off and the appendices of the template."""

from __future__ import annotations

from docx.table import Table

from ._oxml import keep_row_whole, set_table_layout
from ._writer import Writer, cell_writer, row_tag
from .layout import LABEL_WIDTHS, Layout, column_header_row, label_row, label_value_table, notice_row, value
from .page import TEXT_WIDTH

K_COLUMNS = [7000, 2400, 3938, 1800]
I_COLUMNS = [4600, 4600, TEXT_WIDTH - 9200]
J_COLUMNS = [3800, 2400, 4938, 4000]
CARRIED_OVER_COLUMNS = [6638, 4000, 2700, 1800]
HISTORY_COLUMNS = [1200, 2200, 1700, 1700, 4338, 4000]
EVENT_COLUMNS = [2000, 4000, TEXT_WIDTH - 6000]
EXCEPTION_COLUMNS = [5000, 2000, 2000, TEXT_WIDTH - 9000]
EXTENSION_COLUMNS = [5000, TEXT_WIDTH - 5000]


def rows_table(
    layout: Layout, caption: str, description: str, columns: list[str], expression: str, *, whole_rows: bool = True
) -> Table:
    """Add a table with a repeated column-header row and one row per entry of ``expression``; return it with the
    loop row still open (the caller fills the cells of ``table.rows[-1]`` and calls ``close_rows``). With
    ``whole_rows`` (for short entries) a row is never split across pages."""
    table = layout.table(len(columns), caption, description)
    column_header_row(table, columns)
    row_tag(table, f"for row in {expression}")
    row = table.add_row()
    if whole_rows:
        keep_row_whole(row)
    return table


def close_rows(table: Table, widths: list[int], notice: str | None = None) -> None:
    """End the row loop opened by ``rows_table``, add the notice row if any, and fix the widths."""
    row_tag(table, "endfor")
    if notice:
        notice_row(table, notice)
    set_table_layout(table, widths)


def cells(table: Table) -> list[Writer]:
    """Return writers for the cells of the table's last row."""
    return [cell_writer(cell) for cell in table.rows[-1].cells]


def shorter_term_targets(layout: Layout) -> None:
    """Section E: how the setting will set shorter-term targets (CoP 9.66)."""
    layout.heading("E – How shorter-term targets will be set", 1, "e_targets")
    rows = [("How the setting will set shorter-term targets towards the outcomes (CoP 9.66)", "text", "targets")]
    label_value_table(layout, "e_targets", "Shorter-term targets", rows)


def placement(layout: Layout) -> None:
    """Section I: name and type of the school or other institution (left blank in a draft, s.38(5))."""
    layout.heading("I – Placement", 1, "i")
    table = rows_table(layout, "i", "Name and type of the institution", ["Name", "Type", "Details"], "placement.rows")
    name, kind, details = cells(table)
    name.var("row.name")
    kind.var("row.type")
    value(details, "fields", "row.fields")
    close_rows(table, I_COLUMNS, "placement.notice")


def direct_payments(layout: Layout) -> None:
    """Section J: details and arrangements of the personal budget, then its items."""
    layout.heading("J – Direct Payments", 1, "j")
    table = layout.table(2, "j", "Personal budget and direct payments")
    notice_row(table, "budget.notice")
    label_row(table, "Details").text_block("budget.details")
    label_row(table, "Arrangements for direct payment").text_block("budget.arrangements")
    set_table_layout(table, LABEL_WIDTHS)
    out = layout.out
    out.tag("if budget.budget_items")
    layout.spacer()
    columns = ["Budget item", "Amount", "What it funds", "Needs and outcomes it meets"]
    items = rows_table(layout, "j:items", "Personal budget items", columns, "budget.budget_items")
    item, amount, funds, meets = cells(items)
    item.var("row.id", "EHCP Id")
    value(item, "fields", "row.fields")
    amount.var("row.amount")
    funds.text_block("row.funds")
    value(meets, "fields", "row.meets")
    close_rows(items, J_COLUMNS)
    out.tag("endif")


K_HEADINGS = ["Advice and information requested", "Date received (CCYY-MM-DD)", "Who from", "Appended (YES/NO)"]


def advice(layout: Layout) -> None:
    """Section K: the advice and information gathered, then the template's fixed rows not yet filled."""
    layout.heading("K – The advice and information gathered during the EHC needs assessment", 1, "k")
    table = rows_table(layout, "k", "Advice and information gathered", K_HEADINGS, "advice.rows")
    requested, received, who, appended = cells(table)
    requested.tag("if row.id")
    requested.var("row.id", "EHCP Id")
    requested.tag("endif")
    requested.text_block("row.description")
    requested.fields("row.fields")
    received.var("row.date_received")
    who.var("row.who_from")
    who.fields("row.who_fields")
    appended.var("row.appended")
    close_rows(table, K_COLUMNS)


SIGN_OFF_ROWS = [
    ('Local authority officer name ("SURNAME, FIRST NAME (optional middle name or initial)")', "var",
     "sign_off.officer_name"),
    ("Role", "var", "sign_off.role"),
    ("Signature", "var", "sign_off.signature"),
    ("Date (CCYY-MM-DD)", "var", "sign_off.date"),
]


def sign_off(layout: Layout) -> None:
    """Sign-off by the local authority officer (template block 13)."""
    layout.heading("Sign-off", 1, "sign_off")
    label_value_table(layout, "sign_off", "Sign-off", SIGN_OFF_ROWS)


def carried_over(layout: Layout) -> None:
    """Appendix: content carried over from the previous plan, only when there is some."""
    out = layout.out
    out.tag("if appendix.carried_over")
    layout.heading("Appendix – Content carried over from the previous plan", 1, "carried_over", new_page=True)
    out.para(
        "This content comes from the plan this plan replaced. It had no place in the standard sections, so it is "
        "kept here word for word, with where it came from."
    )
    columns = ["Content", "Source", "Why it was carried over", "Suggested section"]
    table = rows_table(
        layout, "carried_over", "Carried-over content", columns, "appendix.carried_over", whole_rows=False
    )
    content, source, reason, section = cells(table)
    content.text_block("row.text")
    value(source, "fields", "row.source")
    reason.var("row.reason")
    section.var("row.suggested_section")
    close_rows(table, CARRIED_OVER_COLUMNS)
    out.tag("endif")


def plan_record(layout: Layout) -> None:
    """Appendix: version history, statutory events and exceptions to the 20-week limit."""
    out = layout.out
    out.tag("if appendix.record")
    layout.heading("Appendix – Plan record", 1, "plan_record", new_page=True)
    layout.heading("Version history", 2, "history")
    columns = ["Version", "Status", "Issued", "Superseded", "What changed", "SHA-256 of that version"]
    table = rows_table(layout, "history", "Earlier versions of the plan", columns, "record.history.rows")
    version, status, issued, superseded, summary, sha256 = cells(table)
    version.var("row.version")
    status.var("row.status")
    issued.var("row.issued")
    superseded.var("row.superseded")
    summary.text_block("row.summary")
    sha256.var("row.sha256")
    close_rows(table, HISTORY_COLUMNS, "record.history.notice")
    _events(layout)
    _exceptions(layout)
    out.tag("endif")


def _events(layout: Layout) -> None:
    layout.heading("Statutory events", 2, "events")
    table = rows_table(layout, "events", "Statutory events", ["Date", "Event", "Details"], "record.events.rows")
    date, event, details = cells(table)
    date.var("row.date")
    event.var("row.event")
    value(details, "fields", "row.fields")
    close_rows(table, EVENT_COLUMNS, "record.events.notice")


def _exceptions(layout: Layout) -> None:
    layout.heading("Exceptions to the 20-week limit", 2, "timescale_exceptions")
    columns = ["Exception (Regs 10(4))", "From", "To", "Details"]
    table = rows_table(layout, "timescale_exceptions", "Exceptions", columns, "record.exceptions.rows")
    reason, start, end, note = cells(table)
    reason.var("row.reason")
    start.var("row.start")
    end.var("row.end")
    note.text_block("row.note")
    close_rows(table, EXCEPTION_COLUMNS, "record.exceptions.notice")


def extensions(layout: Layout) -> None:
    """Appendix: a council's local extensions, one row per value, only when there are some."""
    out = layout.out
    out.tag("if appendix.extensions")
    layout.heading("Appendix – Local extensions", 1, "extensions", new_page=True)
    columns = ["Namespace and key", "Value"]
    table = rows_table(layout, "extensions", "Local extensions", columns, "appendix.extensions", whole_rows=False)
    key, item = cells(table)
    key.var("row.path")
    item.text_block("row.value")
    close_rows(table, EXTENSION_COLUMNS)
    out.tag("endif")
