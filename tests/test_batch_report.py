"""The batch report (``ehcp_standard.batch_report``): report.csv and a self-contained, escaped report.html that
names children only when asked. Results are built by hand; no conversion runs here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from ehcp_standard._batch_results import RecordedInput
from ehcp_standard.batch import (
    PLANS_DIR,
    SKIPPED_KINDS,
    BatchResult,
    InputResult,
    PlanResult,
    SkippedFile,
    Status,
)
from ehcp_standard.batch_report import (
    CSV_COLUMNS,
    attention_order,
    plan_headings,
    plan_names,
    report_csv,
    report_html,
    review_later,
    triage,
    write_reports,
)

HOSTILE_NAME = '<script>alert("x")</script>&.docx'


def plan(reference: str, stem: str, **changes) -> PlanResult:
    files = {kind: f"{PLANS_DIR}/{stem}{suffix}" for kind, suffix in (("json", ".json"), ("docx", ".docx"),
                                                                      ("report_json", ".report.json"))}
    fields = {"source": f"in/{stem}.docx", "plan_reference": reference, "stem": stem, "files": files,
              "hashes": {kind: "0" * 64 for kind in files}, "profile": "generic", "mapped": 10, **changes}
    return PlanResult(**fields)


def converted(name: str, *plans: PlanResult, seconds: float = 0.5) -> InputResult:
    return InputResult(name, "a" * 64, 100, plans[0].stem.split("__")[0], Status.CONVERTED, plans=plans,
                       seconds=seconds)


def sample(tmp_path: Path) -> BatchResult:
    results = [
        converted("in/calm.docx", plan("R-CALM", "calm", confidence={"B": 0.95})),
        converted("in/messy.docx", plan("R-MESSY", "messy", errors=2, warnings=3, carried_over=4,
                                        invalid_identifiers=1, rules={"EHCP-B001": 2, "EHCP-F001": 1},
                                        confidence={"B": 0.4},
                                        carried=({"location": "table 2 › row 3", "reason": "no standard field",
                                                  "suggested_section": "A"},))),
        converted("in/export.csv", plan("EHCP/1", "export__EHCP-1", carried_over=1, rules={"EHCP-F001": 3},
                                        source="in/export.csv#EHCP/1"),
                  plan("EHCP/2", "export__EHCP-2", errors=1, rules={"EHCP-F001": 1}, source="in/export.csv#EHCP/2")),
        InputResult(f"in/{HOSTILE_NAME}", "b" * 64, 10, "x", Status.ENCRYPTED,
                    reason=f"in/{HOSTILE_NAME}: the document is password-protected"),
        InputResult("=HYPERLINK(1).docx", "c" * 64, 10, "HYPERLINK-1", Status.DUPLICATE,
                    reason="=HYPERLINK(1).docx: the same content as in/calm.docx, which is converted once"),
    ]
    note = "--resume: 2 input(s) done by the earlier run were taken from its records"
    skipped = [SkippedFile("in/old plan.doc"), SkippedFile("=in/scan.pdf")]
    return BatchResult(tmp_path, results, dt.date(2026, 11, 27), notes=[note], skipped=skipped)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- report.csv ---------------------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_input_and_per_plan_of_an_export_then_one_per_file_skipped(tmp_path):
    table = rows(report_csv(sample(tmp_path)))
    assert list(table[0]) == list(CSV_COLUMNS)
    assert [(row["input"], row["status"], row["plan_reference"]) for row in table] == [
        ("in/calm.docx", "converted", "R-CALM"), ("in/messy.docx", "converted", "R-MESSY"),
        ("in/export.csv", "converted", "EHCP/1"), ("in/export.csv", "converted", "EHCP/2"),
        (f"in/{HOSTILE_NAME}", "encrypted", ""), ("'=HYPERLINK(1).docx", "duplicate", ""),
        ("in/old plan.doc", "skipped", ""), ("'=in/scan.pdf", "skipped", "")]
    messy = table[1]
    assert (messy["mapped"], messy["carried_over"], messy["errors"], messy["warnings"], messy["invalid_identifiers"],
            messy["seconds"], messy["output"]) == ("10", "4", "2", "3", "1", "0.500", "messy")
    assert table[4]["reason"].endswith("password-protected") and table[4]["output"] == ""
    assert table[6] == {**dict.fromkeys(CSV_COLUMNS, ""), "input": "in/old plan.doc", "status": "skipped",
                        "reason": SKIPPED_KINDS[".doc"]}
    assert table[7]["reason"] == "a PDF: convert the Word document it was made from"


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_made_literal(tmp_path):
    table = rows(report_csv(sample(tmp_path)))
    assert table[5]["input"] == "'=HYPERLINK(1).docx"
    assert table[5]["reason"] == "'=HYPERLINK(1).docx: the same content as in/calm.docx, which is converted once"
    assert table[0]["input"] == "in/calm.docx"


def test_the_csv_names_children_only_when_asked(tmp_path):
    result = sample(tmp_path)
    assert "child_name" not in rows(report_csv(result))[0]
    named = rows(report_csv(result, names={"calm": "Ada Testcase"}))
    assert [row["child_name"] for row in named] == ["Ada Testcase"] + [""] * 7


# -- report.html --------------------------------------------------------------------------------------------------


def test_the_page_is_self_contained_with_no_script_and_nothing_fetched(tmp_path):
    page = report_html(sample(tmp_path))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=|url\(|@import|<link|<img|<iframe|<object""", page, re.IGNORECASE)


