"""Reading and validating plan JSON: every problem located by JSON pointer, with what was expected and found.

``validate_plan`` never raises for a bad plan: it returns a report listing every problem. ``load_plan`` returns a
``Plan`` or raises ``PlanInputError`` (the file could not be read as JSON) or ``PlanValidationError`` (it could, but
it is not a valid plan). Plans are validated by the pydantic model in strict JSON mode, so that the model and the
published JSON Schema accept the same documents; ``validate_plan(..., check_schema=True)`` also runs ``jsonschema``.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import os
import re
from collections.abc import Iterator
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

#: A plan to read: a path (``str`` or ``os.PathLike``), JSON text as ``bytes``, or parsed JSON (a ``dict``).
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
        found = f" (found {self.got})" if self.got is not None else ""
        where = f"line {self.line}, column {self.column}" if self.line else self.pointer
        return f"{where}: {self.message}{found}" if where else f"{self.message}{found}"

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


def read_plan_text(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> str:
    """Return the text of the plan file at ``path``; raise ``PlanInputError`` if it is missing, a folder, larger
    than ``max_bytes`` (``None``: ``MAX_PLAN_BYTES``), or not UTF-8."""
    source = os.fspath(path)
    max_bytes = MAX_PLAN_BYTES if max_bytes is None else max_bytes
    try:
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise PlanInputError(f"{source}: no such file; check the path", source=source) from error
    except IsADirectoryError as error:
        raise PlanInputError(f"{source}: is a folder, not a plan file; name a .json file", source=source) from error
    except OSError as error:
        raise PlanInputError(
            f"{source}: cannot be read ({error.strerror}); check its permissions", source=source
        ) from error
    _check_size(len(data), max_bytes, source)
    return _decode(data, source)


def _check_size(size: int, max_bytes: int | None, source: str) -> None:
    limit = MAX_PLAN_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise PlanInputError(
            f"{source}: larger than the {limit:,}-byte limit for a plan file; a plan's JSON is normally well "
            "under 2 MB, so check this is a plan (or raise the limit with max_bytes)",
            source=source,
        )


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanInputError(
            f"{source}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8",
            source=source,
        ) from error


def parse_json(text: str, *, source: str = "<data>") -> Any:
    """Return the JSON value in ``text``; raise ``PlanInputError`` for a syntax error and for a key repeated in one
    object (JSON parsers silently keep only one of them, losing the other), each with its line and column, and for the
    tokens ``NaN`` and ``Infinity``, which are not JSON."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        message = f"{source}: not well-formed JSON: {error.msg}"
        raise PlanInputError(message, source=source, line=error.lineno, column=error.colno) from error
    except _NotJson as error:
        raise PlanInputError(
            f"{source}: not well-formed JSON: {error.token} is not a JSON value", source=source
        ) from None
    except _DuplicateKey as error:
        line, column = _position(text, _second_key_offset(text, error.key))
        raise PlanInputError(
            f"{source}: the key {error.key!r} appears twice in one object; keep one, or the other is lost",
            source=source,
            line=line,
            column=column,
        ) from None


class _NotJson(Exception):
    def __init__(self, token: str):
        self.token = token


def _not_json(token: str) -> Any:
    raise _NotJson(token)


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key
        self.offset: int | None = None


def _second_key_offset(text: str, key: str) -> int:
    """Return the offset of the second ``key`` in the first object (depth first) that holds it twice.

    Only called once a repeated key is known to exist: it re-reads the text with the pure-Python scanner, which
    tells where each object starts, and walks that object's members.
    """
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> Any:
        try:
            return json.decoder.JSONObject(s_and_end, *args)
        except _DuplicateKey as error:
            if error.offset is None:
                error.offset = _repeat_in_object(text, s_and_end[1], key, decoder)
            raise

    decoder.parse_object = parse_object
    decoder.object_pairs_hook = _no_duplicate_keys
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        decoder.decode(text)
    except _DuplicateKey as error:
        return error.offset or 0
    return 0


def _repeat_in_object(text: str, pos: int, key: str, decoder: json.JSONDecoder) -> int | None:
    """Return the offset of the second member named ``key`` of the object whose body starts at ``pos``."""
    seen = False
    while True:
        pos = _skip_space(text, pos)
        if text[pos] != '"':
            return None
        name, end = json.decoder.scanstring(text, pos + 1)
        if name == key and seen:
            return pos
        seen = seen or name == key
        _, pos = decoder.raw_decode(text, _skip_space(text, _skip_space(text, end) + 1))
        pos = _skip_space(text, pos) + 1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def validate_plan(
    plan: PlanSource, *, source: str | None = None, check_schema: bool = False, max_bytes: int | None = None
) -> ValidationReport:
    """Validate a plan given as a path (``str`` or ``os.PathLike``), JSON text (``bytes``) or parsed JSON.

    Returns a ``ValidationReport``; problems reading the file or parsing the JSON are reported too, with the line
    and column of malformed JSON. With ``check_schema`` the published JSON Schema is applied as well, and its
    findings are added where the model did not already report the same place.
    """
    name = source or _source_name(plan)
    try:
        data = _as_json_data(plan, name, max_bytes)
    except PlanInputError as error:
        return ValidationReport(
            name, [Problem("", str(error).removeprefix(f"{name}: "), line=error.line, column=error.column)]
        )
    problems = _version_problems(data)
    plan_obj = None
    if not problems:
        plan_obj, problems = _model_problems(data)
    if check_schema:
        problems = _merge(problems, schema_problems(data))
    return ValidationReport(name, problems, plan_obj if not problems else None)


