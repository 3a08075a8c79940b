"""Bulk conversion (``ehcp_standard.batch``): finding inputs, safe names, workers that crash or hang, atomic
writes, resume after a kill, and hostile files.

Most tests drive the engine with :func:`fake_convert`, a converter double whose input files are small JSON
instructions (``{"ref": "R-1"}``; ``"do": "crash"`` ends the worker, ``"hang"`` never returns, ``"raise"`` raises an
unexpected error quoting the document, ``"import"`` needs a package that is missing, ``"rows"`` makes an export of
several plans; ``"log"`` names a file each call is written to; ``"sleep"`` slows it down). It returns real plans,
which the engine renders for real. The hostile files and the batch of "Done means" go through the real converter.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehcp_standard import _batch_files, _batch_inputs, batch
from ehcp_standard.batch import (
    PLANS_DIR,
    SKIPPED_REASON,
    STATE_DIR,
    TEMP_PREFIX,
    BatchOptions,
    Status,
    Task,
    WorkerSettings,
    atomic_write,
    base_stem,
    convert_batch,
    convert_one,
    find_inputs,
    output_stems,
    plan_stems,
    prepare_batch,
    scan_inputs,
)
from ehcp_standard.model import Plan
from ehcp_standard.ooxml import OLE_MAGIC

ROOT = Path(__file__).resolve().parents[1]
CHILD = ("Ada", "Testcase")
OUTPUT_KINDS = (".json", ".docx", ".report.json", ".report.txt")


# -- the converter double (module level: workers receive it by reference) -----------------------------------------


@dataclass
class FakeReport:
    """The conversion report's documented surface, nothing more."""

    source: str
    plan_reference: str
    child_name: str = " ".join(CHILD)
    profile: str = "generic"
    mapped: int = 7
    carried_over: int = 1
    warnings: tuple[str, ...] = ("word/document.xml: paragraph 3: check the date",)
    findings: object = None
    confidence: dict = field(default_factory=lambda: {"B": 0.9, "F": 0.5})
    carried: tuple = (("word/document.xml › table 2 › row 3", f"ALL ABOUT {CHILD[0].upper()}'S HOBBIES",
                       "no standard field", "A"),)

    def to_dict(self) -> dict:
        return {"source": self.source, "plan_reference": self.plan_reference, "child_name": self.child_name}

    def to_text(self) -> str:
        return f"Conversion report: {self.source}\nPlan reference: {self.plan_reference}\n"


@dataclass
class FakeConversion:
    source: str
    plan: Plan
    report: FakeReport


def fictional_plan(reference: str) -> Plan:
    return Plan.model_validate({
        "schema_version": "1.0.0",
        "metadata": {"la_code": "855", "plan_reference": reference, "status": "final"},
        "personal_details": {"name": {"forename": CHILD[0], "surname": CHILD[1]}, "date_of_birth": "2015-04-01"},
    })


def fake_convert(data: bytes, source: str, options) -> list[FakeConversion]:
    """Follow the JSON instructions in ``data`` (see the module docstring)."""
    spec = json.loads(data)
    if spec.get("log"):
        with open(spec["log"], "a", encoding="utf-8") as log:
            log.write(source + "\n")
    action = spec.get("do", "ok")
    if action == "crash":
        os._exit(3)
    if action == "hang":
        time.sleep(600)
    if action == "raise":
        raise ValueError(f"cannot parse {' '.join(CHILD)}'s date of birth")
    if action == "import":
        import ehcp_no_such_package  # noqa: F401 - a missing optional dependency
    time.sleep(spec.get("sleep", 0))
    with batch.stage("map"):
        references = spec["rows"] if "rows" in spec else [spec["ref"]]
    suffix = (lambda ref: f"#{ref}") if "rows" in spec else (lambda ref: "")
    return [FakeConversion(source + suffix(ref), fictional_plan(ref), FakeReport(source + suffix(ref), ref))
            for ref in references]


def write_spec(path: Path, **spec) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def options(**changes) -> BatchOptions:
    return BatchOptions(**{"convert": fake_convert, "workers": 2, "timeout": 60, "durable": False, **changes})


def output_files(out: Path) -> set[str]:
    """Every file in the output folder, as paths relative to it, the state folder left out."""
    return {path.relative_to(out).as_posix() for path in out.rglob("*")
            if path.is_file() and STATE_DIR not in path.parts}


def plan_files(*stems: str) -> set[str]:
    return {f"{PLANS_DIR}/{stem}{kind}" for stem in stems for kind in OUTPUT_KINDS}


def by_name(result) -> dict[str, object]:
    return {item.name: item for item in result.results}


def tree_hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# -- finding inputs -----------------------------------------------------------------------------------------------


def test_inputs_are_found_recursively_in_sorted_order_and_only_legacy_kinds(tmp_path):
    for name in ("b.docx", "a.DOCX", "sub/z.csv", "sub/deeper/y.xlsx", "notes.txt", "plan.json", "sub/a.pdf"):
        write_spec(tmp_path / "in" / name, ref="R")
    found = find_inputs([tmp_path / "in"])
    assert [entry.relative for entry in found] == ["a.DOCX", "b.docx", "sub/deeper/y.xlsx", "sub/z.csv"]
    assert found[0].name == (tmp_path / "in" / "a.DOCX").as_posix()


