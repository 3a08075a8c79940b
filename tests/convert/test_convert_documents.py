"""Whole Word documents through ``convert_docx``: unknown headings, and files that are not plans at all."""

from __future__ import annotations

import io
import zipfile

import pytest

from ehcp_standard.convert import ConvertOptions, convert_bytes, convert_docx
from ehcp_standard.errors import (
    DocumentError,
    EncryptedDocumentError,
    IncompletePlanError,
    NotADocxError,
    NotAPlanError,
)

from .docx_fixtures import make_docx, p, tbl, tc, tr

DETAILS = tbl(tr(tc("Name"), tc("Ada Quill")), tr(tc("Date of Birth"), tc("02/11/2013")))
UNKNOWN = (
    p("Things Ada is proud of", style="Heading1")
    + p("Ada built a bird box with her grandad.")
    + p("Where we are heading", style="Heading1")
    + p("Ada will read a chapter book by the summer.")
    + tbl(tr(tc("Plan of action"), tc("Weekly reading with a volunteer")))
)


def test_a_plan_whose_headings_no_profile_knows_converts_with_everything_carried_over():
    conversion = convert_docx(make_docx(DETAILS + UNKNOWN), source="odd-layout.docx",
                              options=ConvertOptions(check=False, la_code="855"))
    plan, report = conversion.plan, conversion.report
    assert plan.personal_details.name.surname == "Quill"
    texts = [item.text for item in plan.carried_over]
    for text in ("Things Ada is proud of", "Ada built a bird box with her grandad.", "Where we are heading",
                 "Ada will read a chapter book by the summer.", "Plan of action: Weekly reading with a volunteer"):
        assert text in texts
    assert plan.special_educational_needs is None and plan.section_a is None
    reasons = {entry.location.rsplit(" › ", 1)[-1]: entry.reason for entry in report.carried}
    assert reasons["paragraph 1"] == reasons["paragraph 3"] == "a heading no profile label matched"
    assert reasons["paragraph 2"] == reasons["paragraph 4"] == "under a heading no profile label matched"
    assert reasons["row 1"] == "under a heading no profile label matched"
    assert report.mapped == 2 and report.carried_over == 5
    text = report.to_text()
    assert "Carried over" in text and "under a heading no profile label matched" in text


def test_a_word_document_with_no_plan_in_it_is_not_a_plan():
    letter = make_docx(p("Dear parent,") + p("Please find enclosed the timetable for the summer term."))
    with pytest.raises(NotAPlanError) as raised:
        convert_docx(letter, source="letter.docx")
    assert str(raised.value).startswith("letter.docx: ")
    assert "no section of an EHC plan was found" in str(raised.value)


def test_a_plan_with_no_date_of_birth_names_what_is_missing():
    body = tbl(tr(tc("Name"), tc("Ada Quill"))) + p("Section B: Special educational needs", style="Heading1")
    with pytest.raises(IncompletePlanError) as raised:
        convert_docx(make_docx(body), source="no-dob.docx", options=ConvertOptions(la_code="855"))
    assert raised.value.missing == ("/personal_details/date_of_birth",)
    assert str(raised.value).startswith("no-dob.docx: ")


def test_without_a_council_the_error_says_how_to_give_one():
    with pytest.raises(IncompletePlanError) as raised:
        convert_docx(make_docx(DETAILS + p("Section B: Special educational needs", style="Heading1")),
                     source="x.docx")
    assert raised.value.missing == ("/metadata/la_code",) and "--la-code" in str(raised.value)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "error"), [
    (b"%PDF-1.7 not a Word file", NotADocxError),
    (bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptedPackage".encode("utf-16-le") + bytes(600), EncryptedDocumentError),
    (make_docx(p("x"))[:200], NotADocxError),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><w:body>"}), DocumentError),
], ids=["pdf", "encrypted", "truncated zip", "broken xml"])
def test_files_that_cannot_be_read_raise_a_document_error_naming_the_file(data, error):
    with pytest.raises(error) as raised:
        convert_bytes(data, source="folder/bad.docx")
    assert raised.value.source == "folder/bad.docx"
    assert str(raised.value).startswith("folder/bad.docx: ")
