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

**Memory.** A batch may hold tens of thousands of plans, read back one at a time from their completion records
(``BatchResult.results``), so :func:`write_reports` writes both reports as streams, in two passes over the results
that hold one input's result at a time, into temporary files renamed over the reports only once both are complete (a
failure midway leaves the earlier reports as they were). The first writes ``report.csv`` row by row while gathering
what ``report.html`` shows before its carried-over section: the totals, the rules failed, and for the triage a
compact entry per plan to list (its counts, lowest confidence, reference, output name and why; not the plan's
result). The second writes each plan's carried-over content straight into the page, reading the headings it was
carried from (``--show-names``) from that plan's report as it is reached. What is kept for the whole batch is small:
the triage entries and, when asked for, the names (output name → name). :func:`report_csv` and :func:`report_html`
return the same text, written into memory by the same code.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    from .batch import BatchResult, InputResult, PlanResult, SkippedFile

#: The columns of ``report.csv``, in order; ``child_name`` is added last only when names are asked for.
CSV_COLUMNS = ("input", "status", "plan_reference", "source", "output", "profile", "mapped", "carried_over",
               "errors", "warnings", "invalid_identifiers", "seconds", "sha256", "reason")
#: A section's mean label confidence below which its plan needs a person to check where its content went.
LOW_CONFIDENCE = 0.8
#: The status of a ``report.csv`` row for a file skipped in an input folder (not an input: never a failure).
SKIPPED = "skipped"
#: How many plans each triage table of ``report.html`` lists, most severe first; ``report.csv`` has every plan,
#: with the same counts. (Past a few thousand rows a page is read by no one, and the entries it must sort stay few.)
TRIAGE_SHOWN = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- report.csv --------------------------------------------------------------------------------------------------


