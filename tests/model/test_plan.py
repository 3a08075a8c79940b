"""The whole plan: golden-thread cross references, reading in template order, immutability and versions, and
the rules of metadata, needs tables, placements, time frames, text fields, unknown fields and extensions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from pydantic import ValidationError

from ehcp_standard.model import Need, Outcome, Plan, PlanStatus, Provision, VersionRecord
from ehcp_standard.model.plan import CrossReferenceError

CI = "/special_educational_needs/communication_interaction"
XML_ILLEGAL = "which XML 1.0 does not allow (a Word document could not hold it); remove it"


def minimal_plan(**overrides: Any) -> dict[str, Any]:
    """Return a tiny valid plan as JSON-shaped data: one need in communication and interaction, with its
    provision and outcome. ``overrides`` replace top-level fields."""
    plan: dict[str, Any] = {
        "schema_version": "1.0.0",
        "metadata": {"la_code": "202", "plan_reference": "CAM-0001", "status": "final"},
        "personal_details": {
            "name": {"forename": "Ada", "surname": "EXAMPLE"},
            "date_of_birth": "2015-03-01",
        },
        "special_educational_needs": {
            "communication_interaction": {
                "needs": [
                    {
                        "id": "B-CI-1",
                        "description": "Ada finds it hard to follow spoken instructions of three steps.",
                        "provision_ids": ["F-CI-1"],
                        "outcome_ids": ["E-1"],
                    }
                ],
                "provision": [
                    {"id": "F-CI-1", "description": "Speech and language therapy, 2 x 45 minutes a week."}
                ],
                "outcomes": [
                    {"id": "E-1", "description": "By the end of Year 6 Ada follows three-step instructions."}
                ],
            }
        },
    }
    plan.update(overrides)
    return plan


def rich_plan(**overrides: Any) -> dict[str, Any]:
    """Return a valid plan with two areas (given out of template order), health, social care, a personal
    budget, advice and an advice event."""
    sensory = {
        "needs": [
            {
                "id": "B-SP-1",
                "description": "Ada tires when writing by hand.",
                "provision_ids": ["F-SP-1"],
                "outcome_ids": ["E-2"],
            }
        ],
        "provision": [
            {"id": "F-SP-1", "description": "A laptop for written work, set up by the class teacher."}
        ],
        "outcomes": [{"id": "E-2", "description": "By July 2027 Ada writes a page on her laptop unaided."}],
    }
    sen = minimal_plan()["special_educational_needs"]
    plan = minimal_plan(
        special_educational_needs={"sensory_physical": sensory, **sen},
        health={
            "needs": [
                {
                    "id": "C-1",
                    "description": "Ada has asthma.",
                    "provision_ids": ["G-1"],
                    "outcome_ids": ["E-3"],
                }
            ],
            "provision": [
                {"id": "G-1", "description": "An inhaler kept in class; staff trained by the school nurse."}
            ],
            "outcomes": [{"id": "E-3", "description": "Ada takes part in every PE lesson."}],
        },
        social_care={
            "needs": [
                {
                    "id": "D-1",
                    "description": "Ada's family need short breaks.",
                    "provision_ids": ["H1-1", "H2-1"],
                }
            ],
            "h1_provision": [{"id": "H1-1", "description": "Overnight short break, one night a month."}],
            "h2_provision": [{"id": "H2-1", "description": "Carers' assessment for Ada's mother."}],
        },
        personal_budget={
            "items": [
                {
                    "id": "J-1",
                    "mechanism": "direct_payment",
                    "funds": "Swimming lessons with a 1:1 instructor.",
                    "need_ids": ["B-SP-1", "D-1"],
                    "outcome_ids": ["E-2"],
                }
            ]
        },
        advice={
            "entries": [{"id": "K-1", "advice_type": "educational_psychologist", "description": "EP report"}]
        },
    )
    plan["metadata"]["events"] = [{"type": "advice_received", "date": "2024-05-01", "advice_id": "K-1"}]
    plan.update(overrides)
    return plan


def _cross_reference_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        Plan.model_validate(data)
    [error] = raised.value.errors()
    assert error["loc"] == ()
    cause = error["ctx"]["error"]
    assert isinstance(cause, CrossReferenceError)
    return cause.problems


def _errors(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    with pytest.raises(ValidationError) as raised:
        Plan.model_validate(data)
    return [(e["loc"], e["type"], e["msg"].removeprefix("Value error, ")) for e in raised.value.errors()]


def _ci(data: dict[str, Any]) -> dict[str, Any]:
    return data["special_educational_needs"]["communication_interaction"]


# -- The tiny plans are valid --------------------------------------------------------------------------------


def test_minimal_plan_is_valid():
    plan = Plan.model_validate(minimal_plan())
    assert plan.metadata.version == 1
    assert plan.metadata.status is PlanStatus.FINAL


def test_rich_plan_is_valid():
    Plan.model_validate(rich_plan())


# -- Golden thread: ids and what they refer to ---------------------------------------------------------------


def test_duplicate_id_is_reported_at_the_duplicate_naming_the_first_use():
    data = minimal_plan()
    _ci(data)["provision"].append({"id": "F-CI-1", "description": "Visual timetable."})
    assert _cross_reference_problems(data) == [
        (f"{CI}/provision/1/id", f"id 'F-CI-1' is already used at {CI}/provision/0"),
    ]


def test_ids_are_unique_across_kinds_and_sections():
    data = rich_plan()
    data["advice"]["entries"].append(
        {"id": "B-CI-1", "advice_type": "medical", "description": "Paediatric report"}
    )
    assert _cross_reference_problems(data) == [
        ("/advice/entries/1/id", f"id 'B-CI-1' is already used at {CI}/needs/0"),
    ]


def test_need_in_b_referring_to_health_provision_says_it_should_be_f_and_where_the_id_is():
    data = rich_plan()
    _ci(data)["needs"][0]["provision_ids"] = ["G-1"]
    assert _cross_reference_problems(data) == [
        (
            f"{CI}/needs/0/provision_ids/0",
            "'G-1' should be the id of an entry in F, but it is in G (/health/provision/0)",
        ),
    ]


def test_need_in_b_listing_an_outcome_as_provision_says_it_is_in_e():
    data = minimal_plan()
    _ci(data)["needs"][0]["provision_ids"] = ["F-CI-1", "E-1"]
    assert _cross_reference_problems(data) == [
        (
            f"{CI}/needs/0/provision_ids/1",
            f"'E-1' should be the id of an entry in F, but it is in E ({CI}/outcomes/0)",
        ),
    ]


def test_need_listing_provision_as_an_outcome_says_it_should_be_e():
    data = minimal_plan()
    _ci(data)["needs"][0]["outcome_ids"] = ["F-CI-1"]
    assert _cross_reference_problems(data) == [
        (
            f"{CI}/needs/0/outcome_ids/0",
            f"'F-CI-1' should be the id of an entry in E, but it is in F ({CI}/provision/0)",
        ),
    ]


def test_need_in_c_may_refer_only_to_g():
    data = rich_plan()
    data["health"]["needs"][0]["provision_ids"] = ["F-CI-1"]
    assert _cross_reference_problems(data) == [
        (
            "/health/needs/0/provision_ids/0",
            f"'F-CI-1' should be the id of an entry in G, but it is in F ({CI}/provision/0)",
        ),
    ]


def test_need_in_d_may_refer_to_h1_or_h2_but_not_g():
    data = rich_plan()
    data["social_care"]["needs"][0]["provision_ids"] = ["H2-1", "G-1"]
    assert _cross_reference_problems(data) == [
        (
            "/social_care/needs/0/provision_ids/1",
            "'G-1' should be the id of an entry in H1 or H2, but it is in G (/health/provision/0)",
        ),
    ]


def test_reference_to_a_missing_id_is_reported_at_the_reference():
    data = minimal_plan()
    _ci(data)["needs"][0]["provision_ids"] = ["F-CI-9"]
    assert _cross_reference_problems(data) == [
        (
            f"{CI}/needs/0/provision_ids/0",
            "'F-CI-9' should be the id of an entry in F, but no entry has that id",
        ),
    ]


def test_every_bad_reference_in_a_plan_is_reported_at_once():
    data = minimal_plan()
    _ci(data)["needs"][0]["provision_ids"] = ["F-CI-9"]
    _ci(data)["needs"][0]["outcome_ids"] = ["E-9"]
    assert [pointer for pointer, _ in _cross_reference_problems(data)] == [
        f"{CI}/needs/0/provision_ids/0",
        f"{CI}/needs/0/outcome_ids/0",
    ]


def test_budget_item_must_refer_to_needs_in_b_c_or_d_and_outcomes_in_e():
    data = rich_plan()
    data["personal_budget"]["items"][0]["need_ids"] = ["E-1", "B-XX"]
    data["personal_budget"]["items"][0]["outcome_ids"] = ["B-CI-1"]
    assert _cross_reference_problems(data) == [
        (
            "/personal_budget/items/0/need_ids/0",
            f"'E-1' should be the id of an entry in B or C or D, but it is in E ({CI}/outcomes/0)",
        ),
        (
            "/personal_budget/items/0/need_ids/1",
            "'B-XX' should be the id of an entry in B or C or D, but no entry has that id",
        ),
        (
            "/personal_budget/items/0/outcome_ids/0",
            f"'B-CI-1' should be the id of an entry in E, but it is in B ({CI}/needs/0)",
        ),
    ]


def test_advice_event_must_refer_to_an_entry_in_k():
    data = rich_plan()
    data["metadata"]["events"] = [
        {"type": "advice_requested", "date": "2024-03-01", "advice_id": "K-2"},
        {"type": "advice_received", "date": "2024-05-01", "advice_id": "G-1"},
    ]
    assert _cross_reference_problems(data) == [
        ("/metadata/events/0/advice_id", "'K-2' should be the id of an entry in K, but no entry has that id"),
        (
            "/metadata/events/1/advice_id",
            "'G-1' should be the id of an entry in K, but it is in G (/health/provision/0)",
        ),
    ]


@pytest.mark.parametrize("bad_id", ["1-B", "B CI 1", "", "B/1", "x" * 65])
def test_id_must_start_with_a_letter_and_use_only_letters_digits_and_dot_dash_underscore(bad_id):
    data = minimal_plan()
    _ci(data)["outcomes"][0]["id"] = bad_id
    assert _errors(data) == [
        (
            ("special_educational_needs", "communication_interaction", "outcomes", 0, "id"),
            "string_pattern_mismatch",
            "String should match pattern '^[A-Za-z][A-Za-z0-9_.-]{0,63}$'",
        ),
    ]


# -- Reading the plan in template order ----------------------------------------------------------------------


def test_needs_are_listed_with_pointers_and_letters_in_template_order():
    plan = Plan.model_validate(rich_plan())
    assert [(pointer, letter.value, need.id) for pointer, letter, need in plan.needs()] == [
        (f"{CI}/needs/0", "B", "B-CI-1"),
        ("/special_educational_needs/sensory_physical/needs/0", "B", "B-SP-1"),
        ("/health/needs/0", "C", "C-1"),
        ("/social_care/needs/0", "D", "D-1"),
    ]


def test_provision_is_listed_with_pointers_and_letters_in_template_order():
    plan = Plan.model_validate(rich_plan())
    assert [(pointer, letter.value, item.id) for pointer, letter, item in plan.provision()] == [
        (f"{CI}/provision/0", "F", "F-CI-1"),
        ("/special_educational_needs/sensory_physical/provision/0", "F", "F-SP-1"),
        ("/health/provision/0", "G", "G-1"),
        ("/social_care/h1_provision/0", "H1", "H1-1"),
        ("/social_care/h2_provision/0", "H2", "H2-1"),
    ]


def test_outcomes_are_listed_with_pointers_in_template_order():
    plan = Plan.model_validate(rich_plan())
    assert [(pointer, outcome.id) for pointer, outcome in plan.outcomes()] == [
        (f"{CI}/outcomes/0", "E-1"),
        ("/special_educational_needs/sensory_physical/outcomes/0", "E-2"),
        ("/health/outcomes/0", "E-3"),
    ]


def test_a_plan_with_no_needs_sections_lists_nothing():
    plan = Plan.model_validate(minimal_plan(special_educational_needs=None))
    assert list(plan.needs()) == list(plan.provision()) == list(plan.outcomes()) == []


def test_find_returns_the_need_provision_or_outcome_with_an_id():
    plan = Plan.model_validate(rich_plan())
    need, provision, outcome = plan.find("D-1"), plan.find("H2-1"), plan.find("E-3")
    assert isinstance(need, Need) and need.description == "Ada's family need short breaks."
    assert (
        isinstance(provision, Provision) and provision.description == "Carers' assessment for Ada's mother."
    )
    assert isinstance(outcome, Outcome) and outcome.description == "Ada takes part in every PE lesson."


@pytest.mark.parametrize("item_id", ["J-1", "K-1", "NOPE", ""])
def test_find_returns_none_for_an_id_that_is_not_a_need_provision_or_outcome(item_id):
    assert Plan.model_validate(rich_plan()).find(item_id) is None


# -- Immutability and versions -------------------------------------------------------------------------------


def test_assigning_a_field_of_a_plan_raises():
    plan = Plan.model_validate(minimal_plan())
    with pytest.raises(ValidationError, match="frozen"):
        plan.shorter_term_targets = "Termly targets set by the SENCO."
    with pytest.raises(ValidationError, match="frozen"):
        plan.metadata.version = 2
    with pytest.raises(ValidationError, match="frozen"):
        plan.special_educational_needs.communication_interaction.needs[0].description = "Changed."


def test_lists_in_a_plan_are_tuples_that_cannot_be_appended_to():
    plan = Plan.model_validate(minimal_plan())
    with pytest.raises(AttributeError):
        plan.special_educational_needs.communication_interaction.needs.append(None)


def test_extensions_of_a_plan_cannot_be_changed_in_place():
    plan = Plan.model_validate(minimal_plan(extensions={"camden": {"panel": "March"}}))
    with pytest.raises(TypeError):
        plan.extensions["camden"]["panel"] = "April"


def test_new_version_raises_the_version_and_records_the_old_one_in_history():
    data = minimal_plan()
    data["metadata"]["dates"] = {"final_issued": "2024-06-01"}
    old = Plan.model_validate(data)
    old_hash = old.content_sha256()
    new = old.new_version(
        status=PlanStatus.PROPOSED_AMENDMENT,
        date=dt.date(2025, 5, 1),
        summary="Annual review: new outcome for writing.",
        changes={"shorter_term_targets": "The SENCO sets termly targets."},
    )
    assert new.metadata.version == 2
    assert new.metadata.status is PlanStatus.PROPOSED_AMENDMENT
    assert new.shorter_term_targets == "The SENCO sets termly targets."
    assert new.metadata.history == (
        VersionRecord(
            version=1,
            status=PlanStatus.FINAL,
            issued=dt.date(2024, 6, 1),
            superseded=dt.date(2025, 5, 1),
            summary="Annual review: new outcome for writing.",
            content_sha256=old_hash,
        ),
    )
    assert new.content_sha256() != old_hash


def test_new_version_leaves_the_original_untouched():
    old = Plan.model_validate(minimal_plan())
    before = old.canonical_json()
    old.new_version(
        status="amended_final", date=dt.date(2025, 5, 1), changes={"shorter_term_targets": "Termly."}
    )
    assert old.canonical_json() == before
    assert old.metadata.version == 1
    assert old.metadata.history == ()
    assert old.shorter_term_targets is None


def test_each_new_version_adds_one_record_in_increasing_order():
    first = Plan.model_validate(minimal_plan())
    second = first.new_version(status="proposed_amendment", date=dt.date(2025, 5, 1))
    third = second.new_version(status="amended_final", date=dt.date(2025, 6, 1))
    assert third.metadata.version == 3
    assert [(r.version, r.status.value, r.content_sha256) for r in third.metadata.history] == [
        (1, "final", first.content_sha256()),
        (2, "proposed_amendment", second.content_sha256()),
    ]


def test_new_version_merges_metadata_changes_into_the_existing_metadata():
    old = Plan.model_validate(minimal_plan())
    new = old.new_version(
        status="ceased",
        date=dt.date(2025, 7, 31),
        changes={"metadata": {"cease_reason": "3", "dates": {"cease_date": "2025-07-31"}}},
    )
    assert new.metadata.la_code == "202"
    assert new.metadata.cease_reason.value == "3"


def test_canonical_json_is_sorted_compact_utf8_and_its_hash_is_sha256_hex():
    plan = Plan.model_validate(minimal_plan(shorter_term_targets="Zoë’s targets"))
    text = plan.canonical_json()
    assert text.startswith(b'{"carried_over":[],"extensions":{},"metadata":{')
    assert "Zoë’s".encode() in text
    assert (
        json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        == text
    )
    assert plan.content_sha256() == hashlib.sha256(text).hexdigest()


# -- Metadata rules ------------------------------------------------------------------------------------------


def _metadata(**fields: Any) -> dict[str, Any]:
    return minimal_plan(
        metadata={"la_code": "202", "plan_reference": "CAM-0001", "status": "final", **fields}
    )


def test_ceased_plan_with_cease_reason_and_cease_date_is_valid():
    plan = Plan.model_validate(
        _metadata(status="ceased", cease_reason="2", dates={"cease_date": "2025-07-31"})
    )
    assert plan.metadata.cease_reason.value == "2"


@pytest.mark.parametrize(
    "fields",
    [{"cease_reason": "2"}, {"dates": {"cease_date": "2025-07-31"}}, {}],
    ids=["no date", "no reason", "neither"],
)
def test_ceased_plan_needs_both_cease_reason_and_cease_date(fields):
    assert _errors(_metadata(status="ceased", **fields)) == [
        (("metadata",), "value_error", "a ceased plan needs both dates.cease_date and cease_reason"),
    ]


@pytest.mark.parametrize("status", ["draft", "final", "proposed_amendment", "amended_final"])
def test_cease_reason_with_a_status_other_than_ceased_is_rejected(status):
    assert _errors(_metadata(status=status, cease_reason="8")) == [
        (("metadata",), "value_error", f"cease_reason is set but the status is {status!r}, not 'ceased'"),
    ]


def _record(version: int) -> dict[str, Any]:
    return {"version": version, "status": "final", "superseded": "2024-09-01"}


def test_history_of_increasing_versions_below_the_current_version_is_valid():
    plan = Plan.model_validate(_metadata(version=3, history=[_record(1), _record(2)]))
    assert [r.version for r in plan.metadata.history] == [1, 2]


@pytest.mark.parametrize("versions", [[2, 1], [1, 1]])
def test_history_versions_must_be_distinct_and_increasing(versions):
    assert _errors(_metadata(version=3, history=[_record(v) for v in versions])) == [
        (
            ("metadata",),
            "value_error",
            f"history versions must be distinct and in increasing order; found {versions}",
        ),
    ]


@pytest.mark.parametrize("latest", [2, 3])
def test_history_versions_must_be_below_the_current_version(latest):
    assert _errors(_metadata(version=2, history=[_record(1), _record(latest)])) == [
        (("metadata",), "value_error", f"history holds version {latest}, but the plan itself is version 2"),
    ]


def test_maintaining_la_must_be_current_but_a_transfer_may_name_a_retired_la():
    assert _errors(_metadata(la_code="909"))[0][:2] == (("metadata", "la_code"), "value_error")
    plan = Plan.model_validate(
        _metadata(events=[{"type": "transfer_in", "date": "2023-01-09", "other_la": "909"}])
    )
    assert plan.metadata.events[0].other_la == "909"


# -- Needs tables, placements and time frames ----------------------------------------------------------------


def test_no_identified_needs_with_needs_listed_is_rejected():
    data = minimal_plan()
    _ci(data)["no_identified_needs"] = True
    assert _errors(data) == [
        (
            ("special_educational_needs", "communication_interaction"),
            "value_error",
            "no_identified_needs is true, yet 1 need(s) are listed",
        ),
    ]


def test_no_identified_needs_in_an_empty_table_is_valid():
    data = minimal_plan(health={"no_identified_needs": True, "strengths": "Ada is well."})
    assert Plan.model_validate(data).health.no_identified_needs


def test_health_table_claiming_no_needs_while_listing_one_is_rejected():
    data = rich_plan()
    data["health"]["no_identified_needs"] = True
    assert _errors(data)[0][0] == ("health",)


def test_placements_with_the_same_rank_are_rejected():
    data = minimal_plan(
        placement={"placements": [{"name": "Hill Primary"}, {"name": "Brook Special School"}]}
    )
    assert _errors(data) == [
        (("placement",), "value_error", "each placement needs its own rank; found ranks [1, 1]")
    ]


def test_dual_placement_with_ranks_1_and_2_is_valid():
    data = minimal_plan(
        placement={"placements": [{"name": "Hill Primary"}, {"type": "Special school", "rank": 2}]}
    )
    assert [p.rank for p in Plan.model_validate(data).placement.placements] == [1, 2]


def test_placement_with_neither_name_type_nor_setting_is_rejected():
    data = minimal_plan(placement={"placements": [{"rank": 1, "urn": "100000"}]})
    assert _errors(data) == [
        (
            ("placement", "placements", 0),
            "value_error",
            "a placement needs at least a name, a type or an SEN2 setting code",
        ),
    ]


@pytest.mark.parametrize(
    "placement", [{"name": "Hill Primary"}, {"type": "Mainstream primary"}, {"sen_setting": "EHE"}]
)
def test_placement_with_a_name_a_type_or_a_setting_is_valid(placement):
    Plan.model_validate(minimal_plan(placement={"placements": [placement]}))


def test_placement_leaving_before_it_starts_is_rejected():
    placement = {"name": "Hill Primary", "entry_date": "2024-09-01", "leaving_date": "2024-08-31"}
    assert _errors(minimal_plan(placement={"placements": [placement]})) == [
        (
            ("placement", "placements", 0),
            "value_error",
            "the placement ends (2024-08-31) before it starts (2024-09-01)",
        ),
    ]


def test_time_frame_without_a_date_or_a_phase_is_rejected():
    data = minimal_plan()
    _ci(data)["outcomes"][0]["time_frame"] = {}
    assert _errors(data) == [
        (
            ("special_educational_needs", "communication_interaction", "outcomes", 0, "time_frame"),
            "value_error",
            "a time frame needs by_date, by_phase or both",
        ),
    ]


@pytest.mark.parametrize(
    "time_frame",
    [
        {"by_date": "2027-07-31"},
        {"by_phase": "the end of Key Stage 2"},
        {"by_date": "2027-07-31", "by_phase": "Year 6"},
    ],
)
def test_time_frame_with_a_date_or_a_phase_is_valid(time_frame):
    data = minimal_plan()
    _ci(data)["outcomes"][0]["time_frame"] = time_frame
    Plan.model_validate(data)


# -- Text fields ---------------------------------------------------------------------------------------------

NEED_DESCRIPTION = ("special_educational_needs", "communication_interaction", "needs", 0, "description")


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x00", "U+0000"),
        ("\x07", "U+0007"),
        ("\x0b", "U+000B"),
        ("\x1f", "U+001F"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
    ],
)
def test_text_field_with_a_character_xml_forbids_is_rejected_at_that_field(char, code):
    data = minimal_plan()
    _ci(data)["needs"][0]["description"] = f"Ada{char}"
    assert _errors(data) == [
        (
            NEED_DESCRIPTION,
            "value_error",
            f"contains the character {code} at position 4, {XML_ILLEGAL}",
        ),
    ]


def test_text_field_with_an_unpaired_surrogate_is_rejected_at_that_field():
    data = minimal_plan()
    _ci(data)["needs"][0]["description"] = "Ada\ud800"
    assert [loc for loc, _, _ in _errors(data)] == [NEED_DESCRIPTION]


@pytest.mark.parametrize(
    "text",
    [
        "Column\tgap",
        "First paragraph.\nSecond paragraph.\r\nThird.",
        "- bullet one\n• bullet two",
        "Ada loves 🦄 and 🧩",
        "آدا تحب الرسم",  # Arabic, right to left
        "עדה אוהבת לצייר",  # Hebrew, right to left
        "mixed \u200fRTL mark\u200e and \u202bembedding\u202c",
        "\x7f\x85",  # allowed by XML 1.0
    ],
)
def test_text_field_accepts_tabs_line_breaks_emoji_and_right_to_left_text(text):
    data = minimal_plan()
    _ci(data)["needs"][0]["description"] = text
    assert (
        Plan.model_validate(data).special_educational_needs.communication_interaction.needs[0].description
        == text
    )


def test_text_field_must_not_be_empty():
    data = minimal_plan()
    _ci(data)["needs"][0]["description"] = ""
    assert _errors(data)[0][:2] == (NEED_DESCRIPTION, "string_too_short")


@pytest.mark.parametrize(
    ("char", "code"), [("\n", "U+000A"), ("\r", "U+000D"), ("\t", "U+0009"), ("\x7f", "U+007F")]
)
def test_short_text_rejects_line_breaks_and_control_characters(char, code):
    data = minimal_plan()
    data["personal_details"]["name"]["forename"] = f"A{char}da"
    assert _errors(data) == [
        (
            ("personal_details", "name", "forename"),
            "value_error",
            f"must be a single line, but contains the control character {code} at position 2",
        ),
    ]


@pytest.mark.parametrize("name", ["Zoë-Ann", "Ada 🦄", "آدا", "O’Brien"])
def test_short_text_accepts_any_single_line_of_text(name):
    data = minimal_plan()
    data["personal_details"]["name"]["forename"] = name
    assert Plan.model_validate(data).personal_details.name.forename == name


def test_short_text_is_at_most_500_characters():
    data = minimal_plan()
    data["personal_details"]["name"]["forename"] = "A" * 500
    Plan.model_validate(data)
    data["personal_details"]["name"]["forename"] = "A" * 501
    assert _errors(data)[0][:2] == (("personal_details", "name", "forename"), "string_too_long")


# -- Unknown fields and extensions ---------------------------------------------------------------------------


def _set(data: dict[str, Any], path: tuple[Any, ...], key: str, value: Any) -> dict[str, Any]:
    node = data
    for part in path:
        node = node[part]
    node[key] = value
    return data


@pytest.mark.parametrize(
    "path",
    [
        (),
        ("metadata",),
        ("personal_details",),
        ("personal_details", "name"),
        ("special_educational_needs",),
        ("special_educational_needs", "communication_interaction"),
        ("special_educational_needs", "communication_interaction", "needs", 0),
        ("special_educational_needs", "communication_interaction", "provision", 0),
        ("special_educational_needs", "communication_interaction", "outcomes", 0),
        ("health", "provision", 0),
        ("social_care", "h2_provision", 0),
        ("personal_budget", "items", 0),
        ("advice", "entries", 0),
    ],
    ids=lambda path: "/".join(map(str, path)) or "top",
)
def test_unknown_field_is_rejected_everywhere(path):
    data = _set(rich_plan(), path, "local_colour", "red")
    assert _errors(data) == [((*path, "local_colour"), "extra_forbidden", "Extra inputs are not permitted")]


def test_unknown_field_in_an_event_is_rejected_inside_its_tagged_union_member():
    data = rich_plan()
    data["metadata"]["events"][0]["local_colour"] = "red"
    assert _errors(data) == [
        (
            ("metadata", "events", 0, "advice_received", "local_colour"),
            "extra_forbidden",
            "Extra inputs are not permitted",
        ),
    ]


def test_anything_goes_under_extensions_in_a_namespace():
    extensions = {
        "leicestershire": {
            "primary_area_of_need": "Communication and interaction",
            "person_with_parental_responsibility": {"name": "Grace EXAMPLE", "since": "2015-03-01"},
            "panel_dates": ["2024-01-10", "2024-03-12"],
            "scores": [1, 2.5, -3, True, None, {"deep": [[{}]]}],
            "tab\tand newline\n": "kept",
        },
        "camden.v2": {},
        "north_yorks-2": {"n": 0},
    }
    plan = Plan.model_validate(minimal_plan(extensions=extensions))
    assert plan.model_dump(mode="json")["extensions"] == extensions


@pytest.mark.parametrize("namespace", ["Leicestershire", "my council", "-camden", "", "a" * 65, "café"])
def test_extension_namespace_must_be_a_lower_case_name(namespace):
    errors = _errors(minimal_plan(extensions={namespace: {"a": 1}}))
    assert [(loc[:2], kind) for loc, kind, _ in errors] == [
        (("extensions", namespace), "string_pattern_mismatch")
    ]


@pytest.mark.parametrize("value", [5, "text", [1, 2], None])
def test_each_extension_namespace_holds_a_json_object(value):
    assert _errors(minimal_plan(extensions={"camden": value}))[0][0] == ("extensions", "camden")


def test_xml_illegal_character_in_an_extension_string_is_rejected_naming_where_it_is():
    errors = _errors(minimal_plan(extensions={"camden": {"notes": ["fine", {"bad": "bell\x07"}]}}))
    assert errors == [
        (
            ("extensions", "camden"),
            "value_error",
            f"/notes/1/bad contains the character U+0007 at position 5, {XML_ILLEGAL}",
        ),
    ]


def test_xml_illegal_character_in_an_extension_key_is_rejected():
    [(loc, kind, message)] = _errors(minimal_plan(extensions={"camden": {"nested": {"bad\uffff": 1}}}))
    assert (loc, kind) == (("extensions", "camden"), "value_error")
    assert "key" in message and "U+FFFF" in message


def test_changing_the_input_after_validation_does_not_change_the_plans_extensions():
    extensions = {"camden": {"list": [1]}}
    plan = Plan.model_validate(minimal_plan(extensions=extensions))
    before = plan.content_sha256()
    extensions["camden"]["list"].append(2)
    extensions["camden"]["new"] = True
    assert plan.model_dump(mode="json")["extensions"] == {"camden": {"list": [1]}}
    assert plan.content_sha256() == before


def test_every_kind_of_statutory_event_has_wording_for_people():
    from typing import get_args

    from ehcp_standard.model.metadata import (
        EVENT_LABELS,
        CessationEvent,
        GenericEventType,
        ReviewDecisionEvent,
        TransferEvent,
    )

    kinds = set(get_args(GenericEventType))
    for model in (ReviewDecisionEvent, TransferEvent, CessationEvent):
        kinds |= set(get_args(model.model_fields["type"].annotation))
    assert set(EVENT_LABELS) == kinds
    assert all(text and text[0].isupper() for text in EVENT_LABELS.values())
