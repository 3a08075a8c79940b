"""``ehcp indicators``: exact exit codes, and stdout and stderr checked apart."""

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


def test_html_report_is_written():
    result = run("indicators", str(EXAMPLES), "--as-of", "2027-04-20", "-o", "report.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Wrote report.html: indicators of 4 plans on 2027-04-20\n"
    page = Path("report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "LDS-EHCP-2026-04417" in page


def test_json_goes_to_stdout():
    result = run("indicators", str(EXAMPLES), "--as-of", "2027-04-20", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plans"] == 4 and data["within_20_weeks"] == {"count": 3, "total": 3, "percent": 100.0}
    assert result.stderr == ""


def test_an_invalid_plan_exits_1_and_writes_nothing():
    Path("bad.json").write_text("{", encoding="utf-8")
    result = run("indicators", "bad.json", "-o", "report.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: bad.json is not a valid plan:\n")
    assert not Path("report.html").exists()


def test_a_folder_with_no_plans_exits_1():
    Path("empty").mkdir()
    result = run("indicators", "empty")
    assert result.exit_code == 1
    assert result.stderr == "Error: no *.json plan files found; name plan files, or folders that hold some\n"


def test_a_bad_date_is_bad_usage():
    result = run("indicators", str(EXAMPLES), "--as-of", "20/04/2027")
    assert result.exit_code == 2
    assert "is not a date; write it as YYYY-MM-DD" in result.stderr
