"""Turning the text of one visible value back into plan data (JSON-shaped: dates and codes as strings).

Each function undoes one way the renderer writes a value ("2 times per week", "£1,500.00 per year",
"Autistic spectrum disorder (ASD)", "Leeds (DfE code 383)"...). ``""`` (nothing shown) reads as ``None``. A text
that is not in the expected form raises ``ValueError`` saying what was expected; the caller turns that into a
located warning and leaves the field out.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ..model.codes import BudgetPeriod, FrequencyPeriod
from ..model.types import parse_date
from .contract import MAIN_PLACEMENT, NONE_RECORDED, NOT_SPECIFIED, code_for_label, label_of

_AUTHORITY = re.compile(r"(?:^|\()DfE code ([0-9]{3})\)?$")
_WITH_CODE = re.compile(r"^(.*) \(([^()]*)\)$")
_OFTEN = re.compile(r"^([0-9]+) times? (.+)$")
_ONE_OFF_TIMES = re.compile(r"^([0-9]+) times in all \((.+)\)$")
_DURATION = re.compile(r"^([0-9]+) minutes? each time$")
_HOURS = re.compile(r"^(\S+) hours (.+)$")
_RATIO = re.compile(r"^([0-9]+):([0-9]+)$")
_GROUP = re.compile(r"^group of ([0-9]+)$")
_MONEY = re.compile(r"^£([0-9]{1,3}(?:,[0-9]{3})*)\.([0-9]{2})(?: (.+))?$")
_SECONDS = re.compile(r"^([0-9]+) seconds$")


def date(text: str) -> str | None:
    """Return a date written CCYY-MM-DD, or ``None`` for nothing."""
    if not text:
        return None
    return parse_date(text.strip()).isoformat()


def yes_no(text: str) -> bool | None:
    """Return ``True`` for YES, ``False`` for NO, ``None`` for nothing."""
    if not text:
        return None
    answer = text.strip().upper()
    if answer not in ("YES", "NO"):
        raise ValueError(f"expected YES or NO, found {text!r}")
    return answer == "YES"


def yes_only(text: str) -> bool:
    """Return ``True`` for YES; a flag the layout shows only when it is set is ``False`` when nothing is shown."""
    return bool(yes_no(text))


def code(codes: type[StrEnum], text: str) -> str | None:
    """Return the code whose wording is ``text``, or ``None`` for nothing."""
    if not text:
        return None
    member = code_for_label(codes, text.strip())
    if member is None:
        raise ValueError(f"expected one of {_choices(codes)}, found {text!r}")
    return member.value


def code_with_value(codes: type[StrEnum], text: str) -> str | None:
    """Return the code of "Wording (CODE)", or ``None`` for nothing."""
    if not text:
        return None
    match = _WITH_CODE.match(text.strip())
    if match is None or match.group(2) not in {m.value for m in codes}:
        raise ValueError(f"expected the wording and code of one of {_choices(codes)}, e.g. "
                         f"{_with_code(next(iter(codes)))!r}; found {text!r}")
    return match.group(2)


def codes_with_values(codes: type[StrEnum], text: str) -> list[str]:
    """Return the codes of "Wording (CODE); Wording (CODE)"."""
    return [value for part in _parts(text, "; ") if (value := code_with_value(codes, part))]


def codes_by_label(codes: type[StrEnum], text: str) -> list[str]:
    """Return the codes of "Wording; Wording"."""
    return [value for part in _parts(text, "; ") if (value := code(codes, part))]


def id_list(text: str) -> list[str]:
    """Return the ids of "a, b, c"."""
    return _parts(text, ", ")


def authority(text: str) -> str | None:
    """Return the DfE code of "Name (DfE code 383)" or "DfE code 383", or ``None`` for nothing."""
    if not text:
        return None
    match = _AUTHORITY.search(text.strip())
    if match is None:
        raise ValueError(f"expected a council written 'Name (DfE code 123)', found {text!r}")
    return match.group(1)


def integer(text: str) -> int | None:
    """Return a whole number, or ``None`` for nothing."""
    if not text:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"expected a whole number, found {text!r}") from None


def who(text: str) -> tuple[str | None, str | None]:
    """Return (role, qualification) of "Role (qualification)", "Not specified (qualification)", "Role" or
    "Not specified". The qualification is the bracketed part that closes the text (nested brackets allowed)."""
    if not text or text == NOT_SPECIFIED:
        return None, None
    opening = _closing_bracket_start(text)
    if opening is None:
        return text, None
    role, qualification = text[: opening - 1], text[opening + 1 : -1]
    return (None if role == NOT_SPECIFIED else role), qualification


def _closing_bracket_start(text: str) -> int | None:
    """Return the index of the "(" matching the text's final ")" when it follows a space and both the text before
    and the text inside are not empty; else ``None``."""
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            ok = index >= 2 and text[index - 1] == " " and index + 1 < len(text) - 1
            return index if ok else None
    return None


def ratio(text: str) -> tuple[dict | None, int | None]:
    """Return (staff ratio, group size) of "1:1", "group of 6", "2:1, group of 6" or "Not specified"."""
    if not text or text == NOT_SPECIFIED:
        return None, None
    staff_ratio, group = None, None
    for part in _parts(text, ", "):
        if match := _RATIO.match(part):
            staff_ratio = {"staff": int(match.group(1)), "learners": int(match.group(2))}
        elif match := _GROUP.match(part):
            group = int(match.group(1))
        else:
            raise ValueError(f"expected a ratio such as '1:1' and/or 'group of 6', found {text!r}")
    return staff_ratio, group


def often(text: str) -> dict | None:
    """Return the frequency of "2 times per week", "1 time per day", "once only", "3 times in all (once only)"."""
    if not text or text == NOT_SPECIFIED:
        return None
    one_off = label_of(FrequencyPeriod.ONE_OFF)
    if text == one_off:
        return {"count": 1, "period": FrequencyPeriod.ONE_OFF.value}
    match = _ONE_OFF_TIMES.match(text) or _OFTEN.match(text)
    period = code(FrequencyPeriod, match.group(2)) if match else None
    if match is None or period is None:
        raise ValueError(f"expected how often, e.g. '2 times per week' or {one_off!r}; found {text!r}")
    return {"count": int(match.group(1)), "period": period}


def duration(text: str) -> int | None:
    """Return the minutes of "30 minutes each time"."""
    if not text or text == NOT_SPECIFIED:
        return None
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"expected how long, e.g. '30 minutes each time'; found {text!r}")
    return int(match.group(1))


def hours(text: str) -> dict | None:
    """Return the hours of "25 hours per week"."""
    if not text:
        return None
    match = _HOURS.match(text)
    try:
        number = float(match.group(1)) if match else None
    except ValueError:
        number = None
    period = code(FrequencyPeriod, match.group(2)) if match else None
    if number is None or period is None:
        raise ValueError(f"expected hours, e.g. '25 hours per week'; found {text!r}")
    return {"hours": number, "period": period}


def amount(text: str) -> tuple[int | None, str | None]:
    """Return (pence, period) of "£1,500.00 per year", "£20.00", "per month" or "None recorded."."""
    if not text or text == NONE_RECORDED:
        return None, None
    match = _MONEY.match(text)
    if match is None:
        return None, code(BudgetPeriod, text)
    pence = int(match.group(1).replace(",", "")) * 100 + int(match.group(2))
    return pence, code(BudgetPeriod, match.group(3) or "")


def seconds(text: str) -> int | None:
    """Return the seconds of "90 seconds"."""
    if not text:
        return None
    match = _SECONDS.match(text)
    if match is None:
        raise ValueError(f"expected a length such as '90 seconds', found {text!r}")
    return int(match.group(1))


def rank(text: str) -> int | None:
    """Return the placement rank of "1 (main placement)" or "2"."""
    return integer(text.removesuffix(MAIN_PLACEMENT)) if text else None


def _parts(text: str, separator: str) -> list[str]:
    return [part for part in text.split(separator) if part] if text else []


def _with_code(member: StrEnum) -> str:
    return f"{label_of(member)} ({member.value})"


def _choices(codes: type[StrEnum]) -> str:
    names = [repr(label_of(m)) for m in codes]
    return ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
