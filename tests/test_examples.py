"""The bundled example plans: each is valid, canonical and round-trips, meets the quality bar the compliance
checker expects of a bundled example, and shows what it is meant to show (examples/README.md)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ehcp_standard import Plan, PlanStatus, load_plan, schema_validator
from ehcp_standard.model import AdviceType, BudgetMechanism, PfaDomain, SectionLetter, SenType

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))

PRIMARY = "primary-autism-final.json"
YEAR10 = "year10-pfa-direct-payment.json"
DRAFT = "under5-health-social-care-draft.json"
TRANSFERRED = "college-19-24-transferred.json"

#: The day the examples were written; an active example's next review must fall after it.
WRITTEN_ON = dt.date(2026, 11, 27)

#: Ofcom's numbers reserved for drama (no real subscriber has them).
DRAMA_TELEPHONE = re.compile(
    r"^(07700 900\d{3}|0113 496 0\d{3}|0161 496 0\d{3}|0121 496 0\d{3}|020 7946 0\d{3})$"
)

#: EHCP-STANDARD.md §6, EHCP-F004: words that make provision vague ("support" only as the whole text).
VAGUE_WORDS = (
    "input", "interventions?", "access to", "opportunit(y|ies)", "as required", "as needed", "as appropriate",
    "when appropriate", "regular(ly)?", "up to", "may", "might", "could", "should", "would benefit from",
    "or equivalent", "such as", r"e\.g\.", r"etc\.?", "where possible", "ongoing", "a range of", "some",
    "key adults?", "small group", "high adult:child ratio",
)
#: EHCP-STANDARD.md §6, EHCP-E003: words that show an outcome written as a service or resource.
SERVICE_WORDS = ("hours?", "sessions?", "staff", "will receive", "will be provided with", "access to")

ALL_SECTIONS = (
    "main_contacts", "services", "section_a", "special_educational_needs", "health", "social_care",
    "shorter_term_targets", "placement", "personal_budget", "advice", "sign_off",
)
REG_6_ADVICE = {
    AdviceType.PARENT_OR_YOUNG_PERSON, AdviceType.EDUCATIONAL, AdviceType.MEDICAL,
    AdviceType.EDUCATIONAL_PSYCHOLOGIST, AdviceType.SOCIAL_CARE,
}


@cache
def example(name: str) -> Plan:
    return load_plan(EXAMPLES / name)


def _each_example():
    return pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])


def _words(patterns: tuple[str, ...], text: str) -> list[str]:
    return [m.group(0) for p in patterns for m in re.finditer(rf"(?i)(?<![\w-]){p}(?![\w-])", text)]


def _months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def national_curriculum_year(birth: dt.date, day: dt.date) -> int:
    """Return the school year group (0 = Reception) of a child born on ``birth``, on ``day`` (England)."""
    academic_year = day.year if day.month >= 9 else day.year - 1
    birth_cohort = birth.year if birth.month >= 9 else birth.year - 1
    return academic_year - birth_cohort - 5


def issue_date(plan: Plan) -> dt.date:
    """Return the date this version was issued: the draft's, the amended final's, or the final's."""
    dates = plan.metadata.dates
    if plan.metadata.status is PlanStatus.DRAFT:
        return dates.draft_issued
    amended = [e.date for e in plan.metadata.events if e.type == "amended_final_issued"]
    return max(amended) if amended else dates.final_issued


def _events(plan: Plan, kind: str) -> list[Any]:
    return [e for e in plan.metadata.events if e.type == kind]


