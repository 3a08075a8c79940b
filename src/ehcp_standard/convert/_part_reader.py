"""Reading one part of a Word file (the body, a header or footer, the foot- or endnotes) into blocks.

Each level has a dispatch table mapping an element to a handler, and an explicit set of elements ignored on purpose
(``IGNORED``); anything else produces a located warning, and its text, if any, is still kept::

    block ─► table ─► row ─► (cell: block again)
      └────► inline (paragraph content) ─► run
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .. import ooxml
from ._numbering import _symbol
from ._segments import _candidate, _finish_segments, _typed_list_item, _union
from ._state import _MAX_DEPTH, _Container, _Ctx, _Field, _Para, _Shared
from ._styles import _ParagraphStyle
from ._tables import _TableReading
from ._wordml import (
    _PPR,
    _RPR,
    R,
    _child,
    _choose_branch,
    _clark,
    _clip,
    _graphic_message,
    _ignorable_namespaces,
    _int,
    _int_hex,
    _name,
    _on,
    _plain_text,
    _properties,
    _val,
    _w,
    _walk_graphic,
)
from .blocks import NOT_CONTENT, Block, Deletion, Flag, Heading, ListItem, Location, Paragraph, Segment

_MARKERS = frozenset({
    "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr", "w:permStart", "w:permEnd",
    "w:commentRangeStart", "w:commentRangeEnd",
    "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
    "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
    "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
    "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd",
})


#: Elements skipped on purpose, per level: formatting properties, bookmarks, proofing and permission marks, range
#: markers (the moved or commented content itself is read), revision-id-only elements, and note separators.
IGNORED: dict[str, frozenset[str]] = {
    "block": _MARKERS | {"w:sectPr", "w:tcPr", "w:sdtPr", "w:sdtEndPr", "w:background"},
    "table": _MARKERS | {"w:tblPr", "w:tblGrid", "w:tblPrEx"},
    "row": _MARKERS | {"w:trPr", "w:tblPrEx"},
    "inline": _MARKERS | {"w:pPr", "w:rPr", "w:sdtPr", "w:sdtEndPr", "w:fldData"},
    "run": frozenset({
        "w:rPr", "w:lastRenderedPageBreak", "w:commentReference", "w:annotationRef", "w:footnoteRef",
        "w:endnoteRef", "w:separator", "w:continuationSeparator", "w:delInstrText", "w:proofErr",
    }),
}

#: The dispatch tables: per level, the part reader's method that reads each element.
_HANDLED: dict[str, dict[str, str]] = {
    "block": {
        "w:p": "_paragraph", "w:tbl": "_table", "w:sdt": "_block_sdt", "w:customXml": "_block_children",
        "mc:AlternateContent": "_block_alternate", "w:altChunk": "_alt_chunk", "w:ins": "_block_insertion",
        "w:moveTo": "_block_insertion", "w:del": "_block_deletion", "w:moveFrom": "_block_deletion",
    },
    "table": {"w:tr": "_collect_row", "w:sdt": "_table_sdt", "w:customXml": "_table_children"},
    "row": {"w:tc": "_collect_cell", "w:sdt": "_row_sdt", "w:customXml": "_row_children"},
    "inline": {
        "w:r": "_run", "w:ins": "_insertion", "w:moveTo": "_move_to", "w:del": "_deletion", "w:moveFrom": "_move_from",
        "w:hyperlink": "_inline_children", "w:smartTag": "_inline_children", "w:customXml": "_inline_children",
        "w:dir": "_inline_children", "w:bdo": "_inline_children", "w:fldSimple": "_simple_field",
        "w:sdt": "_inline_sdt", "mc:AlternateContent": "_inline_alternate", "m:oMath": "_math", "m:oMathPara": "_math",
    },
    "run": {
        "w:t": "_text", "w:tab": "_tab", "w:ptab": "_tab", "w:br": "_break", "w:cr": "_break",
        "w:noBreakHyphen": "_hyphen", "w:softHyphen": "_nothing", "w:sym": "_sym", "w:fldChar": "_fld_char",
        "w:instrText": "_instr_text", "w:delText": "_stray_deleted", "w:drawing": "_graphic", "w:pict": "_graphic",
        "w:object": "_graphic", "mc:AlternateContent": "_run_alternate", "w:footnoteReference": "_nothing",
        "w:endnoteReference": "_nothing",
    },
}

_PSTYLE, _OUTLINE_LVL, _NUMPR, _NUMID, _ILVL = _w("pStyle"), _w("outlineLvl"), _w("numPr"), _w("numId"), _w("ilvl")
_B, _VANISH, _RSTYLE, _DEL, _MOVE_FROM = _w("b"), _w("vanish"), _w("rStyle"), _w("del"), _w("moveFrom")
_T = _w("t")
_FIELD_CHARACTERS = (_w("fldChar"), _w("instrText"))


#: Fields that show nothing by design (index/TOC entries, bookmarks set by SET, hidden add-in data).
_SILENT_FIELDS = {"", "TC", "XE", "TA", "RD", "SET", "PRIVATE", "ADDIN", "BOOKMARK", "GOTOBUTTON"}

_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "th", "dt", "dd", "caption",
                "blockquote", "div"}


class _PartReader(_TableReading):
    """Reads the blocks of one part of the package, keeping the part's complex-field state."""

    def __init__(self, shared: _Shared, part: str, root: etree._Element):
        self.shared = shared
        self.styles = shared.styles
        self.part = part
        self.root = root
        self.fields: list[_Field] = []
        self.depth = 0
        self.ignorable = _ignorable_namespaces(root)
        self._rels: dict[str, ooxml.Relationship] | None = None

    # -- entry points ----------------------------------------------------------------------------------------

    def read_story(self, element: etree._Element, location: Location, ctx: _Ctx) -> list[Block]:
        """Read the block-level children of ``element`` (a body, header, footer or note) into blocks."""
        container = _Container(location)
        self._read_blocks(element, container, ctx)
        if self.fields:
            self.shared.warn("field-structure", f"{len(self.fields)} field(s) were not closed at the end of the "
                                                "part; their text is kept", location)
            self.fields.clear()
        return container.blocks

    # -- dispatch --------------------------------------------------------------------------------------------

    def _dispatch(self, level: str, parent: etree._Element, target, ctx: _Ctx) -> None:
        """Hand each child of ``parent`` to its handler at ``level``; ``target`` (a container, paragraph, raw table
        or row) collects what they read, and its ``location`` places any warning."""
        if self.depth >= _MAX_DEPTH:
            self._too_deep(level, parent, target, ctx)
            return
        handlers, ignored = _DISPATCH[level]
        self.depth += 1
        try:
            for child in parent[:]:  # a slice of the (few) children is made faster than an iterator over them
                tag = child.tag
                handler = handlers.get(tag)
                if handler is not None:
                    handler(self, child, target, ctx)
                elif tag not in ignored and (name := _name(child)) is not None:  # None: a comment
                    self._unknown(level, name, child, target, ctx)
        finally:
            self.depth -= 1

    def _too_deep(self, level: str, parent: etree._Element, target, ctx: _Ctx) -> None:
        """Keep the text of content nested deeper than any real plan (a hostile file) without reading its shape."""
        text = _plain_text(parent)
        kept = bool(text) and level in ("block", "inline", "run")
        if kept:
            self._keep_unknown_text(level, text, target, ctx)
        self.shared.warn("nested-too-deep", f"content nested more than {_MAX_DEPTH} levels deep was "
                                            f"{'kept as plain text' if kept else 'not read'}"
                                            f"{f': {_clip(text)!r}' if text else ''}", target.location)

    def _run_children(self, run: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        handlers, ignored = _DISPATCH["run"]
        plain = ctx.field is None  # outside any field, and no complex field open: text is added as it is
        for child in run[:]:  # as in _dispatch
            tag = child.tag
            if tag == _T:  # the usual child, read as _text reads it
                if plain and not self.fields:
                    if text := child.text:
                        para.add(Segment(text, ctx.flags, ctx.control), bold)
                else:
                    self._emit(para, child.text or "", ctx, bold)
            elif (handler := handlers.get(tag)) is not None:
                handler(self, child, para, ctx, bold)
            elif tag not in ignored and (name := _name(child)) is not None:
                self._unknown("run", name, child, para, ctx)

    def _unknown(self, level: str, name: str, element: etree._Element, target, ctx: _Ctx) -> None:
        """Warn about an element no handler knows; keep its text where the level allows it."""
        text = _plain_text(element)
        if not text and etree.QName(element).namespace in self.ignorable:
            return
        message = f"unrecognised element {name} (in a {level}) was not interpreted"
        if text and level in ("block", "inline", "run"):
            self._keep_unknown_text(level, text, target, ctx)
            message += f"; its text {_clip(text)!r} was kept as plain text"
        elif text:
            message += f"; it held the text {_clip(text)!r}, which is only in this warning"
        self.shared.warn("unknown-element", message, target.location)

    def _keep_unknown_text(self, level: str, text: str, target, ctx: _Ctx) -> None:
        if level == "block":
            target.blocks.append(Paragraph(text, None, target.next_location("paragraph"), ctx.flags))
        else:
            self._emit(target, text, ctx, None)

    # -- block level -----------------------------------------------------------------------------------------

    def _read_blocks(self, parent: etree._Element, container: _Container, ctx: _Ctx) -> None:
        self._dispatch("block", parent, container, ctx)
        if container.pending:
            location = container.next_location("paragraph")
            segments = _finish_segments(container.pending)
            container.pending = []
            text = "".join(s.text for s in segments)
            if text.strip():
                container.blocks.append(Paragraph(text, None, location, _union(segments), segments))

    def _block_children(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        self._dispatch("block", element, container, ctx)

    def _block_sdt(self, sdt: etree._Element, container: _Container, ctx: _Ctx) -> None:
        content = sdt.find(_w("sdtContent"))
        if content is not None:
            self._dispatch("block", content, container, self._sdt_ctx(sdt, ctx))

    def _block_alternate(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        branch = _choose_branch(element)
        if branch is not None:
            self._dispatch("block", branch, container, ctx)

    def _block_insertion(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        flag = Flag.TRACKED_MOVE if _name(element) == "w:moveTo" else Flag.TRACKED_INSERTION
        self._dispatch("block", element, container, ctx.plus(flag))

    def _block_deletion(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        kind = "moved from" if _name(element) == "w:moveFrom" else "deletion"
        self._record_deletion(element, container.peek_location("paragraph"), kind)

    def _alt_chunk(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        location = container.next_location("embedded document")
        rel = self._relationship(element.get(f"{{{R}}}id"))
        if rel is None:
            self.shared.warn("embedded-document", "an embedded document (w:altChunk) points at a missing part; "
                                                  "its text could not be read", location)
            return
        content_type = self.shared.package.content_type(rel.target)
        data = self.shared.package.read(rel.target)
        blocks = _chunk_blocks(data, content_type, location, ctx)
        if blocks is None:
            self.shared.warn("embedded-document", f"an embedded {content_type or 'unknown'} document "
                                                  f"({rel.target}) was not read; open the file in Word and save "
                                                  "it again to bring its text into the body", location)
            return
        container.blocks.extend(blocks)

    def _relationship(self, rel_id: str | None) -> ooxml.Relationship | None:
        if self._rels is None:
            self._rels = {rel.id: rel for rel in self.shared.package.relationships(self.part)}
        rel = self._rels.get(rel_id or "")
        return rel if rel is not None and self.shared.package.has(rel.target) else None

    # -- paragraphs ------------------------------------------------------------------------------------------

    def _paragraph(self, element: etree._Element, container: _Container, ctx: _Ctx) -> None:
        ppr = _properties(element, _PPR)
        style_id = _val(ppr.get(_PSTYLE))
        mark_removed = _RPR in ppr and _paragraph_mark_removed(ppr)
        location = container.peek_location("paragraph") if mark_removed else container.next_location("paragraph")
        if style_id:
            self.shared.check_style(style_id, location)
        style_id = style_id or self.styles.default_paragraph
        para = _Para(location, style_id, self.styles.paragraph_style(style_id), container.pending)
        container.pending = []
        self._dispatch("inline", element, para, ctx)
        if mark_removed:
            container.pending = para.segments
        elif (block := self._block_of(ppr, para)) is not None:
            container.blocks.append(block)
        if para.extra:
            container.blocks.extend(para.extra)

    def _block_of(self, ppr: dict[str, etree._Element], para: _Para) -> Block | None:
        """Return the paragraph as a block (``ppr``: its properties by tag), ``None`` when it shows nothing."""
        style = para.style
        listing = self._list_marker(ppr, para) if style.num_id or _NUMPR in ppr else None
        if not para.segments:  # an empty paragraph (a list item in it is counted all the same)
            return None
        segments = _finish_segments(para.segments)
        if len(segments) == 1:  # the usual paragraph
            text, flags = segments[0].text, segments[0].flags
        else:
            text, flags = "".join([s.text for s in segments]), _union(segments)
        if not text.strip() and not flags & NOT_CONTENT:
            return None
        level = self._heading_level(ppr, style) if ppr else style.heading_level
        if level is not None:
            return Heading(level, text, para.location, style.name, flags, segments, listing[1] if listing else "")
        if listing is not None:
            return ListItem(text, listing[0], listing[1], para.location, style.name, flags, segments)
        item = _typed_list_item(text, style.name, para.location, flags, segments)
        if item is not None:
            return item
        if para.all_bold:  # only a paragraph wholly in bold may be a heading candidate
            flags |= _candidate(text, para.all_bold, flags)
        return Paragraph(text, style.name, para.location, flags, segments)

    def _heading_level(self, ppr: dict[str, etree._Element], style: _ParagraphStyle) -> int | None:
        outline = _val(ppr.get(_OUTLINE_LVL)) if ppr else None
        if outline is not None:
            level = _int(outline, 9)
            return level + 1 if level < 9 else None
        return style.heading_level

    def _list_marker(self, ppr: dict[str, etree._Element], para: _Para) -> tuple[int, str] | None:
        num_pr = ppr.get(_NUMPR)
        if num_pr is None:  # the list comes from the paragraph style
            direct_num = direct_lvl = None
        else:
            direct_num, direct_lvl = _val(_child(num_pr, _NUMID)), _val(_child(num_pr, _ILVL))
        num_id = direct_num or para.style.num_id
        if not num_id or num_id == "0":
            return None
        ilvl = _int(direct_lvl or para.style.ilvl, 0)
        marker = self.shared.numbering.next_marker(num_id, ilvl)
        if marker is None:
            self.shared.warn("undefined-list", f"list numbering {num_id} is not defined; the item is kept "
                                               "without its marker", para.location)
        return ilvl + 1, marker or ""

    # -- inline level ----------------------------------------------------------------------------------------

    def _inline_children(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._dispatch("inline", element, para, ctx)

    def _insertion(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._dispatch("inline", element, para, ctx.plus(Flag.TRACKED_INSERTION))

    def _move_to(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._dispatch("inline", element, para, ctx.plus(Flag.TRACKED_MOVE))

    def _deletion(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._record_deletion(element, para.location, "deletion")

    def _move_from(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._record_deletion(element, para.location, "moved from")

    def _record_deletion(self, element: etree._Element, location: Location, kind: str) -> None:
        text = _plain_text(element, deleted=True)
        if text:
            self.shared.deletions.append(Deletion(text, location, kind, _val(element, "author"),
                                                  _val(element, "date")))

    def _inline_sdt(self, sdt: etree._Element, para: _Para, ctx: _Ctx) -> None:
        content = sdt.find(_w("sdtContent"))
        if content is not None:
            self._dispatch("inline", content, para, self._sdt_ctx(sdt, ctx))

    def _sdt_ctx(self, sdt: etree._Element, ctx: _Ctx) -> _Ctx:
        properties = sdt.find(_w("sdtPr"))
        name = None
        if properties is not None:
            name = (_val(properties.find(_w("alias"))) or _val(properties.find(_w("tag")))
                    or (f"#{_val(properties.find(_w('id')))}" if properties.find(_w("id")) is not None else None))
        flags = [Flag.CONTENT_CONTROL]
        if properties is not None and _on(properties.find(_w("showingPlcHdr"))):
            flags.append(Flag.PLACEHOLDER)
        return ctx.plus(*flags, control=name or "(unnamed)")

    def _inline_alternate(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        branch = _choose_branch(element)
        if branch is not None:
            self._dispatch("inline", branch, para, ctx)

    def _math(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        self._emit(para, _plain_text(element), ctx, None)

    def _simple_field(self, element: etree._Element, para: _Para, ctx: _Ctx) -> None:
        code = (_val(element, "instr") or "").strip()
        before = len(para.segments)
        self._dispatch("inline", element, para, ctx.plus(Flag.FIELD, field=code))
        if len(para.segments) == before:
            self._field_without_result(code, None, para, ctx)

    # -- runs ------------------------------------------------------------------------------------------------

    def _run(self, run: etree._Element, para: _Para, ctx: _Ctx) -> None:
        # Outside any field (``quick``), the text of the usual runs — one ``w:t``, alone or after the run's
        # properties — is added on the spot, as _run_children and _emit would add it.
        quick = ctx.field is None and not self.fields
        if quick and len(run) == 1 and (only := run[0]).tag == _T:  # no properties: the paragraph style decides
            if text := only.text:
                para.add(Segment(text, ctx.flags, ctx.control), para.style.bold)
            return
        properties = _properties(run, _RPR)
        if not properties:  # the paragraph style decides
            bold = para.style.bold
        elif len(properties) == 1 and _B in properties:  # bold set directly, and nothing else
            bold = _on(properties[_B])
        elif self._hidden(properties):
            self._hidden_run(run, para, ctx)
            return
        else:
            if self._placeholder_style(properties):
                ctx = ctx.plus(Flag.PLACEHOLDER)
            bold = self._bold(properties, para.style)
        if quick and len(run) == 2 and (last := run[1]).tag == _T and run[0].tag == _RPR:
            if text := last.text:
                para.add(Segment(text, ctx.flags, ctx.control), bold)
            return
        self._run_children(run, para, ctx, bold)

    def _hidden_run(self, run: etree._Element, para: _Para, ctx: _Ctx) -> None:
        for child in run:
            if child.tag in _FIELD_CHARACTERS:
                _DISPATCH["run"][0][child.tag](self, child, para, ctx, False)
        text = _plain_text(run)
        if text.strip() and all(f.separated for f in self.fields):
            self.shared.warn("hidden-text", f"hidden text {_clip(text)!r} is not shown by Word and was left out",
                             para.location)

    # ``rpr`` below is a run's properties by tag (``_properties(run, _RPR)``).

    def _bold(self, rpr: dict[str, etree._Element], style: _ParagraphStyle) -> bool:
        direct = rpr.get(_B)
        if direct is not None:
            return _on(direct)
        run_style = _val(rpr.get(_RSTYLE))
        value = self.styles.first(run_style, "bold") if run_style else None
        return style.bold if value is None else bool(value)

    def _hidden(self, rpr: dict[str, etree._Element]) -> bool:
        direct = rpr.get(_VANISH)
        if direct is not None:
            return _on(direct)
        run_style = _val(rpr.get(_RSTYLE))
        return bool(run_style and self.styles.first(run_style, "vanish"))

    def _placeholder_style(self, rpr: dict[str, etree._Element]) -> bool:
        run_style = _val(rpr.get(_RSTYLE))
        if not run_style:
            return False
        style = self.styles.get(run_style)
        return run_style == "PlaceholderText" or (style is not None and style.name.lower() == "placeholder text")

    def _emit(self, para: _Para, text: str, ctx: _Ctx, bold: bool | None) -> None:
        """Add visible text to the paragraph, unless it is inside a field's instruction."""
        if not text:
            return
        if self.fields:
            if not all(f.separated for f in self.fields):
                return
            for open_field in self.fields:
                open_field.shown = True
            ctx = ctx.plus(Flag.FIELD, field=self.fields[-1].code)
        if ctx.field and ctx.field.upper().startswith("FORMTEXT") and not text.strip(" \u2002\u00a0"):
            ctx = ctx.plus(Flag.PLACEHOLDER)
        para.add(Segment(text, ctx.flags, ctx.control, ctx.field), bold)

    def _text(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        self._emit(para, element.text or "", ctx, bold)

    def _tab(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        self._emit(para, "\t", ctx, None)

    def _break(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        if _val(element, "type") in (None, "textWrapping"):
            self._emit(para, "\n", ctx, None)

    def _hyphen(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        self._emit(para, "-", ctx, bold)

    def _nothing(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        """Handled on purpose, with no text: soft hyphens, and note references (the notes are read on their own)."""

    def _sym(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        font, code = _val(element, "font"), _int_hex(_val(element, "char"))
        text = _symbol(font, code)
        if text is None:
            text = chr(0xF000 + (code & 0xFF))
            self.shared.warn("symbol", f"symbol character {code:#x} of font {font!r} has no Unicode equivalent "
                                       "known here; it was kept as a private-use character", para.location)
        self._emit(para, text, ctx, bold)

    def _stray_deleted(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        self._record_deletion(element.getparent(), para.location, "deletion")

    # -- fields ----------------------------------------------------------------------------------------------

    def _fld_char(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        kind = _val(element, "fldCharType")
        if kind == "begin":
            self.fields.append(_Field(element))
        elif not self.fields:
            self.shared.warn("field-structure", f"a field {kind} character with no field begun was skipped",
                             para.location)
        elif kind == "separate":
            self.fields[-1].separated = True
        elif kind == "end":
            ended = self.fields.pop()
            if not ended.shown:
                self._field_without_result(ended.code, ended.begin, para, ctx)

    def _instr_text(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        if self.fields and not self.fields[-1].separated:
            self.fields[-1].instruction.append(element.text or "")

    def _field_without_result(self, code: str, begin: etree._Element | None, para: _Para, ctx: _Ctx) -> None:
        """Show what Word shows for a field with no stored result: «Name» for a merge field, a form field's state."""
        keyword = code.split()[0].upper() if code.split() else ""
        ctx = ctx.plus(Flag.FIELD, field=code)
        if keyword == "MERGEFIELD":
            self._emit(para, f"«{_merge_field_name(code)}»", ctx.plus(Flag.MERGE_FIELD), None)
        elif keyword in ("FORMCHECKBOX", "FORMDROPDOWN") and begin is not None:
            self._emit(para, _form_field_text(keyword, begin), ctx, None)
        elif keyword not in _SILENT_FIELDS:
            self.shared.warn("field-without-result", f"field {code!r} has no stored result, so its displayed "
                                                     "text is unknown (Word computes it when shown)", para.location)

    # -- pictures, shapes and text boxes ---------------------------------------------------------------------

    def _run_alternate(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        branch = _choose_branch(element)
        if branch is not None:
            self._run_children(branch, para, ctx, bold)

    def _graphic(self, element: etree._Element, para: _Para, ctx: _Ctx, bold: bool) -> None:
        for kind, found in _walk_graphic(element):
            if kind == "text box":
                self._text_box(found, para, ctx)
            elif kind == "word art":
                self._word_art(found, para, ctx)
            else:
                self.shared.warn(kind, _graphic_message(kind, found), para.location)

    def _text_box(self, content: etree._Element, para: _Para, ctx: _Ctx) -> None:
        para.boxes += 1
        container = _Container(para.location.child(f"text box {para.boxes}"))
        box_ctx = _Ctx((ctx.flags - {Flag.FIELD}) | {Flag.TEXT_BOX}, ctx.control, None)
        self._read_blocks(content, container, box_ctx)
        para.extra.extend(container.blocks)

    def _word_art(self, textpath: etree._Element, para: _Para, ctx: _Ctx) -> None:
        text = textpath.get("string") or ""
        if text.strip():
            para.boxes += 1
            location = para.location.child(f"text box {para.boxes}").child("paragraph 1")
            flags = (ctx.flags - {Flag.FIELD}) | {Flag.TEXT_BOX}
            para.extra.append(Paragraph(text, None, location, flags, (Segment(text, flags, ctx.control),)))


#: Per level, as the dispatch loops look them up: the method reading each element, and the elements ignored on
#: purpose, by tag (``{uri}local``).
_DISPATCH: dict[str, tuple[dict[str, Callable], frozenset[str]]] = {
    level: ({_clark(name): getattr(_PartReader, method) for name, method in _HANDLED[level].items()},
            frozenset(map(_clark, IGNORED[level])))
    for level in IGNORED
}


def _paragraph_mark_removed(ppr: dict[str, etree._Element]) -> bool:
    """Is the paragraph mark itself a tracked deletion or moved away (so the text joins the next paragraph)?"""
    rpr = ppr.get(_RPR)
    return rpr is not None and (_child(rpr, _DEL) is not None or _child(rpr, _MOVE_FROM) is not None)


def _merge_field_name(code: str) -> str:
    match = re.match(r'\s*MERGEFIELD\s+(?:"([^"]*)"|([^\s\\]+))', code, re.IGNORECASE)
    return (match.group(1) or match.group(2)) if match else "MergeField"


def _form_field_text(keyword: str, begin: etree._Element) -> str:
    data = begin.find(_w("ffData"))
    if keyword == "FORMCHECKBOX":
        box = data.find(_w("checkBox")) if data is not None else None
        checked = box.find(_w("checked")) if box is not None else None
        state = checked if checked is not None else (box.find(_w("default")) if box is not None else None)
        return "☒" if _on(state) else "☐"
    listing = data.find(_w("ddList")) if data is not None else None
    entries = [_val(e) or "" for e in listing.iter(_w("listEntry"))] if listing is not None else []
    index = _int(_val(listing.find(_w("result"))) if listing is not None else None, 0)
    return entries[index] if 0 <= index < len(entries) else ""


def _chunk_blocks(data: bytes, content_type: str, location: Location, ctx: _Ctx) -> list[Block] | None:
    """Read the text of an embedded HTML or plain-text chunk (``w:altChunk``); ``None`` for other formats."""
    if content_type in ("text/html", "application/xhtml+xml"):
        texts = _html_texts(data)
    elif content_type == "text/plain":
        texts = [("p", line) for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    else:
        return None
    return [_chunk_block(tag, text, location.child(f"paragraph {i + 1}"), ctx) for i, (tag, text) in
            enumerate(texts)]


def _html_texts(data: bytes) -> list[tuple[str, str]]:
    from lxml import html

    try:
        document = html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    out = []
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HTML_BLOCKS and not any(d.tag in _HTML_BLOCKS for d in element.iterdescendants()):
            text = " ".join(element.text_content().split())
            if text:
                out.append((tag, text))
    return out


def _chunk_block(tag: str, text: str, location: Location, ctx: _Ctx) -> Block:
    segments = (Segment(text, ctx.flags, ctx.control),)
    if re.fullmatch(r"h[1-6]", tag):
        return Heading(int(tag[1]), text, location, None, ctx.flags, segments)
    if tag == "li":
        return ListItem(text, 1, "•", location, None, ctx.flags, segments)
    return Paragraph(text, None, location, ctx.flags, segments)