def report_rows(result: BatchResult, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Return the rows of ``report.csv``, as dicts keyed by :data:`CSV_COLUMNS` (and ``child_name`` when
    ``names`` is given): one per input, or one per plan of an input that gave several. (All at once: the report
    itself is written row by row.)"""
    rows = [row for item in result.results for row in _input_rows(item, names)]
    return rows + _skipped_rows(result.skipped, names)


def _input_rows(item: InputResult, names: dict[str, str] | None) -> list[dict[str, Any]]:
    """Return the rows of one input: one, or one per plan it gave."""
    base = {"input": item.name, "status": item.status.value, "seconds": f"{item.seconds:.3f}",
            "sha256": item.sha256, "reason": item.reason, "output": ""}
    rows = []
    for plan in item.plans or (None,):
        row = {**base, **_plan_columns(plan)}
        if names is not None:
            row["child_name"] = names.get(plan.stem, "") if plan else ""
        rows.append(row)
    return rows


def _skipped_rows(skipped: list[SkippedFile], names: dict[str, str] | None) -> list[dict[str, Any]]:
    """Return a row for each file skipped in the input folders."""
    rows = []
    for item in skipped:
        row = {**dict.fromkeys(CSV_COLUMNS, ""), "input": item.name, "status": SKIPPED, "reason": item.reason}
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
    buffer = io.StringIO()
    _write_csv(buffer, result, names)
    return buffer.getvalue()


def _write_csv(out: TextIO, result: BatchResult, names: dict[str, str] | None,
               on_plan: Callable[[PlanResult], None] | None = None) -> None:
    """Write ``report.csv`` into ``out`` row by row, in one pass over the results; ``on_plan`` is given each plan
    before its input's rows are written (so it may add the plan's name to ``names``)."""
    columns = [*CSV_COLUMNS, *(["child_name"] if names is not None else [])]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for item in result.results:
        for plan in item.plans if on_plan is not None else ():
            on_plan(plan)
        writer.writerows({key: _cell(row[key]) for key in columns} for row in _input_rows(item, names))
    writer.writerows({key: _cell(row[key]) for key in columns} for row in _skipped_rows(result.skipped, names))


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
    buffer = io.StringIO()
    headings_of = None if headings is None else (lambda plan: headings.get(plan.stem))
    _write_html(buffer, result, _Gathered.of(result.iter_plans()), names, headings_of)
    return buffer.getvalue()


def _write_html(out: TextIO, result: BatchResult, gathered: _Gathered, names: dict[str, str] | None,
                headings_of: Callable[[PlanResult], list[str | None] | None] | None) -> None:
    """Write ``report.html`` into ``out`` section by section: all but the carried-over content from ``gathered``
    (the first pass over the plans), that content plan by plan in a second pass. ``headings_of`` returns the
    headings of a plan's carried-over items (``None``: not asked for, or not known)."""
    shown = "Plans are shown by reference and by the child's name, as asked." if names is not None else \
        "Plans are shown by reference only (names with --show-names)."
    failed = result.failed
    out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Legacy plan conversion "
              f"report</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              f"<style>{_CSS}</style></head><body>")
    out.write(f"<h1>Legacy plan conversion</h1><p class=\"lede\">{len(result.results)} input(s) in "
              f"<code>{_e(result.out_dir)}</code>; compliance judged on {_e(result.as_of.isoformat())}. "
              f"{_e(shown)}</p>")
    out.write(_tiles(result, gathered, failed))
    _write_failed_section(out, failed)
    _write_skipped_section(out, result.skipped)
    gathered.sort()
    _write_attention_section(out, failed, gathered, names)
    _write_later_section(out, gathered, names)
    _write_rules_section(out, gathered)
    _write_carried_section(out, result if gathered.carrying else None, names, headings_of)
    out.write(_notes_section(result.notes))
    out.write("</body></html>\n")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _write_table(out: TextIO, headers: list[str], rows: Iterable[list[Any]], numeric: set[int] = frozenset()) -> None:
    """Write an HTML table into ``out``, row by row; ``numeric`` columns right-aligned. Every value is escaped."""
    def cell(tag: str, index: int, value: Any) -> str:
        align = ' class="n"' if index in numeric else ""
        return f"<{tag}{align}>{_e(value)}</{tag}>"

    out.write("<table><thead><tr>" + "".join(cell("th", i, h) for i, h in enumerate(headers)) + "</tr></thead>"
              "<tbody>")
    out.writelines("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    out.write("</tbody></table>")


def _tiles(result: BatchResult, gathered: _Gathered, failed: list[InputResult]) -> str:
    """Return the totals, as tiles, and the count of each status."""
    counts = result.counts()
    tiles = [
        ("Inputs", len(result.results), False),
        ("Plans converted", gathered.plans, False),
        ("Inputs failed", len(failed), bool(failed)),
        ("Duplicates", counts.get("duplicate", 0), False),
        ("Files skipped", len(result.skipped), False),
        ("Plans with compliance errors", gathered.with_errors, False),
        ("Items carried over", gathered.carried_over, False),
    ]
    cells = "".join(f"<div class=\"tile{' bad' if bad else ''}\"><b>{_e(value)}</b>{_e(label)}</div>"
                    for label, value, bad in tiles)
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(counts.items()))
    return f"<div class=\"tiles\">{cells}</div><p class=\"note\">By status: {_e(statuses)}.</p>"


def _write_failed_section(out: TextIO, failed: list[InputResult]) -> None:
    if not failed:
        out.write("<h2>Inputs that failed</h2><p>None: every input was converted.</p>")
        return
    out.write("<h2>Inputs that failed</h2><p>Nothing was written for these. Fix or replace each file and run again "
              "with --resume.</p>")
    _write_table(out, ["Input", "Status", "Reason"], ([item.name, item.status.value, item.reason] for item in failed))


