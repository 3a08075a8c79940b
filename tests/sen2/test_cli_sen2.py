"""``ehcp sen2``: exact exit codes, and stdout and stderr checked apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return runner.invoke(app, list(args))


def test_a_complete_return_exits_0():
    result = run("sen2", str(EXAMPLES), "--year", "2027", "--la", "886", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Wrote 12 files to out: 1 plan in council 886's 2027 return, 3 excluded, 0 missing fields\n"
    assert Path("out", "person.csv").read_text(encoding="utf-8").startswith("persontableid,surname,")


def test_missing_fields_are_listed_and_exit_1_with_the_files_written():
    result = run("sen2", str(EXAMPLES), "--year", "2027", "--la", "352", "-o", "out")
    assert result.exit_code == 1
    assert result.stdout.startswith("MCC-EHCP-2026-0739: 1 Person upnunknown: no UPN or ULN")
    assert result.stderr.endswith("1 plan in council 352's 2027 return, 3 excluded, 1 missing field\n")
    assert Path("out", "missing.csv").is_file()


def test_plans_of_several_councils_without_la_exit_1():
    result = run("sen2", str(EXAMPLES), "--year", "2027", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: a SEN2 return is for one council")
    assert not Path("out").exists()


def test_an_invalid_plan_stops_the_export_before_anything_is_written():
    Path("bad.json").write_text(json.dumps({"schema_version": "1.0.0"}), encoding="utf-8")
    result = run("sen2", "bad.json", "--year", "2027", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: bad.json is not a valid plan:\n")
    assert result.stderr.endswith("Error: 1 file not valid; fix or remove them and run again (nothing was written)\n")
    assert not Path("out").exists()


def test_missing_year_is_bad_usage():
    result = run("sen2", str(EXAMPLES), "-o", "out")
    assert result.exit_code == 2
    assert "--year" in result.stderr
