"""The batch report of ``ehcp convert``: ``report.csv`` for spreadsheets and ``report.html`` for the SEND manager.

::

    from ehcp_standard.batch_report import report_csv, report_html, write_reports

    write_reports(result)                      # OUT/report.csv and OUT/report.html, each written atomically
    text = report_html(result, names=None)     # names: output name -> child's name, only when asked for

``report.csv`` has one row per input, and one per plan for an export holding several (``source`` is then
``export.csv#REF``): status, plan reference, counts mapped and carried over, compliance errors and warnings,
invalid identifiers, the time it took, its SHA-256, its output name and, for a failure, the reason; then one row per
file skipped in the input folders (status ``skipped``, and why). A text cell that a spreadsheet would read as a
formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a return) is prefixed with ``'``.

``report.html`` is one self-contained page (inline CSS; no scripts, images, fonts or links to anything outside
it), every value HTML-escaped: the totals, the inputs that failed and why, the files skipped, the triage
(:func:`triage`: what needs human attention first, most severe first, and what to review when time allows), the
rules most often failed, and each plan's carried-over content (where it was and why; never its text). Plans are
shown by reference; a child's name, and the headings content was carried from (which may quote a name, and are
read from each plan's own ``.report.json``), only when asked for (``--show-names``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import BatchResult, InputResult, PlanResult, SkippedFile

#: The columns of ``report.csv``, in order; ``child_name`` is added last only when names are asked for.
CSV_COLUMNS = ("input", "status", "plan_reference", "source", "output", "profile", "mapped", "carried_over",
               "errors", "warnings", "invalid_identifiers", "seconds", "sha256", "reason")
#: A section's mean label confidence below which its plan needs a person to check where its content went.
LOW_CONFIDENCE = 0.8
#: The status of a ``report.csv`` row for a file skipped in an input folder (not an input: never a failure).
SKIPPED = "skipped"
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
    for skipped in result.skipped:
        row = {**dict.fromkeys(CSV_COLUMNS, ""), "input": skipped.name, "status": SKIPPED, "reason": skipped.reason}
        rows.append({**row, **({"child_name": ""} if names is not None else {})})
    return rows


def _plan_columns(plan: PlanResult | None) -> dict[str, Any]:
    if plan is None:
        return {"plan_reference": "", "source": "", "profile": "", "mapped": "", "carried_over": "", "errors": "",
                "warnings": "", "invalid_identifiers": ""}
    return {"plan_reference": plan.plan_reference, "source": plan.source, "output": plan.stem,
            "profile": plan.profile, "mapped": plan.mapped, "carried_over": plan.carried_over,
            "errors": plan.errors, "warnings": plan.warnings, "invalid_identifiers": plan.invalid_identifiers}


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
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:2rem auto;
max-width:64rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1d70b8}
.lede{color:#505a5f;margin-top:0}.tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.tile{border-left:5px solid #1d70b8;background:#f3f2f1;padding:.6rem 1rem;min-width:9rem;flex:1}
.tile.bad{border-left-color:#d4351c}.tile b{display:block;font-size:1.8rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.95rem}
th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:.35rem .5rem;vertical-align:top}
td.n,th.n{text-align:right}.note{color:#505a5f;font-size:.9rem}details{margin:.3rem 0}
summary{cursor:pointer}code{font-size:.9rem}
""")


