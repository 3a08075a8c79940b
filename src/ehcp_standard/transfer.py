"""Moving a plan to another council when the family moves (EHCP-STANDARD.md §5.3), with the statutory deadlines.

``transfer_plan`` makes the next version of a plan, maintained by the receiving council: ``metadata.la_code`` is
the new council, the old council's ``transfer_out`` and the new council's ``transfer_in`` are added to the event
log (each ``other_la`` naming the council on the other side, with the move and notice dates), the template's
"Moving to the area with an EHCP from a different LA?" and "Name of LA" are filled in, and the next review date is
set to the new council's statutory deadline. The version history keeps the old version with its hash. The
deadlines are returned as data (``TransferResult.deadlines``) and written, in words, in the two events' notes.

The rules, as the reference states them:

=================  ==========================================================================  ==============
deadline           rule                                                                        status
=================  ==========================================================================  ==============
``send_plan``      the old council passes the plan on the day of the move; if it had fewer      [UNVERIFIED]
                   than 15 working days' notice, within 15 working days of learning of it
``tell_family``    the new council tells the parent or young person, within 6 weeks of the      [UNVERIFIED]
                   transfer, whether it will review the plan or reassess
``next_review``    the new council reviews by the later of 12 months from the last review (or   [UNVERIFIED]
                   the plan's issue) and 3 months after the transfer
=================  ==========================================================================  ==============

All three come from local offer pages citing "Regs reg 15", whose number and wording were not checked against the
primary text; the reference flags the review rule [UNVERIFIED] in its own right too. ``RULES`` records each with
its flag, and every note written into a plan says [UNVERIFIED]. Confirm them before relying on them in a dispute.

How the periods are counted (each a [DESIGN] choice, documented so it can be changed in one place):

- Working days are England's (``workdays``): weekends and England-and-Wales bank holidays are skipped.
- "Fewer than 15 working days' notice": the working days after the day the old council learned of the move, up to
  and including the day of the move (``workdays.working_days_between``), are fewer than 15.
- "Within 15 working days of learning of it": the 15th working day after the day it learned (that day is not
  counted). If the regulation counts "beginning with" that day, the deadline is one working day earlier: set
  ``COUNT_NOTICE_DAY`` to ``True``.
- "Within 6 weeks": the day of the transfer plus 42 days, as the other week limits are counted (``rules.timescales``).
- "12 months from" and "3 months after" a day: the last day of the 12 (3) months starting with it
  (``rules.facts.last_day_of_months_starting``), the same arithmetic as rule EHCP-R001, which accepts the result.
- The transfer itself happens on ``on``: the day the plan passed to the new council (by default the day of the
  move). The 6 weeks and the 3 months run from it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from .errors import TransferError
from .model import CessationEvent, Plan, PlanStatus, TransferEvent
from .model.codes import CeaseReason
from .model.la_codes import explain_la_code, is_current_la_code, la_name
from .rules.facts import last_day_of_months_starting
from .rules.reviews import review_base
from .workdays import add_working_days, working_days_between

#: Working days of notice below which the old council gets extra time to send the plan.
NOTICE_WORKING_DAYS = 15
#: Working days the old council then has, from learning of the move.
SEND_WORKING_DAYS = 15
#: Whether the day the old council learned of the move counts as day 1 of its 15 working days ([DESIGN]: no).
COUNT_NOTICE_DAY = False
#: Weeks the new council has to tell the family whether it will review or reassess.
DECISION_WEEKS = 6
#: The annual review period, and the minimum time after a transfer before the new council must review.
REVIEW_MONTHS = 12
REVIEW_AFTER_TRANSFER_MONTHS = 3
#: Statuses of a plan that can move with the family: a plan the council maintains.
TRANSFERABLE = (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL, PlanStatus.PROPOSED_AMENDMENT)
UNVERIFIED_MARK = "[UNVERIFIED]"


@dataclass(frozen=True)
class TransferRule:
    """One statutory transfer rule: who must act, what the rule says, its basis, and whether it is unverified."""

    key: str
    who: str
    rule: str
    basis: str
    unverified: bool
    caveat: str


_REG15 = "Regs 15 (SEND Regulations 2014), as cited by local offer pages; EHCP-STANDARD.md §5.3"
_REG15_CAVEAT = "the regulation number and exact wording were not checked against the primary text"

#: The rules this module applies, keyed like ``TransferDeadline.key``; ``unverified`` mirrors the reference's flags.
RULES: dict[str, TransferRule] = {
    rule.key: rule
    for rule in (
        TransferRule(
            "send_plan", "old council",
            "Pass the plan to the new council on the day of the move; with fewer than 15 working days' notice, "
            "within 15 working days of learning of the move.",
            _REG15, True, _REG15_CAVEAT,
        ),
        TransferRule(
            "tell_family", "new council",
            "Within 6 weeks of the transfer, tell the parent or young person whether it will review the plan or "
            "reassess.",
            _REG15, True, _REG15_CAVEAT,
        ),
        TransferRule(
            "next_review", "new council",
            "Review the plan by the later of 12 months from the last review (or the plan's issue) and 3 months "
            "after the transfer.",
            _REG15 + "; CFA s.44", True,
            "the reference flags this rule [UNVERIFIED]; the 12-month limit itself is CFA s.44",
        ),
    )
}


@dataclass(frozen=True)
class TransferDeadline:
    """A statutory deadline of a transfer: its ``key`` (see ``RULES``), who must act, what by when, and the
    arithmetic behind the date (``explanation``). ``unverified`` is the rule's [UNVERIFIED] flag."""

    key: str
    who: str
    what: str
    due: _dt.date
    explanation: str
    unverified: bool

    def as_dict(self) -> dict[str, Any]:
        """Return the deadline as JSON-ready data."""
        return {"key": self.key, "who": self.who, "what": self.what, "due": self.due.isoformat(),
                "explanation": self.explanation, "unverified": self.unverified, "basis": RULES[self.key].basis}


