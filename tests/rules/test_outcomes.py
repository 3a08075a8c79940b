"""EHCP-E001 to E005: outcomes are linked to every need, time-bound, not services, shared with one text, and flagged
as education or training outcomes for young people of 17 and over."""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import REGISTRY, Finding, Severity
from tests.rules.builders import base_plan_data, run_rule

CI = "/special_educational_needs/communication_interaction"
SEMH = "/special_educational_needs/semh"


def warning(rule_id: str, pointer: str, message: str, **extra: Any) -> Finding:
    return Finding(rule_id, Severity.WARNING, "E", pointer, message, **extra)


def outcome(data: dict[str, Any], table: str, index: int) -> dict[str, Any]:
    tables = {"ci": data["special_educational_needs"]["communication_interaction"],
              "semh": data["special_educational_needs"]["semh"], "health": data["health"]}
    return tables[table]["outcomes"][index]


# -- EHCP-E001 -------------------------------------------------------------------------------------------------


def test_a_plan_whose_needs_all_link_to_outcomes_passes_e001():
    assert run_rule("EHCP-E001", base_plan_data()) == []


def test_a_need_with_no_outcome_fails_e001():
    data = base_plan_data()
    data["special_educational_needs"]["communication_interaction"]["needs"][0]["outcome_ids"] = []
    assert run_rule("EHCP-E001", data) == [
        warning("EHCP-E001", f"{CI}/needs/0", "Need B-CI-1 in B links to no outcome: add the outcome in E that its "
                "provision works towards (golden thread need -> provision -> outcome)"),
    ]


# -- EHCP-E002 -------------------------------------------------------------------------------------------------


def test_outcomes_with_time_frames_pass_e002():
    assert run_rule("EHCP-E002", base_plan_data()) == []


def test_an_outcome_whose_text_says_by_when_passes_e002_without_a_time_frame():
    data = base_plan_data()
    del outcome(data, "ci", 0)["time_frame"]
    assert run_rule("EHCP-E002", data) == []  # "By the end of Year 4, Theo will join a game..."


@pytest.mark.parametrize("text", [
    "By July 2028, Theo will swim 25 metres.",
    "Within 12 months Theo will swim 25 metres.",
    "By his 11th birthday Theo will swim 25 metres.",
    "By Key Stage 3 Theo will swim 25 metres.",
])
def test_time_wording_in_the_text_makes_an_outcome_time_bound(text):
    data = base_plan_data()
    del outcome(data, "ci", 0)["time_frame"]
    outcome(data, "ci", 0)["description"] = text
    assert run_rule("EHCP-E002", data) == []


def test_an_outcome_with_no_time_frame_and_no_time_in_its_text_fails_e002():
    data = base_plan_data()
    del outcome(data, "ci", 0)["time_frame"]
    outcome(data, "ci", 0)["description"] = "Theo will join a game with two other children at playtime."
    assert run_rule("EHCP-E002", data) == [
        warning("EHCP-E002", f"{CI}/outcomes/0", "Outcome E-1 does not say by when: add a target date or the end of a "
                "key stage, year or phase, e.g. \"by the end of Key Stage 2\" (CoP 9.66)"),
    ]


# -- EHCP-E003 -------------------------------------------------------------------------------------------------


def test_outcomes_that_say_what_the_child_will_do_pass_e003():
    assert run_rule("EHCP-E003", base_plan_data()) == []


def test_an_outcome_written_as_a_service_fails_e003_with_each_phrase_highlighted():
    data = base_plan_data()
    text = "By the end of Year 4, Theo will receive 2 sessions of speech and language therapy a week."
    outcome(data, "ci", 1)["description"] = text
    message = ("Outcome E-2 is written as a service (\"{}\"): say what the child or young person will be able to do, "
               "and put the service in the provision (CoP 9.66)")
    assert run_rule("EHCP-E003", data) == [
        warning("EHCP-E003", f"{CI}/outcomes/1/description", message.format("will receive"),
                phrase="will receive", span=(27, 39)),
        warning("EHCP-E003", f"{CI}/outcomes/1/description", message.format("sessions"),
                phrase="sessions", span=(42, 50)),
    ]


