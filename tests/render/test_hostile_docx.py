"""A plan .docx a receiving council reads back is hostile until proved otherwise: ``extract_embedded_plan``,
``read_parts`` and ``visible_text`` open it through ``ooxml``, so each hostile case built here is refused with the
same error type and message as the converter's ``open_package`` gives, naming the file, and never a traceback."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from ehcp_standard.errors import (
    CorruptDocumentError,
    DocumentError,
    EmbeddedPlanError,
    EncryptedDocumentError,
    NotADocxError,
    UnsafeDocumentError,
)
from ehcp_standard.ooxml import OLE_MAGIC, Limits, open_package
from ehcp_standard.render import extract_embedded_plan, visible_text
from ehcp_standard.render.package import read_parts, write_parts
from tests.read.helpers import zip_parts
from tests.read.test_ooxml import BILLION_LAUGHS, minimal_docx, set_declared_size

from .docs import EXAMPLE_NAMES, example, rendered

MB = 1024 * 1024
ITEM = "customXml/item1.xml"
PLAN_OPEN = b'<ehcp:plan xmlns:ehcp="urn:ehcp-standard:plan">'


def plan_item(text: bytes) -> bytes:
    """Return a plan part holding ``text`` (not escaped: the cases put markup in it)."""
    return PLAN_OPEN + text + b"</ehcp:plan>"


def with_item(data: bytes) -> bytes:
    """Return the smallest Word package with ``data`` as its plan part."""
    return zip_parts(minimal_docx(**{ITEM: data}))


def encrypted_flag(data: bytes) -> bytes:
    """Return the zip ``data`` with its first entry flagged as encrypted (the general purpose bit 0)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        struct.pack_into("<H", out, at + offset, struct.unpack_from("<H", out, at + offset)[0] | 0x1)
    return bytes(out)


def excel_workbook() -> bytes:
    return zip_parts({
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b"<workbook/>",
    })


#: Hostile files refused when the package is opened: (case, data, error, words of the message).
AT_OPEN = [
    ("a zip bomb of 100 MB of zeros", with_item(bytes(100 * MB)), UnsafeDocumentError,
     f"the part {ITEM} declares 104,857,600 bytes once unpacked; a part is read only up to 67,108,864 bytes"),
    ("a part compressed like a zip bomb", with_item(plan_item(b" " * (20 * MB))), UnsafeDocumentError,
     "a ratio over 100 to 1: a zip bomb, refused"),
    ("an encrypted Word file", OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
     EncryptedDocumentError, "the document is password-protected"),
    ("a zip entry flagged as encrypted", encrypted_flag(with_item(plan_item(b"{}"))), EncryptedDocumentError,
     "the zip entry '[Content_Types].xml' is encrypted"),
    ("a part name that climbs out of the package", zip_parts(minimal_docx(**{"../../evil.xml": b"<x/>"})),
     UnsafeDocumentError, "the zip entry '../../evil.xml' has an unsafe name"),
    ("too many parts", zip_parts(minimal_docx(**{f"word/media/{i}.xml": b"<x/>" for i in range(2000)})),
     UnsafeDocumentError, "the zip holds 2,002 entries; a Word document is read only up to 2,000"),
    ("an Excel workbook", excel_workbook(), NotADocxError, "main part xl/workbook.xml is an Excel workbook"),
    ("a Word 97 document", OLE_MAGIC + bytes(2000), NotADocxError, "probably a Word 97-2003 .doc"),
    ("not a zip", b"Dear parent, the plan is attached.", NotADocxError, "but found data that is not a zip archive"),
]

