"""The legacy Word reader: one test per quirk, each on a fixture built in code, asserting the exact blocks."""

from __future__ import annotations

import pytest

from ehcp_standard.convert import (
    Cell,
    Deletion,
    Flag,
    Heading,
    ListItem,
    Location,
    Paragraph,
    Row,
    Segment,
    Table,
    read_legacy_docx,
)
from ehcp_standard.errors import DocumentError, EncryptedDocumentError, NotADocxError

from .docx_fixtures import NS, make_docx, make_package, p, r, sdt, tbl, tc, tr

BODY = "word/document.xml"
FC = Flag.CONTENT_CONTROL


def read(body: str, **parts):
    return read_legacy_docx(make_docx(body, **parts), source="fixture.docx")


def at(path: str, part: str = BODY) -> Location:
    return Location(part, path)


def para(text: str, path: str, *, flags=(), style=None, segments=None) -> Paragraph:
    flags = frozenset(flags)
    return Paragraph(text, style, at(path), flags, segments if segments is not None else (Segment(text, flags),))


def cell(text: str | None, path: str, *, column: int, span: int = 1, rows: int = 1) -> Cell:
    blocks = (para(text, f"{path} › paragraph 1"),) if text else ()
    return Cell(blocks, span, None, at(path), column, rows)


def merged(path: str, origin: str, *, column: int) -> Cell:
    return Cell((), 1, at(origin), at(path), column)


# -- headings --------------------------------------------------------------------------------------------------


def test_headings_come_from_heading_styles_the_title_style_and_outline_levels():
    document = read(
        p("My EHC Plan", style="Title") + p("Section A", style="Heading1") + p("A1", style="Heading2")
        + p("Part 3", style="CouncilSection") + p("Views", style="Outlined")
        + p("Direct", ppr='<w:outlineLvl w:val="3"/>') + p("Body text", style="Heading1",
                                                            ppr='<w:outlineLvl w:val="9"/>'))
    assert [(type(b).__name__, getattr(b, "level", None), b.text) for b in document.body] == [
        ("Heading", 0, "My EHC Plan"),
        ("Heading", 1, "Section A"),
        ("Heading", 2, "A1"),
        ("Heading", 1, "Part 3"),  # a council style based on Heading 1
        ("Heading", 3, "Views"),  # outline level 2 in the style
        ("Heading", 4, "Direct"),  # outline level 3 on the paragraph
        ("Paragraph", None, "Body text"),  # outline level 9 = body text, even in a heading style
    ]
    assert document.body[1] == Heading(1, "Section A", at("body › paragraph 2"), "heading 1", frozenset(),
                                       (Segment("Section A"),))


def test_a_short_bold_paragraph_is_flagged_as_a_heading_candidate_not_made_a_heading():
    document = read(
        p("Section F – Special Educational Provision", rpr="<w:b/>")
        + p("Styled bold label", style="Label")
        + p("A whole sentence in bold, ending with a full stop.", rpr="<w:b/>")
        + f"<w:p>{r('Name: ', rpr='<w:b/>')}{r('Zoë')}</w:p>"
        + p("Not bold", rpr='<w:b w:val="0"/>'))
    flags = [Flag.HEADING_CANDIDATE in b.flags for b in document.body]
    assert all(isinstance(b, Paragraph) for b in document.body)
    assert flags == [True, True, False, False, False]


# -- tables ----------------------------------------------------------------------------------------------------


def test_horizontally_merged_cells_point_at_their_origin_and_hold_no_text():
    document = read(tbl(
        tr(tc("Cognition and learning", tcpr='<w:gridSpan w:val="3"/>')),
        tr(tc("Provision"), tc("By whom"), tc("Frequency")),
        columns=3))
    table = document.body[0]
    row1 = "body › table 1 › row 1"
    assert table.rows[0] == Row((
        cell("Cognition and learning", f"{row1} › cell 1", column=0, span=3),
        merged(f"{row1} › cell 2", f"{row1} › cell 1", column=1),
        merged(f"{row1} › cell 3", f"{row1} › cell 1", column=2),
    ), at(row1))
    assert [c.text for c in table.rows[1].cells] == ["Provision", "By whom", "Frequency"]
    assert document.all_text().count("Cognition and learning") == 1