def test_lock_files_hidden_folders_and_the_output_folder_are_passed_over(tmp_path):
    for name in ("plan.docx", "~$plan.docx", "._plan.docx", ".hidden/x.docx", "out/plans/old.docx"):
        write_spec(tmp_path / "in" / name, ref="R")
    found = find_inputs([tmp_path / "in"], exclude=[tmp_path / "in" / "out"])
    assert [entry.relative for entry in found] == ["plan.docx"]


def test_every_other_file_in_a_folder_is_skipped_by_name_and_hidden_ones_silently(tmp_path):
    for name in ("plan.docx", "old plan.doc", "scan.pdf", "sub/draft.odt", "sub/letter.rtf", "notes.txt",
                 ".DS_Store", "~$plan.docx", "._plan.docx", ".hidden/x.pdf", "out/plans/old.pdf", "out/report.csv"):
        write_spec(tmp_path / "in" / name, ref="R")
    scan = scan_inputs([tmp_path / "in"], exclude=batch.written_paths(tmp_path / "in" / "out"))
    assert [entry.relative for entry in scan.inputs] == ["plan.docx"]
    folder = (tmp_path / "in").as_posix()
    assert [(item.name, item.reason) for item in scan.skipped] == [
        (f"{folder}/{name}", batch.skipped_reason(name)) for name in ("notes.txt", "old plan.doc", "scan.pdf",
                                                                      "sub/draft.odt", "sub/letter.rtf")]
    assert [item.reason for item in scan.skipped][:3] == [
        SKIPPED_REASON, "a Word 97–2003 document: save it as .docx and run again with --resume",
        "a PDF: convert the Word document it was made from"]


@pytest.mark.parametrize(("name", "reason"), [
    ("a/Old Plan.DOC", "a Word 97–2003 document: save it as .docx and run again with --resume"),
    ("plan.odt", "an OpenDocument text: save it as .docx and run again with --resume"),
    ("export.xls", "an Excel 97–2003 workbook: save it as .xlsx and run again with --resume"),
    ("template.dotx", "a Word template, not a plan"), ("scan.PDF", "a PDF: convert the Word document it was made from"),
    ("notes.txt", "not a .docx, .docm, .csv or .xlsx file"), ("README", "not a .docx, .docm, .csv or .xlsx file"),
    ("dir.doc/README", "not a .docx, .docm, .csv or .xlsx file"), (".doc", "not a .docx, .docm, .csv or .xlsx file"),
])
def test_a_skipped_file_says_what_its_extension_makes_it_and_what_to_do(name, reason):
    assert batch.skipped_reason(name) == reason == batch.SkippedFile(name).reason


