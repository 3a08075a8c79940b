"""The rules engine: registration, choosing rules, ordering findings, and the path a plan file takes (check_data)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ehcp_standard.rules import engine
from ehcp_standard.rules.engine import (
    NOT_ALL_RULES_RAN,
    CheckContext,
    CheckReport,
    Finding,
    Hit,
    Severity,
    UnknownRuleError,
    check_data,
    check_file,
    check_paths,
    check_plan,
    rule,
    select_rules,
    sort_findings,
)
from ehcp_standard.validation import Problem

from .builders import AS_OF, base_plan_data, to_plan

UPN = "/personal_details/identifiers/upn"


@pytest.fixture
def registry(monkeypatch):
    """An empty registry in place of the real one, for rules registered by the test."""
    fake: dict = {}
    monkeypatch.setattr(engine, "REGISTRY", fake)
    return fake


def register_sentinel(rule_id: str = "EHCP-Z001", section: str = "plan", severity: str = "warning") -> None:
    """Register a plan rule that always reports the plan's status and the date it was judged on."""

    @rule(rule_id, severity, "Sentinel.", basis="Test", section=section)
    def _sentinel(plan, ctx):
        yield Hit("/metadata/status", f"ran on a {plan.metadata.status.value} plan as of {ctx.as_of}")


def register_family(*rule_ids: str) -> None:
    for rule_id in rule_ids:
        rule(rule_id, "warning", "A rule.", basis="Test", section="plan")(lambda plan, ctx: iter(()))


def ids(rules) -> list[str]:
    return [r.id for r in rules]


# -- registration ----------------------------------------------------------------------------------------------


def test_registering_an_id_twice_is_refused(registry):
    register_family("EHCP-Z001")
    with pytest.raises(ValueError, match="EHCP-Z001 is registered twice"):
        register_family("EHCP-Z001")


@pytest.mark.parametrize(
    ("rule_id", "section", "applies_to", "message"),
    [
        ("EHCP-Z1", "plan", "plan", "should look like EHCP-F001"),
        ("ehcp-z001", "plan", "plan", "should look like EHCP-F001"),
        ("EHCP-Z001", "Section F", "plan", "section 'Section F' should be one of plan, personal_details, A"),
        ("EHCP-Z001", "plan", "json", "applies_to should be 'plan' or 'data'"),
    ],
)
def test_a_malformed_registration_is_refused_with_what_was_expected(registry, rule_id, section, applies_to, message):
    with pytest.raises(ValueError, match=message):
        rule(rule_id, "error", "T.", basis="Test", section=section, applies_to=applies_to)


def test_a_retired_rule_is_listed_but_never_reports(registry):
    rule("EHCP-Z001", "error", "Old.", basis="Test", section="plan", retired=True)(
        lambda plan, ctx: iter([Hit("", "never")])
    )
    assert ids(select_rules()) == ["EHCP-Z001"]
    assert check_plan(to_plan(base_plan_data())) == []


def test_a_hit_may_lower_the_severity_of_its_rule(registry):
    rule("EHCP-Z001", "error", "T.", basis="Test", section="plan")(
        lambda plan, ctx: iter([Hit("/a", "soft", severity=Severity.WARNING), Hit("/b", "hard")])
    )
    findings = check_plan(to_plan(base_plan_data()))
    assert [(f.pointer, f.severity) for f in findings] == [("/a", Severity.WARNING), ("/b", Severity.ERROR)]


# -- choosing rules --------------------------------------------------------------------------------------------


