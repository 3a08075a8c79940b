"""Outcomes (section E): the benefit or difference that provision makes to the child or young person.

An outcome is personal, something those involved can influence, and SMART; it usually looks ahead to the end of a
key stage or phase, and it is not a service, activity or resource (CoP 9.66; CFA s.37(2)(b); Regs 12(1)(e)).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .codes import PfaDomain, describe
from .types import Date, Id, ShortText, StandardModel, Text


class TimeFrame(StandardModel):
    """When the outcome should be achieved by: a date, or the end of a key stage, year or phase, or both."""

    by_date: Date | None = Field(None, title="By (date)")
    by_phase: ShortText | None = Field(
        None, title="By (key stage or phase)", description='e.g. "the end of Key Stage 2", "the end of Year 11".'
    )

    @model_validator(mode="after")
    def _has_a_time(self) -> TimeFrame:
        if self.by_date is None and self.by_phase is None:
            raise ValueError("a time frame needs by_date, by_phase or both")
        return self


class Outcome(StandardModel):
    """One outcome sought (E). Where it serves several needs, each need refers to it by the same id."""

    id: Id = Field(title="Id", description="Stable id that needs refer to, e.g. E-1.")
    description: Text = Field(title="Outcome", description="What the child or young person will achieve (CoP 9.66).")
    time_frame: TimeFrame | None = Field(None, title="Time frame")
    pfa_domain: PfaDomain | None = Field(
        None, title="Preparing for adulthood domain", description=describe(PfaDomain) + " (CoP chapter 8)."
    )
    education_or_training: bool | None = Field(
        None,
        title="Education or training outcome",
        description="For young people over 17: whether this outcome is an education or training outcome (CoP 9.62).",
    )
    original_text: Text | None = Field(None, title="Original wording")
