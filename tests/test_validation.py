"""Reading and validating plan JSON: every problem located exactly, with what was expected and found."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ehcp_standard import (
    MAX_PLAN_BYTES,
    EhcpError,
    Plan,
    PlanInputError,
    PlanValidationError,
    Problem,
    SchemaVersionError,
    ValidationReport,
    load_plan,
    validate_plan,
)
from ehcp_standard.validation import read_plan_text
from tests.model.test_plan import minimal_plan

UNKNOWN_FIELD = (
    "unknown field: not part of the standard (local additions belong under /extensions/<namespace>)"
)


def _problems(plan: Any, **options: Any) -> list[Problem]:
    return validate_plan(plan, **options).problems


# -- Valid plans, and the ways a plan may be given -----------------------------------------------------------


def test_valid_plan_given_as_parsed_json_gives_a_report_with_the_plan():
    report = validate_plan(minimal_plan())
    assert report == ValidationReport("<data>", [], report.plan)
    assert report.valid
    assert isinstance(report.plan, Plan) and report.plan.metadata.plan_reference == "CAM-0001"


def test_valid_plan_given_as_json_bytes_is_valid():
    assert validate_plan(json.dumps(minimal_plan()).encode()).valid


@pytest.mark.parametrize("as_text", [False, True], ids=["path", "str"])
def test_valid_plan_file_is_reported_under_its_path(tmp_path, as_text):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(minimal_plan()), encoding="utf-8")
    given = str(path) if as_text else path
    report = validate_plan(given)
    assert (report.source, report.valid) == (str(path), True)
    assert load_plan(given) == report.plan


def test_source_names_the_plan_in_the_report():
    assert validate_plan(minimal_plan(), source="camden/ada.json").source == "camden/ada.json"


def test_plan_with_utf8_byte_order_mark_is_accepted(tmp_path):
    data = (
        b"\xef\xbb\xbf"
        + json.dumps(minimal_plan(shorter_term_targets="Zoë’s targets"), ensure_ascii=False).encode()
    )
    path = tmp_path / "bom.json"
    path.write_bytes(data)
    assert validate_plan(data).valid
    assert load_plan(path).shorter_term_targets == "Zoë’s targets"


def test_validation_report_holds_no_plan_when_there_are_problems():
    report = validate_plan(minimal_plan(colour="red"))
    assert report.plan is None and not report.valid


# -- JSON that cannot be read --------------------------------------------------------------------------------


def test_malformed_json_is_one_problem_with_its_line_and_column(tmp_path):
    text = b'{\n  "schema_version": "1.0.0",\n  "metadata": }\n'
    expected = [Problem("", "not well-formed JSON: Expecting value", line=3, column=15)]
    assert _problems(text) == expected
    path = tmp_path / "bad.json"
    path.write_bytes(text)
    assert _problems(path) == expected


def test_load_plan_raises_plan_input_error_with_line_and_column_for_malformed_json():
    with pytest.raises(PlanInputError) as raised:
        load_plan(b'{"schema_version": "1.0.0",,}', source="bad.json")
    assert (raised.value.source, raised.value.line, raised.value.column) == ("bad.json", 1, 28)
    assert (
        str(raised.value)
        == "bad.json: not well-formed JSON: Expecting property name enclosed in double quotes"
    )
    assert isinstance(raised.value.__cause__, json.JSONDecodeError)


def test_key_repeated_in_one_object_is_reported_instead_of_silently_keeping_one():
    [problem] = _problems(b'{"schema_version": "1.0.0", "metadata": {"status": "final", "status": "draft"}}')
    assert problem.pointer == ""
    assert problem.message.startswith("the key 'status' appears twice in one object")


def test_key_repeated_in_one_object_is_located_by_line_and_column():
    [problem] = _problems(b'{\n  "schema_version": "1.0.0",\n  "schema_version": "1.0.0"\n}')
    assert (problem.line, problem.column) == (3, 3)


def test_nan_is_not_well_formed_json():
    text = json.dumps(minimal_plan(extensions={"camden": {"score": 0}})).replace('"score": 0', '"score": NaN')
    [problem] = _problems(text.encode())
    assert problem.pointer == "" and problem.message.startswith("not well-formed JSON")


@pytest.mark.parametrize(
    ("data", "got"), [([], "an array"), ("text", "a string"), (3, "a number"), (None, "null")]
)
def test_json_that_is_not_an_object_is_not_a_plan(data, got):
    assert _problems(json.dumps(data).encode()) == [Problem("", "a plan is a JSON object", got=got)]
    with pytest.raises(PlanValidationError) as raised:
        load_plan(json.dumps(data).encode())
    assert not isinstance(raised.value, SchemaVersionError)
    assert raised.value.problems == [Problem("", "a plan is a JSON object", got=got)]


def _only_input_problem(plan: Any, fact: str) -> None:
    """Assert that validating ``plan`` gives one whole-plan problem whose message states ``fact`` first."""
    [problem] = _problems(plan)
    assert (problem.pointer, problem.got, problem.line, problem.column) == ("", None, None, None)
    assert problem.message.startswith(fact), problem.message


def test_missing_file_is_a_problem_and_load_plan_raises_plan_input_error(tmp_path):
    path = tmp_path / "nope.json"
    _only_input_problem(path, "no such file")
    with pytest.raises(PlanInputError, match="nope.json: no such file") as raised:
        load_plan(path)
    assert raised.value.source == str(path)
    assert isinstance(raised.value.__cause__, FileNotFoundError)


def test_folder_is_not_a_plan_file(tmp_path):
    _only_input_problem(tmp_path, "is a folder, not a plan file")
    with pytest.raises(PlanInputError, match="is a folder, not a plan file"):
        load_plan(tmp_path)


def test_file_larger_than_the_limit_is_not_read(tmp_path):
    path = tmp_path / "plan.json"
    text = json.dumps(minimal_plan())
    path.write_text(text, encoding="utf-8")
    assert read_plan_text(path, max_bytes=len(text)) == text
    with pytest.raises(PlanInputError) as raised:
        read_plan_text(path, max_bytes=len(text) - 1)
    assert str(raised.value).startswith(
        f"{path}: larger than the {len(text) - 1:,}-byte limit for a plan file"
    )


def test_the_default_limit_is_max_plan_bytes(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_PLAN_BYTES + 1)  # sparse: quick to make
    _only_input_problem(path, f"larger than the {MAX_PLAN_BYTES:,}-byte limit for a plan file")
    with pytest.raises(PlanInputError, match=f"larger than the {MAX_PLAN_BYTES:,}-byte limit"):
        read_plan_text(path)


def test_max_bytes_given_to_validate_plan_or_load_plan_limits_files_and_bytes(tmp_path):
    data = json.dumps(minimal_plan()).encode()
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    fact = f"larger than the {len(data) - 1:,}-byte limit for a plan file"
    for given in (path, data):
        [problem] = validate_plan(given, max_bytes=len(data) - 1).problems
        assert problem.pointer == "" and problem.message.startswith(fact)
        assert validate_plan(given, max_bytes=len(data)).valid
        with pytest.raises(PlanInputError, match=fact):
            load_plan(given, max_bytes=len(data) - 1)


def test_file_of_exactly_max_plan_bytes_is_read(tmp_path):
    path = tmp_path / "big.json"
    text = json.dumps(minimal_plan())
    path.write_text(text + " " * (MAX_PLAN_BYTES - len(text)), encoding="utf-8")
    assert path.stat().st_size == MAX_PLAN_BYTES
    assert validate_plan(path).valid


def test_bytes_that_are_not_utf8_are_reported_with_their_offset(tmp_path):
    data = json.dumps(minimal_plan(shorter_term_targets="Zoë"), ensure_ascii=False).encode("latin-1")
    offset = data.index(b"\xeb")
    fact = f"not UTF-8 text (byte 0xeb at offset {offset})"
    _only_input_problem(data, fact)
    path = tmp_path / "latin1.json"
    path.write_bytes(data)
    _only_input_problem(path, fact)
    with pytest.raises(PlanInputError) as raised:
        load_plan(path)
    assert isinstance(raised.value.__cause__, UnicodeDecodeError)


# -- Schema version ------------------------------------------------------------------------------------------


def test_missing_schema_version_is_reported_and_nothing_else_is_checked():
    data = minimal_plan(colour="red")
    del data["schema_version"]
    assert _problems(data) == [
        Problem("/schema_version", "missing: every plan states its schema_version ('1.0.0')")
    ]
    with pytest.raises(PlanValidationError) as raised:
        load_plan(json.dumps(data).encode())
    assert not isinstance(raised.value, SchemaVersionError)


@pytest.mark.parametrize(("version", "got"), [("2.0.0", "'2.0.0'"), ("1.0", "'1.0'"), (1, "1")])
def test_other_schema_version_is_reported_with_what_was_found(version, got):
    expected = Problem(
        "/schema_version", "this library reads schema version '1.0.0'; the plan declares another one", got=got
    )
    assert _problems(minimal_plan(schema_version=version)) == [expected]


def test_load_plan_raises_schema_version_error_a_plan_validation_error():
    with pytest.raises(SchemaVersionError) as raised:
        load_plan(minimal_plan(schema_version="2.0.0"), source="old.json")
    assert isinstance(raised.value, PlanValidationError) and isinstance(raised.value, EhcpError)
    assert raised.value.source == "old.json"
    assert str(raised.value) == (
        "old.json: 1 problem(s)\n"
        "  /schema_version: this library reads schema version '1.0.0'; "
        "the plan declares another one (found '2.0.0')"
    )


# -- Model problems, each at its exact pointer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "value", "message"),
    [
        ("/metadata/version", "2", "Input should be a valid integer"),
        ("/metadata/version", 2.5, "Input should be a valid integer"),
        ("/metadata/version", True, "Input should be a valid integer"),
        ("/metadata/plan_reference", 7, "Input should be a valid string"),
        ("/metadata/la_code", 202, "Input should be a valid string"),
        (
            "/metadata/status",
            "Final",
            "Input should be 'draft', 'final', 'proposed_amendment', 'amended_final' or 'ceased'",
        ),
        (
            "/personal_details/date_of_birth",
            "01/03/2015",
            "a date is written CCYY-MM-DD, e.g. 2026-03-01",
        ),
        ("/services/known_to_social_care", "yes", "Input should be a valid boolean"),
        ("/services/known_to_social_care", 1, "Input should be a valid boolean"),
    ],
)
def test_wrong_type_is_rejected_strictly_at_its_pointer(pointer, value, message):
    data = minimal_plan(services={})
    section, field = pointer.strip("/").split("/")
    data[section][field] = value
    assert _problems(data) == [
        Problem(pointer, message, got=json.dumps(value) if not isinstance(value, str) else repr(value))
    ]


def test_bad_identifier_is_reported_at_its_field_with_the_check_message():
    data = minimal_plan()
    data["personal_details"]["identifiers"] = {"upn": "A801200005001", "uln": "9276308687"}
    assert _problems(data) == [
        Problem(
            "/personal_details/identifiers/upn",
            "UPN A801200005001 has check letter 'A', but its other characters give 'B'",
            got="'A801200005001'",
        ),
        Problem(
            "/personal_details/identifiers/uln",
            "ULN 9276308687 fails its check digit: the last digit should be 6, found 7",
            got="'9276308687'",
        ),
    ]


def test_unknown_field_message_says_local_additions_belong_under_extensions():
    data = minimal_plan()
    data["personal_details"]["shoe_size"] = 3
    assert _problems(data) == [Problem("/personal_details/shoe_size", UNKNOWN_FIELD, got="3")]


def test_pointer_to_an_unknown_field_escapes_slash_and_tilde():
    assert _problems(minimal_plan(**{"a/b~c": True})) == [Problem("/a~1b~0c", UNKNOWN_FIELD, got="true")]


def test_missing_required_field_is_reported_at_its_own_pointer():
    data = minimal_plan()
    del data["personal_details"]["name"]["surname"]
    del data["metadata"]["status"]
    assert _problems(data) == [
        Problem("/metadata/status", "required field is missing"),
        Problem("/personal_details/name/surname", "required field is missing"),
    ]


def test_rule_of_a_whole_object_is_reported_at_that_object():
    data = minimal_plan()
    data["metadata"].update(status="ceased", cease_reason="2")
    assert _problems(data) == [
        Problem(
            "/metadata",
            "a ceased plan needs both dates.cease_date and cease_reason",
            # clipped to 80 characters
            got='{"la_code": "202", "plan_reference": "CAM-0001", "status": "ceased", "cease_r...',
        ),
    ]


def test_what_was_found_is_clipped_to_80_characters():
    data = minimal_plan()
    data["personal_details"]["preferred_name"] = "x" * 200 + "\n"
    [problem] = _problems(data)
    assert problem.got == repr("x" * 200 + "\n")[:77] + "..."
    assert len(problem.got) == 80


def test_cross_reference_problems_are_one_problem_per_reference():
    data = minimal_plan()
    need = data["special_educational_needs"]["communication_interaction"]["needs"][0]
    need.update(provision_ids=["F-CI-9"], outcome_ids=["F-CI-1"])
    base = "/special_educational_needs/communication_interaction"
    assert _problems(data) == [
        Problem(
            f"{base}/needs/0/provision_ids/0",
            "'F-CI-9' should be the id of an entry in F, but no entry has that id",
        ),
        Problem(
            f"{base}/needs/0/outcome_ids/0",
            f"'F-CI-1' should be the id of an entry in E, but it is in F ({base}/provision/0)",
        ),
    ]


# -- Tagged unions (events) ----------------------------------------------------------------------------------


def _with_event(event: dict[str, Any]) -> dict[str, Any]:
    data = minimal_plan()
    data["metadata"]["events"] = [{"type": "request_received", "date": "2024-01-08"}, event]
    return data


def test_event_error_is_located_at_the_field_without_the_union_tag():
    data = minimal_plan()
    data["metadata"]["events"] = [{"type": "review_decision", "date": "2024-07-01", "outcome": "X"}]
    assert _problems(data) == [
        Problem("/metadata/events/0/outcome", "Input should be 'A', 'C' or 'M'", got="'X'")
    ]


def test_event_missing_field_and_unknown_field_are_located_without_the_union_tag():
    assert set(_problems(_with_event({"type": "ceased", "date": "2025-07-31", "why": "moved"}))) == {
        Problem("/metadata/events/1/reason", "required field is missing"),
        Problem("/metadata/events/1/why", UNKNOWN_FIELD, got="'moved'"),
    }


def test_transfer_event_naming_an_unknown_la_is_located_at_other_la():
    assert _problems(_with_event({"type": "transfer_in", "date": "2024-01-08", "other_la": "999"})) == [
        Problem(
            "/metadata/events/1/other_la",
            "'999' is not one of the 153 current DfE three-digit LA codes",
            got="'999'",
        ),
    ]


def test_unknown_field_named_like_the_event_type_is_located_once():
    assert _problems(_with_event({"type": "mediation", "date": "2024-02-01", "mediation": "agreed"})) == [
        Problem("/metadata/events/1/mediation", UNKNOWN_FIELD, got="'agreed'"),
    ]


def test_event_of_an_unknown_type_is_located_at_the_event():
    [problem] = _problems(_with_event({"type": "party", "date": "2024-01-08"}))
    assert problem.pointer == "/metadata/events/1"
    assert problem.message.startswith(
        "Input tag 'party' found using 'type' does not match any of the expected tags"
    )


# -- Extensions and text -------------------------------------------------------------------------------------


def test_extension_namespace_that_is_not_lower_case_is_located_at_the_namespace():
    assert _problems(minimal_plan(extensions={"Camden": {"a": 1}})) == [
        Problem(
            "/extensions/Camden", "String should match pattern '^[a-z0-9][a-z0-9._-]{0,63}$'", got="'Camden'"
        ),
    ]


def test_xml_illegal_character_in_text_is_located_at_the_field():
    data = minimal_plan(shorter_term_targets="Targets\x0cset termly")
    assert _problems(data) == [
        Problem(
            "/shorter_term_targets",
            "contains the character U+000C at position 8, which XML 1.0 does not allow "
            "(a Word document could not hold it); remove it",
            got="'Targets\\x0cset termly'",
        ),
    ]


def test_lone_surrogate_escape_in_a_plan_file_is_located_at_its_field():
    text = json.dumps(minimal_plan()).replace('"Ada"', '"Ad\\ud800"')
    [problem] = _problems(text.encode())
    assert problem.pointer == "/personal_details/name/forename"


def test_date_written_as_a_timestamp_is_rejected_by_the_model():
    data = minimal_plan()
    data["personal_details"]["date_of_birth"] = "1425168000"
    assert [p.pointer for p in _problems(data)] == ["/personal_details/date_of_birth"]


# -- check_schema --------------------------------------------------------------------------------------------


def test_check_schema_finds_nothing_in_a_valid_plan():
    assert validate_plan(minimal_plan(), check_schema=True).valid


def test_check_schema_adds_findings_where_the_model_did_not_look():
    # The model stops at the wrong schema version; the schema still sees the unknown LA code.
    data = minimal_plan(schema_version="2.0.0")
    data["metadata"]["la_code"] = "999"
    problems = _problems(data, check_schema=True)
    assert [p.pointer for p in problems] == ["/schema_version", "/metadata/la_code"]
    assert problems[0] == _problems(data)[0]
    assert problems[1].message.startswith("schema: '999' is not one of ['201', '202'")
    assert (problems[1].got, problems[1].line) == (None, None)


def test_check_schema_does_not_repeat_a_place_the_model_reported():
    data = minimal_plan()
    data["personal_details"]["identifiers"] = {"upn": "b801200005001"}
    data["personal_details"]["shoe_size"] = 3
    assert _problems(data, check_schema=True) == _problems(data)
    assert {p.pointer for p in _problems(data)} == {
        "/personal_details/identifiers/upn",
        "/personal_details/shoe_size",
    }


def test_check_schema_does_not_repeat_a_model_problem_reported_at_an_ancestor_or_descendant():
    data = minimal_plan()
    del data["personal_details"][
        "date_of_birth"
    ]  # model: /personal_details/date_of_birth; schema: /personal_details
    assert _problems(data, check_schema=True) == [
        Problem("/personal_details/date_of_birth", "required field is missing")
    ]


def test_check_schema_reports_root_level_findings_when_the_model_stopped_at_the_schema_version():
    data = minimal_plan(schema_version="2.0.0", colour="red")
    problems = _problems(data, check_schema=True)
    assert len(problems) == 2
    assert "'colour' was unexpected" in problems[1].message


def test_check_schema_messages_are_marked_and_clipped():
    data = minimal_plan(schema_version="2.0.0")
    data["metadata"]["la_code"] = "999"
    message = _problems(data, check_schema=True)[1].message
    assert (
        message.startswith("schema: ") and len(message) == len("schema: ") + 200 and message.endswith("...")
    )


# -- Formats -------------------------------------------------------------------------------------------------


def test_problem_str_names_the_place_the_message_and_what_was_found():
    assert str(Problem("/metadata/version", "Input should be a valid integer", got="'2'")) == (
        "/metadata/version: Input should be a valid integer (found '2')"
    )
    assert (
        str(Problem("", "a plan is a JSON object", got="an array"))
        == "a plan is a JSON object (found an array)"
    )
    assert (
        str(Problem("/metadata/status", "required field is missing"))
        == "/metadata/status: required field is missing"
    )
    assert (
        str(Problem("", "not well-formed JSON", line=3, column=15))
        == "line 3, column 15: not well-formed JSON"
    )


def test_problem_as_dict_leaves_out_what_is_not_known():
    assert Problem("/a", "bad").as_dict() == {"pointer": "/a", "message": "bad"}
    assert Problem("", "broken", got="x", line=1, column=2).as_dict() == {
        "pointer": "",
        "message": "broken",
        "got": "x",
        "line": 1,
        "column": 2,
    }


def test_validation_report_as_dict_is_json_ready_without_the_plan():
    report = validate_plan(minimal_plan(colour="red"), source="ada.json")
    assert report.as_dict() == {
        "source": "ada.json",
        "valid": False,
        "problems": [{"pointer": "/colour", "message": UNKNOWN_FIELD, "got": "'red'"}],
    }
    assert json.loads(json.dumps(report.as_dict())) == report.as_dict()
    assert validate_plan(minimal_plan()).as_dict() == {"source": "<data>", "valid": True, "problems": []}


def test_plan_validation_error_lists_every_problem_under_its_source(tmp_path):
    path = tmp_path / "ada.json"
    data = minimal_plan(colour="red")
    data["metadata"]["version"] = 0
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanValidationError) as raised:
        load_plan(path)
    assert raised.value.source == str(path)
    assert raised.value.problems == validate_plan(path).problems
    head, *lines = str(raised.value).split("\n")
    assert head == f"{path}: 2 problem(s)"
    assert sorted(lines) == [
        f"  /colour: {UNKNOWN_FIELD} (found 'red')",
        "  /metadata/version: Input should be greater than or equal to 1 (found 0)",
    ]
