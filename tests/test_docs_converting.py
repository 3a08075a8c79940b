"""``docs/converting.md`` is run: its checked examples give the output it shows, its worked example's profile places
what the guide says, and every ``ehcp`` command line in it names a real command with real options.

A fenced block after ``<!-- checked SCENARIO -->`` is a transcript: each ``$ `` line is a command (``ehcp …``,
``python …`` or ``cat FILE``; ``ehcp … > FILE`` writes stdout to FILE) and the lines under it are its output, stdout
and stderr together. A line that is only ``…`` stands for any number of lines, and ``…`` inside a line for any text;
every other line must be there, in that order, with nothing between. ``exit=N`` says the commands exit with N
(default 0); ``write=PATH`` writes the block into the scenario's folder (making the folders PATH names);
``same-as=PATH`` says the block is that file of the project, exactly. A scenario's blocks run in order in a fresh
folder where ``docs/`` is the project's.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ehcp_standard.cli import app
from ehcp_standard.convert import (
    ConvertOptions,
    convert_bytes,
    load_profile,
    read_legacy_docx,
    suggest_profile,
)

ROOT = Path(__file__).resolve().parents[1]
GUIDE_PATH = ROOT / "docs" / "converting.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")
PROFILE = ROOT / "docs" / "examples" / "unseen-council.yaml"
AS_OF = date(2026, 9, 1)
ELLIPSIS = "…"


def _example_script():
    spec = importlib.util.spec_from_file_location("make_unseen_layout", ROOT / "docs" / "examples" /
                                                  "make_unseen_layout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_unseen_layout = _example_script()


# -- the guide's blocks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A checked fenced block of the guide: its scenario, options, language, text and line number."""

    scenario: str
    options: dict[str, str]
    language: str
    body: str
    line: int


_CHECKED = re.compile(r"<!-- checked (?P<scenario>[\w-]+)(?P<options>(?: [\w-]+=\S+)*) -->\n"
                      r"```(?P<language>\w*)\n(?P<body>.*?)^```", re.DOTALL | re.MULTILINE)
