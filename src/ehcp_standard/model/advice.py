"""Section K: the advice and information gathered during the EHC needs assessment (Regs 6, 12; CoP 9.62)."""

from __future__ import annotations

from pydantic import Field

from .codes import AdviceType, describe
from .types import Date, Id, ShortText, StandardModel, Text


class AdviceEntry(StandardModel):
    """One row of K: Advice and information requested | Date received | Who from | Appended."""

    id: Id = Field(title="Id")
    advice_type: AdviceType = Field(title="Kind of advice (Regs 6(1))", description=describe(AdviceType))
    description: Text = Field(title="Advice and information requested")
    who_from: ShortText | None = Field(None, title="Who from")
    role: ShortText | None = Field(None, title="Role", description='e.g. "Educational psychologist".')
    date_requested: Date | None = Field(
        None, title="Date requested", description="Advice is due within 6 weeks (Regs 8)."
    )
    date_received: Date | None = Field(None, title="Date received (CCYY-MM-DD)")
    appended: bool | None = Field(None, title="Appended (YES/NO)")
    existing_advice_reused: bool = Field(
        False,
        title="Existing advice reused (Regs 6(4))",
        description="True where existing advice was used because all agreed it was sufficient.",
    )


class SectionK(StandardModel):
    """K - The advice and information gathered during the EHC needs assessment."""

    entries: tuple[AdviceEntry, ...] = Field((), title="Advice and information")