def test_vertically_merged_cells_point_at_their_origin_and_do_not_repeat_its_text():
    document = read(tbl(
        tr(tc("Communication and interaction", tcpr='<w:vMerge w:val="restart"/>'), tc("Speech therapy")),
        tr(tc(tcpr="<w:vMerge/>"), tc("Social skills group")),
        tr(tc(tcpr='<w:vMerge w:val="continue"/>'), tc("Visual timetable")),
        tr(tc("Sensory and physical"), tc("Fine motor programme"))))
    table = document.body[0]
    origin = "body › table 1 › row 1 › cell 1"
    assert table.rows[0].cells[0] == cell("Communication and interaction", origin, column=0, rows=3)
    assert table.rows[1].cells[0] == merged("body › table 1 › row 2 › cell 1", origin, column=0)
    assert table.rows[2].cells[0] == merged("body › table 1 › row 3 › cell 1", origin, column=0)
    assert table.rows[3].cells[0].merged_from is None
    assert document.all_text() == ["Communication and interaction", "Speech therapy", "Social skills group",
                                   "Visual timetable", "Sensory and physical", "Fine motor programme"]
    assert document.warnings == ()


def test_a_merge_spanning_rows_and_columns_and_grid_before_keep_their_grid_columns():
    document = read(tbl(
        tr(tc("Area", tcpr='<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>'), tc("Needs")),
        tr(tc(tcpr='<w:gridSpan w:val="2"/><w:vMerge/>'), tc("Reading")),
        tr(tc("Late"), trpr='<w:gridBefore w:val="2"/>'),
        columns=3))
    rows = document.body[0].rows
    origin = "body › table 1 › row 1 › cell 1"
    assert [(c.column, c.merged_from.path if c.merged_from else None) for c in rows[1].cells] == [
        (0, origin), (1, origin), (2, None)]
    assert rows[0].cells[0].row_span == 2 and rows[0].cells[0].grid_span == 2
    assert [(c.column, c.text) for c in rows[2].cells] == [(2, "Late")]


def test_a_nested_table_is_kept_inside_its_cell():
    inner = tbl(tr(tc("Name(s)"), tc("Relationship")), tr(tc("Ola Nowak"), tc("Mother")))
    document = read(tbl(tr(tc(p("The following people hold parental responsibility:") + inner))))
    outer_cell = document.body[0].rows[0].cells[0]
    assert outer_cell.blocks[0] == para("The following people hold parental responsibility:",
                                        "body › table 1 › row 1 › cell 1 › paragraph 1")
    nested = outer_cell.blocks[1]
    assert isinstance(nested, Table)
    assert nested.location == at("body › table 1 › row 1 › cell 1 › table 1")
    assert nested.rows[1].cells[0] == cell("Ola Nowak", "body › table 1 › row 1 › cell 1 › table 1 › row 2 › cell 1",
                                           column=0)
    assert outer_cell.text == ("The following people hold parental responsibility:\nName(s)\nRelationship\n"
                               "Ola Nowak\nMother")


def test_line_breaks_in_cells_and_tabs_are_kept_as_newlines_and_tabs():
    address = '<w:p><w:r><w:t>Flat 2</w:t><w:br/><w:t>41 Wharf Road</w:t><w:cr/><w:t>BK3 8RT</w:t></w:r></w:p>'
    document = read(tbl(tr(tc("Address"), tc(address)))
                    + '<w:p><w:r><w:t>Name:</w:t><w:tab/><w:t>Zoë</w:t><w:br w:type="page"/></w:r></w:p>')
    assert document.body[0].rows[0].cells[1].text == "Flat 2\n41 Wharf Road\nBK3 8RT"
    assert document.body[1].text == "Name:\tZoë"


# -- tracked changes -------------------------------------------------------------------------------------------


REVISION = 'w:id="{id}" w:author="A. Caseworker" w:date="2024-11-14T10:32:00Z"'


