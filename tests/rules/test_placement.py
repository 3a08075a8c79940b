"""EHCP-I001 to I004: a draft leaves section I empty, a final plan names a placement or a type, and a named
institution has its type, attendance pattern and an identifier for SEN2."""

from __future__ import annotations

from typing import Any

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule

DRAFT_REMEDY = (
    "A draft must not name a school or other institution or specify a type (CFA s.38(5)). Remove the entry "
    "and name the placement in the final plan, after the parent or young person has had the chance to ask "
    "for one."
)
FINAL_REMEDY = (
    "A final plan must give the name and type of the school or other institution, or the type only (Regs "
    "12(1)(i)). Add the name and type of the placement (a type such as \"Mainstream primary school\"), or "
    "the type alone where no institution is named."
)


def finding(rule_id: str, severity: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity(severity), "I", pointer, message)


def draft_with(*placements: dict[str, Any]) -> dict[str, Any]:
    """The bundled draft plan (Amelia, aged 3) with the given placements in section I."""
    data = example_data("under5-health-social-care-draft")
    data["placement"]["placements"] = list(placements)
    return data


def base_with(placement: dict[str, Any]) -> dict[str, Any]:
    """The compliant final plan with its one placement replaced."""
    data = base_plan_data()
    data["placement"]["placements"] = [placement]
    return data


# -- EHCP-I001 ---------------------------------------------------------------------------------------------------


def test_a_draft_plan_with_section_i_left_empty_passes():
    assert run_rule("EHCP-I001", example_data("under5-health-social-care-draft")) == []


def test_a_final_plan_may_name_its_school():
    assert run_rule("EHCP-I001", base_plan_data()) == []


def test_a_draft_plan_must_not_name_a_school():
    data = draft_with({"name": "Bumblebee Hollow Day Nursery", "type": "Private day nursery", "rank": 1})
    assert run_rule("EHCP-I001", data) == [finding(
        "EHCP-I001", "error", "/placement/placements/0",
        "This is a draft plan, yet section I gives a name and a type (placement rank 1). " + DRAFT_REMEDY)]


def test_a_draft_plan_must_not_specify_a_type_even_without_a_name():
    data = draft_with({"type": "Mainstream primary school", "attendance_pattern": "daily"})
    assert run_rule("EHCP-I001", data) == [finding(
        "EHCP-I001", "error", "/placement/placements/0",
        "This is a draft plan, yet section I gives a type and an attendance pattern (part of the type) "
        "(placement rank 1). " + DRAFT_REMEDY)]


def test_each_placement_named_in_a_draft_is_reported():
    data = draft_with({"name": "Oakfield Primary School", "rank": 1}, {"sen_setting": "EYP", "rank": 2})
    found = run_rule("EHCP-I001", data)
    assert [f.pointer for f in found] == ["/placement/placements/0", "/placement/placements/1"]
    assert "gives an SEN2 setting code (placement rank 2)" in found[1].message


# -- EHCP-I002 ---------------------------------------------------------------------------------------------------


def test_a_final_plan_naming_its_school_and_type_passes():
    assert run_rule("EHCP-I002", base_plan_data()) == []


def test_an_amended_final_plan_may_give_the_type_only():
    data = example_data("year10-pfa-direct-payment")
    data["placement"]["placements"] = [{"type": "Mainstream secondary school", "attendance_pattern": "daily"}]
    assert run_rule("EHCP-I002", data) == []


def test_a_final_plan_with_no_placement_is_reported():
    data = base_plan_data()
    data["placement"]["placements"] = []
    assert run_rule("EHCP-I002", data) == [finding(
        "EHCP-I002", "error", "/placement/placements",
        "The plan's status is final, but section I has no placements. " + FINAL_REMEDY)]


def test_an_sen2_setting_code_alone_does_not_name_a_placement():
    data = example_data("year10-pfa-direct-payment")
    data["placement"]["placements"] = [{"sen_setting": "OTH"}]
    assert run_rule("EHCP-I002", data) == [finding(
        "EHCP-I002", "error", "/placement/placements",
        "The plan's status is amended_final, but section I has no placement with a name or a type. "
        + FINAL_REMEDY)]


def test_a_final_plan_without_section_i_is_reported_at_the_section():
    data = base_plan_data()
    del data["placement"]
    assert [f.pointer for f in run_rule("EHCP-I002", data)] == ["/placement"]


def test_a_draft_plan_needs_no_placement():
    assert run_rule("EHCP-I002", example_data("under5-health-social-care-draft")) == []


# -- EHCP-I003 ---------------------------------------------------------------------------------------------------


def test_a_named_school_with_type_and_attendance_pattern_passes():
    assert run_rule("EHCP-I003", base_plan_data()) == []


def test_a_named_school_needs_its_type():
    data = base_with({"name": "Hollin Vale Primary School", "attendance_pattern": "daily", "urn": "999101"})
    assert run_rule("EHCP-I003", data) == [finding(
        "EHCP-I003", "warning", "/placement/placements/0/type",
        "Section I names \"Hollin Vale Primary School\" but not its type. Regs 12(1)(i) asks for the name "
        "and type of the institution: add the type, e.g. \"Mainstream secondary academy\" or \"Special "
        "school (autism)\".")]


def test_a_named_school_needs_its_attendance_pattern():
    data = base_with({"name": "Hollin Vale Primary School", "type": "Mainstream primary school",
                      "urn": "999101"})
    assert run_rule("EHCP-I003", data) == [finding(
        "EHCP-I003", "warning", "/placement/placements/0/attendance_pattern",
        "Section I names \"Hollin Vale Primary School\" without an attendance pattern. The template's type "
        "includes it: add daily, weekly residential, termly residential or 52-week residential.")]


def test_a_type_given_without_a_name_is_not_judged_for_its_pattern():
    assert run_rule("EHCP-I003", base_with({"type": "Mainstream primary school"})) == []


# -- EHCP-I004 ---------------------------------------------------------------------------------------------------


def test_a_named_school_with_a_urn_passes():
    assert run_rule("EHCP-I004", base_plan_data()) == []


def test_a_named_college_with_a_ukprn_passes():
    assert run_rule("EHCP-I004", example_data("college-19-24-transferred")) == []


def test_a_named_setting_with_an_sen2_code_instead_passes():
    data = base_with({"name": "Hollin Vale Primary School", "type": "Mainstream primary school",
                      "sen_setting": "OTH"})
    assert run_rule("EHCP-I004", data) == []


def test_a_named_school_with_no_identifier_is_reported():
    data = base_with({"name": "Hollin Vale Primary School", "type": "Mainstream primary school",
                      "attendance_pattern": "daily"})
    assert run_rule("EHCP-I004", data) == [finding(
        "EHCP-I004", "warning", "/placement/placements/0",
        "Section I names \"Hollin Vale Primary School\" with no URN, no UKPRN and no SEN2 setting code, so "
        "the SEN2 return cannot identify it. Add the school's 6-digit URN (GIAS) or the provider's UKPRN, "
        "or, where it has neither, the SEN2 setting code (e.g. OTH, EYP).")]
