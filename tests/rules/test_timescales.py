"""EHCP-T001 to T004: the final plan within 20 weeks (14 after a re-assessment), at least 15 days for
representations, the decision whether to assess within 6 weeks and notice of a decision not to issue within 16.

All periods are calendar days, a week being 7: "within N weeks" of a day allows that day plus 7 x N days, and the
15 days for representations begin with (include) the day the draft is served. Expected dates are worked by hand in
the comments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule

CLOSURE = {"reason": "school_closure", "start": "2026-03-30", "end": "2026-04-24",
           "note": "School closed after a fire; the head teacher's advice was delayed."}


def finding(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.ERROR, "timescales", pointer, message)


def with_dates(data: dict[str, Any], **dates: str | None) -> dict[str, Any]:
    """Set (or, with ``None``, remove) dates in ``metadata.dates``."""
    for key, value in dates.items():
        if value is None:
            data["metadata"]["dates"].pop(key, None)
        else:
            data["metadata"]["dates"][key] = value
    return data


def base(**dates: str | None) -> dict[str, Any]:
    """The compliant base plan (request 2026-01-12, decision 2026-02-16, draft 2026-04-24, final 2026-05-22)."""
    return with_dates(base_plan_data(), **dates)


# -- EHCP-T001 ---------------------------------------------------------------------------------------------------


def test_a_final_plan_issued_in_18_weeks_passes():
    assert run_rule("EHCP-T001", base_plan_data()) == []


@pytest.mark.parametrize(("final", "late"), [("2026-06-01", False), ("2026-06-02", True)])
def test_the_final_plan_is_due_within_20_weeks_of_the_request(final, late):
    # 2026-01-12 + 140 days: 19 days to 2026-01-31, 28 to 2026-02-28 (47), 31 to 2026-03-31 (78),
    # 30 to 2026-04-30 (108), 31 to 2026-05-31 (139), 1 more -> 2026-06-01.
    expected = [finding(
        "EHCP-T001", "/metadata/dates/final_issued",
        "Final plan issued 2026-06-02, 20 weeks and 1 day after the request (2026-01-12); the limit is 20 "
        "weeks, 2026-06-01 (Regs 13(2)). Record a reg 10(4) exception in timescale_exceptions if one "
        "applied; otherwise the plan was late.")]
    assert run_rule("EHCP-T001", base(final_issued=final)) == (expected if late else [])


@pytest.mark.parametrize(("requested", "final", "late"), [
    # 2024 is a leap year: 2024-01-15 + 140 days = 2024-06-03 (16 days to 31 Jan, 29 in Feb -> 45, 76, 106, 137, +3).
    ("2024-01-15", "2024-06-03", False),
    ("2024-01-15", "2024-06-04", True),
    # 2025 is not: 2025-01-15 + 140 days = 2025-06-04 (16, 28 in Feb -> 44, 75, 105, 136, +4).
    ("2025-01-15", "2025-06-04", False),
])
def test_twenty_weeks_across_a_29_february_is_still_140_days(requested, final, late):
    data = base(request_received=requested, final_issued=final)
    assert len(run_rule("EHCP-T001", data)) == late


def test_a_recorded_regulation_10_4_exception_excuses_a_late_final_plan():
    data = base(final_issued="2026-07-10")
    data["metadata"]["timescale_exceptions"] = [CLOSURE]
    assert run_rule("EHCP-T001", data) == []


@pytest.mark.parametrize(("as_of", "late"), [(dt.date(2026, 12, 7), False), (dt.date(2026, 12, 8), True)])
def test_a_draft_still_not_finalised_after_20_weeks_is_reported(as_of, late):
    # Amelia's request 2026-07-20 + 140 days = 2026-12-07 (11 to 31 Jul, 42, 72, 103, 133, +7).
    data = example_data("under5-health-social-care-draft")
    expected = [finding(
        "EHCP-T001", "/metadata/dates/request_received",
        "The plan is still a draft on 2026-12-08, 20 weeks and 1 day after the request (2026-07-20); the "
        "final plan was due within 20 weeks, by 2026-12-07 (Regs 13(2)). Issue the final plan, or record a "
        "reg 10(4) exception in timescale_exceptions if one applied.")]
    assert run_rule("EHCP-T001", data, as_of=as_of) == (expected if late else [])


def reassessed(final: str) -> dict[str, Any]:
    """Ravi's plan (request 2026-04-20 on the transfer, decision to re-assess 2026-05-15) with a
    reassessment_requested event on 2026-04-27 and the final plan issued on ``final``."""
    data = with_dates(example_data("college-19-24-transferred"), final_issued=final)
    data["metadata"]["events"].insert(2, {"type": "reassessment_requested", "date": "2026-04-27"})
    return data


@pytest.mark.parametrize(("final", "late"), [("2026-08-21", False), ("2026-08-22", True)])
def test_after_a_re_assessment_the_final_plan_is_due_within_14_weeks_of_the_decision(final, late):
    # 2026-05-15 + 98 days: 16 to 2026-05-31, 46 to 2026-06-30, 77 to 2026-07-31, +21 -> 2026-08-21.
    # 2026-08-22 is only 124 days after the request, inside 20 weeks: the 14-week limit is what fails it.
    expected = [finding(
        "EHCP-T001", "/metadata/dates/final_issued",
        "Final plan issued 2026-08-22, 14 weeks and 1 day after the decision to re-assess (2026-05-15); the "
        "limit is 14 weeks, 2026-08-21 (Regs 27(2)). Record a reg 10(4) exception in timescale_exceptions "
        "if one applied; otherwise the plan was late.")]
    assert run_rule("EHCP-T001", reassessed(final)) == (expected if late else [])


def test_a_re_assessment_with_no_decision_recorded_is_not_judged():
    data = with_dates(reassessed("2026-12-01"), decision_to_assess=None)
    data["metadata"]["events"] = [e for e in data["metadata"]["events"] if e["type"] != "decision_to_assess"]
    assert run_rule("EHCP-T001", data) == []


# -- EHCP-T002 ---------------------------------------------------------------------------------------------------


def test_four_weeks_between_draft_and_final_passes():
    assert run_rule("EHCP-T002", base_plan_data()) == []


@pytest.mark.parametrize(("final", "short"), [("2026-05-08", True), ("2026-05-09", False)])
def test_the_15_days_begin_with_the_day_the_draft_is_served(final, short):
    # Served 2026-04-24 = day 1; day 15 = 2026-05-08; the final plan may be issued from 2026-05-09.
    expected = [finding(
        "EHCP-T002", "/metadata/dates/final_issued",
        "Final plan issued 2026-05-08, 14 days after the draft was served on 2026-04-24. At least 15 days, "
        "beginning with the day of service (2026-04-24 to 2026-05-08), must be allowed for representations "
        "(Regs 13(1)), so it could be issued from 2026-05-09 at the earliest. If the dates are right, the "
        "period was cut short.")]
    assert run_rule("EHCP-T002", base(final_issued=final)) == (expected if short else [])


@pytest.mark.parametrize(("served", "final", "short"), [
    # 2028 is a leap year: 2028-02-20..29 is 10 days, 2028-03-01..05 five more: day 15 = 2028-03-05.
    ("2028-02-20", "2028-03-05", True),
    ("2028-02-20", "2028-03-06", False),
    # 2027 is not: 2027-02-20..28 is 9 days, then 2027-03-01..06: day 15 = 2027-03-06.
    ("2027-02-20", "2027-03-06", True),
    ("2027-02-20", "2027-03-07", False),
])
def test_the_15_days_run_across_the_end_of_february(served, final, short):
    assert len(run_rule("EHCP-T002", base(draft_issued=served, final_issued=final))) == short


@pytest.mark.parametrize(("issued", "short"), [("2026-10-29", True), ("2026-10-30", False)])
def test_proposed_amendments_also_need_15_days(issued, short):
    # Proposals sent 2026-10-15 = day 1; day 15 = 2026-10-29; the amended plan may be issued from 2026-10-30.
    data = example_data("year10-pfa-direct-payment")
    data["metadata"]["events"][22]["date"] = issued
    expected = [finding(
        "EHCP-T002", "/metadata/events/22/date",
        "Amended final plan issued 2026-10-29, 14 days after the proposed amendments were sent on "
        "2026-10-15. At least 15 days, beginning with the day of service (2026-10-15 to 2026-10-29), must "
        "be allowed for representations (Regs 22), so it could be issued from 2026-10-30 at the earliest. "
        "If the dates are right, the period was cut short.")]
    assert run_rule("EHCP-T002", data) == (expected if short else [])


# -- EHCP-T003 ---------------------------------------------------------------------------------------------------


def test_a_decision_to_assess_in_5_weeks_passes():
    assert run_rule("EHCP-T003", base_plan_data()) == []


@pytest.mark.parametrize(("decided", "late"), [("2026-02-23", False), ("2026-02-24", True)])
def test_the_decision_whether_to_assess_is_due_within_6_weeks(decided, late):
    # 2026-01-12 + 42 days: 19 to 2026-01-31, +23 -> 2026-02-23.
    expected = [finding(
        "EHCP-T003", "/metadata/dates/decision_to_assess",
        "Decision whether to assess notified 2026-02-24, 6 weeks and 1 day after the request (2026-01-12); "
        "the limit is 6 weeks, 2026-02-23 (Regs 5(1)). Record a Regs 5(4) exception in timescale_exceptions "
        "if one applied; otherwise the decision was late.")]
    assert run_rule("EHCP-T003", base(decision_to_assess=decided)) == (expected if late else [])


def test_a_decision_not_to_assess_in_the_event_log_is_judged_too():
    data = base(decision_to_assess=None)
    data["metadata"]["events"][1] = {"type": "decision_not_to_assess", "date": "2026-03-02"}
    # 2026-01-12 to 2026-03-02 is 49 days: exactly 7 weeks.
    found = run_rule("EHCP-T003", data)
    assert [f.pointer for f in found] == ["/metadata/events/1/date"]
    expected = "Decision whether to assess notified 2026-03-02, 7 weeks after the request"
    assert found[0].message.startswith(expected)


def test_an_exception_in_effect_before_the_decision_excuses_it():
    data = base(decision_to_assess="2026-03-02")
    data["metadata"]["timescale_exceptions"] = [{**CLOSURE, "start": "2026-02-09", "end": "2026-03-09"}]
    assert run_rule("EHCP-T003", data) == []


def test_an_exception_that_began_after_the_decision_does_not_excuse_it():
    data = base(decision_to_assess="2026-03-02")
    data["metadata"]["timescale_exceptions"] = [CLOSURE]  # from 2026-03-30
    assert len(run_rule("EHCP-T003", data)) == 1


# -- EHCP-T004 ---------------------------------------------------------------------------------------------------


def not_to_issue(day: str) -> dict[str, Any]:
    """The base plan's request (2026-01-12) followed by a decision not to issue on ``day`` (event 19)."""
    data = base_plan_data()
    data["metadata"]["events"].append({"type": "decision_not_to_issue", "date": day})
    return data


def test_a_plan_with_no_decision_not_to_issue_passes():
    assert run_rule("EHCP-T004", base_plan_data()) == []


@pytest.mark.parametrize(("day", "late"), [("2026-05-04", False), ("2026-05-05", True)])
def test_a_decision_not_to_issue_is_due_within_16_weeks(day, late):
    # 2026-01-12 + 112 days: 19, 47, 78, 108 (to 2026-04-30), +4 -> 2026-05-04.
    expected = [finding(
        "EHCP-T004", "/metadata/events/19/date",
        "Decision not to issue a plan notified 2026-05-05, 16 weeks and 1 day after the request "
        "(2026-01-12); the limit is 16 weeks, 2026-05-04 (Regs 10(1)). Record a reg 10(4) exception in "
        "timescale_exceptions if one applied; otherwise the notice was late.")]
    assert run_rule("EHCP-T004", not_to_issue(day)) == (expected if late else [])


def test_a_recorded_exception_excuses_a_late_decision_not_to_issue():
    data = not_to_issue("2026-06-01")
    data["metadata"]["timescale_exceptions"] = [CLOSURE]
    assert run_rule("EHCP-T004", data) == []
