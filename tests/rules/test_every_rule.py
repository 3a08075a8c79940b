"""What holds for every rule alike: it is registered with the severity and basis EHCP-STANDARD.md §6 gives it, it
finds nothing in the bundled examples, and on any valid plan it runs without error and points at what it judges.

What each rule finds is tested in the file for its part of the plan (``test_needs.py``, ``test_placement.py``...).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from ehcp_standard.model import Plan
from ehcp_standard.rules import REGISTRY, CheckContext, Finding, check_file
from tests.rules.builders import AS_OF, EXAMPLES, base_plan_data, resolve, run_rule, to_plan
from tests.strategies import plans

#: Every rule of EHCP-STANDARD.md §6, in the order its table lists them: id, severity and basis exactly as §6
#: gives them, and the section of the report the rule's findings are grouped under (ours, not the standard's).
STANDARD_RULES = [
    ("EHCP-S001", "error", "plan", "Regs 12(1); CoP 9.62"),
    ("EHCP-S002", "warning", "plan", "IPSEA checklist"),
    ("EHCP-S003", "warning", "plan", "DfE template"),
    ("EHCP-B001", "error", "B", "s.37(2); CoP 9.69; *ex p E*"),
    ("EHCP-B002", "warning", "B", "DfE template"),
    ("EHCP-B003", "warning", "B", "DfE template"),
    ("EHCP-C001", "error", "C", "s.37(2)(d); Regs 12(1)(c),(g)"),
    ("EHCP-C002", "warning", "G", "Regs 12(2)"),
    ("EHCP-D001", "error", "D", "s.37(2)(e),(f); Regs 12(1)(d),(h)"),
    ("EHCP-D002", "warning", "H1", "CFA s.37(2)(e); CSDPA 1970 s.2"),
    ("EHCP-E001", "warning", "E", "Golden thread (DfE principles)"),
    ("EHCP-E002", "warning", "E", "CoP 9.66 (SMART)"),
    ("EHCP-E003", "warning", "E", "CoP 9.66; Bradford guidance"),
    ("EHCP-E004", "warning", "E", "DfE template guidance"),
    ("EHCP-E005", "warning", "E", "CoP 9.62 (Section E)"),
    ("EHCP-F001", "warning", "F", "CoP 9.69; *L v Clarke*"),
    ("EHCP-F002", "warning", "F", 'CoP 9.69 ("level of expertise"); template prompt 2'),
    ("EHCP-F003", "warning", "F", "Template prompt 3"),
    ("EHCP-F004", "warning", "F", "*Worcestershire CC v SE* [2020] UKUT 217 (AAC); *L v Clarke*"),
    ("EHCP-F005", "warning", "F", "CFA s.21(5); IPSEA (only F is enforceable)"),
    ("EHCP-F006", "error", "F", "Regs 12(1); IPSEA"),
    ("EHCP-G001", "warning", "G", "DfE template"),
    ("EHCP-I001", "error", "I", "CFA s.38(5)"),
    ("EHCP-I002", "error", "I", "Regs 12(1)(i)"),
    ("EHCP-I003", "warning", "I", "Regs 12(1)(i); DfE template"),
    ("EHCP-I004", "warning", "I", "SEN2 (for export)"),
    ("EHCP-J001", "error", "J", "Regs 12(1)(j)"),
    ("EHCP-J002", "error", "J",
     "SEN (Personal Budgets) Regs 2014, as summarised by education law barristers [UNVERIFIED clause]"),
    ("EHCP-P001", "error", "plan", "Regs 12(3); CoP 9.63"),
    ("EHCP-P002", "warning", "plan", "CoP 9.63, ch. 8"),
    ("EHCP-K001", "error", "K", "Regs 6(1), 6(4), 12"),
    ("EHCP-K002", "warning", "K", "DfE template (K columns)"),
    ("EHCP-K003", "warning", "K", "Data consistency"),
    ("EHCP-A001", "warning", "A", "DfE template"),
    ("EHCP-A002", "warning", "A", "DfE template"),
    ("EHCP-A003", "warning", "A", "DfE template; CoP 9.61"),
    ("EHCP-R001", "error", "timescales", "CFA s.44; CoP 9.166–9.176"),
    ("EHCP-R002", "warning", "timescales", "CoP 9.178"),
    ("EHCP-R003", "warning", "timescales", "CoP 9.61"),
    ("EHCP-R004", "error", "timescales", "Regs 18"),
    ("EHCP-R005", "error", "timescales", "Regs 20/21"),
    ("EHCP-R006", "error", "timescales", "Regs 22"),
    ("EHCP-T001", "error", "timescales", "Regs 13(2), 10(4)"),
    ("EHCP-T002", "error", "timescales", "Regs 13(1), 22"),
    ("EHCP-T003", "error", "timescales", "Regs 5"),
    ("EHCP-T004", "error", "timescales", "Regs 10"),
    ("EHCP-Y001", "error", "plan", "CFA s.46"),
    ("EHCP-Y002", "error", "personal_details", "CFA s.83(2)"),
    ("EHCP-Y003", "warning", "plan", "SEN2 code list"),
    ("EHCP-ID001", "error", "identifiers", "DfE UPN standard"),
    ("EHCP-ID002", "error", "identifiers", "Learning Records Service"),
    ("EHCP-ID003", "error", "identifiers", "NHS Data Dictionary"),
    ("EHCP-ID004", "error", "identifiers", "DfE (GIAS)"),
    ("EHCP-ID005", "warning", "identifiers", "SEN2 spec (`ukprn`)"),
    ("EHCP-ID006", "error", "identifiers", "DfE LA codes"),
]
STANDARD_IDS = [rule_id for rule_id, *_ in STANDARD_RULES]

#: Rules whose registered basis is known not to match §6 yet, with how it differs. The test of each is expected to
#: fail, and fails the run once the basis is put right, so that the entry is removed.
NOT_YET_AS_THE_STANDARD: dict[str, str] = {}


# -- the registry ------------------------------------------------------------------------------------------------


def test_the_standard_lists_55_rules():
    assert len(STANDARD_IDS) == len(set(STANDARD_IDS)) == 55


def test_the_registry_holds_exactly_the_rules_of_the_standard():
    missing = sorted(set(STANDARD_IDS) - set(REGISTRY))
    extra = sorted(set(REGISTRY) - set(STANDARD_IDS))
    assert (missing, extra) == ([], [])


def test_each_rule_is_registered_with_the_severity_of_the_standard_and_its_section():
    registered = {rule_id: (rule.severity.value, rule.section) for rule_id, rule in REGISTRY.items()}
    assert registered == {rule_id: (severity, section) for rule_id, severity, section, _ in STANDARD_RULES}


def basis_cases():
    """Yield a case per rule of the standard; one whose basis is known to differ from §6 is expected to fail."""
    for rule_id, _, _, basis in STANDARD_RULES:
        known = NOT_YET_AS_THE_STANDARD.get(rule_id)
        marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
        yield pytest.param(rule_id, basis, id=rule_id, marks=marks)


@pytest.mark.parametrize(("rule_id", "basis"), basis_cases())
def test_each_rule_is_registered_with_the_basis_of_the_standard(rule_id, basis):
    assert REGISTRY[rule_id].basis == basis


# -- the bundled examples ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.stem)
def test_every_rule_finds_nothing_in_a_bundled_example(path):
    report = check_file(path, as_of=AS_OF)
    assert (report.problems, report.complete) == ([], True)
    assert [finding.as_dict() for finding in report.findings] == []  # the examples are meant to be clean


# -- any valid plan ----------------------------------------------------------------------------------------------


def at(*pointers: str) -> tuple[re.Pattern[str], ...]:
    """Return patterns matching exactly these JSON pointers."""
    return tuple(re.compile(re.escape(pointer)) for pointer in pointers)


def under(*pointers: str) -> tuple[re.Pattern[str], ...]:
    """Return patterns matching these JSON pointers and any pointer below one of them."""
    return tuple(re.compile(re.escape(pointer) + "(/.*)?") for pointer in pointers)


SECTION_FIELDS = ("/section_a", "/special_educational_needs", "/health", "/social_care", "/placement",
                  "/personal_budget", "/advice")
NEEDS_TABLES = ("/special_educational_needs", "/health", "/social_care")

#: Where the findings of each family of rules may point (the family is the letters of the id: EHCP-I, EHCP-ID).
POINTS_INTO = {
    "S": at("", *SECTION_FIELDS),  # a section as a whole, or the document's order ("")
    "B": under("/special_educational_needs"),
    "C": under("/health"),
    "D": under("/social_care"),
    "E": under(*NEEDS_TABLES),
    "F": under(*NEEDS_TABLES, "/section_a", "/carried_over"),  # F004, F005: G and H too; F006: A and carried over
    "G": under("/health"),
    "I": under("/placement"),
    "J": under("/personal_budget/items"),
    "P": at("/special_educational_needs"),
    "K": at("/advice") + under("/advice/entries"),  # K001 points at /advice when the plan has no K
    "A": under("/section_a"),
    "R": under("/metadata", "/placement/placements"),
    "T": under("/metadata/dates", "/metadata/events"),
    "Y": at("/metadata/status", "/metadata/dates/cease_date", "/personal_details/date_of_birth",
            "/metadata/cease_reason"),
    "ID": under("/personal_details/identifiers", "/services", "/placement/placements", "/metadata/la_code",
                "/metadata/events"),
}


def family(rule_id: str) -> str:
    """Return the letters of a rule id: ``I`` for EHCP-I001, ``ID`` for EHCP-ID001."""
    return re.fullmatch(r"EHCP-([A-Z]+)\d{3}", rule_id).group(1)


def findings_on(plan: Plan, data: dict[str, Any]) -> list[Finding]:
    """Return the findings of every registered rule: plan rules on ``plan``, data rules on its JSON ``data``."""
    context = CheckContext(as_of=AS_OF)
    found: list[Finding] = []
    for rule in REGISTRY.values():
        found += rule.run_data(data, context) if rule.applies_to == "data" else rule.run(plan, context)
    return found


def test_every_family_of_rules_has_the_places_its_findings_may_point():
    assert {family(rule_id) for rule_id in REGISTRY} == set(POINTS_INTO)


@settings(max_examples=180, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_every_rule_runs_on_any_valid_plan_and_points_at_what_it_judges(plan):
    data = plan.model_dump(mode="json")
    for found in findings_on(plan, data):
        assert any(path.fullmatch(found.pointer) for path in POINTS_INTO[family(found.rule_id)]), found
        target = resolve(data, found.pointer)
        if found.span is not None:
            assert target[found.span[0]:found.span[1]] == found.phrase, found
        if family(found.rule_id) == "T":
            dt.date.fromisoformat(target)  # a timescale rule points at the date it judges
        if family(found.rule_id) == "J":
            index = int(found.pointer.split("/")[3])  # a budget rule points at an item paid as a direct payment
            assert plan.personal_budget.items[index].mechanism.value == "direct_payment", found


def test_k001_on_a_plan_without_section_k_points_at_something_in_it():
    data = base_plan_data()
    del data["advice"]
    events = data["metadata"]["events"]
    events[:] = [event for event in events if "advice_id" not in event]  # no K rows to refer to
    plan = to_plan(data)
    found = run_rule("EHCP-K001", plan)
    assert len(found) == 5  # the five kinds of advice every plan needs
    assert {finding.pointer for finding in found} == {"/advice"}
    for finding in found:
        resolve(plan.model_dump(mode="json"), finding.pointer)
