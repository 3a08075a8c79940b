"""The public API of ``ehcp_standard``: exactly the names in ``__all__``, each importable and documented.

Adding or removing a public name must be a deliberate change: edit ``EXPECTED_PUBLIC_NAMES`` with it.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.metadata
import inspect
import json
import re
import tomllib
from pathlib import Path

import pytest

import ehcp_standard

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ehcp_standard"

EXPECTED_PUBLIC_NAMES = [
    "CheckContext",
    "CheckReport",
    "EhcpError",
    "Finding",
    "MAX_PLAN_BYTES",
    "Plan",
    "PlanInputError",
    "PlanStatus",
    "PlanValidationError",
    "Problem",
    "QuantityParse",
    "ReadResult",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SchemaVersionError",
    "Severity",
    "ValidationReport",
    "__version__",
    "check_file",
    "check_plan",
    "load_plan",
    "parse_quantity",
    "read_docx",
    "plan_schema",
    "schema_json",
    "schema_validator",
    "validate_plan",
]
CONSTANTS = {"MAX_PLAN_BYTES", "SCHEMA_ID", "SCHEMA_VERSION", "__version__"}


def minimal_plan() -> dict:
    """A minimal valid plan for a fictional child."""
    return {
        "schema_version": "1.0.0",
        "metadata": {"la_code": "855", "plan_reference": "EHCP-TEST-0001", "status": "final"},
        "personal_details": {
            "name": {"forename": "Ada", "surname": "Testcase"},
            "date_of_birth": "2015-04-01",
        },
    }


# -- the public names ------------------------------------------------------------------------------------------


def test_all_lists_exactly_the_expected_public_names_once_each():
    assert sorted(ehcp_standard.__all__) == sorted(EXPECTED_PUBLIC_NAMES)
    assert len(ehcp_standard.__all__) == len(set(ehcp_standard.__all__))


@pytest.mark.parametrize("name", EXPECTED_PUBLIC_NAMES)
def test_every_public_name_is_importable_from_the_package(name):
    module = __import__("ehcp_standard", fromlist=[name])  # what ``from ehcp_standard import name`` does
    assert getattr(module, name) is getattr(ehcp_standard, name)


@pytest.mark.parametrize("name", sorted(set(EXPECTED_PUBLIC_NAMES) - CONSTANTS))
def test_every_public_class_and_function_has_its_own_docstring(name):
    obj = getattr(ehcp_standard, name)
    docstring = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    assert docstring and docstring.strip(), f"{name} has no docstring"
    if dataclasses.is_dataclass(obj):
        assert not docstring.startswith(f"{name}("), f"{name} has only the docstring dataclasses generate"


def test_the_constants_are_plain_values():
    for name in CONSTANTS:
        assert isinstance(getattr(ehcp_standard, name), (str, int)), name


def test_the_package_version_is_the_one_pyproject_reads():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    attr = pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    module_name, _, attribute = attr.rpartition(".")
    assert attr == "ehcp_standard.__version__"
    assert getattr(importlib.import_module(module_name), attribute) == ehcp_standard.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?(\.dev\d+)?", ehcp_standard.__version__)


def test_the_installed_distribution_has_the_package_version():
    try:
        installed = importlib.metadata.version("ehcp-standard")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("ehcp-standard is not installed (run from the source tree)")
    assert installed == ehcp_standard.__version__


def test_the_package_version_and_the_schema_version_are_separate():
    assert ehcp_standard.SCHEMA_VERSION == "1.0.0"
    assert ehcp_standard.SCHEMA_ID.endswith(ehcp_standard.SCHEMA_VERSION)


def test_nothing_in_the_package_imports_the_cli():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in {"cli.py", "__main__.py"} and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module or ''}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.split(".")[-1] == "cli" or ".cli." in f".{name}." for name in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


# -- the README's usage ----------------------------------------------------------------------------------------


def test_the_readme_usage_loads_validates_and_lists_problems(tmp_path):
    from ehcp_standard import Plan, PlanValidationError, load_plan, validate_plan

    good = tmp_path / "plan.json"
    good.write_text(json.dumps(minimal_plan()), encoding="utf-8")
    plan = load_plan(good)
    assert isinstance(plan, Plan)
    assert plan.personal_details.name.forename == "Ada"

    report = validate_plan(good, check_schema=True)
    assert report.valid and report.problems == [] and report.plan == plan

    data = minimal_plan()
    data["metadata"]["la_code"] = "999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    report = validate_plan(bad, check_schema=True)
    found = [(problem.pointer, problem.message) for problem in report.problems]
    assert found == [("/metadata/la_code", "'999' is not one of the 153 current DfE three-digit LA codes")]
    assert report.as_dict()["valid"] is False
    with pytest.raises(PlanValidationError) as raised:
        load_plan(bad)
    assert [p.pointer for p in raised.value.problems] == ["/metadata/la_code"]


def test_a_path_given_as_a_string_is_read_as_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("plan.json").write_text(json.dumps(minimal_plan()), encoding="utf-8")
    assert ehcp_standard.validate_plan("plan.json").valid
