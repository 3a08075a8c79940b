"""The ``ehcp`` command line: a thin layer that parses arguments, calls the library, prints and sets the exit code.

Data goes to stdout and diagnostics to stderr. Exit codes: 0 success, 1 findings (an invalid or unreadable plan)
or an error the library raised on purpose (``EhcpError``), 2 usage (bad arguments or options). Any other
exception is a bug and propagates with its traceback. Nothing in the package imports this module.

One function per command; add a command by writing a function decorated with ``@app.command()`` whose docstring
ends with an ``Example:`` line (a test fails otherwise).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import EhcpError
from .model.version import SCHEMA_VERSION
from .rules.engine import CheckReport, UnknownRuleError, check_paths, rules_in_order, select_rules
from .rules.report import (
    json_document,
    rule_dict,
    rules_markdown,
    rules_text,
    sarif_log,
    summary_line,
    write_text,
)
from .schema import schema_json, write_schema
from .validation import Problem, ValidationReport, validate_paths, validate_plan


class _Group(TyperGroup):
    """Turns an ``EhcpError`` from any command into its message on stderr and exit status 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except EhcpError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(1) from error


app = typer.Typer(
    cls=_Group,
    name="ehcp",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    """How ``ehcp validate`` reports: lines for people, or one JSON document for programs."""

    TEXT = "text"
    JSON = "json"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"ehcp-standard {__version__} (plan schema {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the package and schema versions and exit.",
        ),
    ] = False,
) -> None:
    """Work with England's standardised Education, Health and Care Plan (EHCP) as JSON.

    Example: ehcp validate plans/
    """


# -- validate --------------------------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PLAN_OR_FOLDER",
            help="Plan JSON files, or folders whose *.json files are all checked.",
            show_default=False,
        ),
    ],
    schema: Annotated[
        bool,
        typer.Option(
            "--schema/--no-schema",
            help="Also check each plan against the published JSON Schema (the default); --no-schema skips it.",
            show_default=False,
        ),
    ] = True,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", case_sensitive=False, help="text: a line per file; json: one JSON report."),
    ] = OutputFormat.TEXT,
) -> None:
    """Check that plan files are valid standardised EHC plans.

    Prints OK or FAIL for each file; under each failure, every problem with where it is (a JSON pointer such as
    /metadata/la_code, or a line and column for malformed JSON) and what was found. A summary goes to stderr.
    Exit status: 0 all valid, 1 any invalid or unreadable, 2 bad usage.

    Example: ehcp validate plans/ draft-plan.json --format json
    """
    reports = []
    for report in validate_paths(paths, check_schema=schema):
        reports.append(report)
        if output is OutputFormat.TEXT:
            _print_report(report)
    if output is OutputFormat.JSON:
        document = {"valid": all(r.valid for r in reports), "files": [r.as_dict() for r in reports]}
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    invalid = sum(not r.valid for r in reports)
    typer.echo(f"{_count(len(reports), 'file')}: {len(reports) - invalid} valid, {invalid} invalid", err=True)
    if invalid:
        raise typer.Exit(1)


def _print_report(report: ValidationReport) -> None:
    if report.valid:
        _print_line([("OK", "bold green"), (f"  {report.source}", "")])
        return
    summary = f" ({_count(len(report.problems), 'problem')})"
    _print_line([("FAIL", "bold red"), (f" {report.source}", ""), (summary, "")])
    for problem in report.problems:
        where, what = _problem_parts(problem)
        _print_line([("  ", ""), (where, "yellow"), (what, "")])


def _problem_parts(problem: Problem) -> tuple[str, str]:
    """Return (location, rest) of a problem line; a problem with the whole file has no location."""
    found = f" (found {problem.got})" if problem.got is not None else ""
    if problem.line:
        return f"line {problem.line}, column {problem.column}", f": {problem.message}{found}"
    if problem.pointer:
        return problem.pointer, f": {problem.message}{found}"
    return "", f"{problem.message}{found}"


def _print_line(parts: list[tuple[str, str]]) -> None:
    """Print one line to stdout, coloured with rich only when stdout is a terminal."""
    if not sys.stdout.isatty():
        typer.echo("".join(text for text, _ in parts))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=sys.stdout, soft_wrap=True, highlight=False, markup=False, emoji=False)
    console.print(Text.assemble(*parts))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# -- schema ----------------------------------------------------------------------------------------------------