@dataclass(frozen=True)
class TransferResult:
    """What ``transfer_plan`` made: the new council's ``plan`` (the next version), the ``previous`` version as
    given, the old council's ``closing_record`` (its last version ceased with reason 5, "transferred to another LA
    in England", for its own records and SEN2), the ``deadlines``, and ``notes`` that need a person's attention
    (e.g. the plan passed after the old council's deadline)."""

    plan: Plan
    previous: Plan
    closing_record: Plan
    from_la: str
    to_la: str
    move_date: _dt.date
    notice_date: _dt.date | None
    transferred_on: _dt.date
    deadlines: tuple[TransferDeadline, ...]
    notes: tuple[str, ...] = field(default=())

    def deadline(self, key: str) -> TransferDeadline:
        """Return the deadline with ``key`` (``send_plan``, ``tell_family`` or ``next_review``)."""
        return next(d for d in self.deadlines if d.key == key)

    def as_dict(self) -> dict[str, Any]:
        """Return the transfer (without the plans) as JSON-ready data: councils, dates, deadlines and notes."""
        return {
            "plan_reference": self.plan.metadata.plan_reference,
            "from_la": self.from_la, "from_la_name": la_name(self.from_la),
            "to_la": self.to_la, "to_la_name": la_name(self.to_la),
            "move_date": self.move_date.isoformat(),
            "notice_date": self.notice_date.isoformat() if self.notice_date else None,
            "transferred_on": self.transferred_on.isoformat(),
            "deadlines": [d.as_dict() for d in self.deadlines],
            "notes": list(self.notes),
        }


# -- the deadlines -----------------------------------------------------------------------------------------------


def _named(code: str) -> str:
    return f"{la_name(code) or 'council'} ({code})"


def send_deadline(move_date: _dt.date, notice_date: _dt.date | None) -> tuple[_dt.date, str]:
    """Return the day by which the old council must pass the plan on, and why: the day of the move, or, with fewer
    than 15 working days' notice, the 15th working day after the day it learned of the move ([UNVERIFIED])."""
    if notice_date is None:
        return move_date, (f"the day of the move ({move_date.isoformat()}); no date is recorded for when the old "
                           "council learned of the move, so it is taken to have had at least 15 working days' notice")
    notice = working_days_between(notice_date, move_date)
    if notice >= NOTICE_WORKING_DAYS:
        return move_date, (f"the day of the move ({move_date.isoformat()}): the old council had {notice} working "
                           f"days' notice (from {notice_date.isoformat()})")
    start = notice_date - _dt.timedelta(days=1) if COUNT_NOTICE_DAY else notice_date
    due = add_working_days(start, SEND_WORKING_DAYS)
    return due, (f"15 working days after {notice_date.isoformat()}, when the old council learned of the move: it had "
                 f"only {max(notice, 0)} working days' notice of the move on {move_date.isoformat()}")


def decision_deadline(transferred_on: _dt.date) -> tuple[_dt.date, str]:
    """Return the day by which the new council must tell the family whether it will review or reassess: 6 weeks
    (42 days) after the transfer ([UNVERIFIED])."""
    due = transferred_on + _dt.timedelta(weeks=DECISION_WEEKS)
    return due, f"6 weeks after the transfer on {transferred_on.isoformat()}"


