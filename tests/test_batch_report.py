"""The batch report (``ehcp_standard.batch_report``): report.csv and a self-contained, escaped report.html that
names children only when asked. Results are built by hand; no conversion runs here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

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
