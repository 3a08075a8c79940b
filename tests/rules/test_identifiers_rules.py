"""Rules EHCP-ID001 to EHCP-ID006: each passes a plan with good identifiers and fails one with a bad one, with the
exact finding. The identifiers are run the way a plan file is (``check_data``), since the model rejects most bad
ones; the few the model accepts (a short UKPRN, a retired LA code in the history) also fire on a loaded Plan."""

from __future__ import annotations

import pytest

from ehcp_standard.rules.engine import Finding, Severity, check_data

from .builders import AS_OF, base_plan_data, example_data, run_rule, to_plan


def id_findings(rule_id: str, data: dict) -> list[Finding]:
    """Return the findings of one identifier rule on plan JSON, checked as a plan file is."""
    report = check_data(data, as_of=AS_OF, select=[rule_id])
    assert report.valid, report.problems
    return report.findings


def error(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.ERROR, "identifiers", pointer, message)


def warning(rule_id: str, pointer: str, message: str) -> Finding:
    return Finding(rule_id, Severity.WARNING, "identifiers", pointer, message)


# -- EHCP-ID001 UPN --------------------------------------------------------------------------------------------


def with_identifier(field: str, value: str) -> dict:
    data = base_plan_data()
    data["personal_details"]["identifiers"][field] = value
    return data


@pytest.mark.parametrize("upn", ["B801200005001", "W383241722031", "Y928228910057"])
def test_id001_passes_a_valid_upn_including_one_issued_under_a_retired_la_code(upn):
    assert id_findings("EHCP-ID001", with_identifier("upn", upn)) == []


def test_id001_fails_a_upn_with_the_wrong_check_letter():
    assert id_findings("EHCP-ID001", with_identifier("upn", "C801200005001")) == [
        error(
            "EHCP-ID001",
            "/personal_details/identifiers/upn",
            "UPN C801200005001 has check letter 'C', but its other characters give 'B'; copy it from the school's "
            "records (the common transfer file), or remove it and say why in upn_unknown_reason",
        )
    ]


def test_id001_fails_a_upn_of_the_wrong_shape():
    [found] = id_findings("EHCP-ID001", with_identifier("upn", "B80120000500"))
    assert found.message.startswith("a UPN is 13 characters: a check letter, then 12 digits")
    assert found.message.endswith("found 'B80120000500'; copy it from the school's records (the common transfer "
                                  "file), or remove it and say why in upn_unknown_reason")


# -- EHCP-ID002 ULN --------------------------------------------------------------------------------------------


def test_id002_passes_a_valid_uln():
    assert id_findings("EHCP-ID002", with_identifier("uln", "9276308686")) == []


def test_id002_fails_a_uln_with_the_wrong_check_digit():
    assert id_findings("EHCP-ID002", with_identifier("uln", "9276308687")) == [
        error(
            "EHCP-ID002",
            "/personal_details/identifiers/uln",
            "ULN 9276308687 fails its check digit: the last digit should be 6, found 7; copy it from the Learning "
            "Records Service or the learner's college, or remove it",
        )
    ]


# -- EHCP-ID003 NHS number -------------------------------------------------------------------------------------


def with_nhs_number(value: str) -> dict:
    data = base_plan_data()
    data["services"]["nhs_number"] = value
    return data


def test_id003_passes_a_valid_nhs_number():
    assert id_findings("EHCP-ID003", with_nhs_number("9434765919")) == []


def test_id003_fails_an_nhs_number_that_fails_modulus_11():
    assert id_findings("EHCP-ID003", with_nhs_number("9434765918")) == [
        error(
            "EHCP-ID003",
            "/services/nhs_number",
            "NHS number 9434765918 fails the Modulus 11 check: last digit should be 9, found 8; copy it from a "
            "health letter (10 digits, no spaces), or remove it: the template asks for it only if available",
        )
    ]


def test_id003_fails_an_nhs_number_written_with_spaces():
    [found] = id_findings("EHCP-ID003", with_nhs_number("943 476 5919"))
    assert found.message.startswith("an NHS number is 10 digits with no spaces; found '943 476 5919'")


# -- EHCP-ID004 URN --------------------------------------------------------------------------------------------


def test_id004_passes_six_digit_urns():
    assert id_findings("EHCP-ID004", base_plan_data()) == []


def test_id004_fails_a_urn_that_is_not_six_digits_in_services_and_in_placements():
    data = base_plan_data()
    data["services"]["education_setting"]["urn"] = "99910"
    data["placement"]["placements"][0]["urn"] = "A99101"
    fix = "look the school up on Get Information about Schools, or remove the URN and give an SEN2 setting code"
    assert id_findings("EHCP-ID004", data) == [
        error("EHCP-ID004", "/placement/placements/0/urn",
              f"a URN (school Unique Reference Number) is 6 digits; found 'A99101'; {fix}"),
        error("EHCP-ID004", "/services/education_setting/urn",
              f"a URN (school Unique Reference Number) is 6 digits; found '99910'; {fix}"),
    ]