def _walk(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        found = [node[key]] if key in node else []
        return found + [v for value in node.values() for v in _walk(value, key)]
    if isinstance(node, list):
        return [v for item in node for v in _walk(item, key)]
    return []


# -- every example: valid, canonical, round-trips ------------------------------------------------------------


def test_the_four_described_examples_are_bundled():
    names = {path.name for path in EXAMPLE_FILES}
    assert {PRIMARY, YEAR10, DRAFT, TRANSFERRED} <= names
    assert len(EXAMPLE_FILES) >= 4


def test_the_examples_readme_describes_every_example():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert [path.name for path in EXAMPLE_FILES if path.name not in readme] == []


@_each_example()
def test_example_loads_as_a_valid_plan_in_strict_mode(path):
    assert isinstance(load_plan(path), Plan)


@_each_example()
def test_example_passes_the_published_json_schema(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator().iter_errors(data)
    ]
    assert errors == []


@_each_example()
def test_example_round_trips_through_json_unchanged(path):
    plan = load_plan(path)
    assert Plan.model_validate_json(plan.to_json(), strict=True) == plan


@_each_example()
def test_example_file_is_exactly_the_canonical_serialisation(path):
    plan = load_plan(path)
    assert path.read_text(encoding="utf-8") == plan.to_json() + "\n", (
        f"{path.name} is not canonical; rewrite it with plan.to_json() + '\\n'"
    )


# -- every example: the quality bar --------------------------------------------------------------------------


@_each_example()
def test_example_has_every_section_of_the_plan(path):
    plan = load_plan(path)
    assert [name for name in ALL_SECTIONS if getattr(plan, name) is None] == []
    sen = plan.special_educational_needs
    assert [area for area, table in sen.areas() if table is None] == []
    a2 = plan.section_a.a2
    assert plan.section_a.a1.history and plan.section_a.a1.communication
    assert a2.views and a2.views_gathered and a2.views_given_by and a2.views_on_behalf is not None
    assert a2.interests and a2.strengths and a2.aspirations


@_each_example()
def test_every_table_has_strengths_and_needs_or_says_it_has_none(path):
    plan = load_plan(path)
    tables = [table for _, table in plan.special_educational_needs.areas()] + [plan.health, plan.social_care]
    for table in tables:
        assert table.strengths
        assert bool(table.needs) != table.no_identified_needs
    if plan.social_care.no_identified_needs:
        assert plan.social_care.no_needs_statement


@_each_example()
def test_every_need_has_provision_and_outcomes_and_nothing_is_left_unlinked(path):
    plan = load_plan(path)
    linked: set[str] = set()
    for pointer, _, need in plan.needs():
        assert need.provision_ids and need.outcome_ids, pointer
        linked |= {*need.provision_ids, *need.outcome_ids}
    assert [p for p, _, item in plan.provision() if item.id not in linked] == []
    assert [p for p, item in plan.outcomes() if item.id not in linked] == []


@_each_example()
def test_ids_follow_the_section_letter_convention(path):
    plan = load_plan(path)
    prefixes = {"B": "B-", "C": "C-", "D": "D-", "F": "F-", "G": "G-", "H1": "H1-", "H2": "H2-"}
    for pointer, letter, item in [*plan.needs(), *plan.provision()]:
        assert item.id.startswith(prefixes[letter.value]), pointer
    assert all(item.id.startswith("E-") for _, item in plan.outcomes())
    assert all(entry.id.startswith("K-") for entry in plan.advice.entries)
    assert all(item.id.startswith("J-") for item in plan.personal_budget.items)


@_each_example()
def test_every_provision_entry_answers_the_five_prompts(path):
    plan = load_plan(path)
    for pointer, _, item in plan.provision():
        assert item.description and item.provider_role and item.qualification, pointer
        assert item.ratio is not None or item.group_size is not None, pointer
        assert item.frequency is not None and item.duration_minutes, pointer
        assert item.term_time_only is not None and item.delivery_setting, pointer


@_each_example()
def test_health_provision_states_its_hours_and_the_commissioners_agreement(path):
    plan = load_plan(path)
    for pointer, letter, item in plan.provision():
        if letter is SectionLetter.G:
            assert item.hours is not None and item.commissioner_agreement is not None, pointer


@_each_example()
def test_provision_avoids_the_vague_words_of_rule_f004(path):
    plan = load_plan(path)
    found = []
    for pointer, _, item in plan.provision():
        for field in ("description", "provider_role", "qualification", "delivery_setting"):
            text = getattr(item, field)
            found += [(f"{pointer}/{field}", word) for word in _words(VAGUE_WORDS, text)]
            if text.strip().lower() == "support":
                found.append((f"{pointer}/{field}", text))
    assert found == []


@_each_example()
def test_outcomes_are_personal_time_bound_and_between_three_and_eight(path):
    plan = load_plan(path)
    outcomes = list(plan.outcomes())
    assert 3 <= len(outcomes) <= 8
    for pointer, item in outcomes:
        assert item.time_frame is not None and item.time_frame.by_date is not None, pointer
        assert _words(SERVICE_WORDS, item.description) == [], pointer


@_each_example()
def test_a1_history_fits_on_one_a4_page(path):
    history = load_plan(path).section_a.a1.history
    assert len(history.split()) <= 500 and len(history) <= 3000


@_each_example()
def test_section_k_has_every_regulation_6_advice_type_complete(path):
    plan = load_plan(path)
    entries = plan.advice.entries
    assert REG_6_ADVICE <= {entry.advice_type for entry in entries}
    for entry in entries:
        assert entry.who_from and entry.role and entry.appended is True, entry.id
        assert entry.date_requested <= entry.date_received <= entry.date_requested + dt.timedelta(weeks=6)
        if plan.metadata.dates.final_issued:
            assert entry.date_received <= plan.metadata.dates.final_issued, entry.id


@_each_example()
def test_new_plan_timescales_are_met(path):
    dates = load_plan(path).metadata.dates
    assert dates.decision_to_assess - dates.request_received <= dt.timedelta(weeks=6)
    if dates.final_issued:
        assert dates.final_issued - dates.request_received <= dt.timedelta(weeks=20)
        assert dates.final_issued - dates.draft_issued >= dt.timedelta(days=15)
        assert dates.first_issued <= dates.final_issued


@_each_example()
def test_next_review_is_due_within_twelve_months_and_after_the_examples_were_written(path):
    plan = load_plan(path)
    dates = plan.metadata.dates
    since = dates.last_review or dates.final_issued or dates.draft_issued
    assert since < dates.next_review_due <= _months_after(since, 12)
    assert dates.next_review_due > WRITTEN_ON


@_each_example()
def test_events_are_in_date_order_and_agree_with_the_key_dates(path):
    plan = load_plan(path)
    events = plan.metadata.events
    assert [e.date for e in events] == sorted(e.date for e in events)
    dates = plan.metadata.dates
    for kind in ("request_received", "decision_to_assess", "draft_issued", "final_issued"):
        if getattr(dates, kind):
            assert [e.date for e in _events(plan, kind)] == [getattr(dates, kind)], kind
    entries = {entry.id: entry for entry in plan.advice.entries}
    for kind, field in (("advice_requested", "date_requested"), ("advice_received", "date_received")):
        logged = {e.advice_id: e.date for e in _events(plan, kind)}
        assert logged == {key: getattr(entry, field) for key, entry in entries.items()}, kind


@_each_example()
def test_sign_off_names_the_officer_surname_first(path):
    sign_off = load_plan(path).sign_off
    assert re.fullmatch(r"[A-Z][A-Z'-]+, [A-Z][a-z]+( [A-Z][a-z]*\.?)?", sign_off.officer_name)


@_each_example()
def test_example_uses_only_fictional_contact_details(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [t for t in _walk(data, "telephone") if not DRAMA_TELEPHONE.match(t)] == []
    assert [e for e in _walk(data, "email") if not e.endswith("@example.org")] == []
    assert all(number.startswith("999") for number in _walk(data, "nhs_number"))


def test_examples_exercise_text_that_needs_escaping_or_layout():
    texts = "\n".join(path.read_text(encoding="utf-8") for path in EXAMPLE_FILES)
    values = [v for path in EXAMPLE_FILES for v in _strings(json.loads(path.read_text(encoding="utf-8")))]
    assert "&" in texts and "'" in texts and '\\"' in texts
    assert any(ord(char) > 127 for char in texts)
    assert any("\n\n" in v and "\n- " in v for v in values)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


# -- each example shows what it is meant to show -------------------------------------------------------------


def test_primary_example_is_a_final_plan_for_an_autistic_child_in_years_3_to_5():
    plan = example(PRIMARY)
    assert plan.metadata.status is PlanStatus.FINAL and plan.metadata.version == 1
    assert plan.metadata.primary_need is SenType.ASD
    assert 3 <= national_curriculum_year(plan.personal_details.date_of_birth, issue_date(plan)) <= 5


def test_primary_example_has_rich_needs_in_three_areas_and_none_in_cognition():
    sen = example(PRIMARY).special_educational_needs
    for table in (sen.communication_interaction, sen.semh, sen.sensory_physical):
        assert len(table.needs) >= 2 and len(table.provision) >= 2
    assert sen.cognition_learning.no_identified_needs


def test_primary_example_puts_speech_and_language_therapy_in_f_not_g():
    plan = example(PRIMARY)
    speech = [letter for _, letter, item in plan.provision() if "speech and language" in item.description]
    assert speech and all(letter is SectionLetter.F for letter in speech)
    assert plan.health.provision and plan.social_care.no_identified_needs


def test_primary_example_names_a_mainstream_primary_school_attended_daily():
    plan = example(PRIMARY)
    (school,) = plan.placement.placements
    assert school.urn and "primary" in school.type.lower() and school.attendance_pattern.value == "daily"
    assert school.urn == plan.services.education_setting.urn
    assert plan.personal_budget.not_applicable and not plan.personal_budget.items


def test_year10_example_is_a_15_year_old_in_year_10_or_11():
    plan = example(YEAR10)
    birth = plan.personal_details.date_of_birth
    assert age_on(birth, issue_date(plan)) == 15
    assert national_curriculum_year(birth, issue_date(plan)) in (10, 11)
    assert plan.personal_details.identifiers.upn and plan.personal_details.identifiers.uln


def test_year10_example_is_an_amended_second_version_with_its_history():
    plan = example(YEAR10)
    assert plan.metadata.status is PlanStatus.AMENDED_FINAL and plan.metadata.version == 2
    (record,) = plan.metadata.history
    assert record.version == 1 and record.status is PlanStatus.FINAL
    assert record.issued == plan.metadata.dates.first_issued and record.superseded == issue_date(plan)
    assert record.summary and record.content_sha256


def test_year10_example_records_the_review_that_led_to_the_amendment():
    plan = example(YEAR10)
    (meeting,) = _events(plan, "review_meeting")
    (decision,) = _events(plan, "review_decision")
    (proposed,) = _events(plan, "proposed_amendment_issued")
    assert decision.outcome.value == "A" and decision.review_meeting == meeting.date
    assert meeting.date == plan.metadata.dates.last_review
    assert decision.date - meeting.date <= dt.timedelta(weeks=4)
    assert dt.timedelta(days=15) <= issue_date(plan) - proposed.date <= dt.timedelta(weeks=8)


def test_year10_example_tags_preparing_for_adulthood_provision_and_outcomes():
    plan = example(YEAR10)
    tagged = [item for _, _, item in plan.provision() if item.preparing_for_adulthood]
    assert tagged and all(item.pfa_domains for item in tagged)
    assert {o.pfa_domain for _, o in plan.outcomes()} == set(PfaDomain)
    assert AdviceType.PREPARING_FOR_ADULTHOOD in {entry.advice_type for entry in plan.advice.entries}


def test_year10_example_funds_travel_training_by_a_direct_payment_stating_the_needs_and_outcomes_it_meets():
    plan = example(YEAR10)
    budget = plan.personal_budget
    (payment,) = budget.items
    assert payment.mechanism is BudgetMechanism.DIRECT_PAYMENT and not budget.not_applicable
    assert payment.amount_pence and payment.period and payment.funds and not payment.funds_institution_place
    assert payment.need_ids and payment.outcome_ids and budget.arrangements
    assert all(ref in budget.details for ref in (*payment.need_ids, *payment.outcome_ids))
    funded = {item.id for _, _, item in plan.provision() if item.funded_by_personal_budget}
    assert funded and all(any(f in plan.find(n).provision_ids for f in funded) for n in payment.need_ids)


def test_draft_example_names_no_placement():
    plan = example(DRAFT)
    assert plan.metadata.status is PlanStatus.DRAFT
    assert plan.placement is not None and plan.placement.placements == ()
    assert plan.metadata.dates.final_issued is None and not _events(plan, "final_issued")


def test_draft_example_is_for_a_three_year_old_signed_by_an_officer_without_a_date():
    plan = example(DRAFT)
    assert age_on(plan.personal_details.date_of_birth, issue_date(plan)) == 3
    assert plan.sign_off.officer_name and plan.sign_off.date is None
    assert plan.services.nhs_number


def test_draft_example_review_is_due_within_six_months_for_an_under_five():
    dates = example(DRAFT).metadata.dates
    assert dates.next_review_due <= _months_after(dates.draft_issued, 6)


def test_draft_example_has_agreed_health_provision_and_h1_and_h2_social_care():
    plan = example(DRAFT)
    assert plan.health.needs
    assert all(item.hours and item.commissioner_agreement for item in plan.health.provision)
    assert plan.social_care.needs and plan.social_care.h1_provision and plan.social_care.h2_provision


def test_transferred_example_records_the_move_from_the_previous_council():
    plan = example(TRANSFERRED)
    (transfer,) = _events(plan, "transfer_in")
    assert transfer.other_la == plan.services.previous_la != plan.metadata.la_code
    assert plan.services.moving_from_another_la is True
    assert transfer.date <= plan.metadata.dates.request_received
    assert plan.metadata.status in (PlanStatus.FINAL, PlanStatus.AMENDED_FINAL)


def test_transferred_example_is_a_young_person_aged_19_to_24_at_a_college_with_a_ukprn():
    plan = example(TRANSFERRED)
    assert 19 <= age_on(plan.personal_details.date_of_birth, issue_date(plan)) <= 24
    (college,) = plan.placement.placements
    assert re.fullmatch(r"10\d{6}", college.ukprn) and college.urn is None
    assert plan.personal_details.identifiers.uln and plan.main_contacts.young_person_applying_independently


def test_transferred_example_flags_education_or_training_outcomes_and_pfa_domains():
    plan = example(TRANSFERRED)
    outcomes = [o for _, o in plan.outcomes()]
    assert all(o.education_or_training is not None and o.pfa_domain for o in outcomes)
    assert any(o.education_or_training for o in outcomes)
    assert any(item.preparing_for_adulthood for _, _, item in plan.provision())


def test_transferred_example_uses_adult_care_in_h2_not_h1():
    social_care = example(TRANSFERRED).social_care
    assert social_care.h2_provision and social_care.h1_provision == ()
    assert all("Care Act 2014" in item.description for item in social_care.h2_provision)
