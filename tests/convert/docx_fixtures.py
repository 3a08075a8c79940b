"""Tiny .docx packages built in code: each test writes the raw WordprocessingML of the parts it needs.

``make_docx(body)`` wraps ``body`` (the children of ``w:body``) in a minimal package with styles and numbering;
headers, footers, footnotes, comments and extra parts are optional. Every name and value is fictional.
"""

from __future__ import annotations

import io
import zipfile

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:example:unknown" '
    'mc:Ignorable="w14"'
)

STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="CouncilSection"><w:name w:val="Council Section"/>
  <w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="Outlined"><w:name w:val="Outlined"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr>
  </w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Label"><w:name w:val="Label"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/>
  <w:rPr><w:color w:val="808080"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>
</w:styles>"""

NUMBERING = f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
    <w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/>
    <w:rPr><w:rFonts w:ascii="Courier New"/></w:rPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = {
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
}


def p(text: str = "", *, style: str | None = None, ppr: str = "", rpr: str = "") -> str:
    """Return a ``w:p`` with one run of ``text`` (no run when ``text`` is empty)."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if style_xml or ppr else ""
    run = r(text, rpr=rpr) if text else ""
    return f"<w:p>{props}{run}</w:p>"


def r(text: str, *, rpr: str = "") -> str:
    """Return a ``w:r`` holding ``text`` (spaces preserved)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'


def tc(*content: str, tcpr: str = "") -> str:
    """Return a ``w:tc``; bare strings become paragraphs."""
    inner = "".join(c if c.startswith("<") else p(c) for c in content) or "<w:p/>"
    props = f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""
    return f"<w:tc>{props}{inner}</w:tc>"


def tr(*cells: str, trpr: str = "") -> str:
    props = f"<w:trPr>{trpr}</w:trPr>" if trpr else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def tbl(*rows: str, columns: int = 2) -> str:
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def sdt(content: str, *, alias: str = "Field", placeholder: bool = False) -> str:
    flag = "<w:showingPlcHdr/>" if placeholder else ""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:id w:val="7"/>{flag}</w:sdtPr>'
            f"<w:sdtContent>{content}</w:sdtContent></w:sdt>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_docx(body: str, *, headers: list[str] = (), footers: list[str] = (), footnotes: str | None = None,
              endnotes: str | None = None, comments: str | None = None, styles: bool = True,
              extra_parts: dict[str, tuple[str, bytes]] | None = None,
              extra_rels: list[tuple[str, str, str]] = ()) -> bytes:
    """Return the bytes of a .docx whose body holds ``body``.

    ``headers``/``footers`` are the inner XML of each header/footer part (referenced from the section, the first
    as "default", the second as "first"); ``footnotes``/``endnotes``/``comments`` the inner XML of those parts;
    ``extra_parts`` maps a part name to (content type, bytes) and ``extra_rels`` adds (id, type suffix, target)
    relationships to the document part.
    """
    parts: dict[str, tuple[str, bytes]] = {}
    rels: list[tuple[str, str, str]] = list(extra_rels)
    refs = ""
    if styles:
        _add(parts, rels, "rIdStyles", "styles", "styles.xml", STYLES)
        _add(parts, rels, "rIdNumbering", "numbering", "numbering.xml", NUMBERING)
    for kind, contents in (("header", headers), ("footer", footers)):
        for i, inner in enumerate(contents, start=1):
            rid = f"rId{kind}{i}"
            root = "hdr" if kind == "header" else "ftr"
            _add(parts, rels, rid, kind, f"{kind}{i}.xml", f"<w:{root} {NS}>{inner}</w:{root}>")
            refs += f'<w:{kind}Reference w:type="{"default" if i == 1 else "first"}" r:id="{rid}"/>'
    for kind, inner in (("footnotes", footnotes), ("endnotes", endnotes), ("comments", comments)):
        if inner is not None:
            _add(parts, rels, f"rId{kind}", kind, f"{kind}.xml", f"<w:{kind} {NS}>{inner}</w:{kind}>")
    for name, (content_type, data) in (extra_parts or {}).items():
        parts[name] = (content_type, data)
    document = f"<w:document {NS}><w:body>{body}<w:sectPr>{refs}</w:sectPr></w:body></w:document>"
    return _zip(document, parts, rels)


def make_package(document: str) -> bytes:
    """Return a .docx whose main part is exactly ``document`` (for malformed documents)."""
    return _zip(document, {}, [])


def _add(parts, rels, rid: str, kind: str, name: str, xml: str) -> None:
    parts[f"word/{name}"] = (_TYPES[kind], xml.encode("utf-8"))
    rels.append((rid, kind, name))


def _zip(document: str, parts: dict[str, tuple[str, bytes]], rels: list[tuple[str, str, str]]) -> bytes:
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{ctype}"/>' for name, (ctype, _) in
                        parts.items())
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        f"{overrides}</Types>")
    package_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    document_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>' for rid, kind, target in rels)
        + "</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
        for name, (_, data) in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