def test_no_selection_chooses_every_rule_in_section_order(registry):
    rule("EHCP-F001", "warning", "F.", basis="T", section="F")(lambda p, c: iter(()))
    rule("EHCP-B001", "error", "B.", basis="T", section="B")(lambda p, c: iter(()))
    rule("EHCP-ID001", "error", "ID.", basis="T", section="identifiers", applies_to="data")(lambda d, c: iter(()))
    rule("EHCP-S001", "error", "S.", basis="T", section="plan")(lambda p, c: iter(()))
    assert ids(select_rules()) == ["EHCP-S001", "EHCP-B001", "EHCP-F001", "EHCP-ID001"]


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["EHCP-I001"], None, ["EHCP-I001"]),
        (["EHCP-I"], None, ["EHCP-I001", "EHCP-I002"]),
        (["EHCP-ID"], None, ["EHCP-ID001", "EHCP-ID002"]),
        (["ehcp-id001"], None, ["EHCP-ID001"]),
        (["EHCP-I00"], None, ["EHCP-I001", "EHCP-I002"]),
        (None, ["EHCP-ID"], ["EHCP-I001", "EHCP-I002", "EHCP-T001"]),
        (["EHCP-I", "EHCP-T001"], ["EHCP-I002"], ["EHCP-I001", "EHCP-T001"]),
        ([], None, []),
    ],
)
def test_rules_are_chosen_by_id_or_by_a_prefix_that_ends_before_the_number(registry, select, ignore, expected):
    register_family("EHCP-I001", "EHCP-I002", "EHCP-ID001", "EHCP-ID002", "EHCP-T001")
    assert sorted(ids(select_rules(select, ignore))) == expected


@pytest.mark.parametrize("selector", ["EHCP-Q001", "EHCP-", "F001", "EHCP-I0011"])
def test_a_selector_that_matches_no_rule_is_a_clear_error(registry, selector):
    register_family("EHCP-I001", "EHCP-F001")
    with pytest.raises(UnknownRuleError) as caught:
        select_rules(None, [selector])
    assert str(caught.value) == (
        f"no rule has the id or id prefix {selector!r}; ids look like EHCP-F001, a prefix such as EHCP-F picks a "
        "family (run 'ehcp rules' to list them)"
    )


def test_check_plan_runs_only_the_chosen_rules(registry):
    register_sentinel("EHCP-Z001")
    register_sentinel("EHCP-Y001")
    findings = check_plan(to_plan(base_plan_data()), as_of=AS_OF, ignore=["EHCP-Z"])
    assert [f.rule_id for f in findings] == ["EHCP-Y001"]


# -- dates and context -----------------------------------------------------------------------------------------


def test_as_of_is_the_date_rules_judge_on(registry):
    register_sentinel()
    [finding] = check_plan(to_plan(base_plan_data()), as_of=dt.date(2027, 1, 5))
    assert finding.message == "ran on a final plan as of 2027-01-05"


def test_as_of_overrides_the_date_of_a_given_context_and_keeps_the_rest(registry):
    seen = []
    rule("EHCP-Z001", "warning", "T.", basis="T", section="plan")(lambda p, ctx: seen.append(ctx) or iter(()))
    context = CheckContext(as_of=dt.date(2020, 1, 1), document_sections=("A", "B"))
    check_plan(to_plan(base_plan_data()), as_of=dt.date(2027, 1, 5), context=context)
    check_plan(to_plan(base_plan_data()), context=context)
    assert seen == [CheckContext(dt.date(2027, 1, 5), ("A", "B")), context]


def test_without_a_date_the_rules_judge_on_today(registry):
    register_sentinel()
    [finding] = check_plan(to_plan(base_plan_data()))
    assert finding.message.endswith(f"as of {dt.date.today()}")


# -- ordering --------------------------------------------------------------------------------------------------


def finding(rule_id: str, section: str, pointer: str, span=None) -> Finding:
    return Finding(rule_id, Severity.WARNING, section, pointer, "m", span=span)


