"""Builds the national standardised EHC plan template (a docxtpl template) from code, reproducibly.

Run ``python -m ehcp_standard.render [FOLDER]`` to regenerate the committed files in
``templates/``: ``ehcp-standard-template.docx`` and ``ehcp-standard-template.document.xml`` (its
``word/document.xml``, pretty-printed, so that a change to the layout shows up in review). A test fails when they
differ from what this module builds. The renderer never reads a template from disk: it builds this one in memory.

Layout contract (for readers of rendered plans)
------------------------------------------------
A rendered plan's body is a sequence of *blocks*, always all present and always in this order (the appendices
only when they have content). Each block starts with a heading paragraph (style ``Heading1``, or ``Heading2`` for
a part of a block) that holds a bookmark named ``ehcp_<name>``, followed by one or more bordered tables whose
``w:tblPr/w:tblCaption/@w:val`` is ``ehcp:<name>`` (the list is ``BLOCKS`` below):

=====================================  =========================================================================
heading (bookmark)                     tables (caption) and their rows
=====================================  =========================================================================
Plan details (plan_details)            plan_details: label | value
personal details (personal_details)    personal_details: label | value
Main contact details (main_contacts)   main_contacts: column headers, then label | main contact | parent or
                                       carer 2; last row label | value
Services … (services)                  services: label | value
A1 – … (a1)                            a1: label | value
A2 – … (a2)                            a2: label | value
B, F and E – … (bfe)                   then for each area, in template order, a Heading2 ``ehcp_bfe_<area>``
                                       with ``bfe:<area>:area`` (description row; Strengths | text) and
                                       ``bfe:<area>:rows`` (header row B | F | E, then one row per need)
C, G and E – … (cge)                   cge:area, cge:rows (C | G | E)
D, H1, H2 and E – … (dhhe)             dhhe:area, dhhe:rows (D | H1 | H2 | E)
E – … shorter-term targets (e_targets) e_targets: label | value
I – Placement (i)                      i: header row Name | Type | Details, one row per placement
J – Direct Payments (j)                j: label | value; then j:items (only when there are budget items)
K – … (k)                              k: header row of the template's four columns, one row per entry
Sign-off (sign_off)                    sign_off: label | value
Appendix – carried over …              carried_over (only when the plan has carried-over content)
Appendix – Plan record (plan_record)   Heading2 history, events, timescale_exceptions with those tables
Appendix – Local extensions            extensions: "namespace › key › …" | value
=====================================  =========================================================================

Inside cells, paragraph styles mark what a paragraph is: ``EHCPLabel`` (a row's label), ``EHCPColumnHeader``,
``EHCPId`` (the id of the need, provision, outcome, budget item or advice entry that the following paragraphs
describe, up to the next ``EHCPId``), ``EHCPNeedTitle``, ``EHCPField`` (a labelled line: a bold run "Label: "
then the value, e.g. "What: …", "Who: role (qualification)", "Ratio / group size: …", "How often: …",
"How long: …", "By (date): …"; a provision's or outcome's other details follow with the model's field titles),
``EHCPNotice`` (a fixed sentence), ``ListBullet`` (a line of a text that starts with "- "; the marker is the
style's) and ``Normal`` (a line of a text, a "• " bullet keeping its marker). Free text is one paragraph per line,
a blank line an empty paragraph. The ``EHCPId`` paragraph where a provision entry or outcome is first printed holds
a bookmark ``ehcp_<f|g|h1|h2|e>_<table>_<position>``: its column, its table (an area of need, ``health`` or
``social_care``) and its 0-based position in that table's list. A one-line value holding a
tab or a line break shows it as ``w:tab`` or ``w:br``. Labels and fixed sentences are the constants of
``layout*.py`` and ``context*.py``.

Rows tables: the first row holds the column headers (``w:tblHeader``, repeated on every page); then one row per
entry; in a needs table the last entry row may be the one whose first cell is the notice ``NOT_LINKED`` (entries of
the table no need in it refers to); a final full-width row is a notice (the no-needs sentence then any no-needs
statement, "No placement is named…", the draft's section I sentence…). In K, rows without an ``EHCPId`` paragraph
are the template's fixed rows that no advice entry fills. The running header holds the council's name, the
protective and status markings, the name and date of birth; the footer the plan reference, version and "Page X of
Y". The plan's exact JSON is in a custom XML part (see ``embed``): a reader should prefer it, and compare.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from . import layout, layout_needs, layout_sections
from ._oxml import element, replace_child
from .embed import item_props_xml, plan_item_xml
from .package import read_parts, write_parts
from .page import build_footer, build_header, set_up_page
from .styles import LANGUAGE, set_up_styles

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
TEMPLATE_NAME = "ehcp-standard-template"
TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "templates"
#: The fixed creation date written in the template's properties (so builds are reproducible).
TEMPLATE_DATE = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)

#: The blocks of the body, in order.
BLOCKS = (
    layout.cover,
    layout.personal_details,
    layout.main_contacts,
    layout.services,
    layout.section_a1,
    layout.section_a2,
    layout_needs.special_educational_needs,
    layout_needs.health,
    layout_needs.social_care,
    layout_sections.shorter_term_targets,
    layout_sections.placement,
    layout_sections.direct_payments,
    layout_sections.advice,
    layout_sections.sign_off,
    layout_sections.carried_over,
    layout_sections.plan_record,
    layout_sections.extensions,
)


def build_template() -> bytes:
    """Return the template as .docx bytes; the same bytes every time."""
    document = Document()
    _set_up_package(document)
    set_up_styles(document)
    set_up_page(document.sections[0])
    _remove_body_paragraphs(document)
    builder = layout.Layout(document)
    for block in BLOCKS:
        block(builder)
    builder.spacer()  # the body ends with a paragraph, as Word expects after a table
    build_header(document)
    build_footer(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return write_parts(read_parts(buffer.getvalue()))


def _remove_body_paragraphs(document: DocumentType) -> None:
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def _set_up_package(document: DocumentType) -> None:
    _set_properties(document)
    _set_up_settings(document)
    _drop_relationships(document)
    _plan_part(document)


def _set_properties(document: DocumentType) -> None:
    props = document.core_properties
    props.title = "Education, Health and Care Plan"
    props.subject = "England's standardised Education, Health and Care Plan, sections A to K"
    props.language = LANGUAGE
    props.author = "ehcp-standard"
    props.comments = "OFFICIAL-SENSITIVE: contains special category personal data."
    props.keywords = "EHCP; EHC plan; OFFICIAL-SENSITIVE"
    props.category = "OFFICIAL-SENSITIVE"
    props.last_modified_by = "ehcp-standard"
    props.revision = 1
    props.created = props.modified = TEMPLATE_DATE.replace(tzinfo=None)


def _set_up_settings(document: DocumentType) -> None:
    settings = document.settings.element
    replace_child(settings, element("w:themeFontLang", val=LANGUAGE))
    for tag in ("w:savePreviewPicture", "w:rsids"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    compat = settings.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_relationships(document: DocumentType) -> None:
    """Drop the blank-page thumbnail and the Word 2010 styles-with-effects part of python-docx's default file."""
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(r_id)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(r_id)


