"""ehcp-standard: England's standardised Education, Health and Care Plan as a typed model and JSON Schema.

The public API::

    from ehcp_standard import load_plan, validate_plan, Plan

    plan = load_plan("examples/primary-autism-final.json")      # a Plan, or PlanValidationError
    report = validate_plan("plan.json", check_schema=True)      # never raises for a bad plan
    for problem in report.problems:
        print(problem.pointer, problem.message)
"""

from .errors import EhcpError, PlanInputError, PlanValidationError, SchemaVersionError
from .model import SCHEMA_ID, SCHEMA_VERSION, Plan, PlanStatus
from .schema import plan_schema, schema_json, schema_validator
from .validation import MAX_PLAN_BYTES, Problem, ValidationReport, load_plan, validate_plan

__version__ = "0.1.0"

__all__ = [
    "EhcpError",
    "MAX_PLAN_BYTES",
    "Plan",
    "PlanInputError",
    "PlanStatus",
    "PlanValidationError",
    "Problem",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SchemaVersionError",
    "ValidationReport",
    "__version__",
    "load_plan",
    "plan_schema",
    "schema_json",
    "schema_validator",
    "validate_plan",
]