def test_every_value_on_the_page_is_escaped(tmp_path):
    page = report_html(sample(tmp_path))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;.docx" in page
    assert HOSTILE_NAME not in page


def test_the_page_gives_the_totals_and_the_failures_with_their_reasons(tmp_path):
    page = report_html(sample(tmp_path))
    tiles = re.findall(r'<div class="tile[^"]*"><b>(\d+)</b>([^<]+)</div>', page)
    assert {label: int(count) for count, label in tiles} == {
        "Inputs": 5, "Plans converted": 4, "Inputs failed": 1, "Duplicates": 1, "Files skipped": 2,
        "Plans with compliance errors": 2, "Items carried over": 5}
    failed = page.split("<h2>Inputs that failed</h2>")[1].split("<h2>")[0]
    assert "encrypted" in failed and "password-protected" in failed and "HYPERLINK" not in failed


def test_the_files_skipped_are_listed_with_why_and_how_to_convert_them(tmp_path):
    section = report_html(sample(tmp_path)).split("<h2>Files skipped</h2>")[1].split("<h2>")[0]
    assert "in/old plan.doc" in section and "=in/scan.pdf" in section and "does not fail the batch" in section
    assert "<td>a Word 97–2003 document: save it as .docx and run again with --resume</td>" in section
    assert "<td>a PDF: convert the Word document it was made from</td>" in section


def triage_batch(tmp_path: Path) -> BatchResult:
    """A plan for each reason a plan needs attention, plans with warnings only, a calm one and a failure."""
    plans = [
        plan("R-WARN-1", "warn1", warnings=1, confidence={"B": 0.95}),
        plan("R-LOW", "low", warnings=4, confidence={"A": 0.9, "unplaced": 0.0}),
        plan("R-EDGE", "edge", warnings=2, confidence={"B": 0.8}),   # 0.80 is not below the threshold
        plan("R-CARRIED", "carried", carried_over=2, confidence={"B": 0.5}),
        plan("R-ERRORS-1", "errors1", errors=1, carried_over=5),
        plan("R-ID", "id", invalid_identifiers=1, carried_over=1),   # checker off: no errors, the value carried over
        plan("R-CALM", "calm"),
        plan("R-WARN-9", "warn9", warnings=9),
        plan("R-ERRORS-3", "errors3", errors=3, warnings=40),
        plan("R-ERRORS-1-ID", "errors1id", errors=1, invalid_identifiers=2),
    ]
    results = [converted(f"in/{p.stem}.docx", p) for p in plans]
    results.insert(3, InputResult("in/locked.docx", "d" * 64, 10, "locked", Status.ENCRYPTED,
                                  reason="in/locked.docx: the document is password-protected"))
    return BatchResult(tmp_path, results, dt.date(2026, 11, 27))


