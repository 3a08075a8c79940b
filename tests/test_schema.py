"""The published JSON Schema: committed copy equals the model's, and it is plain standard Draft 2020-12."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ehcp_standard import SCHEMA_ID, SCHEMA_VERSION, plan_schema, schema_json
from ehcp_standard.schema import SCHEMA_FILE_NAME

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / SCHEMA_FILE_NAME
JS_CHECK = ROOT / "tests" / "js"

#: Every keyword the schema may use: Draft 2020-12 core, applicator, validation and annotation vocabularies.
DRAFT_2020_12_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items", "contains",
    "properties", "patternProperties", "additionalProperties", "propertyNames", "type", "enum", "const",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
    "required", "dependentRequired", "title", "description", "default", "deprecated", "readOnly", "writeOnly",
    "examples", "format", "unevaluatedItems", "unevaluatedProperties", "contentEncoding", "contentMediaType",
}
#: Formats every Draft 2020-12 validator knows.
STANDARD_FORMATS = {"date", "date-time", "time", "duration", "email", "uri", "uuid"}


def _schemas_in(node, found=None):
    """Return every subschema (dict in a schema position) of ``node``."""
    found = [] if found is None else found
    if isinstance(node, dict):
        found.append(node)
        for key, value in node.items():
            if key in {"properties", "patternProperties", "$defs"}:
                for sub in value.values():
                    _schemas_in(sub, found)
            elif key in {"enum", "const", "default", "examples", "required"}:
                continue
            elif isinstance(value, (dict, list)):
                _schemas_in(value, found)
    elif isinstance(node, list):
        for item in node:
            _schemas_in(item, found)
    return found


def test_committed_schema_matches_the_model():
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        f"{COMMITTED} has drifted from the model; regenerate it with: ehcp schema -o schemas/"
    )


def test_schema_is_valid_draft_2020_12_with_a_versioned_id():
    schema = plan_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID and SCHEMA_VERSION in SCHEMA_ID and SCHEMA_VERSION in SCHEMA_FILE_NAME
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert "schema_version" in schema["required"]


def test_schema_uses_only_standard_keywords_and_formats():
    subschemas = _schemas_in(plan_schema())
    used = {key for sub in subschemas for key in sub}
    assert used <= DRAFT_2020_12_KEYWORDS, used - DRAFT_2020_12_KEYWORDS
    formats = {sub["format"] for sub in subschemas if "format" in sub}
    assert formats <= STANDARD_FORMATS


def test_schema_patterns_use_no_python_only_regex_syntax():
    patterns = [sub["pattern"] for sub in _schemas_in(plan_schema()) if "pattern" in sub]
    patterns += [key for sub in _schemas_in(plan_schema()) for key in sub.get("patternProperties", {})]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)
        assert not re.search(r"\(\?P|\\A|\\Z|\(\?[aiLmsux]", pattern), pattern


def test_every_property_has_a_title():
    schema = plan_schema()

    def titled(prop: dict) -> bool:
        ref = prop.get("$ref", "")
        return "title" in prop or "title" in schema["$defs"].get(ref.removeprefix("#/$defs/"), {})

    missing = [name for sub in _schemas_in(schema) for name, prop in sub.get("properties", {}).items()
               if not titled(prop)]
    assert not missing


def test_sections_carry_their_statutory_citation():
    props = plan_schema()["properties"]
    assert "Regs 12(1)(a)" in props["section_a"]["description"]
    assert "s.37(2)(c)" in props["special_educational_needs"]["description"]
    assert "s.38(5)" in props["placement"]["description"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_a_javascript_validator_accepts_the_schema_and_agrees_on_examples(tmp_path):
    if not (JS_CHECK / "node_modules" / "ajv").is_dir():
        pytest.skip("Ajv is not installed: run `npm install --prefix tests/js` (.ci/run does)")
    examples = sorted((ROOT / "examples").glob("*.json"))
    assert examples
    broken = json.loads(examples[0].read_text(encoding="utf-8"))
    broken["personal_details"]["identifiers"]["upn"] = "B80120000500"
    broken_path = tmp_path / "broken.json"
    broken_path.write_text(json.dumps(broken), encoding="utf-8")
    result = subprocess.run(
        ["node", str(JS_CHECK / "validate.js"), str(COMMITTED), *map(str, examples), str(broken_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[:-1] == [f"valid {path}" for path in examples]
    assert lines[-1].startswith(f"invalid {broken_path}") and "/personal_details/identifiers/upn" in lines[-1]
