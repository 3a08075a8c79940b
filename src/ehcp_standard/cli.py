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
from collections.abc import Iterator
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


# -- arguments and options several commands share ------------------------------------------------------------


def _argument(metavar: str, help: str) -> Any:
    """Return a positional argument shown as ``metavar`` in the help."""
    return typer.Argument(metavar=metavar, help=help, show_default=False)


def _option(*names: str, help: str, metavar: str | None = None, **settings: Any) -> Any:
    """Return an option called ``names`` whose value the help shows as ``metavar``. Its help says the default in
    words where that needs saying, so the help shows no ``[default: ...]``."""
    return typer.Option(*names, metavar=metavar, help=help, show_default=False, **settings)


def _format_option(help: str) -> Any:
    """Return a command's ``--format`` option, whose choices match in any case."""
    return typer.Option("--format", case_sensitive=False, help=help)


def _as_of_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01") from error


def _date_option(name: str, help: str) -> Any:
    """Return an option ``name`` taking a date, YYYY-MM-DD (anything else is a usage error)."""
    return _option(name, metavar="DATE", parser=_as_of_date, help=help)


#: The plans of a caseload, as ``ehcp sen2`` and ``ehcp indicators`` take them.
CaseloadPaths = Annotated[
    list[Path], _argument("PLANS", "Plan JSON files, or folders whose *.json files are all read.")
]


