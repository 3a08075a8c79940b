"""Identifiers of people, settings and authorities, with their check algorithms (EHCP-STANDARD.md §7).

Each ``check_*`` function returns the value unchanged when it is valid and raises ``ValueError`` with a message
that says what the check expected and what it found. The annotated types (``Upn``, ``Uln``, ``NhsNumber``, ``Urn``,
``Ukprn``, ``LaCode``, ``KnownLaCode``) apply those checks in the model and state the shape in the JSON Schema.
The check characters themselves cannot be expressed in JSON Schema; validators in other languages check the shape
only and should run the algorithms below.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from .la_codes import (
    RETIRED_LA_CODES,
    current_local_authorities,
    explain_la_code,
    is_current_la_code,
    is_known_la_code,
)

#: The UPN alphabet: A–Z without I, O and S; a letter's value is its position (A = 0 … Z = 22).
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"

UPN_PATTERN = "^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$"
ULN_PATTERN = "^[1-9][0-9]{9}$"
NHS_NUMBER_PATTERN = "^[0-9]{10}$"
URN_PATTERN = "^[0-9]{6}$"
UKPRN_PATTERN = "^[0-9]{1,10}$"
LA_CODE_PATTERN = "^[0-9]{3}$"

_UPN_SHAPE = re.compile(UPN_PATTERN)


def upn_check_letter(body: str) -> str:
    """Return the check letter for the 12 characters that follow it in a UPN (weights 2–13, sum mod 23)."""
    total = sum(_upn_value(char) * weight for weight, char in enumerate(body, start=2))
    return UPN_ALPHABET[total % 23]


def _upn_value(char: str) -> int:
    return int(char) if char.isdigit() else UPN_ALPHABET.index(char)


def check_upn(value: str) -> str:
    """Return ``value`` if it is a valid permanent or temporary UPN; otherwise raise ``ValueError`` saying why.

    A permanent UPN is a check letter and 12 digits; a temporary one ends in a letter instead of the last digit.
    Characters 2–4 must be a current or a retired DfE LA code (pupils keep UPNs issued before a reorganisation).
    """
    if not _UPN_SHAPE.fullmatch(value):
        raise ValueError(
            "a UPN is 13 characters: a check letter, then 12 digits (permanent) or 11 digits and a letter "
            f"(temporary), using letters A-Z without I, O and S; found {value!r}"
        )
    expected = upn_check_letter(value[1:])
    if value[0] != expected:
        raise ValueError(f"UPN {value} has check letter {value[0]!r}, but its other characters give {expected!r}")
    if not is_known_la_code(value[1:4]):
        raise ValueError(f"UPN {value}: characters 2-4 should be the issuing LA's DfE code; {value[1:4]!r} is not one")
    return value


def is_temporary_upn(value: str) -> bool:
    """Return whether a (valid) UPN is a temporary one: its last character is a letter."""
    return value[-1].isalpha()


def check_uln(value: str) -> str:
    """Return ``value`` if it is a valid ULN: 10 digits, first non-zero, Σ(digit × 10..1) mod 11 = 10."""
    if not re.fullmatch(ULN_PATTERN, value):
        raise ValueError(f"a ULN is 10 digits and does not start with 0; found {value!r}")
    remainder = sum(int(d) * w for d, w in zip(value, range(10, 0, -1))) % 11
    if remainder != 10:
        first_nine = sum(int(d) * w for d, w in zip(value[:9], range(10, 1, -1))) % 11
        expected = "none (no valid ULN starts with these 9 digits)" if first_nine == 0 else str(10 - first_nine)
        raise ValueError(f"ULN {value} fails its check digit: the last digit should be {expected}, found {value[9]}")
    return value


def nhs_check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for the first nine digits of an NHS number, or ``None`` if none exists."""
    check = 11 - sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1))) % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def check_nhs_number(value: str) -> str:
    """Return ``value`` if it is a valid NHS number: 10 digits passing the Modulus 11 check."""
    if not re.fullmatch(NHS_NUMBER_PATTERN, value):
        raise ValueError(f"an NHS number is 10 digits with no spaces; found {value!r}")
    expected = nhs_check_digit(value[:9])
    if expected is None:
        raise ValueError(f"NHS number {value} is invalid: its first nine digits give check value 10, never issued")
    if int(value[9]) != expected:
        raise ValueError(
            f"NHS number {value} fails the Modulus 11 check: last digit should be {expected}, found {value[9]}"
        )
    return value


def check_urn(value: str) -> str:
    """Return ``value`` if it is a school Unique Reference Number: 6 digits (GIAS)."""
    if not re.fullmatch(URN_PATTERN, value):
        raise ValueError(f"a URN (school Unique Reference Number) is 6 digits; found {value!r}")
    return value


def check_ukprn(value: str) -> str:
    """Return ``value`` if it is made of 1–10 digits. UKPRNs are 8 digits, a length the checker warns about."""
    if not re.fullmatch(UKPRN_PATTERN, value):
        raise ValueError(
            f"a UKPRN (UK Provider Reference Number) is written in digits only (normally 8); found {value!r}"
        )
    return value


def check_la_code(value: str) -> str:
    """Return ``value`` if it is one of the current DfE three-digit LA codes."""
    if not is_current_la_code(value):
        raise ValueError(explain_la_code(value))
    return value


def check_known_la_code(value: str) -> str:
    """Return ``value`` if it is a current or retired DfE LA code (for history: transfers, old data)."""
    if not is_known_la_code(value):
        raise ValueError(explain_la_code(value))
    return value


class _Identifier:
    """Marker that applies a check function and puts the identifier's shape into the JSON Schema."""

    def __init__(self, check: Any, schema: dict[str, Any]):
        self.check = check
        self.schema = schema

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, core_schema.str_schema())

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        return {"type": "string", **self.schema}


def _current_codes() -> list[str]:
    return list(current_local_authorities())


def _known_codes() -> list[str]:
    return sorted([*current_local_authorities(), *RETIRED_LA_CODES])


Upn = Annotated[str, _Identifier(check_upn, {"pattern": UPN_PATTERN})]
Uln = Annotated[str, _Identifier(check_uln, {"pattern": ULN_PATTERN})]
NhsNumber = Annotated[str, _Identifier(check_nhs_number, {"pattern": NHS_NUMBER_PATTERN})]
Urn = Annotated[str, _Identifier(check_urn, {"pattern": URN_PATTERN})]
Ukprn = Annotated[str, _Identifier(check_ukprn, {"pattern": UKPRN_PATTERN})]
LaCode = Annotated[str, _Identifier(check_la_code, {"enum": _current_codes()})]
KnownLaCode = Annotated[str, _Identifier(check_known_la_code, {"enum": _known_codes()})]
