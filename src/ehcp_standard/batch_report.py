"""The batch report of ``ehcp convert``: ``report.csv`` for spreadsheets and ``report.html`` for the SEND manager.

::

    from ehcp_standard.batch_report import report_csv, report_html, write_reports

    write_reports(result)                      # OUT/report.csv and OUT/report.html, each written atomically
    text = report_html(result, names=None)     # names: output name -> child's name, only when asked for

``report.csv`` has one row per input, and one per plan for an export holding several (``source`` is then
``export.csv#REF``): status, plan reference, counts mapped and carried over, compliance errors and warnings, the
time it took, its SHA-256, its output name and, for a failure, the reason. A text cell that a spreadsheet would
read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a return) is prefixed with ``'``.

``report.html`` is one self-contained page (inline CSS; no scripts, images, fonts or links to anything outside
it), every value HTML-escaped: the totals, the inputs that failed and why, the plans needing human attention
first (most compliance errors, then most content carried over, then the lowest section confidence), the rules
most often failed, and each plan's carried-over content (where it was and why; never its text). Plans are shown
by reference; a child's name, and the headings content was carried from (which may quote a name), only when
``names`` is given (``--show-names``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import BatchResult, InputResult, PlanResult

#: The columns of ``report.csv``, in order; ``child_name`` is added last only when names are asked for.
CSV_COLUMNS = ("input", "status", "plan_reference", "source", "output", "profile", "mapped", "carried_over",
               "errors", "warnings", "seconds", "sha256", "reason")
#: A section's mean label confidence below which its plan is flagged for a person to check.
LOW_CONFIDENCE = 0.6
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- report.csv --------------------------------------------------------------------------------------------------


def report_rows(result: BatchResult, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Return the rows of ``report.csv``, as dicts keyed by :data:`CSV_COLUMNS` (and ``child_name`` when
    ``names`` is given): one per input, or one per plan of an input that gave several."""
    rows = []
    for item in result.results:
        base = {"input": item.name, "status": item.status.value, "seconds": f"{item.seconds:.3f}",
                "sha256": item.sha256, "reason": item.reason, "output": ""}
        for plan in item.plans or (None,):
            row = {**base, **_plan_columns(plan)}
            if names is not None:
                row["child_name"] = names.get(plan.stem, "") if plan else ""
            rows.append(row)
    return rows


def _plan_columns(plan: PlanResult | None) -> dict[str, Any]:
    if plan is None:
        return {"plan_reference": "", "source": "", "profile": "", "mapped": "", "carried_over": "", "errors": "",
                "warnings": ""}
    return {"plan_reference": plan.plan_reference, "source": plan.source, "output": plan.stem,
            "profile": plan.profile, "mapped": plan.mapped, "carried_over": plan.carried_over,
            "errors": plan.errors, "warnings": plan.warnings}


def report_csv(result: BatchResult, names: dict[str, str] | None = None) -> str:
    """Return ``report.csv``: a header and :func:`report_rows`, text cells safe from formula injection."""
    columns = [*CSV_COLUMNS, *(["child_name"] if names is not None else [])]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in report_rows(result, names):
        writer.writerow({key: _cell(row[key]) for key in columns})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Return ``value`` as a spreadsheet shows it literally: a text starting like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# -- report.html -------------------------------------------------------------------------------------------------

_CSS = re.sub(r"\s*\n\s*", "", """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:2rem auto;max-width:64rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1d70b8}
.lede{color:#505a5f;margin-top:0}.tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.tile{border-left:5px solid #1d70b8;background:#f3f2f1;padding:.6rem 1rem;min-width:9rem;flex:1}
.tile.bad{border-left-color:#d4351c}.tile b{display:block;font-size:1.8rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.95rem}
th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:.35rem .5rem;vertical-align:top}
td.n,th.n{text-align:right}.note{color:#505a5f;font-size:.9rem}details{margin:.3rem 0}
summary{cursor:pointer}code{font-size:.9rem}
""")