def test_skipped_files_are_reported_but_do_not_fail_the_batch(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    write_spec(tmp_path / "in" / "b.doc", ref="R-2")
    write_spec(tmp_path / "in" / "c.pdf", ref="R-3")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert result.exit_code == 0 and result.counts() == {"converted": 1}
    assert [item.name for item in result.skipped] == [(tmp_path / "in" / name).as_posix() for name in ("b.doc",
                                                                                                        "c.pdf")]
    import csv

    table = list(csv.DictReader(io.StringIO((tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig"))))
    assert [(row["input"], row["status"], row["reason"]) for row in table if row["status"] == "skipped"] == [
        ((tmp_path / "in" / "b.doc").as_posix(), "skipped", batch.SKIPPED_KINDS[".doc"]),
        ((tmp_path / "in" / "c.pdf").as_posix(), "skipped", "a PDF: convert the Word document it was made from")]
    assert "<h2>Files skipped</h2>" in (tmp_path / "out" / "report.html").read_text()


def test_a_link_to_a_file_outside_the_input_folders_is_refused_and_one_inside_is_read_once(tmp_path):
    write_spec(tmp_path / "secret.docx", ref="R")
    write_spec(tmp_path / "in" / "plan.docx", ref="R")
    (tmp_path / "in" / "escape.docx").symlink_to(tmp_path / "secret.docx")
    (tmp_path / "in" / "inside.docx").symlink_to(tmp_path / "in" / "plan.docx")
    found = {entry.relative: entry for entry in find_inputs([tmp_path / "in"])}
    assert "outside the input folders" in found["escape.docx"].refused
    assert "inside.docx" not in found and found["plan.docx"].refused == ""  # a link inside: the file, once
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert by_name(result)[(tmp_path / "in" / "escape.docx").as_posix()].status is Status.UNSAFE
    assert result.exit_code == 1


def test_links_to_folders_are_followed_inside_the_input_folders_only_and_a_loop_ends(tmp_path):
    write_spec(tmp_path / "in" / "a" / "plan.docx", ref="R")
    write_spec(tmp_path / "elsewhere" / "other.docx", ref="R")
    (tmp_path / "in" / "a" / "loop").symlink_to(tmp_path / "in")
    (tmp_path / "in" / "away").symlink_to(tmp_path / "elsewhere")
    assert [entry.relative for entry in find_inputs([tmp_path / "in"])] == ["a/plan.docx"]


def test_a_file_named_on_its_own_is_taken_whatever_its_extension_and_only_once(tmp_path):
    write_spec(tmp_path / "plan.doc.bak", ref="R")
    found = find_inputs([tmp_path / "plan.doc.bak", tmp_path / "plan.doc.bak"])
    assert [(entry.relative, entry.refused) for entry in found] == [("plan.doc.bak", "")]


def test_a_missing_path_is_an_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.docx: no such file"):
        find_inputs([tmp_path / "nowhere.docx"])


@pytest.mark.parametrize("out", ["in/converted", "in"])
def test_what_a_batch_writes_is_never_read_back_as_input(tmp_path, out):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    for _ in range(2):
        result = convert_batch([tmp_path / "in"], tmp_path / out, options())
        assert [item.name for item in result.results] == [(tmp_path / "in" / "a.docx").as_posix()]
        assert result.skipped == []   # nor listed as skipped: the reports, the plans' files, the state


def test_a_second_batch_into_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    busy = pytest.raises(batch.EhcpError, match="another 'ehcp convert' is writing into this folder")
    with batch.output_lock(tmp_path / "out"), busy:
        convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert convert_batch([tmp_path / "in"], tmp_path / "out", options()).exit_code == 0


def test_a_file_needing_a_missing_package_is_unsupported_and_tried_again_on_resume(tmp_path):
    log = tmp_path / "calls.log"
    write_spec(tmp_path / "in" / "a.xlsx", do="import", log=str(log))
    (item,) = convert_batch([tmp_path / "in"], tmp_path / "out", options()).results
    assert item.status is Status.UNSUPPORTED
    assert "needs the Python package 'ehcp_no_such_package'" in item.reason and "pip install" in item.reason
    convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert len(calls(log)) == 2


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    monkeypatch.setattr(_batch_inputs, "MAX_FILE_BYTES", 100)  # where the scan reads it
    write_spec(tmp_path / "in" / "big.docx", ref="R", padding="x" * 200)
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    (item,) = result.results
    assert item.status is Status.UNSAFE and "read only up to 100 bytes" in item.reason
    assert output_files(tmp_path / "out") == {"report.csv", "report.html"}


# -- output names -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("relative", "stem"), [
    ("Plan 1.docx", "Plan-1"),
    ("a/b/Plan 1.docx", "a_b_Plan-1"),
    ("Zoë Brontë – EHCP (final).docx", "Zoe-Bronte-EHCP-final"),
    ("per_area__tables_.docx", "per_area_tables"),
    ("..docx", "docx"),
    ("CON.docx", "x-CON"),
    ("<img src=x onerror=alert(1)>.docx", "img-src-x-onerror-alert-1"),
    ("..\\..\\windows\\system32.docx", "windows-system32"),
    ("plan", "plan"),
])
def test_output_names_are_ascii_letters_digits_dashes_and_underscores(relative, stem):
    assert base_stem(relative) == stem


def test_clashing_names_are_settled_by_the_content_hash_the_same_way_every_time():
    inputs = [("Plan 1.docx", "a" * 64), ("plan-1.docx", "b" * 64), ("Other.docx", "c" * 64)]
    assert output_stems(inputs) == ["Plan-1-aaaaaaaa", "plan-1-bbbbbbbb", "Other"]
    assert output_stems(list(reversed(inputs))) == ["Other", "plan-1-bbbbbbbb", "Plan-1-aaaaaaaa"]


def test_the_plans_of_an_export_are_named_by_their_references_and_never_clash():
    sources = ["e.csv#EHCP/935/1", "e.csv#EHCP/935/2", "e.csv#ehcp 935 1", "e.csv#../../x"]
    assert plan_stems("e", sources) == ["e__EHCP-935-1", "e__EHCP-935-2", "e__ehcp-935-1-2", "e__x"]
    assert plan_stems("plan", ["plans/plan.docx"]) == ["plan"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s), min_size=1,
                                   max_size=3).map("/".join), st.sampled_from(["a" * 64, "b" * 64, ""])),
                max_size=12))
def test_output_names_are_always_safe_and_unique_ignoring_case(inputs):
    stems = output_stems(inputs)
    assert len({stem.casefold() for stem in stems}) == len(stems)
    for stem in stems:
        assert re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?", stem), stem
        assert "__" not in stem and len(stem) <= 180


# -- converting ---------------------------------------------------------------------------------------------------


def test_each_good_input_gives_a_plan_json_a_standard_docx_and_its_report(tmp_path):
    for number in (1, 2, 3):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert result.exit_code == 0 and result.counts() == {"converted": 3}
    assert output_files(tmp_path / "out") == plan_files("p1", "p2", "p3") | {"report.csv", "report.html"}
    plan = Plan.model_validate_json((tmp_path / "out" / PLANS_DIR / "p2.json").read_text())
    assert plan.metadata.plan_reference == "R-2"
    assert zipfile.is_zipfile(tmp_path / "out" / PLANS_DIR / "p2.docx")
    assert (tmp_path / "out" / PLANS_DIR / "p2.report.txt").read_text().startswith("Conversion report: ")
    item = result.results[1]
    assert item.plans[0].files["docx"] == f"{PLANS_DIR}/p2.docx"
    assert {"read", "convert", "map", "render", "write"} <= set(item.stages)


