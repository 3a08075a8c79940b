"""Section J: the personal budget, including direct payments (Regs 12(1)(j); CFA s.49; CoP 9.95-9.124)."""

from __future__ import annotations

from pydantic import Field, model_validator

from .codes import BudgetMechanism, BudgetPeriod, describe
from .types import Date, Id, ShortText, StandardModel, Text, check_date_order


class BudgetItem(StandardModel):
    """One part of the personal budget: how it is held, how much, what it funds and the needs it meets."""

    id: Id = Field(title="Id")
    mechanism: BudgetMechanism = Field(title="Mechanism", description=describe(BudgetMechanism))
    amount_pence: int | None = Field(
        None, ge=0, title="Amount (pence)", description="Amount in pence, to avoid rounding: 150000 is £1,500.00."
    )
    period: BudgetPeriod | None = Field(None, title="Per", description=describe(BudgetPeriod))
    start: Date | None = Field(None, title="Paid from")
    end: Date | None = Field(None, title="Paid until")
    funds: Text = Field(title="What it funds")
    need_ids: tuple[Id, ...] = Field(
        (), title="Needs it meets", description="Ids of the needs the payment will meet (Regs 12(1)(j))."
    )
    outcome_ids: tuple[Id, ...] = Field(
        (), title="Outcomes it meets", description="Ids of the outcomes the payment will meet (Regs 12(1)(j))."
    )
    funds_institution_place: bool = Field(
        False,
        title="Funds a school or post-16 place",
        description="A direct payment may not fund a school or post-16 place (SEN (Personal Budgets) Regs 2014).",
    )
    head_teacher_agreement: bool | None = Field(
        None,
        title="Head teacher or principal agrees",
        description="Needed where a direct payment replaces provision in a school or college.",
    )
    provider: ShortText | None = Field(None, title="Paid to", description="For a third-party arrangement.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> BudgetItem:
        check_date_order(self.start, self.end, "the payment")
        return self


class SectionJ(StandardModel):
    """J - Direct Payments: details of the personal budget and the arrangements for direct payment."""

    not_applicable: bool = Field(
        False,
        title="Not applicable",
        description='True where there is no personal budget: the section says "not applicable".',
    )
    details: Text | None = Field(None, title="Details", description="The SEN and outcomes the payment will meet.")
    arrangements: Text | None = Field(None, title="Arrangements for direct payment")
    items: tuple[BudgetItem, ...] = Field((), title="Budget items")
