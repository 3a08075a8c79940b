"""The rules engine: a registry of statutory compliance rules and the functions that run them on a plan.

Each rule is a small function registered with a stable id (``EHCP-F001``), a severity (``error`` = unlawful or
unenforceable, or data that is certainly wrong; ``warning`` = poor practice or a heuristic for a person to judge), a
one-line title and its legal basis. A rule yields ``Hit``s; the engine turns them into ``Finding``s carrying the
rule's id and severity. Ids are never renumbered or reused: a retired rule keeps its id and is marked retired.

Most rules read a loaded ``Plan`` (``applies_to="plan"``). A few read the plan's raw JSON (``applies_to="data"``):
the identifier rules, because the model rejects an invalid identifier, so a rule reading a ``Plan`` could never see
one. ``check_data`` (the path a plan file takes) runs the data rules on the raw JSON first, sets aside the values
they report as invalid, validates the rest and, if that passes, runs every plan rule too. ``check_plan`` runs the
rules on a ``Plan`` already loaded (the data rules then read the plan's own JSON).
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..errors import EhcpError, PlanInputError
from ..model import Plan
from ..validation import Problem, parse_json, plan_files, read_plan_text, validate_plan

#: The sections findings are grouped under, in the order of the national template, with their headings.
SECTIONS: dict[str, str] = {
    "plan": "The plan as a whole",
    "personal_details": "Personal details and services",
    "A": "Section A - Views, interests and aspirations",
    "B": "Section B - Special educational needs",
    "C": "Section C - Health care needs",
    "D": "Section D - Social care needs",
    "E": "Section E - Outcomes",
    "F": "Section F - Special educational provision",
    "G": "Section G - Health care provision",
    "H1": "Section H1 - Social care provision (CSDPA 1970 s.2)",
    "H2": "Section H2 - Other social care provision",
    "I": "Section I - Placement",
    "J": "Section J - Direct payments",
    "K": "Section K - Advice and information",
    "timescales": "Timescales",
    "identifiers": "Identifiers",
}

RULE_ID_PATTERN = re.compile(r"EHCP-[A-Z]+[0-9]{3}")

AppliesTo = Literal["plan", "data"]


class Severity(StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"


class UnknownRuleError(EhcpError, ValueError):
    """A rule id or prefix given to select or ignore rules matches no registered rule."""


@dataclass(frozen=True)
class Hit:
    """What a rule reports: where (JSON pointer), what is wrong and how to fix it, and an optional phrase with its
    position ``span`` (start, end) in the text at ``pointer``.

    ``severity`` overrides the rule's own for this hit (``None``: the rule's). A data rule sets ``set_aside`` when
    the model would reject the value at ``pointer``: the other rules then run without it, or, for a required field,
    with ``stand_in`` in its place.
    """

    pointer: str
    message: str
    phrase: str | None = None
    span: tuple[int, int] | None = None
    severity: Severity | None = None
    set_aside: bool = False
    stand_in: str | None = None


@dataclass(frozen=True)
class Finding:
    """A rule's finding on a plan."""

    rule_id: str
    severity: Severity
    section: str
    pointer: str
    message: str
    phrase: str | None = None
    span: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready dict, leaving out what is not set."""
        data = {"rule": self.rule_id, "severity": self.severity.value, "section": self.section,
                "pointer": self.pointer, "message": self.message, "phrase": self.phrase,
                "span": list(self.span) if self.span else None}
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class CheckContext:
    """What rules may need besides the plan: the date to judge time-based rules on; when the plan was read from a
    document, the order and labels of the sections as the document shows them; and a council's own list of
    vague words for EHCP-F004 (``None``: the standard list, ``provision.VAGUE_PHRASES``)."""

    as_of: _dt.date = field(default_factory=_dt.date.today)
    document_sections: tuple[str, ...] | None = None
    vague_phrases: tuple[str, ...] | None = None


RuleCheck = Callable[[Plan, CheckContext], Iterable[Hit]]
#: The check of a data rule: it reads a plan's JSON (any JSON value: it must not assume the shape is right).
DataCheck = Callable[[Any, CheckContext], Iterable[Hit]]
Check = TypeVar("Check", RuleCheck, DataCheck)


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, severity, title, legal basis, the section it is about, and its check.

    ``applies_to`` says what the check reads: ``"plan"`` a loaded ``Plan``; ``"data"`` a plan's JSON, so that it
    can report values the model rejects (the identifier rules).
    """

    id: str
    severity: Severity
    title: str
    basis: str
    section: str
    check: RuleCheck | DataCheck
    unverified: bool = False
    retired: bool = False
    applies_to: AppliesTo = "plan"

    def run(self, plan: Plan, context: CheckContext) -> Iterator[Finding]:
        """Yield this rule's findings on ``plan`` (none for a retired rule). A data rule reads the plan's JSON."""
        if self.applies_to == "data":
            yield from self.run_data(plan_json(plan), context)
            return
        yield from self._findings(self.check(plan, context))

    def run_data(self, data: Any, context: CheckContext) -> Iterator[Finding]:
        """Yield this data rule's findings on a plan's JSON ``data``; raise ``TypeError`` for a plan rule."""
        yield from self._findings(self.hits_data(data, context))

    def hits_data(self, data: Any, context: CheckContext) -> Iterator[Hit]:
        """Yield this data rule's hits on a plan's JSON ``data``; raise ``TypeError`` for a plan rule."""
        if self.applies_to != "data":
            raise TypeError(f"rule {self.id} reads a loaded Plan, not JSON data")
        if not self.retired:
            yield from self.check(data, context)

    def finding(self, hit: Hit) -> Finding:
        """Return the finding this rule makes of ``hit``."""
        severity = hit.severity or self.severity
        return Finding(self.id, severity, self.section, hit.pointer, hit.message, hit.phrase, hit.span)

    def _findings(self, hits: Iterable[Hit]) -> Iterator[Finding]:
        if self.retired:
            return
        for hit in hits:
            yield self.finding(hit)


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: Severity | str,
    title: str,
    *,
    basis: str,
    section: str,
    unverified: bool = False,
    retired: bool = False,
    applies_to: AppliesTo = "plan",
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``rule_id``; raise ``ValueError`` on a reused id, an
    id not shaped like ``EHCP-F001``, a section not in ``SECTIONS`` or an unknown ``applies_to``."""
    _check_registration(rule_id, section, applies_to)

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise ValueError(f"rule id {rule_id} is registered twice")
        REGISTRY[rule_id] = Rule(
            rule_id, Severity(severity), title, basis, section, check, unverified, retired, applies_to
        )
        return check

    return register


def _check_registration(rule_id: str, section: str, applies_to: str) -> None:
    if not RULE_ID_PATTERN.fullmatch(rule_id):
        raise ValueError(f"rule id {rule_id!r} should look like EHCP-F001 (EHCP-, capital letters, three digits)")
    if section not in SECTIONS:
        raise ValueError(f"rule {rule_id}: section {section!r} should be one of {', '.join(SECTIONS)}")
    if applies_to not in ("plan", "data"):
        raise ValueError(f"rule {rule_id}: applies_to should be 'plan' or 'data', not {applies_to!r}")


def plan_json(plan: Plan) -> dict[str, Any]:
    """Return a plan's JSON data, as a plan file holds it (fields that are not set left out)."""
    return plan.model_dump(mode="json", exclude_none=True)


