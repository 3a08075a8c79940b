"""Rules on section J, Direct Payments: the SEN and outcomes a direct payment meets, and what it may not fund
(Regs 12(1)(j); CFA s.49; SEN (Personal Budgets) Regulations 2014; CoP 9.95-9.124).

These rules are not time-based: they judge section J as it stands, whatever ``as_of`` is.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import BudgetItem, BudgetMechanism, Plan
from .engine import CheckContext, Hit, rule


def _direct_payments(plan: Plan) -> list[tuple[str, BudgetItem]]:
    """Return (JSON pointer, item) for every budget item in section J paid as a direct payment."""
    items = plan.personal_budget.items if plan.personal_budget else ()
    return [
        (f"/personal_budget/items/{index}", item)
        for index, item in enumerate(items)
        if item.mechanism is BudgetMechanism.DIRECT_PAYMENT
    ]


def _has_details(plan: Plan) -> bool:
    """Return whether section J's Details box holds any text (where the SEN and outcomes may be stated in words)."""
    details = plan.personal_budget.details if plan.personal_budget else None
    return bool(details and details.strip())


def _unstated(item: BudgetItem) -> list[str]:
    """Return what a direct payment item does not link to: "the needs (need_ids)", "the outcomes (outcome_ids)"."""
    missing = []
    if not item.need_ids:
        missing.append("the special educational needs it meets (need_ids)")
    if not item.outcome_ids:
        missing.append("the outcomes it meets (outcome_ids)")
    return missing


@rule(
    "EHCP-J001",
    "error",
    "A direct payment is recorded, but section J does not state the SEN and outcomes it will meet.",
    basis="Regs 12(1)(j)",
    section="J",
)
def direct_payment_states_needs_and_outcomes(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a direct payment item that names neither the needs nor the outcomes it meets, by id, when section J's
    Details box is empty too. Where J has Details text, the rule trusts it (it cannot read free text for the SEN
    and outcomes); where the item links both ``need_ids`` and ``outcome_ids``, it passes. One finding per item."""
    if _has_details(plan):
        return
    for pointer, item in _direct_payments(plan):
        missing = _unstated(item)
        if missing:
            yield Hit(
                pointer,
                f"Direct payment {item.id} does not state {' or '.join(missing)}, and section J's Details "
                "box is empty. Regs 12(1)(j) requires J to state the special educational needs and the "
                "outcomes a direct payment will meet: link the item to the need and outcome ids, or "
                "describe them in Details.",
            )


@rule(
    "EHCP-J002",
    "error",
    "A direct payment is recorded as funding a school or post-16 place.",
    basis="SEN (Personal Budgets) Regs 2014, as summarised by education law barristers [UNVERIFIED clause]",
    section="J",
    unverified=True,
)
def direct_payment_funds_no_place(plan: Plan, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a direct payment item marked ``funds_institution_place``: a direct payment may not be used to secure a
    place at a school or post-16 institution (SEN (Personal Budgets) Regulations 2014; the exact clause is
    [UNVERIFIED]). The finding points at the flag."""
    for pointer, item in _direct_payments(plan):
        if item.funds_institution_place:
            yield Hit(
                f"{pointer}/funds_institution_place",
                f"Direct payment {item.id} is recorded as funding a school or post-16 place. A direct "
                "payment may not be used to secure a place at a school or post-16 institution (SEN "
                "(Personal Budgets) Regulations 2014). Fund the place through the LA, or hold that part of "
                "the budget as an arrangement instead.",
            )