def test_tracked_insertions_are_kept_and_flagged_and_deletions_are_recorded_not_shown():
    body = ("<w:p>" + r("Zoë finds loud spaces hard")
            + f'<w:del {REVISION.format(id=1)}><w:r><w:delText>, although this has reduced</w:delText></w:r></w:del>'
            + f'<w:ins {REVISION.format(id=2)}>{r(", and this has increased")}</w:ins>'
            + r(".") + "</w:p>")
    document = read(body)
    inserted = frozenset({Flag.TRACKED_INSERTION})
    assert document.body == (Paragraph(
        "Zoë finds loud spaces hard, and this has increased.", None, at("body › paragraph 1"), inserted,
        (Segment("Zoë finds loud spaces hard"), Segment(", and this has increased", inserted), Segment("."))),)
    assert document.deletions == (Deletion(", although this has reduced", at("body › paragraph 1"), "deletion",
                                           "A. Caseworker", "2024-11-14T10:32:00Z"),)
    assert "although" not in " ".join(document.all_text())


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next_one():
    deleted_mark = f'<w:pPr><w:rPr><w:del {REVISION.format(id=3)}/></w:rPr></w:pPr>'
    document = read(f"<w:p>{deleted_mark}{r('Zoë likes trains')}</w:p>" + p(" and maps.") + p("Next."))
    assert [(b.location.path, b.text) for b in document.body] == [
        ("body › paragraph 1", "Zoë likes trains and maps."), ("body › paragraph 2", "Next.")]


def test_a_moved_from_range_is_left_out_and_the_moved_to_text_is_kept():
    body = (f'<w:p><w:moveFromRangeStart w:id="5" w:name="move1"/>'
            f'<w:moveFrom {REVISION.format(id=6)}>{r("Swimming on Saturdays")}</w:moveFrom>'
            f'<w:moveFromRangeEnd w:id="5"/></w:p>'
            + p("Drawing maps")
            + f'<w:p><w:moveToRangeStart w:id="7" w:name="move1"/>'
              f'<w:moveTo {REVISION.format(id=8)}>{r("Swimming on Saturdays")}</w:moveTo>'
              f'<w:moveToRangeEnd w:id="7"/></w:p>')
    document = read(body)
    assert [b.text for b in document.body] == ["Drawing maps", "Swimming on Saturdays"]
    assert document.body[1].flags == frozenset({Flag.TRACKED_MOVE})
    assert [(d.text, d.kind) for d in document.deletions] == [("Swimming on Saturdays", "moved from")]
    assert document.warnings == ()


def test_a_tracked_deleted_table_row_is_left_out_and_recorded():
    deleted_row = tr(tc(f'<w:p><w:del {REVISION.format(id=9)}><w:r><w:delText>Old provision</w:delText></w:r>'
                        "</w:del></w:p>"), trpr=f"<w:del {REVISION.format(id=10)}/>")
    document = read(tbl(tr(tc("Provision")), deleted_row, tr(tc("New provision")), columns=1))
    assert [row.cells[0].text for row in document.body[0].rows] == ["Provision", "New provision"]
    assert document.body[0].rows[1].location == at("body › table 1 › row 2")
    assert [(d.text, d.kind) for d in document.deletions] == [("Old provision", "deleted row")]


# -- content controls ------------------------------------------------------------------------------------------


def test_content_controls_are_read_in_the_body_in_rows_in_cells_and_inline():
    body = (
        sdt(p("Block control text"), alias="Block")
        + tbl(
            sdt(tr(tc("Row control"), tc("value")), alias="Row"),
            tr(tc("Year group"), sdt(tc("Year 3"), alias="Cell")),
        )
        + f"<w:p>{r('Next transition: ')}{sdt(r('Year 6 to Year 7'), alias='Transition point')}</w:p>")
    document = read(body)
    assert document.body[0] == para("Block control text", "body › paragraph 1", flags={FC},
                                    segments=(Segment("Block control text", frozenset({FC}), "Block"),))
    rows = document.body[1].rows
    assert [c.text for c in rows[0].cells] == ["Row control", "value"]
    assert rows[0].cells[0].blocks[0].segments[0].control == "Row"
    assert rows[1].cells[1].blocks[0].segments == (Segment("Year 3", frozenset({FC}), "Cell"),)
    assert document.body[2].segments == (Segment("Next transition: "),
                                         Segment("Year 6 to Year 7", frozenset({FC}), "Transition point"))
    assert document.all_text() == ["Block control text", "Row control", "value", "Year group", "Year 3",
                                   "Next transition: Year 6 to Year 7"]