# -- choosing rules --------------------------------------------------------------------------------------------


def rules_in_order() -> list[Rule]:
    """Return every registered rule, by section in template order, then by id."""
    return sorted(REGISTRY.values(), key=lambda r: (_section_rank(r.section), r.id))


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """Return the rules to run: those matching ``select`` (every rule when ``None``) minus those matching
    ``ignore``. Each selector is a rule id (``EHCP-F001``) or a prefix of ids (``EHCP-F`` for the F rules,
    ``EHCP-T00``), in any case. Raise ``UnknownRuleError`` for a selector that matches no registered rule."""
    chosen = _matching(select) if select is not None else set(REGISTRY)
    chosen -= _matching(ignore or ())
    return [r for r in rules_in_order() if r.id in chosen]


def _matching(selectors: Iterable[str]) -> set[str]:
    matched: set[str] = set()
    for selector in selectors:
        ids = {rule_id for rule_id in REGISTRY if _matches(selector.strip().upper(), rule_id)}
        if not ids:
            raise UnknownRuleError(
                f"no rule has the id or id prefix {selector!r}; ids look like EHCP-F001, a prefix such as EHCP-F "
                "picks a family (run 'ehcp rules' to list them)"
            )
        matched |= ids
    return matched


def _matches(selector: str, rule_id: str) -> bool:
    """Return whether ``selector`` is ``rule_id`` or a prefix of it ending before a digit (so ``EHCP-I`` picks
    EHCP-I001 but not EHCP-ID001)."""
    if selector == rule_id:
        return True
    return bool(selector) and rule_id.startswith(selector) and rule_id[len(selector)].isdigit()


