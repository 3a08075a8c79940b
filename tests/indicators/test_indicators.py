"""The caseload indicators: on 1,000 generated plans, every figure equals a count made from the generator's
ledger (tests/indicators/caseload.py), not by the library; and the HTML report is self-contained."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from ehcp_standard import load_plan
from ehcp_standard.indicators import Ratio, compute_indicators, indicators_html, is_mainstream
from ehcp_standard.model import Placement

from .caseload import AS_OF, NEEDS, caseload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MAINTAINED = ("final", "amended_final", "proposed_amendment")
#: Seconds the 1,000-plan report may take (about 9 s on two cores; most of it is the compliance checker).
TIME_LIMIT = 60


@cache
def generated():
    plans, ledgers = caseload(1000)
    started = time.perf_counter()
    indicators = compute_indicators(plans, as_of=AS_OF, workers=os.cpu_count() or 1)
    html = indicators_html(indicators)
    return plans, ledgers, indicators, html, time.perf_counter() - started


def test_the_report_on_1000_plans_finishes_in_seconds():
    *_, seconds = generated()
    assert seconds < TIME_LIMIT


def test_counts_by_status_match_the_ledger():
    _, ledgers, ind, *_ = generated()
    assert ind.plans == 1000
    assert ind.by_status == {s: sum(1 for led in ledgers if led.status == s)
                             for s in ("draft", "final", "proposed_amendment", "amended_final", "ceased")}


def test_counts_by_primary_need_match_the_ledger():
    _, ledgers, ind, *_ = generated()
    current = [led for led in ledgers if led.status != "ceased"]
    expected = Counter(led.need or "not recorded" for led in current)
    assert {k: v for k, v in ind.by_primary_need.items() if v} == dict(expected)
    assert set(NEEDS) <= set(ind.by_primary_need)


def test_twenty_week_rates_match_the_ledger():
    _, ledgers, ind, *_ = generated()
    timed = [led for led in ledgers if led.timed]
    plain = [led for led in timed if not led.exception]
    assert ind.within_20_weeks == Ratio(sum(led.within for led in timed), len(timed))
    assert ind.within_20_weeks_excluding_exceptions == Ratio(sum(led.within for led in plain), len(plain))
    assert ind.late_with_exception == sum(1 for led in timed if led.exception and not led.within)
    assert 0 < ind.within_20_weeks.count < ind.within_20_weeks.total


def test_reviews_on_time_match_the_ledger():
    _, ledgers, ind, *_ = generated()
    judged = [led.review for led in ledgers if led.review is not None]
    assert ind.reviews_on_time == Ratio(sum(judged), len(judged))
    assert 0 < ind.reviews_on_time.count < ind.reviews_on_time.total


def test_mainstream_share_matches_the_ledger():
    _, ledgers, ind, *_ = generated()
    maintained = [led for led in ledgers if led.status in MAINTAINED]
    assert ind.mainstream == Ratio(sum(led.mainstream for led in maintained), sum(led.placed for led in maintained))
    assert ind.no_placement == sum(1 for led in maintained if not led.placed)


def test_quantified_provision_matches_the_ledger():
    _, ledgers, ind, *_ = generated()
    assert ind.quantified == Ratio(sum(led.quantified for led in ledgers), sum(led.items for led in ledgers))
    assert sum(r.total for r in ind.quantified_by_section.values()) == ind.quantified.total


def test_the_twenty_week_rule_fails_on_the_plans_the_ledger_says_are_late():
    _, ledgers, ind, *_ = generated()
    late = sum(1 for led in ledgers if (led.timed and not led.within and not led.exception) or led.draft_overdue)
    counts = {r.rule_id: r for r in ind.rules_failed}
    assert counts["EHCP-T001"].plans == late
    assert [r.plans for r in ind.rules_failed] == sorted((r.plans for r in ind.rules_failed), reverse=True)


def test_deadlines_in_the_next_30_days_match_the_ledger():
    _, ledgers, ind, *_ = generated()
    last = AS_OF + dt.timedelta(days=30)
    expected = Counter((led.reference, due) for led in ledgers if led.status != "ceased"
                       for _, due in led.deadlines if AS_OF <= due <= last)
    assert Counter((d.plan_reference, d.due) for d in ind.upcoming) == expected
    assert all(d.days_left == (d.due - AS_OF).days for d in ind.upcoming)
    assert len(ind.upcoming) > 10


def test_the_html_report_is_self_contained_and_shows_references_not_names():
    plans, _, ind, html, _ = generated()
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 5
    for forbidden in ("<script", "src=", "href=", "url(", "@import", "http:", "https:"):
        assert forbidden not in html
    for plan in plans[:8]:
        assert plan.personal_details.name.surname not in html
    assert any(d.plan_reference in html for d in ind.upcoming)
    assert f"{ind.within_20_weeks.percent:.1f}%" in html


def test_the_examples_give_the_figures_worked_out_by_hand():
    plans = [load_plan(path) for path in sorted(EXAMPLES.glob("*.json"))]
    ind = compute_indicators(plans, as_of=dt.date(2027, 4, 20))
    # three finals: 2026-01-12 -> 2026-05-22 (130 days), 2025-06-16 -> 2025-10-31 (137), 2026-04-20 -> 2026-07-17
    # (88): all within 140 days
    assert ind.within_20_weeks == Ratio(3, 3)
    # only Kieran's plan (issued 2025-10-31, reviewed 2026-10-01) has had a review fall due by 2027-04-20
    assert ind.reviews_on_time == Ratio(1, 1)
    # Theo and Ravi's next reviews (2027-05-14) fall within 30 days of 2027-04-20; the draft's does not count
    assert [(d.plan_reference, d.due) for d in ind.upcoming] == [
        ("BCC-EHCP-26-09154", dt.date(2027, 5, 14)), ("LDS-EHCP-2026-04417", dt.date(2027, 5, 14))]
    assert ind.by_primary_need["DS"] == 1 and ind.by_status["draft"] == 1


@pytest.mark.parametrize(
    ("kind", "mainstream"),
    [
        ("Mainstream primary school (community school)", True), ("Mainstream secondary academy", True),
        ("General further education college", True), ("Secondary academy with resourced provision", True),
        ("Mainstream school with a specialist resource base", True), ("Special school (autism)", False),
        ("Independent special school", False), ("Pupil referral unit", False), ("Alternative provision academy", False),
        ("Specialist post-16 institution", False), ("Home tuition", False),
    ],
)
def test_mainstream_is_read_from_the_placement_type(kind, mainstream):
    assert is_mainstream(Placement(type=kind)) is mainstream


def test_a_setting_code_alone_is_not_mainstream():
    assert not is_mainstream(Placement(sen_setting="EHE"))


def test_html_escapes_every_value():
    plans = [load_plan(path) for path in sorted(EXAMPLES.glob("*.json"))]
    ind = compute_indicators(plans, as_of=dt.date(2027, 4, 20))
    page = indicators_html(ind)
    assert not re.search(r"<(?!/?(html|head|meta|title|style|body|h1|h2|p|div|b|table|thead|tbody|tr|th|td|svg|text|"
                         r"rect|code|span)\b|!DOCTYPE)", page)
