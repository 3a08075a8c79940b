"""Rules on needs (sections B, C and D) and the provision that meets them: the first link of the golden thread.

Every need in B must have special educational provision in F (CFA s.37(2)(c); CoP 9.69; *R v Secretary of State
ex p E* [1992]); every health care need in C has health provision in G, and every social care need in D has H1 or
H2 provision, unless the section says there are none (Regs 12(1)(c), (d), (g), (h)). G provision is agreed by the
responsible commissioning body (Regs 12(2)); H1 (CSDPA 1970 s.2) is for under-18s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import NO_NEEDS_SENTENCE, Need, Plan, SectionLetter, label
from .engine import CheckContext, Hit, rule
from .facts import age_on, plan_date
from .provision import quoted, sentence_spans

# -- EHCP-B001, C001, D001: every need has provision -----------------------------------------------------------


def needs_without_provision(plan: Plan, letter: SectionLetter) -> Iterator[tuple[str, Need]]:
    """Yield (pointer, need) for each need in section ``letter`` (B, C or D) that names no provision."""
    for pointer, need_letter, need in plan.needs():
        if need_letter is letter and not need.provision_ids:
            yield pointer, need


#: For each section of needs: what a need there is called, where its provision belongs, and how to add it.
_PROVISION_FOR = {
    SectionLetter.B: ("Need", "F", "add the special educational provision that meets it (s.37(2)(c))"),
    SectionLetter.C: ("Health care need", "G", (
        "add the health care provision reasonably required for it, agreed by the commissioning body (s.37(2)(d); "
        "Regs 12(1)(g))"
    )),
    SectionLetter.D: ("Social care need", "H1 or H2", (
        "add the social care provision that meets it (s.37(2)(e),(f); Regs 12(1)(h))"
    )),
}


def _needs_without_provision_hits(plan: Plan, letter: SectionLetter) -> Iterator[Hit]:
    """Yield a hit for each need in section ``letter`` (B, C or D) that names no provision (``_PROVISION_FOR``)."""
    noun, sections, fix = _PROVISION_FOR[letter]
    for pointer, need in needs_without_provision(plan, letter):
        yield Hit(pointer, f"{noun} {need.id} has no provision in {sections}: {fix}")


@rule(
    "EHCP-B001", "error", "Every B need has at least one linked F provision.",
    basis="s.37(2); CoP 9.69; *ex p E*", section="B",
)
def special_educational_needs_have_provision(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag needs in B that no provision in F meets."""
    return _needs_without_provision_hits(plan, SectionLetter.B)


