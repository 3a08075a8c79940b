"""The page: A4 landscape, and the running header and footer every page carries.

Header: the council's logo and name (left), the protective marking OFFICIAL-SENSITIVE and, for a plan that is not
final, its status marking such as DRAFT (centre), the child's or young person's name and date of birth (right);
a draft also carries a DRAFT watermark. Footer: plan reference and version (left), OFFICIAL-SENSITIVE (centre),
"Page X of Y" from the PAGE and NUMPAGES fields (right).

The logo is always there: a transparent one-pixel picture named ``LOGO_NAME`` whose size comes from the context,
replaced by the council's logo when one is given, so a logo never changes the document's structure.
"""

from __future__ import annotations

import io
import struct
import zlib

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Twips

from ._oxml import add_field, remove_borders, set_table_layout
from ._writer import Writer, cell_writer

#: The name (``pic:cNvPr/@name``) and description (``wp:docPr/@descr``) of the logo picture in the header.
LOGO_NAME = "ehcp-la-logo.png"
#: Width of the text area of an A4 landscape page with 1.5 cm side margins, in twips.
TEXT_WIDTH = 16838 - 2 * 850
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
_VML_NAMESPACES = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
_THIRDS = [5046, 5046, TEXT_WIDTH - 2 * 5046]


def set_up_page(section: Section) -> None:
    """Make ``section`` A4 landscape with the template's margins."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Twips(850)
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(1.8)
    section.header_distance, section.footer_distance = Cm(0.8), Cm(0.8)


def build_header(document: Document) -> None:
    """Write the running header into the first section: logo, council, markings, name and date of birth."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    _remove_paragraphs(header)
    table = header.add_table(1, 3, Twips(TEXT_WIDTH))
    left, centre, right = table.rows[0].cells
    _logo_cell(cell_writer(left))
    middle = cell_writer(centre)
    middle.para(PROTECTIVE_MARKING, "EHCP Protective Marking").alignment = WD_ALIGN_PARAGRAPH.CENTER
    middle.tag("if header.marking")
    middle.var("header.marking", "EHCP Marking").alignment = WD_ALIGN_PARAGRAPH.CENTER
    middle.tag("endif")
    person = cell_writer(right)
    person.var("header.child_name", "Header").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    person.field("Date of birth:", "header.date_of_birth", "Header").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _finish_layout_table(table)
    out = Writer(header)
    out.tag("if header.draft")
    out.para(style="Header")._p.append(_watermark("DRAFT"))
    out.tag("endif")
    out.para(style="EHCP Spacer")


def build_footer(document: Document) -> None:
    """Write the running footer: plan reference and version, protective marking, "Page X of Y"."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    _remove_paragraphs(footer)
    table = footer.add_table(1, 3, Twips(TEXT_WIDTH))
    left, centre, right = table.rows[0].cells
    plan = cell_writer(left)
    plan.field("Plan reference:", "header.reference", "Footer")
    plan.field("Version:", "header.version", "Footer")
    cell_writer(centre).para(PROTECTIVE_MARKING, "EHCP Protective Marking").alignment = WD_ALIGN_PARAGRAPH.CENTER
    pages = cell_writer(right).para("Page ", "Footer")
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_field(pages, "PAGE", "1")
    pages.add_run(" of ")
    add_field(pages, "NUMPAGES", "1")
    _finish_layout_table(table)
    Writer(footer).para(style="EHCP Spacer")


def _remove_paragraphs(story) -> None:
    for paragraph in list(story.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def _finish_layout_table(table) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_layout(table, _THIRDS)
    remove_borders(table)


def _logo_cell(out: Writer) -> None:
    """The logo, then the council's name beside it, in one paragraph."""
    paragraph = out.para(style="Header")
    paragraph.add_run().add_picture(io.BytesIO(transparent_png()), height=Cm(1))
    _template_logo_size(paragraph)
    paragraph.add_run(" {{ header.la_name }}").bold = True


def _template_logo_size(paragraph) -> None:
    """Name the logo picture and make its size come from the context (``header.logo.cx``/``cy``, in EMU)."""
    inline = paragraph._p.xpath(".//wp:inline")[0]
    for extent in (inline.find(qn("wp:extent")), *inline.xpath(".//a:ext")):
        extent.set("cx", "{{ header.logo.cx }}")
        extent.set("cy", "{{ header.logo.cy }}")
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("name", "Local authority logo")
    doc_pr.set("descr", LOGO_NAME)
    inline.xpath(".//pic:cNvPr")[0].set("name", LOGO_NAME)


def transparent_png() -> bytes:
    """Return a valid one-pixel, fully transparent PNG (the logo placeholder)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x00\x00\x00", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _watermark(text: str):
    """Return a run holding a pale diagonal text watermark (a VML text path, as Word writes watermarks)."""
    return parse_xml(
        f"<w:r {nsdecls('w')} {_VML_NAMESPACES}><w:rPr><w:noProof/></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e">'
        '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
        '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
        '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
        '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" '
        'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        '<v:shape id="EhcpDraftWatermark" o:spid="_x0000_s1025" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:520pt;height:130pt;rotation:315;'
        "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
        'fillcolor="#d8d8d8" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{text}"/></v:shape>'
        "</w:pict></w:r>"
    )
