"""The neutral document model: what Word does to a file when a person edits it (split runs, revision ids, proof
marks, tracked changes, hyperlinks, fields, content controls) does not change what is read, and content that is
not part of the layout is reported, once per kind, with where it is."""

from __future__ import annotations

from lxml import etree

from ehcp_standard.read.warnings import Warnings
from ehcp_standard.read.wordml import Paragraph, Table, read_body

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body(xml: str) -> tuple[list, Warnings]:
    root = etree.fromstring(f'<w:document xmlns:w="{W}"><w:body>{xml}</w:body></w:document>'.encode())
    warnings = Warnings()
    return read_body(root, "word/document.xml", warnings), warnings


def test_runs_split_by_word_with_revision_ids_and_proof_marks_read_as_one_text():
    [paragraph], warnings = body(
        '<w:p w:rsidR="00AB"><w:pPr><w:pStyle w:val="EHCPField"/></w:pPr>'
        '<w:r w:rsidRPr="1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">What: </w:t></w:r>'
        '<w:proofErr w:type="spellStart"/><w:r><w:t>Le</w:t></w:r><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
        '<w:r><w:t>go</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:tab/><w:t>club</w:t></w:r></w:p>'
    )
    assert paragraph.text == "What: Lego\tclub"
    assert paragraph.label_and_value() == ("What: ", "Lego\tclub")
    assert warnings.items == []


def test_tracked_changes_are_read_as_if_accepted_and_said_so():
    [paragraph], warnings = body(
        '<w:p><w:r><w:t>Two </w:t></w:r><w:del w:id="1"><w:r><w:delText>times</w:delText></w:r></w:del>'
        '<w:ins w:id="2"><w:r><w:t>sessions</w:t></w:r></w:ins></w:p>'
    )
    assert paragraph.text == "Two sessions"
    assert "read as if they were all accepted" in warnings.items[0].message


def test_hyperlinks_fields_smart_tags_and_content_controls_keep_their_text():
    blocks, warnings = body(
        '<w:sdt><w:sdtContent><w:p><w:hyperlink r:id="rId9" xmlns:r="urn:r"><w:r><w:t>GP </w:t></w:r></w:hyperlink>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026-01-10</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:smartTag><w:r><w:t> Leeds</w:t></w:r></w:smartTag>'
        '</w:p></w:sdtContent></w:sdt>'
    )
    assert [b.text for b in blocks] == ["GP 2026-01-10 Leeds"]
    assert warnings.items == []


def test_a_table_keeps_its_caption_rows_cells_and_spans():
    [table], _ = body(
        '<w:tbl><w:tblPr><w:tblCaption w:val="ehcp:k"/></w:tblPr><w:tr><w:trPr><w:tblHeader/></w:trPr>'
        '<w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Notice</w:t></w:r></w:p></w:tc></w:tr>'
        '</w:tbl>'
    )
    assert isinstance(table, Table) and table.caption == "ehcp:k"
    assert table.rows[0].header and [c.text for c in table.rows[0].cells] == ["A", ""]
    assert table.rows[1].cells[0].span == 2
    assert str(table.rows[1].cells[0].paragraphs[0].where) == "word/document.xml, table 1 (ehcp:k), row 2, cell 1, " \
                                                               "paragraph 1"


def test_bullets_are_recognised_by_style_or_by_numbering():
    blocks, _ = body(
        '<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>one</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>two</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>three</w:t></w:r></w:p>'
    )
    assert [(b.text, b.bullet) for b in blocks] == [("one", True), ("two", True), ("three", False)]


def test_pictures_and_unknown_elements_are_reported_once_with_where_they_are():
    blocks, warnings = body(
        '<w:p><w:r><w:drawing/><w:t>Logo</w:t></w:r></w:p><w:p><w:r><w:drawing/></w:r></w:p>'
        '<w:altChunk r:id="rId3" xmlns:r="urn:r"/>'
    )
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Logo", ""]
    messages = [str(w) for w in warnings.items]
    assert len(messages) == 2
    assert messages[0].startswith("word/document.xml, paragraph 1: a picture or object <drawing>")
    assert "<altChunk> is not part of the plan layout" in messages[1]


def test_a_table_nested_in_a_cell_gives_its_paragraphs_to_the_cell_with_a_warning():
    [table], warnings = body(
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>outer</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t>'
        '</w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>'
    )
    assert table.rows[0].cells[0].text == "outer\ninner"
    assert "a table inside a table cell" in warnings.items[0].message
