"""The ``ehcp`` command line: exact exit codes, and stdout and stderr checked apart.

In this typer version ``CliRunner`` keeps stdout and stderr separate (``result.stdout`` / ``result.stderr``);
``test_runner_keeps_stdout_and_stderr_apart`` proves it, so the other tests can rely on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import ehcp_standard
from ehcp_standard import validation
from ehcp_standard.cli import app
from ehcp_standard.schema import SCHEMA_FILE_NAME, schema_json

SRC = Path(__file__).resolve().parents[1] / "src"
runner = CliRunner()


def minimal_plan(**changes) -> dict:
    """A minimal valid plan for a fictional child; ``changes`` replace top-level fields."""
    plan = {
        "schema_version": "1.0.0",
        "metadata": {"la_code": "855", "plan_reference": "EHCP-TEST-0001", "status": "final"},
        "personal_details": {
            "name": {"forename": "Ada", "surname": "Testcase"},
            "date_of_birth": "2015-04-01",
        },
    }
    plan.update(changes)
    return plan


def write_plan(folder: Path, name: str, plan: dict | None = None) -> Path:
    path = folder / name
    path.write_text(json.dumps(plan if plan is not None else minimal_plan()), encoding="utf-8")
    return path


def invalid_plan() -> dict:
    plan = minimal_plan()
    plan["metadata"]["la_code"] = "999"
    return plan


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Run every test from its own tmp_path, so that relative paths appear in the output as given."""
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    """Invoke the app with ``args``, as the ``ehcp`` console script would."""
    return runner.invoke(app, list(args))


# -- the runner ------------------------------------------------------------------------------------------------


def test_runner_keeps_stdout_and_stderr_apart(tmp_path):
    write_plan(tmp_path, "plan.json")
    result = run("validate", "plan.json")
    assert result.stdout == "OK  plan.json\n"
    assert result.stderr == "1 file: 1 valid, 0 invalid\n"


# -- validate --------------------------------------------------------------------------------------------------


def test_a_valid_plan_is_ok_and_exits_0(tmp_path):
    write_plan(tmp_path, "plan.json")
    result = run("validate", "plan.json")
    assert result.exit_code == 0
    assert result.stdout == "OK  plan.json\n"
    assert result.stderr == "1 file: 1 valid, 0 invalid\n"


def test_an_invalid_plan_fails_with_the_pointer_of_each_problem_and_exits_1(tmp_path):
    write_plan(tmp_path, "plan.json", invalid_plan())
    result = run("validate", "plan.json")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL plan.json (1 problem)\n"
        "  /metadata/la_code: '999' is not one of the 153 current DfE three-digit LA codes (found '999')\n"
    )
    assert result.stderr == "1 file: 0 valid, 1 invalid\n"


def test_wrong_types_and_unknown_fields_are_each_located(tmp_path):
    plan = minimal_plan(colour="blue")
    plan["personal_details"]["date_of_birth"] = 5
    write_plan(tmp_path, "plan.json", plan)
    result = run("validate", "plan.json")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "FAIL plan.json (2 problems)"
    assert lines[1].startswith("  /colour: unknown field: not part of the standard")
    assert lines[1].endswith("(found 'blue')")
    assert lines[2] == "  /personal_details/date_of_birth: a date is text written CCYY-MM-DD, e.g. 2026-03-01 (found 5)"
    assert len(lines) == 3


def test_several_files_are_each_reported_in_the_order_given(tmp_path):
    write_plan(tmp_path, "b.json")
    write_plan(tmp_path, "a.json", invalid_plan())
    write_plan(tmp_path, "c.json")
    result = run("validate", "b.json", "a.json", "c.json")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if not line.startswith("  ")] == [
        "OK  b.json",
        "FAIL a.json (1 problem)",
        "OK  c.json",
    ]
    assert result.stderr == "3 files: 2 valid, 1 invalid\n"


def test_a_folder_is_expanded_to_its_json_files_sorted(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    write_plan(folder, "zeta.json")
    write_plan(folder, "alpha.json")
    (folder / "notes.txt").write_text("not a plan", encoding="utf-8")
    result = run("validate", "plans")
    assert result.exit_code == 0
    assert result.stdout == f"OK  {Path('plans', 'alpha.json')}\nOK  {Path('plans', 'zeta.json')}\n"
    assert result.stderr == "2 files: 2 valid, 0 invalid\n"


def test_a_folder_with_no_plans_is_a_failure_that_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("validate", "empty")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL empty (1 problem)\n"
        "  folder has no *.json plan files; name a plan file, or a folder that holds some\n"
    )
    assert result.stderr == "1 file: 0 valid, 1 invalid\n"


