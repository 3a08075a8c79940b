"""``ehcp convert``: one legacy plan or folders of them, through the real converter; exact exit codes, stdout and
stderr apart, and no child's name in either."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ehcp_standard.batch import PLANS_DIR, STATE_DIR
from ehcp_standard.cli import app, convert_progress
from ehcp_standard.model import Plan
from ehcp_standard.render import extract_embedded_plan

from .convert.docx_fixtures import make_docx, p, tbl, tc, tr
from .convert.legacy_layouts import corpus
from .test_batch import HOSTILE

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
KINDS = (".json", ".docx", ".report.json", ".report.txt")
EXPORT = (
    "plan_ref,la_code,status,forename,surname,date_of_birth,section,area,need,outcome,provision,who,frequency,"
    "duration\n"
    "EHCP/855/1,855,final,Ada,Testcase,2015-04-01,F,C&I,Finds it hard to follow spoken instructions,Follows "
    "two-step instructions by July 2027,Speech and language therapy programme,Speech and language therapist,"
    "weekly,30 minutes\n"
    "EHCP/855/2,855,final,Ben,Example,2014-02-03,F,C&L,Reads below age expectations,Reads at age level by July "
    "2028,Daily phonics group,Teaching assistant,daily,20 minutes\n"
)


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Run every test from its own tmp_path, so that relative paths appear in the output as given."""
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return runner.invoke(app, list(args))


def legacy_folder(folder: Path, count: int, *, seed: int = 11) -> list[str]:
    """Write ``count`` fictional legacy plans into ``folder``; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, data in corpus(count, seed=seed):
        (folder / name).write_bytes(data)
        names.append(name)
    return names


def written(out: Path) -> set[str]:
    return {path.relative_to(out).as_posix() for path in out.rglob("*")
            if path.is_file() and STATE_DIR not in path.parts}


def child_names(out: Path) -> set[str]:
    """Every forename and surname in the plans written."""
    names = set()
    for path in (out / PLANS_DIR).glob("*.json"):
        if path.name.endswith(".report.json"):
            continue
        name = json.loads(path.read_text())["personal_details"]["name"]
        names |= {name["forename"], name["surname"]}
    return names


# -- one file -----------------------------------------------------------------------------------------------------


def test_one_legacy_plan_gives_its_json_standard_docx_and_report(tmp_path):
    (name,) = legacy_folder(tmp_path, 1)
    result = run("convert", name, "--profile", "sequential_first_person", "-o", "out/")
    assert result.exit_code == 0, result.output
    stem = name.removesuffix(".docx")
    assert written(tmp_path / "out") == {f"{PLANS_DIR}/{stem}{kind}" for kind in KINDS} | {"report.csv",
                                                                                            "report.html"}
    plan_json = (tmp_path / "out" / PLANS_DIR / f"{stem}.json").read_text()
    plan = Plan.model_validate_json(plan_json)
    reference = plan.metadata.plan_reference
    assert result.stdout.startswith(f"converted   {name} -> {PLANS_DIR}/{stem}.json ({reference}): ")
    docx = (tmp_path / "out" / PLANS_DIR / f"{stem}.docx").read_bytes()
    assert Plan.model_validate_json(extract_embedded_plan(docx)) == plan
    report = json.loads((tmp_path / "out" / PLANS_DIR / f"{stem}.report.json").read_text())
    assert report["plan_reference"] == reference and report["profile"]["name"] == "sequential_first_person"
    text = (tmp_path / "out" / PLANS_DIR / f"{stem}.report.txt").read_text()
    assert text.startswith(f"Conversion report: {name}\n")
    errors = len([line for line in text.splitlines() if line.startswith("  - EHCP-") and " [error] " in line])
    assert result.stdout.endswith(f" carried over, {errors} compliance error{'' if errors == 1 else 's'}\n")
    assert result.stderr.endswith("1 input: 1 converted (1 plan), 0 failed in "
                                  f"{result.stderr.rsplit(' in ', 1)[1].split(' s;')[0]} s; wrote "
                                  "out/report.html and report.csv\n")


def test_a_case_management_export_gives_one_plan_per_reference(tmp_path):
    (tmp_path / "export.csv").write_text(EXPORT, encoding="utf-8")
    result = run("convert", "export.csv", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"converted   export.csv -> 2 plans in {PLANS_DIR}/export__*\n"
    stems = ("export__EHCP-855-1", "export__EHCP-855-2")
    assert written(tmp_path / "out") == {f"{PLANS_DIR}/{s}{k}" for s in stems for k in KINDS} | {"report.csv",
                                                                                                "report.html"}
    table = list(csv.DictReader(io.StringIO((tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig"))))
    assert [(row["source"], row["plan_reference"]) for row in table] == [
        ("export.csv#EHCP/855/1", "EHCP/855/1"), ("export.csv#EHCP/855/2", "EHCP/855/2")]


# -- a batch ------------------------------------------------------------------------------------------------------


def mixed_folder(folder: Path) -> list[str]:
    """Good plans, an export, a duplicate, and the hostile files of test_batch: return the good plans' names."""
    good = legacy_folder(folder, 4)
    (folder / "exports").mkdir()
    (folder / "exports" / "export.csv").write_text(EXPORT, encoding="utf-8")
    (folder / "zz-copy.docx").write_bytes((folder / good[0]).read_bytes())
    for name in ("corrupt.docx", "encrypted.docx", "bomb.docx", "minutes.docx"):
        (folder / "bad" / name).parent.mkdir(exist_ok=True)
        (folder / "bad" / name).write_bytes(HOSTILE[name][0]())
    return good


