"""The SEN2 person-level export: the bundled examples against a hand-checked expected file, missing fields
listed, plans left out with a reason, and no narrative content."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

from ehcp_standard import Plan, __version__, load_plan
from ehcp_standard.errors import ExportError
from ehcp_standard.sen2 import (
    MODULES,
    SEN2_SPEC,
    ethnicity_code,
    export_sen2,
    reference_date,
    reporting_period,
    sex_code,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXPECTED = Path(__file__).with_name("expected") / "examples-2027.txt"
GENERATED_AT = dt.datetime(2027, 1, 22, 9, 0)
#: The council of each bundled example, in the order the expected file lists them.
COUNCILS = ("383", "886", "352", "330")


@cache
def examples() -> tuple[Plan, ...]:
    return tuple(load_plan(path) for path in sorted(EXAMPLES.glob("*.json")))


def export_text(la_code: str) -> str:
    export = export_sen2(examples(), year=2027, la_code=la_code, generated_at=GENERATED_AT)
    text = "".join(f"== {la_code}/{name} ==\n" + csv.replace("\r\n", "\n") for name, csv in export.files().items())
    return text.replace(f",ehcp-standard,{__version__},", ",ehcp-standard,<release>,")


def test_the_export_of_the_bundled_examples_matches_the_hand_checked_file():
    # tests/sen2/expected/examples-2027.txt was checked value by value against the example JSON files, for the
    # 2027 return (reporting period 2026-01-01 to 2026-12-31; reference date Thursday 2027-01-21, the third
    # Thursday of January: 7, 14, 21):
    # - 383 primary-autism-final: surname/forename/date of birth from personal_details; "Male" -> M; "Mixed: White
    #   and Black African" -> MWBA; postcode LS12 9ZX from main_contacts.main_contact.address; UPN W383241722031, no
    #   ULN. Request 2026-01-12 (dates.request_received), decided 2026-02-16 (dates.decision_to_assess) -> A; no
    #   mediation, tribunal or transfer out -> 0, 0, 0. Assessment Y on 2026-04-10 (the decision_to_issue event); no
    #   timescale_exceptions -> week20 0. Named plan from 2026-05-22 (final_issued); daily attendance -> planres 0;
    #   work_based false -> planwbp 0; section J not applicable -> pb, oa, dp 0. Placement URN 999101, rank 1,
    #   entry 2022-09-05, no unit or resourced provision -> 0, 0. Active on 2027-01-21, no transfer in and no review
    #   meeting in 2026 -> blanks. SEN need ASD rank 1, SLCN rank 2 (primary_need, secondary_needs).
    # - 886 year10-pfa-direct-payment: "White: Irish" -> WIRI; ME12 9ZQ; UPN P886216316042 and ULN 4728193054.
    #   Request 2025-06-16 decided 2025-07-11 -> A (before the period, but the plan is active, and an active plan
    #   hangs off its request). Assessment Y 2025-09-19. Named plan from 2025-10-31; J item J-1 is a direct
    #   payment -> pb 1, oa 0, dp 1. Placement URN 999203 entered 2023-09-04. Review meeting 2026-10-01, decision A
    #   on 2026-10-15 (review_decision event). SEN need MLD 1, SLCN 2, SEMH 2.
    # - 352 under5-health-social-care-draft: "Female" -> F; "White: any other White background (Polish)" -> WOTH;
    #   M14 9QZ; no UPN or ULN and the reason is in words, so upnunknown is empty and listed in missing.csv.
    #   Request 2026-07-20 decided 2026-08-24 -> A; assessment Y on 2026-10-23. A draft: no named plan, not active.
    # - 330 college-19-24-transferred: "Asian or Asian British: Indian" -> AIND; B16 9ZW; UPN and ULN. Request
    #   2026-04-20 (Birmingham became responsible) decided 2026-05-15 -> A; assessment Y 2026-06-22; named plan from
    #   2026-07-17; UKPRN 10099871 entered 2026-04-27; transfer in on 2026-04-20 from 940 -> transferla 940;
    #   SEN need PD 1, SLCN 2, SPLD 2.
    # Each council's return excludes the other three plans, as maintained by another council.
    expected = EXPECTED.read_text(encoding="utf-8")
    assert "".join(export_text(la) for la in COUNCILS) == expected


def test_the_columns_follow_the_pinned_spec_version():
    assert "v1.4" in SEN2_SPEC
    assert "sex" in MODULES["person"] and "gendercurrent" not in MODULES["person"]
    assert "attendancepattern" not in MODULES["placementdetail"]
    assert MODULES["placementdetail"][2:4] == ("res", "wbp")
    assert MODULES["activeplans"][2:] == ("transferla", "reviewmeeting", "reviewoutcome", "lastreview")


def test_no_narrative_content_is_exported():
    for la in COUNCILS:
        text = export_text(la)
        for plan in examples():
            for _, _, item in plan.provision():
                assert item.description not in text
            for _, _, need in plan.needs():
                assert need.description not in text


def variant(name: str, change) -> Plan:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    change(data)
    return Plan.model_validate(data)


def test_a_plan_lacking_required_fields_is_exported_and_listed_with_what_is_missing():
    def strip(data):
        data["metadata"].pop("primary_need")
        data["main_contacts"]["main_contact"]["address"].pop("postcode")
        data["personal_details"]["ethnicity"] = "prefers to describe it herself"
        data["placement"]["placements"][0].pop("urn")
        data["placement"]["placements"][0].pop("entry_date")

    export = export_sen2([variant("primary-autism-final.json", strip)], year=2027)
    missing = {(m.module, m.field) for m in export.missing}
    assert missing == {("person", "ethnicity"), ("person", "postcode"), ("plandetail", "urn/ukprn/sensetting"),
                       ("placementdetail", "urn/ukprn/sensetting"), ("placementdetail", "entrydate"),
                       ("senneed", "sentype")}
    assert all(m.plan_reference == "LDS-EHCP-2026-04417" for m in export.missing)
    assert len(export.rows["person"]) == 1 and export.rows["person"][0]["postcode"] == ""
    assert "what_to_record" in export.files()["missing.csv"]


def test_a_review_meeting_without_a_decision_is_listed():
    def undecided(data):
        data["metadata"]["events"] = [e for e in data["metadata"]["events"] if e["type"] != "review_decision"]

    export = export_sen2([variant("year10-pfa-direct-payment.json", undecided)], year=2027)
    assert [(m.module, m.field) for m in export.missing] == [("activeplans", "reviewoutcome")]


def test_plans_outside_the_period_are_excluded_with_a_reason():
    export = export_sen2(examples(), year=2025, la_code="383")
    reasons = {e.plan_reference: e.reason for e in export.excluded}
    assert reasons["LDS-EHCP-2026-04417"] == "request received 2026-01-12, after the reporting period"
    assert export.rows["person"] == ()


def test_a_ceased_plan_is_exported_with_its_cease_date_and_reason():
    def ceased(data):
        data["metadata"].update(status="ceased", cease_reason="5")
        data["metadata"]["dates"]["cease_date"] = "2026-12-01"

    export = export_sen2([variant("primary-autism-final.json", ceased)], year=2027)
    assert export.rows["namedplan"][0]["ceasedate"] == "2026-12-01"
    assert export.rows["namedplan"][0]["ceasereason"] == "5"
    assert export.rows["activeplans"] == ()


def test_plans_of_several_councils_need_the_council_named():
    with pytest.raises(ExportError, match="maintained by 330, 352, 383, 886"):
        export_sen2(examples(), year=2027)
    with pytest.raises(ExportError, match="not one of the 153 current"):
        export_sen2(examples(), year=2027, la_code="999")
    with pytest.raises(ExportError, match="a year such as 2027"):
        export_sen2(examples(), year=27, la_code="383")


def test_write_puts_every_file_in_the_folder(tmp_path):
    export = export_sen2(examples(), year=2027, la_code="886", generated_at=GENERATED_AT)
    written = export.write(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted([f"{m}.csv" for m in MODULES] + ["missing.csv",
                                                                                      "excluded.csv", "index.csv"])
    assert (tmp_path / "out" / "senneed.csv").read_bytes() == b"senneedtableid,activeplanstableid,sentype,sentyperank" \
        b"\r\n1,1,MLD,1\r\n2,1,SLCN,2\r\n3,1,SEMH,2\r\n"


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2025, dt.date(2025, 1, 16)), (2026, dt.date(2026, 1, 15)), (2027, dt.date(2027, 1, 21)),
     (2028, dt.date(2028, 1, 20))],
)
def test_the_reference_date_is_the_third_thursday_of_january(year, expected):
    # 1 Jan 2025 is a Wednesday (Thursdays 2, 9, 16); 2026 a Thursday (1, 8, 15); 2027 a Friday (7, 14, 21);
    # 2028 a Saturday (6, 13, 20)
    assert reference_date(year) == expected
    assert reporting_period(year) == (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("White: Irish", "WIRI"), ("White - British", "WBRI"), ("Mixed: White and Black Caribbean", "MWBC"),
        ("Black or Black British: Caribbean", "BCRB"), ("Black African", "BAFR"), ("Asian: Pakistani", "APKN"),
        ("Chinese", "CHNE"), ("Any other ethnic group", "OOTH"), ("Information refused", "REFU"), ("wiri", "WIRI"),
        ("Gypsy/Roma", "WROM"), ("Irish Traveller of Irish heritage", "WIRT"), ("Martian", None), ("", None),
    ],
)
def test_ethnicity_text_maps_to_dfe_codes_only_when_clear(text, code):
    assert ethnicity_code(text) == code


def test_sex_maps_to_m_or_f_only():
    assert [sex_code(v) for v in ("Male", "female", "F", "Non-binary", None)] == ["M", "F", "F", None, None]