def test_the_triage_puts_failures_first_then_errors_invalid_identifiers_carried_over_and_low_confidence(tmp_path):
    found = triage(triage_batch(tmp_path))
    assert [item.name for item in found.failed] == ["in/locked.docx"]
    assert [p.plan_reference for p in found.attention] == [
        "R-ERRORS-3", "R-ERRORS-1-ID", "R-ERRORS-1", "R-ID", "R-CARRIED", "R-LOW"]
    assert [p.plan_reference for p in found.later] == ["R-WARN-9", "R-EDGE", "R-WARN-1"]
    assert found.calm == 1


def test_warnings_alone_do_not_put_a_plan_among_those_needing_attention_first(tmp_path):
    plans = triage_batch(tmp_path).plans
    needing = {p.plan_reference for p in attention_order(plans)}
    assert {"R-WARN-1", "R-WARN-9", "R-EDGE", "R-CALM"}.isdisjoint(needing)
    assert {p.plan_reference for p in review_later(plans)} == {"R-WARN-1", "R-WARN-9", "R-EDGE"}


def test_the_page_shows_what_needs_attention_first_in_order_and_the_rest_apart(tmp_path):
    page = report_html(triage_batch(tmp_path))
    first = page.split("<h2>Needs human attention first</h2>")[1].split("<h2>")[0]
    order = ["in/locked.docx", "R-ERRORS-3", "R-ERRORS-1-ID", "R-ERRORS-1<", "R-ID", "R-CARRIED", "R-LOW"]
    assert [first.index(mark) for mark in order] == sorted(first.index(mark) for mark in order)
    assert "not converted (encrypted)" in first and "low confidence in unplaced 0.00" in first
    assert "2 invalid identifier(s)" in first
    for calm in ("R-WARN-1", "R-WARN-9", "R-EDGE", "R-CALM"):
        assert calm not in first
    later = page.split("<h2>To review when time allows</h2>")[1].split("<h2>")[0]
    assert later.index("R-WARN-9") < later.index("R-EDGE") < later.index("R-WARN-1")
    assert "3 plan(s) with only warnings or notes" in later and "1 plan(s) have nothing to check" in later


def test_the_rules_most_often_failed_are_counted_by_plan_with_their_titles(tmp_path):
    section = report_html(sample(tmp_path)).split("<h2>Compliance rules most often failed</h2>")[1].split("<h2>")[0]
    cells = re.findall(r"<tr><td>(EHCP-[A-Z0-9]+)</td><td>(\w+)</td><td>[^<]+</td><td class=\"n\">(\d+)</td>"
                       r"<td class=\"n\">(\d+)</td></tr>", section)
    assert cells == [("EHCP-F001", "warning", "3", "5"), ("EHCP-B001", "error", "1", "2")]
    assert "linked F provision" in section


def test_carried_over_content_is_listed_per_plan_without_headings_unless_names_are_asked(tmp_path):
    result = sample(tmp_path)
    page = report_html(result)
    carried = page.split("<h2>Carried-over content</h2>")[1]
    assert "R-MESSY: 1 item(s)" in carried and "table 2 › row 3" in carried and "no standard field" in carried
    assert "Under heading" not in page and "Ada" not in page
    named = report_html(result, names={"messy": "Ada Testcase"}, headings={"messy": ["About Ada"]})
    assert "R-MESSY (Ada Testcase)" in named and "<td>About Ada</td>" in named


