"""Identifier rules EHCP-ID001 to EHCP-ID006: UPN, ULN, NHS number, URN, UKPRN and DfE LA codes (§7).

These rules read the plan's raw JSON (``applies_to="data"``), not a loaded ``Plan``: the model rejects an invalid
identifier, so a rule reading a ``Plan`` would never see one. Run on the JSON of a plan file (``check_data``), each
rule reports an invalid value at its JSON pointer and marks it to be set aside, so that every other rule still
runs on the rest of the plan. Run on a loaded ``Plan`` they read the plan's own JSON, where only what the model
accepts can remain: a UKPRN that is digits but not 8 of them, and a retired LA code in a transfer's history.

A value that is not a JSON string is left to validation (it is a type problem, not an identifier problem).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model.identifiers import check_nhs_number, check_ukprn, check_uln, check_upn, check_urn
from ..model.la_codes import RETIRED_LA_CODES, current_local_authorities, explain_la_code, is_current_la_code
from .engine import CheckContext, DataCheck, Hit, Severity, rule

UPN = ("personal_details", "identifiers", "upn")
ULN = ("personal_details", "identifiers", "uln")
NHS_NUMBER = ("services", "nhs_number")
URNS = (("services", "education_setting", "urn"), ("placement", "placements", "*", "urn"))
UKPRNS = (("services", "education_setting", "ukprn"), ("placement", "placements", "*", "ukprn"))
OWNING_LA = ("metadata", "la_code")
TRANSFER_LA = ("metadata", "events", "*", "other_la")
PREVIOUS_LA = ("services", "previous_la")

_UKPRN_LENGTH = re.compile(r"[0-9]{8}")


def strings_at(data: Any, path: tuple[str, ...], pointer: str = "") -> Iterator[tuple[str, str]]:
    """Yield (JSON pointer, value) for each string found at ``path`` in ``data``; ``"*"`` stands for every item of
    an array. Anything not shaped as the path expects is skipped, never an error."""
    if not path:
        if isinstance(data, str):
            yield pointer, data
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from strings_at(item, rest, f"{pointer}/{index}")
    elif isinstance(data, dict) and head in data:
        yield from strings_at(data[head], rest, f"{pointer}/{head}")


def _rejecting(paths: tuple[tuple[str, ...], ...], check: Callable[[str], str], fix: str) -> DataCheck:
    """Return the check of a rule on the identifiers at ``paths``: it yields a hit, set aside, for each string there
    that ``check`` rejects, with its reason and ``fix``."""

    def rejected(data: Any, ctx: CheckContext) -> Iterator[Hit]:
        for path in paths:
            for pointer, value in strings_at(data, path):
                try:
                    check(value)
                except ValueError as error:
                    yield Hit(pointer, f"{error}; {fix}", set_aside=True)

    return rejected


_upn = rule(
    "EHCP-ID001", "error", "UPN is malformed or has a bad check letter (§7.1).",
    basis="DfE UPN standard", section="identifiers", applies_to="data",
)(_rejecting((UPN,), check_upn, "copy it from the school's records (the common transfer file), or remove it and "
             "say why in upn_unknown_reason"))

_uln = rule(
    "EHCP-ID002", "error", "ULN is malformed or fails its check digit (§7.2).",
    basis="Learning Records Service", section="identifiers", applies_to="data",
)(_rejecting((ULN,), check_uln, "copy it from the Learning Records Service or the learner's college, or remove it"))

_nhs_number = rule(
    "EHCP-ID003", "error", "NHS number is malformed or fails Modulus 11 (§7.3).",
    basis="NHS Data Dictionary", section="identifiers", applies_to="data",
)(_rejecting((NHS_NUMBER,), check_nhs_number, "copy it from a health letter (10 digits, no spaces), or remove it: "
             "the template asks for it only if available"))

_urn = rule(
    "EHCP-ID004", "error", "URN is not 6 digits.",
    basis="DfE (GIAS)", section="identifiers", applies_to="data",
)(_rejecting(URNS, check_urn, "look the school up on Get Information about Schools, or remove the URN and give an "
             "SEN2 setting code"))


@rule(
    "EHCP-ID005", "warning", "UKPRN is not 8 digits. The length is [UNVERIFIED].",
    basis="SEN2 spec (`ukprn`)", section="identifiers", unverified=True, applies_to="data",
)
def _ukprn(data: Any, ctx: CheckContext) -> Iterator[Hit]:
    for path in UKPRNS:
        for pointer, value in strings_at(data, path):
            if not _UKPRN_LENGTH.fullmatch(value):
                fix = "look the provider up on the UK Register of Learning Providers"
                yield Hit(
                    pointer, f"a UKPRN is 8 digits; found {value!r}; {fix}", set_aside=not _accepted(check_ukprn, value)
                )


def _accepted(check: Callable[[str], str], value: str) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True


@rule(
    "EHCP-ID006", "error",
    "LA code is not in `la_codes.csv`. A retired code (835–837, 909, 928) gives a warning with the successor codes.",
    basis="DfE LA codes", section="identifiers", applies_to="data",
)
def _la_codes(data: Any, ctx: CheckContext) -> Iterator[Hit]:
    for pointer, code in strings_at(data, OWNING_LA):
        yield from _owning_la(pointer, code)
    for path, required in ((TRANSFER_LA, True), (PREVIOUS_LA, False)):
        for pointer, code in strings_at(data, path):
            yield from _historic_la(pointer, code, required)


def _owning_la(pointer: str, code: str) -> Iterator[Hit]:
    """The owning LA must be a current one: a retired code is a warning (the successor is meant), an unknown code
    an error. Either is set aside with a stand-in, since the field is required."""
    if is_current_la_code(code):
        return
    retired = RETIRED_LA_CODES.get(code)
    if retired:
        message = f"{explain_la_code(code)}; the owning authority must be a current one"
        yield Hit(pointer, message, severity=Severity.WARNING, set_aside=True, stand_in=retired.successors[0])
        return
    message = f"{explain_la_code(code)}; give the owning council's code (see data/la_codes.csv)"
    yield Hit(pointer, message, set_aside=True, stand_in=_any_current_code())


def _historic_la(pointer: str, code: str, required: bool) -> Iterator[Hit]:
    """An LA in the plan's history may be retired (a warning: right only for a move before the reorganisation);
    an unknown code is an error and is set aside (with a stand-in when the field is required)."""
    if is_current_la_code(code):
        return
    retired = RETIRED_LA_CODES.get(code)
    if retired:
        message = f"{explain_la_code(code)}; keep {code} only if the move was before {retired.retired}"
        yield Hit(pointer, message, severity=Severity.WARNING)
        return
    message = f"{explain_la_code(code)}; give the other council's code (see data/la_codes.csv)"
    yield Hit(pointer, message, set_aside=True, stand_in=_any_current_code() if required else None)


def _any_current_code() -> str:
    """Return the stand-in for an unknown LA code that a plan requires: the first current code."""
    return next(iter(current_local_authorities()))
