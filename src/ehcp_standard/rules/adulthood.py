"""Rules on preparing for adulthood: from Year 9 the plan must include provision to help the child or young person
prepare for adulthood and independent living (Regs 12(3); CoP 9.63), with outcomes across the four PfA domains
(CoP chapter 8).

Both rules judge the year group on the date this version of the plan was issued (``facts.plan_date``: the
version's issue date, else the final, else the draft issue date, else ``as_of``), because that is when its content
had to meet Regs 12(3). The year group is the one for the child's age (``facts.national_curriculum_year``); a child
taught out of their year group is judged by age.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from ..model import Plan
from .engine import CheckContext, Hit, rule
from .facts import national_curriculum_year, plan_date, unjudged_beyond_the_calendar, year_group_label

#: The first National Curriculum year in which preparing-for-adulthood content is required (Regs 12(3)).
PFA_FROM_YEAR = 9
#: Where the findings point: the B-F-E tables, which hold most provision and outcomes.
POINTER = "/special_educational_needs"


def _year_nine_or_above(plan: Plan, as_of: _dt.date) -> tuple[bool, str]:
    """Return whether the child is in Year 9 or above on the plan version's date, and a phrase saying so."""
    day = plan_date(plan, as_of)
    year = national_curriculum_year(plan.personal_details.date_of_birth, day)
    phrase = (
        f"in {year_group_label(year)} on {day.isoformat()} (the date this version of the plan speaks from; "
        f"born {plan.personal_details.date_of_birth.isoformat()})"
    )
    return year >= PFA_FROM_YEAR, phrase


@rule(
    "EHCP-P001",
    "error",
    "Child is in National Curriculum Year 9 or above, but no provision is tagged as preparing for adulthood.",
    basis="Regs 12(3); CoP 9.63",
    section="plan",
)
@unjudged_beyond_the_calendar
def year_nine_has_pfa_provision(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a plan for a child in Year 9 or above (on the version's date) in which no provision entry in F, G, H1
    or H2 is tagged as preparing for adulthood (``preparing_for_adulthood`` true, or any ``pfa_domains``)."""
    due, phrase = _year_nine_or_above(plan, ctx.as_of)
    if not due:
        return
    if any(item.preparing_for_adulthood or item.pfa_domains for _, _, item in plan.provision()):
        return
    yield Hit(
        POINTER,
        f"The child or young person is {phrase}, but no provision in F, G, H1 or H2 is tagged as preparing "
        "for adulthood. From Year 9 the plan must include provision to help prepare for adulthood and "
        "independent living (Regs 12(3); CoP 9.63). Add that provision, or tag the provision that does so "
        "(preparing_for_adulthood, pfa_domains).",
    )


@rule(
    "EHCP-P002",
    "warning",
    "Year 9 or above, but no outcome is tagged with a preparing-for-adulthood domain.",
    basis="CoP 9.63, ch. 8",
    section="plan",
)
@unjudged_beyond_the_calendar
def year_nine_has_pfa_outcome(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a plan for a child in Year 9 or above (on the version's date) in which no outcome in E carries a PfA
    domain (employment, independent living, community, health)."""
    due, phrase = _year_nine_or_above(plan, ctx.as_of)
    if not due:
        return
    if any(outcome.pfa_domain is not None for _, outcome in plan.outcomes()):
        return
    yield Hit(
        POINTER,
        f"The child or young person is {phrase}, but no outcome in E is tagged with a "
        "preparing-for-adulthood domain. From Year 9 outcomes should look towards adult life (CoP 9.63, "
        "chapter 8): tag the outcomes that do with pfa_domain (employment, independent_living, community or "
        "health), or add such outcomes.",
    )
