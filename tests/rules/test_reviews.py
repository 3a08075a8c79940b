"""EHCP-R001 to R006: reviews within 12 months (6 for under-5s), a review date recorded, phase transfers amended
in time, review decisions within 4 weeks and amended plans within 8 weeks of the proposals.

Counting, worked by hand in each test: "12 months starting with" a day ends the day before the same-numbered day a
year later; "within 4 weeks" allows the meeting day plus 28 days; "within 8 weeks" the proposal day plus 56 days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ehcp_standard.rules import REGISTRY, Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule

DECISION, PROPOSED, AMENDED = 20, 21, 22  # indexes of events in the Year 10 plan's log
R001_REMEDY = ("The plan must be reviewed within 12 months of being made and of each review (CFA s.44(1)): "
               "set the ")


def finding(rule_id: str, severity: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity(severity), "timescales", pointer, message)


def with_dates(data: dict[str, Any], **dates: str | None) -> dict[str, Any]:
    """Set (or, with ``None``, remove) dates in ``metadata.dates``."""
    for key, value in dates.items():
        if value is None:
            data["metadata"]["dates"].pop(key, None)
        else:
            data["metadata"]["dates"][key] = value
    return data


def with_events(data: dict[str, Any], *events: dict[str, Any]) -> dict[str, Any]:
    data["metadata"]["events"].extend(events)
    return data


def year10(**dates: str | None) -> dict[str, Any]:
    """The bundled Year 10 plan (amended final, last review 2026-10-01), with dates changed."""
    return with_dates(example_data("year10-pfa-direct-payment"), **dates)


def under5_final(**dates: str | None) -> dict[str, Any]:
    """The bundled draft for Amelia (born 2023-05-20) as if finalised on 2026-12-11."""
    data = example_data("under5-health-social-care-draft")
    data["metadata"]["status"] = "final"
    return with_dates(data, **{"final_issued": "2026-12-11", "first_issued": "2026-12-11", **dates})


# -- EHCP-R001 ---------------------------------------------------------------------------------------------------


def test_a_review_due_within_12_months_of_issue_passes():
    assert run_rule("EHCP-R001", base_plan_data()) == []


@pytest.mark.parametrize(("next_due", "late"), [("2027-05-21", False), ("2027-05-22", True)])
def test_twelve_months_starting_with_the_issue_date_end_the_day_before_its_anniversary(next_due, late):
    # Issued 2026-05-22: the 12 months starting with that day run to 2027-05-21.
    data = with_dates(base_plan_data(), next_review_due=next_due)
    expected = [finding(
        "EHCP-R001", "error", "/metadata/dates/next_review_due",
        "The next review is due 2027-05-22, 1 day after 2027-05-21, the last day of the 12 months starting "
        f"with 2026-05-22, when the plan was issued. {R001_REMEDY}next review on or before 2027-05-21.")]
    assert run_rule("EHCP-R001", data) == (expected if late else [])


def test_after_a_review_the_twelve_months_run_from_the_review_meeting():
    # Last review 2026-10-01: the 12 months end 2027-09-30 (the example's own date passes); 2027-10-01 is 1 day late.
    data = year10(next_review_due="2027-10-01")
    assert run_rule("EHCP-R001", data) == [finding(
        "EHCP-R001", "error", "/metadata/dates/next_review_due",
        "The next review is due 2027-10-01, 1 day after 2027-09-30, the last day of the 12 months starting "
        f"with 2026-10-01, when the last review meeting was held. {R001_REMEDY}next review on or before "
        "2027-09-30.")]


@pytest.mark.parametrize(("next_due", "late"), [("2025-02-28", False), ("2025-03-01", True)])
def test_twelve_months_starting_with_29_february_end_on_28_february(next_due, late):
    # 2024-02-29 + 12 months has no 29 February 2025, so the period ends on 2025-02-28.
    data = with_dates(base_plan_data(), final_issued="2024-02-29", first_issued="2024-02-29",
                      version_issued="2024-02-29", next_review_due=next_due)
    assert len(run_rule("EHCP-R001", data)) == late


@pytest.mark.parametrize(("next_due", "late"), [("2027-01-04", False), ("2027-01-05", True)])
def test_a_plan_transferred_in_may_be_reviewed_up_to_3_months_after_the_transfer(next_due, late):
    # Issued 2025-01-10, last review 2025-11-12 -> 12 months end 2026-11-11. Transfer in 2026-10-05 -> the 3 months
    # starting with it end 2027-01-04, which is later, so 2027-01-04 passes and 2027-01-05 is 1 day late.
    data = with_dates(base_plan_data(), final_issued="2025-01-10", first_issued="2025-01-10",
                      last_review="2025-11-12", next_review_due=next_due)
    with_events(data, {"type": "transfer_in", "date": "2026-10-05", "other_la": "940"})
    expected = [finding(
        "EHCP-R001", "error", "/metadata/dates/next_review_due",
        "The next review is due 2027-01-05, 1 day after 2027-01-04, the last day of the 3 months starting "
        "with the transfer in on 2026-10-05 (later than 12 months from 2025-11-12) [UNVERIFIED rule]. "
        f"{R001_REMEDY}next review on or before 2027-01-04.")]
    assert run_rule("EHCP-R001", data) == (expected if late else [])


def test_the_review_interval_rule_is_marked_unverified_for_its_transfer_in_leniency():
    assert REGISTRY["EHCP-R001"].unverified is True


def test_a_draft_is_not_judged_on_its_review_date():
    data = with_dates(example_data("under5-health-social-care-draft"), next_review_due="2029-01-01")
    assert run_rule("EHCP-R001", data) == []


# -- EHCP-R002 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("next_due", "warned"), [("2027-06-10", False), ("2027-06-11", True)])
def test_an_under_five_is_reviewed_within_6_months(next_due, warned):
    # Issued 2026-12-11: the 6 months starting with it end 2027-06-10. Amelia is 4 on 2027-06-11.
    data = under5_final(next_review_due=next_due)
    expected = [finding(
        "EHCP-R002", "warning", "/metadata/dates/next_review_due",
        "The child will be 4 on the next review date, 2027-06-11, which is after 2027-06-10, the last day "
        "of the 6 months starting with 2026-12-11, when the plan was issued. For children under 5 the LA "
        "should consider a review every 3 to 6 months (CoP 9.178): bring the review forward to 2027-06-10 "
        "or earlier, or record why a longer interval suits.")]
    assert run_rule("EHCP-R002", data) == (expected if warned else [])


@pytest.mark.parametrize(("next_due", "warned"), [("2028-05-19", True), ("2028-05-20", False)])
def test_a_child_who_is_5_on_the_review_date_is_not_under_5(next_due, warned):
    # Amelia turns 5 on 2028-05-20. Issued 2027-06-01: 6 months end 2027-11-30, so both dates are over 6 months.
    data = under5_final(final_issued="2027-06-01", first_issued="2027-06-01", next_review_due=next_due)
    assert len(run_rule("EHCP-R002", data)) == warned


def test_an_older_child_may_wait_12_months():
    assert run_rule("EHCP-R002", base_plan_data()) == []


# -- EHCP-R003 ---------------------------------------------------------------------------------------------------


def test_a_plan_with_a_review_date_passes():
    assert run_rule("EHCP-R003", base_plan_data()) == []


def test_a_final_plan_without_a_review_date_is_reported():
    assert run_rule("EHCP-R003", with_dates(base_plan_data(), next_review_due=None)) == [finding(
        "EHCP-R003", "warning", "/metadata/dates/next_review_due",
        "The plan records no next review date. Add next_review_due: within 12 months of the plan being "
        "issued or last reviewed (CFA s.44), or within 6 months for a child under 5 (CoP 9.178).")]


def test_a_draft_needs_no_review_date_yet():
    data = with_dates(example_data("under5-health-social-care-draft"), next_review_due=None)
    assert run_rule("EHCP-R003", data) == []


# -- EHCP-R004: phase transfers ----------------------------------------------------------------------------------


def year6_primary() -> dict[str, Any]:
    """The base plan (final, issued 2026-05-22, Hollin Vale Primary School) for a child born 2016-03-14: 10 on
    2026-08-31, so in Year 6 in 2026/27 and moving to Year 7 on 2027-09-01 (deadline 2027-02-15)."""
    data = base_plan_data()
    data["personal_details"]["date_of_birth"] = "2016-03-14"
    return data


PRIMARY_MESSAGE = (
    "The child (born 2016-03-14) transfers from primary to secondary school (Year 6 to Year 7) on "
    "2027-09-01, leaving \"Hollin Vale Primary School\" (Mainstream primary school (community school)) "
    "after Year 6. The plan had to be reviewed and amended to name the new institution by 2027-02-15 (Regs "
    "18(1)(b)), but no final or amended final plan was issued between 2026-09-01 and 2027-02-15 (final "
    "issues recorded: 2026-05-22). Issue the amended plan naming the new school or institution, and record "
    "its issue date."
)


@pytest.mark.parametrize(("as_of", "judged"), [(dt.date(2027, 2, 15), False), (dt.date(2027, 2, 16), True)])
def test_a_primary_to_secondary_transfer_is_judged_once_15_february_has_passed(as_of, judged):
    expected = [finding("EHCP-R004", "error", "/placement/placements/0/type", PRIMARY_MESSAGE)]
    assert run_rule("EHCP-R004", year6_primary(), as_of=as_of) == (expected if judged else [])


@pytest.mark.parametrize(("issued", "in_time"), [("2027-02-15", True), ("2027-02-16", False)])
def test_an_amended_plan_issued_on_15_february_is_in_time(issued, in_time):
    data = with_events(year6_primary(), {"type": "amended_final_issued", "date": issued})
    assert (run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1)) == []) == in_time


def test_an_amended_plan_issued_in_the_autumn_before_the_transfer_counts():
    data = with_events(year6_primary(), {"type": "amended_final_issued", "date": "2026-09-01"})
    assert run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1)) == []


def test_a_plan_still_naming_the_primary_school_in_year_7_is_reported():
    # On 2027-11-27 the child is in Year 7; the transfer into it (2027-09-01) had a 2027-02-15 deadline.
    found = run_rule("EHCP-R004", year6_primary(), as_of=dt.date(2027, 11, 27))
    assert [f.message for f in found] == [PRIMARY_MESSAGE]


def test_a_plan_naming_the_new_secondary_school_is_not_judged():
    data = year6_primary()
    data["placement"]["placements"][0].update(name="Marshgate Academy", type="Mainstream secondary academy",
                                              urn="999203", entry_date="2027-09-06")
    assert run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1)) == []


def test_a_plan_first_issued_after_the_deadline_is_not_judged():
    data = with_dates(year6_primary(), first_issued="2027-02-20", final_issued="2027-02-20",
                      version_issued="2027-02-20")
    data["metadata"]["events"][-1]["date"] = "2027-02-20"  # the final_issued event
    assert run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1)) == []


@pytest.mark.parametrize(("born", "school", "expected"), [
    # Year group in 2026/27 = age on 2026-08-31 minus 4.
    # Born 2020-03-14: 6 on 2026-08-31, so Year 2 in 2026/27 -> Year 3 in 2027/28.
    ("2020-03-14", "Infant school", "from infant school to junior school (Year 2 to Year 3)"),
    ("2020-03-14", "Mainstream primary school", None),
    # Born 2022-03-14: 4 on 2026-08-31, so Reception in 2026/27 -> Year 1 is not a transfer.
    ("2022-03-14", "Infant school", None),
    # Born 2018-03-14: 8 on 2026-08-31, so Year 4 -> Year 5 (three-tier: first to middle).
    ("2018-03-14", "First school", "from first school to middle school (Year 4 to Year 5)"),
    # Born 2014-03-14: 12 on 2026-08-31, so Year 8 -> Year 9 (middle to secondary).
    ("2014-03-14", "Middle school (deemed secondary)", "from middle to secondary school (Year 8 to Year 9)"),
    # Born 2016-03-14: Year 6 -> Year 7; an age range decides; all-through and middle schools continue.
    ("2016-03-14", "Primary special school (4-11)", "from primary to secondary school (Year 6 to Year 7)"),
    ("2016-03-14", "Special school (autism), ages 4 to 19", None),
    ("2016-03-14", "All-through academy (primary phase)", None),
    ("2016-03-14", "Middle school", None),
    ("2016-03-14", "Special school (autism)", None),
])
def test_the_transfer_is_read_from_the_year_group_and_the_type_of_placement(born, school, expected):
    data = base_plan_data()
    data["personal_details"]["date_of_birth"] = born
    data["placement"]["placements"][0]["type"] = school
    found = run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1))
    assert [f.message.split(" on 20")[0] for f in found] == ([f"The child (born {born}) transfers {expected}"]
                                                             if expected else [])


def test_a_nursery_child_starting_reception_needs_a_plan_issued_in_the_year_before():
    # Amelia (born 2023-05-20) is 3 on 2026-08-31: nursery in 2026/27, Reception from 2027-09-01.
    data = under5_final(final_issued="2026-08-20", first_issued="2026-08-20")
    data["placement"]["placements"] = [{"name": "Bumblebee Hollow Day Nursery", "type": "Private day nursery",
                                        "sen_setting": "EYP"}]
    found = run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1))
    assert [f.pointer for f in found] == ["/placement/placements/0/type"]
    assert "from early years education to school (entering Reception) on 2027-09-01" in found[0].message
    assert "after nursery (before Reception)" in found[0].message
    with_dates(data, final_issued="2026-12-11")  # issued within 2026-09-01 .. 2027-02-15
    assert run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 1)) == []


@pytest.mark.parametrize(("as_of", "judged"), [(dt.date(2028, 3, 31), False), (dt.date(2028, 4, 1), True)])
def test_the_post_16_transfer_deadline_is_31_march(as_of, judged):
    # Kieran (born 2011-09-22) is in Year 11 in 2027/28 and moves to Year 12 on 2028-09-01.
    found = run_rule("EHCP-R004", example_data("year10-pfa-direct-payment"), as_of=as_of)
    expected = [finding(
        "EHCP-R004", "error", "/placement/placements/0/type",
        "The child (born 2011-09-22) transfers from secondary school to a post-16 institution (Year 11 to "
        "Year 12) on 2028-09-01, leaving \"Marshgate Academy\" (Mainstream secondary academy) after Year "
        "11. The plan had to be reviewed and amended to name the new institution by 2028-03-31 (Regs "
        "18(1)(a)), but no final or amended final plan was issued between 2027-09-01 and 2028-03-31 (final "
        "issues recorded: 2025-10-31, 2026-11-20). Issue the amended plan naming the new school or "
        "institution, and record its issue date.")]
    assert found == (expected if judged else [])


def test_a_secondary_school_with_a_sixth_form_is_not_a_post_16_transfer():
    data = example_data("year10-pfa-direct-payment")
    data["placement"]["placements"][0]["type"] = "Mainstream secondary academy (11-18)"
    assert run_rule("EHCP-R004", data, as_of=dt.date(2028, 4, 1)) == []


# -- EHCP-R004: moves between post-16 institutions ---------------------------------------------------------------


def college_move(entry: str, *issued: str) -> dict[str, Any]:
    """Ravi's plan (final 2026-07-17) with a second college to start on ``entry``, and amended plans issued."""
    data = example_data("college-19-24-transferred")
    data["placement"]["placements"].append({"name": "Northfield Specialist College", "rank": 2,
                                            "type": "Independent specialist college", "ukprn": "10099872",
                                            "attendance_pattern": "daily", "entry_date": entry})
    return with_events(data, *({"type": "amended_final_issued", "date": day} for day in issued))


