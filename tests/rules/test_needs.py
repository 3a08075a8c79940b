"""EHCP-B001 to B003, C001, C002, D001 and D002: needs have provision, area tables are complete, strengths stay out
of need rows, G is agreed, and H1 is for under-18s."""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, run_rule

CI = "/special_educational_needs/communication_interaction"


def finding(rule_id: str, severity: str, section: str, pointer: str, message: str, **extra: Any) -> Finding:
    return Finding(rule_id, Severity(severity), section, pointer, message, **extra)


def with_social_care_need(data: dict[str, Any], *, h1: bool, h2: bool, linked: bool = True) -> dict[str, Any]:
    """Give the base plan one social care need (D-1) with short breaks in H1 and/or a care plan in H2."""
    care = data["social_care"]
    care.update(no_identified_needs=False, outcomes=[{
        "id": "E-7", "description": "By the end of Year 4, Theo will spend a Saturday afternoon a month with a "
        "familiar carer, settling within 10 minutes.", "time_frame": {"by_phase": "the end of Year 4"}}])
    del care["no_needs_statement"]
    entry = {"description": "Short breaks at home with a familiar carer from an approved agency.",
             "provider_role": "Short-break carer", "qualification": "Level 3 Diploma in Health and Social Care",
             "ratio": {"staff": 1, "learners": 1}, "frequency": {"count": 1, "period": "month"},
             "duration_minutes": 240}
    care["h1_provision"] = [{"id": "H1-1", **entry}] if h1 else []
    care["h2_provision"] = [{"id": "H2-1", **entry}] if h2 else []
    provision_ids = ["H1-1"] * h1 + ["H2-1"] * h2 if linked else []
    care["needs"] = [{"id": "D-1", "description": "Theo's parents need breaks from caring to keep meeting his needs.",
                      "provision_ids": provision_ids, "outcome_ids": ["E-7"]}]
    return data


# -- EHCP-B001, C001, D001 -------------------------------------------------------------------------------------


def test_a_plan_whose_needs_all_have_provision_passes_b001_c001_and_d001():
    data = base_plan_data()
    assert [run_rule(rule_id, data) for rule_id in ("EHCP-B001", "EHCP-C001", "EHCP-D001")] == [[], [], []]


def test_a_need_in_b_with_no_provision_in_f_fails_b001():
    data = base_plan_data()
    data["special_educational_needs"]["communication_interaction"]["needs"][1]["provision_ids"] = []
    assert run_rule("EHCP-B001", data) == [
        finding("EHCP-B001", "error", "B", f"{CI}/needs/1", "Need B-CI-2 has no provision in F: add the special "
                "educational provision that meets it (s.37(2)(c))"),
    ]


def test_a_health_need_with_no_provision_in_g_fails_c001():
    data = base_plan_data()
    data["health"]["needs"][0]["provision_ids"] = []
    assert run_rule("EHCP-C001", data) == [
        finding("EHCP-C001", "error", "C", "/health/needs/0", "Health care need C-1 has no provision in G: add the "
                "health care provision reasonably required for it, agreed by the commissioning body (s.37(2)(d); "
                "Regs 12(1)(g))"),
    ]


def test_a_social_care_need_met_only_by_h2_passes_d001():
    assert run_rule("EHCP-D001", with_social_care_need(base_plan_data(), h1=False, h2=True)) == []


def test_a_social_care_need_with_no_provision_in_h1_or_h2_fails_d001():
    data = with_social_care_need(base_plan_data(), h1=False, h2=True, linked=False)
    assert run_rule("EHCP-D001", data) == [
        finding("EHCP-D001", "error", "D", "/social_care/needs/0", "Social care need D-1 has no provision in H1 or "
                "H2: add the social care provision that meets it (s.37(2)(e),(f); Regs 12(1)(h))"),
    ]


# -- EHCP-B002 -------------------------------------------------------------------------------------------------


def test_a_plan_whose_empty_area_says_it_has_no_needs_passes_b002():
    assert run_rule("EHCP-B002", base_plan_data()) == []


def test_an_empty_area_table_that_does_not_say_it_has_no_needs_fails_b002():
    data = base_plan_data()
    data["special_educational_needs"]["cognition_learning"]["no_identified_needs"] = False
    assert run_rule("EHCP-B002", data) == [
        finding("EHCP-B002", "warning", "B", "/special_educational_needs/cognition_learning", "The Cognition and "
                "learning table lists no needs and does not say it has none: add its needs, or set "
                "no_identified_needs so that it reads \"Child/Young person has no identified special educational "
                "needs in this area\" (DfE template)"),
    ]


