"""Plan metadata: the owning authority, status, version, key dates, version history and statutory events.

The national template has no place for these, but the law's timescales and the SEN2 return depend on them
(EHCP-STANDARD.md §3 "Not in the known copy", §5 and §9). An amendment is a new version of the plan, never an
edit in place: ``history`` records every earlier version, and ``events`` logs what happened and when.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .codes import CeaseReason, PlanStatus, ReviewOutcome, SenType, TimescaleExceptionReason, describe
from .identifiers import KnownLaCode, LaCode
from .types import Date, Id, ShortText, StandardModel, Text, check_date_order

SHA256_PATTERN = "^[0-9a-f]{64}$"


class PlanDates(StandardModel):
    """The dates that the statutory timescales are measured from and to (Regs 5, 10, 13; CFA s.44)."""

    request_received: Date | None = Field(
        None,
        title="Request for assessment received",
        description="Date the LA received the request for an EHC needs assessment, or became responsible for the "
        "child or young person; the 20-week limit runs from here (Regs 13(2)).",
    )
    decision_to_assess: Date | None = Field(
        None,
        title="Decision to assess",
        description="Date the decision whether to assess was notified (Regs 5(1): within 6 weeks).",
    )
    draft_issued: Date | None = Field(
        None,
        title="Draft plan issued",
        description="Date the draft plan was served; at least 15 days are allowed for representations "
        "(Regs 13(1)).",
    )
    final_issued: Date | None = Field(
        None,
        title="Final plan issued",
        description="Date the final plan was issued (Regs 13(2): within 20 weeks of the request).",
    )
    first_issued: Date | None = Field(
        None,
        title="Date original EHCP issued",
        description="Date the first final version of this plan was issued (for a plan transferred in, by the "
        "council that first made it; the transfer event records the move).",
    )
    version_issued: Date | None = Field(
        None,
        title="This version issued",
        description="Date this version of the plan was issued: for version 1 usually the final issue date; for an "
        "amendment, the date the amended plan (or the proposed amendments) was issued (Regs 22).",
    )
    last_review: Date | None = Field(
        None, title="Last review meeting", description="Date of the most recent annual review meeting (CFA s.44)."
    )
    next_review_due: Date | None = Field(
        None,
        title="Next review due",
        description="Date the next review must take place by: within 12 months of issue or of the last review "
        "(CFA s.44; CoP 9.166-9.176); every 3-6 months should be considered for under-5s (CoP 9.178).",
    )
    cease_date: Date | None = Field(
        None, title="Date the plan ceased", description="Date the plan ceased to be maintained (s.45)."
    )


class TimescaleException(StandardModel):
    """A period in which the 20-week limit did not apply, under one of the exceptions in regulation 10(4)."""

    reason: TimescaleExceptionReason = Field(
        title="Exception (Regs 10(4))", description=describe(TimescaleExceptionReason)
    )
    start: Date = Field(title="From")
    end: Date | None = Field(None, title="To", description="Absent while the exception still applies.")
    note: Text | None = Field(None, title="Details")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> TimescaleException:
        check_date_order(self.start, self.end, "the exception")
        return self


class VersionRecord(StandardModel):
    """One earlier version of the plan, as it stood when the next version replaced it."""

    version: int = Field(ge=1, title="Version number")
    status: PlanStatus = Field(title="Status of that version", description=describe(PlanStatus))
    issued: Date | None = Field(None, title="Issued", description="Date that version was issued, where known.")
    superseded: Date = Field(title="Superseded", description="Date the next version replaced it.")
    summary: Text | None = Field(None, title="What changed", description="What the next version changed, and why.")
    content_sha256: Annotated[str, Field(pattern=SHA256_PATTERN)] | None = Field(
        None,
        title="SHA-256 of that version",
        description="Hex SHA-256 of that version's canonical JSON, so the history shows if it was altered later.",
    )


GenericEventType = Literal[
    "request_received",
    "decision_to_assess",
    "decision_not_to_assess",
    "decision_to_issue",
    "decision_not_to_issue",
    "advice_requested",
    "advice_received",
    "draft_issued",
    "final_issued",
    "review_meeting",
    "proposed_amendment_issued",
    "amended_final_issued",
    "reassessment_requested",
    "mediation",
    "tribunal_appeal",
]


#: How each kind of statutory event is written for people (in the plan record of a rendered plan).
EVENT_LABELS = {
    "request_received": "Request for assessment received",
    "decision_to_assess": "Decision to assess",
    "decision_not_to_assess": "Decision not to assess",
    "decision_to_issue": "Decision to issue a plan",
    "decision_not_to_issue": "Decision not to issue a plan",
    "advice_requested": "Advice requested",
    "advice_received": "Advice received",
    "draft_issued": "Draft plan issued",
    "final_issued": "Final plan issued",
    "review_meeting": "Review meeting",
    "proposed_amendment_issued": "Proposed amendments issued",
    "amended_final_issued": "Amended final plan issued",
    "reassessment_requested": "Re-assessment requested",
    "mediation": "Mediation",
    "tribunal_appeal": "Appeal to the SEND Tribunal",
    "review_decision": "Decision after review",
    "transfer_in": "Plan transferred in from another local authority",
    "transfer_out": "Plan transferred out to another local authority",
    "ceased": "Plan ceased",
}


class StatutoryEvent(StandardModel):
    """A dated step in the statutory process: request, decisions, advice, draft, final, review meeting..."""

    type: GenericEventType = Field(title="Event")
    date: Date = Field(title="Date")
    note: Text | None = Field(None, title="Note")
    advice_id: Id | None = Field(
        None, title="Advice entry", description="For advice requested/received: the id of the section K entry."
    )


class ReviewDecisionEvent(StandardModel):
    """The LA's decision after a review: amend, cease or maintain (Regs 20/21: within 4 weeks of the meeting)."""

    type: Literal["review_decision"] = Field(title="Event")
    date: Date = Field(title="Date")
    note: Text | None = Field(None, title="Note")
    outcome: ReviewOutcome = Field(title="Review outcome", description=describe(ReviewOutcome))
    review_meeting: Date | None = Field(None, title="Date of the review meeting")