def review_deadline(plan: Plan, transferred_on: _dt.date) -> tuple[_dt.date, str]:
    """Return the day by which the new council must review the plan, and why: the later of the last day of the 12
    months starting with the last review or the plan's issue (``rules.reviews.review_base``) and the last day of
    the 3 months starting with the transfer ([UNVERIFIED])."""
    after_transfer = last_day_of_months_starting(transferred_on, REVIEW_AFTER_TRANSFER_MONTHS)
    three = f"the last day of the 3 months starting with the transfer on {transferred_on.isoformat()}"
    base = review_base(plan)
    if base is None:
        return after_transfer, f"{three}; no review or issue date is recorded to count 12 months from"
    yearly = last_day_of_months_starting(base[0], REVIEW_MONTHS)
    twelve = f"the last day of the 12 months starting with {base[0].isoformat()}, when {base[1]}"
    if yearly >= after_transfer:
        return yearly, f"{twelve} (later than {three})"
    return after_transfer, f"{three} (later than {twelve})"


def transfer_deadlines(
    plan: Plan, *, move_date: _dt.date, notice_date: _dt.date | None, transferred_on: _dt.date
) -> tuple[TransferDeadline, ...]:
    """Return the three statutory deadlines of moving ``plan`` (the version the old council maintained)."""
    computed = {
        "send_plan": send_deadline(move_date, notice_date),
        "tell_family": decision_deadline(transferred_on),
        "next_review": review_deadline(plan, transferred_on),
    }
    return tuple(
        TransferDeadline(key, RULES[key].who, RULES[key].rule, due, why, RULES[key].unverified)
        for key, (due, why) in computed.items()
    )


# -- checking the request ----------------------------------------------------------------------------------------


def _issue_date(plan: Plan) -> _dt.date | None:
    dates = plan.metadata.dates
    return dates.version_issued or dates.final_issued or dates.first_issued


def check_transfer(plan: Plan, *, to_la: str, move_date: _dt.date, on: _dt.date) -> None:
    """Raise ``TransferError`` if ``plan`` cannot move to council ``to_la`` on ``move_date`` (passing on ``on``):
    it is a draft or has ceased, ``to_la`` is not a current council code or is the plan's own council, the move is
    before this version was issued, or the plan would pass before the move."""
    meta = plan.metadata
    ref = meta.plan_reference
    if meta.status not in TRANSFERABLE:
        raise TransferError(_status_problem(plan))
    if not is_current_la_code(to_la):
        raise TransferError(f"plan {ref} cannot be transferred: {explain_la_code(to_la)}; give the receiving "
                            "council's current three-digit DfE code (e.g. 383 for Leeds)")
    if to_la == meta.la_code:
        raise TransferError(f"plan {ref} is already maintained by {_named(to_la)}; give the code of the council the "
                            "family is moving to")
    issued = _issue_date(plan)
    if issued is not None and move_date < issued:
        raise TransferError(f"plan {ref}: the move on {move_date.isoformat()} is before this version was issued "
                            f"({issued.isoformat()}); transfer the version in force on the day of the move, or check "
                            "the move date")
    if on < move_date:
        raise TransferError(f"plan {ref}: the transfer date {on.isoformat()} is before the move on "
                            f"{move_date.isoformat()}; the plan passes to the new council on or after the move")


def _status_problem(plan: Plan) -> str:
    meta = plan.metadata
    if meta.status is PlanStatus.CEASED:
        when = meta.dates.cease_date.isoformat() if meta.dates.cease_date else "on an unrecorded date"
        return (f"plan {meta.plan_reference} ceased {when}, so there is no plan to transfer; if the family moved "
                "while it was maintained, transfer the version before it ceased")
    return (f"plan {meta.plan_reference} is a draft: only a finalised plan moves with the family; issue the final "
            "plan first, or tell the new council about the assessment in progress")


# -- making the new version --------------------------------------------------------------------------------------


def _out_note(to_la: str, on: _dt.date, send: TransferDeadline) -> str:
    return (f"Plan passed to {_named(to_la)} on {on.isoformat()}. The old council had to pass it on by "
            f"{send.due.isoformat()}: {send.explanation} {UNVERIFIED_MARK} rule, {_REG15}.")


def _in_note(from_la: str, on: _dt.date, move_date: _dt.date, deadlines: dict[str, TransferDeadline]) -> str:
    tell, review = deadlines["tell_family"], deadlines["next_review"]
    return (f"Plan received from {_named(from_la)} on {on.isoformat()} after the move on {move_date.isoformat()}. "
            f"Tell the parent or young person whether the council will review the plan or reassess by "
            f"{tell.due.isoformat()} ({tell.explanation}) {UNVERIFIED_MARK}. Review the plan by "
            f"{review.due.isoformat()}: {review.explanation} {UNVERIFIED_MARK}.")