@pytest.mark.parametrize(("as_of", "judged"), [(dt.date(2027, 4, 6), False), (dt.date(2027, 4, 7), True)])
def test_a_move_between_colleges_needs_an_amended_plan_5_months_before(as_of, judged):
    # Entry 2027-09-06: 5 months before is 2027-04-06. Ravi is "Year 17" by age then (21 on 2027-08-31).
    expected = [finding(
        "EHCP-R004", "error", "/placement/placements/1/entry_date",
        "The young person moves to \"Northfield Specialist College\" (Independent specialist college) on "
        "2027-09-06, a move between post-16 institutions. The plan had to be reviewed and amended to name "
        "it at least 5 months before, by 2027-04-06 (Regs 18(2)), but no final or amended final plan was "
        "issued in the 12 months up to that day (final issues recorded: 2019-03-15, 2026-07-17). Issue the "
        "amended plan and record its date.")]
    assert run_rule("EHCP-R004", college_move("2027-09-06"), as_of=as_of) == (expected if judged else [])


@pytest.mark.parametrize(("issued", "in_time"), [("2027-02-28", True), ("2027-03-01", False)])
def test_five_months_before_31_july_is_the_last_day_of_february(issued, in_time):
    # 31 July less 5 months would be 31 February; the latest day at least 5 months before is 2027-02-28.
    data = college_move("2027-07-31", issued)
    assert (run_rule("EHCP-R004", data, as_of=dt.date(2027, 3, 2)) == []) == in_time


