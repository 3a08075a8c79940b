"""Provision (sections F, G, H1 and H2) as structured data following the template's five prompts.

Every provision entry answers: (1) what support is required, (2) who will provide it, with their qualification or
level of expertise, (3) the staff ratio or group size, (4) how often, and (5) how long each time. Provision "must be
detailed and specific and should normally be quantified" (CoP 9.69); it must leave "no room for doubt as to what
has been decided and what is needed" (*L v Clarke and Somerset CC* [1998] ELR 129).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .codes import FrequencyPeriod, PfaDomain, describe
from .types import Date, Id, ShortText, StandardModel, Text, check_date_order


class StaffRatio(StandardModel):
    """Staff to learner ratio, e.g. 1:1 (one adult to one learner) or 2:1 (two adults to one learner)."""

    staff: int = Field(ge=1, le=100, title="Staff")
    learners: int = Field(ge=1, le=1000, title="Learners")


class Frequency(StandardModel):
    """How often: a count per period, e.g. 2 per week."""

    count: int = Field(ge=1, le=1000, title="Times", description="How many times per period.")
    period: FrequencyPeriod = Field(title="Per", description=describe(FrequencyPeriod))


class Hours(StandardModel):
    """A total number of hours over a period, e.g. 25 hours per week (section G: hours must be specified)."""

    hours: float = Field(gt=0, le=10_000, title="Hours")
    period: FrequencyPeriod = Field(title="Per", description=describe(FrequencyPeriod))


class CommissionerAgreement(StandardModel):
    """Agreement of health provision by the responsible commissioning body (Regs 12(2))."""

    body: ShortText = Field(title="Commissioning body", description='e.g. "NHS West Yorkshire ICB".')
    date: Date | None = Field(None, title="Date agreed")


class Provision(StandardModel):
    """One provision entry, structured by the template's five prompts, keeping the original wording."""

    id: Id = Field(title="Id", description="Stable id that needs refer to, e.g. F-CI-1.")
    description: Text = Field(
        title="Support required (what)",
        description="Prompt 1: the support required, detailed and specific (CoP 9.69).",
    )
    provider_role: ShortText | None = Field(
        None, title="Who will provide it", description="Prompt 2: role of the person who provides it."
    )
    qualification: ShortText | None = Field(
        None, title="Qualification or level of expertise", description="Prompt 2: qualification or required expertise."
    )
    ratio: StaffRatio | None = Field(None, title="Staff:student ratio", description="Prompt 3, e.g. 1:1.")
    group_size: int | None = Field(None, ge=1, le=1000, title="Group size", description="Prompt 3, e.g. group of 6.")
    frequency: Frequency | None = Field(None, title="How often", description="Prompt 4: daily, weekly, termly.")
    duration_minutes: int | None = Field(
        None, ge=1, le=100_000, title="How long each time (minutes)", description="Prompt 5."
    )
    hours: Hours | None = Field(
        None,
        title="Hours",
        description='Total hours over a period where the provision is given that way ("25 hours per week"). '
        'For F "hours should usually be specified"; for G they "must" be (DfE template guidance).',
    )
    term_time_only: bool | None = Field(None, title="Term time only")
    start: Date | None = Field(None, title="Start date")
    end: Date | None = Field(None, title="End date")
    delivery_setting: ShortText | None = Field(
        None, title="Where it is delivered", description='e.g. "in class", "at home", "in the therapy room".'
    )
    preparing_for_adulthood: bool = Field(
        False,
        title="Prepares for adulthood",
        description="Provision to help prepare for adulthood and independent living, required from Year 9 "
        "(Regs 12(3); CoP 9.63).",
    )
    pfa_domains: tuple[PfaDomain, ...] = Field(
        (), title="Preparing for adulthood domains", description=describe(PfaDomain)
    )
    funded_by_personal_budget: bool = Field(False, title="Funded through a personal budget (CoP 9.69)")
    original_text: Text | None = Field(
        None,
        title="Original wording",
        description="The provision exactly as first written (e.g. in a legacy plan), kept when the fields above "
        "were derived from it.",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Provision:
        check_date_order(self.start, self.end, "the provision")
        return self


class HealthProvision(Provision):
    """Health care provision (section G), which must be agreed by the responsible commissioning body (Regs 12(2))."""

    commissioner_agreement: CommissionerAgreement | None = Field(
        None, title="Agreed by the commissioning body", description="Regs 12(2): the ICB agrees G provision."
    )
