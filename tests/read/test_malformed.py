"""``read_docx`` on malformed and hostile input: each gets its own ``DocumentError`` with a message that names the
file, what was expected and what was found; a damaged embedded plan falls back to the page, with warnings."""

from __future__ import annotations

import io

import pytest

from ehcp_standard.errors import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    NotADocxError,
    NotAPlanError,
    UnsafeDocumentError,
)
from ehcp_standard.ooxml import OLE_MAGIC, Limits
from ehcp_standard.read import read_docx, visible_form

from .helpers import DOCUMENT, example, parts, rendered, zip_parts
from .test_ooxml import BILLION_LAUGHS, set_declared_size


def python_docx_document() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Annual review", 1)
    document.add_paragraph("Minutes of the annual review meeting")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(name: str, data: bytes) -> bytes:
    items = parts(rendered("primary-autism-final"))
    items[name] = data
    return zip_parts(items)


CASES = [
    ("not a zip", b"Dear parent, please find the plan attached.", NotADocxError, "but found data that is not a zip"),
    ("a zip that is not a docx", zip_parts({"a.csv": b"x"}), NotADocxError, "no [Content_Types].xml"),
    ("a docx that is not a plan", python_docx_document(), NotAPlanError, "not a standardised EHC plan"),
    ("a zip bomb", zip_parts({"[Content_Types].xml": b"<Types/>", DOCUMENT: bytes(100 * 1024 * 1024)}),
     UnsafeDocumentError, "declares 104,857,600 bytes"),
    ("an encrypted file", OLE_MAGIC + bytes(100) + "EncryptedPackage".encode("utf-16-le"), EncryptedDocumentError,
     "password-protected"),
    ("billion laughs in the body", with_part(DOCUMENT, BILLION_LAUGHS), UnsafeDocumentError, "declares a DOCTYPE"),
    ("billion laughs in the plan part", with_part("customXml/item1.xml", BILLION_LAUGHS), UnsafeDocumentError,
     "customXml/item1.xml declares a DOCTYPE"),
    ("a body that is not XML", with_part(DOCUMENT, b"<w:document"), CorruptDocumentError, "well-formed"),
    ("a plan part nested 5,000 deep", with_part("customXml/item1.xml", b"<a>" * 5000 + b"</a>" * 5000),
     UnsafeDocumentError, "customXml/item1.xml goes past the XML parser's limits"),
    ("a plan part whose zip header lies", set_declared_size(with_part("customXml/item1.xml", bytes(1 << 20)),
                                                            "customXml/item1.xml", 1000),
     UnsafeDocumentError, "its zip header says 1,000: the header lies"),
    ("a part name that climbs out", with_part("../../evil.xml", b"<x/>"), UnsafeDocumentError,
     "'../../evil.xml' has an unsafe name"),
]


@pytest.mark.parametrize(("case", "data", "error", "message"), CASES, ids=[case[0] for case in CASES])
def test_malformed_input_raises_its_own_document_error(case, data, error, message):
    with pytest.raises(error) as raised:
        read_docx(data, name="input.docx")
    assert isinstance(raised.value, DocumentError) and raised.value.source == "input.docx"
    assert str(raised.value).startswith("input.docx: ") and message in str(raised.value)


def test_an_oversized_file_is_refused():
    with pytest.raises(UnsafeDocumentError, match="read only up to 1,000 bytes"):
        read_docx(rendered("primary-autism-final"), limits=Limits(max_file_bytes=1000))


def test_a_not_a_plan_error_carries_its_reasons_as_located_warnings():
    with pytest.raises(NotAPlanError) as raised:
        read_docx(python_docx_document(), name="minutes.docx")
    assert any("standard plan layout was not found" in w.message for w in raised.value.reasons)


def test_an_embedded_plan_that_is_not_valid_falls_back_to_the_page_with_warnings():
    broken = '<ehcp:plan xmlns:ehcp="urn:ehcp-standard:plan">{"schema_version": "1.0.0"}</ehcp:plan>'
    result = read_docx(with_part("customXml/item1.xml", broken.encode()), name="broken.docx")
    assert result.embedded is None and result.read_from == "visible"
    assert result.plan == visible_form(example("primary-autism-final"))
    assert any("the embedded plan is not a valid plan" in w.message and w.location.part == "customXml/item1.xml"
               for w in result.warnings)


def test_an_embedded_part_that_is_not_xml_is_skipped_with_a_warning():
    result = read_docx(with_part("customXml/item1.xml", b"<ehcp:plan"), name="broken.docx")
    assert result.embedded is None
    assert any("could not be read" in w.message for w in result.warnings)


def test_macros_in_a_plan_are_ignored_and_the_plan_is_still_read():
    result = read_docx(with_part("word/vbaProject.bin", b"macro"), name="plan.docm")
    assert result.plan == example("primary-autism-final")
    assert any("macros" in w.message and "never run" in w.message for w in result.warnings)


def test_a_plan_whose_page_shows_an_invalid_plan_and_has_no_embedded_part_is_not_a_plan():
    items = parts(rendered("primary-autism-final"))
    del items["customXml/item1.xml"]
    body = items[DOCUMENT].decode()
    items[DOCUMENT] = body.replace(">Leeds (DfE code 383)<", ">Atlantis<").encode()
    with pytest.raises(NotAPlanError, match="what it shows is not a valid plan"):
        read_docx(zip_parts(items), name="edited.docx")