def report_html(result: BatchResult, names: dict[str, str] | None = None,
                headings: dict[str, list[str | None]] | None = None) -> str:
    """Return ``report.html``: one self-contained page, every value escaped. A child's name only from ``names``,
    and the headings content was carried from only from ``headings`` (output name → one per carried-over item),
    both only when asked for."""
    plans = result.plans
    shown = "Plans are shown by reference and by the child's name, as asked." if names is not None else \
        "Plans are shown by reference only (names with --show-names)."
    body = [
        (f"<h1>Legacy plan conversion</h1><p class=\"lede\">{len(result.results)} input(s) in "
        f"<code>{_e(result.out_dir)}</code>; compliance judged on {_e(result.as_of.isoformat())}. {_e(shown)}</p>"),
        _tiles(result), _failed_section(result.failed), _skipped_section(result.skipped),
        _triage_sections(triage(result), names), _rules_section(plans), _carried_section(plans, names, headings),
        _notes_section(result.notes),
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
        ("Files skipped", len(result.skipped), False),
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


def _skipped_section(skipped: list[SkippedFile]) -> str:
    if not skipped:
        return ""
    rows = [[item.name, item.reason] for item in skipped]
    return (f"<h2>Files skipped</h2><p>{len(skipped)} file(s) in the input folders are not a kind converted, so "
            "they were not read (this does not fail the batch). Each row says what the file is and, for a plan or "
            "an export saved in another format, what to do: save it as <code>.docx</code> (or <code>.xlsx</code>) "
            "and run again with --resume.</p>" + _table(["File", "Why"], rows))


# -- triage ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Triage:
    """The batch sorted for a person. ``failed``: the inputs not converted, in input order; ``attention``: the
    plans needing attention first (:func:`attention_order`); ``later``: the plans with only warnings or notes, to
    review when time allows (:func:`review_later`); ``calm``: how many plans need neither."""

    failed: list[InputResult]
    attention: list[PlanResult]
    later: list[PlanResult]
    calm: int


def triage(result: BatchResult) -> Triage:
    """Return the triage of a batch: failed inputs first, then the plans needing attention, most severe first."""
    plans = result.plans
    attention, later = attention_order(plans), review_later(plans)
    return Triage(result.failed, attention, later, len(plans) - len(attention) - len(later))


def _lowest(plan: PlanResult) -> float:
    return min(plan.confidence.values(), default=1.0)


def needs_attention(plan: PlanResult) -> bool:
    """Return whether a plan needs a person first: it has compliance errors, an invalid identifier, content
    carried over, or a section whose label confidence is below :data:`LOW_CONFIDENCE`. (Warnings and notes alone
    do not count: nearly every converted plan has some.)"""
    return bool(plan.errors or plan.invalid_identifiers or plan.carried_over or _lowest(plan) < LOW_CONFIDENCE)


def attention_order(plans: list[PlanResult]) -> list[PlanResult]:
    """Return the plans needing attention (:func:`needs_attention`), most severe first: most compliance errors,
    then most invalid identifiers, then most items carried over, then the lowest section confidence (then by
    reference, so the order is always the same)."""
    needing = [plan for plan in plans if needs_attention(plan)]
    return sorted(needing, key=lambda p: (-p.errors, -p.invalid_identifiers, -p.carried_over, _lowest(p),
                                          p.plan_reference, p.stem))


def review_later(plans: list[PlanResult]) -> list[PlanResult]:
    """Return the plans that need no attention first but have warnings or notes, most first."""
    later = [plan for plan in plans if plan.warnings and not needs_attention(plan)]
    return sorted(later, key=lambda p: (-p.warnings, p.plan_reference, p.stem))


def _why(plan: PlanResult) -> str:
    reasons = []
    if plan.errors:
        reasons.append(f"{plan.errors} compliance error(s)")
    if plan.invalid_identifiers:
        reasons.append(f"{plan.invalid_identifiers} invalid identifier(s)")
    if plan.carried_over:
        reasons.append(f"{plan.carried_over} item(s) carried over")
    low = [f"{name} {value:.2f}" for name, value in plan.confidence.items() if value < LOW_CONFIDENCE]
    if low:
        reasons.append("low confidence in " + ", ".join(low))
    return "; ".join(reasons)


def _triage_sections(found: Triage, names: dict[str, str] | None) -> str:
    return _attention_section(found, names) + _later_section(found, names)


def _attention_section(found: Triage, names: dict[str, str] | None) -> str:
    title = "<h2>Needs human attention first</h2>"
    if not found.failed and not found.attention:
        return title + "<p>Nothing: every input was converted, and no plan has a compliance error, an invalid " \
            "identifier, content carried over or a section read with low confidence.</p>"
    child = names is not None
    headers = ["Plan or input", *(["Child"] if child else []), "Output", "Errors", "Invalid identifiers",
               "Carried over", "Why"]
    rows = [[item.name, *([""] if child else []), "", "", "", "", f"not converted ({item.status.value})"]
            for item in found.failed]
    rows += [[plan.plan_reference, *([names.get(plan.stem, "")] if child else []), plan.stem, plan.errors,
              plan.invalid_identifiers, plan.carried_over, _why(plan)] for plan in found.attention]
    first = 3 + child
    total = len(found.attention) + len(found.later) + found.calm
    failed = f"{len(found.failed)} input(s) not converted, then " if found.failed else ""
    return (f"{title}<p>{failed}{len(found.attention)} of {total} plan(s) with compliance errors, an invalid "
            "identifier, content carried over or a section read with label confidence below "
            f"{LOW_CONFIDENCE:.2f}; most severe first (failed inputs, then most compliance errors, invalid "
            "identifiers, items carried over, lowest confidence). Each plan's <code>.report.txt</code> says what "
            "to check.</p>" + _table(headers, rows, {first, first + 1, first + 2}))


def _later_section(found: Triage, names: dict[str, str] | None) -> str:
    title = "<h2>To review when time allows</h2>"
    calm = f"{found.calm} plan(s) have nothing to check."
    if not found.later:
        return f"{title}<p>No plan has only warnings or notes. {_e(calm)}</p>"
    child = names is not None
    headers = ["Plan reference", *(["Child"] if child else []), "Output", "Warnings and notes"]
    rows = [[plan.plan_reference, *([names.get(plan.stem, "")] if child else []), plan.stem, plan.warnings]
            for plan in found.later]
    return (f"{title}<details><summary>{len(found.later)} plan(s) with only warnings or notes for a caseworker to "
            f"confirm (no errors, nothing carried over). {_e(calm)}</summary>"
            + _table(headers, rows, {2 + child}) + "</details>")


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


def _carried_section(plans: list[PlanResult], names: dict[str, str] | None,
                     headings: dict[str, list[str | None]] | None) -> str:
    carrying = [plan for plan in plans if plan.carried]
    if not carrying:
        return "<h2>Carried-over content</h2><p>No plan has content carried over.</p>"
    parts = [("<h2>Carried-over content</h2><p>Content no standard field could hold is kept in each plan's "
             "appendix; a person should move each item to its section. Where it came from and why:</p>")]
    for plan in carrying:
        label = plan.plan_reference + (f" ({names.get(plan.stem, '')})" if names is not None else "")
        under = _headings_of(plan, headings)
        headers = ["Where", *(["Under heading"] if under is not None else []), "Why", "Probably section"]
        rows = [[entry.get("location") or "", *([under[index] or ""] if under is not None else []),
                 entry.get("reason") or "", entry.get("suggested_section") or ""]
                for index, entry in enumerate(plan.carried)]
        parts.append(f"<details><summary>{_e(label)}: {len(plan.carried)} item(s), "
                     f"<code>{_e(plan.stem)}</code></summary>{_table(headers, rows)}</details>")
    return "".join(parts)


def _headings_of(plan: PlanResult, headings: dict[str, list[str | None]] | None) -> list[str | None] | None:
    """Return the heading of each of the plan's carried-over items (``None`` when headings are not asked for);
    none at all when its report is missing or no longer matches its record, rather than a wrong one."""
    if headings is None:
        return None
    under = headings.get(plan.stem)
    return under if under is not None and len(under) == len(plan.carried) else [None] * len(plan.carried)


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


def plan_headings(result: BatchResult) -> dict[str, list[str | None]]:
    """Return output name → the heading each carried-over item sat under (``None`` for none), in the order of the
    plan's carried-over items, read from each converted plan's ``.report.json`` in the output folder (the batch's
    records never hold them: a heading can quote a child's name). A report that cannot be read is left out."""
    headings = {}
    for plan in result.plans:
        try:
            data = json.loads((Path(result.out_dir) / plan.files["report_json"]).read_text(encoding="utf-8"))
            carried = data["carried_over"]
            headings[plan.stem] = [entry.get("heading") if isinstance(entry.get("heading"), str) else None
                                   for entry in carried]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return headings


def write_reports(result: BatchResult, *, show_names: bool = False, durable: bool = True) -> tuple[Path, Path]:
    """Write ``report.csv`` and ``report.html`` into the output folder, each atomically; return their paths.
    ``show_names`` adds each child's name and the headings content was carried from, read from the plans' files."""
    from .batch import atomic_write

    names = plan_names(result) if show_names else None
    headings = plan_headings(result) if show_names else None
    out = Path(result.out_dir)
    csv_path, html_path = out / "report.csv", out / "report.html"
    atomic_write(csv_path, report_csv(result, names).encode("utf-8-sig"), durable=durable)
    atomic_write(html_path, report_html(result, names, headings).encode("utf-8"), durable=durable)
    return csv_path, html_path


__all__ = ["CSV_COLUMNS", "LOW_CONFIDENCE", "SKIPPED", "Triage", "attention_order", "needs_attention",
           "plan_headings", "plan_names", "report_csv", "report_html", "report_rows", "review_later", "triage",
           "write_reports"]