def test_findings_are_ordered_by_section_in_template_order_then_by_pointer_with_numeric_indexes():
    unordered = [
        finding("EHCP-ID001", "identifiers", "/personal_details/identifiers/upn"),
        finding("EHCP-F004", "F", "/special_educational_needs/x/provision/10/description"),
        finding("EHCP-F004", "F", "/special_educational_needs/x/provision/2/description", span=(9, 12)),
        finding("EHCP-F004", "F", "/special_educational_needs/x/provision/2/description", span=(1, 3)),
        finding("EHCP-B001", "B", "/special_educational_needs/x/needs/0"),
        finding("EHCP-T001", "timescales", "/metadata/dates/final_issued"),
        finding("EHCP-S001", "plan", ""),
    ]
    ordered = sort_findings(unordered)
    assert [(f.rule_id, f.pointer.split("/")[-2:], f.span) for f in ordered] == [
        ("EHCP-S001", [""], None),
        ("EHCP-B001", ["needs", "0"], None),
        ("EHCP-F004", ["2", "description"], (1, 3)),
        ("EHCP-F004", ["2", "description"], (9, 12)),
        ("EHCP-F004", ["10", "description"], None),
        ("EHCP-T001", ["dates", "final_issued"], None),
        ("EHCP-ID001", ["identifiers", "upn"], None),
    ]


def test_a_section_outside_the_list_sorts_last():
    ordered = sort_findings([finding("EHCP-Z001", "elsewhere", "/a"), finding("EHCP-ID001", "identifiers", "/b")])
    assert [f.section for f in ordered] == ["identifiers", "elsewhere"]


# -- data rules on a loaded plan -------------------------------------------------------------------------------


def test_a_data_rule_run_on_a_loaded_plan_reads_the_plans_own_json(registry):
    rule("EHCP-Z001", "error", "T.", basis="T", section="identifiers", applies_to="data")(
        lambda data, ctx: iter([Hit("/metadata/la_code", f"la_code is {data['metadata']['la_code']}")])
    )
    [found] = check_plan(to_plan(base_plan_data()))
    assert (found.rule_id, found.message) == ("EHCP-Z001", "la_code is 383")


def test_a_plan_rule_cannot_be_run_on_raw_data(registry):
    register_sentinel()
    with pytest.raises(TypeError, match="EHCP-Z001 reads a loaded Plan, not JSON data"):
        list(engine.REGISTRY["EHCP-Z001"].run_data({}, CheckContext()))


# -- check_data: the path a plan file takes ----------------------------------------------------------------------


def with_upn(upn: str) -> dict:
    data = base_plan_data()
    data["personal_details"]["identifiers"]["upn"] = upn
    return data


def test_an_invalid_upn_is_reported_at_its_pointer_and_the_other_rules_still_run(registry, monkeypatch):
    from ehcp_standard.rules import REGISTRY as real

    monkeypatch.setitem(engine.REGISTRY, "EHCP-ID001", real["EHCP-ID001"])
    register_sentinel()
    report = check_data(with_upn("W383241722032"), source="plan.json", as_of=AS_OF)
    assert [(f.rule_id, f.severity, f.pointer) for f in report.findings] == [
        ("EHCP-Z001", Severity.WARNING, "/metadata/status"),
        ("EHCP-ID001", Severity.ERROR, UPN),
    ]
    assert report.findings[0].message == "ran on a final plan as of 2026-11-27"
    assert (report.valid, report.complete, report.problems) == (True, True, [])
    assert report.notes == [f"{UPN}: set aside as invalid; the rest of the plan was checked without it"]


def test_with_every_real_rule_an_invalid_upn_adds_id001_to_the_findings_of_the_valid_plan():
    clean = check_data(base_plan_data(), as_of=AS_OF)
    broken = check_data(with_upn("W383241722032"), as_of=AS_OF)
    id001 = [f for f in broken.findings if f.rule_id == "EHCP-ID001"]
    assert [f.pointer for f in id001] == [UPN]
    assert [f for f in broken.findings if f.rule_id != "EHCP-ID001"] == clean.findings
    assert broken.complete


