"""The template is built from code, reproducibly, and the committed copy in templates/ is what the code builds."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from lxml import etree

from ehcp_standard.render import build_template
from ehcp_standard.render.embed import PLAN_TAG
from ehcp_standard.render.template_builder import TEMPLATE_DIR, TEMPLATE_NAME, document_xml_dump

from .docs import part

COMMITTED = TEMPLATE_DIR / f"{TEMPLATE_NAME}.docx"
COMMITTED_DUMP = TEMPLATE_DIR / f"{TEMPLATE_NAME}.document.xml"
REGENERATE = "regenerate it with: PYTHONPATH=src python -m ehcp_standard.render"


@pytest.fixture(scope="module")
def built() -> bytes:
    return build_template()


def xml_parts(docx: bytes) -> dict[str, bytes]:
    """Every XML part of ``docx`` in canonical form (so zip details and attribute quoting do not matter)."""
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        return {n: etree.tostring(etree.fromstring(archive.read(n)), method="c14n") for n in names}


def test_the_committed_template_is_what_the_builder_makes(built):
    committed = xml_parts(COMMITTED.read_bytes())
    made = xml_parts(built)
    assert sorted(committed) == sorted(made), REGENERATE
    drifted = [name for name in made if committed[name] != made[name]]
    assert not drifted, f"{', '.join(drifted)} differ from the builder's; {REGENERATE}"


def test_the_committed_document_xml_dump_is_the_templates_document(built):
    assert COMMITTED_DUMP.read_text(encoding="utf-8") == document_xml_dump(built), REGENERATE


def test_the_template_builds_to_the_same_bytes_every_time(built):
    assert build_template() == built


def test_the_template_carries_an_empty_plan_part(built):
    item = part(built, "customXml/item1.xml")
    assert item.tag == PLAN_TAG
    assert item.text is None
    assert item.get("schemaVersion") == "1.0.0"


def test_the_template_has_no_thumbnail_of_a_blank_page(built):
    with zipfile.ZipFile(BytesIO(built)) as archive:
        assert not [n for n in archive.namelist() if "thumbnail" in n]


def test_every_template_tag_sits_whole_in_one_run(built):
    """docxtpl cannot read a tag split across runs; ours are written whole, so none may be split."""
    body = part(built, "word/document.xml")
    w = body.nsmap["w"]
    for text in body.iter(f"{{{w}}}t"):
        value = text.text or ""
        assert value.count("{{") == value.count("}}"), value
        assert value.count("{%") == value.count("%}"), value