def test_the_headings_are_read_from_each_plans_own_report_only_when_names_are_asked(tmp_path):
    (tmp_path / PLANS_DIR).mkdir()
    report = {"carried_over": [{"location": "table 2 › row 3", "heading": "ABOUT ADA", "reason": "no standard field",
                                "suggested_section": "A"}]}
    (tmp_path / PLANS_DIR / "messy.report.json").write_text(json.dumps(report))
    result = sample(tmp_path)
    assert plan_headings(result) == {"messy": ["ABOUT ADA"]}
    write_reports(result, durable=False)
    assert "ABOUT ADA" not in (tmp_path / "report.html").read_text()
    write_reports(result, show_names=True, durable=False)
    assert "<td>ABOUT ADA</td>" in (tmp_path / "report.html").read_text()
    (tmp_path / PLANS_DIR / "messy.report.json").write_text(json.dumps({"carried_over": []}))  # no longer matches
    write_reports(result, show_names=True, durable=False)
    assert "ABOUT ADA" not in (tmp_path / "report.html").read_text()


def test_the_notes_on_the_run_are_shown(tmp_path):
    assert "2 input(s) done by the earlier run" in report_html(sample(tmp_path))


# -- names and writing --------------------------------------------------------------------------------------------


def test_names_are_read_from_the_plans_written(tmp_path):
    (tmp_path / PLANS_DIR).mkdir()
    name = {"forename": "Ada", "middle_names": "Lovelace", "surname": "Testcase"}
    (tmp_path / PLANS_DIR / "calm.json").write_text(json.dumps({"personal_details": {"name": name}}))
    assert plan_names(sample(tmp_path)) == {"calm": "Ada Lovelace Testcase"}


def test_both_reports_are_written_into_the_output_folder(tmp_path):
    csv_path, html_path = write_reports(sample(tmp_path), durable=False)
    assert (csv_path, html_path) == (tmp_path / "report.csv", tmp_path / "report.html")
    assert "skipped" in csv_path.read_text(encoding="utf-8-sig")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.csv", "report.html"]


def test_write_reports_writes_exactly_what_report_csv_and_report_html_return(tmp_path):
    (tmp_path / PLANS_DIR).mkdir()
    (tmp_path / PLANS_DIR / "messy.report.json").write_text(json.dumps({"carried_over": [{"heading": "<About> Ada"}]}))
    name = {"forename": "=Ada", "surname": "Testcase"}
    (tmp_path / PLANS_DIR / "calm.json").write_text(json.dumps({"personal_details": {"name": name}}))
    result = sample(tmp_path)
    write_reports(result, durable=False)
    assert (tmp_path / "report.csv").read_bytes() == report_csv(result).encode("utf-8-sig")
    assert (tmp_path / "report.html").read_bytes() == report_html(result).encode("utf-8")
    write_reports(result, show_names=True, durable=False)
    names, headings = plan_names(result), plan_headings(result)
    assert names == {"calm": "=Ada Testcase"} and headings == {"messy": ["<About> Ada"]}
    assert (tmp_path / "report.csv").read_bytes() == report_csv(result, names).encode("utf-8-sig")
    assert (tmp_path / "report.html").read_bytes() == report_html(result, names, headings).encode("utf-8")
    assert "&lt;About&gt; Ada" in report_html(result, names, headings)


# -- a large batch: read back pass by pass, one plan at a time ------------------------------------------------------


class RecordGone(Exception):
    """What the results raise on the item they are told to fail at."""