# -- ordering --------------------------------------------------------------------------------------------------


_SECTION_RANKS = {section: rank for rank, section in enumerate(SECTIONS)}


def _section_rank(section: str) -> int:
    return _SECTION_RANKS.get(section, len(SECTIONS))


@lru_cache(maxsize=4096)
def _pointer_key(pointer: str) -> tuple[tuple[int, int | str], ...]:
    """Return a sort key that orders array indexes as numbers (``/2`` before ``/10``); cached, since plans share
    most of their pointers."""
    parts = pointer.split("/")[1:]
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in parts)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Return ``findings`` ordered by section (template order), then JSON pointer, rule id and position."""
    return sorted(
        findings,
        key=lambda f: (_section_rank(f.section), _pointer_key(f.pointer), f.rule_id, f.span or (-1, -1)),
    )


# -- checking a loaded plan ------------------------------------------------------------------------------------


def make_context(as_of: _dt.date | None = None, context: CheckContext | None = None) -> CheckContext:
    """Return ``context`` (a fresh one judged today when ``None``), with ``as_of`` as its date when given."""
    context = context or CheckContext()
    return replace(context, as_of=as_of) if as_of is not None else context


def check_plan(
    plan: Plan,
    *,
    as_of: _dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: CheckContext | None = None,
) -> list[Finding]:
    """Return the findings of the chosen rules (see ``select_rules``) on a loaded ``plan``, ordered by section
    then pointer. Time-based rules are judged on ``as_of`` (default: the context's date, or today)."""
    context = make_context(as_of, context)
    rules = select_rules(select, ignore)
    data = plan_json(plan) if any(r.applies_to == "data" for r in rules) else None
    findings: list[Finding] = []
    for chosen in rules:
        found = chosen.run_data(data, context) if chosen.applies_to == "data" else chosen.run(plan, context)
        findings += found
    return sort_findings(findings)


# -- checking a plan's JSON ------------------------------------------------------------------------------------

#: The note a report carries when the plan is not valid, so only the data rules ran.
NOT_ALL_RULES_RAN = (
    "not a valid plan, so only the rules that read the raw JSON (the identifier rules) ran; fix the problems "
    "listed ('ehcp validate' shows the same) and check again to run every rule"
)


@dataclass(frozen=True)
class CheckReport:
    """The result of checking one plan: rule ``findings``, validation ``problems`` (the plan could not be read, or
    is not a valid plan), ``notes`` on how it was checked, and whether every chosen rule ran (``complete``).

    ``data`` is the plan's JSON as read (``None`` if it could not be read), for showing findings in context.
    """

    source: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = True
    data: Any = field(default=None, repr=False, compare=False)

    @property
    def valid(self) -> bool:
        """Return whether the plan was read and is a valid plan (no validation problems)."""
        return not self.problems

    def count(self, severity: Severity | str) -> int:
        """Return how many findings have ``severity``."""
        return sum(f.severity == Severity(severity) for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings by severity: ``{"error": n, "warning": m}``."""
        return {severity.value: self.count(severity) for severity in Severity}

    def failed(self, *, strict: bool = False) -> bool:
        """Return whether the plan fails: a validation problem or an error (or, when ``strict``, a warning)."""
        return bool(self.problems) or self.count(Severity.ERROR) > 0 or (strict and bool(self.findings))

    def as_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict (without the plan data)."""
        return {
            "source": self.source,
            "valid": self.valid,
            "complete": self.complete,
            "counts": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
            "problems": [p.as_dict() for p in self.problems],
            "notes": list(self.notes),
        }


def check_data(
    data: Any,
    *,
    source: str = "<data>",
    as_of: _dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: CheckContext | None = None,
) -> CheckReport:
    """Check a plan's parsed JSON ``data``: the path a plan file takes.

    The data rules (identifiers) run on ``data`` as it is, so an identifier the model would reject is reported at
    its JSON pointer. Those values are then set aside (removed, or for a required field replaced by a stand-in, as
    the report's notes say) and the rest is validated. If it is a valid plan every chosen plan rule runs; if not,
    its problems are reported as validation problems and the plan rules do not run (``complete`` is ``False``).
    Raise ``UnknownRuleError`` for a selector that matches no rule.
    """
    context = make_context(as_of, context)
    chosen = {r.id: r for r in select_rules(select, ignore)}
    hits = _data_hits(data, context)
    cleaned, notes = _set_aside(data, [hit for _, hit in hits])
    findings = [r.finding(hit) for r, hit in hits if r.id in chosen]
    validation = validate_plan(cleaned, source=source)
    if validation.plan is None:
        notes.append(NOT_ALL_RULES_RAN)
        return CheckReport(source, sort_findings(findings), validation.problems, notes, complete=False, data=data)
    for plan_rule in (r for r in chosen.values() if r.applies_to == "plan"):
        findings += plan_rule.run(validation.plan, context)
    return CheckReport(source, sort_findings(findings), notes=notes, data=data)


def _data_hits(data: Any, context: CheckContext) -> list[tuple[Rule, Hit]]:
    """Return every data rule's hits, chosen or not: a value the model rejects is set aside either way."""
    data_rules = [r for r in rules_in_order() if r.applies_to == "data"]
    return [(r, hit) for r in data_rules for hit in r.hits_data(data, context)]


def _set_aside(data: Any, hits: list[Hit]) -> tuple[Any, list[str]]:
    """Return a copy of ``data`` without the values ``hits`` set aside (stand-ins put in for required ones), and a
    note for each saying how the other rules saw it."""
    if not any(hit.set_aside for hit in hits):
        return data, []
    cleaned = copy.deepcopy(data)
    notes: list[str] = []
    done: set[str] = set()
    for hit in (h for h in hits if h.set_aside and h.pointer not in done):
        done.add(hit.pointer)
        parent, key = _locate(cleaned, hit.pointer)
        if hit.stand_in is None:
            del parent[key]
            notes.append(f"{hit.pointer}: set aside as invalid; the rest of the plan was checked without it")
        else:
            parent[key] = hit.stand_in
            checked_with = f"the rest of the plan was checked with {hit.stand_in!r} in its place"
            notes.append(f"{hit.pointer}: set aside as invalid; {checked_with}")
    return cleaned, notes


def _locate(data: Any, pointer: str) -> tuple[Any, str | int]:
    """Return (container, key) of the value at a JSON ``pointer`` into ``data``."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    return node, int(last) if isinstance(node, list) else last


# -- checking files --------------------------------------------------------------------------------------------

#: Plan files ``check_file`` does not read itself, by suffix, with what to do instead. The rules do not depend on
#: the Word reader: ``ehcp check`` reads a .docx with ``ehcp_standard.read.read_docx`` and calls ``check_plan``.
NOT_READ_HERE = {
    ".docx": "a Word plan is read first: run `ehcp check` on it, or read it with ehcp_standard.read.read_docx and "
    "call check_plan with the document's sections",
}


def check_file(
    path: str | os.PathLike[str],
    *,
    as_of: _dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    context: CheckContext | None = None,
    max_bytes: int | None = None,
) -> CheckReport:
    """Check the plan file at ``path`` (see ``check_data``). A file that cannot be read as a plan gets a report
    whose problem says why, and no findings; a selector that matches no rule raises ``UnknownRuleError``."""
    source = os.fspath(path)
    select_rules(select, ignore)
    reason = NOT_READ_HERE.get(Path(source).suffix.lower())
    if reason:
        return CheckReport(source, problems=[Problem("", reason)], complete=False)
    try:
        data = parse_json(read_plan_text(path, max_bytes=max_bytes), source=source)
    except PlanInputError as error:
        problem = Problem("", str(error).removeprefix(f"{source}: "), line=error.line, column=error.column)
        return CheckReport(source, problems=[problem], complete=False)
    return check_data(data, source=source, as_of=as_of, select=select, ignore=ignore, context=context)


def check_paths(
    paths: Iterable[Path],
    *,
    as_of: _dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> Iterator[CheckReport]:
    """Yield a report for each plan file named by ``paths``: files as given, the ``*.json`` files inside folders.
    A folder holding no plan files gets a failed report of its own, so a wrong folder is never taken for success."""
    select, ignore = _listed(select), _listed(ignore)
    select_rules(select, ignore)
    for path in paths:
        files = plan_files([path])
        if not files:
            message = "folder has no *.json plan files; name a plan file, or a folder that holds some"
            yield CheckReport(os.fspath(path), problems=[Problem("", message)], complete=False)
        for file in files:
            yield check_file(file, as_of=as_of, select=select, ignore=ignore)


def _listed(selectors: Iterable[str] | None) -> list[str] | None:
    return None if selectors is None else list(selectors)
