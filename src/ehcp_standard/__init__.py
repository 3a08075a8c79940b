"""ehcp-standard: England's standardised Education, Health and Care Plan as a typed model and JSON Schema.

The public API::

    from ehcp_standard import load_plan, validate_plan, Plan

    plan = load_plan("examples/primary-autism-final.json")      # a Plan, or PlanValidationError
    report = validate_plan("plan.json", check_schema=True)      # never raises for a bad plan
    for problem in report.problems:
        print(problem.pointer, problem.message)

    for finding in check_plan(plan):                           # the statutory compliance rules
        print(finding.rule_id, finding.severity, finding.pointer, finding.message)
"""

from .errors import EhcpError, PlanInputError, PlanValidationError, SchemaVersionError
from .model import SCHEMA_ID, SCHEMA_VERSION, Plan, PlanStatus
from .quantity import QuantityParse, parse_quantity
from .rules import CheckContext, CheckReport, Finding, Severity, check_file, check_plan
from .schema import plan_schema, schema_json, schema_validator
from .validation import MAX_PLAN_BYTES, Problem, ValidationReport, load_plan, validate_plan

__version__ = "0.1.0"

#: Public names whose modules load Word libraries, imported only when first used (``import ehcp_standard`` stays
#: light for code that only validates or checks JSON).
_LAZY = {"read_docx": ".read", "ReadResult": ".read"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "MAX_PLAN_BYTES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "CheckContext",
    "CheckReport",
    "EhcpError",
    "Finding",
    "Plan",
    "PlanInputError",
    "PlanStatus",
    "PlanValidationError",
    "Problem",
    "QuantityParse",
    "ReadResult",
    "SchemaVersionError",
    "Severity",
    "ValidationReport",
    "__version__",
    "check_file",
    "check_plan",
    "load_plan",
    "parse_quantity",
    "plan_schema",
    "read_docx",
    "schema_json",
    "schema_validator",
    "validate_plan",
]