def test_a_worker_that_dies_is_reported_as_crashed_and_the_batch_goes_on(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    write_spec(tmp_path / "in" / "b.docx", do="crash")
    write_spec(tmp_path / "in" / "c.docx", ref="R-3")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    statuses = [item.status for item in result.results]
    assert statuses == [Status.CONVERTED, Status.CRASHED, Status.CONVERTED]
    assert "stopped unexpectedly (exit status 3)" in result.results[1].reason
    assert result.exit_code == 1
    assert output_files(tmp_path / "out") == plan_files("a", "c") | {"report.csv", "report.html"}


def test_a_conversion_that_hangs_is_stopped_at_the_time_limit(tmp_path):
    # The limit runs from when a worker starts the file, so a worker's start-up (seconds on a loaded machine, to
    # compile the renderer's template) is charged to no file: b's own conversion takes milliseconds. Bounds on
    # time are the hang's own: it sleeps 600 s, and must be stopped after the limit and long before that.
    write_spec(tmp_path / "in" / "a.docx", do="hang")
    write_spec(tmp_path / "in" / "b.docx", ref="R-2")
    start = time.monotonic()
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(timeout=2))
    assert time.monotonic() - start < 300
    hang, good = result.results
    assert (hang.status, good.status) == (Status.TIMEOUT, Status.CONVERTED), (hang.reason, good.reason)
    assert "took longer than 2 s, so its worker was stopped" in hang.reason
    assert 2 <= hang.seconds < 300
    assert output_files(tmp_path / "out") == plan_files("b") | {"report.csv", "report.html"}


def slow_first_call(function):
    """``function``, taking 4 s longer the first time it is called in a process."""
    calls = []

    def slow(*args, **kwargs):
        if not calls:
            calls.append(1)
            time.sleep(4)
        return function(*args, **kwargs)

    return slow


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method")
def test_a_workers_start_up_is_not_charged_to_the_time_limit_of_its_first_file(tmp_path, monkeypatch):
    from ehcp_standard import render
    from ehcp_standard.render import renderer

    slow = slow_first_call(renderer.compiled_template)   # as on a loaded machine: seconds to compile the template
    monkeypatch.setattr(renderer, "compiled_template", slow)   # forked workers take the patched functions
    monkeypatch.setattr(render, "compiled_template", slow)
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(timeout=2, workers=1, start_method="fork"))
    assert [item.status for item in result.results] == [Status.CONVERTED], result.results[0].reason


