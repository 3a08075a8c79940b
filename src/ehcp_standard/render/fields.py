"""Labelled lines ("Label: value") and other small value formats used across the template context."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from markupsafe import Markup

from ..model.codes import label
from ..model.la_codes import la_name
from .text import lead_and_rest, xml_text


@dataclass(frozen=True)
class Field:
    """One labelled line: ``label`` and ``value``, both escaped."""

    label: Markup
    value: Markup


def field_list(pairs: list[tuple[str, Any]]) -> list[Field]:
    """Return a ``Field`` for each (label, value) pair whose value is set (not ``None``, empty or ``()``)."""
    return [Field(xml_text(name), xml_text(value)) for name, value in pairs if value not in (None, "", ())]


def date_text(value: _dt.date | None) -> str | None:
    """Return a date written CCYY-MM-DD, as the national template asks, or ``None``."""
    return value.isoformat() if value else None


def yes_no_if(value: bool | None) -> str | None:
    """Return "YES", "NO" or ``None`` (not known)."""
    return None if value is None else ("YES" if value else "NO")


def code_text(code: StrEnum | None, *, with_code: bool = False) -> str | None:
    """Return the wording of a code (and the code itself in brackets when ``with_code``), or ``None``."""
    if code is None:
        return None
    return f"{label(code)} ({code.value})" if with_code else label(code)


def authority_text(code: str | None) -> str | None:
    """Return "Name (DfE code 123)" for a DfE local authority code, or ``None``."""
    if code is None:
        return None
    name = la_name(code)
    return f"{name} (DfE code {code})" if name else f"DfE code {code}"


def labelled(value: str | None) -> dict[str, Any] | None:
    """Return a text as ``lead`` (first line, shown after its label) and ``rest`` paragraphs, or ``None``."""
    if value is None:
        return None
    lead, rest = lead_and_rest(value)
    return {"lead": lead, "rest": rest}

