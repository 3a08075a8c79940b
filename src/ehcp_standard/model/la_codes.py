"""The DfE three-digit local authority codes: the 153 current ones and the codes retired by reorganisations.

The current list is the one DfE publishes with its EHC plan statistics (``data/la_codes.csv``). Retired codes still
appear in older data, in transfer histories and inside UPNs allocated before a reorganisation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class LocalAuthority:
    """One local authority: its DfE code, name and region (``region`` is ``None`` for a retired code)."""

    code: str
    name: str
    region: str | None = None


@dataclass(frozen=True)
class RetiredLocalAuthority:
    """A code retired by a reorganisation, with the codes of the authorities that replaced it."""

    code: str
    name: str
    successors: tuple[str, ...]
    retired: str


#: Codes retired by reorganisations, with their successors (DfE LA codes; EHCP-STANDARD.md §7.4).
RETIRED_LA_CODES: dict[str, RetiredLocalAuthority] = {
    item.code: item
    for item in (
        RetiredLocalAuthority("835", "Dorset (county, before April 2019)", ("838", "839"), "April 2019"),
        RetiredLocalAuthority("836", "Poole", ("839",), "April 2019"),
        RetiredLocalAuthority("837", "Bournemouth", ("839",), "April 2019"),
        RetiredLocalAuthority("909", "Cumbria", ("942", "943"), "April 2023"),
        RetiredLocalAuthority("928", "Northamptonshire", ("940", "941"), "April 2021"),
    )
}


@cache
def current_local_authorities() -> dict[str, LocalAuthority]:
    """Return the current local authorities keyed by their three-digit code, in the published order."""
    text = resources.files("ehcp_standard").joinpath("data/la_codes.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row["la_code"]: LocalAuthority(row["la_code"], row["la_name"], row["region"]) for row in rows}


def is_current_la_code(code: str) -> bool:
    """Return whether ``code`` is one of the 153 current DfE LA codes."""
    return code in current_local_authorities()


def is_known_la_code(code: str) -> bool:
    """Return whether ``code`` is a current or a retired DfE LA code."""
    return is_current_la_code(code) or code in RETIRED_LA_CODES


def la_name(code: str) -> str | None:
    """Return the name of the authority with ``code`` (current or retired), or ``None`` if the code is unknown."""
    if code in RETIRED_LA_CODES:
        return RETIRED_LA_CODES[code].name
    authority = current_local_authorities().get(code)
    return authority.name if authority else None


def explain_la_code(code: str) -> str:
    """Return why ``code`` is not a current LA code: retired (naming its successors) or unknown."""
    retired = RETIRED_LA_CODES.get(code)
    if retired:
        successors = " or ".join(f"{c} ({la_name(c)})" for c in retired.successors)
        return f"LA code {code} ({retired.name}) was retired in {retired.retired}; use {successors}"
    return f"{code!r} is not one of the {len(current_local_authorities())} current DfE three-digit LA codes"
