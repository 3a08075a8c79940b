"""Reports of compliance checks, and the list of rules, in the forms people and programs read.

- Check reports: text grouped by section for people (coloured only on a terminal), one JSON document, or a SARIF
  2.1.0 log for code-scanning tools.
- The rule list: text, JSON, or the Markdown table that the README carries between ``<!-- rules:start -->`` and
  ``<!-- rules:end -->``. ``python -m ehcp_standard.rules.report --write-readme README.md`` rewrites that block from
  the registry; ``--check-readme README.md`` exits 1 if it is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..validation import Problem
from .engine import SECTIONS, CheckReport, Finding, Rule, Severity, rules_in_order

#: One piece of a line of text output: (text, rich style; "" for none).
Part = tuple[str, str]
Line = list[Part]

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}
STATUS_STYLES = {"FAIL": "bold red", "WARN": "bold yellow", "OK": "bold green"}
_EXCERPT_CONTEXT = 30


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# -- text ------------------------------------------------------------------------------------------------------


def status(report: CheckReport) -> str:
    """Return FAIL (validation problems or errors), WARN (warnings only) or OK (no findings) for a report."""
    if report.problems or report.count(Severity.ERROR):
        return "FAIL"
    return "WARN" if report.findings else "OK"


def report_lines(report: CheckReport) -> list[Line]:
    """Return the text lines of one report: a header, the validation problems and notes, then the findings
    under a heading per section, in template order."""
    lines = [_header(report)]
    lines += [[("  ", ""), (str(problem), "")] for problem in report.problems]
    lines += [[("  note: ", "dim"), (note, "")] for note in report.notes]
    for section, findings in groupby(report.findings, key=lambda f: f.section):
        lines.append([("  ", ""), (SECTIONS.get(section, section), "bold underline")])
        for finding in findings:
            lines += _finding_lines(finding, report.data)
    return lines


def _header(report: CheckReport) -> Line:
    word = status(report)
    if word == "OK":
        return [("OK", STATUS_STYLES[word]), (f"  {report.source}", "")]
    parts = [_count(len(report.problems), "problem")] if report.problems else []
    parts += [_count(n, severity) for severity, n in report.counts().items() if n]
    return [(word, STATUS_STYLES[word]), (f" {report.source} ({', '.join(parts)})", "")]


def _finding_lines(finding: Finding, data: Any) -> list[Line]:
    first = [
        ("    ", ""),
        (f"{finding.severity.value:<7}", SEVERITY_STYLES[finding.severity]),
        ("  ", ""),
        (f"{finding.rule_id:<10}", "bold"),
        ("  ", ""),
        (finding.pointer or "(the whole plan)", "cyan"),
    ]
    lines = [first, [("      ", ""), (finding.message, "")]]
    if finding.phrase:
        lines.append([("      phrase: ", "dim"), *_phrase_parts(finding, text_at(data, finding.pointer))])
    return lines


def _phrase_parts(finding: Finding, text: str | None) -> list[Part]:
    """Return the phrase highlighted, inside an excerpt of the text it is in when its span can be shown."""
    phrase = finding.phrase or ""
    span = finding.span
    if text is None or span is None or text[span[0] : span[1]] != phrase:
        return [(f"[{phrase}]", "bold reverse")]
    start, end = span
    before, after = _one_line(text[:start]), _one_line(text[end:])
    if len(before) > _EXCERPT_CONTEXT:
        before = _clip_start(before)
    if len(after) > _EXCERPT_CONTEXT:
        after = _clip_end(after)
    return [(before, ""), (f"[{phrase}]", "bold reverse"), (after, "")]


def _clip_start(text: str) -> str:
    """Return the last words of ``text`` that fit the excerpt, after an ellipsis."""
    tail = text[-_EXCERPT_CONTEXT:]
    return "..." + (tail.split(" ", 1)[1] if " " in tail[:-1] else tail)


def _clip_end(text: str) -> str:
    """Return the first words of ``text`` that fit the excerpt, before an ellipsis."""
    head = text[:_EXCERPT_CONTEXT]
    return (head.rsplit(" ", 1)[0] if " " in head[1:] else head) + "..."


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def text_at(data: Any, pointer: str) -> str | None:
    """Return the string at JSON ``pointer`` in ``data``, or ``None`` if there is none."""
    node = data
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node if isinstance(node, str) else None


def write_text(reports: Iterable[CheckReport], stream: TextIO) -> None:
    """Write the text of each report to ``stream``, with severity colours only if ``stream`` is a terminal."""
    console = _console(stream)
    for report in reports:
        for line in report_lines(report):
            if console is None:
                stream.write("".join(text for text, _ in line) + "\n")
            else:
                from rich.text import Text

                console.print(Text.assemble(*line))


def _console(stream: TextIO) -> Any:
    if not stream.isatty():
        return None
    from rich.console import Console

    return Console(file=stream, soft_wrap=True, highlight=False, markup=False, emoji=False)


def summary_line(reports: Sequence[CheckReport]) -> str:
    """Return the one-line summary of a run: files, errors, warnings and files that could not be fully checked."""
    errors = sum(r.count(Severity.ERROR) for r in reports)
    warnings = sum(r.count(Severity.WARNING) for r in reports)
    line = f"{_count(len(reports), 'file')}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    invalid = sum(not r.valid for r in reports)
    if invalid:
        line += f"; {invalid} invalid or unreadable (not every rule could run)"
    return line


# -- JSON ------------------------------------------------------------------------------------------------------


def summary(reports: Sequence[CheckReport]) -> dict[str, int]:
    """Return the counts over a run: files, errors, warnings, invalid (or unreadable) files and clean files."""
    return {
        "files": len(reports),
        "errors": sum(r.count(Severity.ERROR) for r in reports),
        "warnings": sum(r.count(Severity.WARNING) for r in reports),
        "invalid": sum(not r.valid for r in reports),
        "clean": sum(r.valid and not r.findings for r in reports),
    }


def json_document(reports: Sequence[CheckReport]) -> dict[str, Any]:
    """Return the JSON report of a run: ``{"files": [each report], "summary": {counts}}``."""
    return {"files": [report.as_dict() for report in reports], "summary": summary(reports)}


# -- SARIF -----------------------------------------------------------------------------------------------------

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def sarif_log(reports: Sequence[CheckReport]) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log of a run: one run whose driver lists every rule (with its legal basis), a result
    per finding located by file and JSON pointer, and a tool notification per validation problem."""
    rules = rules_in_order()
    index = {r.id: position for position, r in enumerate(rules)}
    results = [_sarif_result(f, report.source, index) for report in reports for f in report.findings]
    notices = [_sarif_notification(p, report.source) for report in reports for p in report.problems]
    run = {
        "tool": {"driver": {"name": "ehcp-standard", "version": __version__, "rules": [_sarif_rule(r) for r in rules]}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notices}],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    basis = f"Basis: {rule.basis}."
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}. {basis}"},
        "help": {"text": basis},
        "defaultConfiguration": {"level": rule.severity.value, "enabled": not rule.retired},
        "properties": {"section": rule.section, "basis": rule.basis, "unverified": rule.unverified},
    }