class TransferEvent(StandardModel):
    """The plan moved between councils when the family moved (EHCP-STANDARD.md §5.3)."""

    type: Literal["transfer_in", "transfer_out"] = Field(title="Event")
    date: Date = Field(title="Date")
    note: Text | None = Field(None, title="Note")
    other_la: KnownLaCode = Field(
        title="Other local authority",
        description="DfE code of the council the plan came from (transfer in) or went to (transfer out).",
    )
    move_date: Date | None = Field(None, title="Date of the move")
    notice_date: Date | None = Field(None, title="Date the old LA learned of the move")


class CessationEvent(StandardModel):
    """The LA ceased to maintain the plan (CFA s.45)."""

    type: Literal["ceased"] = Field(title="Event")
    date: Date = Field(title="Date")
    note: Text | None = Field(None, title="Note")
    reason: CeaseReason = Field(title="Cease reason", description=describe(CeaseReason))


Event = Annotated[
    StatutoryEvent | ReviewDecisionEvent | TransferEvent | CessationEvent, Field(discriminator="type")
]


class PlanMetadata(StandardModel):
    """Who owns the plan, where it stands, and its history."""

    la_code: LaCode = Field(
        title="Local authority",
        description="Three-digit DfE code of the local authority that maintains the plan (CFA s.37(1)); one of "
        "the current codes.",
    )
    plan_reference: ShortText = Field(
        title="Plan reference", description="The LA's own reference for this plan; stable across versions."
    )
    status: PlanStatus = Field(title="Plan status", description=describe(PlanStatus))
    version: int = Field(
        1, ge=1, title="Version number", description="1 for the first plan; each amendment is a new version."
    )
    dates: PlanDates = Field(default_factory=PlanDates, title="Key dates")
    cease_reason: CeaseReason | None = Field(
        None, title="Cease reason", description="Required when the status is ceased. " + describe(CeaseReason)
    )
    primary_need: SenType | None = Field(
        None, title="Primary need (SEN type)", description="SEN2 SENtype, rank 1. " + describe(SenType)
    )
    secondary_needs: tuple[SenType, ...] = Field((), title="Secondary needs (SEN type)", description="SEN2 rank 2.")
    timescale_exceptions: tuple[TimescaleException, ...] = Field(
        (),
        title="Exceptions to the 20-week limit",
        description="Periods in which an exception under Regs 10(4) applied (SEN2 week20 flag).",
    )
    history: tuple[VersionRecord, ...] = Field(
        (), title="Version history", description="Every earlier version, oldest first. Never edited in place."
    )
    events: tuple[Event, ...] = Field((), title="Statutory events", description="What happened and when, oldest first.")

    @model_validator(mode="after")
    def _consistent(self) -> PlanMetadata:
        if self.status is PlanStatus.CEASED and (self.cease_reason is None or self.dates.cease_date is None):
            raise ValueError("a ceased plan needs both dates.cease_date and cease_reason")
        if self.status is not PlanStatus.CEASED and self.cease_reason is not None:
            raise ValueError(f"cease_reason is set but the status is {self.status.value!r}, not 'ceased'")
        _check_history(self.history, self.version)
        return self


def _check_history(history: tuple[VersionRecord, ...], version: int) -> None:
    numbers = [record.version for record in history]
    if numbers != sorted(set(numbers)):
        raise ValueError(f"history versions must be distinct and in increasing order; found {numbers}")
    if numbers and numbers[-1] >= version:
        raise ValueError(f"history holds version {numbers[-1]}, but the plan itself is version {version}")
