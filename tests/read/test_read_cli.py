"""``ehcp read``, and ``ehcp check`` on Word plans: exact exit codes, with stdout (data) and stderr (diagnostics)
checked apart. Malformed input gets a one-line error and exit 1, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard import Plan
from ehcp_standard.cli import app
from ehcp_standard.ooxml import OLE_MAGIC
from ehcp_standard.read import visible_form

from .helpers import ROOT, edit_page, example, rendered, without_embedded_plan, zip_parts

runner = CliRunner()
AS_OF = "2026-11-27"


def run(*args: str):
    """Invoke the app with ``args``, as the ``ehcp`` console script would."""
    return runner.invoke(app, [str(arg) for arg in args])


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def write(name: str, data: bytes) -> Path:
    path = Path(name)
    path.write_bytes(data)
    return path


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- ehcp read -------------------------------------------------------------------------------------------------------


def test_read_prints_the_embedded_plan_and_a_summary_on_stderr():
    path = write("theo.docx", rendered("primary-autism-final"))
    result = run("read", path)
    assert result.exit_code == 0
    assert Plan.model_validate_json(result.stdout) == example("primary-autism-final")
    assert result.stderr.splitlines()[-1].startswith(
        "theo.docx: read from its embedded plan; the page matches it; 0 warnings")
    assert "not shown on the page" not in result.stderr


def test_read_writes_the_plan_to_a_file_with_output():
    path = write("theo.docx", rendered("primary-autism-final"))
    result = run("read", path, "-o", "out/theo.json")
    assert result.exit_code == 0 and result.stdout == ""
    assert Path("out/theo.json").read_text(encoding="utf-8") == example("primary-autism-final").to_json() + "\n"
    assert result.stderr.rstrip().endswith("; wrote out/theo.json")


def test_read_visible_prints_the_plan_the_page_shows():
    path = write("kieran.docx", rendered("year10-pfa-direct-payment"))
    result = run("read", path, "--visible")
    assert result.exit_code == 0
    assert Plan.model_validate_json(result.stdout) == visible_form(example("year10-pfa-direct-payment"))
    assert "read from its visible plan" in result.stderr


def test_read_format_json_prints_one_report():
    path = write("amelia.docx", rendered("under5-health-social-care-draft"))
    result = run("read", path, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["read_from"] == "embedded" and report["edited"] is False
    assert Plan.model_validate(report["plan"]) == example("under5-health-social-care-draft")
    assert report["document_sections"][:3] == ["A1", "A2", "B"]
    assert all(d["kind"] == "not_shown" for d in report["differences"])
    assert all("message" in w for w in report["warnings"])


def test_read_format_json_with_output_leaves_the_plan_out_of_the_report():
    path = write("amelia.docx", rendered("under5-health-social-care-draft"))
    result = run("read", path, "--format", "json", "-o", "amelia.json")
    assert result.exit_code == 0 and "plan" not in json.loads(result.stdout)
    assert Path("amelia.json").exists()


def test_an_edited_document_is_read_with_its_differences_listed_and_fails_only_with_strict():
    plan = example("primary-autism-final")
    docx = edit_page(rendered("primary-autism-final"), f">{plan.personal_details.name.forename}<", ">Theodore<",
                     occurrence=0)
    path = write("edited.docx", docx)
    result = run("read", path)
    assert result.exit_code == 0
    assert Plan.model_validate_json(result.stdout) == plan
    assert "difference: Child or young person's personal details (edited) /personal_details/name/forename: " \
           "embedded 'Theo', visible 'Theodore'" in result.stderr
    assert "edited after rendering in Child or young person's personal details" in result.stderr
    strict = run("read", path, "--strict")
    assert strict.exit_code == 1 and strict.stdout == result.stdout


def test_a_document_without_its_embedded_plan_is_read_from_its_page():
    path = write("resaved.docx", without_embedded_plan(rendered("college-19-24-transferred")))
    result = run("read", path, "--strict")
    assert result.exit_code == 0
    assert Plan.model_validate_json(result.stdout) == visible_form(example("college-19-24-transferred"))
    assert "read from its visible plan" in result.stderr and "no embedded plan" in result.stderr


# -- malformed input: exit 1, a clear message, no traceback ---------------------------------------------------------


def _not_a_plan_docx() -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Minutes of the annual review meeting")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MALFORMED = {
    "not a zip": (b"this is not a Word file", "expected a Word .docx (a zip package), but found data that is not"),
    "a zip that is not a docx": (zip_parts({"notes.txt": b"hello"}), "the zip has no [Content_Types].xml"),
    "a docx that is not a plan": (_not_a_plan_docx(), "a Word document, but not a standardised EHC plan"),
    "a zip bomb": (zip_parts({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(100 * 1024 * 1024)}),
                   "word/document.xml declares 104,857,600 bytes once unpacked"),
    "an encrypted file": (OLE_MAGIC + bytes(600) + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_is_an_error_with_exit_1_and_never_a_traceback(case):
    data, message = MALFORMED[case]
    path = write("bad.docx", data)
    result = run("read", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: bad.docx: ") and message in result.stderr
    no_traceback(result)


def test_an_oversized_file_is_refused_before_it_is_read():
    with open("big.docx", "wb") as big:  # a sparse 60 MB file: refused from its size, never read into memory
        big.write(rendered("primary-autism-final"))
        big.truncate(60 * 1024 * 1024)
    result = run("read", "big.docx")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: big.docx: the file is 62,914,560 bytes; a Word document is read only "
                                    "up to 52,428,800 bytes")
    no_traceback(result)


def test_a_missing_file_is_an_error_with_exit_1():
    result = run("read", "nowhere.docx")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nowhere.docx: cannot read the file (No such file or directory)")


@pytest.mark.parametrize("args", [("read",), ("read", "a.docx", "--format", "xml"), ("read", "a.docx", "--nope")])
def test_bad_usage_exits_2(args):
    assert run(*args).exit_code == 2


def test_read_help_ends_with_an_example():
    result = run("read", "--help")
    assert result.exit_code == 0
    assert "Example: ehcp read theo.docx -o theo.json --strict" in result.stdout


# -- ehcp check on Word plans ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["primary-autism-final", "year10-pfa-direct-payment",
                                  "under5-health-social-care-draft", "college-19-24-transferred"])
def test_check_on_a_rendered_example_gives_the_same_findings_as_on_its_json(name):
    docx = write(f"{name}.docx", rendered(name))
    on_json = run("check", ROOT / "examples" / f"{name}.json", "--as-of", AS_OF, "--format", "json")
    on_docx = run("check", docx, "--as-of", AS_OF, "--format", "json")
    assert on_docx.exit_code == on_json.exit_code
    [json_file] = json.loads(on_json.stdout)["files"]
    [docx_file] = json.loads(on_docx.stdout)["files"]
    assert docx_file["findings"] == json_file["findings"]
    assert docx_file["valid"] and docx_file["complete"]
    assert "read from the Word document's embedded plan" in docx_file["notes"]


def test_check_on_a_word_document_whose_headings_lost_a_letter_reports_it():
    docx = edit_page(rendered("primary-autism-final"), ">J – Direct Payments<", ">Direct Payments<")
    path = write("theo.docx", docx)
    result = run("check", path, "--as-of", AS_OF, "--format", "json", "--select", "EHCP-S001")
    [report] = json.loads(result.stdout)["files"]
    assert [f["rule"] for f in report["findings"]] == ["EHCP-S001"]
    assert "no section labelled J" in report["findings"][0]["message"]
    assert result.exit_code == 1


def test_check_on_a_word_file_that_is_not_a_plan_reports_a_problem_and_exits_1():
    path = write("minutes.docx", _not_a_plan_docx())
    result = run("check", path, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "not a standardised EHC plan" in result.stdout
    no_traceback(result)


def test_check_mixes_json_and_word_plans_in_one_run():
    docx = write("theo.docx", rendered("primary-autism-final"))
    result = run("check", ROOT / "examples" / "primary-autism-final.json", docx, "--as-of", AS_OF, "--format", "json")
    files = json.loads(result.stdout)["files"]
    assert [Path(f["source"]).name for f in files] == ["primary-autism-final.json", "theo.docx"]
    assert files[0]["findings"] == files[1]["findings"]