# -- EHCP-ID005 UKPRN ------------------------------------------------------------------------------------------


def with_ukprn(value: str) -> dict:
    data = base_plan_data()
    data["services"]["education_setting"]["ukprn"] = value
    return data


def test_id005_passes_an_eight_digit_ukprn():
    assert id_findings("EHCP-ID005", with_ukprn("10099871")) == []


def test_id005_warns_about_a_ukprn_that_is_not_eight_digits():
    expected = warning(
        "EHCP-ID005",
        "/services/education_setting/ukprn",
        "a UKPRN is 8 digits; found '1009987'; look the provider up on the UK Register of Learning Providers",
    )
    assert id_findings("EHCP-ID005", with_ukprn("1009987")) == [expected]
    assert check_data(with_ukprn("1009987"), as_of=AS_OF).notes == []


def test_id005_fires_on_a_loaded_plan_too_since_the_model_accepts_a_short_ukprn():
    [found] = run_rule("EHCP-ID005", to_plan(with_ukprn("1009987")))
    assert (found.rule_id, found.pointer) == ("EHCP-ID005", "/services/education_setting/ukprn")


def test_id005_sets_aside_a_ukprn_the_model_rejects_and_still_only_warns():
    report = check_data(with_ukprn("1009-987"), as_of=AS_OF, select=["EHCP-ID005"])
    assert [(f.severity, f.message.split(";")[1]) for f in report.findings] == [(Severity.WARNING, " found '1009-987'")]
    assert report.notes == [
        "/services/education_setting/ukprn: set aside as invalid; the rest of the plan was checked without it"
    ]


# -- EHCP-ID006 LA codes ---------------------------------------------------------------------------------------


def transferred(other_la: str | None = None, previous_la: str | None = None) -> dict:
    data = example_data("college-19-24-transferred")
    if other_la is not None:
        [event] = [e for e in data["metadata"]["events"] if "other_la" in e]
        event["other_la"] = other_la
    if previous_la is not None:
        data["services"]["previous_la"] = previous_la
    return data


def test_id006_passes_current_codes_for_the_owner_a_transfer_and_the_previous_la():
    assert id_findings("EHCP-ID006", transferred()) == []


def test_id006_fails_an_unknown_owning_la_code():
    data = base_plan_data()
    data["metadata"]["la_code"] = "999"
    assert id_findings("EHCP-ID006", data) == [
        error(
            "EHCP-ID006",
            "/metadata/la_code",
            "'999' is not one of the 153 current DfE three-digit LA codes; give the owning council's code (see "
            "data/la_codes.csv)",
        )
    ]


def test_id006_warns_about_a_retired_owning_la_code_naming_its_successors():
    data = base_plan_data()
    data["metadata"]["la_code"] = "928"
    assert id_findings("EHCP-ID006", data) == [
        warning(
            "EHCP-ID006",
            "/metadata/la_code",
            "LA code 928 (Northamptonshire) was retired in April 2021; use 940 (North Northamptonshire) or 941 "
            "(West Northamptonshire); the owning authority must be a current one",
        )
    ]


def test_id006_warns_about_a_retired_code_in_a_transfer_which_the_model_accepts():
    data = transferred(other_la="836")
    [event_index] = [i for i, e in enumerate(data["metadata"]["events"]) if "other_la" in e]
    expected = warning(
        "EHCP-ID006",
        f"/metadata/events/{event_index}/other_la",
        "LA code 836 (Poole) was retired in April 2019; use 839 (Bournemouth, Christchurch and Poole); keep 836 "
        "only if the move was before April 2019",
    )
    assert id_findings("EHCP-ID006", data) == [expected]
    assert run_rule("EHCP-ID006", data) == [expected]


def test_id006_fails_an_unknown_code_for_the_previous_la_and_sets_it_aside():
    report = check_data(transferred(previous_la="123"), as_of=AS_OF, select=["EHCP-ID006"])
    assert report.findings == [
        error(
            "EHCP-ID006",
            "/services/previous_la",
            "'123' is not one of the 153 current DfE three-digit LA codes; give the other council's code (see "
            "data/la_codes.csv)",
        )
    ]
    assert report.notes == ["/services/previous_la: set aside as invalid; the rest of the plan was checked without it"]


def test_id006_fails_an_unknown_code_in_a_transfer_and_checks_the_rest_with_a_stand_in():
    report = check_data(transferred(other_la="000"), as_of=AS_OF, select=["EHCP-ID006"])
    assert [(f.severity, f.pointer.split("/")[-1]) for f in report.findings] == [(Severity.ERROR, "other_la")]
    assert report.notes[0].endswith("set aside as invalid; the rest of the plan was checked with '201' in its place")
    assert report.complete
