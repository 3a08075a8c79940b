"""The plan travels inside the document: its JSON in a custom XML part, read back exactly; malformed files get a
clear error, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from ehcp_standard import EhcpError, Plan
from ehcp_standard.errors import (
    CorruptDocumentError,
    DocumentError,
    EmbeddedPlanError,
    NotADocxError,
    UnsafeDocumentError,
)
from ehcp_standard.render import PLAN_NAMESPACE, extract_embedded_plan, render_docx
from ehcp_standard.render.embed import PROPS_CONTENT_TYPE, embed_plan
from ehcp_standard.render.package import read_parts, write_parts
from tests.strategies import plans

from .docs import EXAMPLE_NAMES, example, part, rendered


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_reads_back_exactly_from_its_document(name):
    plan = example(name)
    embedded = extract_embedded_plan(rendered(name))
    assert embedded == plan.to_json()
    assert Plan.model_validate_json(embedded) == plan


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_a_generated_plan_reads_back_exactly_from_its_document(plan):
    embedded = extract_embedded_plan(render_docx(plan))
    assert embedded == plan.to_json()
    assert Plan.model_validate_json(embedded) == plan


def test_the_plan_part_is_a_custom_xml_item_in_our_namespace_with_the_schema_version():
    docx = rendered("primary-autism-final")
    item = part(docx, "customXml/item1.xml")
    assert item.tag == f"{{{PLAN_NAMESPACE}}}plan"
    assert item.get("schemaVersion") == "1.0.0"
    rels = part(docx, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == "../customXml/item1.xml" and r.get("Type").endswith("/customXml") for r in rels)
    props = part(docx, "customXml/itemProps1.xml")
    assert props.find(".//{*}schemaRef").get("{http://schemas.openxmlformats.org/officeDocument/2006/customXml}uri") \
        == PLAN_NAMESPACE
    types = part(docx, "[Content_Types].xml")
    assert any(o.get("PartName") == "/customXml/itemProps1.xml" and o.get("ContentType") == PROPS_CONTENT_TYPE
               for o in types)


def without_plan_part(docx: bytes) -> bytes:
    parts = read_parts(docx)
    parts = {name: data for name, data in parts.items() if not name.startswith("customXml/")}
    return write_parts(parts)


def test_a_document_without_the_plan_part_has_no_embedded_plan():
    assert extract_embedded_plan(without_plan_part(rendered("primary-autism-final"))) is None


def test_a_plan_can_be_embedded_into_a_document_that_has_no_plan_part():
    plan = example("college-19-24-transferred")
    parts = embed_plan(read_parts(without_plan_part(rendered(EXAMPLE_NAMES[0]))), plan.to_json())
    assert extract_embedded_plan(write_parts(parts)) == plan.to_json()
    assert any(name.startswith("customXml/itemProps") for name in parts)


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORD_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"not a zip at all", NotADocxError, "not a zip archive"),
        (zip_of({"hello.txt": b"hi"}), NotADocxError, "has no [Content_Types].xml"),
        (zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": WORD_BODY,
                 "customXml/item1.xml": b"<broken"}), EmbeddedPlanError,
         "the custom XML part customXml/item1.xml should be well-formed XML"),
    ],
)
def test_malformed_files_get_a_clear_error(data, error, message):
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        extract_embedded_plan(data, source="plan.docx")
    assert str(caught.value).startswith("plan.docx: ")
    assert isinstance(caught.value, DocumentError) and isinstance(caught.value, EhcpError)


def test_an_embedded_plan_error_is_a_corrupt_document_error_and_keeps_its_cause():
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": WORD_BODY, "customXml/item1.xml": b"<x"})
    with pytest.raises(CorruptDocumentError) as caught:
        extract_embedded_plan(data)
    assert isinstance(caught.value, EmbeddedPlanError)
    assert isinstance(caught.value.__cause__, CorruptDocumentError)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", WORD_BODY)
        archive.writestr("customXml/item1.xml", b" " * (100 * 1024 * 1024))
    with pytest.raises(UnsafeDocumentError, match="customXml/item1.xml declares 104,857,600 bytes once unpacked"):
        extract_embedded_plan(buffer.getvalue())


def test_a_docx_that_is_not_a_plan_has_none_embedded():
    assert extract_embedded_plan(zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"})) is None


def test_the_same_plan_always_makes_the_same_bytes():
    plan = example("primary-autism-final")
    assert render_docx(plan) == render_docx(plan)


def test_the_plan_json_is_xml_text_not_markup():
    docx = rendered("primary-autism-final")
    item = part(docx, "customXml/item1.xml")
    assert len(item) == 0 and "too loud & echoey" in item.text  # escaped in the file, text once parsed
