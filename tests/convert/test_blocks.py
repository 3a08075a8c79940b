"""The neutral block model: locations, cell text, reading order and the public API of ``ehcp_standard.convert``."""

from __future__ import annotations

from ehcp_standard import convert
from ehcp_standard.convert import (
    BlockDocument,
    Cell,
    Flag,
    Heading,
    ListItem,
    Location,
    Paragraph,
    Row,
    Segment,
    Table,
)

BODY = Location("word/document.xml", "body")


def test_a_location_reads_as_its_part_and_path():
    location = BODY.child("table 3").child("row 2").child("cell 1").child("paragraph 1")
    assert str(location) == "word/document.xml: body › table 3 › row 2 › cell 1 › paragraph 1"


def test_content_text_leaves_out_placeholders_and_merge_fields():
    paragraph = Paragraph("Signed: «Officer_Name» Choose an item.", None, BODY.child("paragraph 1"),
                          segments=(Segment("Signed: "), Segment("«Officer_Name»", frozenset({Flag.MERGE_FIELD})),
                                    Segment(" "), Segment("Choose an item.", frozenset({Flag.PLACEHOLDER}))))
    assert paragraph.content_text == "Signed:  "


def test_all_text_reads_the_body_then_notes_then_page_furniture_and_merged_cells_once():
    origin = BODY.child("table 1").child("row 1").child("cell 1")
    table = Table((
        Row((Cell((Paragraph("Area", None, origin.child("paragraph 1")),), 2, None, origin, 0),
             Cell((), 1, origin, BODY.child("table 1").child("row 1").child("cell 2"), 1))),
    ), BODY.child("table 1"))
    document = BlockDocument(
        "plan.docx",
        body=(Heading(1, "Section A", BODY.child("paragraph 1")), table,
              ListItem("Trains", 1, "•", BODY.child("paragraph 2"))),
        headers_footers=(Paragraph("OFFICIAL", None, Location("word/header1.xml", "header 1 (default)")),),
        notes=(Paragraph("A note", None, Location("word/footnotes.xml", "footnote 1")),),
    )
    assert document.all_text() == ["Section A", "Area", "Trains", "A note", "OFFICIAL"]
    assert document.all_text(furniture=False) == ["Section A", "Area", "Trains", "A note"]
    assert [type(b).__name__ for b in document.iter_blocks()] == ["Heading", "Table", "Paragraph", "ListItem"]


def test_the_convert_package_exports_exactly_its_public_api():
    assert sorted(convert.__all__) == sorted([
        "Block", "BlockDocument", "Cell", "Deletion", "Flag", "Heading", "IGNORED", "ListItem", "Location",
        "NOT_CONTENT", "PLACEHOLDER_PHRASES", "Paragraph", "ReadWarning", "Row", "Segment", "Table",
        "block_texts", "iter_nested", "read_legacy_docx",
        "Profile", "ProfileError", "SectionMap", "builtin_profiles", "detect_profile", "detection_profiles",
        "find_sections",
        "load_profile", "suggest_profile",
        "Conversion", "ConversionReport", "ConvertOptions", "convert_bytes", "convert_docx",
    ])
    assert all(hasattr(convert, name) for name in convert.__all__)


def test_every_level_lists_the_elements_it_ignores_on_purpose():
    assert set(convert.IGNORED) == {"block", "table", "row", "inline", "run"}
    assert "w:bookmarkStart" in convert.IGNORED["inline"] and "w:proofErr" in convert.IGNORED["inline"]
    assert "w:rPr" in convert.IGNORED["run"] and "w:sectPr" in convert.IGNORED["block"]