def report_html(result: BatchResult, names: dict[str, str] | None = None) -> str:
    """Return ``report.html``: one self-contained page, every value escaped; names only from ``names``."""
    plans = result.plans
    shown = "Plans are shown by reference and by the child's name, as asked." if names is not None else \
        "Plans are shown by reference only (names with --show-names)."
    body = [
        (f"<h1>Legacy plan conversion</h1><p class=\"lede\">{len(result.results)} input(s) in "
        f"<code>{_e(result.out_dir)}</code>; compliance judged on {_e(result.as_of.isoformat())}. {_e(shown)}</p>"),
        _tiles(result), _failed_section(result.failed), _attention_section(plans, names),
        _rules_section(plans), _carried_section(plans, names), _notes_section(result.notes),
    ]
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Legacy plan conversion "
            f"report</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:
    """Return an HTML table; ``numeric`` columns right-aligned. Every value is escaped."""
    def cell(tag: str, index: int, value: Any) -> str:
        align = ' class="n"' if index in numeric else ""
        return f"<{tag}{align}>{_e(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tiles(result: BatchResult) -> str:
    plans = result.plans
    counts = result.counts()
    tiles = [
        ("Inputs", len(result.results), False),
        ("Plans converted", len(plans), False),
        ("Inputs failed", len(result.failed), bool(result.failed)),
        ("Duplicates", counts.get("duplicate", 0), False),
        ("Plans with compliance errors", sum(plan.errors > 0 for plan in plans), False),
        ("Items carried over", sum(plan.carried_over for plan in plans), False),
    ]
    cells = "".join(f"<div class=\"tile{' bad' if bad else ''}\"><b>{_e(value)}</b>{_e(label)}</div>"
                    for label, value, bad in tiles)
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(counts.items()))
    return f"<div class=\"tiles\">{cells}</div><p class=\"note\">By status: {_e(statuses)}.</p>"


def _failed_section(failed: list[InputResult]) -> str:
    if not failed:
        return "<h2>Inputs that failed</h2><p>None: every input was converted.</p>"
    rows = [[item.name, item.status.value, item.reason] for item in failed]
    return ("<h2>Inputs that failed</h2><p>Nothing was written for these. Fix or replace each file and run again "
            "with --resume.</p>" + _table(["Input", "Status", "Reason"], rows))


def attention_order(plans: list[PlanResult]) -> list[PlanResult]:
    """Return the plans a person should check, most urgent first: compliance errors, then items carried over,
    then the lowest section confidence, then warnings. A plan with none of these (and every section's confidence
    at least :data:`LOW_CONFIDENCE`) needs no attention and is left out."""
    def lowest(plan: PlanResult) -> float:
        return min(plan.confidence.values(), default=1.0)

    needing = [plan for plan in plans if plan.errors or plan.carried_over or plan.warnings
               or lowest(plan) < LOW_CONFIDENCE]
    return sorted(needing, key=lambda p: (-p.errors, -p.carried_over, lowest(p), -p.warnings, p.plan_reference,
                                          p.stem))


def _why(plan: PlanResult) -> str:
    reasons = []
    if plan.errors:
        reasons.append(f"{plan.errors} compliance error(s)")
    if plan.carried_over:
        reasons.append(f"{plan.carried_over} item(s) carried over")
    low = [f"{name} {value:.2f}" for name, value in plan.confidence.items() if value < LOW_CONFIDENCE]
    if low:
        reasons.append("low confidence in " + ", ".join(low))
    if plan.warnings:
        reasons.append(f"{plan.warnings} warning(s)")
    return "; ".join(reasons)


def _attention_section(plans: list[PlanResult], names: dict[str, str] | None) -> str:
    ordered = attention_order(plans)
    if not ordered:
        return "<h2>Plans needing human attention first</h2><p>None.</p>"
    headers = ["Plan reference", *(["Child"] if names is not None else []), "Output", "Errors", "Carried over",
               "Warnings", "Why"]
    rows = [[plan.plan_reference, *([names.get(plan.stem, "")] if names is not None else []), plan.stem,
             plan.errors, plan.carried_over, plan.warnings, _why(plan)] for plan in ordered]
    first = 3 + (names is not None)
    return (f"<h2>Plans needing human attention first</h2><p>{len(ordered)} of {len(plans)} plan(s), most urgent "
            "first. Each plan's <code>.report.txt</code> says what to check.</p>"
            + _table(headers, rows, {first, first + 1, first + 2}))


