"""Rules on section I, Placement: the name and type of the school or other institution (Regs 12(1)(i); CFA s.38(5)).

A draft plan must leave I empty (s.38(5): the draft must not name an institution or specify a type); a final or
amended final plan must name an institution and its type, or give the type only. Placement rules are not
time-based: they judge the plan as it stands, whatever ``as_of`` is.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Placement, Plan, PlanStatus
from .engine import CheckContext, Hit, rule

#: Statuses of a finalised plan, which must say where the child or young person is placed.
FINALISED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL)
#: The fields of a placement that name an institution or say what type it is, with how a message names them.
IDENTIFYING_FIELDS = (
    ("name", "a name"),
    ("type", "a type"),
    ("attendance_pattern", "an attendance pattern (part of the type)"),
    ("urn", "a URN"),
    ("ukprn", "a UKPRN"),
    ("sen_setting", "an SEN2 setting code"),
)


def _placements(plan: Plan) -> list[tuple[str, Placement]]:
    """Return (JSON pointer, placement) for every placement in section I (none if I is absent)."""
    placements = plan.placement.placements if plan.placement else ()
    return [(f"/placement/placements/{index}", placement) for index, placement in enumerate(placements)]


def _identifying_fields(placement: Placement) -> str:
    """Return how a message lists the fields of ``placement`` that identify an institution or a type: "a name, a
    type and a URN"."""
    found = [wording for field, wording in IDENTIFYING_FIELDS if getattr(placement, field) is not None]
    return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"


@rule(
    "EHCP-I001",
    "error",
    "A draft plan names an institution or specifies a type in section I.",
    basis="CFA s.38(5)",
    section="I",
)
def draft_names_no_placement(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag every placement entry in a draft plan: a draft must not name an institution or specify a type, so
    section I stays empty until the final plan (s.38(5)). One finding per entry, at the entry."""
    if plan.metadata.status is not PlanStatus.DRAFT:
        return
    for pointer, placement in _placements(plan):
        yield Hit(
            pointer,
            f"This is a draft plan, yet section I gives {_identifying_fields(placement)} (placement rank "
            f"{placement.rank}). A draft must not name a school or other institution or specify a type (CFA "
            "s.38(5)). Remove the entry and name the placement in the final plan, after the parent or young "
            "person has had the chance to ask for one.",
        )


@rule(
    "EHCP-I002",
    "error",
    "A final or amended final plan has neither a named institution nor a type in section I.",
    basis="Regs 12(1)(i)",
    section="I",
)
def final_names_placement_or_type(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a final or amended final plan in which no placement gives a name or a type: section I must give the
    name and type of the institution, or the type only (Regs 12(1)(i)). An SEN2 setting code alone does not count.
    The finding points at ``/placement/placements`` (or ``/placement`` when I is absent)."""
    if plan.metadata.status not in FINALISED:
        return
    placements = _placements(plan)
    if any(placement.name or placement.type for _, placement in placements):
        return
    pointer = "/placement/placements" if plan.placement else "/placement"
    what = "has no placements" if not placements else "has no placement with a name or a type"
    yield Hit(
        pointer,
        f"The plan's status is {plan.metadata.status.value}, but section I {what}. A final plan must give "
        "the name and type of the school or other institution, or the type only (Regs 12(1)(i)). Add the "
        "name and type of the placement (a type such as \"Mainstream primary school\"), or the type alone "
        "where no institution is named.",
    )


@rule(
    "EHCP-I003",
    "warning",
    "A named institution has no type, or no attendance pattern.",
    basis="Regs 12(1)(i); DfE template",
    section="I",
)
def named_institution_has_type_and_pattern(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a named placement with no type (Regs 12(1)(i) asks for name *and* type), and one with no attendance
    pattern (the template's type includes daily, weekly residential or termly residential). One finding per missing
    field, pointing where the field belongs. Drafts are left to EHCP-I001, which asks for the entry to go."""
    if plan.metadata.status is PlanStatus.DRAFT:
        return
    for pointer, placement in _placements(plan):
        if not placement.name:
            continue
        if not placement.type:
            yield Hit(
                f"{pointer}/type",
                f"Section I names \"{placement.name}\" but not its type. Regs 12(1)(i) asks for the name and "
                "type of the institution: add the type, e.g. \"Mainstream secondary academy\" or \"Special "
                "school (autism)\".",
            )
        if placement.attendance_pattern is None:
            yield Hit(
                f"{pointer}/attendance_pattern",
                f"Section I names \"{placement.name}\" without an attendance pattern. The template's type "
                "includes it: add daily, weekly residential, termly residential or 52-week residential.",
            )


@rule(
    "EHCP-I004",
    "warning",
    "A named institution has no URN or UKPRN, and no SEN2 setting code instead.",
    basis="SEN2 (for export)",
    section="I",
)
def named_institution_is_identified(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a named placement that the SEN2 return could not identify: no URN, no UKPRN and no SEN2 setting code.
    The finding points at the placement entry, since any one of the three fields would fix it. Drafts are left to
    EHCP-I001."""
    if plan.metadata.status is PlanStatus.DRAFT:
        return
    for pointer, placement in _placements(plan):
        if placement.name and not (placement.urn or placement.ukprn or placement.sen_setting):
            yield Hit(
                pointer,
                f"Section I names \"{placement.name}\" with no URN, no UKPRN and no SEN2 setting code, so "
                "the SEN2 return cannot identify it. Add the school's 6-digit URN (GIAS) or the provider's "
                "UKPRN, or, where it has neither, the SEN2 setting code (e.g. OTH, EYP).",
            )