def test_a_mixed_batch_exits_1_converts_every_good_plan_and_reports_every_bad_one(tmp_path):
    good = mixed_folder(tmp_path / "legacy")
    result = run("convert", "legacy", "-o", "out", "--workers", "2")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    statuses = {line.split()[1].rstrip(":"): line.split()[0] for line in lines}
    assert statuses == {
        **{f"legacy/{name}": "converted" for name in good}, "legacy/exports/export.csv": "converted",
        "legacy/zz-copy.docx": "duplicate", "legacy/bad/corrupt.docx": "not-a-docx",
        "legacy/bad/encrypted.docx": "encrypted", "legacy/bad/bomb.docx": "unsafe",
        "legacy/bad/minutes.docx": "not-a-plan"}
    for name in ("corrupt.docx", "encrypted.docx", "bomb.docx", "minutes.docx"):
        (line,) = [line for line in lines if f"legacy/bad/{name}:" in line]
        assert HOSTILE[name][2] in line
    stems = [name.removesuffix(".docx") for name in good] + ["exports_export__EHCP-855-1",
                                                              "exports_export__EHCP-855-2"]
    assert written(tmp_path / "out") == {f"{PLANS_DIR}/{s}{k}" for s in stems for k in KINDS} | {"report.csv",
                                                                                                "report.html"}
    assert "10 inputs: 5 converted (6 plans), 1 duplicate, 4 failed" in result.stderr
    page = (tmp_path / "out" / "report.html").read_text()
    assert "password-protected" in page and "zip bomb" in page