def test_an_unexpected_error_is_reported_by_type_without_its_message(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", do="raise")
    (item,) = convert_batch([tmp_path / "in"], tmp_path / "out", options()).results
    assert item.status is Status.ERROR
    assert "ValueError at test_batch.py:" in item.reason and item.reason.startswith(item.name + ": ")
    assert CHILD[0] not in item.reason


def test_a_duplicate_is_converted_once_and_says_which_input_it_repeats(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    write_spec(tmp_path / "in" / "copy" / "a.docx", ref="R-1")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    first, copy = result.results
    assert (first.status, copy.status) == (Status.CONVERTED, Status.DUPLICATE)
    assert copy.reason == f"{copy.name}: the same content as {first.name}, which is converted once"
    assert result.exit_code == 0
    assert output_files(tmp_path / "out") == plan_files("a") | {"report.csv", "report.html"}


def test_an_export_gives_one_plan_per_row_named_by_its_reference(tmp_path):
    write_spec(tmp_path / "in" / "export.csv", rows=["EHCP/1", "EHCP/2"])
    (item,) = convert_batch([tmp_path / "in"], tmp_path / "out", options()).results
    assert [(plan.source.rsplit("#")[1], plan.stem) for plan in item.plans] == [
        ("EHCP/1", "export__EHCP-1"), ("EHCP/2", "export__EHCP-2")]
    assert output_files(tmp_path / "out") >= plan_files("export__EHCP-1", "export__EHCP-2")


def test_an_export_with_no_plans_is_reported_as_not_a_plan(tmp_path):
    write_spec(tmp_path / "in" / "empty.csv", rows=[])
    (item,) = convert_batch([tmp_path / "in"], tmp_path / "out", options()).results
    assert item.status is Status.NOT_A_PLAN and "no plan was found" in item.reason


def test_workers_are_replaced_after_their_quota_without_losing_a_task(tmp_path):
    for number in range(5):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(tasks_per_worker=1, workers=2))
    assert result.counts() == {"converted": 5}


def test_a_file_changed_after_it_was_hashed_is_not_converted(tmp_path):
    path = write_spec(tmp_path / "a.docx", ref="R-1")
    (tmp_path / "out" / PLANS_DIR).mkdir(parents=True)
    task = Task(path.name, os.fspath(path), "0" * 64, "a", path.stat().st_size)
    result = convert_one(task, WorkerSettings(os.fspath(tmp_path / "out"), fake_convert, None, None, False))
    assert result.status is Status.UNREADABLE and "changed while the batch ran" in result.reason
    assert output_files(tmp_path / "out") == set()


def test_an_input_whose_outputs_cannot_be_written_is_unwritable_and_leaves_nothing(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    (tmp_path / "out" / PLANS_DIR / "a.report.txt").mkdir(parents=True)  # in the way of the last file
    (item,) = convert_batch([tmp_path / "in"], tmp_path / "out", options()).results
    assert item.status is Status.UNWRITABLE and "outputs could not be written into" in item.reason
    assert [path.name for path in (tmp_path / "out" / PLANS_DIR).iterdir()] == ["a.report.txt"]


def durable_task(tmp_path: Path, **spec) -> tuple[Task, WorkerSettings]:
    path = write_spec(tmp_path / "in" / "a.docx", **spec)
    (tmp_path / "out" / PLANS_DIR).mkdir(parents=True)
    (tmp_path / "out" / STATE_DIR / "done").mkdir(parents=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    task = Task(path.name, os.fspath(path), digest, "a", path.stat().st_size)
    return task, WorkerSettings(os.fspath(tmp_path / "out"), fake_convert, None, None, True)


def test_durable_outputs_are_each_synced_before_any_is_renamed(tmp_path, monkeypatch):
    task, settings = durable_task(tmp_path, rows=["R-1", "R-2"])
    events = []
    sync_file, replace_file = _batch_files._sync_file, os.replace
    monkeypatch.setattr(_batch_files, "_sync_file", lambda path: (sync_file(path), events.append(("sync", path))))
    monkeypatch.setattr(os, "replace", lambda old, new: (events.append(("rename", os.fspath(old))),
                                                         replace_file(old, new)))
    result = convert_one(task, settings)
    assert result.status is Status.CONVERTED
    outputs = [event for event in events if PLANS_DIR in event[1]]
    assert [kind for kind, _ in outputs] == ["sync"] * 8 + ["rename"] * 8
    assert {path for _, path in outputs[:8]} == {path for _, path in outputs[8:]}
    assert output_files(tmp_path / "out") == plan_files("a__R-1", "a__R-2")


def test_an_input_whose_outputs_cannot_be_synced_is_unwritable_and_leaves_nothing(tmp_path, monkeypatch):
    task, settings = durable_task(tmp_path, rows=["R-1", "R-2"])

    def full_disk(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_batch_files, "_sync_file", full_disk)
    result = convert_one(task, settings)
    assert result.status is Status.UNWRITABLE and "No space left on device" in result.reason
    assert list((tmp_path / "out" / PLANS_DIR).iterdir()) == []


def test_records_and_reasons_never_name_the_child(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    write_spec(tmp_path / "in" / "b.docx", do="raise")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    state = "".join(path.read_text() for path in (tmp_path / "out" / STATE_DIR).rglob("*.json"))
    assert "R-1" in state
    for text in (state, " ".join(item.reason for item in result.results),
                 (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig"),
                 (tmp_path / "out" / "report.html").read_text()):
        # as whole words, in any case (the carried-over heading says "ADA'S"; a hash may hold "ada")
        assert not re.search(rf"\b({CHILD[0]}|{CHILD[1]})\b", text, re.IGNORECASE), text


RECORD_KEYS = {"version", "name", "sha256", "size", "stem", "status", "reason", "plans", "seconds", "stages"}
PLAN_KEYS = {"source", "plan_reference", "stem", "files", "hashes", "profile", "mapped", "carried_over", "errors",
             "warnings", "invalid_identifiers", "rules", "confidence", "carried"}


def test_a_completion_record_holds_locations_reasons_counts_hashes_and_statuses_only(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    (path,) = (tmp_path / "out" / STATE_DIR / "done").glob("*.json")
    record = json.loads(path.read_text())
    assert set(record) == RECORD_KEYS
    (plan,) = record["plans"]
    assert set(plan) == PLAN_KEYS
    assert plan["carried"] == [{"location": "word/document.xml › table 2 › row 3", "reason": "no standard field",
                                "suggested_section": "A"}]   # the heading it sat under quotes the child: not kept
    assert "HOBBIES" not in path.read_text()


def test_a_new_run_removes_the_outputs_listed_by_records_of_an_older_layout(tmp_path):
    for number in (1, 2):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}")
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    for path in (tmp_path / "out" / STATE_DIR / "done").glob("*.json"):
        path.write_text(json.dumps({**json.loads(path.read_text()), "version": 1}))
    (tmp_path / "in" / "p2.docx").unlink()
    convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert output_files(tmp_path / "out") == plan_files("p1") | {"report.csv", "report.html"}


# -- atomic writes ------------------------------------------------------------------------------------------------


def test_an_interrupted_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.json"
    target.write_bytes(b"old")

    def fail(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["plan.json"]


def test_what_a_killed_run_left_is_cleared_before_the_next_run(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    plans = tmp_path / "out" / PLANS_DIR
    plans.mkdir(parents=True)
    (plans / f"{TEMP_PREFIX}abc").write_bytes(b"half a plan")
    (plans / "a.report.txt").write_text("from a killed run, with no record")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert result.exit_code == 0
    assert output_files(tmp_path / "out") == plan_files("a") | {"report.csv", "report.html"}
    assert (plans / "a.report.txt").read_text().startswith("Conversion report: ")


# -- resume -------------------------------------------------------------------------------------------------------


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_resume_converts_only_the_inputs_not_yet_converted(tmp_path):
    log = tmp_path / "calls.log"
    for number in (1, 2):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}", log=str(log))
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    write_spec(tmp_path / "in" / "p3.docx", ref="R-3", log=str(log))
    before = len(calls(log))
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert calls(log)[before:] == [(tmp_path / "in" / "p3.docx").as_posix()]
    assert [item.resumed for item in result.results] == [True, True, False]
    assert result.counts() == {"converted": 3} and result.resumed == 2
    assert "2 input(s) done by the earlier run" in result.notes[0]


def test_resume_converts_again_an_input_whose_output_is_missing_or_altered(tmp_path):
    log = tmp_path / "calls.log"
    for number in (1, 2, 3):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}", log=str(log))
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    (tmp_path / "out" / PLANS_DIR / "p1.docx").unlink()
    (tmp_path / "out" / PLANS_DIR / "p2.json").write_text("{}")
    before = len(calls(log))
    convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert sorted(calls(log)[before:]) == [(tmp_path / "in" / f"p{n}.docx").as_posix() for n in (1, 2)]
    assert output_files(tmp_path / "out") == plan_files("p1", "p2", "p3") | {"report.csv", "report.html"}


def test_resume_removes_what_the_earlier_run_wrote_for_inputs_gone_or_renamed(tmp_path):
    for number in (1, 2, 3):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}")
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    (tmp_path / "in" / "p1.docx").unlink()
    (tmp_path / "in" / "p2.docx").rename(tmp_path / "in" / "renamed.docx")
    convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    convert_batch([tmp_path / "in"], tmp_path / "single", options())
    assert output_files(tmp_path / "out") == output_files(tmp_path / "single") == plan_files("p3", "renamed") | {
        "report.csv", "report.html"}
    assert len(list((tmp_path / "out" / STATE_DIR / "done").glob("*.json"))) == 2


def test_resume_with_other_options_or_without_resume_converts_everything(tmp_path):
    log = tmp_path / "calls.log"
    write_spec(tmp_path / "in" / "p1.docx", ref="R-1", log=str(log))
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    other = convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True, la_code="330"))
    assert "used other options" not in " ".join(other.notes)  # its run.json was replaced: a new run
    assert "no earlier run with the same options" in other.notes[0]
    again = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    assert len(calls(log)) == 3 and not any(item.resumed for item in again.results)


def test_resume_keeps_the_as_of_date_of_the_run_it_resumes(tmp_path):
    write_spec(tmp_path / "in" / "p1.docx", ref="R-1")
    first = convert_batch([tmp_path / "in"], tmp_path / "out", options(as_of=dt.date(2026, 1, 5)))
    resumed = convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert first.as_of == resumed.as_of == dt.date(2026, 1, 5)
    assert resumed.resumed == 1


def test_a_crashed_input_is_tried_again_on_resume_and_a_refused_one_is_not(tmp_path):
    log = tmp_path / "calls.log"
    write_spec(tmp_path / "in" / "a.docx", do="crash", log=str(log))
    write_spec(tmp_path / "in" / "b.docx", do="raise", log=str(log))
    convert_batch([tmp_path / "in"], tmp_path / "out", options())
    before = len(calls(log))
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert calls(log)[before:] == [(tmp_path / "in" / "a.docx").as_posix()]
    assert [item.status for item in result.results] == [Status.CRASHED, Status.ERROR]


KILLED_RUN = """
import sys
from ehcp_standard.batch import BatchOptions, convert_batch
from tests.test_batch import fake_convert
resume = sys.argv[3] == "resume"
result = convert_batch([sys.argv[1]], sys.argv[2], BatchOptions(convert=fake_convert, workers=2, resume=resume))
sys.exit(result.exit_code)
"""


def run_batch_process(inputs: Path, out: Path, *, resume: bool = False, kill_after: int | None = None) -> int:
    """Run a batch in its own process group; with ``kill_after``, SIGKILL the whole group (parent and workers)
    once that many completion records exist. Return the exit status."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    command = [sys.executable, "-c", KILLED_RUN, str(inputs), str(out), "resume" if resume else "new"]
    process = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        if kill_after is None:
            return process.wait(120)
        deadline = time.monotonic() + 120
        while len(list((out / STATE_DIR / "done").glob("*.json"))) < kill_after:
            assert process.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


def test_a_killed_run_resumed_converts_only_the_rest_and_ends_as_one_run_would(tmp_path):
    log = tmp_path / "calls.log"
    names = [f"p{number:02}.docx" for number in range(12)]
    for number, name in enumerate(names):
        write_spec(tmp_path / "in" / name, ref=f"R-{number}", sleep=0.15, log=str(log))
    out = tmp_path / "out"
    assert run_batch_process(tmp_path / "in", out, kill_after=3) == -signal.SIGKILL

    records = [json.loads(path.read_text()) for path in (out / STATE_DIR / "done").glob("*.json")]
    done = {record["name"] for record in records}
    assert 3 <= len(done) < len(names)
    for record in records:  # a record means a complete set of outputs
        for plan in record["plans"]:
            for kind, relative in plan["files"].items():
                assert hashlib.sha256((out / relative).read_bytes()).hexdigest() == plan["hashes"][kind]
    for path in (out / PLANS_DIR).iterdir():  # whatever else is there is whole, or a hidden temporary file
        if path.name.startswith(TEMP_PREFIX):
            continue
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
        elif path.name.endswith(".json"):
            json.loads(path.read_text())
    before = len(calls(log))

    assert run_batch_process(tmp_path / "in", out, resume=True) == 0
    rest = {(tmp_path / "in" / name).as_posix() for name in names} - done
    assert sorted(calls(log)[before:]) == sorted(rest)

    assert run_batch_process(tmp_path / "in", tmp_path / "single") == 0
    assert tree_hashes(out / PLANS_DIR) == tree_hashes(tmp_path / "single" / PLANS_DIR)
    assert output_files(out) == output_files(tmp_path / "single")
    assert csv_without_times(out) == csv_without_times(tmp_path / "single")


def csv_without_times(out: Path) -> list[list[str]]:
    import csv

    rows = list(csv.reader(io.StringIO((out / "report.csv").read_text(encoding="utf-8-sig"))))
    at = rows[0].index("seconds")
    return [row[:at] + row[at + 1:] for row in rows]


# -- hostile files, through the real converter --------------------------------------------------------------------


def zip_of(parts: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="xml" ContentType="application/xml"/></Types>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_body(text: str) -> bytes:
    return (b"<w:document " + W + b"><w:body><w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p></w:body>"
            b"</w:document>")


def corrupt_zip() -> bytes:
    good = zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": word_body("x" * 5000)})
    return good[: len(good) // 2]


def encrypted_ole() -> bytes:
    return OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1000)


def encrypted_zip_entries() -> bytes:
    data = bytearray(zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": word_body("x")}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        struct.pack_into("<H", data, at + offset, struct.unpack_from("<H", data, at + offset)[0] | 0x1)
    return bytes(data)


def zip_bomb(megabytes: int = 20) -> bytes:
    """A Word package whose main part is ``megabytes`` of zeros: about a thousand to one compressed."""
    return zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": word_body("") + bytes(megabytes * 2**20)})


def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{entities}]>'
                f'<w:document {W.decode()}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    return zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document.encode()})


def not_a_plan() -> bytes:
    from tests.convert.docx_fixtures import make_docx, p

    return make_docx(p("Minutes of the allotment society", style="Heading1") + p("The marrows were judged."))


HOSTILE = {
    "corrupt.docx": (corrupt_zip, Status.NOT_A_DOCX, "damaged or truncated zip"),
    "encrypted.docx": (encrypted_ole, Status.ENCRYPTED, "password-protected"),
    "encrypted-entries.docx": (encrypted_zip_entries, Status.ENCRYPTED, "is encrypted"),
    "bomb.docx": (zip_bomb, Status.UNSAFE, "zip bomb"),
    "big-bomb.docx": (lambda: zip_bomb(100), Status.UNSAFE, "a part is read only up to 67,108,864 bytes"),
    "laughs.docx": (billion_laughs, Status.UNSAFE, "DOCTYPE"),
    "report.pdf.docx": (lambda: b"%PDF-1.7\n" + bytes(100), Status.NOT_A_DOCX, "a PDF file"),
    "minutes.docx": (not_a_plan, Status.NOT_A_PLAN, "no section of an EHC plan"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_reported_with_its_status_and_nothing_is_written_for_it(tmp_path, name):
    build, status, reason = HOSTILE[name]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(build())
    result = convert_batch([tmp_path / "in"], tmp_path / "out", BatchOptions(workers=1, durable=False))
    (item,) = result.results
    assert (item.status, result.exit_code) == (status, 1), item.reason
    assert reason in item.reason and item.reason.startswith(f"{item.name}: ")
    assert output_files(tmp_path / "out") == {"report.csv", "report.html"}


def test_a_mixed_batch_converts_every_good_plan_reports_every_bad_one_and_writes_nothing_else(tmp_path):
    legacy_layouts = pytest.importorskip("tests.convert.legacy_layouts")
    folder = tmp_path / "in"
    folder.mkdir()
    good = list(legacy_layouts.corpus(5, seed=3))
    for name, data in good:
        (folder / name).write_bytes(data)
    (folder / "zz-copy-of-first.docx").write_bytes(good[0][1])
    for name in ("corrupt.docx", "encrypted.docx", "bomb.docx", "minutes.docx"):
        (folder / name).write_bytes(HOSTILE[name][0]())

    result = convert_batch([folder], tmp_path / "out", BatchOptions(durable=False, la_code="855"))

    statuses = {Path(item.name).name: item.status for item in result.results}
    assert statuses == {**{name: Status.CONVERTED for name, _ in good}, "zz-copy-of-first.docx": Status.DUPLICATE,
                        "corrupt.docx": Status.NOT_A_DOCX, "encrypted.docx": Status.ENCRYPTED,
                        "bomb.docx": Status.UNSAFE, "minutes.docx": Status.NOT_A_PLAN}
    assert result.exit_code == 1
    for item in result.failed:
        assert HOSTILE[Path(item.name).name][2] in item.reason
    stems = [plan.stem for plan in result.plans]
    assert output_files(tmp_path / "out") == plan_files(*stems) | {"report.csv", "report.html"}
    for stem in stems:
        Plan.model_validate_json((tmp_path / "out" / PLANS_DIR / f"{stem}.json").read_text())


def test_prepare_writes_nothing(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    prepared = prepare_batch([tmp_path / "in"], tmp_path / "out", options())
    assert prepared.total == 1 and list(prepared.tasks) == [0]
    assert not (tmp_path / "out").exists()


def as_docm(docx: bytes) -> bytes:
    """A Word package made macro-enabled, as a .docm saved from a council's macro template is: the main part's
    content type and a VBA project beside it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml").encode()
    parts["word/vbaProject.bin"] = b"Attribute VB_Name = \"AutoOpen\"\nShell \"calc.exe\""
    return zip_of(parts)


def test_a_macro_enabled_docm_in_a_folder_is_converted_with_its_macros_ignored_and_noted(tmp_path):
    legacy_layouts = pytest.importorskip("tests.convert.legacy_layouts")
    ((_, data),) = legacy_layouts.corpus(1, seed=5)
    docm = as_docm(data)
    with zipfile.ZipFile(io.BytesIO(docm)) as archive:
        assert b"macroEnabled" in archive.read("[Content_Types].xml") and "word/vbaProject.bin" in archive.namelist()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.docm").write_bytes(docm)
    result = convert_batch([tmp_path / "in"], tmp_path / "out", BatchOptions(durable=False, la_code="855"))
    assert ([item.status for item in result.results], result.skipped, result.exit_code) == (
        [Status.CONVERTED], [], 0)
    (plan,) = result.plans
    assert plan.stem == "plan"
    report = json.loads((tmp_path / "out" / PLANS_DIR / "plan.report.json").read_text())
    assert "macros (word/vbaProject.bin); they were ignored and never run" in json.dumps(report)


# -- bounded memory: the results a batch keeps ----------------------------------------------------------------------


def test_a_converted_input_is_kept_as_its_record_and_read_back_whole(tmp_path):
    for number in range(4):
        write_spec(tmp_path / "in" / f"p{number}.docx", ref=f"R-{number}")
    write_spec(tmp_path / "in" / "export.csv", rows=["E-1", "E-2"])
    write_spec(tmp_path / "in" / "bad.docx", do="raise")
    seen = {}
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options(),
                           on_result=lambda item: seen.setdefault(item.name, item))
    held = result.results.entries()
    assert sorted(type(entry).__name__ for entry in held) == ["InputResult"] + ["RecordedInput"] * 5
    assert (result.counts(), result.plan_count, len(result.failed)) == ({"converted": 5, "error": 1}, 6, 1)
    for read in result.results:                  # read back from the records: the same as the workers sent
        assert read.to_dict() == seen[read.name].to_dict()
        assert (read.cpu_seconds, read.peak_rss_kib) == (seen[read.name].cpu_seconds, seen[read.name].peak_rss_kib)
    assert [plan.plan_reference for plan in result.iter_plans()] == ["E-1", "E-2", "R-0", "R-1", "R-2", "R-3"]
    assert result.results[1:3] == [result.results[1], result.results[2]]


def test_what_is_kept_of_a_converted_input_does_not_grow_with_its_plans(tmp_path):
    import pickle

    write_spec(tmp_path / "in" / "export.csv", rows=[f"E-{number}" for number in range(40)])
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    (entry,) = result.results.entries()
    whole = result.results[0]
    assert (type(entry).__name__, entry.plan_count, len(whole.plans)) == ("RecordedInput", 40, 40)
    assert len(pickle.dumps(entry)) < 400 < 20 * len(pickle.dumps(entry)) < len(pickle.dumps(whole))


def test_a_record_removed_during_the_run_is_an_error_naming_the_input_not_a_wrong_report(tmp_path):
    write_spec(tmp_path / "in" / "a.docx", ref="R-1")
    result = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    for record in (tmp_path / "out" / STATE_DIR / "done").glob("*.json"):
        record.unlink()
    assert result.counts() == {"converted": 1}          # said without reading the record
    with pytest.raises(batch.EhcpError, match=r"in/a\.docx: its completion record .* could not be read back .* "
                                              r"--resume"):
        list(result.results)


def test_on_resume_what_the_earlier_run_converted_is_kept_small_and_reported_whole(tmp_path):
    write_spec(tmp_path / "in" / "export.csv", rows=[f"E-{number}" for number in range(30)])
    write_spec(tmp_path / "in" / "bad.docx", do="raise")
    first = convert_batch([tmp_path / "in"], tmp_path / "out", options())
    write_spec(tmp_path / "in" / "new.docx", ref="R-NEW")
    prepared = prepare_batch([tmp_path / "in"], tmp_path / "out", options(resume=True))
    kept = {Path(prepared.inputs[index].name).name: entry for index, entry in prepared.known.items()}
    assert sorted(kept) == ["bad.docx", "export.csv"] and list(prepared.tasks) == [2]
    assert (type(kept["bad.docx"]).__name__, kept["bad.docx"].status) == ("InputResult", Status.ERROR)   # whole
    assert (type(kept["export.csv"]).__name__, kept["export.csv"].plan_count, kept["export.csv"].stem) == (
        "RecordedInput", 30, "export")
    told = []
    result = prepared.run(on_result=told.append)
    (resumed,) = [item for item in told if item.resumed and item.plans]
    assert [plan.plan_reference for plan in resumed.plans] == [f"E-{number}" for number in range(30)]
    assert resumed.to_dict() == first.results[1].to_dict()
    assert (result.plan_count, result.resumed, len(result.failed)) == (31, 2, 1)
