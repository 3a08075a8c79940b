"""The lint gate: ruff, with the project's settings (pyproject.toml: its default rules and lines of at most 120
characters), finds nothing in the package, the tests or the benchmarks. Run ``ruff check`` to see the findings and
``ruff check --fix`` for those it can fix itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                             "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"ruff found what the lint gate refuses:\n{result.stdout}{result.stderr}", pytrace=False)
