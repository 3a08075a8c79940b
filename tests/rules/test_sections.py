"""EHCP-S001 to S003: every section present and labelled, unused sections marked, the template's block order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, run_rule

#: The labels of the blocks that hold needs, provision and their outcomes (E).
NEEDS_TABLES = {"B", "F", "C", "G", "D", "H1", "H2"}
#: The labels of a document laid out exactly as the national template (§3).
TEMPLATE_LABELS = ("personal_details", "A1", "A2", "B", "F", "E", "C", "G", "E", "D", "H1", "H2", "E", "I", "J", "K")


def error(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.ERROR, "plan", pointer, message)


def warning(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.WARNING, "plan", pointer, message)


# -- EHCP-S001 -------------------------------------------------------------------------------------------------


def test_a_plan_with_every_section_passes_s001():
    assert run_rule("EHCP-S001", base_plan_data()) == []


def test_a_plan_without_section_j_is_missing_a_section():
    data = base_plan_data()
    del data["personal_budget"]
    assert run_rule("EHCP-S001", data) == [
        error("EHCP-S001", "/personal_budget", "Section J is missing (Direct payments): add it to the plan; a section "
              "with nothing in it stays in the plan and says so (Regs 12(1); CoP 9.62)"),
    ]


def test_a_plan_without_social_care_is_missing_d_h1_and_h2():
    data = base_plan_data()
    del data["social_care"]
    assert run_rule("EHCP-S001", data) == [
        error("EHCP-S001", "/social_care", "Sections D, H1 and H2 are missing (Social care needs and provision): add "
              "them to the plan; a section with nothing in it stays in the plan and says so (Regs 12(1); CoP 9.62)"),
    ]


def test_a_document_showing_every_letter_passes_s001():
    assert run_rule("EHCP-S001", base_plan_data(), document_sections=TEMPLATE_LABELS) == []


def test_a_document_labelling_sections_as_section_x_passes_s001():
    labels = tuple(f"Section {letter}" for letter in ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"))
    assert run_rule("EHCP-S001", base_plan_data(), document_sections=labels) == []


def test_a_document_that_does_not_label_h2_and_j_fails_s001_for_each():
    labels = tuple(label for label in TEMPLATE_LABELS if label not in ("H2", "J"))
    message = ("The document shows no section labelled {}: label every section A to K (with H1 and H2) separately by "
               "its letter, even one that does not apply (Regs 12(1); CoP 9.62)")
    assert run_rule("EHCP-S001", base_plan_data(), document_sections=labels) == [
        error("EHCP-S001", "/social_care", message.format("H2")),
        error("EHCP-S001", "/personal_budget", message.format("J")),
    ]


# -- EHCP-S002 -------------------------------------------------------------------------------------------------


def test_a_plan_whose_unused_sections_say_so_passes_s002():
    assert run_rule("EHCP-S002", base_plan_data()) == []


def test_an_empty_section_j_not_marked_not_applicable_fails_s002():
    data = base_plan_data()
    data["personal_budget"]["not_applicable"] = False
    assert run_rule("EHCP-S002", data) == [
        warning("EHCP-S002", "/personal_budget", "Section J records no direct payment but is not marked not "
                "applicable: set not_applicable so that it says \"not applicable\", or record the direct payment "
                "(IPSEA checklist)"),
    ]


def test_an_empty_section_d_that_does_not_say_there_are_no_needs_fails_s002():
    data = base_plan_data()
    data["social_care"]["no_identified_needs"] = False
    del data["social_care"]["no_needs_statement"]
    assert run_rule("EHCP-S002", data) == [
        warning("EHCP-S002", "/social_care", "Section D lists no social care needs but does not say there are none: "
                "set no_identified_needs and state that there are no social care needs relating to the SEN or "
                "disability (IPSEA checklist)"),
    ]


def test_an_empty_section_c_that_does_not_say_there_are_no_needs_fails_s002():
    data = base_plan_data()
    data["health"].update(needs=[], provision=[], outcomes=[], no_identified_needs=False)
    assert run_rule("EHCP-S002", data) == [
        warning("EHCP-S002", "/health", "Section C lists no health care needs but does not say there are none: set "
                "no_identified_needs and state that there are no health care needs relating to the SEN or "
                "disability (IPSEA checklist)"),
    ]


# -- EHCP-S003 -------------------------------------------------------------------------------------------------


def test_a_document_in_the_template_order_passes_s003():
    assert run_rule("EHCP-S003", base_plan_data(), document_sections=TEMPLATE_LABELS) == []


def test_s003_says_nothing_when_the_document_order_is_unknown():
    assert run_rule("EHCP-S003", base_plan_data()) == []


def test_a_document_in_alphabetical_order_fails_s003_where_f_follows_d():
    labels = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
    assert run_rule("EHCP-S003", base_plan_data(), document_sections=labels) == [
        warning("EHCP-S003", "", "Section F comes after D in the document, out of the template's order (A (A1, A2), "
                "B-F-E, C-G-E, D-H1-H2-E, I, J, K): put the blocks in that order (DfE template; order is not a legal "
                "requirement)"),
    ]


def test_a_document_that_puts_outcomes_before_any_needs_fails_s003():
    labels = ("A1", "A2", "E", "B", "F", "C", "G", "D", "H1", "H2", "I", "J", "K")
    assert run_rule("EHCP-S003", base_plan_data(), document_sections=labels) == [
        warning("EHCP-S003", "", "Section E comes before the first B-F-E table in the document, out of the template's "
                "order (A (A1, A2), B-F-E, C-G-E, D-H1-H2-E, I, J, K): put the blocks in that order (DfE template; "
                "order is not a legal requirement)"),
    ]


def test_a_document_with_k_before_i_fails_s003():
    labels = ("A1", "A2", "B", "F", "E", "C", "G", "E", "D", "H1", "H2", "E", "K", "I", "J")
    (finding,) = run_rule("EHCP-S003", base_plan_data(), document_sections=labels)
    assert finding.message.startswith("Section I comes after K in the document")


@given(st.lists(st.booleans(), min_size=len(TEMPLATE_LABELS), max_size=len(TEMPLATE_LABELS)))
def test_any_document_that_keeps_the_template_order_passes_s003_even_with_sections_left_out(keep):
    labels = [label for label, kept in zip(TEMPLATE_LABELS, keep, strict=True) if kept]
    while "E" in labels and not NEEDS_TABLES & set(labels[:labels.index("E")]):
        labels.remove("E")  # E belongs to a needs table, so it is out of order before the first one
    assert run_rule("EHCP-S003", base_plan_data(), document_sections=tuple(labels)) == []
