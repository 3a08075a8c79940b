"""Facts about a plan that several rules need: ages, National Curriculum year, academic years, the plan's date.

England's school year groups follow age on 31 August (a child is in Reception in the school year that starts after
they turn 4, Year 1 after they turn 5, Year 9 after they turn 13). The Children and Families Act 2014 counts an
"academic year" from 1 August to the next 31 July (s.83) [UNVERIFIED against the primary text: see EHCP-STANDARD.md
§1; s.46 keeps a plan to the end of the academic year of the 25th birthday].
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Plan


def age_on(date_of_birth: _dt.date, day: _dt.date) -> int:
    """Return a person's age in whole years on ``day`` (someone born on 29 February turns a year older on 1 March
    in other years)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def school_year_start(day: _dt.date) -> _dt.date:
    """Return 1 September of the school year that ``day`` falls in."""
    return _dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def national_curriculum_year(date_of_birth: _dt.date, day: _dt.date) -> int:
    """Return the National Curriculum year group of a child of that birth date on ``day``, were they in the year
    group for their age: 0 = Reception, 1 = Year 1, ... 13 = Year 13; negative before Reception (-1 = nursery)."""
    start = school_year_start(day)
    return age_on(date_of_birth, start - _dt.timedelta(days=1)) - 4


def end_of_academic_year(day: _dt.date) -> _dt.date:
    """Return 31 July ending the academic year (1 August to 31 July, CFA 2014 s.83) that ``day`` falls in."""
    return _dt.date(day.year if day.month <= 7 else day.year + 1, 7, 31)


def birthday(date_of_birth: _dt.date, age: int) -> _dt.date:
    """Return the date a person turns ``age`` (1 March for a 29 February birthday in a common year)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return _dt.date(date_of_birth.year + age, 3, 1)


def plan_date(plan: Plan, as_of: _dt.date) -> _dt.date:
    """Return the date this version of the plan speaks from: the date it was issued (``version_issued``), else the
    final issue date, else the draft issue date, else ``as_of``. An amended plan speaks from its amendment, not
    from the first final plan."""
    dates = plan.metadata.dates
    return dates.version_issued or dates.final_issued or dates.draft_issued or as_of


# -- Added for the placement, budget, adulthood, advice, reviews, timescales and age rules ---------------------------
#
# Periods in months follow the "corresponding date" rule of English law (*Dodds v Walker* [1980]): n months after a
# day is the day with the same number n months later. Where that month is too short, a period *starting with* a day
# ends on the last day of the short month (12 months starting with 29 February 2024 end on 28 February 2025), and a
# date n months *before* a day is the last day of the short month (5 months before 31 July is 28 or 29 February).


def _month_length(year: int, month: int) -> int:
    """Return the number of days in ``month`` (1-12) of ``year``."""
    first_of_next = _dt.date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - _dt.timedelta(days=1)).day


def _shift_month(day: _dt.date, months: int) -> tuple[int, int]:
    """Return (year, month) of the month ``months`` after (or, if negative, before) the month of ``day``."""
    year, index = divmod(day.month - 1 + months, 12)
    return day.year + year, index + 1


def months_later(day: _dt.date, months: int) -> _dt.date:
    """Return the day numbered like ``day`` ``months`` later, or the 1st of the month after when that month is too
    short (29 February + 12 months is 1 March): the first day *after* a period of ``months`` starting with ``day``."""
    year, month = _shift_month(day, months)
    if day.day <= _month_length(year, month):
        return _dt.date(year, month, day.day)
    return _dt.date(year, month, _month_length(year, month)) + _dt.timedelta(days=1)


def last_day_of_months_starting(day: _dt.date, months: int) -> _dt.date:
    """Return the last day of the period of ``months`` months *starting with* ``day`` (the day counts): 12 months
    starting with 2026-05-22 end on 2027-05-21; 12 months starting with 2024-02-29 end on 2025-02-28."""
    return months_later(day, months) - _dt.timedelta(days=1)


def months_earlier(day: _dt.date, months: int) -> _dt.date:
    """Return the day numbered like ``day`` ``months`` earlier, or the last day of that month when it is too short
    (5 months before 2027-07-31 is 2027-02-28): the latest day that is at least ``months`` months before ``day``."""
    year, month = _shift_month(day, -months)
    return _dt.date(year, month, min(day.day, _month_length(year, month)))


def weeks_and_days(days: int) -> str:
    """Return a number of days as people say it: "20 weeks", "20 weeks and 1 day", "6 days", "-3 days"."""
    if days < 0:
        return f"{days} days"
    weeks, rest = divmod(days, 7)
    parts = [f"{weeks} week{'s' * (weeks != 1)}"] if weeks else []
    if rest or not weeks:
        parts.append(f"{rest} day{'s' * (rest != 1)}")
    return " and ".join(parts)


def events_of_type(plan: Plan, *types: str) -> list[tuple[str, Any]]:
    """Return (JSON pointer, event) for every event in the plan's log whose ``type`` is one of ``types``, in log
    order."""
    return [
        (f"/metadata/events/{index}", event)
        for index, event in enumerate(plan.metadata.events)
        if event.type in types
    ]


def year_group_label(year: int) -> str:
    """Return how people name a National Curriculum year: "Reception", "Year 9", "nursery (before Reception)",
    or "Year 15 by age (past Year 13)" for a young person beyond school age."""
    if year < 0:
        return "nursery (before Reception)"
    if year == 0:
        return "Reception"
    if year > 13:
        return f"Year {year} by age (past Year 13)"
    return f"Year {year}"


#: What ``datetime`` says when arithmetic leaves the calendar it can hold (years 1 to 9999).
_OUT_OF_CALENDAR = re.compile(r"year -?\d+ is out of range|date value out of range")


def unjudged_beyond_the_calendar(check: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Wrap a rule's check so that a plan whose dates push the arithmetic outside years 1-9999 (a date of birth in
    year 1, a review due in 9999) is not judged any further, instead of crashing the checker: the findings made so
    far stand. Any other error propagates."""

    @functools.wraps(check)
    def guarded(*args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from check(*args, **kwargs)
        except (OverflowError, ValueError) as error:
            if not _OUT_OF_CALENDAR.search(str(error)):
                raise

    return guarded
