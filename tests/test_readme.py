"""The README is executed: its Python examples run, and its set-up commands are the ones CI and users run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ehcp_standard.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


@pytest.mark.parametrize("index", range(len(_blocks("python"))))
def test_readme_python_example_runs(index, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(_blocks("python")[index], f"README.md python block {index + 1}", "exec"), {})  # noqa: S102 (the README's own code)


def test_readme_has_the_two_set_up_commands():
    commands = [block.strip() for block in _blocks("console")]
    assert "pip install . && ehcp " in commands[0]
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _blocks("console")[1].strip()
    assert test_command in ci.splitlines()


def test_readme_main_job_runs_on_the_bundled_examples(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    commands = [shlex.split(part) for part in _blocks("console")[0].strip().split("&&")]
    ehcp_commands = [argv for argv in commands if argv[0] == "ehcp"]
    assert ehcp_commands
    for argv in ehcp_commands:
        result = CliRunner().invoke(app, argv[1:])
        assert result.exit_code == 0, (argv, result.output)
    outputs = [Path(argv[argv.index("-o") + 1]) for argv in ehcp_commands if "-o" in argv]
    assert outputs and all(path.stat().st_size > 0 for path in outputs)
