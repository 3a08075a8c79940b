"""Plans for rule tests: a compliant base plan as JSON data, changed per test, and a way to run one rule on it.

The base is the bundled primary-school example (fictional), which is clean of every error-severity rule; a test
copies it, changes the one thing its rule is about, and asserts the exact finding.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from ehcp_standard.model import Plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: The date rule tests judge time-based rules on, unless a test says otherwise.
AS_OF = dt.date(2026, 11, 27)


@cache
def _example(name: str) -> str:
    return (EXAMPLES / f"{name}.json").read_text(encoding="utf-8")


def example_data(name: str = "primary-autism-final") -> dict[str, Any]:
    """Return a fresh, changeable copy of a bundled example plan's JSON data."""
    return copy.deepcopy(json.loads(_example(name)))


def base_plan_data() -> dict[str, Any]:
    """Return a fresh copy of the compliant base plan's JSON data (a final plan for a Year 3 child)."""
    return example_data("primary-autism-final")


def to_plan(data: dict[str, Any]) -> Plan:
    """Return the Plan for JSON data, validated as a plan file would be."""
    return Plan.model_validate_json(json.dumps(data), strict=True)


def run_rule(rule_id: str, plan: Plan | dict[str, Any], *, as_of: dt.date = AS_OF, **context: Any) -> list[Any]:
    """Return the findings of one registered rule on ``plan`` (a Plan, or JSON data validated first)."""
    from ehcp_standard.rules import REGISTRY, CheckContext

    target = plan if isinstance(plan, Plan) else to_plan(plan)
    return list(REGISTRY[rule_id].run(target, CheckContext(as_of=as_of, **context)))


def resolve(data: Any, pointer: str) -> Any:
    """Return the value at a JSON ``pointer`` into ``data`` (``""`` is the whole of it); raise ``KeyError``,
    ``IndexError`` or ``ValueError`` when the pointer names nothing there."""
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data
