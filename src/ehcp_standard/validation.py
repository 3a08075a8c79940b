"""Reading and validating plan JSON: every problem located by JSON pointer, with what was expected and found.

``validate_plan`` never raises for a bad plan: it returns a report listing every problem. ``load_plan`` returns a
``Plan`` or raises ``PlanInputError`` (the file could not be read as JSON) or ``PlanValidationError`` (it could, but
it is not a valid plan). Plans are validated by the pydantic model in strict JSON mode, so that the model and the
published JSON Schema accept the same documents; ``validate_plan(..., check_schema=True)`` also runs ``jsonschema``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import PlanInputError, PlanValidationError, SchemaVersionError
from .model import Plan
from .model.plan import CrossReferenceError
from .model.version import SCHEMA_VERSION

#: Largest plan file read by default (bytes). A plan with long narrative is well under 2 MB.
MAX_PLAN_BYTES = 20 * 1024 * 1024
_GOT_LIMIT = 80

PlanSource = str | bytes | os.PathLike[str] | dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """One problem with a plan: where (JSON pointer, ``""`` for the whole plan), what is wrong, and what was found.

    ``line`` and ``column`` (1-based) are set only for JSON that is not well formed.
    """

    pointer: str
    message: str
    got: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.line else (self.pointer or "/")
        found = f" (found {self.got})" if self.got is not None else ""
        return f"{where}: {self.message}{found}"

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict, leaving out what is not known."""
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class ValidationReport:
    """The result of validating one plan: ``plan`` is ``None`` unless ``problems`` is empty."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None

    @property
    def valid(self) -> bool:
        """Return whether the plan is valid (no problems)."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict (without the plan)."""
        return {"source": self.source, "valid": self.valid, "problems": [p.as_dict() for p in self.problems]}