class ReadBack(Sequence[InputResult]):
    """A batch's results as its own are (``_batch_records.RecordedResults``): only a small entry kept per converted
    input, and each pass reading every result afresh (here from a dict). Counts the passes and the results read,
    and (by weak references) the most plan results alive at once; raises :class:`RecordGone` at read ``fail_at``."""

    def __init__(self, results: list[InputResult], fail_at: int | None = None):
        self._records = [item.to_dict() for item in results]
        self._entries = [RecordedInput(item.name, item.sha256, len(item.plans)) if item.plans else item
                         for item in results]
        self.fail_at, self.passes, self.reads, self.alive, self.most_alive = fail_at, 0, 0, 0, 0

    def entries(self) -> list[InputResult | RecordedInput]:
        return self._entries

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._read(i) for i in range(len(self))[index]]
        return self._read(range(len(self))[index])

    def __iter__(self) -> Iterator[InputResult]:
        self.passes += 1
        return (self._read(index) for index in range(len(self)))

    def _read(self, index: int) -> InputResult:
        self.reads += 1
        if self.reads == self.fail_at:
            raise RecordGone(f"read {self.reads}: a completion record could not be read back")
        item = InputResult.from_dict(self._records[index])
        for plan_read in item.plans:
            self.alive += 1
            weakref.finalize(plan_read, self._let_go)
        self.most_alive = max(self.most_alive, self.alive)
        return item

    def _let_go(self) -> None:
        self.alive -= 1


def large_batch(tmp_path: Path, count: int = 60) -> list[InputResult]:
    """``count`` converted inputs, nearly all with a plan to list in the triage and most with content carried over
    (their names and headings in their files), an export of two plans, a failure and a duplicate."""
    (tmp_path / PLANS_DIR).mkdir(exist_ok=True)
    results = []
    for index in range(count):
        stem = f"plan-{index:03}"
        carried = tuple({"location": f"table {index} › row {row}", "reason": "no standard field",
                         "suggested_section": "AEFI"[row % 4]} for row in range(index % 3))
        results.append(converted(f"in/{stem}.docx", plan(
            f"R-{index:03}", stem, errors=index % 4, warnings=index % 5, carried_over=len(carried), carried=carried,
            invalid_identifiers=int(index % 7 == 0), rules={f"EHCP-F00{index % 3}": 1 + index % 2},
            confidence={"B": 0.5 + (index % 6) / 10})))
        name = {"forename": f"Child{index}", "surname": "Testcase"}
        (tmp_path / PLANS_DIR / f"{stem}.json").write_text(json.dumps({"personal_details": {"name": name}}))
        report = {"carried_over": [{"heading": f"About child {index}"} for _ in carried]}
        (tmp_path / PLANS_DIR / f"{stem}.report.json").write_text(json.dumps(report))
    results.insert(count // 2, converted("in/export.csv", plan("EHCP/1", "export__EHCP-1", errors=1),
                                         plan("EHCP/2", "export__EHCP-2", warnings=2)))
    results.insert(3, InputResult("in/locked.docx", "d" * 64, 10, "locked", Status.ENCRYPTED,
                                  reason="in/locked.docx: the document is password-protected"))
    results.append(InputResult("in/again.docx", "a" * 64, 100, "again", Status.DUPLICATE,
                               reason="in/again.docx: the same content as in/plan-000.docx, which is converted once"))
    return results


def test_the_probe_sees_plans_held_at_once(tmp_path):
    """The checks below can fail: holding every result (as ``list(result.results)`` would) shows in the probe."""
    results = ReadBack(large_batch(tmp_path))
    held = list(results)
    assert results.passes == 1 and results.most_alive == sum(len(item.plans) for item in held) == 62
    del held