def _write_skipped_section(out: TextIO, skipped: list[SkippedFile]) -> None:
    if not skipped:
        return
    out.write(f"<h2>Files skipped</h2><p>{len(skipped)} file(s) in the input folders are not a kind converted, so "
              "they were not read (this does not fail the batch). Each row says what the file is and, for a plan or "
              "an export saved in another format, what to do: save it as <code>.docx</code> (or <code>.xlsx</code>) "
              "and run again with --resume.</p>")
    _write_table(out, ["File", "Why"], ([item.name, item.reason] for item in skipped))


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
    """Return the triage of a batch: failed inputs first, then the plans needing attention, most severe first.
    (It holds every plan's result at once: ``report.html`` keeps only a compact entry for each plan it lists.)"""
    plans = result.plans
    attention, later = attention_order(plans), review_later(plans)
    return Triage(result.failed, attention, later, len(plans) - len(attention) - len(later))


class _Entry(NamedTuple):
    """What the triage needs of a plan, and all ``report.html`` keeps of one it lists there: its counts, its lowest
    section confidence, reference, output name and why it needs attention."""

    errors: int
    invalid_identifiers: int
    carried_over: int
    lowest: float
    warnings: int
    plan_reference: str
    stem: str
    why: str


def _entry(plan: PlanResult) -> _Entry:
    """Return the triage entry of a plan."""
    return _Entry(plan.errors, plan.invalid_identifiers, plan.carried_over, min(plan.confidence.values(), default=1.0),
                  plan.warnings, plan.plan_reference, plan.stem, _why(plan))


def _needs(entry: _Entry) -> bool:
    return bool(entry.errors or entry.invalid_identifiers or entry.carried_over or entry.lowest < LOW_CONFIDENCE)


def _attention_key(entry: _Entry) -> tuple[Any, ...]:
    return (-entry.errors, -entry.invalid_identifiers, -entry.carried_over, entry.lowest, entry.plan_reference,
            entry.stem)


def _later_key(entry: _Entry) -> tuple[Any, ...]:
    return (-entry.warnings, entry.plan_reference, entry.stem)


def needs_attention(plan: PlanResult) -> bool:
    """Return whether a plan needs a person first: it has compliance errors, an invalid identifier, content
    carried over, or a section whose label confidence is below :data:`LOW_CONFIDENCE`. (Warnings and notes alone
    do not count: nearly every converted plan has some.)"""
    return _needs(_entry(plan))


def attention_order(plans: list[PlanResult]) -> list[PlanResult]:
    """Return the plans needing attention (:func:`needs_attention`), most severe first: most compliance errors,
    then most invalid identifiers, then most items carried over, then the lowest section confidence (then by
    reference, so the order is always the same)."""
    needing = [(entry, plan) for plan in plans if _needs(entry := _entry(plan))]
    return [plan for _, plan in sorted(needing, key=lambda pair: _attention_key(pair[0]))]


def review_later(plans: list[PlanResult]) -> list[PlanResult]:
    """Return the plans that need no attention first but have warnings or notes, most first."""
    later = [(entry, plan) for plan in plans if plan.warnings and not _needs(entry := _entry(plan))]
    return [plan for _, plan in sorted(later, key=lambda pair: _later_key(pair[0]))]


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


