"""EHCP-Y001 to Y003: no plan past the academic year of the 25th birthday, a plausible date of birth, and cease
reason 1 only at the maximum age.

The academic year runs from 1 August to 31 July. Someone born on 29 February turns a year older on 1 March in a
common year. Expected dates are worked by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule


def college(born: str | None = None) -> dict[str, Any]:
    """Ravi's final plan (born 2006-04-03: 25 on 2031-04-03, so the plan may run to 2031-07-31)."""
    data = example_data("college-19-24-transferred")
    if born:
        data["personal_details"]["date_of_birth"] = born
    return data


def ceased(data: dict[str, Any], on: str, reason: str = "1") -> dict[str, Any]:
    data["metadata"].update(status="ceased", cease_reason=reason)
    data["metadata"]["dates"]["cease_date"] = on
    return data


def born(data: dict[str, Any], day: str) -> dict[str, Any]:
    data["personal_details"]["date_of_birth"] = day
    return data


# -- EHCP-Y001 ---------------------------------------------------------------------------------------------------


def test_a_plan_for_a_20_year_old_passes():
    assert run_rule("EHCP-Y001", college()) == []


@pytest.mark.parametrize(("as_of", "late"), [(dt.date(2031, 7, 31), False), (dt.date(2031, 8, 1), True)])
def test_a_plan_may_run_to_31_july_of_the_academic_year_of_the_25th_birthday(as_of, late):
    # 25th birthday 2031-04-03 falls in the academic year 2030-08-01 to 2031-07-31.
    expected = [Finding(
        "EHCP-Y001", Severity.ERROR, "plan", "/metadata/status",
        "The plan is still final on 2031-08-01, but the young person (born 2006-04-03) turned 25 on "
        "2031-04-03, and a plan may be kept only to the end of that academic year, 2031-07-31 (CFA s.46), "
        "never past the 26th birthday. Cease the plan (cease reason 1).")]
    assert run_rule("EHCP-Y001", college(), as_of=as_of) == (expected if late else [])


@pytest.mark.parametrize(("birth", "late"), [("2006-07-31", True), ("2006-08-01", False)])
def test_a_25th_birthday_on_1_august_starts_a_new_academic_year(birth, late):
    # Born 2006-07-31: 25 on 2031-07-31, the last day of 2030/31 -> plan ends 2031-07-31, late by 2032-01-01.
    # Born 2006-08-01: 25 on 2031-08-01, the first day of 2031/32 -> plan may run to 2032-07-31.
    assert len(run_rule("EHCP-Y001", college(birth), as_of=dt.date(2032, 1, 1))) == late


def test_a_29_february_birthday_is_kept_on_1_march():
    # Born 2008-02-29: 25 on 2033-03-01 (2033 has no 29 February); the academic year ends 2033-07-31.
    found = run_rule("EHCP-Y001", college("2008-02-29"), as_of=dt.date(2033, 8, 1))
    assert "turned 25 on 2033-03-01" in found[0].message
    assert run_rule("EHCP-Y001", college("2008-02-29"), as_of=dt.date(2033, 7, 31)) == []


@pytest.mark.parametrize(("cease_date", "late"), [("2031-07-31", False), ("2031-08-01", True)])
def test_a_plan_ceased_after_the_age_limit_was_maintained_too_long(cease_date, late):
    expected = [Finding(
        "EHCP-Y001", Severity.ERROR, "plan", "/metadata/dates/cease_date",
        "The plan ceased on 2031-08-01, after 2031-07-31, the end of the academic year in which the young "
        "person (born 2006-04-03) turned 25 on 2031-04-03 (CFA s.46). If the date is right the plan was "
        "maintained too long; otherwise correct the cease date.")]
    found = run_rule("EHCP-Y001", ceased(college(), cease_date), as_of=dt.date(2032, 1, 1))
    assert found == (expected if late else [])