@pytest.mark.parametrize("show_names", [False, True])
def test_the_reports_are_written_in_two_passes_holding_a_plan_or_two_at_a_time(tmp_path, monkeypatch, show_names):
    results = ReadBack(large_batch(tmp_path))
    result = BatchResult(tmp_path, results, dt.date(2026, 11, 27), skipped=[SkippedFile("in/old plan.doc")])

    def every_plan_at_once(self):
        raise AssertionError("the report asked for every plan at once (BatchResult.plans)")

    monkeypatch.setattr(BatchResult, "plans", property(every_plan_at_once))
    write_reports(result, show_names=show_names, durable=False)
    # Two passes today (report.csv with what report.html gathers, then its carried-over content); at most the
    # plans of the input read and of the one read before it (until it is let go) are alive at once: 3 here, as the
    # export of two plans follows a plan. Holding each plan listed in the triage would keep over 40.
    assert results.passes <= 3 and results.reads <= results.passes * len(results)
    assert results.most_alive <= 3
    monkeypatch.undo()
    names = plan_names(result) if show_names else None
    headings = plan_headings(result) if show_names else None
    assert (tmp_path / "report.csv").read_bytes() == report_csv(result, names).encode("utf-8-sig")
    assert (tmp_path / "report.html").read_bytes() == report_html(result, names, headings).encode("utf-8")
    assert ("<td>About child 59</td>" in (tmp_path / "report.html").read_text()) is show_names


def test_report_csv_and_report_html_read_the_results_once_and_twice(tmp_path):
    results = ReadBack(large_batch(tmp_path))
    result = BatchResult(tmp_path, results, dt.date(2026, 11, 27))
    report_csv(result)
    assert results.passes == 1 and results.most_alive <= 3
    report_html(result)
    assert results.passes == 3 and results.most_alive <= 3


@pytest.mark.parametrize("earlier", [True, False])
@pytest.mark.parametrize("fail_at", [10, 63 + 40], ids=["writing report.csv", "writing the carried-over content"])
def test_a_write_that_fails_midway_leaves_the_earlier_reports_and_no_temporary_file(tmp_path, fail_at, earlier):
    results = ReadBack(large_batch(tmp_path), fail_at=fail_at)
    assert len(results) == 63
    if earlier:
        (tmp_path / "report.csv").write_bytes(b"the earlier report.csv")
        (tmp_path / "report.html").write_bytes(b"the earlier report.html")
    before = sorted(path.name for path in tmp_path.iterdir())
    with pytest.raises(RecordGone):
        write_reports(BatchResult(tmp_path, results, dt.date(2026, 11, 27)), show_names=True, durable=False)
    assert results.passes == (1 if fail_at < 63 else 2)
    assert sorted(path.name for path in tmp_path.iterdir()) == before   # no temporary file either
    if earlier:
        assert (tmp_path / "report.csv").read_bytes() == b"the earlier report.csv"
        assert (tmp_path / "report.html").read_bytes() == b"the earlier report.html"


def test_a_long_triage_lists_its_most_severe_plans_and_points_to_the_csv(tmp_path, monkeypatch):
    from ehcp_standard import batch_report

    monkeypatch.setattr(batch_report, "TRIAGE_SHOWN", 2)
    plans = [plan(f"R-{errors}", f"p{errors}", errors=errors) for errors in (3, 9, 1, 7, 5, 8, 2)]
    plans += [plan(f"R-W{warnings}", f"w{warnings}", warnings=warnings) for warnings in (1, 6, 4)]
    page = report_html(BatchResult(tmp_path, [converted(f"in/{p.stem}.docx", p) for p in plans],
                                   dt.date(2026, 11, 27)))
    attention = page.split("<h2>Needs human attention first</h2>")[1].split("<h2>")[0]
    later = page.split("<h2>To review when time allows</h2>")[1].split("<h2>")[0]
    assert re.findall(r"<td>(R-\d+)</td>", attention) == ["R-9", "R-8"]          # the most severe, in order
    assert "7 of 10 plan(s) with compliance errors" in attention
    assert "Listed here: the first 2 of 7; <code>report.csv</code> has every plan" in attention
    assert re.findall(r"<td>(R-W\d)</td>", later) == ["R-W6", "R-W4"]
    assert "3 plan(s) with only warnings or notes" in later and "the first 2 of 3" in later
    monkeypatch.setattr(batch_report, "TRIAGE_SHOWN", 1000)
    assert "Listed here" not in report_html(BatchResult(tmp_path, [converted("in/a.docx", plans[0])],
                                                        dt.date(2026, 11, 27)))