class _Gathered:
    """What ``report.html`` shows before its carried-over section, gathered in one pass over the plans, one at a
    time: how many plans, with compliance errors and carrying content, the items carried over, each rule's plans
    and findings, and the triage as compact entries (:class:`_Entry`): the most severe :data:`TRIAGE_SHOWN` of
    ``attention`` and ``later`` (sorted by :meth:`sort`; never more than twice that many are held), how many plans
    each holds in all (``attention_total``, ``later_total``), and how many plans are ``calm``."""

    __slots__ = ("attention", "attention_total", "calm", "carried_over", "carrying", "findings", "later",
                 "later_total", "plans", "plans_failing", "with_errors")

    def __init__(self) -> None:
        self.plans = self.with_errors = self.carrying = self.carried_over = self.calm = 0
        self.attention_total = self.later_total = 0
        self.plans_failing: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.attention: list[_Entry] = []
        self.later: list[_Entry] = []

    @classmethod
    def of(cls, plans: Iterable[PlanResult]) -> _Gathered:
        """Return what is gathered from ``plans``."""
        gathered = cls()
        for plan in plans:
            gathered.add(plan)
        return gathered

    def add(self, plan: PlanResult) -> None:
        """Count one plan in (nothing of it is kept but its triage entry, if it is listed)."""
        self.plans += 1
        self.with_errors += plan.errors > 0
        self.carrying += bool(plan.carried)
        self.carried_over += plan.carried_over
        for rule_id, count in plan.rules.items():
            self.plans_failing[rule_id] += 1
            self.findings[rule_id] += count
        entry = _entry(plan)
        if _needs(entry):
            self.attention_total += 1
            _listed(self.attention, entry, _attention_key)
        elif plan.warnings:
            self.later_total += 1
            _listed(self.later, entry, _later_key)
        else:
            self.calm += 1

    def sort(self) -> None:
        """Sort the triage as :func:`attention_order` and :func:`review_later` do, and keep the first
        :data:`TRIAGE_SHOWN` of each list."""
        for entries, key in ((self.attention, _attention_key), (self.later, _later_key)):
            entries.sort(key=key)
            del entries[TRIAGE_SHOWN:]


def _listed(entries: list[_Entry], entry: _Entry, key: Callable[[_Entry], tuple[Any, ...]]) -> None:
    """Add ``entry`` to ``entries``, which are cut back to their most severe :data:`TRIAGE_SHOWN` (by ``key``)
    whenever they reach twice that many."""
    entries.append(entry)
    if len(entries) >= 2 * TRIAGE_SHOWN:
        entries.sort(key=key)
        del entries[TRIAGE_SHOWN:]


def _write_attention_section(out: TextIO, failed: list[InputResult], gathered: _Gathered,
                             names: dict[str, str] | None) -> None:
    title = "<h2>Needs human attention first</h2>"
    if not failed and not gathered.attention_total:
        out.write(title + "<p>Nothing: every input was converted, and no plan has a compliance error, an invalid "
                  "identifier, content carried over or a section read with low confidence.</p>")
        return
    child = names is not None
    headers = ["Plan or input", *(["Child"] if child else []), "Output", "Errors", "Invalid identifiers",
               "Carried over", "Why"]
    first = 3 + child
    total = gathered.attention_total + gathered.later_total + gathered.calm
    failed_first = f"{len(failed)} input(s) not converted, then " if failed else ""
    out.write(f"{title}<p>{failed_first}{gathered.attention_total} of {total} plan(s) with compliance errors, an "
              "invalid identifier, content carried over or a section read with label confidence below "
              f"{LOW_CONFIDENCE:.2f}; most severe first (failed inputs, then most compliance errors, invalid "
              "identifiers, items carried over, lowest confidence). Each plan's <code>.report.txt</code> says what "
              f"to check.{_shown(gathered.attention, gathered.attention_total)}</p>")
    _write_table(out, headers, _attention_rows(failed, gathered.attention, names), {first, first + 1, first + 2})


def _attention_rows(failed: list[InputResult], attention: list[_Entry],
                    names: dict[str, str] | None) -> Iterator[list[Any]]:
    """Yield the rows of the table of what needs attention first: failed inputs, then plans."""
    child = names is not None
    for item in failed:
        yield [item.name, *([""] if child else []), "", "", "", "", f"not converted ({item.status.value})"]
    for entry in attention:
        yield [entry.plan_reference, *([names.get(entry.stem, "")] if child else []), entry.stem, entry.errors,
               entry.invalid_identifiers, entry.carried_over, entry.why]