def _sarif_result(finding: Finding, source: str, index: dict[str, int]) -> dict[str, Any]:
    result = {
        "ruleId": finding.rule_id,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [_sarif_location(source, finding.pointer)],
        "properties": {"section": finding.section},
    }
    if finding.rule_id in index:
        result["ruleIndex"] = index[finding.rule_id]
    if finding.phrase:
        result["properties"]["phrase"] = finding.phrase
    return result


def _sarif_notification(problem: Problem, source: str) -> dict[str, Any]:
    found = f" (found {problem.got})" if problem.got is not None else ""
    location = _sarif_location(source, problem.pointer)
    if problem.line:
        location["physicalLocation"]["region"] = {"startLine": problem.line, "startColumn": problem.column or 1}
    return {"level": "error", "message": {"text": f"{problem.message}{found}"}, "locations": [location]}


def _sarif_location(source: str, pointer: str) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(source)}}}
    if pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": pointer}]
    return location


def artifact_uri(source: str) -> str:
    """Return the SARIF artifact URI of a plan file: a ``file://`` URI for an absolute path, else the relative
    path with forward slashes, percent-encoded."""
    path = Path(source)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


# -- the rule list ---------------------------------------------------------------------------------------------


def rule_dict(rule: Rule) -> dict[str, Any]:
    """Return a rule's description as a JSON-ready dict."""
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "section": rule.section,
        "title": rule.title,
        "basis": rule.basis,
        "applies_to": rule.applies_to,
        "unverified": rule.unverified,
        "retired": rule.retired,
    }


def rules_text(rules: Sequence[Rule] | None = None) -> str:
    """Return a line per rule: id, severity, section, title and basis."""
    rules = rules_in_order() if rules is None else rules
    return "".join(
        f"{r.id:<10}  {r.severity.value:<7}  {r.section:<16}  {_title(r)}  [{_basis(r)}]\n" for r in rules
    )


def rules_markdown(rules: Sequence[Rule] | None = None) -> str:
    """Return the Markdown table of the rules (the README's rule table), ending with a line break."""
    rules = rules_in_order() if rules is None else rules
    lines = ["| Id | Severity | Section | Rule | Basis |", "|---|---|---|---|---|"]
    lines += [
        f"| {r.id} | {r.severity.value} | {r.section} | {_cell(_title(r))} | {_cell(_basis(r))} |" for r in rules
    ]
    return "\n".join(lines) + "\n"


def _title(rule: Rule) -> str:
    return f"(retired) {rule.title}" if rule.retired else rule.title


def _basis(rule: Rule) -> str:
    unverified = rule.unverified and "UNVERIFIED" not in (rule.title + rule.basis).upper()
    return f"{rule.basis} [UNVERIFIED]" if unverified else rule.basis


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- the README block ------------------------------------------------------------------------------------------

README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"
_README_BLOCK = re.compile(re.escape(README_START) + r"\n(.*?)" + re.escape(README_END), flags=re.DOTALL)


def readme_block(readme: str) -> str:
    """Return the text between the rule-table markers of a README; raise ``ValueError`` if they are missing."""
    found = _README_BLOCK.search(readme)
    if not found:
        raise ValueError(f"the README has no rule table: add a line {README_START} and a line {README_END}")
    return found.group(1)


def write_readme(path: str | Path) -> bool:
    """Rewrite the rule table in the README at ``path`` from the registry; return whether it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    readme_block(text)
    updated = _README_BLOCK.sub(lambda _: f"{README_START}\n{rules_markdown()}{README_END}", text, count=1)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (``--write-readme``) or check (``--check-readme``) a README's rule table; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m ehcp_standard.rules.report", description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-readme", metavar="README", help="rewrite the rule table in this README")
    group.add_argument("--check-readme", metavar="README", help="exit 1 if this README's rule table is out of date")
    args = parser.parse_args(argv)
    if args.write_readme:
        changed = write_readme(args.write_readme)
        print(f"{args.write_readme}: rule table {'rewritten' if changed else 'already up to date'}", file=sys.stderr)
        return 0
    current = readme_block(Path(args.check_readme).read_text(encoding="utf-8")) == rules_markdown()
    if not current:
        print(f"{args.check_readme}: the rule table is out of date; run with --write-readme", file=sys.stderr)
    return 0 if current else 1


if __name__ == "__main__":
    raise SystemExit(main())
