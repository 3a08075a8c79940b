"""EHCP-J001 and J002: a direct payment states the SEN and outcomes it meets, and never funds a school or post-16
place."""

from __future__ import annotations

from typing import Any

from ehcp_standard.rules import REGISTRY, Finding, Severity
from tests.rules.builders import example_data, run_rule

J001_REMEDY = (
    "Regs 12(1)(j) requires J to state the special educational needs and the outcomes a direct payment will "
    "meet: link the item to the need and outcome ids, or describe them in Details."
)


def finding(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.ERROR, "J", pointer, message)


def direct_payment_plan(*, details: bool = True, **item: Any) -> dict[str, Any]:
    """The bundled Year 10 plan, whose direct payment J-1 (travel training) meets B-SEMH-1 and E-4, with fields of
    J-1 changed and, unless ``details``, section J's Details box removed."""
    data = example_data("year10-pfa-direct-payment")
    data["personal_budget"]["items"][0].update(item)
    if not details:
        del data["personal_budget"]["details"]
    return data


# -- EHCP-J001 ---------------------------------------------------------------------------------------------------


def test_a_direct_payment_linked_to_its_needs_and_outcomes_passes():
    assert run_rule("EHCP-J001", direct_payment_plan(details=False)) == []


def test_a_direct_payment_explained_in_the_details_box_passes_without_links():
    assert run_rule("EHCP-J001", direct_payment_plan(need_ids=[], outcome_ids=[])) == []


def test_a_direct_payment_with_neither_links_nor_details_is_reported():
    data = direct_payment_plan(details=False, need_ids=[], outcome_ids=[])
    assert run_rule("EHCP-J001", data) == [finding(
        "EHCP-J001", "/personal_budget/items/0",
        "Direct payment J-1 does not state the special educational needs it meets (need_ids) or the "
        "outcomes it meets (outcome_ids), and section J's Details box is empty. " + J001_REMEDY)]


def test_a_direct_payment_linked_to_needs_but_not_outcomes_is_reported():
    data = direct_payment_plan(details=False, outcome_ids=[])
    assert run_rule("EHCP-J001", data) == [finding(
        "EHCP-J001", "/personal_budget/items/0",
        "Direct payment J-1 does not state the outcomes it meets (outcome_ids), and section J's Details box "
        "is empty. " + J001_REMEDY)]


def test_a_details_box_of_blank_space_does_not_count():
    data = direct_payment_plan(details=False, need_ids=[])
    data["personal_budget"]["details"] = "   "
    assert [f.pointer for f in run_rule("EHCP-J001", data)] == ["/personal_budget/items/0"]


def test_a_notional_arrangement_is_not_a_direct_payment():
    data = direct_payment_plan(details=False, mechanism="arrangement", need_ids=[], outcome_ids=[])
    assert run_rule("EHCP-J001", data) == []


# -- EHCP-J002 ---------------------------------------------------------------------------------------------------


def test_a_direct_payment_for_travel_training_passes():
    assert run_rule("EHCP-J002", direct_payment_plan()) == []


def test_a_direct_payment_must_not_fund_a_school_place():
    data = direct_payment_plan(funds_institution_place=True)
    assert run_rule("EHCP-J002", data) == [finding(
        "EHCP-J002", "/personal_budget/items/0/funds_institution_place",
        "Direct payment J-1 is recorded as funding a school or post-16 place. A direct payment may not be "
        "used to secure a place at a school or post-16 institution (SEN (Personal Budgets) Regulations "
        "2014). Fund the place through the LA, or hold that part of the budget as an arrangement instead.")]


def test_an_arrangement_may_fund_a_place():
    data = direct_payment_plan(mechanism="arrangement", funds_institution_place=True)
    assert run_rule("EHCP-J002", data) == []


def test_the_direct_payment_place_rule_is_marked_unverified_and_the_other_is_not():
    assert REGISTRY["EHCP-J002"].unverified is True
    assert REGISTRY["EHCP-J001"].unverified is False