def test_the_move_that_came_with_a_transfer_between_councils_is_not_judged():
    # The example's own college place began 2026-04-27, a week after Ravi moved to Birmingham on 2026-04-20.
    assert run_rule("EHCP-R004", example_data("college-19-24-transferred"), as_of=dt.date(2026, 5, 1)) == []


# -- EHCP-R005 ---------------------------------------------------------------------------------------------------


def test_a_review_decision_two_weeks_after_the_meeting_passes():
    assert run_rule("EHCP-R005", example_data("year10-pfa-direct-payment")) == []


@pytest.mark.parametrize(("decided", "late"), [("2026-10-29", False), ("2026-10-30", True)])
def test_the_review_decision_is_due_within_28_days_of_the_meeting(decided, late):
    # Meeting 2026-10-01 + 28 days = 2026-10-29.
    data = example_data("year10-pfa-direct-payment")
    data["metadata"]["events"][DECISION]["date"] = decided
    expected = [finding(
        "EHCP-R005", "error", f"/metadata/events/{DECISION}/date",
        "The review decision (A) is dated 2026-10-30, 4 weeks and 1 day after the review meeting on "
        "2026-10-01; the limit is 4 weeks (2026-10-29) (Regs 20/21). If the dates are right, the decision "
        "was late: notify decisions within 4 weeks of the meeting.")]
    assert run_rule("EHCP-R005", data) == (expected if late else [])


