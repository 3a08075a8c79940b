"""``ehcp check`` and ``ehcp rules``: exact exit codes, stdout and stderr checked apart (see test_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard.cli import app
from ehcp_standard.rules import engine
from ehcp_standard.rules.engine import Hit, rule

from .rules.builders import base_plan_data

runner = CliRunner()
AS_OF = "2026-11-27"
UPN_MESSAGE = (
    "UPN W383241722032 has check letter 'W', but its other characters give 'K'; copy it from the school's records "
    "(the common transfer file), or remove it and say why in upn_unknown_reason"
)


def run(*args: str):
    """Invoke the app with ``args``, as the ``ehcp`` console script would."""
    return runner.invoke(app, list(args))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def write_plan(name: str, data: dict | None = None) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data if data is not None else base_plan_data()), encoding="utf-8")
    return path


def bad_upn_plan() -> dict:
    data = base_plan_data()
    data["personal_details"]["identifiers"]["upn"] = "W383241722032"
    return data


def retired_la_plan() -> dict:
    data = base_plan_data()
    data["metadata"]["la_code"] = "909"
    return data


def invalid_plan() -> dict:
    data = bad_upn_plan()
    data["metadata"]["status"] = "approved"
    return data


# -- exit status and text output -------------------------------------------------------------------------------


def test_a_clean_plan_is_ok_and_exits_0():
    write_plan("plan.json")
    result = run("check", "plan.json", "--select", "EHCP-ID", "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "OK  plan.json\n", "1 file: 0 errors, 0 warnings\n")


def test_the_bundled_base_plan_has_no_errors_under_every_rule():
    write_plan("plan.json")
    result = run("check", "plan.json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("1 file: 0 errors, ")


def test_an_invalid_upn_is_an_error_at_its_pointer_and_exits_1():
    write_plan("plan.json", bad_upn_plan())
    result = run("check", "plan.json", "--select", "EHCP-ID", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL plan.json (1 error)\n"
        "  note: /personal_details/identifiers/upn: set aside as invalid; the rest of the plan was checked without it\n"
        "  Identifiers\n"
        "    error    EHCP-ID001  /personal_details/identifiers/upn\n"
        f"      {UPN_MESSAGE}\n"
    )
    assert result.stderr == "1 file: 1 error, 0 warnings\n"


def test_warnings_alone_exit_0_and_exit_1_with_strict():
    write_plan("plan.json", retired_la_plan())
    relaxed = run("check", "plan.json", "--select", "EHCP-ID006", "--as-of", AS_OF)
    strict = run("check", "plan.json", "--select", "EHCP-ID006", "--as-of", AS_OF, "--strict")
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert relaxed.stdout == strict.stdout
    assert relaxed.stdout.splitlines()[0] == "WARN plan.json (1 warning)"
    assert relaxed.stdout.splitlines()[-1] == (
        "      LA code 909 (Cumbria) was retired in April 2023; use 942 (Cumberland) or 943 (Westmorland and "
        "Furness); the owning authority must be a current one"
    )
    assert relaxed.stderr == "1 file: 0 errors, 1 warning\n"


def test_an_invalid_plan_shows_its_problems_says_only_identifier_rules_ran_and_exits_1():
    write_plan("plan.json", invalid_plan())
    result = run("check", "plan.json", "--as-of", AS_OF)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "FAIL plan.json (1 problem, 1 error)",
        (
            "  /metadata/status: Input should be 'draft', 'final', 'proposed_amendment', 'amended_final' or "
            "'ceased' (found 'approved')"
        ),
    ]
    assert lines[3].startswith("  note: not a valid plan, so only the rules that read the raw JSON")
    assert lines[4:] == ["  Identifiers", "    error    EHCP-ID001  /personal_details/identifiers/upn",
                         f"      {UPN_MESSAGE}"]
    assert result.stderr == "1 file: 1 error, 0 warnings; 1 invalid or unreadable (not every rule could run)\n"


def test_ignoring_the_rule_of_the_only_finding_makes_the_plan_pass_and_the_note_still_shows():
    write_plan("plan.json", bad_upn_plan())
    result = run("check", "plan.json", "--select", "EHCP-ID", "--ignore", "EHCP-ID001", "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (
        0,
        (
            "OK  plan.json\n"
            "  note: /personal_details/identifiers/upn: set aside as invalid; the rest of the plan was checked "
            "without it\n"
        ),
    )


def test_a_damaged_word_plan_fails_with_exit_1_and_the_others_are_still_checked():
    Path("plan.docx").write_bytes(b"PK\x03\x04")
    write_plan("plan.json")
    result = run("check", "plan.docx", "plan.json", "--select", "EHCP-ID", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL plan.docx (1 problem)\n"
        "  expected a Word .docx (a zip package), but found a damaged or truncated zip archive\n"
        "OK  plan.json\n"
    )


def test_a_missing_file_and_an_empty_folder_are_failures():
    Path("empty").mkdir()
    result = run("check", "missing.json", "empty", "--select", "EHCP-ID")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL missing.json (1 problem)\n"
        "  no such file; check the path\n"
        "FAIL empty (1 problem)\n"
        "  folder has no *.json plan files; name a plan file, or a folder that holds some\n"
    )
    assert result.stderr == "2 files: 0 errors, 0 warnings; 2 invalid or unreadable (not every rule could run)\n"


def test_a_folder_is_expanded_to_its_json_files_sorted():
    write_plan("plans/b.json")
    write_plan("plans/a.json", bad_upn_plan())
    result = run("check", "plans", "--select", "EHCP-ID", "--as-of", AS_OF)
    assert result.exit_code == 1
    headers = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert headers == [f"FAIL {Path('plans/a.json')} (1 error)", f"OK  {Path('plans/b.json')}"]


# -- usage errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["27/11/2026", "2026-02-30", "tomorrow"])
def test_a_bad_as_of_date_is_a_usage_error(date):
    write_plan("plan.json")
    result = run("check", "plan.json", "--as-of", date)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Invalid value for '--as-of': {date!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01" in (
        result.stderr
    )


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_id_is_a_usage_error_before_any_file_is_read(option):
    result = run("check", "missing.json", option, "EHCP-F001,EHCP-Q999")
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Invalid value for '{option}': no rule has the id or id prefix 'EHCP-Q999'" in result.stderr
    assert "Try 'ehcp check --help' for help." in result.stderr


def test_check_with_no_plan_is_a_usage_error():
    result = run("check")
    assert result.exit_code == 2
    assert "Missing argument 'PLAN_OR_FOLDER'." in result.stderr


def test_an_unknown_format_is_a_usage_error():
    write_plan("plan.json")
    result = run("check", "plan.json", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


# -- options reach the rules -----------------------------------------------------------------------------------


@pytest.fixture
def sentinel(monkeypatch):
    """Replace the registry with two rules that report the date they judged on."""
    monkeypatch.setattr(engine, "REGISTRY", {})
    for rule_id in ("EHCP-Z001", "EHCP-Z002"):
        rule(rule_id, "warning", "Sentinel.", basis="Test", section="plan")(
            lambda plan, ctx: iter([Hit("/metadata/status", f"judged on {ctx.as_of}")])
        )


def test_as_of_is_the_date_the_rules_judge_on(sentinel):
    write_plan("plan.json")
    result = run("check", "plan.json", "--as-of", "2027-03-01", "--format", "json")
    messages = {f["message"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert messages == {"judged on 2027-03-01"}


def test_select_and_ignore_take_comma_separated_and_repeated_ids(sentinel):
    write_plan("plan.json")
    both = run("check", "plan.json", "--select", "EHCP-Z001,EHCP-Z002", "--format", "json")
    one = run("check", "plan.json", "--select", "EHCP-Z", "--ignore", "EHCP-Z001", "--ignore", " ", "--format", "json")
    assert [f["rule"] for f in json.loads(both.stdout)["files"][0]["findings"]] == ["EHCP-Z001", "EHCP-Z002"]
    assert [f["rule"] for f in json.loads(one.stdout)["files"][0]["findings"]] == ["EHCP-Z002"]


# -- machine formats -------------------------------------------------------------------------------------------


def test_format_json_prints_one_document_with_every_file_and_a_summary():
    write_plan("a.json", bad_upn_plan())
    write_plan("b.json")
    result = run("check", "a.json", "b.json", "--select", "EHCP-ID", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [f["source"] for f in document["files"]] == ["a.json", "b.json"]
    assert document["files"][0]["findings"] == [{
        "rule": "EHCP-ID001", "severity": "error", "section": "identifiers",
        "pointer": "/personal_details/identifiers/upn", "message": UPN_MESSAGE,
    }]
    assert document["summary"] == {"files": 2, "errors": 1, "warnings": 0, "invalid": 0, "clean": 1}
    assert result.stderr == "2 files: 1 error, 0 warnings\n"


def test_format_sarif_prints_a_sarif_2_1_0_log_locating_each_finding():
    write_plan("a.json", bad_upn_plan())
    result = run("check", "a.json", "--select", "EHCP-ID", "--as-of", AS_OF, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    [finding] = log["runs"][0]["results"]
    assert (finding["ruleId"], finding["level"], finding["message"]["text"]) == ("EHCP-ID001", "error", UPN_MESSAGE)
    assert finding["locations"] == [{
        "physicalLocation": {"artifactLocation": {"uri": "a.json"}},
        "logicalLocations": [{"fullyQualifiedName": "/personal_details/identifiers/upn"}],
    }]


# -- ehcp rules ------------------------------------------------------------------------------------------------


def test_rules_lists_every_registered_rule_and_exits_0():
    result = run("rules")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(engine.REGISTRY)
    assert result.stderr == ""


def test_check_and_rules_end_their_help_with_an_example():
    for command, example in (("check", "Example: ehcp check plans/"), ("rules", "Example: ehcp rules --format")):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert example in result.stdout