@rule(
    "EHCP-C001", "error", "Every C need has G provision, or C states that there are no health needs relating to SEN.",
    basis="s.37(2)(d); Regs 12(1)(c),(g)", section="C",
)
def health_needs_have_provision(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag health care needs in C that no provision in G meets."""
    return _needs_without_provision_hits(plan, SectionLetter.C)


@rule(
    "EHCP-D001", "error", "Every D need has H1 and/or H2 provision, or D states that there are no social care needs.",
    basis="s.37(2)(e),(f); Regs 12(1)(d),(h)", section="D",
)
def social_care_needs_have_provision(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag social care needs in D that no provision in H1 or H2 meets."""
    return _needs_without_provision_hits(plan, SectionLetter.D)


# -- EHCP-B002: the four area tables ---------------------------------------------------------------------------


@rule(
    "EHCP-B002", "warning",
    "Each of the four area tables has needs, or carries the fixed \"no identified special educational needs in this "
    "area\" sentence.",
    basis="DfE template", section="B",
)
def area_tables_complete(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag a missing area table, or one with no needs that does not say it has none."""
    if plan.special_educational_needs is None:
        return
    for area, table in plan.special_educational_needs.areas():
        pointer = f"/special_educational_needs/{area.value}"
        if table is None:
            yield Hit(pointer, f"The {label(area)} table is missing: add it, with its needs or the sentence "
                      f"\"{NO_NEEDS_SENTENCE}\" (DfE template)")
        elif not table.needs and not table.no_identified_needs:
            yield Hit(pointer, f"The {label(area)} table lists no needs and does not say it has none: add its "
                      f"needs, or set no_identified_needs so that it reads \"{NO_NEEDS_SENTENCE}\" (DfE template)")


# -- EHCP-B003: strengths in need rows --------------------------------------------------------------------------

_STRENGTH = re.compile(
    r"\b(?:(?:is|are) (?:very |really |particularly )?good at|strengths?|enjoys?|loves|excels?|"
    r"(?:is|are) (?:very |really )?(?:skilled|talented|confident|proud|kind|caring|funny|sociable|articulate)|"
    r"has (?:a |an )?(?:good|strong|excellent|wide|great) (?:\w+ )?(?:memory|vocabulary|sense|understanding|skills?)|"
    r"(?:is|are) able to|can (?:already|confidently|independently))\b",
    re.IGNORECASE,
)
_DIFFICULTY = re.compile(
    r"\b(?:but|however|although|though|yet|except|unless|difficult\w*|hard|struggl\w*|unable|cannot|can't|not|no|"
    r"needs?|less|poor\w*|delay\w*|only|anxious|anxiety|distress\w*|without|problems?|finds?)\b",
    re.IGNORECASE,
)


def strength_sentences(text: str) -> list[tuple[int, int]]:
    """Return the spans of sentences in ``text`` that describe a strength and mention no difficulty, e.g.
    "Theo is good at maths." (a heuristic: "He enjoys lessons but finds writing hard." is a need)."""
    if not _STRENGTH.search(text):
        return []  # no sentence matches where the text does not (a sentence is bounded by spaces or punctuation)
    return [(start, end) for start, end in sentence_spans(text)
            if _STRENGTH.search(text[start:end]) and not _DIFFICULTY.search(text[start:end])]


@rule(
    "EHCP-B003", "warning", "Strengths are in A2 or the Strengths boxes, not in need rows.",
    basis="DfE template", section="B",
)
def strengths_not_in_need_rows(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag sentences in need descriptions (B, C and D) that read as strengths rather than needs."""
    for pointer, _, need in plan.needs():
        for start, end in strength_sentences(need.description):
            sentence = need.description[start:end]
            yield Hit(f"{pointer}/description", f"Need {need.id} describes a strength ({quoted(sentence)}): move it to "
                      "the table's Strengths box or to A2 Strengths, and keep the need row for the need "
                      "(DfE template)", phrase=sentence, span=(start, end))


# -- EHCP-C002: G agreed by the commissioning body ------------------------------------------------------------


@rule(
    "EHCP-C002", "warning", "G provision is recorded as agreed by the responsible commissioning body (ICB).",
    basis="Regs 12(2)", section="G",
)
def health_provision_agreed(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag G provision with no record of the commissioning body's agreement."""
    if plan.health is None:
        return
    for index, item in enumerate(plan.health.provision):
        if item.commissioner_agreement is None:
            yield Hit(f"/health/provision/{index}", f"Health provision {item.id} is not recorded as agreed by the "
                      "responsible commissioning body: record the ICB's agreement and its date (Regs 12(2))")


# -- EHCP-D002: H1 is for under-18s -----------------------------------------------------------------------------

#: The age from which H1 (CSDPA 1970 s.2, children only) no longer applies.
ADULT_AGE = 18


@rule(
    "EHCP-D002", "warning",
    "H1 provision is recorded for a person aged 18 or over on the plan date (H1 is for under-18s; adult care belongs "
    "in H2).",
    basis="CFA s.37(2)(e); CSDPA 1970 s.2", section="H1",
)
def h1_only_for_under_18s(plan: Plan, context: CheckContext) -> Iterator[Hit]:
    """Flag H1 provision when the young person is 18 or over on the plan's date."""
    if plan.social_care is None or not plan.social_care.h1_provision:
        return
    day = plan_date(plan, context.as_of)
    age = age_on(plan.personal_details.date_of_birth, day)
    if age < ADULT_AGE:
        return
    for index, item in enumerate(plan.social_care.h1_provision):
        yield Hit(f"/social_care/h1_provision/{index}", f"H1 provision {item.id} is for someone aged {age} on the "
                  f"plan date ({day.isoformat()}): H1 (CSDPA 1970 s.2) is for under-18s; put adult care and support "
                  "in H2 (CFA s.37(2)(e))")
