"""Content carried over from a legacy plan that has no standard home, and councils' local extensions.

Nothing is dropped when a legacy plan is converted: text that fits no standard field is kept here with where it
came from, and the rendered plan shows it in a labelled appendix.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, JsonValue
from pydantic_core import core_schema

from .codes import SectionLetter, describe
from .types import XML_SAFE_PATTERN, ShortText, StandardModel, Text, reject_xml_illegal

NAMESPACE_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$"


class SourceLocation(StandardModel):
    """Where a piece of text was found in its source document."""

    file: ShortText | None = Field(None, title="Source file name")
    location: ShortText = Field(
        title="Location",
        description='Where in the file, e.g. "table 3, row 2, cell 1" or "paragraph 41" or "row 14, column Needs".',
    )
    heading: ShortText | None = Field(None, title="Under heading", description="The heading the text sat under.")


class CarriedOverItem(StandardModel):
    """A piece of legacy content with no standard home, kept verbatim with its source."""

    text: Text = Field(title="Text")
    source: SourceLocation = Field(title="Source")
    reason: ShortText | None = Field(None, title="Why it was carried over")
    suggested_section: SectionLetter | None = Field(
        None, title="Suggested section", description=describe(SectionLetter)
    )


def _walk_xml_safe(value: Any, path: str = "") -> Any:
    if isinstance(value, str):
        try:
            reject_xml_illegal(value)
        except ValueError as error:
            raise ValueError(f"{path or 'value'} {error}") from None
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_xml_safe(item, f"{path}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk_xml_safe(key, f"{path} key")
            _walk_xml_safe(item, f"{path}/{key}")
    return value


class _ExtensionValue:
    """Any JSON value whose strings (keys included) are XML-safe, stated recursively in the JSON Schema."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_walk_xml_safe, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        return dict(EXTENSION_VALUE_MARKER)


#: Placeholder pydantic writes for an extension value; ``ehcp_standard.schema`` replaces it with a reference to
#: ``EXTENSION_VALUE_SCHEMA`` (pydantic cannot emit a reference to a definition it did not make itself).
EXTENSION_VALUE_MARKER = {"x-ehcp-extension-value": True}

#: JSON Schema of an extension value, added to ``$defs`` by ``ehcp_standard.schema``.
EXTENSION_VALUE_SCHEMA: dict[str, Any] = {
    "title": "Extension value",
    "description": "Any JSON value; every string in it, object keys included, is free of characters XML 1.0 forbids.",
    "anyOf": [
        {"type": "string", "pattern": XML_SAFE_PATTERN},
        {"type": ["number", "boolean", "null"]},
        {"type": "array", "items": {"$ref": "#/$defs/ExtensionValue"}},
        {
            "type": "object",
            "propertyNames": {"pattern": XML_SAFE_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/ExtensionValue"},
        },
    ],
}

ExtensionValue = Annotated[JsonValue, _ExtensionValue()]
Namespace = Annotated[str, Field(pattern=NAMESPACE_PATTERN)]
Extensions = dict[Namespace, dict[str, ExtensionValue]]