def _write_later_section(out: TextIO, gathered: _Gathered, names: dict[str, str] | None) -> None:
    title = "<h2>To review when time allows</h2>"
    calm = f"{gathered.calm} plan(s) have nothing to check."
    if not gathered.later_total:
        out.write(f"{title}<p>No plan has only warnings or notes. {_e(calm)}</p>")
        return
    child = names is not None
    headers = ["Plan reference", *(["Child"] if child else []), "Output", "Warnings and notes"]
    rows = ([entry.plan_reference, *([names.get(entry.stem, "")] if child else []), entry.stem, entry.warnings]
            for entry in gathered.later)
    out.write(f"{title}<details><summary>{gathered.later_total} plan(s) with only warnings or notes for a "
              f"caseworker to confirm (no errors, nothing carried over). {_e(calm)}"
              f"{_shown(gathered.later, gathered.later_total)}</summary>")
    _write_table(out, headers, rows, {2 + child})
    out.write("</details>")


def _shown(listed: list[_Entry], total: int) -> str:
    """Return what to say when a triage table lists fewer plans than it holds (else nothing)."""
    if len(listed) >= total:
        return ""
    return (f" Listed here: the first {len(listed):,} of {total:,}; <code>report.csv</code> has every plan with "
            "the same counts (sort it by errors, invalid_identifiers, carried_over).")


def _write_rules_section(out: TextIO, gathered: _Gathered) -> None:
    plans_failing, findings = gathered.plans_failing, gathered.findings
    if not plans_failing:
        out.write("<h2>Compliance rules most often failed</h2><p>No compliance findings.</p>")
        return
    registry = _rule_registry()
    ordered = sorted(plans_failing, key=lambda rule_id: (-plans_failing[rule_id], -findings[rule_id], rule_id))
    rows = ([rule_id, *registry.get(rule_id, ("", "")), plans_failing[rule_id], findings[rule_id]]
            for rule_id in ordered)
    out.write("<h2>Compliance rules most often failed</h2>")
    _write_table(out, ["Rule", "Severity", "Check", "Plans", "Findings"], rows, {3, 4})


def _rule_registry() -> dict[str, tuple[str, str]]:
    """Return rule id → (severity, title) for every registered rule."""
    from .rules import REGISTRY

    return {rule_id: (rule.severity.value, rule.title) for rule_id, rule in REGISTRY.items()}


def _write_carried_section(out: TextIO, result: BatchResult | None, names: dict[str, str] | None,
                           headings_of: Callable[[PlanResult], list[str | None] | None] | None) -> None:
    """Write each plan's carried-over content, in a pass over the plans of ``result`` (``None``: no plan carries
    any), one plan at a time."""
    if result is None:
        out.write("<h2>Carried-over content</h2><p>No plan has content carried over.</p>")
        return
    out.write("<h2>Carried-over content</h2><p>Content no standard field could hold is kept in each plan's "
              "appendix; a person should move each item to its section. Where it came from and why:</p>")
    for plan in result.iter_plans():
        if not plan.carried:
            continue
        label = plan.plan_reference + (f" ({names.get(plan.stem, '')})" if names is not None else "")
        under = None if headings_of is None else _matching(plan, headings_of(plan))
        headers = ["Where", *(["Under heading"] if under is not None else []), "Why", "Probably section"]
        rows = ([entry.get("location") or "", *([under[index] or ""] if under is not None else []),
                 entry.get("reason") or "", entry.get("suggested_section") or ""]
                for index, entry in enumerate(plan.carried))
        out.write(f"<details><summary>{_e(label)}: {len(plan.carried)} item(s), "
                  f"<code>{_e(plan.stem)}</code></summary>")
        _write_table(out, headers, rows)
        out.write("</details>")


def _matching(plan: PlanResult, under: list[str | None] | None) -> list[str | None]:
    """Return ``under``, the heading of each of the plan's carried-over items; none at all when its report is
    missing or no longer matches its record (``under`` is ``None`` or of another length), rather than a wrong one."""
    return under if under is not None and len(under) == len(plan.carried) else [None] * len(plan.carried)


def _notes_section(notes: list[str]) -> str:
    if not notes:
        return ""
    return "<h2>Notes on this run</h2><ul>" + "".join(f"<li>{_e(note)}</li>" for note in notes) + "</ul>"


# -- names and writing -------------------------------------------------------------------------------------------


