"""Rules on the plan's sections: all of A to K present and separately labelled, unused ones marked "not
applicable", and the template's block order.

The law fixes the content and the letters, not the layout: each section must be separately identified (Regs 12(1);
CoP 9.62), and a plan missing a section is not compliant (IPSEA checklist). In the model a missing section is a
top-level field that is ``None``. How a document labels and orders its sections is known only when a reader
supplies ``CheckContext.document_sections``: the labels in the order the document shows them ("A1", "B", "F",
"E", ... or "Section J"); labels that are not section letters are ignored, since extra sections are lawful.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..model import Plan
from .engine import CheckContext, Hit, rule

#: Every section a plan must show, each labelled with its letter (Regs 12(1); CoP 9.62).
REQUIRED_LETTERS = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")

#: Where each section lives in the model (the JSON pointer a finding about it points to).
SECTION_POINTERS = {
    "A": "/section_a", "B": "/special_educational_needs", "E": "/special_educational_needs",
    "F": "/special_educational_needs", "C": "/health", "G": "/health", "D": "/social_care", "H1": "/social_care",
    "H2": "/social_care", "I": "/placement", "J": "/personal_budget", "K": "/advice",
}

#: The model's top-level fields holding sections, with the letters each holds and its name in the template.
SECTION_FIELDS = (
    ("section_a", ("A",), "Views, interests and aspirations"),
    ("special_educational_needs", ("B", "E", "F"), "Special educational needs and provision"),
    ("health", ("C", "G"), "Health care needs and provision"),
    ("social_care", ("D", "H1", "H2"), "Social care needs and provision"),
    ("placement", ("I",), "Placement"),
    ("personal_budget", ("J",), "Direct payments"),
    ("advice", ("K",), "Advice and information"),
)

_LABEL = re.compile(r"^(?:section\s+)?(A[12]?|B|C|D|E|F|G|H[12]|I|J|K)\b", re.IGNORECASE)


def section_letter(label: str) -> str | None:
    """Return the section letter a document label stands for ("A" for "A1" or "A2", "H1" for "Section H1"), or
    ``None`` for a label that is not a section letter."""
    match = _LABEL.match(str(label).strip())
    if not match:
        return None
    letter = match.group(1).upper()
    return "A" if letter.startswith("A") else letter


def _letters_named(letters: Iterable[str]) -> str:
    letters = list(letters)
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " and " + letters[-1]


# -- EHCP-S001: every section present --------------------------------------------------------------------------


def missing_model_sections(plan: Plan) -> Iterator[Hit]:
    """Yield a hit for each section-holding top-level field of the plan that is missing."""
    for field, letters, name in SECTION_FIELDS:
        if getattr(plan, field) is None:
            one = len(letters) == 1
            what = f"Section {letters[0]} is" if one else f"Sections {_letters_named(letters)} are"
            yield Hit(f"/{field}", f"{what} missing ({name}): add {'it' if one else 'them'} to the plan; a section "
                      "with nothing in it stays in the plan and says so (Regs 12(1); CoP 9.62)")


def missing_document_sections(labels: Iterable[str]) -> Iterator[Hit]:
    """Yield a hit for each required section letter that no label of the document shows."""
    shown = {section_letter(label) for label in labels}
    for letter in REQUIRED_LETTERS:
        if letter not in shown:
            yield Hit(SECTION_POINTERS[letter], f"The document shows no section labelled {letter}: label every "
                      "section A to K (with H1 and H2) separately by its letter, even one that does not apply "
                      "(Regs 12(1); CoP 9.62)")


@rule(
    "EHCP-S001", "error",
    "Sections A, B, C, D, E, F, G, H1, H2, I, J and K are all present and each is separately labelled with its letter.",
    basis="Regs 12(1); CoP 9.62", section="plan",
)
def every_section_present(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag sections missing from the plan, and, when the document's labels are known, letters it does not show."""
    yield from missing_model_sections(plan)
    if context.document_sections is not None:
        yield from missing_document_sections(context.document_sections)


# -- EHCP-S002: unused sections marked not applicable ------------------------------------------------------------


@rule(
    "EHCP-S002", "warning",
    "An unused section (typically J) is present and marked \"not applicable\", not left empty or dropped.",
    basis="IPSEA checklist", section="plan",
)
def unused_sections_marked(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag J with no budget items that is not marked not applicable, and C or D with no needs that does not say
    there are none."""
    budget = plan.personal_budget
    if budget is not None and not budget.items and not budget.not_applicable:
        yield Hit("/personal_budget", "Section J records no direct payment but is not marked not applicable: set "
                  "not_applicable so that it says \"not applicable\", or record the direct payment (IPSEA checklist)")
    for field, letter, what in (("health", "C", "health care"), ("social_care", "D", "social care")):
        table = getattr(plan, field)
        if table is not None and not table.needs and not table.no_identified_needs:
            yield Hit(f"/{field}", f"Section {letter} lists no {what} needs but does not say there are none: set "
                      f"no_identified_needs and state that there are no {what} needs relating to the SEN or "
                      "disability (IPSEA checklist)")


# -- EHCP-S003: template block order -----------------------------------------------------------------------------

#: Rank of each section in the template's order (§3): A1, A2, the B-F-E tables, C-G-E, D-H1-H2-E, I, J, K.
TEMPLATE_RANK = {"A": 10, "B": 20, "F": 21, "C": 30, "G": 31, "D": 40, "H1": 41, "H2": 42, "I": 50, "J": 60, "K": 70}
TEMPLATE_ORDER = "A (A1, A2), B-F-E, C-G-E, D-H1-H2-E, I, J, K"
#: E sits in the B, C and D tables, so it may appear anywhere from the first B table to before I.
_E_RANKS = range(TEMPLATE_RANK["B"], TEMPLATE_RANK["I"])


def first_out_of_order(labels: Iterable[str]) -> tuple[str, str] | None:
    """Return (label, where it wrongly comes, e.g. "after H2") for the first section the document shows out of the
    template's order, or ``None`` if the order is the template's. Labels that are not section letters are skipped."""
    highest, highest_label = 0, ""
    for label in labels:
        letter = section_letter(label)
        if letter is None:
            continue
        if letter == "E":
            if highest < TEMPLATE_RANK["B"]:
                return str(label), "before the first B-F-E table"
            if highest not in _E_RANKS:
                return str(label), f"after {highest_label}"
            continue
        rank = TEMPLATE_RANK[letter]
        if rank < highest:
            return str(label), f"after {highest_label}"
        highest, highest_label = rank, str(label)
    return None


@rule(
    "EHCP-S003", "warning", "The template block order (§3) is followed. Order is not a legal requirement.",
    basis="DfE template", section="plan",
)
def template_order(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag a document whose sections are not in the template's order (only when the document's labels are known)."""
    if context.document_sections is None:
        return
    found = first_out_of_order(context.document_sections)
    if found:
        label, where = found
        yield Hit("", f"Section {label} comes {where} in the document, out of the template's order "
                  f"({TEMPLATE_ORDER}): put the blocks in that order (DfE template; order is not a legal requirement)")
