"""Small WordprocessingML helpers for building the template with python-docx: borders, shading, widths, header
rows, captions, bookmarks and fields. Each builds elements with python-docx's ``OxmlElement``; none edits XML text.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

#: Twentieths of a point per centimetre.
TWIPS_PER_CM = 567


def element(tag: str, **attributes: str) -> OxmlElement:
    """Return a new element ``tag`` (e.g. ``"w:shd"``) with ``w:``-qualified ``attributes`` (``val="x"``)."""
    new = OxmlElement(tag)
    for name, value in attributes.items():
        new.set(qn(f"w:{name}"), value)
    return new


#: Schema order of the children of the property elements this module sets (ECMA-376 Part 1, §17).
_ORDER = {
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "w:trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc "
    "hidden",
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
}
_POSITIONS = {
    qn(parent): {qn(f"w:{name}"): i for i, name in enumerate(names.split())} for parent, names in _ORDER.items()
}


def replace_child(parent: OxmlElement, child: OxmlElement) -> OxmlElement:
    """Put ``child`` in ``parent`` at its schema position, replacing any element with the same tag; return it."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    positions = _POSITIONS.get(parent.tag)
    if positions is None or child.tag not in positions:
        parent.append(child)
        return child
    rank = positions[child.tag]
    later = [c for c in parent if positions.get(c.tag, -1) > rank]
    if later:
        later[0].addprevious(child)
    else:
        parent.append(child)
    return child


def borders(tag: str, sides: tuple[str, ...], *, size: int = 4, color: str = "808080", space: int = 0) -> OxmlElement:
    """Return a border element (``w:tblBorders``, ``w:pBdr``) with a single line on each of ``sides``, ``space``
    points from the text."""
    box = element(tag)
    for side in sides:
        box.append(element(f"w:{side}", val="single", sz=str(size), space=str(space), color=color))
    return box


def shade_cell(cell: _Cell, fill: str) -> None:
    """Give ``cell`` a solid background colour (hex RGB)."""
    replace_child(cell._tc.get_or_add_tcPr(), element("w:shd", val="clear", color="auto", fill=fill))


def set_cell_width(cell: _Cell, twips: int) -> None:
    """Set the preferred width of ``cell`` in twips."""
    replace_child(cell._tc.get_or_add_tcPr(), element("w:tcW", w=str(twips), type="dxa"))


def set_table_layout(table: Table, widths: list[int], *, border_color: str = "808080") -> None:
    """Fix the table's column widths (twips; a merged cell gets the sum of its columns) and give it single-line
    borders all round and inside."""
    tbl_pr = table._tbl.tblPr
    replace_child(tbl_pr, element("w:tblW", w=str(sum(widths)), type="dxa"))
    replace_child(tbl_pr, element("w:tblLayout", type="fixed"))
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    replace_child(tbl_pr, borders("w:tblBorders", sides, color=border_color))
    for column, width in zip(table.columns, widths):
        column.width = width * 635  # python-docx lengths are EMU; 635 EMU per twip
    for tr in table._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            width = sum(widths[start:start + span])
            replace_child(tc.get_or_add_tcPr(), element("w:tcW", w=str(width), type="dxa"))
            start += span


def remove_borders(table: Table) -> None:
    """Draw no borders on ``table`` (used for the layout tables of the header and footer)."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    box = element("w:tblBorders")
    for side in sides:
        box.append(element(f"w:{side}", val="nil"))
    replace_child(table._tbl.tblPr, box)


def set_caption(table: Table, caption: str, description: str) -> None:
    """Give ``table`` a stable caption (``w:tblCaption``, its machine name) and a description for people."""
    tbl_pr = table._tbl.tblPr
    replace_child(tbl_pr, element("w:tblCaption", val=caption))
    replace_child(tbl_pr, element("w:tblDescription", val=description))


def repeat_as_header(row: _Row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto (``w:tblHeader``); it may not split."""
    tr_pr = row._tr.get_or_add_trPr()
    replace_child(tr_pr, element("w:cantSplit"))
    replace_child(tr_pr, element("w:tblHeader"))


def keep_row_whole(row: _Row) -> None:
    """Keep ``row`` on one page (``w:cantSplit``): for rows of short entries, which look broken when split."""
    replace_child(row._tr.get_or_add_trPr(), element("w:cantSplit"))


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Wrap the content of ``paragraph`` in a bookmark called ``name``."""
    start = element("w:bookmarkStart", id=str(bookmark_id), name=name)
    end = element("w:bookmarkEnd", id=str(bookmark_id))
    p = paragraph._p
    first_run = p.find(qn("w:r"))
    if first_run is None:
        p.append(start)
    else:
        first_run.addprevious(start)
    p.append(end)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a field (e.g. ``PAGE``) to ``paragraph``, showing ``placeholder`` until the field is updated."""
    parts = [
        _field_char("begin"),
        _instruction(instruction),
        _field_char("separate"),
        _text_run(placeholder),
        _field_char("end"),
    ]
    for run in parts:
        paragraph._p.append(run)


def _field_char(kind: str) -> OxmlElement:
    run = element("w:r")
    run.append(element("w:fldChar", fldCharType=kind))
    return run


def _instruction(instruction: str) -> OxmlElement:
    run = element("w:r")
    text = element("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    return run


def _text_run(value: str) -> OxmlElement:
    run = element("w:r")
    text = element("w:t")
    text.text = value
    run.append(text)
    return run


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep ``paragraph`` on the same page as the next one."""
    paragraph.paragraph_format.keep_with_next = True