def read_plan_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_PLAN_BYTES) -> str:
    """Return the text of the plan file at ``path``; raise ``PlanInputError`` if it is missing, a folder, larger
    than ``max_bytes``, or not UTF-8."""
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise PlanInputError(f"{source}: no such file", source=source) from error
    except IsADirectoryError as error:
        raise PlanInputError(f"{source}: is a folder, not a plan file", source=source) from error
    except OSError as error:
        raise PlanInputError(f"{source}: cannot be read ({error.strerror})", source=source) from error
    if len(data) > max_bytes:
        raise PlanInputError(f"{source}: larger than the {max_bytes:,}-byte limit for a plan file", source=source)
    return _decode(data, source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanInputError(
            f"{source}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8",
            source=source,
        ) from error


def parse_json(text: str, *, source: str = "<data>") -> Any:
    """Return the JSON value in ``text``; raise ``PlanInputError`` with the line and column of a syntax error or of
    a key repeated in one object (JSON parsers silently keep only one of them, losing the other)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        message = f"{source}: not well-formed JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise PlanInputError(message, source=source, line=error.lineno, column=error.colno) from error
    except _DuplicateKey as error:
        raise PlanInputError(f"{source}: the key {error.key!r} appears twice in one object", source=source) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def validate_plan(plan: PlanSource, *, source: str | None = None, check_schema: bool = False) -> ValidationReport:
    """Validate a plan given as a path, JSON text (``str``/``bytes``) or parsed JSON (``dict``).

    Returns a ``ValidationReport``; problems reading the file or parsing the JSON are reported too, with the line
    and column of malformed JSON. With ``check_schema`` the published JSON Schema is applied as well, and its
    findings are added where the model did not already report the same place.
    """
    name = source or _source_name(plan)
    try:
        data = _as_json_data(plan, name)
    except PlanInputError as error:
        return ValidationReport(name, [Problem("", str(error).removeprefix(f"{name}: "), line=error.line, column=error.column)])
    problems = _version_problems(data)
    plan_obj = None
    if not problems:
        plan_obj, problems = _model_problems(data)
    if check_schema:
        problems = _merge(problems, schema_problems(data))
    return ValidationReport(name, problems, plan_obj if not problems else None)


def load_plan(plan: PlanSource, *, source: str | None = None) -> Plan:
    """Return the ``Plan`` in a file, JSON text or parsed JSON; raise ``PlanInputError`` if it cannot be read as
    JSON, ``SchemaVersionError`` if it declares another schema version, or ``PlanValidationError`` (listing every
    problem) if it is not a valid plan."""
    name = source or _source_name(plan)
    data = _as_json_data(plan, name)
    problems = _version_problems(data)
    if problems and isinstance(data, dict) and "schema_version" in data:
        raise SchemaVersionError(name, problems)
    plan_obj = None
    if not problems:
        plan_obj, problems = _model_problems(data)
    if problems or plan_obj is None:
        raise PlanValidationError(name, problems)
    return plan_obj


def _source_name(plan: PlanSource) -> str:
    return os.fspath(plan) if isinstance(plan, os.PathLike) else "<data>"


def _as_json_data(plan: PlanSource, name: str) -> Any:
    if isinstance(plan, os.PathLike):
        return parse_json(read_plan_text(plan), source=name)
    if isinstance(plan, bytes):
        return parse_json(_decode(plan, name), source=name)
    if isinstance(plan, str):
        return parse_json(plan, source=name)
    return plan


def _version_problems(data: Any) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem("", "a plan is a JSON object", got=_json_type(data))]
    version = data.get("schema_version")
    if version is None:
        return [Problem("/schema_version", f"missing: every plan states its schema_version ({SCHEMA_VERSION!r})")]
    if version != SCHEMA_VERSION:
        return [
            Problem(
                "/schema_version",
                f"this library reads schema version {SCHEMA_VERSION!r}; the plan declares another one",
                got=_show(version),
            )
        ]
    return []


def _model_problems(data: dict[str, Any]) -> tuple[Plan | None, list[Problem]]:
    try:
        return Plan.model_validate_json(json.dumps(data), strict=True), []
    except ValidationError as error:
        return None, problems_from_pydantic(error, data)


def problems_from_pydantic(error: ValidationError, data: Any = None) -> list[Problem]:
    """Return one located ``Problem`` per error in a pydantic ``ValidationError`` (cross-reference errors are
    split into one problem per id). ``data`` is the validated JSON, used to show what was found."""
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        cause = item.get("ctx", {}).get("error")
        base = _pointer(_json_path(item["loc"], data))
        if isinstance(cause, CrossReferenceError):
            problems += [Problem(base + pointer, message) for pointer, message in cause.problems]
            continue
        problems.append(Problem(base, _message(item), got=_got(item)))
    return problems


def _json_path(loc: tuple[Any, ...], data: Any) -> list[Any]:
    """Keep the parts of a pydantic location that are keys in the data; drop the tags pydantic adds for unions
    and validator functions (a name that is not in the data and is not the last part, the missing field)."""
    path: list[Any] = []
    node = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif not last:
            continue
        path.append(part)
    return path


def _pointer(path: list[Any]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _message(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field: not part of the standard (local additions belong under /extensions/<namespace>)"
    message = item["msg"]
    return message.removeprefix("Value error, ")


def _got(item: dict[str, Any]) -> str | None:
    if item["type"] == "missing":
        return None
    return _show(item.get("input"))


def _show(value: Any) -> str:
    return _clip(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value), _GOT_LIMIT)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def schema_problems(data: Any) -> list[Problem]:
    """Return the problems the published JSON Schema finds in ``data`` (parsed JSON), located by JSON pointer.

    Where a value matches none of several alternatives (a field that may also be null), the most relevant
    alternative's error is reported, at its own location.
    """
    from jsonschema.exceptions import best_match

    from .schema import schema_validator

    found = []
    for error in schema_validator().iter_errors(data):
        while error.context:
            branches = [e for e in error.context if e.validator_value != "null"] or error.context
            error = best_match(branches)
        found.append(Problem(_pointer(list(error.absolute_path)), f"schema: {_clip(error.message, 200)}"))
    return sorted(found, key=lambda p: p.pointer)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _merge(model: list[Problem], schema: list[Problem]) -> list[Problem]:
    """Add the schema's problems at places the model's problems do not already cover."""
    covered = [p.pointer for p in model]

    def related(a: str, b: str) -> bool:
        return a == b or a.startswith(b + "/") or b.startswith(a + "/")

    return model + [p for p in schema if not any(related(p.pointer, c) for c in covered)]


def plan_files(paths: list[Path]) -> list[Path]:
    """Return the plan files named by ``paths``: files as given, and the ``*.json`` files inside folders, sorted."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    return found
