"""Working days in England: every day except Saturdays, Sundays and the bank holidays of England and Wales.

The bank holidays come from the maintained ``holidays`` package (``holidays.country_holidays("GB", subdiv="ENG")``),
not from a list written here: it knows the substitute days ("Boxing Day (observed)" on Monday 28 December 2026,
when 26 December is a Saturday), Easter, the early and late May bank holidays, and one-off days such as the Platinum
Jubilee (3 June 2022) and the state funeral of Queen Elizabeth II (19 September 2022). England and Wales share
one list. Keep the package up to date: a bank holiday announced after its release is not known to it.

How days are counted (the convention of every function here):

- The day you count *from* is never counted. ``add_working_days(day, 15)`` is the 15th working day *after*
  ``day``, whatever ``day`` is: counting from Friday 2026-12-18, day 1 is Monday 21 December and Christmas Day
  (Friday 25th) and the substitute Boxing Day (Monday 28th) are skipped.
- ``working_days_between(a, b)`` counts the working days after ``a`` up to *and including* ``b``, so
  ``add_working_days(a, working_days_between(a, b)) == b`` whenever ``b`` is a working day after ``a``.
- A law that counts "beginning with" a day (that day is day 1) is the same count started one day earlier:
  ``add_working_days(day - timedelta(days=1), n)``. Which convention a statutory period uses is stated where the
  period is defined (``transfer.py``).

The SEND Regulations 2014 define a working day (reg 2) [UNVERIFIED: the definition was not checked against the
primary text; the reference, EHCP-STANDARD.md §5.3, does not give it]. If it also leaves out days in August, as
some education regulations do, ``is_working_day`` is wrong for August and must be changed here, in one place.
"""

from __future__ import annotations

import datetime as _dt
from functools import cache

import holidays

#: ISO weekday numbers of Saturday and Sunday.
WEEKEND = (6, 7)
#: The ``holidays`` country and subdivision whose bank holidays apply (England; Wales has the same list).
HOLIDAY_COUNTRY = "GB"
HOLIDAY_SUBDIVISION = "ENG"


@cache
def _holidays_of(year: int) -> dict[_dt.date, str]:
    """Return {date: name} of the bank holidays of England and Wales in ``year`` (substitute days included)."""
    found = holidays.country_holidays(HOLIDAY_COUNTRY, subdiv=HOLIDAY_SUBDIVISION, years=year)
    return {day: name for day, name in found.items() if day.year == year}


def bank_holidays(year: int) -> dict[_dt.date, str]:
    """Return the bank holidays of England and Wales in ``year``, as {date: name}, in date order."""
    return dict(sorted(_holidays_of(year).items()))


def bank_holiday_name(day: _dt.date) -> str | None:
    """Return the name of the bank holiday on ``day`` (e.g. "Boxing Day (observed)"), or ``None`` if it is not one."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: _dt.date) -> bool:
    """Return whether ``day`` is a working day in England: not a Saturday, Sunday or bank holiday."""
    return day.isoweekday() not in WEEKEND and day not in _holidays_of(day.year)


def add_working_days(day: _dt.date, count: int) -> _dt.date:
    """Return the ``count``-th working day after ``day`` (before it, for a negative ``count``); ``day`` itself is
    never counted, and ``count == 0`` returns ``day`` unchanged. Counting from Friday 2026-12-18, the 4th working
    day is Thursday 2026-12-24 and the 5th is Tuesday 2026-12-29 (25 and 28 December are bank holidays)."""
    step = _dt.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        remaining -= is_working_day(day)
    return day


def working_days_between(start: _dt.date, end: _dt.date) -> int:
    """Return the number of working days after ``start`` up to and including ``end``; when ``end`` is before
    ``start``, minus the number after ``end`` up to and including ``start``. From Friday 2026-12-18 to Tuesday
    2026-12-29 there are 5."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(d) for d in _days(start + _dt.timedelta(days=1), end))


def _days(first: _dt.date, last: _dt.date) -> list[_dt.date]:
    """Return every day from ``first`` to ``last``, both included (empty when ``last`` is before ``first``)."""
    return [first + _dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