@pytest.mark.parametrize("phrase", ["will be provided with", "access to", "5 hours of", "1:1", "staff will"])
def test_service_wording_in_an_outcome_is_flagged(phrase):
    data = base_plan_data()
    outcome(data, "ci", 1)["description"] = f"By the end of Year 4, {phrase} a quiet room"
    (found,) = run_rule("EHCP-E003", data)
    assert found.phrase == phrase


@pytest.mark.parametrize("text", [
    "By the end of Year 4, Theo will tell a member of staff when he feels anxious.",
    "By the end of Year 4, Theo will fall asleep by 20:30 and sleep for 10 hours.",
])
def test_personal_outcomes_that_mention_staff_or_a_time_of_day_pass_e003(text):
    data = base_plan_data()
    outcome(data, "ci", 1)["description"] = text
    assert run_rule("EHCP-E003", data) == []


# -- EHCP-E004 -------------------------------------------------------------------------------------------------


def share_e3_with_health_as_e7(data: dict[str, Any], text: str) -> dict[str, Any]:
    """Write outcome E-3 out again in the health table as E-7, and point the health need at E-7 instead."""
    data["health"]["outcomes"].append({"id": "E-7", "description": text,
                                       "time_frame": {"by_phase": "the end of Key Stage 2"}})
    data["health"]["needs"][0]["outcome_ids"] = ["E-6", "E-7"]
    return data


def test_an_outcome_shared_by_id_passes_e004():
    assert run_rule("EHCP-E004", base_plan_data()) == []  # C-1 and B-SEMH-1 both refer to E-3


def test_an_outcome_written_out_again_under_another_id_fails_e004():
    data = base_plan_data()
    data = share_e3_with_health_as_e7(data, outcome(data, "semh", 0)["description"].upper())
    assert run_rule("EHCP-E004", data) == [
        warning("EHCP-E004", "/health/outcomes/1", f"Outcome E-7 repeats outcome E-3 ({SEMH}/outcomes/0) under a "
                "second id: keep one outcome and have every need it serves refer to E-3 (DfE template guidance)"),
    ]


def test_a_shared_outcome_copied_with_a_small_change_fails_e004():
    data = base_plan_data()
    text = outcome(data, "semh", 0)["description"].replace("within 10 minutes", "within 15 minutes")
    data = share_e3_with_health_as_e7(data, text)
    assert run_rule("EHCP-E004", data) == [
        warning("EHCP-E004", "/health/outcomes/1", f"Outcome E-7 is nearly the same as outcome E-3 "
                f"({SEMH}/outcomes/0) but not identical: if it is one outcome shared by several needs, use one outcome "
                "with identical text and refer to E-3 from each need (DfE template guidance)"),
    ]


def test_e004_is_marked_unverified_because_the_template_guidance_was_not_seen():
    assert REGISTRY["EHCP-E004"].unverified


# -- EHCP-E005 -------------------------------------------------------------------------------------------------


def test_outcomes_for_a_16_year_old_need_no_education_flag():
    data = base_plan_data()
    data["personal_details"]["date_of_birth"] = "2009-05-23"  # 16 on the final issue date, 2026-05-22
    assert run_rule("EHCP-E005", data) == []


def test_outcomes_for_a_17_year_old_that_all_say_whether_they_are_education_pass_e005():
    data = base_plan_data()
    data["personal_details"]["date_of_birth"] = "2009-05-22"
    for _, item in _outcome_dicts(data):
        item["education_or_training"] = True
    assert run_rule("EHCP-E005", data) == []


def test_an_outcome_for_a_17_year_old_that_does_not_say_whether_it_is_education_fails_e005():
    data = base_plan_data()
    data["personal_details"]["date_of_birth"] = "2009-05-22"
    for pointer, item in _outcome_dicts(data):
        if item["id"] != "E-2":
            item["education_or_training"] = pointer.startswith("/special")
    assert run_rule("EHCP-E005", data) == [
        warning("EHCP-E005", f"{CI}/outcomes/1", "Outcome E-2 does not say whether it is an education or training "
                "outcome, and the young person is 17 on the plan date (2026-05-22): set education_or_training "
                "(CoP 9.62)"),
    ]


def _outcome_dicts(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    areas = data["special_educational_needs"].items()
    tables = [(f"/special_educational_needs/{area}", table) for area, table in areas]
    tables += [("/health", data["health"]), ("/social_care", data["social_care"])]
    return [(f"{base}/outcomes/{i}", item) for base, table in tables for i, item in enumerate(table["outcomes"])]
