"""``ehcp transfer``: exact exit codes, and stdout and stderr checked apart."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard import load_plan
from ehcp_standard.cli import app
from ehcp_standard.render import render_docx
from ehcp_standard.transfer_pack import read_pack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PRIMARY = EXAMPLES / "primary-autism-final.json"
runner = CliRunner()


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return runner.invoke(app, list(args))


def test_transfer_writes_a_pack_and_prints_the_deadlines():
    result = run("transfer", str(PRIMARY), "--to-la", "330", "--move-date", "2027-01-04", "--notice-date",
                 "2026-12-20", "-o", "theo.zip")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Transferred LDS-EHCP-2026-04417 from Leeds (383) to Birmingham (330) on 2027-01-04: now "
                        "version 2.")
    # learned Sun 20 Dec; 15 working days: 21-24 Dec, 29-31 Dec, 4-8 Jan, 11-13 Jan -> Wed 13 Jan 2027
    assert lines[1].startswith("  2027-01-13  old council: Pass the plan") and lines[1].endswith("[UNVERIFIED]")
    assert lines[3].startswith("  2027-02-15  new council: Within 6 weeks")
    assert lines[5].startswith("  2027-05-21  new council: Review the plan")
    assert result.stderr == "Wrote theo.zip\n"
    assert read_pack("theo.zip").metadata.la_code == "330"


def test_transfer_writes_beside_the_plan_by_default(tmp_path):
    plan = tmp_path / "theo.json"
    plan.write_text(PRIMARY.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("transfer", "theo.json", "--to-la", "330", "--move-date", "2027-01-04")
    assert result.exit_code == 0
    assert result.stderr == "Wrote theo-transfer-330.zip\n"
    assert Path("theo-transfer-330.zip").is_file()


def test_transfer_reads_a_standard_word_plan(tmp_path):
    Path("theo.docx").write_bytes(render_docx(load_plan(PRIMARY)))
    result = run("transfer", "theo.docx", "--to-la", "330", "--move-date", "2027-01-04", "-o", "p.zip")
    assert result.exit_code == 0, result.output
    assert read_pack("p.zip").metadata.history[-1].content_sha256 == load_plan(PRIMARY).content_sha256()


def test_verify_reports_an_intact_pack():
    run("transfer", str(PRIMARY), "--to-la", "330", "--move-date", "2027-01-04", "-o", "p.zip")
    result = run("transfer", "--verify", "p.zip")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "OK  p.zip (5 files)\n", "")


def test_verify_fails_a_tampered_pack_naming_the_file():
    run("transfer", str(PRIMARY), "--to-la", "330", "--move-date", "2027-01-04", "-o", "p.zip")
    with zipfile.ZipFile("p.zip") as source, zipfile.ZipFile("t.zip", "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, data.replace(b"Hollin Vale", b"Hollin Dale") if info.filename == "plan.json"
                         else data)
    result = run("transfer", "--verify", "t.zip")
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL t.zip (")
    assert "\n  plan.json: SHA-256 is " in result.stdout
    assert "\n  plan.docx: the plan embedded in the Word document differs from plan.json" in result.stdout
    assert result.stderr == "t.zip: failed verification; ask the sending council for a new pack\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to-la", "330", "--move-date", "2027-01-04"], "give PLAN"),
        ([str(PRIMARY), "--to-la", "330"], "give --move-date"),
        ([str(PRIMARY), "--move-date", "2027-01-04"], "give --to-la"),
        (["--verify", "p.zip", "--to-la", "330"], "--verify checks a pack on its own; leave out --to-la"),
        ([str(PRIMARY), "--to-la", "330", "--move-date", "4/1/2027"], "is not a date"),
    ],
)
def test_bad_usage_exits_2(args, message):
    result = run("transfer", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("plan", "to_la", "message"),
    [
        (PRIMARY, "383", "Error: plan LDS-EHCP-2026-04417 is already maintained by Leeds (383)"),
        (PRIMARY, "999", "Error: plan LDS-EHCP-2026-04417 cannot be transferred: '999' is not one of the 153"),
        (EXAMPLES / "under5-health-social-care-draft.json", "330", "Error: plan MCC-EHCP-2026-0739 is a draft"),
    ],
)
def test_a_plan_that_cannot_move_exits_1_saying_why(plan, to_la, message):
    result = run("transfer", str(plan), "--to-la", to_la, "--move-date", "2027-01-04", "-o", "p.zip")
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stdout == ""
    assert not Path("p.zip").exists()


def test_an_invalid_plan_exits_1_listing_its_problems(tmp_path):
    Path("bad.json").write_text('{"schema_version": "1.0.0"}', encoding="utf-8")
    result = run("transfer", "bad.json", "--to-la", "330", "--move-date", "2027-01-04")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: bad.json is not a valid plan:\n  ")


def test_the_receiving_council_reads_a_pack_with_ehcp_read():
    run("transfer", str(PRIMARY), "--to-la", "330", "--move-date", "2027-01-04", "-o", "p.zip")
    result = run("read", "p.zip", "-o", "received.json")
    assert result.exit_code == 0, result.output
    received = load_plan("received.json")
    assert received == read_pack("p.zip")
    assert received.metadata.la_code == "330"
    assert received.metadata.version == load_plan(PRIMARY).metadata.version + 1
    assert "read from a verified transfer pack" in result.stderr


def test_ehcp_read_refuses_a_tampered_pack_naming_the_file():
    run("transfer", str(PRIMARY), "--to-la", "330", "--move-date", "2027-01-04", "-o", "p.zip")
    with zipfile.ZipFile("p.zip") as source, zipfile.ZipFile("t.zip", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data.replace(b'"330"', b'"331"') if item.filename == "plan.json" else data)
    result = run("read", "t.zip")
    assert result.exit_code == 1
    assert "plan.json" in result.stderr and result.stdout == ""