def _transfer_events(
    plan: Plan, to_la: str, move_date: _dt.date, notice_date: _dt.date | None, on: _dt.date,
    deadlines: dict[str, TransferDeadline],
) -> tuple[TransferEvent, TransferEvent]:
    from_la = plan.metadata.la_code
    common = {"date": on, "move_date": move_date, "notice_date": notice_date}
    out = TransferEvent(type="transfer_out", other_la=to_la, note=_out_note(to_la, on, deadlines["send_plan"]),
                        **common)
    into = TransferEvent(type="transfer_in", other_la=from_la, note=_in_note(from_la, on, move_date, deadlines),
                         **common)
    return out, into


def _dump(items: Any) -> list[Any]:
    return [item.model_dump(mode="json", exclude_none=True) for item in items]


def _receiving_changes(plan: Plan, to_la: str, events: tuple[TransferEvent, ...], review_due: _dt.date,
                       reference: str | None) -> dict[str, Any]:
    meta = plan.metadata
    dates = {**meta.dates.model_dump(mode="json", exclude_none=True), "next_review_due": review_due.isoformat()}
    metadata: dict[str, Any] = {"la_code": to_la, "dates": dates, "events": _dump((*meta.events, *events))}
    if reference:
        metadata["plan_reference"] = reference
    services = plan.services.model_dump(mode="json", exclude_none=True) if plan.services else {}
    services.update(moving_from_another_la=True, previous_la=meta.la_code)
    return {"metadata": metadata, "services": services}


def _closing_record(plan: Plan, out: TransferEvent, on: _dt.date) -> Plan:
    """Return the old council's last version of ``plan``: ceased on ``on``, reason 5, with the transfer out."""
    meta = plan.metadata
    ceased = CessationEvent(type="ceased", date=on, reason=CeaseReason.TRANSFERRED_IN_ENGLAND,
                            note=f"Ceased on transfer to {_named(out.other_la)}.")
    dates = {**meta.dates.model_dump(mode="json", exclude_none=True), "cease_date": on.isoformat()}
    changes = {"metadata": {"dates": dates, "cease_reason": CeaseReason.TRANSFERRED_IN_ENGLAND.value,
                            "events": _dump((*meta.events, out, ceased))}}
    summary = f"Ceased by {_named(meta.la_code)}: transferred to {_named(out.other_la)} on {on.isoformat()}."
    return plan.new_version(status=PlanStatus.CEASED, date=on, summary=summary, changes=changes)


def _late_notes(send: TransferDeadline, on: _dt.date) -> tuple[str, ...]:
    if on <= send.due:
        return ()
    late = working_days_between(send.due, on)
    return ((f"The plan passed on {on.isoformat()}, {late} working day(s) after the old council's deadline of "
            f"{send.due.isoformat()} ({send.explanation}) {UNVERIFIED_MARK}."),)


def transfer_plan(
    plan: Plan,
    *,
    to_la: str,
    move_date: _dt.date,
    notice_date: _dt.date | None = None,
    on: _dt.date | None = None,
    reference: str | None = None,
) -> TransferResult:
    """Transfer ``plan`` to council ``to_la`` (a current three-digit DfE code) because the family moved on
    ``move_date``; the old council learned of the move on ``notice_date`` (``None``: not recorded, taken as
    enough notice), and the plan passed to the new council on ``on`` (``None``: the day of the move).
    ``reference`` is the new council's own reference for the plan (``None``: keep the old one).

    Return the new council's version, the old council's closing record and the statutory deadlines (see the
    module docstring; every one is [UNVERIFIED]). Raise ``TransferError`` for a draft or ceased plan, an unknown
    council code, a transfer to the same council, a move before the plan was issued, or ``on`` before the move.
    """
    on = on or move_date
    check_transfer(plan, to_la=to_la, move_date=move_date, on=on)
    deadlines = transfer_deadlines(plan, move_date=move_date, notice_date=notice_date, transferred_on=on)
    by_key = {d.key: d for d in deadlines}
    events = _transfer_events(plan, to_la, move_date, notice_date, on, by_key)
    from_la = plan.metadata.la_code
    summary = (f"Transferred from {_named(from_la)} to {_named(to_la)} on {on.isoformat()} after the family moved "
               f"on {move_date.isoformat()}; the plan is unchanged except for the council, the next review date and "
               "the transfer events.")
    changes = _receiving_changes(plan, to_la, events, by_key["next_review"].due, reference)
    new = plan.new_version(status=plan.metadata.status, date=on, summary=summary, changes=changes)
    return TransferResult(
        plan=new, previous=plan, closing_record=_closing_record(plan, events[0], on), from_la=from_la, to_la=to_la,
        move_date=move_date, notice_date=notice_date, transferred_on=on, deadlines=deadlines,
        notes=_late_notes(by_key["send_plan"], on),
    )