def test_a_missing_file_is_that_files_problem_and_the_others_are_still_checked(tmp_path):
    write_plan(tmp_path, "plan.json")
    result = run("validate", "missing.json", "plan.json")
    assert result.exit_code == 1
    assert result.stdout == "FAIL missing.json (1 problem)\n  no such file; check the path\nOK  plan.json\n"
    assert result.stderr == "2 files: 1 valid, 1 invalid\n"


def test_malformed_json_is_reported_with_its_line_and_column(tmp_path):
    (tmp_path / "broken.json").write_text('{\n  "schema_version": ,\n}', encoding="utf-8")
    result = run("validate", "broken.json")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "FAIL broken.json (1 problem)"
    assert lines[1].startswith("  line 2, column 21: not well-formed JSON: Expecting value")
    assert len(lines) == 2
    assert result.stderr == "1 file: 0 valid, 1 invalid\n"


def test_a_file_that_is_not_utf8_is_reported_with_the_fix(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"note": "café"}'.encode("latin-1"))
    result = run("validate", "latin1.json")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL latin1.json (1 problem)\n  not UTF-8 text (byte 0xe9 at offset 13); save it as UTF-8\n"
    )


def test_a_plan_that_is_not_a_json_object_is_reported(tmp_path):
    write_plan(tmp_path, "list.json", [1, 2])
    result = run("validate", "list.json")
    assert result.exit_code == 1
    assert result.stdout == "FAIL list.json (1 problem)\n  a plan is a JSON object (found an array)\n"


def test_a_file_over_the_size_limit_is_reported_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(validation, "MAX_PLAN_BYTES", 50)
    write_plan(tmp_path, "big.json")
    result = run("validate", "big.json")
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL big.json (1 problem)\n  larger than the 50-byte limit for a plan file; ")


def test_format_json_prints_one_json_document_with_every_report(tmp_path):
    write_plan(tmp_path, "good.json")
    write_plan(tmp_path, "bad.json", invalid_plan())
    result = run("validate", "good.json", "bad.json", "missing.json", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "valid": False,
        "files": [
            {"source": "good.json", "valid": True, "problems": []},
            {
                "source": "bad.json",
                "valid": False,
                "problems": [
                    {
                        "pointer": "/metadata/la_code",
                        "message": "'999' is not one of the 153 current DfE three-digit LA codes",
                        "got": "'999'",
                    }
                ],
            },
            {
                "source": "missing.json",
                "valid": False,
                "problems": [{"pointer": "", "message": "no such file; check the path"}],
            },
        ],
    }
    assert result.stderr == "3 files: 1 valid, 2 invalid\n"


def test_format_json_of_valid_plans_exits_0_and_locates_malformed_json(tmp_path):
    write_plan(tmp_path, "good.json")
    result = run("validate", "--format", "json", "good.json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "files": [{"source": "good.json", "valid": True, "problems": []}],
    }
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    problem = json.loads(run("validate", "--format", "json", "broken.json").stdout)["files"][0]["problems"][0]
    assert (problem["line"], problem["column"]) == (1, 2)


@pytest.mark.parametrize(
    ("options", "expected"), [([], True), (["--no-schema"], False), (["--schema"], True)]
)
def test_the_json_schema_runs_unless_no_schema_is_given(tmp_path, monkeypatch, options, expected):
    calls = []
    real = validation.validate_plan

    def spy(path, *, check_schema=False):
        calls.append(check_schema)
        return real(path, check_schema=check_schema)

    monkeypatch.setattr(validation, "validate_plan", spy)
    write_plan(tmp_path, "plan.json")
    result = run("validate", *options, "plan.json")
    assert result.exit_code == 0
    assert calls == [expected]


def test_validate_with_no_arguments_is_a_usage_error():
    result = run("validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Usage: ehcp validate [OPTIONS] {PLAN_OR_FOLDER}...\n"
        "Try 'ehcp validate --help' for help.\n"
        "\n"
        "Error: Missing argument 'PLAN_OR_FOLDER'.\n"
    )


