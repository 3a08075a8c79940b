"""The fixed wording a rendered plan prints where the plan holds nothing, or around a value: one copy, for the
renderer that prints it (``render.context_needs``, ``render.context_sections``, ``render.layout_needs``,
``render.context``) and the reader that recognises it (``read.contract``).

Neither the renderer nor the reader owns it, so the reader still depends on nothing of the renderer's. A change
here changes both what new plans say and what the reader recognises in plans already rendered: it is a change of
the layout contract (``render.template_builder``'s docstring), not a matter of wording only.
"""

from __future__ import annotations

# Needs tables (sections C/G and D/H1/H2, and any table with no rows).
NO_HEALTH_NEEDS_SENTENCE = "Child/Young person has no identified health care needs which relate to their SEN"
NO_SOCIAL_CARE_NEEDS_SENTENCE = (
    "Child/Young person has no identified social care needs which relate to their SEN or disability"
)
NO_NEEDS_LISTED = "No needs are recorded in this table."
TABLE_NOT_RECORDED = "Nothing is recorded for this part of the plan."
NOT_SPECIFIED = "Not specified"
NOT_LINKED = "Provision and outcomes in this table that are not linked to a need in it"

# Sections I and J.
PLACEMENT_DRAFT_NOTICE = (
    "Section I is left blank in a draft plan: a draft must not name a school or other institution, or the type of "
    "institution (Children and Families Act 2014 s.38(5))."
)
NO_PLACEMENT = "No placement is named in this plan."
MAIN_PLACEMENT = " (main placement)"
BUDGET_NOT_APPLICABLE = "Not applicable: there is no personal budget."
BUDGET_NOT_RECORDED = "Nothing is recorded about a personal budget in this plan."

# The plan's record: history, events and exceptions, and the data standard it was written in.
NONE_RECORDED = "None recorded."
FIRST_VERSION = "This is the first version."
DATA_STANDARD_PREFIX = "ehcp-standard plan schema "