def test_a_batch_where_everything_converts_exits_0(tmp_path):
    names = legacy_folder(tmp_path / "legacy", 3)
    (tmp_path / "legacy" / "zz-copy.docx").write_bytes((tmp_path / "legacy" / names[0]).read_bytes())
    result = run("convert", "legacy", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "4 inputs: 3 converted (3 plans), 1 duplicate, 0 failed" in result.stderr


def test_no_childs_name_is_printed_and_the_report_names_children_only_when_asked(tmp_path):
    mixed_folder(tmp_path / "legacy")
    plain = run("convert", "legacy", "-o", "out")
    names = child_names(tmp_path / "out") | {"Ada", "Testcase", "Ben", "Example"}
    assert len(names) > 6
    for text in (plain.stdout, plain.stderr, (tmp_path / "out" / "report.html").read_text(),
                 (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")):
        assert not [name for name in names if name in text]
    named = run("convert", "legacy", "-o", "named", "--show-names")
    assert not [name for name in names if name in named.stdout + named.stderr]
    page = (tmp_path / "named" / "report.html").read_text()
    assert "Ada Testcase" in page and "Ben Example" in page
    table = (tmp_path / "named" / "report.csv").read_text(encoding="utf-8-sig")
    assert "child_name" in table.splitlines()[0] and "Ada Testcase" in table


def test_resume_takes_what_an_earlier_run_converted_and_says_so(tmp_path):
    names = legacy_folder(tmp_path / "legacy", 2)
    assert run("convert", "legacy", "-o", "out").exit_code == 0
    legacy_folder(tmp_path / "legacy", 3)  # the same two, and one more
    result = run("convert", "legacy", "-o", "out", "--resume")
    assert result.exit_code == 0, result.output
    resumed = [line.split()[1] for line in result.stdout.splitlines() if line.endswith("[resumed]")]
    assert resumed == [f"legacy/{name}" for name in sorted(names)]
    assert "Note: --resume: 2 input(s) done by the earlier run were taken from its records; 1 left to convert" \
        in result.stderr


CLI = [sys.executable, "-m", "ehcp_standard.cli", "convert", "legacy", "--workers", "2", "-o"]


def cli_process(cwd: Path, out: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([*CLI, out, *extra], cwd=cwd, env=env, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_when_records(process: subprocess.Popen, done: Path, count: int) -> None:
    """SIGKILL the process group of ``process`` (the CLI and its workers) once ``count`` records exist."""
    try:
        deadline = time.monotonic() + 120
        while len(list(done.glob("*.json"))) < count:
            assert process.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_killed_conversion_resumed_converts_the_rest_and_matches_one_uninterrupted_run(tmp_path):
    names = legacy_folder(tmp_path / "legacy", 40, seed=5)
    killed = cli_process(tmp_path, "out", "--as-of", "2026-11-27")
    kill_when_records(killed, tmp_path / "out" / STATE_DIR / "done", 3)
    recorded = {json.loads(p.read_text())["name"] for p in (tmp_path / "out" / STATE_DIR / "done").glob("*.json")}
    assert 3 <= len(recorded) < len(names)

    resumed = cli_process(tmp_path, "out", "--resume")  # takes the killed run's as-of date from its state
    stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    lines = stdout.splitlines()
    assert {line.split()[1] for line in lines if line.endswith("[resumed]")} == recorded
    assert len(lines) == len(names) and all(line.startswith("converted ") for line in lines)

    single = cli_process(tmp_path, "single", "--as-of", "2026-11-27")
    single.communicate(timeout=300)
    assert single.returncode == 0
    assert hashes(tmp_path / "out" / PLANS_DIR) == hashes(tmp_path / "single" / PLANS_DIR)
    assert written(tmp_path / "out") == written(tmp_path / "single")


# -- files skipped ------------------------------------------------------------------------------------------------


OTHER_FILES = ("old.doc", "scan.pdf", "draft.odt", "letter.rtf", "notes.txt")
SKIPPED_WHY = {
    "old.doc": "a Word 97–2003 document: save it as .docx and run again with --resume",
    "scan.pdf": "a PDF: convert the Word document it was made from",
    "draft.odt": "an OpenDocument text: save it as .docx and run again with --resume",
    "letter.rtf": "a Rich Text Format document: save it as .docx and run again with --resume",
    "notes.txt": "not a .docx, .docm, .csv or .xlsx file",
}


def test_other_files_in_a_folder_are_skipped_on_one_line_and_in_the_reports_without_failing_the_batch(tmp_path):
    (name,) = legacy_folder(tmp_path / "legacy", 1)
    for other in (*OTHER_FILES, ".DS_Store", "~$lock.docx", ".hidden/x.pdf"):
        (tmp_path / "legacy" / other).parent.mkdir(exist_ok=True)
        (tmp_path / "legacy" / other).write_bytes(b"not converted")
    result = run("convert", "legacy", "-o", "out")
    assert result.exit_code == 0, result.output
    assert [line.split()[:2] for line in result.stdout.splitlines()] == [["converted", f"legacy/{name}"]]
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    listed = "; ".join(f"legacy/{other} ({SKIPPED_WHY[other]})" for other in sorted(OTHER_FILES))
    assert skipped == [f"5 files skipped: {listed}; listed in report.csv and report.html"]
    assert result.stderr.splitlines()[-1].startswith("1 input: 1 converted (1 plan), 0 failed in ")
    table = list(csv.DictReader(io.StringIO((tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig"))))
    assert [(row["input"], row["status"], row["reason"]) for row in table[1:]] == [
        (f"legacy/{other}", "skipped", SKIPPED_WHY[other]) for other in sorted(OTHER_FILES)]
    page = (tmp_path / "out" / "report.html").read_text()
    assert all(f"legacy/{other}" in page.split("<h2>Files skipped</h2>")[1] for other in OTHER_FILES)
    assert ".DS_Store" not in page + result.stderr and "lock.docx" not in page and "x.pdf" not in page


def test_the_skipped_line_names_five_files_and_counts_the_rest(tmp_path):
    legacy_folder(tmp_path / "legacy", 1)
    for number in range(8):
        (tmp_path / "legacy" / f"old-{number}.doc").write_bytes(b"old")
    result = run("convert", "legacy", "-o", "out")
    assert result.exit_code == 0
    (line,) = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert line == ("8 files skipped: legacy/old-0.doc, legacy/old-1.doc, legacy/old-2.doc, legacy/old-3.doc, "
                    f"legacy/old-4.doc ({SKIPPED_WHY['old.doc']}); and 3 more; listed in report.csv and report.html")


# -- personal data in what the batch writes ----------------------------------------------------------------------

#: Distinctive fictional personal data: the names, dates of birth and invalid identifiers of two children.
SECRETS = ("Zephyrina", "Quillfeather", "Octavian", "Brightwater", "K855200005009", "H855200005001", "9434765918",
           "943 476 5918", "2013-11-02", "02/11/2013", "2014-06-07", "Summary of", "kites")
PERSONAL_PLAN = (
    tbl(tr(tc("Name"), tc("Zephyrina Quillfeather")), tr(tc("Date of Birth"), tc("02/11/2013")),
        tr(tc("UPN"), tc("K855200005009")), tr(tc("NHS number"), tc("943 476 5918")))
    + p("Section A: About me", style="Heading1")
    + p("What people like and admire about me", style="Heading2")
    + p("Builds things.")
    + p("SUMMARY OF ZEPHYRINA'S SKILLS AND TALENTS", style="Heading1")
    + p("Makes kites from recycled paper.")
    + tbl(tr(tc("Club"), tc("Day")), tr(tc("Quillfeather family kites"), tc("Tuesday")))
    + p("Section B: Special educational needs", style="Heading1")
    + p("Cognition and learning", style="Heading2")
    + p("Finds reading hard.")
)
PERSONAL_EXPORT = (
    "plan_ref,la_code,status,forename,surname,date_of_birth,upn,Favourite thing,section,area,need,outcome,provision,"
    "who,frequency,duration\n"
    "EHCP/855/9,855,final,Octavian,Brightwater,2014-06-07,H855200005001,Octavian's kites,F,C&I,Finds it hard to "
    "follow spoken instructions,Follows two-step instructions by July 2027,Speech and language therapy programme,"
    "Speech and language therapist,weekly,30 minutes\n"
)


def personal_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "plan-1.docx").write_bytes(make_docx(PERSONAL_PLAN))
    (folder / "export.csv").write_text(PERSONAL_EXPORT, encoding="utf-8")
    (folder / "old.doc").write_bytes(b"an old Word file")


def batch_files(out: Path) -> dict[str, str]:
    """Every file the batch wrote but the plans' own (each plan's .json, .docx, .report.json, .report.txt)."""
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(out.rglob("*")) if path.is_file() and PLANS_DIR not in path.relative_to(out).parts}


def found_secrets(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.casefold() in text.casefold()]


def test_nothing_the_batch_writes_beside_the_plans_holds_a_name_a_heading_or_an_identifier(tmp_path):
    personal_folder(tmp_path / "legacy")
    result = run("convert", "legacy", "-o", "out", "--as-of", "2026-09-01", "--la-code", "855")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    # the plans' own reports hold the headings and the finding quoting the UPN: the data reached the batch
    plan_report = (out / PLANS_DIR / "plan-1.report.json").read_text()
    assert "SUMMARY OF ZEPHYRINA'S SKILLS AND TALENTS" in plan_report and "K855200005009" in plan_report
    files = batch_files(out)
    assert {"report.csv", "report.html", f"{STATE_DIR}/run.json"} <= set(files)
    assert len([name for name in files if name.startswith(f"{STATE_DIR}/done/")]) == 2
    leaks = {name: found_secrets(text) for name, text in {**files, "stdout": result.stdout,
                                                          "stderr": result.stderr}.items()}
    assert not any(leaks.values()), leaks
    # what the batch keeps instead: where, why, and the counts
    records = [json.loads(text) for name, text in files.items() if name.startswith(f"{STATE_DIR}/done/")]
    carried = [entry for record in records for plan in record["plans"] for entry in plan["carried"]]
    assert {"location", "reason", "suggested_section"} == {key for entry in carried for key in entry}
    assert any(entry["reason"].startswith("not valid at /personal_details/identifiers/upn") for entry in carried)
    assert any(entry["location"].endswith("table 2 › row 2") for entry in carried)
    table = {row["source"]: row for row in csv.DictReader(io.StringIO(files["report.csv"].lstrip("\ufeff")))}
    assert (table["legacy/plan-1.docx"]["invalid_identifiers"], table["legacy/export.csv#EHCP/855/9"][
        "invalid_identifiers"]) == ("2", "1")


def test_with_show_names_the_page_adds_the_names_and_headings_but_the_records_still_hold_none(tmp_path):
    personal_folder(tmp_path / "legacy")
    result = run("convert", "legacy", "-o", "named", "--as-of", "2026-09-01", "--la-code", "855", "--show-names")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "named" / "report.html").read_text()
    assert "Zephyrina Quillfeather" in page and "SUMMARY OF ZEPHYRINA&#x27;S SKILLS AND TALENTS" in page
    state = batch_files(tmp_path / "named")
    assert not found_secrets(" ".join(text for name, text in state.items() if name.startswith(STATE_DIR)))
    assert not found_secrets(result.stdout + result.stderr)


# -- usage and errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere/", "-o", "out"], "no such file or folder: nowhere"),
    (["legacy", "-o", "out", "--workers", "0"], "--workers': Input should be greater than or equal to 1"),
    (["legacy", "-o", "out", "--la-code", "999"], "'999' is not one of the"),
    (["legacy", "-o", "out", "--la-code", "909"], "LA code 909 (Cumbria) was retired"),
    (["legacy", "-o", "out", "--as-of", "27/11/2026"], "'27/11/2026' is not a date"),
    (["legacy"], "Missing option '--output'"),
])
def test_bad_usage_exits_2_with_a_message_and_writes_nothing(tmp_path, args, message):
    (tmp_path / "legacy").mkdir()
    result = run("convert", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split()), result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_with_no_legacy_files_is_an_error_naming_the_files_skipped(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "notes.txt").write_text("nothing to convert")
    result = run("convert", "legacy", "-o", "out")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: no .docx, .docm, .csv or .xlsx files found in legacy; name legacy plan files, "
                             "or folders that hold some; 1 file skipped: legacy/notes.txt (not a .docx, .docm, "
                             ".csv or .xlsx file)\n")


def test_an_unknown_profile_is_an_error_naming_it(tmp_path):
    legacy_folder(tmp_path / "legacy", 1)
    result = run("convert", "legacy", "-o", "out", "--profile", "no-such-council")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no-such-council" in result.stderr
    assert not (tmp_path / "out").exists()


#: A fictional plan in a council's own template: generic reads no child's name in it ("Pupil's forename").
PUPIL_PLAN = (
    p("Personal details", rpr="<w:b/>")
    + tbl(tr(tc("Pupil's forename"), tc("Ada")), tr(tc("Pupil's surname"), tc("Testcase")),
          tr(tc("Date of birth"), tc("01/04/2015")), tr(tc("Key worker"), tc("Speech and language therapist")))
)
#: That council's own profile: its labels, and a detection signature no built-in profile has.
PUPIL_PROFILE = (
    "name: our-council\ndescription: Our council's 2019 template.\nextends: generic\n"
    "detection:\n  signatures: [Pupil's forename, Pupil's surname, Key worker]\n"
    "labels:\n  personal_details:\n    forename: [Pupil's forename]\n    surname: [Pupil's surname]\n"
)


def test_detect_with_lets_a_councils_own_profile_be_detected(tmp_path):
    (tmp_path / "pupil-plan.docx").write_bytes(make_docx(PUPIL_PLAN))
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "our-council.yaml").write_text(PUPIL_PROFILE, encoding="utf-8")
    before = run("convert", "pupil-plan.docx", "-o", "before", "--la-code", "855")
    assert before.exit_code == 1 and before.stdout.startswith("incomplete  pupil-plan.docx: ")
    result = run("convert", "pupil-plan.docx", "-o", "out", "--la-code", "855", "--detect-with", "profiles")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("converted   pupil-plan.docx -> plans/pupil-plan.json (CONV-")
    report = json.loads((tmp_path / "out" / PLANS_DIR / "pupil-plan.report.json").read_text())
    assert report["profile"]["name"] == "our-council"
    plan = json.loads((tmp_path / "out" / PLANS_DIR / "pupil-plan.json").read_text())
    assert plan["personal_details"]["name"]["forename"] == "Ada"


def test_resume_converts_again_when_the_detect_with_profiles_changed(tmp_path):
    (tmp_path / "pupil-plan.docx").write_bytes(make_docx(PUPIL_PLAN))
    (tmp_path / "ours.yaml").write_text(PUPIL_PROFILE, encoding="utf-8")
    args = ("convert", "pupil-plan.docx", "-o", "out", "--la-code", "855", "--resume")
    assert run(*args, "--detect-with", "ours.yaml").exit_code == 0
    again = run(*args, "--detect-with", "ours.yaml")
    assert "1 input(s) done by the earlier run were taken from its records" in again.stderr
    (tmp_path / "ours.yaml").write_text(PUPIL_PROFILE.replace("2019", "2020"), encoding="utf-8")
    changed = run(*args, "--detect-with", "ours.yaml")
    assert "no earlier run with the same options" in changed.stderr


def test_detect_with_and_profile_together_are_a_usage_error(tmp_path):
    (tmp_path / "pupil-plan.docx").write_bytes(make_docx(PUPIL_PLAN))
    (tmp_path / "ours.yaml").write_text(PUPIL_PROFILE, encoding="utf-8")
    result = run("convert", "pupil-plan.docx", "-o", "out", "--profile", "generic", "--detect-with", "ours.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "give --profile or --detect-with, not both" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_broken_detect_with_profile_is_an_error_naming_its_file(tmp_path):
    (tmp_path / "pupil-plan.docx").write_bytes(make_docx(PUPIL_PLAN))
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "broken.yaml").write_text("name: broken\ndescription: [unclosed\n", encoding="utf-8")
    result = run("convert", "pupil-plan.docx", "-o", "out", "--detect-with", "profiles")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: profiles/broken.yaml: ")
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_is_a_file_is_an_error(tmp_path):
    legacy_folder(tmp_path / "legacy", 1)
    (tmp_path / "out").write_text("not a folder")
    result = run("convert", "legacy", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write into out (")


def test_an_interrupted_run_exits_130_and_says_how_to_finish_it(tmp_path, monkeypatch):
    from ehcp_standard import batch

    legacy_folder(tmp_path / "legacy", 1)

    def interrupted(self, on_result=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch.Batch, "run", interrupted)
    result = run("convert", "legacy", "-o", "out")
    assert result.exit_code == 130
    assert "run the same command with --resume to convert the rest" in result.stderr


def test_the_progress_bar_shows_counts_and_the_time_left():
    stream = io.StringIO()
    progress = convert_progress(Console(file=stream, force_terminal=True, width=140, color_system=None))
    with progress:
        task = progress.add_task("Converting", total=10, converted=3, failed=1)
        progress.update(task, advance=4)
    shown = stream.getvalue()
    assert "Converting" in shown and "4/10" in shown and "3 converted, 1 failed" in shown and "ETA" in shown