def test_a_content_control_still_showing_its_placeholder_is_flagged_as_a_placeholder():
    grey = r("Enter the date", rpr='<w:rStyle w:val="PlaceholderText"/>')
    control = sdt(grey, alias="Transition date", placeholder=True)
    document = read(tbl(tr(tc("Date of next transition"), tc(f"<w:p>{control}</w:p>"))))
    value = document.body[0].rows[0].cells[1].blocks[0]
    flags = frozenset({FC, Flag.PLACEHOLDER})
    assert value.segments == (Segment("Enter the date", flags, "Transition date"),)
    assert value.flags == flags and value.content_text == ""


# -- placeholders and merge fields -----------------------------------------------------------------------------


def test_word_placeholder_sentences_are_flagged_even_inside_a_paragraph():
    document = read(p("Choose an item.") + p("Start date: Click here to enter a date. (to be confirmed)")
                    + p("Click or tap here to enter text."))
    assert document.body[0].flags == frozenset({Flag.PLACEHOLDER})
    assert document.body[1].segments == (
        Segment("Start date: "), Segment("Click here to enter a date.", frozenset({Flag.PLACEHOLDER})),
        Segment(" (to be confirmed)"))
    assert document.body[1].content_text == "Start date:  (to be confirmed)"
    assert document.body[2].content_text == ""


def test_an_unmerged_merge_field_typed_as_text_is_flagged():
    document = read(p("Dear «Parent_Name», this plan is for «Child_Forename1»«Child_Surname»."))
    merge = frozenset({Flag.MERGE_FIELD})
    assert [s for s in document.body[0].segments if s.flags] == [
        Segment("«Parent_Name»", merge), Segment("«Child_Forename1»«Child_Surname»", merge)]


def test_a_mergefield_with_no_result_shows_as_a_flagged_merge_field():
    simple = f'<w:p>{r("Signed: ")}<w:fldSimple w:instr=" MERGEFIELD Officer_Name "/></w:p>'
    complex_ = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> MERGEFIELD "Child Surname" \\* MERGEFORMAT </w:instrText>'
                '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    document = read(simple + complex_)
    assert document.body[0].segments == (
        Segment("Signed: "), Segment("«Officer_Name»", frozenset({Flag.FIELD, Flag.MERGE_FIELD}), None,
                                     "MERGEFIELD Officer_Name"))
    assert document.body[1].text == "«Child Surname»"
    assert document.body[1].flags == frozenset({Flag.FIELD, Flag.MERGE_FIELD})