def test_a_decision_without_its_meeting_date_follows_the_latest_meeting_before_it():
    data = example_data("year10-pfa-direct-payment")
    del data["metadata"]["events"][DECISION]["review_meeting"]
    data["metadata"]["events"][DECISION]["date"] = "2026-11-02"  # 32 days after 2026-10-01
    assert [f.message[:64] for f in run_rule("EHCP-R005", data)] == [
        "The review decision (A) is dated 2026-11-02, 4 weeks and 4 days "]


@pytest.mark.parametrize(("as_of", "late"), [(dt.date(2026, 10, 29), False), (dt.date(2026, 10, 30), True)])
def test_a_meeting_with_no_decision_is_reported_once_4_weeks_have_passed(as_of, late):
    data = example_data("year10-pfa-direct-payment")
    del data["metadata"]["events"][DECISION:]
    expected = [finding(
        "EHCP-R005", "error", "/metadata/events/19",
        "No decision is recorded for the review meeting on 2026-10-01; it was due within 4 weeks, by "
        "2026-10-29 (Regs 20/21), and it is now 2026-10-30. Record the decision (a review_decision event: "
        "amend, maintain or cease) with the date it was notified.")]
    assert run_rule("EHCP-R005", data, as_of=as_of) == (expected if late else [])


# -- EHCP-R006 ---------------------------------------------------------------------------------------------------


