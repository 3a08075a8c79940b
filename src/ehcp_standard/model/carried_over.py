"""Content carried over from a legacy plan that has no standard home, and councils' local extensions.

Nothing is dropped when a legacy plan is converted: text that fits no standard field is kept here with where it
came from, and the rendered plan shows it in a labelled appendix.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
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
    """Return ``value``; raise ``ValueError`` naming the first string (or key) holding an XML-illegal character."""
    if isinstance(value, str):
        try:
            reject_xml_illegal(value)
        except ValueError as error:
            raise ValueError(f"{path} {error}".strip()) from None
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_xml_safe(item, f"{path}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk_xml_safe(key, f"the key {path}/{key!r}")
            _walk_xml_safe(item, f"{path}/{key}")
    return value


def freeze_json(value: Any) -> Any:
    """Return ``value`` made read-only all the way down: objects as read-only mappings, arrays as tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze_json(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze_json(item) for item in value)
    return value


def thaw_json(value: Any) -> Any:
    """Return a read-only JSON value (see ``freeze_json``) as plain dicts and lists, for writing out."""
    if isinstance(value, Mapping):
        return {key: thaw_json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(item) for item in value]
    return value


class _XmlSafeJson:
    """Marker: any JSON (``object_only``: a JSON object) whose strings, keys included, XML 1.0 allows."""

    def __init__(self, object_only: bool = False):
        self.object_only = object_only

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            lambda value: freeze_json(_walk_xml_safe(value)),
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(thaw_json),
        )

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        if self.object_only:
            return {
                "type": "object",
                "propertyNames": {"pattern": XML_SAFE_PATTERN},
                "additionalProperties": dict(EXTENSION_VALUE_MARKER),
            }
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
        {"type": "number"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "array", "items": {"$ref": "#/$defs/ExtensionValue"}},
        {
            "type": "object",
            "propertyNames": {"pattern": XML_SAFE_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/ExtensionValue"},
        },
    ],
}

Namespace = Annotated[str, Field(pattern=NAMESPACE_PATTERN)]
#: The local additions of one council: a JSON object of any JSON values.
ExtensionObject = Annotated[dict[str, JsonValue], _XmlSafeJson(object_only=True)]
#: A council's additions by namespace. Validated values are read-only (mappings and tuples), like the rest of a plan.
Extensions = dict[Namespace, ExtensionObject]