def test_ehcp_with_no_arguments_shows_help_and_exits_2():
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "validate" in result.stderr and "schema" in result.stderr


def test_an_unknown_format_is_a_usage_error(tmp_path):
    write_plan(tmp_path, "plan.json")
    result = run("validate", "--format", "xml", "plan.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(
        "Error: Invalid value for '--format': Value error, 'xml' is not one of 'text', 'json'.\n"
    )


def test_an_unknown_option_is_a_usage_error(tmp_path):
    result = run("validate", "--strict", "plan.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("Error: No such option: --strict\n")


def test_an_ehcp_error_becomes_a_message_and_exit_1(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise ehcp_standard.PlanInputError("plan.json: something the library refuses", source="plan.json")

    monkeypatch.setattr(validation, "validate_plan", fail)
    write_plan(tmp_path, "plan.json")
    result = run("validate", "plan.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: plan.json: something the library refuses\n"


def test_an_unexpected_exception_is_not_hidden(tmp_path, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(validation, "validate_plan", bug)
    write_plan(tmp_path, "plan.json")
    result = run("validate", "plan.json")
    assert isinstance(result.exception, ZeroDivisionError)
    assert result.exit_code == 1


# -- schema ----------------------------------------------------------------------------------------------------


def test_schema_prints_the_exact_published_schema_to_stdout():
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_json()
    assert result.stderr == ""


def test_schema_into_a_folder_writes_the_versioned_file_name(tmp_path):
    result = run("schema", "-o", str(tmp_path))
    target = tmp_path / SCHEMA_FILE_NAME
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote the plan schema 1.0.0 to {target}\n"
    assert target.read_bytes() == schema_json().encode("utf-8")


def test_schema_into_a_new_folder_named_with_a_trailing_slash_creates_it(tmp_path):
    result = run("schema", "--output", "schemas/")
    assert result.exit_code == 0
    assert (tmp_path / "schemas" / SCHEMA_FILE_NAME).read_text(encoding="utf-8") == schema_json()


def test_schema_to_a_file_writes_that_file(tmp_path):
    result = run("schema", "-o", "plan.schema.json")
    assert result.exit_code == 0
    assert result.stderr == "Wrote the plan schema 1.0.0 to plan.schema.json\n"
    assert (tmp_path / "plan.schema.json").read_text(encoding="utf-8") == schema_json()


def test_schema_into_a_missing_folder_fails_with_how_to_fix_it(tmp_path):
    result = run("schema", "-o", str(Path("nowhere", "plan.schema.json")))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: cannot write {Path('nowhere', 'plan.schema.json')} (")
    assert result.stderr.endswith("); check that its folder exists and is writable\n")


# -- version and help ------------------------------------------------------------------------------------------


def test_version_prints_the_package_and_schema_versions():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ehcp-standard {ehcp_standard.__version__} (plan schema 1.0.0)\n"
    assert result.stderr == ""


def registered_commands() -> list[str]:
    """Every command the app registers (read from the click group typer builds, so none can be missed)."""
    return sorted(typer.main.get_command(app).commands)


def test_the_expected_commands_are_registered():
    assert {"validate", "schema"} <= set(registered_commands())


@pytest.mark.parametrize("command", registered_commands())
def test_every_command_is_documented_with_an_example(command):
    group = typer.main.get_command(app)
    docstring = group.commands[command].help or ""
    assert docstring.strip().splitlines()[-1].startswith(f"Example: ehcp {command}")
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: ehcp {command}" in result.stdout


def test_the_top_level_help_has_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "Example: ehcp validate" in result.stdout


# -- the module entry point ------------------------------------------------------------------------------------


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``python -m ehcp_standard.cli ARGS`` in a fresh interpreter, with the source tree on its path."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "ehcp_standard.cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_python_dash_m_runs_validate_end_to_end(tmp_path):
    write_plan(tmp_path, "good.json")
    write_plan(tmp_path, "bad.json", invalid_plan())
    good = run_module("validate", "good.json", cwd=tmp_path)
    assert (good.returncode, good.stdout, good.stderr) == (
        0,
        "OK  good.json\n",
        "1 file: 1 valid, 0 invalid\n",
    )
    bad = run_module("validate", "bad.json", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("FAIL bad.json (1 problem)\n  /metadata/la_code: ")
    usage = run_module("validate", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Try 'ehcp validate --help' for help." in usage.stderr