# -- validate --------------------------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[
        list[Path], _argument("PLAN_OR_FOLDER", "Plan JSON files, or folders whose *.json files are all checked.")
    ],
    schema: Annotated[
        bool,
        _option(
            "--schema/--no-schema",
            help="Also check each plan against the published JSON Schema (the default); --no-schema skips it.",
        ),
    ] = True,
    output: Annotated[
        OutputFormat, _format_option("text: a line per file; json: one JSON report.")
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
        _option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write, or folder to write the schema file into (a path ending in / is a folder, "
            "created if need be). Default: stdout.",
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


def _rule_ids_option(name: str, help: str) -> Any:
    """Return an option ``name`` taking rule ids or id prefixes (one that matches no rule is a usage error)."""
    return _option(name, metavar="IDS", callback=_rule_selectors, help=help)


@app.command()
def check(
    paths: Annotated[
        list[Path],
        _argument(
            "PLAN_OR_FOLDER", "Plan JSON files or Word (.docx) plans, or folders whose *.json files are all checked."
        ),
    ],
    output: Annotated[
        CheckFormat,
        _format_option("text: findings grouped by section; json: one JSON report; sarif: a SARIF 2.1.0 log."),
    ] = CheckFormat.TEXT,
    as_of: Annotated[
        dt.date | None,
        _date_option(
            "--as-of",
            "Judge the time-based rules (reviews, timescales, age) on this date, YYYY-MM-DD. Default: today.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        _rule_ids_option(
            "--select", "Run only these rules: ids or id prefixes, comma-separated or repeated (EHCP-F001,EHCP-T)."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        _rule_ids_option("--ignore", "Skip these rules: ids or id prefixes, comma-separated or repeated."),
    ] = None,
    strict: Annotated[bool, _option("--strict", help="Fail on warnings as well as errors.")] = False,
) -> None:
    """Check plan files against the statutory compliance rules (ehcp rules lists them, with their legal basis).

    Prints each file's findings grouped by section: severity, rule id, where (a JSON pointer), what is wrong and
    how to fix it, and the vague phrase where there is one. A plan that is not valid gets its validation problems
    instead, and only the identifier rules run on it. A Word (.docx) plan is read first (its embedded plan,
    else the plan its page shows, as ehcp read does), and the section letters its headings show are checked too.
    A summary goes to stderr. Exit status: 0 no errors, 1 errors (or warnings with --strict) or any invalid or
    unreadable file, 2 bad usage.

    Example: ehcp check plans/ --as-of 2026-09-01 --format sarif
    """
    reports: list[CheckReport] = []
    for report in _check_reports(paths, as_of=as_of, select=select, ignore=ignore):
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


def _check_reports(paths: list[Path], **options: Any) -> Iterator[CheckReport]:
    """Yield a check report for each path: a .docx file through the Word reader, the rest as plan JSON."""
    for path in paths:
        if path.suffix.lower() == ".docx" and not path.is_dir():
            yield _check_docx(path, **options)
        else:
            yield from check_paths([path], **options)


def _check_docx(path: Path, *, as_of: dt.date | None, select: Any, ignore: Any) -> CheckReport:
    """Read a Word plan and check it, with the section letters its headings show (EHCP-S001, EHCP-S003)."""
    from .errors import DocumentError
    from .read import read_docx  # Word libraries load only here
    from .rules import CheckContext, check_plan

    source = os.fspath(path)
    try:
        result = read_docx(path)
    except DocumentError as error:
        return CheckReport(source, problems=[Problem("", str(error).removeprefix(f"{source}: "))], complete=False)
    context = CheckContext(document_sections=result.document_sections)
    findings = check_plan(result.plan, as_of=as_of, select=select, ignore=ignore, context=context)
    notes = [f"read from the Word document's {result.read_from} plan"]
    if result.edited:
        notes.append(f"the document was edited after it was rendered ({'; '.join(result.edited_sections())}); the "
                     "embedded plan was checked, and 'ehcp read --visible' gives the plan its page shows")
    return CheckReport(source, findings, notes=notes, data=result.plan.model_dump(mode="json", exclude_none=True))


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
        _format_option("text: a line per rule; json: a list; markdown: the README table."),
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
    plan_path: Annotated[Path, _argument("PLAN.json", "The plan to render.")],
    output: Annotated[
        str | None,
        _option(
            "--output",
            "-o",
            metavar="OUT.docx",
            help="The Word file to write, or a folder to write it into (an existing folder, or a path ending in /). "
            "Default: the plan's name with .docx, beside it.",
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF beside the .docx, converted by LibreOffice (soffice).")
    ] = False,
    la_name: Annotated[
        str | None,
        _option("--la-name", metavar="NAME", help="The council's name as the header and cover show it."),
    ] = None,
    la_logo: Annotated[
        Path | None,
        _option("--la-logo", metavar="LOGO.png", help="The council's logo for the header: PNG or JPEG, at most 1 MB "
                "and 4000 pixels across."),
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


# -- read ------------------------------------------------------------------------------------------------------


class ReadFormat(str, Enum):
    """How ``ehcp read`` reports: the plan's JSON (diagnostics on stderr), or one JSON report."""

    TEXT = "text"
    JSON = "json"


@app.command("read")
def read_command(
    docx_path: Annotated[
        Path,
        _argument(
            "PLAN.docx|PACK.zip",
            "The Word document of a plan, or a transfer pack (read once every file in it verifies).",
        ),
    ],
    output: Annotated[
        Path | None,
        _option("--output", "-o", metavar="PLAN.json", help="Write the plan's JSON to this file instead of stdout."),
    ] = None,
    visible: Annotated[
        bool, typer.Option("--visible", help="Give the plan the page shows (its visible layout), not the embedded "
                           "one.")
    ] = False,
    output_format: Annotated[
        ReadFormat,
        _format_option("text: the plan's JSON, differences and warnings on stderr; json: one JSON report (plan, "
                       "differences, warnings, document sections)."),
    ] = ReadFormat.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if the document was edited after it was rendered.")
    ] = False,
) -> None:
    """Read a plan back from its Word document (the plan embedded in it, else the plan its page shows), or from
    a transfer pack another council sent.

    The embedded plan is exactly the plan that was rendered. The page is read too, and each place where it
    differs is listed on stderr by section: edited (someone changed the document after it was rendered) or not
    shown (a detail the page cannot show). Warnings say where in the file something odd was found. Exit status:
    0 read (differences are listed, not failures), 1 not a readable plan, or an unsafe, encrypted or unreadable
    file (or, with --strict, a document edited after rendering), 2 bad usage.

    Example: ehcp read theo.docx -o theo.json --strict
    """
    if docx_path.suffix.lower() == ".zip":
        _read_transfer_pack(docx_path, output)
        return
    from .read import read_docx  # Word libraries load only here

    result = read_docx(docx_path, prefer="visible" if visible else "embedded")
    if output is not None:
        _write_bytes(output, (result.plan.to_json() + "\n").encode("utf-8"))
    if output_format is ReadFormat.JSON:
        typer.echo(json.dumps(result.as_dict(with_plan=output is None), indent=2, ensure_ascii=False))
    else:
        if output is None:
            typer.echo(result.plan.to_json())
        for line in [*(f"difference: {d}" for d in result.differences), *(f"warning: {w}" for w in result.warnings)]:
            typer.echo(f"  {line}", err=True)
    typer.echo(_read_summary(result, output), err=True)
    if strict and result.edited:
        raise typer.Exit(1)


def _read_transfer_pack(pack: Path, output: Path | None) -> None:
    """Print (or write) the plan in a transfer pack, once every file in it has verified."""
    from .transfer_pack import read_pack  # Word libraries load only here

    plan = read_pack(pack)
    text = plan.to_json()
    if output is None:
        typer.echo(text)
    else:
        _write_bytes(output, (text + "\n").encode("utf-8"))
    written = f"; wrote {output}" if output is not None else ""
    typer.echo(f"{pack}: read from a verified transfer pack (plan {plan.metadata.plan_reference}, "
               f"LA {plan.metadata.la_code}, version {plan.metadata.version}){written}", err=True)


def _read_summary(result: Any, output: Path | None) -> str:
    """Return the one-line summary of ``ehcp read``."""
    parts = [f"{result.source}: read from its {result.read_from} plan"]
    if result.edited:
        parts.append(f"edited after rendering in {'; '.join(result.edited_sections())}")
    elif result.embedded is not None and result.visible is not None:
        parts.append("the page matches it")
    hidden = sum(d.kind == "not_shown" for d in result.differences)
    if hidden:
        parts.append(f"{_count(hidden, 'detail')} the page cannot show")
    parts.append(_count(len(result.warnings), "warning"))
    written = f"; wrote {output}" if output is not None else ""
    return "; ".join(parts) + written


# -- transfer --------------------------------------------------------------------------------------------------


def _plan_from_file(path: Path) -> Any:
    """Return the plan in a plan .json file or a standard .docx (the Word reader, else the embedded plan); print
    every problem and exit 1 if it is not a valid plan."""
    if path.suffix.lower() == ".docx":
        return _plan_from_docx(path)
    report = validate_plan(path)
    if not report.valid:
        typer.echo(f"Error: {report.source} is not a valid plan:", err=True)
        for problem in report.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1)
    return report.plan


def _plan_from_docx(path: Path) -> Any:
    try:
        from .read import read_docx  # the Word reader, where it is installed
    except ImportError:
        read_docx = None
    if read_docx is not None:
        plan = read_docx(path).plan
    else:
        from .render import extract_embedded_plan

        text = extract_embedded_plan(_read_file(path), source=os.fspath(path))
        plan = validate_plan(text.encode("utf-8"), source=os.fspath(path)).plan if text is not None else None
    if plan is None:
        typer.echo(f"Error: {path} holds no readable standard plan; give the plan's .json instead", err=True)
        raise typer.Exit(1)
    return plan


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        typer.echo(f"Error: cannot read {path} ({error.strerror or error}); check the path", err=True)
        raise typer.Exit(1) from error


def _print_verify(report: Any) -> None:
    if report.ok:
        typer.echo(f"OK  {report.source} ({_count(len(report.files), 'file')})")
        return
    typer.echo(f"FAIL {report.source} ({_count(len(report.problems), 'problem')})")
    for problem in report.problems:
        typer.echo(f"  {problem}")


def _verify_command(pack: Path, given: list[str]) -> None:
    from .transfer_pack import verify_pack

    if given:
        raise typer.BadParameter(f"--verify checks a pack on its own; leave out {', '.join(given)}")
    report = verify_pack(pack)
    _print_verify(report)
    if not report.ok:
        typer.echo(f"{pack}: failed verification; ask the sending council for a new pack", err=True)
        raise typer.Exit(1)


def _print_transfer(result: Any) -> None:
    from .model.la_codes import la_name as council_name

    meta = result.plan.metadata
    typer.echo(f"Transferred {meta.plan_reference} from {council_name(result.from_la)} ({result.from_la}) to "
               f"{council_name(result.to_la)} ({result.to_la}) on {result.transferred_on}: now version {meta.version}.")
    for deadline in result.deadlines:
        flag = " [UNVERIFIED]" if deadline.unverified else ""
        typer.echo(f"  {deadline.due}  {deadline.who}: {deadline.what}{flag}\n              ({deadline.explanation})")
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)


@app.command("transfer")
def transfer_command(
    plan_path: Annotated[
        Path | None,
        _argument("PLAN", "The plan to transfer: a plan .json, or a standard .docx with the plan embedded."),
    ] = None,
    to_la: Annotated[
        str | None,
        _option("--to-la", metavar="CODE", help="Three-digit DfE code of the council the family moved to."),
    ] = None,
    move_date: Annotated[
        dt.date | None,
        _date_option("--move-date", "Day of the move, YYYY-MM-DD."),
    ] = None,
    notice_date: Annotated[
        dt.date | None,
        _date_option("--notice-date", "Day the old council learned of the move, YYYY-MM-DD. Default: not recorded "
                     "(taken as at least 15 working days' notice)."),
    ] = None,
    transferred_on: Annotated[
        dt.date | None,
        _date_option("--transferred-on", "Day the plan passed to the new council, YYYY-MM-DD. Default: the day of the "
                     "move."),
    ] = None,
    reference: Annotated[
        str | None,
        _option("--reference", metavar="REF", help="The new council's reference for the plan. Default: keep the old "
                "one."),
    ] = None,
    output: Annotated[
        Path | None,
        _option("--output", "-o", metavar="PACK.zip", help="The transfer pack to write. Default: "
                "PLAN-transfer-CODE.zip beside the plan."),
    ] = None,
    verify: Annotated[
        Path | None,
        _option("--verify", metavar="PACK", help="Check a transfer pack instead of making one: every file's SHA-256 "
                "and size, nothing missing or extra, safe names, the embedded plan equal to plan.json."),
    ] = None,
) -> None:
    """Move a plan to the council a family moved to and write a transfer pack; or check a pack with --verify.

    Makes the next version of the plan, maintained by the new council, with the transfer recorded in its event
    log and history, and prints the statutory deadlines: when the old council must pass the plan on, when the new
    council must tell the family whether it will review or reassess (6 weeks), and when the next review is due.
    Working days skip weekends and England's bank holidays. The deadline rules are [UNVERIFIED] (see
    ehcp_standard.transfer). The pack is one zip: the standard .docx with the plan embedded, the plan JSON, the
    advice list, the deadlines and a manifest of SHA-256 hashes. A receiving council checks it with --verify.
    Exit status: 0 written (or pack intact), 1 invalid plan, plan that cannot move, or pack that fails
    verification, 2 bad usage.

    Example: ehcp transfer examples/primary-autism-final.json --to-la 330 --move-date 2027-01-04 -o theo-pack.zip
    """
    given = {"PLAN": plan_path, "--to-la": to_la, "--move-date": move_date, "--notice-date": notice_date,
             "--transferred-on": transferred_on, "--reference": reference, "--output": output}
    if verify is not None:
        _verify_command(verify, [name for name, value in given.items() if value is not None])
        return
    missing = [name for name in ("PLAN", "--to-la", "--move-date") if given[name] is None]
    if missing:
        raise typer.BadParameter(f"give {', '.join(missing)} (or --verify PACK to check a pack)")
    _transfer_and_pack(plan_path, to_la, move_date, notice_date, transferred_on, reference, output)


def _transfer_and_pack(plan_path: Path, to_la: str, move_date: dt.date, notice_date: dt.date | None,
                       transferred_on: dt.date | None, reference: str | None, output: Path | None) -> None:
    from .model.la_codes import la_name as council_name
    from .render import RenderOptions
    from .transfer import transfer_plan
    from .transfer_pack import write_pack

    plan = _plan_from_file(plan_path)
    result = transfer_plan(plan, to_la=to_la, move_date=move_date, notice_date=notice_date, on=transferred_on,
                           reference=reference)
    target = output or plan_path.with_name(f"{plan_path.stem}-transfer-{to_la}.zip")
    write_pack(result, target, options=RenderOptions(la_name=council_name(to_la)))
    _print_transfer(result)
    typer.echo(f"Wrote {target}", err=True)


# -- sen2 and indicators ----------------------------------------------------------------------------------------


def _plans_from(paths: list[Path]) -> list[Any]:
    """Return the valid plans in the files and folders ``paths``; if any is invalid or unreadable, list every
    problem and exit 1 (nothing is written from a caseload with a bad file)."""
    from .validation import plan_files

    files = plan_files(paths)
    reports = [validate_plan(path) for path in files]
    bad = [report for report in reports if not report.valid]
    for report in bad:
        typer.echo(f"Error: {report.source} is not a valid plan:", err=True)
        for problem in report.problems:
            typer.echo(f"  {problem}", err=True)
    if not files:
        typer.echo("Error: no *.json plan files found; name plan files, or folders that hold some", err=True)
        raise typer.Exit(1)
    if bad:
        typer.echo(f"Error: {_count(len(bad), 'file')} not valid; fix or remove them and run again (nothing was "
                   "written)", err=True)
        raise typer.Exit(1)
    return [report.plan for report in reports]


@app.command("sen2")
def sen2_command(
    paths: CaseloadPaths,
    year: Annotated[
        int, _option("--year", metavar="YYYY", help="The collection year, e.g. 2027 (reporting on 2026).")
    ],
    output: Annotated[
        Path,
        _option("--output", "-o", metavar="DIR", help="Folder to write the CSV files into (created if need be)."),
    ],
    la_code: Annotated[
        str | None,
        _option("--la", metavar="CODE", help="The council whose return this is. Default: the one council that "
                "maintains every plan given."),
    ] = None,
) -> None:
    """Write a council's SEN2 person-level return from its plans: one CSV per module, and what is missing.

    Writes the header and the modules (person, requests, assessment, named plan, plan detail, active plans,
    placement detail, SEN need) with the field names of the SEN2 2025 guide v1.4, from the plans' data and event
    logs; no narrative content. missing.csv lists every plan lacking a field the return needs, excluded.csv every
    plan left out and why. Code values the reference does not give are [UNVERIFIED] (see ehcp_standard.sen2):
    confirm them before submitting. Exit status: 0 written and complete, 1 written with missing fields, or an
    invalid plan (nothing written), 2 bad usage.

    Example: ehcp sen2 plans/ --year 2027 -o sen2-2027/
    """
    from .sen2 import MODULE_TITLES, export_sen2

    export = export_sen2(_plans_from(paths), year=year, la_code=la_code)
    written = export.write(output)
    for item in export.missing:
        typer.echo(f"{item.plan_reference}: {MODULE_TITLES[item.module]} {item.field}: {item.message}")
    people = len(export.rows["person"])
    typer.echo(f"Wrote {_count(len(written), 'file')} to {output}: {_count(people, 'plan')} in council "
               f"{export.la_code}'s {year} return, {len(export.excluded)} excluded, "
               f"{_count(len(export.missing), 'missing field')}", err=True)
    if export.missing:
        raise typer.Exit(1)


class IndicatorsFormat(str, Enum):
    """How ``ehcp indicators`` reports: a self-contained HTML page, or JSON."""

    HTML = "html"
    JSON = "json"


@app.command("indicators")
def indicators_command(
    paths: CaseloadPaths,
    as_of: Annotated[
        dt.date | None, _date_option("--as-of", "Judge the caseload on this date, YYYY-MM-DD. Default: today.")
    ] = None,
    output: Annotated[
        Path | None, _option("--output", "-o", metavar="report.html", help="File to write. Default: stdout.")
    ] = None,
    output_format: Annotated[
        IndicatorsFormat, _format_option("html: a self-contained page with charts; json: data.")
    ] = IndicatorsFormat.HTML,
) -> None:
    """Report a caseload's key indicators, with charts: timeliness, reviews, mainstream placements and more.

    Counts plans by status and primary need; the share of new plans finalised within 20 weeks (with and without
    exceptions), of annual reviews on time, of plans naming a mainstream setting and of provision items fully
    quantified; the compliance rules most often failed; and the deadlines in the next 30 days. The HTML page has
    no scripts or external resources and shows plan references, never names. Exit status: 0 written, 1 an
    invalid plan (nothing written), 2 bad usage.

    Example: ehcp indicators plans/ --as-of 2027-06-30 -o report.html
    """
    from .indicators import compute_indicators, indicators_html

    plans = _plans_from(paths)
    workers = min(os.cpu_count() or 1, 8)
    ind = compute_indicators(plans, as_of=as_of or dt.date.today(), workers=workers)
    if output_format is IndicatorsFormat.JSON:
        text = json.dumps(ind.as_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = indicators_html(ind)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_bytes(output, text.encode("utf-8"))
    typer.echo(f"Wrote {output}: indicators of {_count(len(plans), 'plan')} on {ind.as_of}", err=True)


# -- convert ---------------------------------------------------------------------------------------------------


def _la_code_option(value: str | None) -> str | None:
    """Check ``--la-code`` is a current DfE code (a usage error otherwise)."""
    from .model.la_codes import explain_la_code, is_current_la_code

    if value is not None and not is_current_la_code(value):
        raise typer.BadParameter(f"{explain_la_code(value)}; give the council's current three-digit DfE code")
    return value


@app.command("convert")
def convert_command(
    paths: Annotated[
        list[Path],
        _argument("LEGACY_FILE_OR_FOLDER", "Legacy plans: Word .docx (or .docm) files or case-management exports "
                  "(.csv, .xlsx), or folders searched recursively for them."),
    ],
    output: Annotated[
        Path,
        _option("--output", "-o", metavar="OUT/", help="Folder to write into (created if need be): plans/ with each "
                "plan's .json, .docx, .report.json and .report.txt, then report.csv and report.html."),
    ],
    profile: Annotated[
        str | None,
        _option("--profile", metavar="NAME|FILE", help="The council layout profile: a built-in name (see 'ehcp "
                "profile list') or a .yaml file. Default: detect the closest one for each document."),
    ] = None,
    detect_with: Annotated[
        list[Path] | None,
        _option("--detect-with", metavar="PATH", help="A council's own profile (a .yaml file, or a folder of them) "
                "to detect among, before the built-in ones; repeatable. Not with --profile."),
    ] = None,
    la_code: Annotated[
        str | None,
        _option("--la-code", metavar="CODE", callback=_la_code_option, help="Three-digit DfE code of the council "
                "maintaining the plans, for plans that do not say."),
    ] = None,
    workers: Annotated[
        int | None,
        _option("--workers", metavar="N", min=1, help="Worker processes. Default: one per core."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip the inputs an earlier run with the same options into OUT/ "
                           "already converted (matched by content hash); convert only the rest."),
    ] = False,
    show_names: Annotated[
        bool, typer.Option("--show-names", help="Name each child in report.csv and report.html (by default "
                           "plans are shown by reference only)."),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", min=1, help="Stop a file's conversion after this long "
                            "and report it as timed out."),
    ] = 300.0,
    as_of: Annotated[
        dt.date | None,
        _date_option("--as-of", "Judge the converted plans' time-based compliance rules on this date, YYYY-MM-DD. "
                     "Default: today (on --resume, the earlier run's)."),
    ] = None,
) -> None:
    """Convert councils' legacy EHC plans into standard plans: one file, or folders of them in parallel.

    Each plan is written as JSON, as a Word document in the national standardised layout, and with its conversion
    report (what went where, what was carried over into the appendix and why, the compliance findings). Content
    that fits no standard field is kept, never dropped. Each input's failure (not a Word file, encrypted, unsafe
    such as a zip bomb, corrupt, not a plan, missing the child's name, date of birth or council) is reported with
    its reason and the batch goes on; a file with the same content as an earlier one is converted once. Other
    files in a folder (.doc, .pdf, .odt, .rtf…) are skipped: listed on stderr and in the reports, without failing
    the batch. Files are written atomically, so a killed run can be finished with --resume. Output lines and logs
    show file names and plan references, never names. Exit status: 0 every input converted, 1 any input failed,
    2 bad usage.

    Example: ehcp convert legacy-plans/ -o converted/ --profile per_area_tables --workers 4 --resume
    """
    from .batch import BatchOptions, prepare_batch

    missing = [os.fspath(path) for path in paths if not os.path.lexists(path)]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="LEGACY_FILE_OR_FOLDER")
    if profile is not None and detect_with:
        raise typer.BadParameter("--profile applies one profile to every file, so there is nothing to detect; give "
                                 "--profile or --detect-with, not both", param_hint="'--detect-with'")
    options = BatchOptions(profile=_convert_profile(profile), candidates=_detect_with(detect_with), la_code=la_code,
                           as_of=as_of, workers=workers, timeout=timeout, resume=resume, show_names=show_names)
    batch = prepare_batch(paths, output, options)
    if not batch.total:
        skipped = f"; {_skipped_line(batch.skipped, reported=False)}" if batch.skipped else ""
        typer.echo(f"Error: no .docx, .docm, .csv or .xlsx files found in {', '.join(map(os.fspath, paths))}; name "
                   f"legacy plan files, or folders that hold some{skipped}", err=True)
        raise typer.Exit(1)
    try:
        result = _run_with_progress(batch)
    except KeyboardInterrupt:
        typer.echo(f"\nInterrupted. Every plan written to {output} is complete; run the same command with --resume "
                   "to convert the rest.", err=True)
        raise typer.Exit(130) from None
    except OSError as error:
        typer.echo(f"Error: cannot write into {output} ({error.strerror or error}); check that it is a folder you "
                   "can write to", err=True)
        raise typer.Exit(1) from error
    _convert_summary(result)
    raise typer.Exit(result.exit_code)


def _convert_profile(name: str | None) -> Any:
    if name is None:
        return None
    from .convert.profile import load_profile

    return load_profile(name)


def _detect_with(paths: list[Path] | None) -> tuple[Any, ...]:
    """Return the council's own Word layout profiles of ``--detect-with`` (files, or folders of them), in order;
    a profile that cannot be loaded raises ``ProfileError`` naming its file."""
    if not paths:
        return ()
    from .convert.profile import builtin_profiles, detection_profiles

    builtin = builtin_profiles()
    return tuple(found for name, found in detection_profiles(paths).items() if builtin.get(name) is not found)


def _run_with_progress(batch: Any) -> Any:
    """Run ``batch``, printing a line per input, under a live progress bar when stderr is a terminal."""
    if not sys.stderr.isatty():
        return batch.run(on_result=lambda result: typer.echo(_convert_line(result)))
    from rich.console import Console

    progress = convert_progress(Console(stderr=True), redirect_stdout=sys.stdout.isatty())
    with progress:
        task = progress.add_task("Converting", total=batch.total, converted=0, failed=0)

        def on_result(result: Any) -> None:
            typer.echo(_convert_line(result))
            _advance(progress, task, result)

        return batch.run(on_result=on_result)


def convert_progress(console: Any, *, redirect_stdout: bool = False) -> Any:
    """Return the progress bar of ``ehcp convert``: inputs done of all, converted and failed counts, elapsed time
    and the time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[converted]} converted, {task.fields[failed]} failed"),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                    redirect_stdout=redirect_stdout, redirect_stderr=False)


def _advance(progress: Any, task: Any, result: Any) -> None:
    fields = progress.tasks[task].fields
    key = "failed" if result.failed else "converted"
    progress.update(task, advance=1, **{key: fields[key] + 1})


def _convert_line(result: Any) -> str:
    """Return the output line of one input: its status, name and output, or its reason (never a child's name)."""
    if result.failed or not result.plans:
        return f"{result.status.value:<11} {result.reason or result.name}"
    from .batch import PLANS_DIR

    if len(result.plans) == 1:
        plan = result.plans[0]
        return (f"{result.status.value:<11} {result.name} -> {PLANS_DIR}/{plan.stem}.json ({plan.plan_reference}): "
                f"{plan.mapped} mapped, {plan.carried_over} carried over, {_count(plan.errors, 'compliance error')}"
                + (" [resumed]" if result.resumed else ""))
    return (f"{result.status.value:<11} {result.name} -> {_count(len(result.plans), 'plan')} in {PLANS_DIR}/"
            f"{result.stem}__*" + (" [resumed]" if result.resumed else ""))


def _convert_summary(result: Any) -> None:
    counts = result.counts()
    failed = len(result.failed)
    parts = [f"{counts.get('converted', 0)} converted ({_count(result.plan_count, 'plan')})"]
    if counts.get("duplicate"):
        parts.append(f"{counts['duplicate']} duplicate")
    parts.append(f"{failed} failed")
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
    if result.skipped:
        typer.echo(_skipped_line(result.skipped), err=True)
    typer.echo(f"{_count(len(result.results), 'input')}: {', '.join(parts)} in {result.seconds:.1f} s; wrote "
               f"{result.out_dir / 'report.html'} and report.csv", err=True)


#: How many skipped files the stderr line names before it says how many more (the reports list every one).
_SKIPPED_SHOWN = 5


def _skipped_line(skipped: list[Any], *, reported: bool = True) -> str:
    """Return the one line that says which files in the input folders were skipped, and why: the first
    :data:`_SKIPPED_SHOWN`, grouped by reason (and, when the reports were written, that they list every one)."""
    by_reason: dict[str, list[str]] = {}
    for item in skipped[:_SKIPPED_SHOWN]:
        by_reason.setdefault(item.reason, []).append(item.name)
    names = "; ".join(f"{', '.join(names)} ({reason})" for reason, names in by_reason.items())
    more = f"; and {len(skipped) - _SKIPPED_SHOWN} more" if len(skipped) > _SKIPPED_SHOWN else ""
    listed = "; listed in report.csv and report.html" if reported else ""
    return f"{_count(len(skipped), 'file')} skipped: {names}{more}{listed}"


profile_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Council layout profiles for converting legacy plans: list the built-in ones, or suggest a new one.\n\n"
    "Example: ehcp profile suggest legacy-plans/*.docx > my-council.yaml",
)
app.add_typer(profile_app, name="profile")


#: What each kind of built-in profile reads, as ``ehcp profile list`` says it.
PROFILE_KINDS = {False: "Word plans", True: "CSV/XLSX exports"}


@profile_app.command("list")
def profile_list_command() -> None:
    """List the built-in profiles, one a line, tab-separated: name, what it reads ("Word plans" for the layouts
    of legacy .docx plans, "CSV/XLSX exports" for the column maps of case-management exports), then description.

    Example: ehcp profile list
    """
    from .convert.profile import builtin_profiles

    for tabular, kind in PROFILE_KINDS.items():
        for name, profile in builtin_profiles(tabular=tabular).items():
            typer.echo(f"{name}\t{kind}\t{profile.description}")


@profile_app.command("suggest")
def profile_suggest_command(
    paths: Annotated[
        list[Path],
        _argument("FILES", "Legacy plans (.docx) in the layout to describe."),
    ],
    profile: Annotated[
        str,
        typer.Option("--profile", metavar="NAME|FILE", help="The profile to start from: a built-in name or a .yaml "
                     "path."),
    ] = "generic",
    detect_with: Annotated[
        list[Path] | None,
        typer.Option("--detect-with", metavar="PATH", help="A council's own profile (a .yaml file, or a folder of "
                     "them) to detect among, before the built-in ones; repeatable."),
    ] = None,
) -> None:
    """Print a starting profile (YAML) listing the headings and table columns the profile could not place.

    Reads each plan, detects the closest profile (written as a comment: a built-in one, or one given with
    --detect-with), finds its sections with
    --profile, and lists every heading, bold heading-like line and table column label no alias matched, with its
    count and an example location. Move each label under its target, then pass the file with --profile. Exit
    status: 0 printed, 1 a file could not be read, 2 bad usage.

    Example: ehcp profile suggest legacy-plans/*.docx --profile generic > my-council.yaml
    """
    from .convert import read_legacy_docx
    from .convert.profile import detect_profile, detection_profiles, load_profile
    from .convert.sections import suggest_profile

    base = load_profile(profile)
    candidates = detection_profiles(detect_with or ())
    documents = [read_legacy_docx(path.read_bytes(), source=str(path)) for path in paths]
    detected = []
    for document in documents:
        found, score, evidence = detect_profile(document, candidates)
        detected.append((document.source, found.name, score, evidence))
        typer.echo(f"{document.source}: detected profile {found.name} (score {score:.2f})", err=True)
    typer.echo(suggest_profile(documents, base, detected=detected), nl=False)


def main() -> None:
    """Run the ``ehcp`` command line (the console script's entry point)."""
    app(prog_name="ehcp")


if __name__ == "__main__":
    main()
