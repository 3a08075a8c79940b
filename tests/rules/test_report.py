"""Check reports as text (grouped by section, coloured only on a terminal), JSON and SARIF 2.1.0; the rule list as
Markdown and the README block it is written into."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from ehcp_standard import __version__
from ehcp_standard.rules import REGISTRY
from ehcp_standard.rules.engine import CheckReport, Finding, Rule, Severity, rules_in_order
from ehcp_standard.rules.report import (
    artifact_uri,
    json_document,
    readme_block,
    report_lines,
    rules_markdown,
    sarif_log,
    status,
    summary_line,
    write_readme,
    write_text,
)
from ehcp_standard.validation import Problem

PROVISION = "/special_educational_needs/communication_and_interaction/provision/0/description"
DESCRIPTION = "Theo will have help from a teaching assistant as required during lessons and at lunchtime each day."


def sample_report() -> CheckReport:
    """A report on a fictional plan with an error in B, a vague phrase in F and a bad UPN."""
    start = DESCRIPTION.index("as required")
    findings = [
        Finding("EHCP-B001", Severity.ERROR, "B", "/special_educational_needs/communication_and_interaction/needs/0",
                "need B-CI-1 has no provision in F; link an F entry to it"),
        Finding("EHCP-F004", Severity.WARNING, "F", PROVISION, "vague wording; say how often and for how long",
                phrase="as required", span=(start, start + len("as required"))),
        Finding("EHCP-ID001", Severity.ERROR, "identifiers", "/personal_details/identifiers/upn", "bad check letter"),
    ]
    provision = [{"description": DESCRIPTION}]
    data = {"special_educational_needs": {"communication_and_interaction": {"provision": provision}}}
    return CheckReport("plans/theo.json", findings, data=data)


def invalid_report() -> CheckReport:
    return CheckReport(
        "plans/ada.json",
        problems=[Problem("/metadata/status", "Input should be 'draft' or 'final'", got="'approved'")],
        notes=["not a valid plan"],
        complete=False,
    )


def plain(report: CheckReport) -> list[str]:
    return ["".join(text for text, _ in line) for line in report_lines(report)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- text ------------------------------------------------------------------------------------------------------


def test_text_groups_findings_under_a_heading_per_section_with_the_phrase_highlighted_in_context():
    assert plain(sample_report()) == [
        "FAIL plans/theo.json (2 errors, 1 warning)",
        "  Section B - Special educational needs",
        "    error    EHCP-B001   /special_educational_needs/communication_and_interaction/needs/0",
        "      need B-CI-1 has no provision in F; link an F entry to it",
        "  Section F - Special educational provision",
        f"    warning  EHCP-F004   {PROVISION}",
        "      vague wording; say how often and for how long",
        "      phrase: ...from a teaching assistant [as required] during lessons and at...",
        "  Identifiers",
        "    error    EHCP-ID001  /personal_details/identifiers/upn",
        "      bad check letter",
    ]


def test_a_phrase_whose_text_is_not_at_hand_is_shown_alone():
    found = Finding("EHCP-F004", Severity.WARNING, "F", PROVISION, "vague", phrase="up to", span=(0, 5))
    assert plain(CheckReport("a.json", [found]))[-1] == "      phrase: [up to]"


def test_a_short_text_is_shown_whole_around_its_phrase():
    found = Finding("EHCP-F004", Severity.WARNING, "F", "/d", "vague", phrase="regular", span=(0, 7))
    lines = plain(CheckReport("a.json", [found], data={"d": "regular\nsessions"}))
    assert lines[-1] == "      phrase: [regular] sessions"


def test_an_invalid_plan_shows_its_problems_and_notes_before_any_finding():
    assert plain(invalid_report()) == [
        "FAIL plans/ada.json (1 problem)",
        "  /metadata/status: Input should be 'draft' or 'final' (found 'approved')",
        "  note: not a valid plan",
    ]


def test_status_is_ok_for_no_findings_warn_for_warnings_only_and_fail_otherwise():
    warning = Finding("EHCP-F004", Severity.WARNING, "F", "/x", "m")
    assert plain(CheckReport("a.json")) == ["OK  a.json"]
    assert [status(CheckReport("a", [warning])), status(invalid_report()), status(sample_report())] == [
        "WARN", "FAIL", "FAIL"
    ]
    assert plain(CheckReport("a.json", [warning]))[0] == "WARN a.json (1 warning)"


def test_text_to_a_pipe_has_no_colour_codes():
    stream = io.StringIO()
    write_text([sample_report()], stream)
    assert stream.getvalue() == "\n".join(plain(sample_report())) + "\n"


def test_text_to_a_terminal_is_coloured_by_severity():
    stream = Terminal()
    write_text([sample_report()], stream)
    output = stream.getvalue()
    assert "\x1b[" in output
    assert "\x1b[1;31merror" in output  # bold red
    assert "\x1b[33mwarning" in output  # yellow


def test_the_summary_line_counts_files_findings_and_files_not_fully_checked():
    assert summary_line([sample_report(), invalid_report()]) == (
        "2 files: 2 errors, 1 warning; 1 invalid or unreadable (not every rule could run)"
    )
    assert summary_line([CheckReport("a")]) == "1 file: 0 errors, 0 warnings"


# -- JSON ------------------------------------------------------------------------------------------------------


def test_json_lists_each_report_and_a_summary():
    document = json_document([sample_report(), invalid_report(), CheckReport("c.json")])
    assert [f["source"] for f in document["files"]] == ["plans/theo.json", "plans/ada.json", "c.json"]
    assert document["files"][0]["findings"][1] == {
        "rule": "EHCP-F004", "severity": "warning", "section": "F", "pointer": PROVISION,
        "message": "vague wording; say how often and for how long", "phrase": "as required", "span": [46, 57],
    }
    assert document["summary"] == {"files": 3, "errors": 2, "warnings": 1, "invalid": 1, "clean": 1}
    assert json.loads(json.dumps(document)) == document


# -- SARIF -----------------------------------------------------------------------------------------------------

_MESSAGE = {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
            "properties": {"text": {"type": "string"}}}
_MULTIFORMAT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_LOCATION = {
    "type": "object",
    "properties": {
        "physicalLocation": {
            "type": "object",
            "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
            "properties": {
                "artifactLocation": {"type": "object",
                                     "properties": {"uri": {"type": "string", "format": "uri-reference"}}},
                "region": {"type": "object", "properties": {"startLine": {"type": "integer", "minimum": 1},
                                                           "startColumn": {"type": "integer", "minimum": 1}}},
            },
        },
        "logicalLocations": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "object", "additionalProperties": False,
                      "properties": {"name": {"type": "string"}, "fullyQualifiedName": {"type": "string"},
                                     "kind": {"type": "string"}, "index": {"type": "integer"}}},
        },
    },
}
#: The key parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json): required properties, enums and the
#: shapes of the objects this report writes.
SARIF_KEY_PARTS = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object",
            "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "version": {"type": "string"},
                        "rules": {"type": "array", "uniqueItems": True, "items": {
                            "type": "object",
                            "required": ["id"],
                            "properties": {
                                "id": {"type": "string"},
                                "shortDescription": _MULTIFORMAT,
                                "fullDescription": _MULTIFORMAT,
                                "help": _MULTIFORMAT,
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": _LEVEL, "enabled": {"type": "boolean"}}},
                                "properties": {"type": "object"},
                            },
                        }},
                    },
                }}},
                "invocations": {"type": "array", "items": {
                    "type": "object",
                    "required": ["executionSuccessful"],
                    "properties": {
                        "executionSuccessful": {"type": "boolean"},
                        "toolExecutionNotifications": {"type": "array", "items": {
                            "type": "object", "required": ["message"],
                            "properties": {"message": _MESSAGE, "level": _LEVEL,
                                           "locations": {"type": "array", "items": _LOCATION}},
                        }},
                    },
                }},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": _LEVEL,
                        "message": _MESSAGE,
                        "locations": {"type": "array", "items": _LOCATION},
                        "properties": {"type": "object"},
                    },
                }},
            },
        }},
    },
}


def sarif() -> dict:
    return sarif_log([sample_report(), invalid_report()])


def test_sarif_matches_the_key_parts_of_the_sarif_2_1_0_schema():
    log = sarif()
    validator = jsonschema.Draft7Validator(SARIF_KEY_PARTS, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(log)] == []
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("/sarif-schema-2.1.0.json")


def test_sarif_driver_lists_every_rule_with_its_basis_and_default_level():
    driver = sarif()["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("ehcp-standard", __version__)
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules_in_order()]
    upn = next(r for r in driver["rules"] if r["id"] == "EHCP-ID001")
    assert upn == {
        "id": "EHCP-ID001",
        "shortDescription": {"text": REGISTRY["EHCP-ID001"].title},
        "fullDescription": {"text": f"{REGISTRY['EHCP-ID001'].title}. Basis: DfE UPN standard."},
        "help": {"text": "Basis: DfE UPN standard."},
        "defaultConfiguration": {"level": "error", "enabled": True},
        "properties": {"section": "identifiers", "basis": "DfE UPN standard", "unverified": False},
    }


def test_sarif_results_carry_the_rule_level_message_file_and_json_pointer():
    results = sarif()["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("EHCP-B001", "error"), ("EHCP-F004", "warning"), ("EHCP-ID001", "error")
    ]
    assert results[1]["message"] == {"text": "vague wording; say how often and for how long"}
    assert results[1]["locations"] == [{
        "physicalLocation": {"artifactLocation": {"uri": "plans/theo.json"}},
        "logicalLocations": [{"fullyQualifiedName": PROVISION}],
    }]
    assert results[1]["properties"] == {"section": "F", "phrase": "as required"}
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[2]["ruleIndex"]]["id"] == "EHCP-ID001"


def test_sarif_reports_validation_problems_as_tool_notifications():
    [invocation] = sarif()["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": "Input should be 'draft' or 'final' (found 'approved')"},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": "plans/ada.json"}},
                "logicalLocations": [{"fullyQualifiedName": "/metadata/status"}],
            }],
        }],
    }


def test_sarif_gives_malformed_json_its_line_and_column():
    report = CheckReport("a.json", problems=[Problem("", "not well-formed JSON", line=3, column=7)], complete=False)
    [notice] = sarif_log([report])["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notice["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "a.json"},
                                                         "region": {"startLine": 3, "startColumn": 7}}}]


@pytest.mark.parametrize(
    ("source", "uri"),
    [("plans/theo.json", "plans/theo.json"), ("my plans/a b.json", "my%20plans/a%20b.json"),
     ("/srv/plans/a.json", "file:///srv/plans/a.json")],
)
def test_artifact_uris_are_relative_paths_or_file_uris(source, uri):
    assert artifact_uri(source) == uri


# -- the rule table and the README block -----------------------------------------------------------------------


def fake_rule(rule_id: str, title: str, basis: str, *, unverified=False, retired=False) -> Rule:
    return Rule(rule_id, Severity.WARNING, title, basis, "F", lambda p, c: iter(()), unverified, retired)


def test_the_markdown_table_has_a_row_per_rule_with_pipes_escaped_and_flags_shown():
    rules = [
        fake_rule("EHCP-F001", "Frequency | duration.", "CoP 9.69"),
        fake_rule("EHCP-F002", "Who delivers.", "Template", unverified=True),
        fake_rule("EHCP-F003", "Ratio.", "Template", retired=True),
    ]
    assert rules_markdown(rules) == (
        "| Id | Severity | Section | Rule | Basis |\n"
        "|---|---|---|---|---|\n"
        "| EHCP-F001 | warning | F | Frequency \\| duration. | CoP 9.69 |\n"
        "| EHCP-F002 | warning | F | Who delivers. | Template [UNVERIFIED] |\n"
        "| EHCP-F003 | warning | F | (retired) Ratio. | Template |\n"
    )


def test_write_readme_rewrites_only_the_block_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- rules:start -->\nstale\n<!-- rules:end -->\n\nAfter.\n", encoding="utf-8")
    assert write_readme(readme) is True
    text = readme.read_text(encoding="utf-8")
    assert text == f"# Title\n\n<!-- rules:start -->\n{rules_markdown()}<!-- rules:end -->\n\nAfter.\n"
    assert readme_block(text) == rules_markdown()
    assert write_readme(readme) is False


def test_a_readme_without_the_markers_is_refused_with_how_to_fix_it(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    with pytest.raises(ValueError, match="add a line <!-- rules:start --> and a line <!-- rules:end -->"):
        write_readme(readme)


def test_the_report_module_checks_and_rewrites_a_readme_from_the_command_line(tmp_path, capsys):
    from ehcp_standard.rules.report import main

    readme = tmp_path / "README.md"
    readme.write_text("<!-- rules:start -->\n<!-- rules:end -->\n", encoding="utf-8")
    assert main(["--check-readme", str(readme)]) == 1
    assert main(["--write-readme", str(readme)]) == 0
    assert main(["--check-readme", str(readme)]) == 0
    assert capsys.readouterr().err.splitlines()[0].endswith("the rule table is out of date; run with --write-readme")

