"""The template's styles: Arial throughout, British English, real heading styles, and the ``EHCP …`` styles that
mark the parts of the layout a reader relies on (ids, labelled field lines, notices, column headers)."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle

from ._oxml import borders, element, replace_child

FONT = "Arial"
LANGUAGE = "en-GB"
DARK_BLUE = "1F3864"
MID_BLUE = "2E5597"
LIGHT_BLUE = "DEEAF6"
HEADER_FILL = "D9E2F3"
LABEL_FILL = "F2F2F2"
DRAFT_RED = "C00000"

#: Paragraph styles the layout uses, by name: (size in points, bold, italic, colour or None, space after in points).
_PARAGRAPH_STYLES = {
    "EHCP Label": (10, True, False, None, 2),
    "EHCP Column Header": (10, True, False, DARK_BLUE, 2),
    "EHCP Field": (10, False, False, None, 1),
    "EHCP Id": (7.5, False, False, "595959", 0),
    "EHCP Need Title": (10, True, False, None, 2),
    "EHCP Notice": (10, False, True, None, 2),
    "EHCP Area Description": (9, False, True, "404040", 2),
    "EHCP Marking": (11, True, False, DRAFT_RED, 0),
    "EHCP Protective Marking": (9, True, False, None, 0),
    "EHCP Status Banner": (16, True, False, DARK_BLUE, 6),
    "EHCP Draft Banner": (16, True, False, DRAFT_RED, 6),
    "EHCP Spacer": (1, False, False, None, 0),
    "EHCP Group Gap": (4, False, False, None, 0),
}


def set_up_styles(document: Document) -> None:
    """Give ``document`` the template's fonts, language and styles, and drop the table styles it does not use."""
    _set_defaults(document)
    _drop_unused_table_styles(document)
    _style_headings(document)
    for name, spec in _PARAGRAPH_STYLES.items():
        _paragraph_style(document, name, *spec)
    document.styles["EHCP Id"].paragraph_format.space_before = Pt(5)
    _style_existing(document, "List Bullet", size=10, after=1)
    _style_existing(document, "Header", size=8, after=0)
    _style_existing(document, "Footer", size=8, after=0)


def _set_defaults(document: Document) -> None:
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr)
    replace_child(r_pr, element("w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    p_pr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    replace_child(p_pr, element("w:spacing", after="60", line="240", lineRule="auto"))


def set_fonts(r_pr) -> None:
    """Set Arial for every script in the run properties ``r_pr`` (removing theme fonts, which would win)."""
    fonts = element("w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    old = r_pr.find(qn("w:rFonts"))
    if old is not None:
        old.addprevious(fonts)
        r_pr.remove(old)
    else:
        r_pr.insert(0, fonts)


def _drop_unused_table_styles(document: Document) -> None:
    keep = {"TableNormal", "TableGrid"}
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in keep:
            styles.remove(style)


def _style_headings(document: Document) -> None:
    _heading(document, "Heading 1", size=13, color="FFFFFF", fill=DARK_BLUE, before=12)
    _heading(document, "Heading 2", size=11, color=DARK_BLUE, fill=LIGHT_BLUE, before=8)
    _style_existing(document, "Title", size=26, after=4, color=DARK_BLUE, bold=True)
    _style_existing(document, "Subtitle", size=16, after=6, color=MID_BLUE, bold=False)


def _heading(document: Document, name: str, *, size: float, color: str, fill: str, before: float) -> None:
    style = _style_existing(document, name, size=size, after=0, color=color, bold=True)
    style.paragraph_format.space_before = Pt(before)
    p_pr = style.element.get_or_add_pPr()
    replace_child(p_pr, borders("w:pBdr", ("top", "left", "bottom", "right"), size=4, color=fill, space=3))
    replace_child(p_pr, element("w:shd", val="clear", color="auto", fill=fill))
    replace_child(p_pr, element("w:ind", left="60", right="60"))


def _style_existing(
    document: Document, name: str, *, size: float, after: float, color: str | None = None, bold: bool | None = None
) -> BaseStyle:
    style = document.styles[name]
    set_fonts(style.element.get_or_add_rPr())
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)
    style.paragraph_format.space_after = Pt(after)
    return style


def _paragraph_style(
    document: Document, name: str, size: float, bold: bool, italic: bool, color: str | None, after: float
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    set_fonts(style.element.get_or_add_rPr())
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)
    style.paragraph_format.space_after = Pt(after)
