"""The ``ehcp`` command line: a thin layer that parses arguments, calls the library, prints and sets the exit code.

Data goes to stdout and diagnostics to stderr. Exit codes: 0 success, 1 findings (an invalid or unreadable plan)
or an error the library raised on purpose (``EhcpError``), 2 usage (bad arguments or options). Any other
exception is a bug and propagates with its traceback. Nothing in the package imports this module.

One function per command; add a command by writing a function decorated with ``@app.command()`` whose docstring
ends with an ``Example:`` line (a test fails otherwise).
"""

from __future__ import annotations

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
from .schema import schema_json, write_schema
from .validation import Problem, ValidationReport, validate_paths


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


def main() -> None:
    """Run the ``ehcp`` command line (the console script's entry point)."""
    app(prog_name="ehcp")


if __name__ == "__main__":
    main()
