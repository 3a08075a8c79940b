"""Section I: the name and type of the school or other institution, or the type only (Regs 12(1)(i); s.38(5)).

The draft plan must not name an institution or specify a type (CFA s.38(5)): in a draft, I stays empty.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .codes import AttendancePattern, SenSetting, describe
from .identifiers import Ukprn, Urn
from .types import Date, ShortText, StandardModel, check_date_order


class Placement(StandardModel):
    """One placement. A dual placement is two entries ranked 1 (main) and 2."""

    name: ShortText | None = Field(None, title="Name", description="Name of the school or other institution.")
    type: ShortText | None = Field(
        None,
        title="Type",
        description='Type of institution, e.g. "Mainstream primary school", "Special school (autism)".',
    )
    attendance_pattern: AttendancePattern | None = Field(
        None, title="Attendance pattern", description="Part of the type. " + describe(AttendancePattern)
    )
    urn: Urn | None = Field(None, title="URN", description="6-digit school Unique Reference Number (GIAS).")
    ukprn: Ukprn | None = Field(None, title="UKPRN", description="UK Provider Reference Number (8 digits).")
    sen_setting: SenSetting | None = Field(
        None, title="SEN setting (SEN2)", description="Only where there is no URN or UKPRN. " + describe(SenSetting)
    )
    sen_setting_other: ShortText | None = Field(None, title="Other setting (SEN2 sensettingother)")
    rank: int = Field(1, ge=1, le=9, title="Placement rank", description="1 = main placement; 2+ = dual placement.")
    entry_date: Date | None = Field(None, title="Entry date")
    leaving_date: Date | None = Field(None, title="Leaving date")
    sen_unit: bool = Field(False, title="SEN unit (SEN2 SENUnitIndicator)")
    resourced_provision: bool = Field(False, title="Resourced provision (SEN2 ResourcedProvisionIndicator)")
    work_based: bool = Field(False, title="Work-based learning (SEN2 wbp)")

    @model_validator(mode="after")
    def _says_something(self) -> Placement:
        if not (self.name or self.type or self.sen_setting):
            raise ValueError("a placement needs at least a name, a type or an SEN2 setting code")
        check_date_order(self.entry_date, self.leaving_date, "the placement")
        return self


class SectionI(StandardModel):
    """I - Placement: name and type of the institution, with extra rows for a dual placement."""

    placements: tuple[Placement, ...] = Field((), title="Placements", description="Empty in a draft (s.38(5)).")

    @model_validator(mode="after")
    def _ranks_distinct(self) -> SectionI:
        ranks = [p.rank for p in self.placements]
        if len(ranks) != len(set(ranks)):
            raise ValueError(f"each placement needs its own rank; found ranks {ranks}")
        return self