def _rules_section(plans: list[PlanResult]) -> str:
    plans_failing: Counter = Counter()
    findings: Counter = Counter()
    for plan in plans:
        for rule_id, count in plan.rules.items():
            plans_failing[rule_id] += 1
            findings[rule_id] += count
    if not plans_failing:
        return "<h2>Compliance rules most often failed</h2><p>No compliance findings.</p>"
    registry = _rule_registry()
    ordered = sorted(plans_failing, key=lambda rule_id: (-plans_failing[rule_id], -findings[rule_id], rule_id))
    rows = [[rule_id, *registry.get(rule_id, ("", "")), plans_failing[rule_id], findings[rule_id]]
            for rule_id in ordered]
    return ("<h2>Compliance rules most often failed</h2>"
            + _table(["Rule", "Severity", "Check", "Plans", "Findings"], rows, {3, 4}))


def _rule_registry() -> dict[str, tuple[str, str]]:
    """Return rule id → (severity, title) for every registered rule."""
    from .rules import REGISTRY

    return {rule_id: (rule.severity.value, rule.title) for rule_id, rule in REGISTRY.items()}


def _carried_section(plans: list[PlanResult], names: dict[str, str] | None) -> str:
    carrying = [plan for plan in plans if plan.carried]
    if not carrying:
        return "<h2>Carried-over content</h2><p>No plan has content carried over.</p>"
    parts = [("<h2>Carried-over content</h2><p>Content no standard field could hold is kept in each plan's "
             "appendix; a person should move each item to its section. Where it came from and why:</p>")]
    for plan in carrying:
        label = plan.plan_reference + (f" ({names.get(plan.stem, '')})" if names is not None else "")
        headers = ["Where", *(["Under heading"] if names is not None else []), "Why", "Probably section"]
        rows = [[entry.get("location") or "", *([entry.get("heading") or ""] if names is not None else []),
                 entry.get("reason") or "", entry.get("suggested_section") or ""] for entry in plan.carried]
        parts.append(f"<details><summary>{_e(label)}: {len(plan.carried)} item(s), "
                     f"<code>{_e(plan.stem)}</code></summary>{_table(headers, rows)}</details>")
    return "".join(parts)


def _notes_section(notes: list[str]) -> str:
    if not notes:
        return ""
    return "<h2>Notes on this run</h2><ul>" + "".join(f"<li>{_e(note)}</li>" for note in notes) + "</ul>"


# -- names and writing -------------------------------------------------------------------------------------------


def plan_names(result: BatchResult) -> dict[str, str]:
    """Return output name → the child's name, read from each converted plan's JSON in the output folder (a plan
    that cannot be read is left out)."""
    names = {}
    for plan in result.plans:
        try:
            data = json.loads((Path(result.out_dir) / plan.files["json"]).read_text(encoding="utf-8"))
            name = data["personal_details"]["name"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        names[plan.stem] = " ".join(part for part in (name.get("forename"), name.get("middle_names"),
                                                      name.get("surname")) if part)
    return names


def write_reports(result: BatchResult, *, show_names: bool = False, durable: bool = True) -> tuple[Path, Path]:
    """Write ``report.csv`` and ``report.html`` into the output folder, each atomically; return their paths."""
    from .batch import atomic_write

    names = plan_names(result) if show_names else None
    out = Path(result.out_dir)
    csv_path, html_path = out / "report.csv", out / "report.html"
    atomic_write(csv_path, report_csv(result, names).encode("utf-8-sig"), durable=durable)
    atomic_write(html_path, report_html(result, names).encode("utf-8"), durable=durable)
    return csv_path, html_path


__all__ = ["CSV_COLUMNS", "LOW_CONFIDENCE", "attention_order", "plan_names", "report_csv", "report_html",
           "report_rows", "write_reports"]
