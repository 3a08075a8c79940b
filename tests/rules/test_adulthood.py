"""EHCP-P001 and P002: from Year 9 a plan includes provision and outcomes that prepare for adulthood.

Year groups follow age on 31 August: a child who is 13 on 31 August is in Year 9 from 1 September. Both rules
judge the date this version of the plan was issued (``version_issued``, else the final or draft issue date).
"""

from __future__ import annotations

from typing import Any

import pytest

from ehcp_standard.rules import Finding, Severity
from tests.rules.builders import base_plan_data, example_data, run_rule

P001_REMEDY = (
    "but no provision in F, G, H1 or H2 is tagged as preparing for adulthood. From Year 9 the plan must "
    "include provision to help prepare for adulthood and independent living (Regs 12(3); CoP 9.63). Add "
    "that provision, or tag the provision that does so (preparing_for_adulthood, pfa_domains)."
)
P002_REMEDY = (
    "but no outcome in E is tagged with a preparing-for-adulthood domain. From Year 9 outcomes should look "
    "towards adult life (CoP 9.63, chapter 8): tag the outcomes that do with pfa_domain (employment, "
    "independent_living, community or health), or add such outcomes."
)


def _tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    tables = [t for t in data["special_educational_needs"].values() if t]
    return tables + [t for t in (data.get("health"), data.get("social_care")) if t]


def untagged(data: dict[str, Any], *, provision: bool = True, outcomes: bool = False) -> dict[str, Any]:
    """Remove the preparing-for-adulthood tags from every provision entry and/or every outcome."""
    for table in _tables(data):
        for key in ("provision", "h1_provision", "h2_provision"):
            for item in table.get(key, []) if provision else []:
                item.update(preparing_for_adulthood=False, pfa_domains=[])
        for outcome in table.get("outcomes", []) if outcomes else []:
            outcome.pop("pfa_domain", None)
    return data


def year10_plan(**dates: str) -> dict[str, Any]:
    """The bundled Year 10 plan (Kieran, born 2011-09-22), with some of its dates changed."""
    data = example_data("year10-pfa-direct-payment")
    data["metadata"]["dates"].update(dates)
    return data


def finding(rule_id: str, severity: str, message: str) -> Finding:
    return Finding(rule_id, Severity(severity), "plan", "/special_educational_needs", message)


# -- EHCP-P001 ---------------------------------------------------------------------------------------------------


def test_a_year_ten_plan_with_preparing_for_adulthood_provision_passes():
    assert run_rule("EHCP-P001", example_data("year10-pfa-direct-payment")) == []


def test_a_year_three_plan_needs_no_preparing_for_adulthood_provision():
    assert run_rule("EHCP-P001", untagged(base_plan_data())) == []


def test_a_year_ten_plan_without_preparing_for_adulthood_provision_is_reported():
    # Kieran, born 2011-09-22, is 14 on 2026-08-31, so in Year 10 from 2026-09-01; this version: 2026-11-20.
    assert run_rule("EHCP-P001", untagged(year10_plan())) == [finding(
        "EHCP-P001", "error",
        "The child or young person is in Year 10 on 2026-11-20 (the date this version of the plan speaks "
        "from; born 2011-09-22), "
        + P001_REMEDY)]


def test_one_tagged_provision_entry_is_enough():
    data = untagged(year10_plan())
    data["health"]["provision"][1]["pfa_domains"] = ["health"]
    assert run_rule("EHCP-P001", data) == []


@pytest.mark.parametrize(("issued", "expected_year"), [("2025-08-31", None), ("2025-09-01", "Year 9")])
def test_year_nine_begins_on_the_first_of_september_after_the_thirteenth_birthday(issued, expected_year):
    # Kieran turned 13 on 2024-09-22, so he was 12 on 2024-08-31 (Year 8 in 2024/25) and 13 on 2025-08-31:
    # Year 9 from 2025-09-01. Version dated 2025-08-31: Year 8, passes; 2025-09-01: Year 9, fails.
    found = run_rule("EHCP-P001", untagged(year10_plan(version_issued=issued)))
    expected = [f"The child or young person is in {expected_year} on {issued}"] if expected_year else []
    assert [f.message.split(" (")[0] for f in found] == expected


@pytest.mark.parametrize(("born", "expected"), [("2012-08-31", 1), ("2012-09-01", 0)])
def test_a_child_born_on_31_august_is_a_year_ahead_of_one_born_a_day_later(born, expected):
    # On 2025-09-01: born 2012-08-31 -> 13 on 2025-08-31 -> Year 9 (reported); born 2012-09-01 -> 12 -> Year 8.
    data = untagged(year10_plan(version_issued="2025-09-01"))
    data["personal_details"]["date_of_birth"] = born
    assert len(run_rule("EHCP-P001", data)) == expected


def test_an_amended_plan_is_judged_on_the_date_of_the_amendment_not_of_the_first_plan():
    # First final 2025-05-30: Kieran was 12 on 2024-08-31, so in Year 8 (2024/25), and passes on that date.
    # Amended 2025-10-10: he was 13 on 2025-08-31, so in Year 9 (2025/26): the amendment is what is judged.
    data = untagged(year10_plan(final_issued="2025-05-30", version_issued="2025-10-10"))
    found = run_rule("EHCP-P001", data)
    expected = "The child or young person is in Year 9 on 2025-10-10 "
    assert [f.message.startswith(expected) for f in found] == [True]


# -- EHCP-P002 ---------------------------------------------------------------------------------------------------


def test_a_year_ten_plan_with_outcomes_in_the_adulthood_domains_passes():
    assert run_rule("EHCP-P002", example_data("year10-pfa-direct-payment")) == []


def test_a_year_ten_plan_without_adulthood_outcomes_is_reported():
    data = untagged(year10_plan(), provision=False, outcomes=True)
    assert run_rule("EHCP-P002", data) == [finding(
        "EHCP-P002", "warning",
        "The child or young person is in Year 10 on 2026-11-20 (the date this version of the plan speaks "
        "from; born 2011-09-22), "
        + P002_REMEDY)]


def test_a_primary_plan_needs_no_adulthood_outcomes():
    assert run_rule("EHCP-P002", untagged(base_plan_data(), outcomes=True)) == []
