"""Opening Word packages safely: every hostile case is built in code and refused with a clear, specific error, or
ignored and noted. Nothing here may end in a traceback, run a macro, fetch a URL or expand an entity."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile

import pytest

from ehcp_standard.errors import (
    CorruptDocumentError,
    DocumentError,
    EhcpError,
    EncryptedDocumentError,
    NotADocxError,
    UnsafeDocumentError,
)
from ehcp_standard.ooxml import OLE_MAGIC, Limits, open_package, parse_xml, resolve_target

from .helpers import DOCUMENT, parts, rendered, zip_parts

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""
MB = 1024 * 1024


def minimal_docx(**extra: bytes) -> dict[str, bytes]:
    """The smallest Word package this module accepts: content types and a main document (plus ``extra``)."""
    return {"[Content_Types].xml": CONTENT_TYPES, DOCUMENT: BODY, **extra}


def refused(data: bytes, error: type[DocumentError], *, limits: Limits | None = None) -> DocumentError:
    with pytest.raises(error) as raised:
        open_package(data, source="hostile.docx", limits=limits)
    assert raised.value.source == "hostile.docx"
    assert str(raised.value).startswith("hostile.docx: ")
    assert isinstance(raised.value, EhcpError)
    return raised.value


def set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Return the zip ``data`` with the uncompressed size of entry ``name`` rewritten (in the local header and the
    central directory) to ``size``: a header that lies."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := out.find(signature, start)) != -1:
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, found + offset, size)
            start = found + 4
    return bytes(out)


# -- what is accepted ------------------------------------------------------------------------------------------------


def test_a_rendered_plan_opens_with_its_main_document_and_no_notes():
    package = open_package(rendered("primary-autism-final"), source="theo.docx")
    assert package.main_document == DOCUMENT
    assert package.notes == []
    assert package.xml(DOCUMENT).tag.endswith("}document")


def test_relationships_resolve_to_part_names_inside_the_package():
    package = open_package(rendered("primary-autism-final"))
    targets = {rel.target for rel in package.relationships(DOCUMENT)}
    assert "word/styles.xml" in targets and "customXml/item1.xml" in targets
    assert resolve_target("word/document.xml", "../../etc/passwd") is None
    assert resolve_target("word/document.xml", "/word/styles.xml") == "word/styles.xml"


# -- size, zip bombs and lying headers ---------------------------------------------------------------------------------


def test_a_file_larger_than_the_limit_is_refused_before_it_is_unzipped():
    error = refused(rendered("primary-autism-final"), UnsafeDocumentError, limits=Limits(max_file_bytes=10_000))
    assert "read only up to 10,000 bytes" in str(error)


def test_a_zip_bomb_of_100_mb_of_zeros_is_refused_from_its_declared_size():
    bomb = zip_parts(minimal_docx(**{DOCUMENT: bytes(100 * MB)}))
    assert len(bomb) < 200_000  # 100 MB of zeros deflates to about 100 KB
    error = refused(bomb, UnsafeDocumentError)
    assert "word/document.xml declares 104,857,600 bytes" in str(error)


def test_a_part_compressed_more_than_the_ratio_allows_is_refused_as_a_zip_bomb():
    bomb = zip_parts(minimal_docx(**{DOCUMENT: bytes(20 * MB)}))
    error = refused(bomb, UnsafeDocumentError)
    assert "zip bomb" in str(error) and "ratio over 100 to 1" in str(error)


def test_a_bomb_whose_header_lies_about_its_size_is_caught_while_streaming():
    honest = zip_parts(minimal_docx(**{"word/media/blob.bin": bytes(100 * MB)}))
    lying = set_declared_size(honest, "word/media/blob.bin", 1000)
    package = open_package(lying, source="hostile.docx")  # the header looks harmless
    with pytest.raises(UnsafeDocumentError, match="its zip header says 1,000: the header lies"):
        package.read("word/media/blob.bin")


def test_a_part_smaller_than_its_header_says_is_refused_as_a_lying_header():
    honest = zip_parts(minimal_docx())
    lying = set_declared_size(honest, DOCUMENT, len(BODY) + 500)
    package = open_package(lying, source="hostile.docx")
    with pytest.raises(UnsafeDocumentError, match="the header lies"):
        package.read(DOCUMENT)


def test_the_bytes_unpacked_are_counted_across_reads_against_the_total_limit():
    items = minimal_docx(**{"word/media/part.bin": bytes(range(256)) * 1024})
    package = open_package(zip_parts(items), source="hostile.docx", limits=Limits(max_total_bytes=600_000))
    package.read("word/media/part.bin")
    package.read("word/media/part.bin")
    with pytest.raises(UnsafeDocumentError, match="more than 600,000 bytes in all"):
        package.read("word/media/part.bin")


def test_a_zip_with_too_many_parts_is_refused():
    items = minimal_docx(**{f"word/media/{i}.xml": b"<x/>" for i in range(20)})
    error = refused(zip_parts(items), UnsafeDocumentError, limits=Limits(max_parts=10))
    assert "22 entries" in str(error)


# -- names -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "word\\document.xml",
                                  "C:/Windows/evil.xml", "word/./document2.xml"])
def test_a_part_name_that_could_climb_out_of_the_package_is_refused(name):
    error = refused(zip_parts(minimal_docx(**{name: b"<x/>"})), UnsafeDocumentError)
    assert repr(name) in str(error) and "unsafe name" in str(error)


def test_two_entries_with_the_same_name_are_refused():
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")
        for name, data in [*minimal_docx().items(), (DOCUMENT, b"<other/>")]:
            archive.writestr(name, data)
    error = refused(buffer.getvalue(), UnsafeDocumentError)
    assert "two entries named 'word/document.xml'" in str(error)


# -- encryption ------------------------------------------------------------------------------------------------------


def test_an_encrypted_word_file_is_recognised_from_its_ole_header():
    encrypted = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1000)
    error = refused(encrypted, EncryptedDocumentError)
    assert "password-protected" in str(error) and "remove the password" in str(error)


def test_a_word_97_document_is_not_taken_for_a_docx():
    error = refused(OLE_MAGIC + bytes(2000), NotADocxError)
    assert "Word 97-2003 .doc" in str(error) and "save it as .docx" in str(error)


def test_a_zip_entry_flagged_as_encrypted_is_reported_as_encrypted():
    data = bytearray(zip_parts(minimal_docx()))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the general purpose bit flag
        at = data.find(signature)
        struct.pack_into("<H", data, at + offset, struct.unpack_from("<H", data, at + offset)[0] | 0x1)
    error = refused(bytes(data), EncryptedDocumentError)
    assert "'[Content_Types].xml' is encrypted" in str(error)


# -- XML -------------------------------------------------------------------------------------------------------------


def test_parse_xml_refuses_a_doctype_with_entities_without_expanding_them():
    with pytest.raises(UnsafeDocumentError, match="declares a DOCTYPE"):
        parse_xml(BILLION_LAUGHS, source="lol.docx", part=DOCUMENT)


def test_parse_xml_refuses_a_doctype_in_utf16_too():
    utf16 = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")
    with pytest.raises(UnsafeDocumentError, match="DOCTYPE"):
        parse_xml(utf16, source="lol.docx")


def test_a_package_whose_document_has_a_doctype_is_refused_when_read():
    package = open_package(zip_parts(minimal_docx(**{DOCUMENT: BILLION_LAUGHS})), source="lol.docx")
    with pytest.raises(UnsafeDocumentError, match="lol.docx: word/document.xml declares a DOCTYPE"):
        package.xml(DOCUMENT)


def test_xml_that_is_not_well_formed_is_a_corrupt_document():
    with pytest.raises(CorruptDocumentError, match="should be well-formed XML"):
        parse_xml(b"<w:document><w:body>", source="broken.docx", part=DOCUMENT)


def test_xml_nested_past_the_parsers_limit_is_refused_as_unsafe_not_corrupt():
    deep = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    deep += b"<w:sdt><w:sdtContent>" * 3000 + b"</w:sdtContent></w:sdt>" * 3000 + b"</w:body></w:document>"
    package = open_package(zip_parts(minimal_docx(**{DOCUMENT: deep})), source="deep.docx")
    with pytest.raises(UnsafeDocumentError) as raised:
        package.xml(DOCUMENT)
    message = str(raised.value)
    assert message.startswith("deep.docx: word/document.xml goes past the XML parser's limits (Excessive depth")
    assert "XML_PARSE_HUGE" not in message and "refused as unsafe" in message


def test_external_entities_are_never_fetched():
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://example.org/x">]><x>&e;</x>'
    with pytest.raises(UnsafeDocumentError):
        parse_xml(external)


# -- not a Word document ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "found"), [
    (b"", "an empty file"),
    (b"%PDF-1.7 ...", "a PDF file"),
    (b'{"schema_version": "1.0.0"}', "JSON"),
    (b"<html><body>plan</body></html>", "XML or HTML text"),
    (b"PK\x03\x04 truncated", "a damaged or truncated zip archive"),
    (b"\x00\x01\x02 random", "data that is not a zip archive"),
])
def test_a_file_that_is_not_a_zip_says_what_it_looks_like(data, found):
    error = refused(data, NotADocxError)
    assert "expected a Word .docx (a zip package)" in str(error) and found in str(error)


def test_a_zip_without_content_types_is_not_an_office_document():
    error = refused(zip_parts({"readme.txt": b"hello"}), NotADocxError)
    assert "no [Content_Types].xml" in str(error)


def test_a_zip_without_a_main_document_is_not_a_word_document():
    error = refused(zip_parts({"[Content_Types].xml": CONTENT_TYPES, "data.csv": b"a,b"}), NotADocxError)
    assert "no main document (word/document.xml)" in str(error)


def test_an_excel_workbook_is_named_as_such():
    types = CONTENT_TYPES.replace(b"</Types>", b'<Override PartName="/word/document.xml" ContentType="application/'
                                  b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    error = refused(zip_parts(minimal_docx(**{"[Content_Types].xml": types})), NotADocxError)
    assert "is an Excel workbook" in str(error)


def test_a_part_that_cannot_be_unpacked_is_a_corrupt_document():
    good = zip_parts(minimal_docx(**{"word/media/a.bin": bytes(range(256)) * 40}))
    data = bytearray(good)
    at = data.find(b"word/media/a.bin") + len("word/media/a.bin") + 10
    data[at:at + 20] = bytes(20)  # damage the compressed bytes
    package = open_package(bytes(data), source="broken.docx")
    with pytest.raises(CorruptDocumentError, match="broken.docx: the part word/media/a.bin cannot be unpacked"):
        package.read("word/media/a.bin")


# -- ignored and noted -----------------------------------------------------------------------------------------------


def test_macros_activex_and_embedded_objects_are_ignored_and_noted():
    items = parts(rendered("primary-autism-final"))
    items["word/vbaProject.bin"] = b"Attribute VB_Name = evil"
    items["word/activeX/activeX1.xml"] = b"<x/>"
    items["word/embeddings/oleObject1.bin"] = b"ole"
    package = open_package(zip_parts(items), source="macro.docm")
    notes = "\n".join(package.notes)
    assert "macros (word/vbaProject.bin); they were ignored and never run" in notes
    assert "ActiveX control" in notes and "embedded object" in notes


def test_external_relationships_are_never_fetched_and_are_noted():
    items = parts(rendered("primary-autism-final"))
    rels = items["word/_rels/document.xml.rels"].decode()
    link = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'attachedTemplate" Target="http://attacker.example/template.dotm" TargetMode="External"/>')
    items["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", link + "</Relationships>").encode()
    package = open_package(zip_parts(items), source="linked.docx")
    assert any("external attachedTemplate relationship to 'http://attacker.example/template.dotm' was ignored"
               in note for note in package.notes)
    assert all(rel.id != "rIdX" for rel in package.relationships(DOCUMENT))
