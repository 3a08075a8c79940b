"""The reader's copy of the layout contract of a rendered plan (``render.template_builder``'s docstring): table
captions, paragraph styles, fixed sentences and the wording of codes.

The reader depends on the model, never on the renderer's internals, so the fixed wording it must recognise is
written out here; ``tests/read/test_contract.py`` checks that it still matches what the renderer prints.
"""

from __future__ import annotations

from enum import StrEnum

from ..model.codes import LABELS
from ..model.metadata import EVENT_LABELS  # noqa: F401 - part of the contract the reader recognises
from ..model.needs import NO_NEEDS_SENTENCE

CAPTION_PREFIX = "ehcp:"
BOOKMARK_PREFIX = "ehcp_"

# Paragraph styles (style ids) that say what a paragraph is.
LABEL = "EHCPLabel"
FIELD = "EHCPField"
ID = "EHCPId"
NEED_TITLE = "EHCPNeedTitle"
NOTICE = "EHCPNotice"
GROUP_GAP = "EHCPGroupGap"
COLUMN_HEADER = "EHCPColumnHeader"
HEADINGS = ("Heading1", "Heading2")

# Fixed sentences.
NO_SEN_SENTENCE = NO_NEEDS_SENTENCE
NO_HEALTH_NEEDS_SENTENCE = "Child/Young person has no identified health care needs which relate to their SEN"
NO_SOCIAL_CARE_NEEDS_SENTENCE = (
    "Child/Young person has no identified social care needs which relate to their SEN or disability"
)
NO_NEEDS_LISTED = "No needs are recorded in this table."
TABLE_NOT_RECORDED = "Nothing is recorded for this part of the plan."
NOT_SPECIFIED = "Not specified"
NOT_LINKED = "Provision and outcomes in this table that are not linked to a need in it"
PLACEMENT_DRAFT_NOTICE = (
    "Section I is left blank in a draft plan: a draft must not name a school or other institution, or the type of "
    "institution (Children and Families Act 2014 s.38(5))."
)
NO_PLACEMENT = "No placement is named in this plan."
BUDGET_NOT_APPLICABLE = "Not applicable: there is no personal budget."
BUDGET_NOT_RECORDED = "Nothing is recorded about a personal budget in this plan."
NONE_RECORDED = "None recorded."
FIRST_VERSION = "This is the first version."
DATA_STANDARD_PREFIX = "ehcp-standard plan schema "
MAIN_PLACEMENT = " (main placement)"

#: Suggested sections of carried-over content that are not written as their letter.
SECTION_NAMES = {"personal_details": "Personal details", "other": "Other"}
#: The separator of an extension's path ("namespace › key › 0").
PATH_SEPARATOR = " › "


def code_for_label(codes: type[StrEnum], text: str) -> StrEnum | None:
    """Return the member of ``codes`` whose wording is ``text``, or ``None``."""
    for member in codes:
        if LABELS.get((codes, member.value), member.value) == text:
            return member
    return None


def label_of(code: StrEnum) -> str:
    """Return the wording of ``code`` (its value if it has none)."""
    return LABELS.get((type(code), code.value), str(code.value))
