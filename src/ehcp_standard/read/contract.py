"""The reader's copy of the layout contract of a rendered plan (``render.template_builder``'s docstring): table
captions, paragraph styles, fixed sentences and the wording of codes.

The reader depends on the model, never on the renderer's internals: the fixed sentences come from
``ehcp_standard._wording``, the one copy both use; the rest is written out here, and ``tests/read/test_contract.py``
checks that it still matches what the renderer prints.
"""

from __future__ import annotations

from enum import StrEnum

from .._wording import (  # noqa: F401 - the fixed sentences the reader recognises, one copy with the renderer's
    BUDGET_NOT_APPLICABLE,
    BUDGET_NOT_RECORDED,
    DATA_STANDARD_PREFIX,
    FIRST_VERSION,
    MAIN_PLACEMENT,
    NO_HEALTH_NEEDS_SENTENCE,
    NO_NEEDS_LISTED,
    NO_PLACEMENT,
    NO_SOCIAL_CARE_NEEDS_SENTENCE,
    NONE_RECORDED,
    NOT_LINKED,
    NOT_SPECIFIED,
    PLACEMENT_DRAFT_NOTICE,
    TABLE_NOT_RECORDED,
)
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

# Fixed sentences: the statutory "no special educational needs" sentence, and the wording shared with the renderer.
NO_SEN_SENTENCE = NO_NEEDS_SENTENCE

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