# -- EHCP-Y002 ---------------------------------------------------------------------------------------------------


def test_a_plausible_date_of_birth_passes():
    assert run_rule("EHCP-Y002", base_plan_data()) == []


@pytest.mark.parametrize(("birth", "future"), [("2026-11-27", False), ("2026-11-28", True)])
def test_a_date_of_birth_after_the_checking_date_is_reported(birth, future):
    # AS_OF is 2026-11-27: a child born that day is possible; one born the next day is not.
    expected = [Finding(
        "EHCP-Y002", Severity.ERROR, "personal_details", "/personal_details/date_of_birth",
        "The date of birth, 2026-11-28, is after 2026-11-27, the date the plan is checked on. Correct the "
        "date of birth (CCYY-MM-DD).")]
    assert run_rule("EHCP-Y002", born(base_plan_data(), birth)) == (expected if future else [])


@pytest.mark.parametrize(("birth", "over"), [("2001-01-13", False), ("2001-01-12", True)])
def test_a_request_on_or_after_the_25th_birthday_is_reported(birth, over):
    # Request 2026-01-12. Born 2001-01-13: 24 that day (25 tomorrow). Born 2001-01-12: 25 that very day.
    expected = [Finding(
        "EHCP-Y002", Severity.ERROR, "personal_details", "/personal_details/date_of_birth",
        "The date of birth, 2001-01-12, makes the person 25 on the request date, 2026-01-12; they turned 25 "
        "on 2026-01-12. An EHC plan is for children and young people under 25 (CFA s.83(2)): correct the "
        "date of birth or the request date.")]
    assert run_rule("EHCP-Y002", born(base_plan_data(), birth)) == (expected if over else [])


@pytest.mark.parametrize(("requested", "over"), [("2025-02-28", False), ("2025-03-01", True)])
def test_someone_born_on_29_february_turns_25_on_1_march_in_a_common_year(requested, over):
    data = born(base_plan_data(), "2000-02-29")
    data["metadata"]["dates"]["request_received"] = requested
    assert len(run_rule("EHCP-Y002", data)) == over


def test_a_request_date_that_records_a_transfer_in_is_not_an_assessment_request():
    # Ravi's request date 2026-04-20 is the day his plan transferred in; born 2001-04-20 he is 25 that day.
    assert run_rule("EHCP-Y002", college("2001-04-20")) == []


# -- EHCP-Y003 ---------------------------------------------------------------------------------------------------


def test_cease_reason_1_at_the_end_of_the_academic_year_of_the_25th_birthday_passes():
    assert run_rule("EHCP-Y003", ceased(college(), "2031-07-31")) == []


def test_cease_reason_1_a_day_early_is_reported_with_the_adult_estate_exception():
    # 19th birthday 2025-04-03 -> academic year ended 2025-07-31, so the cease date could be the adult estate case.
    assert run_rule("EHCP-Y003", ceased(college(), "2031-07-30")) == [Finding(
        "EHCP-Y003", Severity.WARNING, "plan", "/metadata/cease_reason",
        "Cease reason 1 (maximum age) is recorded with a cease date of 2031-07-30, before 2031-07-31, the "
        "end of the academic year in which the young person (born 2006-04-03) turns 25. Record the reason "
        "the plan actually ceased (SEN2 cease reasons 2-9). If the young person entered the adult estate, "
        "the maximum age is 19 and the reason fits (that academic year ended 2025-07-31).")]


def test_cease_reason_1_before_the_academic_year_of_the_19th_birthday_ends_cannot_be_the_adult_estate():
    found = run_rule("EHCP-Y003", ceased(college(), "2025-07-30"))
    assert found[0].message.endswith("Record the reason the plan actually ceased (SEN2 cease reasons 2-9).")


def test_other_cease_reasons_are_not_judged_on_age():
    assert run_rule("EHCP-Y003", ceased(college(), "2027-07-30", reason="3")) == []