def load_plan(plan: PlanSource, *, source: str | None = None, max_bytes: int | None = None) -> Plan:
    """Return the ``Plan`` in a file (``str`` or ``os.PathLike``), JSON text (``bytes``) or parsed JSON; raise
    ``PlanInputError`` if it cannot be read as JSON, ``SchemaVersionError`` if it declares another schema version, or
    ``PlanValidationError`` (listing every problem) if it is not a valid plan."""
    name = source or _source_name(plan)
    data = _as_json_data(plan, name, max_bytes)
    problems = _version_problems(data)
    if problems and isinstance(data, dict) and data.get("schema_version") is not None:
        raise SchemaVersionError(name, problems)
    plan_obj = None
    if not problems:
        plan_obj, problems = _model_problems(data)
    if problems or plan_obj is None:
        raise PlanValidationError(name, problems)
    return plan_obj


def _source_name(plan: PlanSource) -> str:
    if isinstance(plan, str) and plan.lstrip().startswith(("{", "[")):
        return "<data>"
    return os.fspath(plan) if isinstance(plan, (str, os.PathLike)) else "<data>"


def _as_json_data(plan: PlanSource, name: str, max_bytes: int | None) -> Any:
    if isinstance(plan, str) and plan.lstrip().startswith(("{", "[")):
        raise PlanInputError(
            "a str is read as a file path, but this looks like JSON text; pass it as bytes (text.encode()) or "
            "parsed (json.loads(text))",
            source="<data>",
        )
    if isinstance(plan, (str, os.PathLike)):
        return parse_json(read_plan_text(plan, max_bytes=max_bytes), source=name)
    if isinstance(plan, bytes):
        _check_size(len(plan), max_bytes, name)
        return parse_json(_decode(plan, name), source=name)
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
    surrogates = list(_lone_surrogates(data, ""))
    if surrogates:
        return None, surrogates
    try:
        return Plan.model_validate_json(json.dumps(data), strict=True), []
    except ValidationError as error:
        return None, problems_from_pydantic(error, data)


def _lone_surrogates(node: Any, pointer: str) -> Iterator[Problem]:
    """Yield a problem for each string (or key) holding an unpaired surrogate escape such as "\\ud800", which
    encodes no character."""
    if isinstance(node, str):
        found = _SURROGATE.search(node)
        if found:
            message = (
                f"contains \\u{ord(found.group()):04x}, half of a surrogate pair with no other half: not a character"
            )
            yield Problem(pointer, message)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _lone_surrogates(item, f"{pointer}/{index}")
    elif isinstance(node, dict):
        for key, item in node.items():
            child = f"{pointer}/{_escape(key)}"
            yield from _lone_surrogates(key, child)
            yield from _lone_surrogates(item, child)


_SURROGATE = re.compile("[\ud800-\udfff]")


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
        if isinstance(node, dict) and not last and part == node.get("type") and position > 0:
            continue  # the tag pydantic adds for the member of a tagged union (events)
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif not last or part == "[key]":
            continue
        path.append(part)
    return path


def _escape(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _pointer(path: list[Any]) -> str:
    return "".join("/" + _escape(part) for part in path)


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
        path = list(error.absolute_path) + _named_property(error)
        found.append(Problem(_pointer(path), f"schema: {_clip(error.message, 200)}"))
    return sorted(found, key=lambda p: p.pointer)


def _named_property(error: Any) -> list[str]:
    """Return [the property] a ``required`` or ``additionalProperties`` error is about, so that the problem is
    placed at that property, as the model places it; [] for other errors."""
    pattern = {"required": r"^'(.*)' is a required property$", "additionalProperties": r"\('(.*?)' was unexpected\)"}
    found = re.search(pattern.get(error.validator, "(?!)"), error.message)
    return [found.group(1)] if found else []


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _merge(model: list[Problem], schema: list[Problem]) -> list[Problem]:
    """Add the schema's problems at places the model's problems do not already cover (the same place, or below
    it: a value the model rejected as a whole is not reported again part by part)."""
    covered = [p.pointer for p in model]

    def covered_by(schema_pointer: str, model_pointer: str) -> bool:
        return schema_pointer == model_pointer or schema_pointer.startswith(model_pointer + "/")

    return model + [p for p in schema if not any(covered_by(p.pointer, c) for c in covered)]


def plan_files(paths: list[Path]) -> list[Path]:
    """Return the plan files named by ``paths``: files as given, and the ``*.json`` files anywhere inside folders
    (sub-folders included), sorted."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    return found


def validate_paths(paths: list[Path], *, check_schema: bool = True) -> Iterator[ValidationReport]:
    """Yield a report for each plan file named by ``paths`` (see ``plan_files``). A folder holding no plan files
    gets a failed report of its own, so that a wrong folder name is never taken for success."""
    for path in paths:
        files = plan_files([path])
        if not files:
            message = "folder has no *.json plan files; name a plan file, or a folder that holds some"
            yield ValidationReport(os.fspath(path), [Problem("", message)])
        for file in files:
            yield validate_plan(file, check_schema=check_schema)
