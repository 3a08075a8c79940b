"""``ehcp render``: exact exit codes (0 written, 1 invalid plan, bad logo or failed conversion, 2 usage),
diagnostics on stderr, and the files it writes."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from ehcp_standard import Plan
from ehcp_standard.cli import app
from ehcp_standard.render import extract_embedded_plan, find_soffice
from ehcp_standard.render import pdf as pdf_module

from .docs import ROOT, png

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "primary-autism-final.json"


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "theo.json"
    shutil.copy(EXAMPLE, path)
    return path


def run(*args: str):
    return runner.invoke(app, ["render", *args])


def test_render_writes_the_docx_beside_the_plan_by_default(plan_file):
    result = run(str(plan_file))
    assert result.exit_code == 0, result.stderr
    written = plan_file.with_suffix(".docx")
    assert result.stdout == ""
    assert result.stderr == f"Wrote {written}\n"
    assert Plan.model_validate_json(extract_embedded_plan(written.read_bytes())) == Plan.model_validate_json(
        plan_file.read_text(encoding="utf-8")
    )


def test_render_writes_to_the_output_file_or_into_a_folder(plan_file, tmp_path):
    assert run(str(plan_file), "-o", "out/plan.docx").exit_code == 0
    assert (tmp_path / "out" / "plan.docx").is_file()
    assert run(str(plan_file), "--output", "folder/").exit_code == 0
    assert (tmp_path / "folder" / "theo.docx").is_file()


def test_render_takes_a_council_name_and_logo(plan_file, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(200, 80))
    result = run(str(plan_file), "-o", "a.docx", "--la-name", "Leeds City Council", "--la-logo", str(logo))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a.docx").stat().st_size > 0


def test_an_invalid_plan_is_not_rendered_and_every_problem_is_listed(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1.0.0"}), encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 1
    assert "is not a valid plan, so it was not rendered" in result.stderr
    assert "/metadata: required field is missing" in result.stderr
    assert not (tmp_path / "bad.docx").exists()


def test_a_missing_plan_file_exits_1(tmp_path):
    result = run(str(tmp_path / "nowhere.json"))
    assert result.exit_code == 1
    assert "nowhere.json" in result.stderr


def test_a_logo_that_is_not_an_image_exits_1_with_the_reason(plan_file, tmp_path):
    result = run(str(plan_file), "--la-logo", str(plan_file))
    assert result.exit_code == 1
    assert "is not a PNG or JPEG image" in result.stderr
    assert not plan_file.with_suffix(".docx").exists()


def test_an_unknown_option_is_a_usage_error(plan_file):
    result = run(str(plan_file), "--colour")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_a_missing_argument_is_a_usage_error():
    assert run().exit_code == 2


def test_pdf_without_libreoffice_exits_1_with_how_to_install_it(plan_file, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    result = run(str(plan_file), "--pdf")
    assert result.exit_code == 1
    assert "LibreOffice is needed to make a PDF" in result.stderr
    assert plan_file.with_suffix(".docx").is_file()  # the Word file is still written


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_writes_a_pdf_beside_the_docx(plan_file):
    result = run(str(plan_file), "--pdf")
    assert result.exit_code == 0, result.stderr
    pdf = plan_file.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert result.stderr.splitlines() == [f"Wrote {plan_file.with_suffix('.docx')}", f"Wrote {pdf}"]


def test_render_help_ends_with_an_example():
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0
    assert "Example: ehcp render examples/primary-autism-final.json" in result.stdout