def _plan_part(document: DocumentType) -> None:
    """Turn the default file's custom XML item into our (empty) plan part with its properties."""
    item = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.CUSTOM_XML)
    item._blob = plan_item_xml(None)
    props = next(rel.target_part for rel in item.rels.values() if rel.reltype == RT.CUSTOM_XML_PROPS)
    props._blob = item_props_xml()


def document_xml_dump(template: bytes) -> str:
    """Return the template's ``word/document.xml`` pretty-printed, for review."""
    root = etree.fromstring(read_parts(template)["word/document.xml"])
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def write_template(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """Build the template and write the .docx and its document XML dump into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    template = build_template()
    docx_path = folder / f"{TEMPLATE_NAME}.docx"
    xml_path = folder / f"{TEMPLATE_NAME}.document.xml"
    docx_path.write_bytes(template)
    xml_path.write_text(document_xml_dump(template), encoding="utf-8")
    return [docx_path, xml_path]


def main(argv: list[str] | None = None) -> None:
    """Regenerate the committed template files (in the source tree; an installed copy needs a folder)."""
    args = sys.argv[1:] if argv is None else argv
    if not args and not (TEMPLATE_DIR.parent / "pyproject.toml").is_file():
        sys.exit("not in the ehcp-standard source tree: give the folder to write the template into")
    for path in write_template(Path(args[0]) if args else TEMPLATE_DIR):
        print(f"Wrote {path}")


if __name__ == "__main__":
    main()
