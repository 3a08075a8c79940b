"""Code lists (EHCP-STANDARD.md §8): exactly the reference's values, in its order, each with a label."""

from __future__ import annotations

from enum import StrEnum

import pytest

from ehcp_standard.model import codes
from ehcp_standard.model.codes import (
    LABELS,
    AreaOfNeed,
    BudgetMechanism,
    CeaseReason,
    PfaDomain,
    PlanStatus,
    ReviewOutcome,
    SenSetting,
    SenType,
    describe,
    label,
)

ALL_CODE_LISTS = [
    value
    for value in vars(codes).values()
    if isinstance(value, type)
    and issubclass(value, StrEnum)
    and value is not StrEnum
    and value.__module__ == codes.__name__
]
#: Code lists that are labels of the template's own structure, not wording for people.
UNLABELLED_LISTS = {codes.SectionLetter}
#: Lists with no wording in ``codes._LABEL_LIST``: ``label()`` gives the raw value ("half_term").
MISSING_LABELS: set[type[StrEnum]] = set()


def _with_known_gaps(code_list: type[StrEnum]):
    if code_list in MISSING_LABELS:
        reason = (
            f"bug: codes.py _LABEL_LIST has no labels for {code_list.__name__}, so label() returns raw values"
        )
        return pytest.param(code_list, marks=pytest.mark.xfail(strict=True, reason=reason))
    return code_list


def _values(code_list: type[StrEnum]) -> list[str]:
    return [member.value for member in code_list]


def test_areas_of_need_are_the_four_in_template_order():
    assert _values(AreaOfNeed) == [
        "communication_interaction",
        "cognition_learning",
        "semh",
        "sensory_physical",
    ]
    assert [label(a) for a in AreaOfNeed] == [
        "Communication and interaction",
        "Cognition and learning",
        "Social, emotional and mental health difficulties",
        "Sensory and/or physical needs",
    ]


def test_sen_types_are_the_sen2_list_including_ds():
    assert _values(SenType) == [
        "SPLD",
        "MLD",
        "SLD",
        "PMLD",
        "SEMH",
        "SLCN",
        "HI",
        "VI",
        "MSI",
        "PD",
        "ASD",
        "DS",
        "OTH",
    ]
    assert label(SenType.DS) == "Down syndrome"


def test_sen_types_do_not_include_nsa_which_is_not_valid_for_an_ehcp():
    with pytest.raises(ValueError):
        SenType("NSA")


def test_sen_settings_are_the_sen2_list():
    assert _values(SenSetting) == ["OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"]


def test_cease_reasons_are_1_to_9():
    assert _values(CeaseReason) == [str(n) for n in range(1, 10)]
    assert label(CeaseReason.DECEASED) == "Deceased"
    assert CeaseReason("8") is CeaseReason.DECEASED
    assert CeaseReason("5") is CeaseReason.TRANSFERRED_IN_ENGLAND


def test_review_outcomes_are_amend_cease_maintain():
    assert {m.value: label(m) for m in ReviewOutcome} == {"A": "Amend", "C": "Cease", "M": "Maintain"}


def test_preparing_for_adulthood_domains_are_the_four_domains():
    assert {m.value: label(m) for m in PfaDomain} == {
        "employment": "Higher education and/or employment",
        "independent_living": "Independent living",
        "community": "Participating in society: friends, relationships, community",
        "health": "Being as healthy as possible in adult life",
    }


def test_plan_statuses_are_the_five_of_the_statutory_life():
    assert _values(PlanStatus) == ["draft", "final", "proposed_amendment", "amended_final", "ceased"]


def test_budget_mechanisms_are_direct_payment_arrangement_and_third_party():
    assert _values(BudgetMechanism) == ["direct_payment", "arrangement", "third_party"]


def test_the_code_lists_found_include_every_list_of_the_reference():
    assert {
        AreaOfNeed,
        SenType,
        SenSetting,
        CeaseReason,
        ReviewOutcome,
        PfaDomain,
        PlanStatus,
        BudgetMechanism,
    } <= set(ALL_CODE_LISTS)


@pytest.mark.parametrize(
    "code_list",
    [_with_known_gaps(c) for c in ALL_CODE_LISTS if c not in UNLABELLED_LISTS],
    ids=lambda c: c.__name__,
)
def test_every_member_of_a_code_list_has_its_own_label(code_list):
    for member in code_list:
        assert (code_list, member.value) in LABELS, member
        assert label(member) and label(member) != member.value, member


def test_every_label_belongs_to_a_member_of_its_list():
    for code_list, value in LABELS:
        assert code_list(value).value == value


def test_label_tells_apart_equal_values_in_different_lists():
    assert SenType.OTH == SenSetting.OTH == "OTH"
    assert label(SenType.OTH) == "Other difficulty"
    assert label(SenSetting.OTH) == "Other, e.g. only a type of setting is named"
    assert label(codes.AttendancePattern.OTHER) == "Other"
    assert label(codes.AdviceType.OTHER) == "Other advice and information"


def test_label_of_a_code_without_wording_is_its_value():
    assert label(codes.SectionLetter.H1) == "H1"


def test_describe_lists_every_value_with_its_label_in_order():
    assert describe(ReviewOutcome) == "A = Amend; C = Cease; M = Maintain"
