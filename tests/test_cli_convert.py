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


def test_a_folder_with_no_legacy_files_is_an_error(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "notes.txt").write_text("nothing to convert")
    result = run("convert", "legacy", "-o", "out")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: no .docx, .csv or .xlsx files found in legacy;")


def test_an_unknown_profile_is_an_error_naming_it(tmp_path):
    legacy_folder(tmp_path / "legacy", 1)
    result = run("convert", "legacy", "-o", "out", "--profile", "no-such-council")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no-such-council" in result.stderr
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
