"""Constrained types shared by every part of the model, defined once and reused.

Each type validates in pydantic *and* describes itself in the JSON Schema with plain Draft 2020-12 keywords
(``pattern``, ``minLength``, ``maxLength``, ``enum``), so that a validator in another language enforces the same
shape. Checks that JSON Schema cannot express (check characters, cross-references) are pydantic-only and are
named as such in the field descriptions.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler, StringConstraints
from pydantic_core import core_schema

# Characters XML 1.0 does not allow (a Word document is XML): C0 controls except tab, LF and CR, the
# non-characters U+FFFE and U+FFFF, and unpaired surrogates.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029\ufffe\uffff\ud800-\udfff]")

#: JSON Schema pattern accepted by text fields (ECMA-262 and Python ``re`` read it the same way).
XML_SAFE_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$"
#: JSON Schema pattern accepted by one-line fields: no control characters and no line or paragraph separators.
ONE_LINE_PATTERN = "^[^\\u0000-\\u001F\\u007F\\u0085\\u2028\\u2029\\uFFFE\\uFFFF]*$"
#: JSON Schema pattern of a calendar date as written in plans (CCYY-MM-DD, as the national template asks).
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: JSON Schema pattern of an id of a need, outcome, provision item or other referable entry.
ID_PATTERN = "^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
_DATE_TEXT = re.compile(DATE_PATTERN.replace("^", "").replace("$", ""), re.ASCII)

TEXT_MAX_LENGTH = 100_000
SHORT_TEXT_MAX_LENGTH = 500


def _describe_char(char: str) -> str:
    return f"U+{ord(char):04X}"


def reject_xml_illegal(value: str) -> str:
    """Return ``value`` unchanged, or raise ``ValueError`` naming the first character XML 1.0 forbids."""
    found = _XML_ILLEGAL.search(value)
    if found:
        raise ValueError(
            f"contains the character {_describe_char(found.group())} at position {found.start() + 1}, "
            "which XML 1.0 does not allow (a Word document could not hold it); remove it"
        )
    return value


def reject_line_breaks(value: str) -> str:
    """Return ``value`` unchanged, or raise ``ValueError`` if it holds a line break or other control character."""
    found = _LINE_BREAKING.search(value)
    if found:
        raise ValueError(
            f"must be a single line, but contains the control character {_describe_char(found.group())} "
            f"at position {found.start() + 1}"
        )
    return value


class _CheckedString:
    """Marker that adds a Python check and the matching JSON Schema ``pattern`` to a string type."""

    def __init__(self, check: Any, pattern: str):
        self.check = check
        self.pattern = pattern

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


def parse_date(value: Any) -> _dt.date:
    """Return ``value`` as a date: a ``date`` (not a ``datetime``) as it is, or text written CCYY-MM-DD.

    Raises ``ValueError`` for anything else, including the Unix timestamps pydantic would otherwise read as dates.
    """
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if not isinstance(value, str):
        # A pydantic validator: pydantic reports a ValueError as a validation error, a TypeError would escape.
        raise ValueError("a date is text written CCYY-MM-DD, e.g. 2026-03-01")  # noqa: TRY004
    if not _DATE_TEXT.fullmatch(value):
        raise ValueError("a date is written CCYY-MM-DD, e.g. 2026-03-01")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a date in the calendar") from None


class _IsoDate:
    """Marker that reads dates only as CCYY-MM-DD and writes them so, stated in JSON Schema as ``format: date``
    with the pattern."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            parse_date,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _dt.date.isoformat, when_used="json-unless-none"
            ),
        )

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}


#: Free text of any length up to 100,000 characters: paragraphs separated by line breaks; a line that starts with
#: "- " or "• " is a bullet point. Characters that XML 1.0 forbids are rejected.
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TEXT_MAX_LENGTH),
    _CheckedString(reject_xml_illegal, XML_SAFE_PATTERN),
]

#: One line of text (a name, a label, a telephone number): no line breaks, at most 500 characters.
ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=SHORT_TEXT_MAX_LENGTH),
    _CheckedString(reject_line_breaks, ONE_LINE_PATTERN),
]

#: A stable id for a need, outcome, provision item or other entry that others refer to, e.g. ``B-CI-1``.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

#: A calendar date written CCYY-MM-DD.
Date = Annotated[_dt.date, _IsoDate()]


def check_date_order(start: _dt.date | None, end: _dt.date | None, what: str) -> None:
    """Raise ``ValueError`` if both dates are given and ``end`` is before ``start``."""
    if start is not None and end is not None and end < start:
        raise ValueError(f"{what} ends ({end}) before it starts ({start})")


class StandardModel(BaseModel):
    """Base of every model of the plan: immutable, and unknown fields are an error (outside ``extensions``)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        str_strip_whitespace=False,
        use_enum_values=False,
    )
