"""Compile once, render many: the template is prepared once per process and each plan only fills it.

``CompiledTemplate`` runs docxtpl's own preprocessing (``DocxTemplate.patch_xml``) on the template's body, header
and footer once and compiles each into a Jinja template (in the environment of ``environment``). Rendering a plan
is then: build the context, render three compiled templates, and write the zip, copying every unchanged part's
compressed bytes (compressed once) and putting the plan's JSON in its custom XML part. That is the same XML docxtpl
would make (a test checks the parts are canonically equal), but without re-reading the .docx, re-running its
regular expressions and recompiling Jinja for every plan.

``render_docx_with_docxtpl`` is the plain docxtpl path (a fresh ``DocxTemplate`` per plan), kept as the
reference the fast path is tested and benchmarked against.
"""

from __future__ import annotations

import copy
import functools
import io
import posixpath
from dataclasses import dataclass

from docxtpl import DocxTemplate
from jinja2 import Template
from lxml import etree

from ..model.plan import Plan
from .context import DEFAULT_OPTIONS, RenderOptions, plan_context
from .embed import embed_plan, find_plan_item, plan_item_xml
from .environment import compile_story, jinja_environment
from .logo import Logo
from .package import CONTENT_TYPES, deflate, ordered, read_parts, write_parts, zip_entries
from .page import LOGO_NAME
from .template_builder import build_template

XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_BODY_MARKER = "EHCP-BODY-GOES-HERE"
#: Compression of the parts made per plan: level 3 is about as fast as level 1 and nearly as small as level 6.
DYNAMIC_LEVEL = 3


@dataclass(frozen=True)
class _Story:
    """A header or footer: its zip name and compiled template."""

    name: str
    template: Template


@dataclass(frozen=True)
class _Logo:
    """Where the logo picture lives, and the parts to swap in for a JPEG logo."""

    media: str
    jpeg_media: str
    rels_name: str
    jpeg_rels: bytes
    jpeg_content_types: bytes


class CompiledTemplate:
    """The template prepared for rendering many plans. ``render`` is safe to call from several threads."""

    def __init__(self, template: bytes):
        self.parts = read_parts(template, source="<template>")
        docx = DocxTemplate(io.BytesIO(template))
        docx.init_docx()
        environment = jinja_environment()
        self._prefix, self._suffix = _document_frame(docx)
        self._body = compile_story(environment, docx.patch_xml(docx.get_xml()))
        self._stories = [
            _Story(part.partname.lstrip("/"), compile_story(environment, docx.patch_xml(docx.get_part_xml(part))))
            for uri in (docx.HEADER_URI, docx.FOOTER_URI)
            for _, part in docx.get_headers_footers(uri)
        ]
        self._plan_item = find_plan_item(self.parts)
        self._logo = _find_logo(self.parts)
        self._names = ordered(list(self.parts))
        self._static = {name: deflate(name, data, level=9) for name, data in self.parts.items()}

    def render(self, plan: Plan, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
        """Return ``plan`` rendered as .docx bytes."""
        context = plan_context(plan, options)
        changed = {"word/document.xml": self._prefix + self._body.render(context).encode("utf-8") + self._suffix}
        for story in self._stories:
            changed[story.name] = XML_DECLARATION + story.template.render(context).encode("utf-8")
        if self._plan_item:
            changed[self._plan_item] = plan_item_xml(plan.to_json())
        names = list(self._names)
        if options.logo is not None:
            self._put_logo(changed, names, options.logo)
        entries = [deflate(n, changed[n], level=DYNAMIC_LEVEL) if n in changed else self._static[n] for n in names]
        return zip_entries(entries)

    def _put_logo(self, changed: dict[str, bytes], names: list[str], logo: Logo) -> None:
        place = self._logo
        if logo.kind == "png":
            changed[place.media] = logo.data
            return
        names[names.index(place.media)] = place.jpeg_media
        changed[place.jpeg_media] = logo.data
        changed[place.rels_name] = place.jpeg_rels
        changed[CONTENT_TYPES] = place.jpeg_content_types


def _document_frame(docx: DocxTemplate) -> tuple[bytes, bytes]:
    """Return the bytes of ``word/document.xml`` before and after its body, with the XML declaration."""
    root = copy.deepcopy(docx.docx._element)
    body = root.find(f"{{{W}}}body")
    marker = etree.Element(f"{{{W}}}body")
    marker.text = _BODY_MARKER
    root.replace(body, marker)
    text = etree.tostring(root, encoding="unicode")
    prefix, suffix = text.split(f"<w:body>{_BODY_MARKER}</w:body>")
    return XML_DECLARATION + prefix.encode("utf-8"), suffix.encode("utf-8")


def _find_logo(parts: dict[str, bytes]) -> _Logo:
    """Locate the header's logo picture and prepare the parts that hold it as a JPEG."""
    for name, data in parts.items():
        if not (name.startswith("word/_rels/header") and name.endswith(".rels")):
            continue
        rels = etree.fromstring(data)
        for rel in rels:
            if rel.get("Type") == IMAGE_REL:
                media = posixpath.normpath(posixpath.join("word", rel.get("Target")))
                jpeg_target = posixpath.splitext(rel.get("Target"))[0] + ".jpeg"
                rel.set("Target", jpeg_target)
                jpeg_rels = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
                return _Logo(media, posixpath.normpath(posixpath.join("word", jpeg_target)), name, jpeg_rels,
                             _with_jpeg_type(parts[CONTENT_TYPES]))
    raise LookupError(f"the template has no {LOGO_NAME} picture in a header")


def _with_jpeg_type(content_types: bytes) -> bytes:
    root = etree.fromstring(content_types)
    namespace = root.nsmap[None]
    if not any(d.get("Extension") == "jpeg" for d in root.iter(f"{{{namespace}}}Default")):
        default = etree.Element(f"{{{namespace}}}Default", Extension="jpeg", ContentType="image/jpeg")
        root.insert(0, default)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@functools.cache
def compiled_template() -> CompiledTemplate:
    """Return the process's compiled template (built from code and compiled on first use)."""
    return CompiledTemplate(template_bytes())


@functools.cache
def template_bytes() -> bytes:
    """Return the template .docx, built from code once per process."""
    return build_template()


def render_docx(plan: Plan, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """Return ``plan`` rendered in the national standardised layout as .docx bytes, with the plan's JSON
    embedded (see ``embed``)."""
    return compiled_template().render(plan, options)


def render_docx_with_docxtpl(plan: Plan, options: RenderOptions = DEFAULT_OPTIONS, *, embed: bool = True) -> bytes:
    """Return ``plan`` rendered by plain docxtpl: a fresh ``DocxTemplate`` for this one plan. The reference for
    the fast path (same visible output); a JPEG logo is put in the PNG picture's place here."""
    template = DocxTemplate(io.BytesIO(template_bytes()))
    if options.logo is not None:
        template.replace_pic(LOGO_NAME, io.BytesIO(options.logo.data))
    template.render(plan_context(plan, options), jinja_environment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    if not embed:
        return buffer.getvalue()
    return write_parts(embed_plan(read_parts(buffer.getvalue()), plan.to_json()))
