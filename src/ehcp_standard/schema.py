"""The published JSON Schema of the plan, generated from the model.

The schema is plain Draft 2020-12: ``$id`` carries the schema version, and nothing in it needs Python to be
understood. What JSON Schema cannot state (check characters of UPN, ULN and NHS numbers; ids that must exist
elsewhere in the plan) is checked by the library and named in the field descriptions.

The committed copy lives at ``schemas/ehcp-plan-<version>.schema.json``; a test fails if it drifts from the model.
Regenerate it with ``ehcp schema -o schemas/``.
"""

from __future__ import annotations

import copy
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .model import Plan
from .model.carried_over import EXTENSION_VALUE_MARKER, EXTENSION_VALUE_SCHEMA
from .model.version import SCHEMA_ID, SCHEMA_VERSION

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: File name of the committed schema for the current schema version.
SCHEMA_FILE_NAME = f"ehcp-plan-{SCHEMA_VERSION}.schema.json"


def plan_schema() -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of a plan, as a new dict the caller may change."""
    return copy.deepcopy(_plan_schema())


@cache
def _plan_schema() -> dict[str, Any]:
    generated = Plan.model_json_schema(mode="validation")
    body = _standardise(generated)
    body["$defs"]["ExtensionValue"] = EXTENSION_VALUE_SCHEMA
    body["$defs"] = dict(sorted(body["$defs"].items()))
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **body}


def _standardise(node: Any) -> Any:
    """Replace the extension-value placeholder by its reference and drop OpenAPI's ``discriminator`` keyword."""
    if isinstance(node, dict):
        if node == EXTENSION_VALUE_MARKER:
            return {"$ref": "#/$defs/ExtensionValue"}
        return {key: _standardise(value) for key, value in node.items() if key != "discriminator"}
    if isinstance(node, list):
        return [_standardise(item) for item in node]
    return node


def schema_json() -> str:
    """Return the schema as the exact text of the committed file (2-space indent, trailing newline)."""
    return json.dumps(_plan_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def schema_validator() -> Draft202012Validator:
    """Return a ``jsonschema`` Draft 2020-12 validator of the plan schema that also asserts ``format``.

    python-jsonschema applies ``pattern`` with Python's ``re.search``, where ``$`` also matches before a final line
    break; ECMA-262, which JSON Schema specifies, does not. So the validator is given a copy of the schema whose
    final ``$`` anchors read ``\\Z``, and agrees with validators in other languages. The published schema is
    unchanged.
    """
    schema = _python_anchors(_plan_schema())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


_FINAL_DOLLAR = re.compile(r"(?<!\\)\$$")


def _python_anchors(node: Any) -> Any:
    """Return ``node`` with every ``pattern`` and ``patternProperties`` key ending in ``\\Z`` instead of ``$``."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                result[key] = _FINAL_DOLLAR.sub(r"\\Z", value)
            elif key == "patternProperties":
                result[key] = {_FINAL_DOLLAR.sub(r"\\Z", k): _python_anchors(v) for k, v in value.items()}
            else:
                result[key] = _python_anchors(value)
        return result
    if isinstance(node, list):
        return [_python_anchors(item) for item in node]
    return node


def write_schema(target: str | os.PathLike[str]) -> Path:
    """Write the schema to ``target`` and return the file written: ``target`` itself, or ``SCHEMA_FILE_NAME``
    inside it when it is a folder (an existing one, or a path ending in a separator, which is then created).
    Raises ``OSError`` if the file cannot be written."""
    text = os.fspath(target)
    path = Path(text)
    if text.endswith(("/", os.sep)):
        path.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        path = path / SCHEMA_FILE_NAME
    path.write_text(schema_json(), encoding="utf-8", newline="\n")
    return path