def test_an_amended_plan_five_weeks_after_the_proposals_passes():
    assert run_rule("EHCP-R006", example_data("year10-pfa-direct-payment")) == []


@pytest.mark.parametrize(("issued", "late"), [("2026-12-10", False), ("2026-12-11", True)])
def test_the_amended_plan_is_due_within_56_days_of_the_proposals(issued, late):
    # Proposals 2026-10-15 + 56 days = 2026-12-10.
    data = example_data("year10-pfa-direct-payment")
    data["metadata"]["events"][AMENDED]["date"] = issued
    expected = [finding(
        "EHCP-R006", "error", f"/metadata/events/{AMENDED}/date",
        "The amended final plan was issued on 2026-12-11, 8 weeks and 1 day after the proposed amendments "
        "were sent on 2026-10-15; the limit is 8 weeks (2026-12-10) (Regs 22). If the dates are right, the "
        "amendment was late.")]
    assert run_rule("EHCP-R006", data, as_of=dt.date(2027, 1, 1)) == (expected if late else [])


@pytest.mark.parametrize(("as_of", "late"), [(dt.date(2026, 12, 10), False), (dt.date(2026, 12, 11), True)])
def test_a_plan_left_at_proposed_amendments_is_reported_after_8_weeks(as_of, late):
    data = year10(version_issued="2026-10-15")
    data["metadata"]["status"] = "proposed_amendment"
    del data["metadata"]["events"][AMENDED]
    expected = [finding(
        "EHCP-R006", "error", "/metadata/status",
        "The plan is still a proposed amendment on 2026-12-11, 8 weeks and 1 day after the proposed "
        "amendments were sent on 2026-10-15. The amended final plan was due within 8 weeks, by 2026-12-10 "
        "(Regs 22): issue it, or record its issue if it has been.")]
    assert run_rule("EHCP-R006", data, as_of=as_of) == (expected if late else [])