_FENCED = re.compile(r"^```\w*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def checked_blocks() -> list[Block]:
    """Return the guide's checked blocks, in order."""
    blocks = []
    for found in _CHECKED.finditer(GUIDE):
        options = dict(option.split("=", 1) for option in found["options"].split())
        line = GUIDE.count("\n", 0, found.start()) + 1
        blocks.append(Block(found["scenario"], options, found["language"], found["body"], line))
    return blocks


SCENARIOS = sorted({block.scenario for block in checked_blocks()})


def transcript(body: str) -> list[tuple[str, list[str]]]:
    """Return the commands of a transcript block, each with the output lines shown under it."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"output before any command: {line!r}"
            steps[-1][1].append(line)
    return steps


# -- running a transcript ----------------------------------------------------------------------------------------


def run_command(command: str) -> tuple[int, str]:
    """Run one command of a transcript in the current folder; return its exit code and output."""
    argv = shlex.split(command)
    redirect = None
    if ">" in argv:
        argv, redirect = argv[: argv.index(">")], argv[argv.index(">") + 1:]
        assert argv[0] == "ehcp" and len(redirect) == 1, f"only ehcp's stdout may be redirected: {command!r}"
    if argv[0] == "ehcp":
        result = CliRunner().invoke(app, argv[1:])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if redirect:
            Path(redirect[0]).write_text(result.stdout, encoding="utf-8")
            return result.exit_code, result.stderr
        return result.exit_code, result.output
    if argv[0] == "python":
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, *argv[1:]], check=False, capture_output=True, text=True, env=env,
                              timeout=300)
        return done.returncode, done.stdout + done.stderr
    if argv[0] == "cat" and len(argv) == 2:
        return 0, Path(argv[1]).read_text(encoding="utf-8")
    raise AssertionError(f"a checked transcript may run ehcp, python or cat, not {command!r}")


def _pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in line.rstrip().split(ELLIPSIS)), re.DOTALL)


def _matches_at(chunk: list[str], actual: list[str], start: int) -> bool:
    if start + len(chunk) > len(actual):
        return False
    return all(_pattern(want).fullmatch(got.rstrip()) for want, got in zip(chunk, actual[start:]))


def assert_shows(shown: list[str], output: str, where: str) -> None:
    """Assert that ``output`` is what the guide ``shown``: every line in order, ``…`` lines standing for any."""
    actual = output.splitlines()
    chunks: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == ELLIPSIS:
            chunks.append([])
        else:
            chunks[-1].append(line)
    position = 0
    for number, chunk in enumerate(chunks):
        if not chunk:
            continue
        starts = [position] if number == 0 else range(position, len(actual) + 1)
        start = next((s for s in starts if _matches_at(chunk, actual, s)), None)
        assert start is not None, (f"{where}: the guide shows\n" + "\n".join(chunk)
                                   + "\n\nbut the command printed\n" + "\n".join(actual[position:]))
        position = start + len(chunk)
    if chunks[-1]:
        assert position == len(actual), f"{where}: the command printed more than the guide shows:\n" + \
            "\n".join(actual[position:])


def run_block(block: Block, folder: Path) -> None:
    where = f"{GUIDE_PATH.name} line {block.line}"
    if "write" in block.options:
        target = folder / block.options["write"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.body, encoding="utf-8")
    elif "same-as" in block.options:
        assert block.body == (ROOT / block.options["same-as"]).read_text(encoding="utf-8"), where
    else:
        for command, shown in transcript(block.body):
            code, output = run_command(command)
            assert code == int(block.options.get("exit", "0")), f"{where}: {command} exited {code}:\n{output}"
            assert_shows(shown, output, f"{where}: {command}")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_guides_checked_examples_print_what_it_shows(scenario, tmp_path, monkeypatch):
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    monkeypatch.chdir(tmp_path)
    for block in checked_blocks():
        if block.scenario == scenario:
            run_block(block, tmp_path)


def test_the_guide_checks_the_worked_example_the_export_the_files_skipped_and_the_profile_list():
    assert {"worked-example", "export", "skipped", "listing"} <= set(SCENARIOS)
    kinds = [(b.options.get("same-as"), b.language) for b in checked_blocks() if b.scenario == "worked-example"]
    assert ("docs/examples/unseen-council.yaml", "yaml") in kinds


def test_the_guide_states_the_batch_reports_rules_as_the_code_applies_them():
    from ehcp_standard.batch import SKIPPED_REASON
    from ehcp_standard.batch_report import CSV_COLUMNS, LOW_CONFIDENCE

    prose = " ".join(GUIDE.split())
    assert prose.count(f"`{SKIPPED_REASON}`") >= 2   # section 1, and the reason column of report.csv
    assert f"label confidence is below {LOW_CONFIDENCE:.2f}" in prose
    columns = GUIDE.split("### The batch: `report.csv` and `report.html`")[1].split("A cell starting like")[0]
    assert [column for column in CSV_COLUMNS if f"`{column}`" not in columns] == []


def test_a_transcript_line_that_differs_is_caught():
    with pytest.raises(AssertionError):
        assert_shows(["a", "c"], "a\nb\nc\n", "test")
    with pytest.raises(AssertionError):
        assert_shows(["a"], "a\nb\n", "test")
    assert_shows(["a", ELLIPSIS, "c"], "a\nb\nc\n", "test")
    assert_shows([f"took {ELLIPSIS} s", ELLIPSIS], "took 1.7 s\nmore\n", "test")


# -- the worked example ------------------------------------------------------------------------------------------


def _suggested(profile_text: str) -> list[str]:
    """The labels a suggested profile lists under its ``unplaced`` keys."""
    return [label.replace('\\"', '"') for label in re.findall(r'^    - "(.*)"  # \d+x', profile_text, re.MULTILINE)]


def _guide_suggestion() -> str:
    (block,) = [b for b in checked_blocks()
                if b.scenario == "worked-example" and "$ ehcp profile suggest" in b.body and "unplaced:" in b.body]
    return block.body


def _unseen(tmp_path: Path):
    path = make_unseen_layout.make_unseen_layout(tmp_path)
    return path.read_bytes(), read_legacy_docx(path.read_bytes(), source=path.name)


def test_profile_suggest_lists_every_label_the_guide_says_it_suggests(tmp_path):
    _, document = _unseen(tmp_path)
    suggested = _suggested(suggest_profile([document], load_profile("generic")))
    shown = _suggested(_guide_suggestion())
    assert shown and sorted(shown) == sorted(suggested)
    # every label the script renamed is one no built-in profile knows: the layout is unseen
    assert set(make_unseen_layout.RENAMES.values()) <= set(suggested)


def test_the_example_profile_places_every_suggested_label_but_the_documents_title(tmp_path):
    _, document = _unseen(tmp_path)
    profile = load_profile(PROFILE)
    assert (profile.name, profile.extends) == ("unseen-council", "generic")
    assert _suggested(suggest_profile([document], profile)) == ["Education, Health and Care Plan"]


def test_the_example_profile_adds_to_generic_and_keeps_its_labels():
    profile, generic = load_profile(PROFILE), load_profile("generic")
    assert profile.headings["F"][0] == "The help I will get at school"
    assert profile.headings["F"][1:] == generic.headings["F"]
    assert profile.columns.who[0] == "Delivered by" and set(generic.columns.who) < set(profile.columns.who)
    assert profile.detection.signatures and profile.detection != generic.detection


def _area_needs_and_outcomes(plan) -> tuple[int, int, list[str]]:
    areas = plan.model_dump(mode="json", exclude_none=True)["special_educational_needs"]
    needs = sum(len(area.get("needs", [])) for area in areas.values())
    outcomes = sum(len(area.get("outcomes", [])) for area in areas.values())
    return needs, outcomes, sorted(areas)


def test_converting_with_the_example_profile_places_the_renamed_sections(tmp_path):
    data, _ = _unseen(tmp_path)
    before, = convert_bytes(data, source="unseen-council.docx", options=ConvertOptions(as_of=AS_OF))
    after, = convert_bytes(data, source="unseen-council.docx",
                           options=ConvertOptions(profile=load_profile(PROFILE), as_of=AS_OF))
    unknown = "under a heading no profile label matched"

    assert after.report.carried_over < before.report.carried_over
    assert after.report.mapped > before.report.mapped
    assert after.report.error_count < before.report.error_count
    assert "unplaced" in before.report.sections and "unplaced" not in after.report.sections
    assert any(entry.reason == unknown for entry in before.report.carried)
    assert not any(entry.reason == unknown for entry in after.report.carried)
    # section K: missing without the profile, its five advice entries with it
    assert before.plan.advice is None and "K" not in before.report.sections
    assert len(after.plan.advice.entries) == 5
    # the outcomes were read as needs of B without the profile; with it, each area has its outcomes
    assert _area_needs_and_outcomes(before.plan)[:2] == (12, 0)
    assert _area_needs_and_outcomes(after.plan) == (7, 11, ["cognition_learning", "communication_interaction",
                                                            "semh", "sensory_physical"])
    assert {"A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"} <= set(after.report.sections)


def test_the_example_is_fictional_and_the_same_every_time(tmp_path):
    first = make_unseen_layout.unseen_docx()
    assert first == make_unseen_layout.unseen_docx()
    assert make_unseen_layout.main([str(tmp_path)]) == 0
    assert (tmp_path / "unseen-council.docx").read_bytes() == first


# -- every ehcp command line names a real command and real options -----------------------------------------------


_SHELL_END = (">", ">>", "2>", "|", "&&", ";")


def _command_lines() -> list[str]:
    """Every ``ehcp`` command line of the guide's fenced blocks (a transcript's ``$ `` stripped)."""
    lines = []
    for body in _FENCED.findall(GUIDE):
        for line in body.splitlines():
            line = line.removeprefix("$ ")
            if line.startswith("ehcp "):
                lines.append(line)
    return lines


def _inline_commands() -> list[str]:
    return sorted(set(re.findall(r"`(ehcp [^`]+)`", GUIDE)))


def _argv(line: str) -> list[str]:
    argv = shlex.split(line, comments=True)
    for index, token in enumerate(argv):
        if token in _SHELL_END:
            return argv[:index]
    return argv


def _resolve(argv: list[str]) -> tuple[Any, list[str]]:
    """Return the command an ``ehcp`` argv names and the arguments left for it; fail if a sub-command is unknown.
    (Typer carries its own copy of Click, so commands are told apart by what they have, not by class.)"""
    command = typer.main.get_command(app)
    args = argv[1:]
    while hasattr(command, "commands"):
        assert args, f"{' '.join(argv)}: names a group, not a command"
        sub = command.commands.get(args[0])
        assert sub is not None, f"{' '.join(argv)}: no command {args[0]!r}"
        command, args = sub, args[1:]
    return command, args


def test_the_guide_has_ehcp_command_lines_to_check():
    assert len(_command_lines()) >= 8
    assert {" ".join(line.split()[:2]) for line in _command_lines()} >= {"ehcp convert", "ehcp profile"}


@pytest.mark.parametrize("line", _command_lines())
def test_every_command_line_in_the_guide_is_a_real_command_with_real_options(line):
    argv = _argv(line)
    help_result = CliRunner().invoke(app, [*argv[1:], "--help"])
    assert help_result.exit_code == 0 and help_result.output.startswith("Usage: ehcp "), help_result.output
    command, args = _resolve(argv)
    try:
        command.make_context(command.name, args)   # parses the options and checks their values; runs nothing
    except Exception as error:  # noqa: BLE001 - Typer's own Click exceptions are not importable by a public name
        if getattr(error, "exit_code", None) != 0:
            message = error.format_message() if hasattr(error, "format_message") else repr(error)
            pytest.fail(f"{line}: {message}")


@pytest.mark.parametrize("text", _inline_commands())
def test_every_command_quoted_in_the_guides_text_is_a_real_command_with_real_options(text):
    command, args = _resolve(_argv(text))
    names = {"--help"} | {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for token in args:
        if token.startswith("-") and token not in ("-", "--"):
            assert token.split("=", 1)[0] in names, f"{text}: {command.name} has no option {token}"