def test_simple_and_complex_fields_show_their_result_not_their_instruction():
    simple = '<w:p><w:fldSimple w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; ">' + r("02/12/2024") + "</w:fldSimple></w:p>"
    complex_ = ('<w:p>' + r("See ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> REF </w:instrText></w:r>'
                '<w:r><w:instrText xml:space="preserve">SectionF \\h </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("Section F")
                + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r(" below.") + "</w:p>")
    document = read(simple + complex_)
    assert document.body[0].segments == (Segment("02/12/2024", frozenset({Flag.FIELD}), None,
                                                 'DATE \\@ "dd/MM/yyyy"'),)
    assert document.body[1].text == "See Section F below."
    assert document.body[1].segments[1] == Segment("Section F", frozenset({Flag.FIELD}), None, "REF SectionF \\h")


def test_legacy_form_fields_show_their_check_box_state_and_chosen_entry():
    checkbox = ('<w:p>' + r("Child in care ") + '<w:r><w:fldChar w:fldCharType="begin"><w:ffData>'
                '<w:checkBox><w:default w:val="0"/><w:checked/></w:checkBox></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    dropdown = ('<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
                '<w:listEntry w:val="Draft"/><w:listEntry w:val="Final"/></w:ddList></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    document = read(checkbox + dropdown)
    assert [b.text for b in document.body] == ["Child in care ☒", "Final"]


# -- page furniture and notes ----------------------------------------------------------------------------------


PAGE_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("1")
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_headers_footers_and_a_page_field_in_a_footer_are_page_furniture():
    header = p("OFFICIAL – SENSITIVE [PERSONAL]", rpr="<w:b/>")
    footer = f"<w:p>{r('ZOË OKAFOR-HUGHES    PAGE ')}{PAGE_FIELD}</w:p>"
    first_header = tbl(tr(tc("Name: Zoë Okafor-Hughes"), tc("Date of birth: 14/05/2017")))
    document = read(p("Section A"), headers=[header, first_header], footers=[footer])
    furniture = frozenset({Flag.PAGE_FURNITURE})
    assert document.headers_footers[0] == Paragraph(
        "OFFICIAL – SENSITIVE [PERSONAL]", None, at("header 1 (default) › paragraph 1", "word/header1.xml"),
        furniture, (Segment("OFFICIAL – SENSITIVE [PERSONAL]", furniture),))
    table = document.headers_footers[1]
    assert table.location == at("header 2 (first page) › table 1", "word/header2.xml")
    assert table.flags == furniture
    footer_para = document.headers_footers[2]
    assert footer_para.location == at("footer 1 (default) › paragraph 1", "word/footer1.xml")
    assert footer_para.segments == (Segment("ZOË OKAFOR-HUGHES    PAGE ", furniture),
                                    Segment("1", furniture | {Flag.FIELD}, None, "PAGE"))
    assert document.all_text(furniture=False) == ["Section A"]


def test_a_protective_marking_standing_in_the_body_is_lifted_out_as_page_furniture():
    document = read(p("OFFICIAL-SENSITIVE") + p("Section A: All about me") + p("Official notes follow.")
                    + tbl(tr(tc("Address"), tc("Confidential"))))
    assert [b.text for b in document.body[:2]] == ["Section A: All about me", "Official notes follow."]
    assert document.body[2].rows[0].cells[1].text == "Confidential"  # a value in a table is never lifted
    lifted = document.headers_footers[0]
    assert (lifted.text, lifted.location, Flag.PAGE_FURNITURE in lifted.flags) == (
        "OFFICIAL-SENSITIVE", at("body › paragraph 1"), True)


def test_footnotes_and_endnotes_are_read_as_their_own_parts():
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    body = f'<w:p>{r("Reading age 7")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    document = read(body, footnotes=separator + f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                                                f'{r(" Tested in May 2024.")}</w:p></w:footnote>',
                    endnotes=f'<w:endnote w:id="2">{p("Advice list attached.")}</w:endnote>')
    assert document.body[0].text == "Reading age 7"
    assert document.notes == (
        Paragraph(" Tested in May 2024.", None, at("footnote 1 › paragraph 1", "word/footnotes.xml"), frozenset(),
                  (Segment(" Tested in May 2024."),)),
        Paragraph("Advice list attached.", None, at("endnote 1 › paragraph 1", "word/endnotes.xml"), frozenset(),
                  (Segment("Advice list attached."),)),
    )
    assert document.all_text() == ["Reading age 7", " Tested in May 2024.", "Advice list attached."]
    assert document.warnings == ()


# -- lists -----------------------------------------------------------------------------------------------------


def num_pr(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_list_items_keep_their_level_and_displayed_marker():
    document = read(
        p("Outcomes", style="Heading1")
        + p("Read with fluency", ppr=num_pr(2)) + p("Phonics", ppr=num_pr(2, 1)) + p("Sight words", ppr=num_pr(2, 1))
        + p("Write a paragraph", ppr=num_pr(2)) + p("Punctuation", ppr=num_pr(2, 1))
        + p("Trains", style="ListBullet") + p("Steam engines", style="ListBullet", ppr=num_pr(1, 1))
        + p("Restarted", ppr=num_pr(3)) + p("Not a list", style="ListBullet", ppr=num_pr(0)))
    items = [(b.text, b.level, b.marker) for b in document.body if isinstance(b, ListItem)]
    assert items == [
        ("Read with fluency", 1, "1."), ("Phonics", 2, "1.a)"), ("Sight words", 2, "1.b)"),
        ("Write a paragraph", 1, "2."), ("Punctuation", 2, "2.a)"),
        ("Trains", 1, "•"), ("Steam engines", 2, "o"),
        ("Restarted", 1, "5."),
    ]
    assert document.body[-1] == para("Not a list", "body › paragraph 10", style="List Bullet")
    assert document.body[1] == ListItem("Read with fluency", 1, "1.", at("body › paragraph 2"), None, frozenset(),
                                        (Segment("Read with fluency"),))


def test_typed_bullet_characters_and_symbol_bullets_become_list_items():
    document = read(
        '<w:p><w:r><w:t>•</w:t><w:tab/></w:r>' + r("Trains – especially steam engines") + "</w:p>"
        + '<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/></w:r>' + r("Drawing maps") + "</w:p>"
        + p("- Swimming") + p("-5 degrees is cold") + p("Mum – and Dad"))
    assert document.body[0] == ListItem("Trains – especially steam engines", 1, "•", at("body › paragraph 1"),
                                        None, frozenset({Flag.TYPED_MARKER}),
                                        (Segment("Trains – especially steam engines"),))
    assert [(type(b).__name__, b.text) for b in document.body[1:]] == [
        ("ListItem", "Drawing maps"), ("ListItem", "Swimming"), ("Paragraph", "-5 degrees is cold"),
        ("Paragraph", "Mum – and Dad")]


# -- text boxes, pictures, hyperlinks, symbols -----------------------------------------------------------------


def _text_box(text: str, requires: str = "wps") -> str:
    choice = (f'<mc:Choice Requires="{requires}"><w:drawing><wp:anchor><wp:docPr id="1" name="Box"/><a:graphic>'
              '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
              f'<wps:txbx><w:txbxContent>{p(text)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>'
              '</a:graphic></wp:anchor></w:drawing></mc:Choice>')
    fallback = (f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{p(text + " (VML)")}</w:txbxContent>'
                '</v:textbox></v:shape></w:pict></mc:Fallback>')
    alternate = f"<mc:AlternateContent>{choice}{fallback}</mc:AlternateContent>"
    return f"<w:p>{r('Photo and caption:')}<w:r>{alternate}</w:r></w:p>"


def test_a_text_box_is_read_once_from_its_alternate_content_choice():
    document = read(_text_box("This is me at the railway museum"))
    box = frozenset({Flag.TEXT_BOX})
    assert document.body == (
        para("Photo and caption:", "body › paragraph 1"),
        Paragraph("This is me at the railway museum", None, at("body › paragraph 1 › text box 1 › paragraph 1"), box,
                  (Segment("This is me at the railway museum", box),)),
    )
    assert document.warnings == ()


def test_the_alternate_content_fallback_is_read_when_the_choice_is_not_understood():
    document = read(_text_box("Caption", requires="x"))
    assert [b.text for b in document.body] == ["Photo and caption:", "Caption (VML)"]


def test_a_picture_is_reported_with_its_alt_text():
    picture = ('<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="Picture 2" descr="Zoë with her engine"/>'
               '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic/>'
               "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>")
    document = read(picture)
    assert document.body == ()
    assert [(w.code, w.location.path) for w in document.warnings] == [("picture", "body › paragraph 1")]
    assert "Zoë with her engine" in document.warnings[0].message


def test_hyperlink_text_smart_tags_and_symbols_are_kept():
    document = read('<w:p><w:hyperlink r:id="rIdLink">' + r("Local Offer") + "</w:hyperlink>"
                    + '<w:smartTag w:uri="urn:x" w:element="place">' + r(" in Thornbury") + "</w:smartTag>"
                    + '<w:r><w:t xml:space="preserve"> </w:t><w:sym w:font="Wingdings" w:char="F0FC"/>'
                    + '<w:noBreakHyphen/><w:softHyphen/></w:r></w:p>')
    assert document.body[0].text == "Local Offer in Thornbury ✓-"


def test_hidden_text_is_left_out_with_a_warning():
    styled = r(" styled secret", rpr='<w:rStyle w:val="Secret"/>')
    document = read(f"<w:p>{r('Visible')}{r(' secret note', rpr='<w:vanish/>')}{styled}</w:p>")
    assert document.body[0].text == "Visible"
    assert [w.code for w in document.warnings] == ["hidden-text", "hidden-text"]


# -- what is not understood ------------------------------------------------------------------------------------


def test_an_unknown_element_produces_a_located_warning_and_its_text_is_kept():
    document = read(p("Before") + tbl(tr(tc(f'<w:p>{r("Known ")}<x:mystery>{r("mystery text")}</x:mystery></w:p>')))
                    + "<x:blockThing><w:r><w:t>Block text</w:t></w:r></x:blockThing>")
    assert document.body[1].rows[0].cells[0].text == "Known mystery text"
    assert document.body[2] == Paragraph("Block text", None, at("body › paragraph 2"), frozenset())
    assert [(w.code, w.location.path) for w in document.warnings] == [
        ("unknown-element", "body › table 1 › row 1 › cell 1 › paragraph 1"),
        ("unknown-element", "body"),
    ]
    assert "{urn:example:unknown}mystery" in document.warnings[0].message


def test_elements_ignored_on_purpose_and_ignorable_namespaces_produce_no_warning():
    body = ('<w:p><w:bookmarkStart w:id="0" w:name="A"/><w:proofErr w:type="spellStart"/>'
            '<w:permStart w:id="1"/>' + r("Kept") + '<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>'
            '<w:commentRangeStart w:id="3"/><w:r><w:lastRenderedPageBreak/><w:commentReference w:id="3"/></w:r>'
            '<w:commentRangeEnd w:id="3"/><w14:someNewThing/></w:p>')
    document = read(body, comments='<w:comment w:id="3">' + p("Check this") + "</w:comment>")
    assert document.body[0].text == "Kept"
    assert [w.code for w in document.warnings] == ["comments"]


def test_an_embedded_html_chunk_is_read_and_another_format_is_reported():
    html = b"<html><body><h2>Advice</h2><p>Educational psychologist report, May 2024.</p></body></html>"
    rtf_type = "application/rtf"
    document = read('<w:altChunk r:id="rIdHtml"/><w:altChunk r:id="rIdRtf"/>',
                    extra_parts={"word/chunk.html": ("text/html", html), "word/chunk.rtf": (rtf_type, b"{\\rtf1}")},
                    extra_rels=[("rIdHtml", "aFChunk", "chunk.html"), ("rIdRtf", "aFChunk", "chunk.rtf")])
    assert [(type(b).__name__, b.text, b.location.path) for b in document.body] == [
        ("Heading", "Advice", "body › embedded document 1 › paragraph 1"),
        ("Paragraph", "Educational psychologist report, May 2024.", "body › embedded document 1 › paragraph 2")]
    assert [(w.code, w.location.path) for w in document.warnings] == [("embedded-document",
                                                                      "body › embedded document 2")]


# -- files that cannot be read ---------------------------------------------------------------------------------


def test_a_file_that_is_not_a_docx_gets_an_error_naming_it():
    with pytest.raises(NotADocxError, match="^plan.pdf: .*PDF"):
        read_legacy_docx(b"%PDF-1.7 not a word file", source="plan.pdf")


def test_an_encrypted_file_gets_an_error_naming_it():
    encrypted = bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(EncryptedDocumentError, match="^locked.docx: .*password"):
        read_legacy_docx(encrypted, source="locked.docx")


def test_a_document_without_a_body_is_refused_with_the_shared_error_tree():
    data = make_package(f"<w:document {NS}><w:notBody/></w:document>")
    with pytest.raises(DocumentError, match="^odd.docx: .*w:body"):
        read_legacy_docx(data, source="odd.docx")


def test_an_unknown_element_between_table_rows_is_reported_at_its_row():
    document = read(tbl(tr(tc("A"), "<x:rowExtra><w:t>stray</w:t></x:rowExtra>"), tr(tc("B")), columns=1))
    assert [row.cells[0].text for row in document.body[0].rows] == ["A", "B"]
    assert [(w.code, w.location.path) for w in document.warnings] == [
        ("unknown-element", "body › table 1 › row 1")]
    assert "'stray'" in document.warnings[0].message


def test_content_nested_deeper_than_any_real_plan_is_kept_as_plain_text_with_a_warning():
    body = p("Deep text")
    for _ in range(200):
        body = sdt(body)
    nested_tables = p("Deepest cell")
    for _ in range(200):
        nested_tables = tbl(tr(tc(nested_tables)), columns=1)
    document = read(body + nested_tables)
    assert "Deep text" in document.all_text() and any("Deepest cell" in t for t in document.all_text())
    assert {w.code for w in document.warnings} == {"nested-too-deep"}
