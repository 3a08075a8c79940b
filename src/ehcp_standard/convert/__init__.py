"""Converting councils' legacy plans onto the standard.

Step one is reading: :func:`read_legacy_docx` turns any Word file into a neutral :class:`BlockDocument` — located
headings, paragraphs, list items and tables (merged cells resolved, nested tables kept), with page furniture,
footnotes, tracked deletions and warnings beside them::

    from ehcp_standard.convert import read_legacy_docx, Flag

    document = read_legacy_docx(path.read_bytes(), source=str(path))
    for block in document.body:
        print(block.location.path, type(block).__name__, getattr(block, "text", ""))
    for warning in document.warnings:
        print(warning)                        # word/document.xml: body › paragraph 12: hidden text '…' was left out

A file that cannot be read at all raises a :class:`~ehcp_standard.errors.DocumentError` subclass naming it.

Step two finds the sections: a :class:`Profile` (a declarative YAML file per council layout, ``extends: generic``)
says how a layout labels them; :func:`detect_profile` picks a built-in one (or a council's own, with
:func:`detection_profiles`) and :func:`find_sections` places every block in a section, sub-section and area of
need, with its confidence, or leaves it unplaced with its location::

    profile, score, evidence = detect_profile(document)
    section_map = find_sections(document, profile)

Step three maps the placed blocks into a standard :class:`~ehcp_standard.model.Plan` and accounts for every piece of
text: :func:`convert_bytes` does all three steps for a Word file (one plan) or a case-management export (.csv,
.xlsx: one plan per reference), and returns each plan with its :class:`ConversionReport`::

    from ehcp_standard.convert import ConvertOptions, convert_bytes

    for conversion in convert_bytes(path.read_bytes(), source=path.name, options=ConvertOptions(la_code="855")):
        conversion.plan                       # valid; what had no standard place is in plan.carried_over
        print(conversion.report.to_text())    # mapped where, carried over and why, warnings, compliance findings
"""

from .blocks import (
    NOT_CONTENT,
    Block,
    BlockDocument,
    Cell,
    Deletion,
    Flag,
    Heading,
    ListItem,
    Location,
    Paragraph,
    ReadWarning,
    Row,
    Segment,
    Table,
    block_texts,
    iter_nested,
)
from .convert import Conversion, ConversionReport, ConvertOptions, convert_bytes, convert_docx
from .docx_reader import IGNORED, PLACEHOLDER_PHRASES, read_legacy_docx
from .profile import Profile, ProfileError, builtin_profiles, detect_profile, detection_profiles, load_profile
from .sections import SectionMap, find_sections, suggest_profile

__all__ = [
    "IGNORED",
    "NOT_CONTENT",
    "PLACEHOLDER_PHRASES",
    "Block",
    "BlockDocument",
    "Cell",
    "Conversion",
    "ConversionReport",
    "ConvertOptions",
    "Deletion",
    "Flag",
    "Heading",
    "ListItem",
    "Location",
    "Paragraph",
    "Profile",
    "ProfileError",
    "ReadWarning",
    "Row",
    "SectionMap",
    "Segment",
    "Table",
    "block_texts",
    "builtin_profiles",
    "convert_bytes",
    "convert_docx",
    "detect_profile",
    "detection_profiles",
    "find_sections",
    "iter_nested",
    "load_profile",
    "read_legacy_docx",
    "suggest_profile",
]