def test_the_invalid_value_is_set_aside_even_when_its_rule_is_ignored():
    report = check_data(with_upn("W383241722032"), as_of=AS_OF, select=["EHCP-ID"], ignore=["EHCP-ID001"])
    assert (report.findings, report.problems, report.complete) == ([], [], True)


def test_check_data_does_not_change_the_data_it_is_given():
    data = with_upn("W383241722032")
    before = json.dumps(data)
    check_data(data, as_of=AS_OF)
    assert json.dumps(data) == before


def test_a_retired_owning_la_code_warns_with_its_successors_and_the_plan_is_checked_as_the_first(registry, monkeypatch):
    from ehcp_standard.rules import REGISTRY as real

    monkeypatch.setitem(engine.REGISTRY, "EHCP-ID006", real["EHCP-ID006"])
    register_sentinel()
    data = base_plan_data()
    data["metadata"]["la_code"] = "909"
    report = check_data(data, as_of=AS_OF)
    assert report.findings[-1] == Finding(
        "EHCP-ID006",
        Severity.WARNING,
        "identifiers",
        "/metadata/la_code",
        "LA code 909 (Cumbria) was retired in April 2023; use 942 (Cumberland) or 943 (Westmorland and Furness); "
        "the owning authority must be a current one",
    )
    assert [f.rule_id for f in report.findings] == ["EHCP-Z001", "EHCP-ID006"]
    assert report.notes == [("/metadata/la_code: set aside as invalid; the rest of the plan was checked with "
                             "'942' in its place")]
    assert not report.failed() and report.failed(strict=True)


def test_an_unknown_owning_la_code_is_an_error_and_the_rest_of_the_plan_is_still_checked(registry, monkeypatch):
    from ehcp_standard.rules import REGISTRY as real

    monkeypatch.setitem(engine.REGISTRY, "EHCP-ID006", real["EHCP-ID006"])
    register_sentinel()
    data = base_plan_data()
    data["metadata"]["la_code"] = "999"
    report = check_data(data, as_of=AS_OF)
    assert [(f.rule_id, f.severity) for f in report.findings] == [
        ("EHCP-Z001", Severity.WARNING),
        ("EHCP-ID006", Severity.ERROR),
    ]
    assert report.notes == [("/metadata/la_code: set aside as invalid; the rest of the plan was checked with "
                             "'201' in its place")]
    assert report.complete and report.failed()


def test_a_problem_that_is_not_an_identifier_problem_is_a_validation_problem_and_plan_rules_do_not_run(
    registry, monkeypatch
):
    from ehcp_standard.rules import REGISTRY as real

    monkeypatch.setitem(engine.REGISTRY, "EHCP-ID001", real["EHCP-ID001"])
    register_sentinel()
    data = with_upn("W383241722032")
    data["metadata"]["status"] = "approved"
    report = check_data(data, source="plan.json", as_of=AS_OF)
    assert [f.rule_id for f in report.findings] == ["EHCP-ID001"]
    assert report.problems == [
        Problem(
            "/metadata/status",
            "Input should be 'draft', 'final', 'proposed_amendment', 'amended_final' or 'ceased'",
            got="'approved'",
        )
    ]
    assert (report.valid, report.complete, report.notes[-1]) == (False, False, NOT_ALL_RULES_RAN)
    assert report.failed()


def test_data_that_is_not_a_plan_object_is_a_validation_problem_not_a_crash():
    report = check_data(["not", "a", "plan"], as_of=AS_OF)
    assert report.findings == []
    assert report.problems == [Problem("", "a plan is a JSON object", got="an array")]


def test_identifiers_of_the_wrong_json_type_are_left_to_validation():
    data = base_plan_data()
    data["services"]["nhs_number"] = 9434765919
    report = check_data(data, as_of=AS_OF, select=["EHCP-ID"])
    assert report.findings == []
    assert [p.pointer for p in report.problems] == ["/services/nhs_number"]