def _read_name(out_dir: Path, plan: PlanResult) -> str | None:
    """Return the child's name, read from the plan's JSON in the output folder (``None`` if it cannot be read)."""
    try:
        data = json.loads((Path(out_dir) / plan.files["json"]).read_text(encoding="utf-8"))
        name = data["personal_details"]["name"]
        return " ".join(part for part in (name.get("forename"), name.get("middle_names"), name.get("surname"))
                        if part)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _read_headings(out_dir: Path, plan: PlanResult) -> list[str | None] | None:
    """Return the heading each of the plan's carried-over items sat under (``None`` for none), in order, read from
    its ``.report.json`` in the output folder; ``None`` if that cannot be read."""
    try:
        data = json.loads((Path(out_dir) / plan.files["report_json"]).read_text(encoding="utf-8"))
        return [entry.get("heading") if isinstance(entry.get("heading"), str) else None
                for entry in data["carried_over"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def plan_names(result: BatchResult) -> dict[str, str]:
    """Return output name → the child's name, read from each converted plan's JSON in the output folder (a plan
    that cannot be read is left out)."""
    names = {}
    for plan in result.iter_plans():
        if (name := _read_name(result.out_dir, plan)) is not None:
            names[plan.stem] = name
    return names


def plan_headings(result: BatchResult) -> dict[str, list[str | None]]:
    """Return output name → the heading each carried-over item sat under (``None`` for none), in the order of the
    plan's carried-over items, read from each converted plan's ``.report.json`` in the output folder (the batch's
    records never hold them: a heading can quote a child's name). A report that cannot be read is left out.
    (:func:`write_reports` reads each plan's headings only as it writes that plan's carried-over content.)"""
    headings = {}
    for plan in result.iter_plans():
        if (under := _read_headings(result.out_dir, plan)) is not None:
            headings[plan.stem] = under
    return headings


@contextlib.contextmanager
def _text_file(path: Path, encoding: str, durable: bool) -> Iterator[TextIO]:
    """Yield a text stream, in ``encoding``, into a temporary file renamed over ``path`` when the block ends
    (``_batch_files.atomic_stream``: an exception leaves ``path`` as it was and removes the temporary file)."""
    from ._batch_files import atomic_stream

    with atomic_stream(path, durable=durable) as binary:
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        try:
            yield text
        finally:
            text.detach()   # flushed into ``binary``, which atomic_stream syncs and renames (or removes)


def write_reports(result: BatchResult, *, show_names: bool = False, durable: bool = True) -> tuple[Path, Path]:
    """Write ``report.csv`` and ``report.html`` into the output folder, as streams; return their paths.
    ``show_names`` adds each child's name and the headings content was carried from, read from the plans' files.

    Two passes over the results: the first writes ``report.csv`` while gathering what ``report.html`` needs (and
    reading the names), the second writes the carried-over content into the page. Each report is renamed into
    place only once the page is complete, so a failure leaves both as they were."""
    out = Path(result.out_dir)
    csv_path, html_path = out / "report.csv", out / "report.html"
    names: dict[str, str] | None = {} if show_names else None
    gathered = _Gathered()

    def on_plan(plan: PlanResult) -> None:
        gathered.add(plan)
        if names is not None and (name := _read_name(out, plan)) is not None:
            names[plan.stem] = name

    with _text_file(csv_path, "utf-8-sig", durable) as csv_out:
        _write_csv(csv_out, result, names, on_plan)
        with _text_file(html_path, "utf-8", durable) as html_out:
            _write_html(html_out, result, gathered, names, partial(_read_headings, out) if show_names else None)
    return csv_path, html_path


__all__ = ["CSV_COLUMNS", "LOW_CONFIDENCE", "SKIPPED", "TRIAGE_SHOWN", "Triage", "attention_order", "needs_attention",
           "plan_headings", "plan_names", "report_csv", "report_html", "report_rows", "review_later", "triage",
           "write_reports"]
