"""Rules on section K: the advice and information gathered during the EHC needs assessment (Regs 6, 12; CoP 9.62).

Regulation 6(1) lists the advice the LA must seek: (a) the parent or young person, (b) educational advice,
(c) medical advice, (d) psychological advice from an educational psychologist, (e) social care advice, and (g) for a
child or young person in or beyond Year 9, advice on provision to prepare for adulthood. Under reg 6(4) existing
advice may be used instead where everyone agrees it is sufficient; such an entry, marked ``existing_advice_reused``,
counts as the advice of its kind.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from ..model import AdviceEntry, AdviceType, Plan, PlanStatus
from .engine import CheckContext, Hit, rule
from .facts import (
    events_of_type,
    national_curriculum_year,
    plan_date,
    unjudged_beyond_the_calendar,
    weeks_and_days,
    year_group_label,
)

#: The advice regulation 6(1) always requires, with its paragraph and how a message names it.
REQUIRED_ADVICE = (
    (AdviceType.PARENT_OR_YOUNG_PERSON, "(a)", "advice and information from the parent or young person"),
    (AdviceType.EDUCATIONAL, "(b)", "educational advice"),
    (AdviceType.MEDICAL, "(c)", "medical advice"),
    (AdviceType.EDUCATIONAL_PSYCHOLOGIST, "(d)", "psychological advice from an educational psychologist"),
    (AdviceType.SOCIAL_CARE, "(e)", "social care advice"),
)
#: The advice regulation 6(1)(g) requires from Year 9.
PFA_ADVICE = (AdviceType.PREPARING_FOR_ADULTHOOD, "(g)", "advice on provision to prepare for adulthood")
PFA_FROM_YEAR = 9
#: Statuses of an issued plan, whose section K should hold only advice received before the plan was issued.
ISSUED = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.CEASED)


def _entries(plan: Plan) -> list[tuple[str, AdviceEntry]]:
    """Return (JSON pointer, entry) for every row of section K (none if K is absent)."""
    entries = plan.advice.entries if plan.advice else ()
    return [(f"/advice/entries/{index}", entry) for index, entry in enumerate(entries)]


def advice_sought_on(plan: Plan, as_of: _dt.date) -> _dt.date:
    """Return the date the assessment's advice was sought from: the decision to assess, else the earliest
    ``advice_requested`` event, else the earliest date requested in K, else the plan's date (``facts.plan_date``)."""
    if plan.metadata.dates.decision_to_assess:
        return plan.metadata.dates.decision_to_assess
    requested = [event.date for _, event in events_of_type(plan, "advice_requested")]
    requested += [entry.date_requested for _, entry in _entries(plan) if entry.date_requested]
    return min(requested) if requested else plan_date(plan, as_of)


def _required_advice(plan: Plan, as_of: _dt.date) -> tuple[list[tuple[AdviceType, str, str]], str]:
    """Return the kinds of advice K must hold, and a phrase giving the year group they were judged on."""
    day = advice_sought_on(plan, as_of)
    year = national_curriculum_year(plan.personal_details.date_of_birth, day)
    phrase = f"{year_group_label(year)} on {day.isoformat()}, when the advice was sought"
    required = list(REQUIRED_ADVICE)
    if year >= PFA_FROM_YEAR:
        required.append(PFA_ADVICE)
    return required, phrase


@rule(
    "EHCP-K001",
    "error",
    "Section K lacks an entry for one of the advice types regulation 6 requires.",
    basis="Regs 6(1), 6(4), 12",
    section="K",
)
@unjudged_beyond_the_calendar
def advice_of_every_required_kind(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag each kind of advice regulation 6(1) requires that has no row in K: parent or young person, educational,
    medical, educational psychologist, social care and, for a child in Year 9 or above when the advice was sought
    (``advice_sought_on``: the decision to assess, else the first advice request, else the plan's date),
    preparing-for-adulthood advice. A row marked existing advice reused (Regs 6(4)) counts. One finding per
    missing kind, at ``/advice/entries`` (at ``/advice`` when the plan has no section K)."""
    present = {entry.advice_type for _, entry in _entries(plan)}
    required, phrase = _required_advice(plan, ctx.as_of)
    pointer = "/advice/entries" if plan.advice is not None else "/advice"
    for advice_type, paragraph, wording in required:
        if advice_type not in present:
            pfa = advice_type is AdviceType.PREPARING_FOR_ADULTHOOD
            when = f" (the child or young person was in {phrase})" if pfa else ""
            yield Hit(
                pointer,
                f"Section K has no entry for {wording}{when}. The LA must seek it (Regs 6(1){paragraph}) and "
                f"list it in K (Regs 12). Add the row with advice_type {advice_type.value}, or, where "
                "existing advice was used because everyone agreed it was sufficient, add it marked "
                "existing_advice_reused (Regs 6(4)).",
            )


@rule(
    "EHCP-K002",
    "warning",
    "A section K entry has no date received, no author or role, or no appended flag.",
    basis="DfE template (K columns)",
    section="K",
)
def advice_rows_complete(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag each empty column of a K row, as the template's table has them: Date received, Who from (``who_from``
    or ``role``) and Appended (YES/NO). One finding per empty column, pointing where the field belongs."""
    for pointer, entry in _entries(plan):
        name = f"Advice {entry.id} ({entry.description})"
        if entry.date_received is None:
            yield Hit(f"{pointer}/date_received",
                      f"{name} has no date received. Add the date it was received (CCYY-MM-DD), as K's table "
                      "asks.")
        if not (entry.who_from or entry.role):
            yield Hit(f"{pointer}/who_from",
                      f"{name} does not say who it is from. Add the author's name (who_from) or their role.")
        if entry.appended is None:
            yield Hit(f"{pointer}/appended",
                      f"{name} does not say whether it is appended. Set appended to true (YES) or false (NO).")


def _issue_date(plan: Plan) -> _dt.date | None:
    """Return the date this issued plan was issued (``version_issued``, else ``final_issued``), or ``None`` for a
    draft or proposed amendment or when no date is recorded."""
    if plan.metadata.status not in ISSUED:
        return None
    return plan.metadata.dates.version_issued or plan.metadata.dates.final_issued


@rule(
    "EHCP-K003",
    "warning",
    "A section K advice date is later than the final plan's issue date.",
    basis="Data consistency",
    section="K",
)
def advice_received_before_issue(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a K row received after the plan was issued. The issue date is this version's (``version_issued``, else
    ``final_issued``), so advice added at a review before an amended plan passes. Drafts and proposed amendments
    are not judged. Same-day advice passes."""
    issued = _issue_date(plan)
    if issued is None:
        return
    for pointer, entry in _entries(plan):
        if entry.date_received and entry.date_received > issued:
            late = weeks_and_days((entry.date_received - issued).days)
            yield Hit(
                f"{pointer}/date_received",
                f"Advice {entry.id} ({entry.description}) is recorded as received on "
                f"{entry.date_received.isoformat()}, {late} after the plan was issued on "
                f"{issued.isoformat()}. Section K lists the advice the plan was made from: correct the date, "
                "or move advice that arrived later to the next review.",
            )
