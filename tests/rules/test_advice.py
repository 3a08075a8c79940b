"""EHCP-K001 to K003: section K lists the advice regulation 6 requires, each row is complete, and no advice is
dated after the plan it informed."""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule

MEDICAL = 2  # index of K-3, "Medical advice", in the base plan
PFA = 5  # index of K-6, the preparing-for-adulthood advice, in the Year 10 and college plans
REUSE = ("or, where existing advice was used because everyone agreed it was sufficient, add it marked "
         "existing_advice_reused (Regs 6(4)).")


def finding(rule_id: str, severity: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity(severity), "K", pointer, message)


def with_entry(data: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    """Change fields of one K row; a value of ``None`` removes the field."""
    entry = data["advice"]["entries"][index]
    entry.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        entry.pop(key, None)
    return data


# -- EHCP-K001 ---------------------------------------------------------------------------------------------------


def test_a_plan_with_every_kind_of_required_advice_passes():
    assert run_rule("EHCP-K001", base_plan_data()) == []


def test_a_plan_without_medical_advice_is_reported():
    data = with_entry(base_plan_data(), MEDICAL, advice_type="other")
    assert run_rule("EHCP-K001", data) == [finding(
        "EHCP-K001", "error", "/advice/entries",
        "Section K has no entry for medical advice. The LA must seek it (Regs 6(1)(c)) and list it in K "
        "(Regs 12). Add the row with advice_type medical, " + REUSE)]


def test_existing_medical_advice_reused_under_regulation_6_4_counts():
    data = with_entry(base_plan_data(), MEDICAL, existing_advice_reused=True, date_received=None)
    assert run_rule("EHCP-K001", data) == []


def test_each_missing_kind_of_advice_is_reported_once():
    data = base_plan_data()
    for entry in data["advice"]["entries"]:
        entry["advice_type"] = "other"
    found = run_rule("EHCP-K001", data)
    assert [f.message.split(". ")[0] for f in found] == [
        "Section K has no entry for advice and information from the parent or young person",
        "Section K has no entry for educational advice",
        "Section K has no entry for medical advice",
        "Section K has no entry for psychological advice from an educational psychologist",
        "Section K has no entry for social care advice",
    ]


def test_preparing_for_adulthood_advice_is_not_required_before_year_nine():
    # Kieran (born 2011-09-22) was 12 on 2024-08-31: Year 8 when the LA decided to assess on 2025-07-11.
    data = with_entry(example_data("year10-pfa-direct-payment"), PFA, advice_type="other")
    assert run_rule("EHCP-K001", data) == []


@pytest.mark.parametrize(("decided", "reported"), [("2025-08-31", False), ("2025-09-01", True)])
def test_preparing_for_adulthood_advice_is_required_from_year_nine(decided, reported):
    # 13 on 2025-08-31, so Year 9 from 2025-09-01: advice sought on 2025-08-31 (Year 8) needs none.
    data = with_entry(example_data("year10-pfa-direct-payment"), PFA, advice_type="other")
    data["metadata"]["dates"]["decision_to_assess"] = decided
    expected = [finding(
        "EHCP-K001", "error", "/advice/entries",
        "Section K has no entry for advice on provision to prepare for adulthood (the child or young person "
        "was in Year 9 on 2025-09-01, when the advice was sought). The LA must seek it (Regs 6(1)(g)) and "
        "list it in K (Regs 12). Add the row with advice_type preparing_for_adulthood, " + REUSE)]
    assert run_rule("EHCP-K001", data) == (expected if reported else [])


def test_without_a_decision_date_the_first_advice_request_dates_the_assessment():
    # No decision date: the first advice_requested event, 2025-07-14, is in Year 8 for Kieran.
    data = with_entry(example_data("year10-pfa-direct-payment"), PFA, advice_type="other")
    del data["metadata"]["dates"]["decision_to_assess"]
    assert run_rule("EHCP-K001", data) == []


def test_a_young_person_past_year_13_needs_preparing_for_adulthood_advice():
    # Ravi (born 2006-04-03) was 19 on 2025-08-31; the re-assessment decision on 2026-05-15 is "Year 15" by age.
    data = with_entry(example_data("college-19-24-transferred"), PFA, advice_type="other")
    expected = ("Section K has no entry for advice on provision to prepare for adulthood (the child or young "
                "person was in Year 15 by age (past Year 13) on 2026-05-15, when the advice was sought)")
    assert [f.message.split(". ")[0] for f in run_rule("EHCP-K001", data)] == [expected]


# -- EHCP-K002 ---------------------------------------------------------------------------------------------------


def test_complete_advice_rows_pass():
    assert run_rule("EHCP-K002", base_plan_data()) == []


def test_an_advice_row_needs_its_date_received():
    data = with_entry(base_plan_data(), 1, date_received=None)
    assert run_rule("EHCP-K002", data) == [finding(
        "EHCP-K002", "warning", "/advice/entries/1/date_received",
        "Advice K-2 (Educational advice from Theo's school) has no date received. Add the date it was "
        "received (CCYY-MM-DD), as K's table asks.")]


def test_a_role_alone_says_who_the_advice_is_from():
    assert run_rule("EHCP-K002", with_entry(base_plan_data(), MEDICAL, who_from=None)) == []


def test_an_advice_row_needs_an_author_or_role():
    data = with_entry(base_plan_data(), MEDICAL, who_from=None, role=None)
    assert run_rule("EHCP-K002", data) == [finding(
        "EHCP-K002", "warning", "/advice/entries/2/who_from",
        "Advice K-3 (Medical advice) does not say who it is from. Add the author's name (who_from) or their "
        "role.")]


def test_an_advice_row_needs_its_appended_flag():
    data = with_entry(base_plan_data(), MEDICAL, appended=None)
    assert run_rule("EHCP-K002", data) == [finding(
        "EHCP-K002", "warning", "/advice/entries/2/appended",
        "Advice K-3 (Medical advice) does not say whether it is appended. Set appended to true (YES) or "
        "false (NO).")]


def test_appended_false_is_an_answer():
    assert run_rule("EHCP-K002", with_entry(base_plan_data(), MEDICAL, appended=False)) == []


# -- EHCP-K003 ---------------------------------------------------------------------------------------------------


def test_advice_received_on_the_day_the_plan_was_issued_passes():
    # The base plan was issued on 2026-05-22.
    assert run_rule("EHCP-K003", with_entry(base_plan_data(), MEDICAL, date_received="2026-05-22")) == []


def test_advice_received_the_day_after_the_plan_was_issued_is_reported():
    data = with_entry(base_plan_data(), MEDICAL, date_received="2026-05-23")
    assert run_rule("EHCP-K003", data) == [finding(
        "EHCP-K003", "warning", "/advice/entries/2/date_received",
        "Advice K-3 (Medical advice) is recorded as received on 2026-05-23, 1 day after the plan was issued "
        "on 2026-05-22. Section K lists the advice the plan was made from: correct the date, or move advice "
        "that arrived later to the next review.")]


def test_an_amended_plan_is_compared_with_the_date_of_the_amendment():
    # First final 2025-10-31; this version 2026-11-20. Advice of 2026-10-20 came before the amendment.
    data = with_entry(example_data("year10-pfa-direct-payment"), 1, date_received="2026-10-20")
    assert run_rule("EHCP-K003", data) == []


def test_a_draft_is_not_compared_with_any_issue_date():
    data = with_entry(example_data("under5-health-social-care-draft"), 0, date_received="2026-11-20")
    assert run_rule("EHCP-K003", data) == []