def test_a_missing_area_table_fails_b002():
    data = base_plan_data()
    del data["special_educational_needs"]["sensory_physical"]
    assert run_rule("EHCP-B002", data) == [
        finding("EHCP-B002", "warning", "B", "/special_educational_needs/sensory_physical", "The Sensory and/or "
                "physical needs table is missing: add it, with its needs or the sentence \"Child/Young person has no "
                "identified special educational needs in this area\" (DfE template)"),
    ]


# -- EHCP-B003 -------------------------------------------------------------------------------------------------


def test_need_rows_that_describe_only_needs_pass_b003():
    assert run_rule("EHCP-B003", base_plan_data()) == []


def test_a_need_row_that_opens_with_a_strength_fails_b003_with_the_sentence_highlighted():
    data = base_plan_data()
    need = data["special_educational_needs"]["communication_interaction"]["needs"][0]
    need["description"] = "Theo is good at remembering facts. " + need["description"]
    sentence = "Theo is good at remembering facts."
    assert run_rule("EHCP-B003", data) == [
        finding("EHCP-B003", "warning", "B", f"{CI}/needs/0/description", f"Need B-CI-1 describes a strength "
                f"(\"{sentence}\"): move it to the table's Strengths box or to A2 Strengths, and keep the need row "
                "for the need (DfE template)", phrase=sentence, span=(0, 34)),
    ]


@pytest.mark.parametrize("sentence", [
    "Strengths: Theo reads fluently.",
    "He enjoys drawing maps.",
    "Theo has an excellent memory for facts.",
])
def test_strength_sentences_in_a_need_row_are_flagged(sentence):
    data = base_plan_data()
    data["health"]["needs"][0]["description"] = sentence
    (found,) = run_rule("EHCP-B003", data)
    assert (found.pointer, found.phrase, found.span) == ("/health/needs/0/description", sentence, (0, len(sentence)))


def test_a_strength_set_against_a_difficulty_is_a_need_and_passes_b003():
    data = base_plan_data()
    data["health"]["needs"][0]["description"] = "Theo enjoys bedtime stories but takes two hours to fall asleep."
    assert run_rule("EHCP-B003", data) == []


# -- EHCP-C002 -------------------------------------------------------------------------------------------------


def test_health_provision_agreed_by_the_icb_passes_c002():
    assert run_rule("EHCP-C002", base_plan_data()) == []


def test_health_provision_with_no_record_of_the_icbs_agreement_fails_c002():
    data = base_plan_data()
    del data["health"]["provision"][1]["commissioner_agreement"]
    assert run_rule("EHCP-C002", data) == [
        finding("EHCP-C002", "warning", "G", "/health/provision/1", "Health provision G-2 is not recorded as agreed "
                "by the responsible commissioning body: record the ICB's agreement and its date (Regs 12(2))"),
    ]


# -- EHCP-D002 -------------------------------------------------------------------------------------------------


def test_h1_provision_for_a_17_year_old_passes_d002():
    data = with_social_care_need(base_plan_data(), h1=True, h2=False)
    data["personal_details"]["date_of_birth"] = "2008-05-23"  # 17 on the final issue date, 2026-05-22
    assert run_rule("EHCP-D002", data) == []


def test_h1_provision_for_someone_who_turns_18_on_the_plan_date_fails_d002():
    data = with_social_care_need(base_plan_data(), h1=True, h2=False)
    data["personal_details"]["date_of_birth"] = "2008-05-22"
    assert run_rule("EHCP-D002", data) == [
        finding("EHCP-D002", "warning", "H1", "/social_care/h1_provision/0", "H1 provision H1-1 is for someone aged "
                "18 on the plan date (2026-05-22): H1 (CSDPA 1970 s.2) is for under-18s; put adult care and support "
                "in H2 (CFA s.37(2)(e))"),
    ]


def test_h2_provision_for_an_adult_passes_d002():
    data = with_social_care_need(base_plan_data(), h1=False, h2=True)
    data["personal_details"]["date_of_birth"] = "2005-01-10"
    assert run_rule("EHCP-D002", data) == []
