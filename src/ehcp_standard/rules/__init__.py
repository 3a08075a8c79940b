"""The statutory compliance checker: every rule with an id, a severity and its legal basis.

Importing this package registers every rule (one module per part of the plan). ``REGISTRY`` maps rule ids to
rules; ``check_plan`` runs them.
"""

from . import (  # noqa: F401 - imported to register their rules
    adulthood,
    advice,
    age,
    budget,
    identifiers,
    needs,
    outcomes,
    placement,
    provision,
    reviews,
    section_a,
    sections,
    timescales,
)
from .engine import (
    REGISTRY,
    CheckContext,
    CheckReport,
    Finding,
    Hit,
    Rule,
    Severity,
    UnknownRuleError,
    check_data,
    check_file,
    check_paths,
    check_plan,
    rule,
    rules_in_order,
)

__all__ = [
    "REGISTRY", "CheckContext", "CheckReport", "Finding", "Hit", "Rule", "Severity", "UnknownRuleError",
    "check_data", "check_file", "check_paths", "check_plan", "rule", "rules_in_order",
]