#: Hostile plan parts, refused when the part is read: (case, data, error, words of the message).
AT_READ = [
    ("a plan part whose zip header lies about its size",
     set_declared_size(with_item(bytes(2 * MB)), ITEM, 1000), UnsafeDocumentError,
     f"the part {ITEM} unpacks to at least 65,536 bytes, but its zip header says 1,000: the header lies"),
    ("a plan part smaller than its zip header says",
     set_declared_size(with_item(plan_item(b"{}")), ITEM, len(plan_item(b"{}")) + 500), UnsafeDocumentError,
     "the header lies"),
    ("billion laughs in the plan part", with_item(BILLION_LAUGHS), UnsafeDocumentError, f"{ITEM} declares a DOCTYPE"),
    ("one small entity in the plan part",
     with_item(b'<!DOCTYPE p [<!ENTITY e "injected">]>' + plan_item(b'{"a": "&e;"}')), UnsafeDocumentError,
     f"{ITEM} declares a DOCTYPE"),
    ("a plan part nested 5,000 deep", with_item(plan_item(b"<a>" * 5000 + b"</a>" * 5000)), UnsafeDocumentError,
     f"{ITEM} goes past the XML parser's limits"),
]


def converter_error(data: bytes) -> DocumentError:
    """Return what the converter's way in (``ooxml.open_package``, then reading every part) raises for ``data``."""
    with pytest.raises(DocumentError) as raised:
        package = open_package(data, source="hostile.docx")
        for name in package.names:
            package.xml(name) if name.endswith(".xml") else package.read(name)
    return raised.value


def assert_refused_as_the_converter_does(read, data: bytes, error: type[DocumentError], words: str) -> None:
    with pytest.raises(error) as raised:
        read(data)
    assert str(raised.value).startswith("hostile.docx: ") and raised.value.source == "hostile.docx"
    assert words in str(raised.value)
    expected = converter_error(data)
    assert (type(raised.value), str(raised.value)) == (type(expected), str(expected))


@pytest.mark.parametrize(("case", "data", "error", "words"), AT_OPEN + AT_READ,
                         ids=[case[0] for case in AT_OPEN + AT_READ])
def test_extract_embedded_plan_refuses_a_hostile_file_as_the_converter_does(case, data, error, words):
    assert_refused_as_the_converter_does(lambda d: extract_embedded_plan(d, source="hostile.docx"), data, error, words)


@pytest.mark.parametrize(("case", "data", "error", "words"), AT_OPEN + AT_READ[:2],
                         ids=[case[0] for case in AT_OPEN + AT_READ[:2]])
def test_read_parts_refuses_a_hostile_file_as_the_converter_does(case, data, error, words):
    assert_refused_as_the_converter_does(lambda d: read_parts(d, source="hostile.docx"), data, error, words)


@pytest.mark.parametrize(("case", "data", "error", "words"), AT_OPEN, ids=[case[0] for case in AT_OPEN])
def test_visible_text_refuses_a_hostile_file_when_it_is_opened(case, data, error, words):
    with pytest.raises(error) as raised:
        visible_text(data)
    assert words in str(raised.value)


def test_a_doctype_in_the_plan_part_no_longer_truncates_the_plan_silently():
    data = with_item(b'<!DOCTYPE p [<!ENTITY e "injected">]>' + plan_item(b'{"a": "&e;", "b": 1}'))
    with pytest.raises(UnsafeDocumentError, match="declares a DOCTYPE"):
        extract_embedded_plan(data)


def test_a_custom_xml_part_that_is_not_xml_is_an_embedded_plan_error_naming_file_and_part():
    with pytest.raises(EmbeddedPlanError) as raised:
        extract_embedded_plan(with_item(b"<ehcp:plan"), source="plan.docx")
    message = str(raised.value)
    assert message.startswith(f"plan.docx: the custom XML part {ITEM} should be well-formed XML")
    assert isinstance(raised.value, CorruptDocumentError) and isinstance(raised.value.__cause__, CorruptDocumentError)


def test_the_limits_can_be_tightened_for_one_read():
    with pytest.raises(UnsafeDocumentError, match="read only up to 1,000 bytes"):
        extract_embedded_plan(rendered(EXAMPLE_NAMES[0]), source="plan.docx", limits=Limits(max_file_bytes=1000))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_rendered_example_still_reads_back_exactly_with_every_part_as_zipfile_reads_it(name):
    docx = rendered(name)
    assert extract_embedded_plan(docx, source=f"{name}.docx") == example(name).to_json()
    parts = read_parts(docx)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert parts == {name: archive.read(name) for name in archive.namelist()}
    assert read_parts(write_parts(parts)) == parts