# -- reports ---------------------------------------------------------------------------------------------------


def test_a_report_counts_findings_by_severity_and_fails_on_errors_or_problems():
    warning = finding("EHCP-F004", "F", "/x")
    error = Finding("EHCP-B001", Severity.ERROR, "B", "/y", "m")
    assert CheckReport("a", [warning]).counts() == {"error": 0, "warning": 1}
    assert not CheckReport("a", [warning]).failed()
    assert CheckReport("a", [warning]).failed(strict=True)
    assert CheckReport("a", [error, warning]).failed()
    assert CheckReport("a", problems=[Problem("", "bad")]).failed()
    assert not CheckReport("a").failed(strict=True)


def test_a_report_as_a_dict_holds_everything_but_the_plan_data():
    report = CheckReport("a.json", [finding("EHCP-F004", "F", "/x")], [Problem("/y", "bad", got="1")], ["n"], False,
                         {"x": 1})
    assert report.as_dict() == {
        "source": "a.json",
        "valid": False,
        "complete": False,
        "counts": {"error": 0, "warning": 1},
        "findings": [{"rule": "EHCP-F004", "severity": "warning", "section": "F", "pointer": "/x", "message": "m"}],
        "problems": [{"pointer": "/y", "message": "bad", "got": "1"}],
        "notes": ["n"],
    }


# -- files -----------------------------------------------------------------------------------------------------


def write(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_check_file_reads_a_plan_file_and_names_it_as_the_source(tmp_path):
    write(tmp_path / "plan.json", with_upn("W383241722032"))
    report = check_file(tmp_path / "plan.json", as_of=AS_OF, select=["EHCP-ID"])
    assert report.source == str(tmp_path / "plan.json")
    assert [f.rule_id for f in report.findings] == ["EHCP-ID001"]
    assert report.data["personal_details"]["identifiers"]["upn"] == "W383241722032"


def test_a_word_plan_is_not_read_yet_and_says_so(tmp_path):
    (tmp_path / "plan.docx").write_bytes(b"PK")
    report = check_file(tmp_path / "plan.docx", as_of=AS_OF)
    assert report.problems == [
        Problem("", engine.NOT_READ_HERE[".docx"])
    ]
    assert (report.findings, report.complete) == ([], False)


def test_malformed_json_is_a_problem_with_its_line_and_column(tmp_path):
    (tmp_path / "plan.json").write_text('{\n  "schema_version": }', encoding="utf-8")
    [problem] = check_file(tmp_path / "plan.json").problems
    assert (problem.line, problem.column) == (2, 21)
    assert problem.message.startswith("not well-formed JSON")


def test_check_paths_expands_folders_and_reports_an_empty_folder(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "empty").mkdir()
    write(tmp_path / "plans" / "b.json", base_plan_data())
    write(tmp_path / "plans" / "a.json", with_upn("W383241722032"))
    reports = list(check_paths([tmp_path / "plans", tmp_path / "empty"], as_of=AS_OF, select=["EHCP-ID"]))
    assert [r.source.removeprefix(str(tmp_path)) for r in reports] == ["/plans/a.json", "/plans/b.json", "/empty"]
    assert reports[2].problems[0].message.startswith("folder has no *.json plan files")


def test_check_paths_refuses_an_unknown_rule_before_reading_any_file(tmp_path):
    with pytest.raises(UnknownRuleError):
        next(check_paths([tmp_path / "missing.json"], select=["EHCP-NOPE"]))


def test_findings_order_array_indexes_as_numbers_and_any_other_key_as_text():
    from ehcp_standard.rules.engine import _pointer_key  # "²" is a digit to str.isdigit, but not a number

    pointers = ["/needs/10/id", "/extensions/x/²", "/needs/2/id", "/needs/2/a"]
    assert sorted(pointers, key=_pointer_key) == ["/extensions/x/²", "/needs/2/a", "/needs/2/id", "/needs/10/id"]
