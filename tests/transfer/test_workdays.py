"""Working days in England and the transfer deadlines, on dates around weekends, bank holidays and year ends.

Every expected date below was worked out by hand on a calendar, counting as the comments show ("1" is the first
working day counted); the day counted from is never counted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ehcp_standard import Plan, load_plan
from ehcp_standard.transfer import decision_deadline, review_deadline, send_deadline
from ehcp_standard.workdays import (
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    working_days_between,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = dt.date


@pytest.mark.parametrize(
    ("start", "count", "expected", "why"),
    [
        (D(2026, 11, 27), 1, D(2026, 11, 30), "Fri -> Mon: the weekend is skipped"),
        (D(2026, 11, 28), 1, D(2026, 11, 30), "from a Saturday, the first working day is Monday"),
        (D(2026, 12, 24), 1, D(2026, 12, 29), ("Thu 24 -> Tue 29: Christmas (Fri 25), Boxing Day (Sat 26) and its "
                                             "substitute day (Mon 28) are skipped")),
        (D(2026, 12, 18), 4, D(2026, 12, 24), "Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4)"),
        (D(2026, 12, 18), 5, D(2026, 12, 29), "... then Fri 25, Sat, Sun, Mon 28 are skipped: Tue 29 (5)"),
        (D(2027, 12, 24), 1, D(2027, 12, 29), ("Christmas 2027 is a Saturday and Boxing Day a Sunday: substitute days "
                                             "Mon 27 and Tue 28")),
        (D(2026, 12, 31), 1, D(2027, 1, 4), "year end: Thu 31 -> Fri 1 Jan (New Year's Day) skipped -> Mon 4"),
        (D(2027, 12, 31), 1, D(2028, 1, 4), "year end: 1 Jan 2028 is a Saturday, its substitute is Mon 3 Jan"),
        (D(2027, 3, 25), 1, D(2027, 3, 30), "Easter 2027: Good Friday 26 March and Easter Monday 29 March"),
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Easter 2026: Good Friday 3 April and Easter Monday 6 April"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "late May bank holiday 2026: Monday 25 May"),
        (D(2027, 5, 28), 1, D(2027, 6, 1), "late May bank holiday 2027: Monday 31 May"),
        (D(2026, 5, 1), 1, D(2026, 5, 5), "early May bank holiday 2026: Monday 4 May"),
        (D(2022, 6, 1), 1, D(2022, 6, 6), ("2022: the spring bank holiday moved to Thu 2 June, and Fri 3 June was the "
                                          "Platinum Jubilee")),
        (D(2026, 8, 28), 1, D(2026, 9, 1), "summer bank holiday 2026: Monday 31 August"),
        (D(2026, 12, 29), -6, D(2026, 12, 17), "backwards: Thu 24, Wed 23, Tue 22, Mon 21, Fri 18, Thu 17"),
        (D(2026, 12, 25), 0, D(2026, 12, 25), "zero working days is the day itself, even a bank holiday"),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, count, expected, why):
    assert add_working_days(start, count) == expected, why


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert working_days_between(D(2026, 12, 18), D(2026, 12, 29)) == 5  # 21, 22, 23, 24, 29
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 18)) == -5
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 28)) == 0  # 25, 26, 27, 28 are none of them working
    assert working_days_between(D(2027, 3, 1), D(2027, 3, 1)) == 0


@pytest.mark.parametrize("day", [D(2026, 12, 28), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 31), D(2028, 1, 3)])
def test_bank_holidays_and_substitute_days_are_not_working_days(day):
    assert not is_working_day(day)
    assert bank_holiday_name(day)


def test_bank_holidays_come_from_the_maintained_library_with_substitute_days():
    assert bank_holiday_name(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday_name(D(2026, 12, 23)) is None
    # 2026: eight bank holidays; Boxing Day falls on Saturday 26 December, so Monday 28 is its substitute
    assert list(bank_holidays(2026)) == [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
                                         D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 28)]


def test_add_and_between_agree_on_every_working_day_of_a_year():
    start = D(2026, 12, 18)
    for offset in range(1, 400):
        day = start + dt.timedelta(days=offset)
        if is_working_day(day):
            assert add_working_days(start, working_days_between(start, day)) == day


# -- the transfer deadlines -------------------------------------------------------------------------------------


def test_the_plan_passes_on_the_day_of_the_move_with_enough_notice():
    # notice Mon 2026-05-11; working days after it to the move on Tue 2026-06-02: 12, 13, 14, 15, 18, 19, 20, 21,
    # 22, 26 (25 May is the late May bank holiday), 27, 28, 29, 1 June, 2 June = 15: enough notice
    due, why = send_deadline(D(2026, 6, 2), D(2026, 5, 11))
    assert due == D(2026, 6, 2)
    assert "15 working days' notice" in why


def test_one_working_day_less_notice_gives_fifteen_working_days_from_learning_of_the_move():
    # move on Mon 2026-06-01 is only 14 working days after 11 May: due the 15th working day after 11 May, 2 June
    due, why = send_deadline(D(2026, 6, 1), D(2026, 5, 11))
    assert due == D(2026, 6, 2)
    assert "only 14 working days' notice" in why


def test_short_notice_over_christmas_and_new_year():
    # learned Thu 2026-12-10, moved Mon 2026-12-21 (7 working days' notice). 15 working days after 10 Dec: 11 (1),
    # 14-18 (2-6), 21-24 (7-10), 25 and 28 Dec skipped, 29-31 (11-13), 1 Jan skipped, Mon 4 (14), Tue 5 Jan (15)
    assert send_deadline(D(2026, 12, 21), D(2026, 12, 10))[0] == D(2027, 1, 5)


def test_short_notice_over_easter():
    # learned Mon 2027-03-15, moved Thu 2027-03-25: 16-19 (1-4), 22-25 (5-8), Good Friday 26 and Easter Monday 29
    # skipped, 30 (9), 31 (10), 1 Apr (11), 2 (12), 5 (13), 6 (14), Wed 7 April (15)
    assert send_deadline(D(2027, 3, 25), D(2027, 3, 15))[0] == D(2027, 4, 7)


def test_learning_of_the_move_after_it_happened_still_gives_fifteen_working_days():
    # learned Fri 2027-01-08 of a move on 2027-01-04: 11-15 (1-5), 18-22 (6-10), 25-29 (11-15)
    assert send_deadline(D(2027, 1, 4), D(2027, 1, 8))[0] == D(2027, 1, 29)


def test_no_notice_date_means_the_day_of_the_move():
    due, why = send_deadline(D(2027, 1, 4), None)
    assert due == D(2027, 1, 4)
    assert "no date is recorded" in why


def test_the_new_council_decides_within_six_weeks_across_the_year_end():
    assert decision_deadline(D(2026, 12, 21))[0] == D(2027, 2, 1)  # 21 Dec + 42 days


def plan_variant(name: str, **dates: str) -> Plan:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["metadata"]["dates"].update(dates)
    return Plan.model_validate(data)


def test_next_review_is_twelve_months_from_the_last_review_when_that_is_later():
    plan = load_plan(EXAMPLES / "year10-pfa-direct-payment.json")  # last review 2026-10-01
    due, why = review_deadline(plan, D(2026, 12, 21))
    assert due == D(2027, 9, 30)  # the 12 months starting with 1 Oct 2026 end on 30 Sep 2027
    assert "12 months starting with 2026-10-01" in why


def test_next_review_is_three_months_after_the_transfer_when_that_is_later():
    plan = load_plan(EXAMPLES / "year10-pfa-direct-payment.json")
    due, why = review_deadline(plan, D(2027, 8, 15))
    assert due == D(2027, 11, 14)  # the 3 months starting with 15 Aug 2027 end on 14 Nov 2027
    assert "3 months starting with the transfer" in why


def test_three_months_from_the_end_of_november_end_on_the_last_day_of_february():
    plan = plan_variant("primary-autism-final.json", final_issued="2025-12-01", first_issued="2025-12-01",
                        version_issued="2025-12-01")
    # 12 months starting with 1 Dec 2025 end 30 Nov 2026; 3 months starting with 30 Nov 2026 end 28 Feb 2027
    # (there is no 30 February, so the period ends with the last day of February)
    assert review_deadline(plan, D(2026, 11, 30))[0] == D(2027, 2, 28)
