"""EHCP-A001 to A003: A1 fits one A4 page, A2 recordings last at most 5 minutes, and A2 Views say how they were
gathered and who gave them."""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, run_rule


def warning(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.WARNING, "A", pointer, message)


def with_history(text: str) -> dict[str, Any]:
    data = base_plan_data()
    data["section_a"]["a1"]["history"] = text
    return data


def with_recording(kind: str, seconds: int | None) -> dict[str, Any]:
    data = base_plan_data()
    item = {"kind": kind, "title": "Theo at the train museum", "reference": "video-1.mp4"}
    if seconds is not None:
        item["duration_seconds"] = seconds
    data["section_a"]["a2"]["media"].append(item)
    return data


# -- EHCP-A001 -------------------------------------------------------------------------------------------------


def test_an_a1_history_of_one_page_passes_a001():
    assert run_rule("EHCP-A001", base_plan_data()) == []


def test_an_a1_history_of_exactly_500_words_and_3000_characters_passes_a001():
    assert run_rule("EHCP-A001", with_history(" ".join(["word"] * 499 + ["x" * 505]))) == []


def test_an_a1_history_of_501_words_fails_a001():
    assert run_rule("EHCP-A001", with_history(" ".join(["word"] * 501))) == [
        warning("EHCP-A001", "/section_a/a1/history", "A1 history is 501 words and 2,504 characters, more than one A4 "
                "page (500 words or 3,000 characters): shorten it, and refer to the advice appended in K rather than "
                "copying it (DfE template)"),
    ]


def test_an_a1_history_of_3001_characters_fails_a001_even_in_few_words():
    (found,) = run_rule("EHCP-A001", with_history("Theo " + "x" * 2996))
    assert found.message.startswith("A1 history is 2 words and 3,001 characters, more than one A4 page")


# -- EHCP-A002 -------------------------------------------------------------------------------------------------


def test_a_five_minute_video_passes_a002():
    assert run_rule("EHCP-A002", with_recording("video", 300)) == []


@pytest.mark.parametrize("kind, seconds", [("drawing", None), ("photo", None), ("video", None)])
def test_media_with_no_length_passes_a002(kind, seconds):
    assert run_rule("EHCP-A002", with_recording(kind, seconds)) == []


def test_a_recording_longer_than_five_minutes_fails_a002():
    assert run_rule("EHCP-A002", with_recording("audio", 301)) == [
        warning("EHCP-A002", "/section_a/a2/media/1", "The recording \"Theo at the train museum\" lasts 5 min 01 s, "
                "longer than 5 minutes: shorten it or choose a clip of at most 5 minutes (DfE template)"),
    ]


# -- EHCP-A003 -------------------------------------------------------------------------------------------------


def test_a2_views_saying_how_and_from_whom_pass_a003():
    assert run_rule("EHCP-A003", base_plan_data()) == []


def test_a2_views_that_do_not_say_how_they_were_gathered_fail_a003():
    data = base_plan_data()
    del data["section_a"]["a2"]["views_gathered"]
    assert run_rule("EHCP-A003", data) == [
        warning("EHCP-A003", "/section_a/a2/views", "A2 Views does not say how the views were gathered: record it in "
                "views_gathered, e.g. \"a conversation at home\" or \"a drawing\" (DfE template; CoP 9.61)"),
    ]


def test_a2_views_that_say_only_that_they_were_given_on_the_childs_behalf_pass_a003():
    data = base_plan_data()
    del data["section_a"]["a2"]["views_given_by"]
    assert run_rule("EHCP-A003", data) == []  # views_on_behalf is false: Theo gave them himself


def test_a2_views_that_say_neither_who_gave_them_nor_whether_on_behalf_fail_a003():
    data = base_plan_data()
    del data["section_a"]["a2"]["views_given_by"], data["section_a"]["a2"]["views_on_behalf"]
    assert run_rule("EHCP-A003", data) == [
        warning("EHCP-A003", "/section_a/a2/views", "A2 Views does not say who gave them or whether they were given "
                "on the child's behalf: record views_given_by or views_on_behalf (DfE template; CoP 9.61)"),
    ]


def test_a2_without_views_fails_a003():
    data = base_plan_data()
    del data["section_a"]["a2"]["views"]
    assert run_rule("EHCP-A003", data) == [
        warning("EHCP-A003", "/section_a/a2", "A2 has no Views: summarise the person-centred conversations, say how "
                "the views were gathered and whether someone gave them on the child's behalf (DfE template; "
                "CoP 9.61)"),
    ]
