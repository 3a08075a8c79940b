"""The plan inside the document: its JSON as a custom XML part of the .docx, read back exactly.

The part is a standard Office custom XML data item (ECMA-376 Part 1, §15.2.4 and §22.5), as Word keeps for
SharePoint and content controls, so Word and LibreOffice carry it along when they re-save the file::

    word/_rels/document.xml.rels   Relationship Type=".../relationships/customXml" Target="../customXml/item1.xml"
    customXml/item1.xml            <ehcp:plan xmlns:ehcp="urn:ehcp-standard:plan" schemaVersion="1.0.0"
                                              mediaType="application/json">{ the plan's JSON, XML-escaped }</ehcp:plan>
    customXml/_rels/item1.xml.rels Relationship Type=".../relationships/customXmlProps" Target="itemProps1.xml"
    customXml/itemProps1.xml       <ds:datastoreItem ds:itemID="{DATASTORE_ITEM_ID}"> with a schemaRef to the
                                   namespace (content type application/vnd.openxmlformats-officedocument.
                                   customXmlProperties+xml; item1.xml itself is the default application/xml)

The element's text is exactly ``plan.to_json()``; ``extract_embedded_plan`` returns it unchanged, so
``Plan.model_validate_json(extract_embedded_plan(data))`` equals the plan that was rendered. The item may have
another number (``item2.xml``…) in a file that other tools have touched: readers look for the element, not the
name. The template carries the part empty (no text): a document made from it without a plan has none embedded.

A .docx handed to ``extract_embedded_plan`` comes from outside (a receiving council reads the plan back from it),
so it is opened and parsed through ``ooxml``, as every Word file this library reads: a zip bomb, a lying size
header, an encrypted file, a traversal part name, a DOCTYPE or XML nested past the parser's limits is refused with
the ``DocumentError`` that says so, naming the file.
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from ..errors import CorruptDocumentError, EmbeddedPlanError
from ..model.version import SCHEMA_VERSION
from ..ooxml import Limits, parse_xml
from .package import CONTENT_TYPES, open_docx

#: Namespace of the element that holds the plan JSON.
PLAN_NAMESPACE = "urn:ehcp-standard:plan"
PLAN_TAG = f"{{{PLAN_NAMESPACE}}}plan"
#: The fixed id of our custom XML data store item (so the same plan always makes the same bytes).
DATASTORE_ITEM_ID = "{6F3B1C2A-9D4E-4B8A-A1C5-2E7D0F9B3C41}"
PLAN_MEDIA_TYPE = "application/json"
PROPS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
_ITEM_NAME = re.compile(r"customXml/item(\d+)\.xml")


def plan_item_xml(plan_json: str | None, *, schema_version: str = SCHEMA_VERSION) -> bytes:
    """Return the custom XML item holding ``plan_json`` (``None``: the empty part the template carries)."""
    root = etree.Element(PLAN_TAG, nsmap={"ehcp": PLAN_NAMESPACE})
    root.set("schemaVersion", schema_version)
    root.set("mediaType", PLAN_MEDIA_TYPE)
    root.text = plan_json
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def item_props_xml() -> bytes:
    """Return the data store properties of the plan item: its fixed id and a reference to our namespace."""
    root = etree.Element(f"{{{DS_NS}}}datastoreItem", nsmap={"ds": DS_NS})
    root.set(f"{{{DS_NS}}}itemID", DATASTORE_ITEM_ID)
    refs = etree.SubElement(root, f"{{{DS_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{DS_NS}}}schemaRef").set(f"{{{DS_NS}}}uri", PLAN_NAMESPACE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def extract_embedded_plan(docx: bytes, *, source: str = "<data>", limits: Limits | None = None) -> str | None:
    """Return the plan JSON embedded in the .docx ``docx``, exactly as it was written, or ``None`` if the
    document carries no plan (e.g. it was re-saved by a system that drops custom XML).

    The file is opened as every Word file is (``ooxml.open_package`` with ``limits``, default ``ooxml.Limits()``),
    so it raises ``NotADocxError`` (not a zip, no content types, no Word main document), ``EncryptedDocumentError``,
    ``UnsafeDocumentError`` (too large, a zip bomb, a lying size header, a traversal part name, a DOCTYPE, XML
    nested too deep) or ``CorruptDocumentError``; and ``EmbeddedPlanError`` (a ``CorruptDocumentError``) if a
    custom XML part is not well-formed. Every message names ``source``.
    """
    package = open_docx(docx, source=source, limits=limits)
    for name in package.names:
        if _ITEM_NAME.fullmatch(name):
            root = _parse(package.read(name), name, source)
            if root.tag == PLAN_TAG:
                return root.text
    return None


def find_plan_item(parts: dict[str, bytes]) -> str | None:
    """Return the zip name of the part holding our plan element in ``parts``, or ``None``."""
    for name, data in parts.items():
        if _ITEM_NAME.fullmatch(name):
            root = _parse(data, name, "<template>")
            if root.tag == PLAN_TAG:
                return name
    return None


def embed_plan(parts: dict[str, bytes], plan_json: str) -> dict[str, bytes]:
    """Return ``parts`` (a .docx by zip name) with ``plan_json`` embedded: our item replaced where there is one,
    otherwise added with its properties, relationships and content type."""
    parts = dict(parts)
    name = find_plan_item(parts)
    if name is None:
        name = _add_plan_item(parts)
    parts[name] = plan_item_xml(plan_json)
    return parts


def _parse(data: bytes, name: str, source: str) -> etree._Element:
    """Return custom XML part ``name`` parsed safely (``ooxml.parse_xml``); raise ``EmbeddedPlanError`` if it is
    not well-formed, ``UnsafeDocumentError`` if it declares a DOCTYPE or goes past the parser's limits."""
    try:
        return parse_xml(data, source=source, part=name)
    except CorruptDocumentError as error:
        raise EmbeddedPlanError(
            f"the custom XML part {name} should be well-formed XML (a rendered plan keeps its JSON in one), but it "
            f"is not ({error.__cause__ or error})",
            source=source,
        ) from error


def _add_plan_item(parts: dict[str, bytes]) -> str:
    number = 1 + max((int(m.group(1)) for n in parts if (m := _ITEM_NAME.fullmatch(n))), default=0)
    item, props = f"customXml/item{number}.xml", f"customXml/itemProps{number}.xml"
    parts[props] = item_props_xml()
    parts[f"customXml/_rels/item{number}.xml.rels"] = _relationships(
        [(CUSTOM_XML_PROPS_REL, posixpath.basename(props))]
    )
    parts[DOCUMENT_RELS] = _add_relationship(parts[DOCUMENT_RELS], CUSTOM_XML_REL, f"../{item}")
    parts[CONTENT_TYPES] = _add_override(parts[CONTENT_TYPES], f"/{props}", PROPS_CONTENT_TYPE)
    return item


def _relationships(targets: list[tuple[str, str]]) -> bytes:
    root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    for index, (kind, target) in enumerate(targets, start=1):
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=f"rId{index}", Type=kind, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_relationship(rels: bytes, kind: str, target: str) -> bytes:
    root = parse_xml(rels, source="<document>", part=DOCUMENT_RELS)
    ids = {rel.get("Id") for rel in root}
    new_id = next(f"rIdEhcp{i}" for i in range(1, len(ids) + 2) if f"rIdEhcp{i}" not in ids)
    etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=new_id, Type=kind, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_override(content_types: bytes, part_name: str, content_type: str) -> bytes:
    root = parse_xml(content_types, source="<document>", part=CONTENT_TYPES)
    etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part_name, ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