@app.command("schema")
def schema_command(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write, or folder to write the schema file into (a path ending in / is a folder, "
            "created if need be). Default: stdout.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the published JSON Schema of a plan (Draft 2020-12), or write it to a file or folder.

    Example: ehcp schema -o schemas/
    """
    text = schema_json()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        target = write_schema(output)
    except OSError as error:
        reason = error.strerror or str(error)
        typer.echo(
            f"Error: cannot write {error.filename or output} ({reason}); check that its folder exists and is "
            "writable",
            err=True,
        )
        raise typer.Exit(1) from error
    typer.echo(f"Wrote the plan schema {SCHEMA_VERSION} to {target}", err=True)


# -- check -----------------------------------------------------------------------------------------------------


class CheckFormat(str, Enum):
    """How ``ehcp check`` reports: text for people, one JSON document, or a SARIF 2.1.0 log for code scanning."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


def _as_of_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01") from error


def _rule_selectors(value: list[str] | None) -> list[str] | None:
    """Split comma-separated rule ids and check that each matches a rule (a usage error otherwise)."""
    if value is None:
        return None
    selectors = [part.strip() for item in value for part in item.split(",") if part.strip()]
    try:
        select_rules(selectors)
    except UnknownRuleError as error:
        raise typer.BadParameter(str(error)) from error
    return selectors


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PLAN_OR_FOLDER",
            help="Plan JSON files, or folders whose *.json files are all checked.",
            show_default=False,
        ),
    ],
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="text: findings grouped by section; json: one JSON report; sarif: a SARIF 2.1.0 log.",
        ),
    ] = CheckFormat.TEXT,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            parser=_as_of_date,
            help="Judge the time-based rules (reviews, timescales, age) on this date, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="IDS",
            callback=_rule_selectors,
            help="Run only these rules: ids or id prefixes, comma-separated or repeated (EHCP-F001,EHCP-T).",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="IDS",
            callback=_rule_selectors,
            help="Skip these rules: ids or id prefixes, comma-separated or repeated.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings as well as errors.", show_default=False)
    ] = False,
) -> None:
    """Check plan files against the statutory compliance rules (ehcp rules lists them, with their legal basis).

    Prints each file's findings grouped by section: severity, rule id, where (a JSON pointer), what is wrong and
    how to fix it, and the vague phrase where there is one. A plan that is not valid gets its validation problems
    instead, and only the identifier rules run on it. A summary goes to stderr. Word (.docx) plans cannot be
    checked yet. Exit status: 0 no errors, 1 errors (or warnings with --strict) or any invalid or unreadable
    file, 2 bad usage.

    Example: ehcp check plans/ --as-of 2026-09-01 --format sarif
    """
    reports: list[CheckReport] = []
    for report in check_paths(paths, as_of=as_of, select=select, ignore=ignore):
        reports.append(report)
        if output is CheckFormat.TEXT:
            write_text([report], sys.stdout)
    if output is CheckFormat.JSON:
        typer.echo(json.dumps(json_document(reports), indent=2, ensure_ascii=False))
    elif output is CheckFormat.SARIF:
        typer.echo(json.dumps(sarif_log(reports), indent=2, ensure_ascii=False))
    typer.echo(summary_line(reports), err=True)
    if any(report.failed(strict=strict) for report in reports):
        raise typer.Exit(1)


# -- rules -----------------------------------------------------------------------------------------------------


class RulesFormat(str, Enum):
    """How ``ehcp rules`` lists the rules: a line each, JSON, or the Markdown table of the README."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command("rules")
def rules_command(
    output: Annotated[
        RulesFormat,
        typer.Option(
            "--format", case_sensitive=False, help="text: a line per rule; json: a list; markdown: the README table."
        ),
    ] = RulesFormat.TEXT,
) -> None:
    """List every compliance rule: id, severity, section, title and legal basis, by section in template order.

    Severity error means unlawful or unenforceable, or data that is certainly wrong; warning means poor practice
    or a heuristic for a person to judge. Ids are stable and never reused.

    Example: ehcp rules --format markdown
    """
    if output is RulesFormat.JSON:
        typer.echo(json.dumps([rule_dict(r) for r in rules_in_order()], indent=2, ensure_ascii=False))
    elif output is RulesFormat.MARKDOWN:
        typer.echo(rules_markdown(), nl=False)
    else:
        typer.echo(rules_text(), nl=False)


# -- render ----------------------------------------------------------------------------------------------------


@app.command("render")
def render_command(
    plan_path: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="The plan to render.", show_default=False)
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT.docx",
            help="The Word file to write, or a folder to write it into (an existing folder, or a path ending in /). "
            "Default: the plan's name with .docx, beside it.",
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF beside the .docx, converted by LibreOffice (soffice).")
    ] = False,
    la_name: Annotated[
        str | None,
        typer.Option("--la-name", metavar="NAME", help="The council's name as the header and cover show it.",
                     show_default=False),
    ] = None,
    la_logo: Annotated[
        Path | None,
        typer.Option("--la-logo", metavar="LOGO.png", help="The council's logo for the header: PNG or JPEG, "
                     "at most 1 MB and 4000 pixels across.", show_default=False),
    ] = None,
) -> None:
    """Render a plan as a Word document in the national standardised layout, and optionally as a PDF.

    The plan is validated first; an invalid plan is not rendered and every problem is listed. The document
    carries the plan's JSON inside it, so it can be read back exactly. The council's name and logo change what
    the header shows, never the document's structure. Exit status: 0 written, 1 invalid plan, bad logo or failed
    conversion, 2 bad usage.

    Example: ehcp render examples/primary-autism-final.json -o theo.docx --pdf
    """
    from .render import RenderOptions, convert_to_pdf, load_logo, render_docx  # Word libraries load only here

    report = validate_plan(plan_path)
    if not report.valid:
        typer.echo(f"Error: {report.source} is not a valid plan, so it was not rendered:", err=True)
        for problem in report.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1)
    options = RenderOptions(la_name=la_name, logo=load_logo(la_logo) if la_logo else None)
    target = _render_target(plan_path, output)
    _write_bytes(target, render_docx(report.plan, options))
    typer.echo(f"Wrote {target}", err=True)
    if pdf:
        typer.echo(f"Wrote {convert_to_pdf(target)}", err=True)


def _render_target(plan_path: Path, output: str | None) -> Path:
    """Return where ``ehcp render`` writes: ``output``, inside it if it is a folder, or beside the plan."""
    if output is None:
        return plan_path.with_suffix(".docx")
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output) / f"{plan_path.stem}.docx"
    return Path(output)


def _write_bytes(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as error:
        reason = error.strerror or str(error)
        typer.echo(f"Error: cannot write {target} ({reason}); check that its folder is writable", err=True)
        raise typer.Exit(1) from error


def main() -> None:
    """Run the ``ehcp`` command line (the console script's entry point)."""
    app(prog_name="ehcp")


if __name__ == "__main__":
    main()
