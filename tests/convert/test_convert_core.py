"""The converter's core: the draft ledger, building and repairing the plan, and carrying over every unit not retained.

These tests fill a :class:`Draft` by hand (as a mapper would) so that ``finish`` is tested apart from the mappers.
"""

from __future__ import annotations

import pytest

from ehcp_standard.convert import find_sections, load_profile, read_legacy_docx
from ehcp_standard.convert.convert import ConvertOptions, build, finish
from ehcp_standard.convert.draft import Draft, items, squash
from ehcp_standard.errors import IncompletePlanError

from .docx_fixtures import make_docx, p, tbl, tc, tr

BODY = (
    p("Education, Health and Care Plan")
    + tbl(tr(tc("Name"), tc("Ada Quill")), tr(tc("Date of Birth"), tc("02.11.2013")),
          tr(tc("UPN"), tc("A123")), tr(tc("Favourite colour"), tc("Teal")))
    + p("Section B: Special educational needs", style="Heading1")
    + p("Cognition and learning", style="Heading2")
    + p("Ada finds reading hard.")
    + p("Ada keeps a diary of trains.")
)


def _setup():
    document = read_legacy_docx(make_docx(BODY), source="ada.docx")
    profile = load_profile("generic")
    item_list = items(document, find_sections(document, profile))
    return document, profile, item_list, Draft("ada.docx", profile)


def _unit(item_list, text):
    for item in item_list:
        for unit in item.units:
            if unit.text == text:
                return item, unit
    raise AssertionError(f"no unit {text!r}")


def _fill(item_list, draft):
    _, name = _unit(item_list, "Ada Quill")
    draft.put("/personal_details/name/forename", "Ada", unit=name, fragment="Ada")
    draft.put("/personal_details/name/surname", "Quill", unit=name, fragment="Quill")
    draft.label(_unit(item_list, "Name")[1])
    _, dob = _unit(item_list, "02.11.2013")
    draft.put("/personal_details/date_of_birth", "2013-11-02", unit=dob, how="date")
    draft.label(_unit(item_list, "Date of Birth")[1])
    draft.label(_unit(item_list, "UPN")[1])
    _, upn = _unit(item_list, "A123")
    draft.put("/personal_details/identifiers/upn", "A123", unit=upn, how="identifier")
    _, need = _unit(item_list, "Ada finds reading hard.")
    draft.append("/special_educational_needs/cognition_learning/needs", {"id": "B-CL-1"})
    draft.put("/special_educational_needs/cognition_learning/needs/0/description", need.text, unit=need)
    for key, value in {"la_code": "855", "plan_reference": "ADA-1", "status": "final", "version": 1}.items():
        draft.put(f"/metadata/{key}", value)


def test_every_unit_is_retained_or_carried_over_with_its_location():
    document, _profile, item_list, draft = _setup()
    _fill(item_list, draft)
    conversion = finish(draft, item_list, options=ConvertOptions(check=False), detected=("generic", 0.5, ()))
    plan = conversion.plan
    assert plan.personal_details.name.forename == "Ada"
    assert plan.personal_details.date_of_birth.isoformat() == "2013-11-02"
    carried = {item.source.location: item for item in plan.carried_over}
    texts = [item.text for item in plan.carried_over]
    # the row with no standard field travels whole, label and value
    assert "Favourite colour: Teal" in texts
    # a need nobody mapped is carried over under its heading, suggesting B
    diary = next(item for item in plan.carried_over if item.text == "Ada keeps a diary of trains.")
    assert diary.suggested_section == "B" and diary.source.heading == "Cognition and learning"
    assert diary.source.file == "ada.docx"
    # the invalid UPN is refused by the model, so its row is carried over with the model's reason
    upn = next(item for item in plan.carried_over if "A123" in item.text)
    assert upn.reason.startswith("not valid at /personal_details/identifiers/upn")
    assert plan.personal_details.identifiers.upn is None
    # the title on the cover is not a label anyone took: carried over too, never dropped
    assert any(text == "Education, Health and Care Plan" for text in texts)
    # every unit of the source is either mapped, a template label, or carried over
    all_plan_text = squash(plan.to_json())
    labels = {"Name", "Date of Birth", "UPN", "Section B: Special educational needs", "Cognition and learning"}
    for text in document.all_text(furniture=False):
        if text in labels | {"02.11.2013", "Ada Quill"}:     # labels; a date read as one; a name split in two
            continue
        assert squash(text) in all_plan_text, text
    by_location = dict(conversion.report.mapping)
    assert sorted(by_location.values()).count(("label",)) == len(labels)
    report = conversion.report
    assert report.carried_over == len(plan.carried_over) == len(carried)
    # the section heading and the area heading are labels the structure replaces
    assert report.sections["B"].carried_over == 1 and report.sections["B"].mapped == 1
    assert report.labels >= 3


def test_a_take_that_does_not_hold_in_the_plan_is_not_trusted():
    _, _, item_list, draft = _setup()
    _fill(item_list, draft)
    _, diary = _unit(item_list, "Ada keeps a diary of trains.")
    # claims to have put the text at a pointer that holds something else
    draft.put("/special_educational_needs/cognition_learning/strengths", "Ada likes maps.", unit=diary)
    conversion = finish(draft, item_list, options=ConvertOptions(check=False), detected=("generic", 0.5, ()))
    assert any(item.text == "Ada keeps a diary of trains." for item in conversion.plan.carried_over)


def test_a_fragment_taken_leaves_the_rest_of_the_unit_to_be_carried():
    _, _, item_list, draft = _setup()
    _fill(item_list, draft)
    _, name = _unit(item_list, "Ada Quill")
    draft.takes[name.location] = [t for t in draft.takes[name.location] if t.fragment != "Quill"]
    conversion = finish(draft, item_list, options=ConvertOptions(check=False), detected=("generic", 0.5, ()))
    assert any(item.text == "Name: Ada Quill" for item in conversion.plan.carried_over)


def test_missing_date_of_birth_is_an_incomplete_plan_naming_what_is_missing():
    _, _, item_list, draft = _setup()
    _fill(item_list, draft)
    del draft.data["personal_details"]["date_of_birth"]
    with pytest.raises(IncompletePlanError) as raised:
        finish(draft, item_list, options=ConvertOptions(check=False), detected=("generic", 0.5, ()))
    assert raised.value.missing == ("/personal_details/date_of_birth",)
    assert "ada.docx" in str(raised.value) and "date of birth" in str(raised.value)


def test_build_removes_a_list_item_missing_its_text_and_renumbers():
    data = {
        "schema_version": "1.0.0",
        "metadata": {"la_code": "855", "plan_reference": "R", "status": "final", "version": 1},
        "personal_details": {"name": {"forename": "A", "surname": "B"}, "date_of_birth": "2014-01-01"},
        "special_educational_needs": {"semh": {"needs": [
            {"id": "B-SEMH-1"}, {"id": "B-SEMH-2", "description": "Two"},
            {"id": "B-SEMH-3", "description": "Three", "sen_types": ["nonsense"]}]}},
    }
    _, repaired, removed = build(data, "x.docx")
    needs = repaired["special_educational_needs"]["semh"]["needs"]
    assert [need["id"] for need in needs] == ["B-SEMH-2", "B-SEMH-3"]
    assert needs[1]["sen_types"] == []
    assert set(removed) == {"/special_educational_needs/semh/needs/0",
                            "/special_educational_needs/semh/needs/1/sen_types/0"}


def test_build_drops_golden_thread_links_that_name_nothing():
    data = {
        "schema_version": "1.0.0",
        "metadata": {"la_code": "855", "plan_reference": "R", "status": "final", "version": 1},
        "personal_details": {"name": {"forename": "A", "surname": "B"}, "date_of_birth": "2014-01-01"},
        "special_educational_needs": {"semh": {"needs": [
            {"id": "B-SEMH-1", "description": "One", "provision_ids": ["F-SEMH-9"]}]}},
    }
    _, repaired, removed = build(data, "x.docx")
    assert repaired["special_educational_needs"]["semh"]["needs"][0]["provision_ids"] == []
    assert "/special_educational_needs/semh/needs/0/provision_ids" in removed


def test_an_invalid_upn_is_carried_over_and_reported_by_the_identifier_rule():
    _, _, item_list, draft = _setup()
    _fill(item_list, draft)
    conversion = finish(draft, item_list, options=ConvertOptions(), detected=("generic", 0.5, ()))
    findings = conversion.report.findings
    upn = [f for f in findings.findings if f.pointer == "/personal_details/identifiers/upn"]
    assert upn and upn[0].severity == "error"
    assert conversion.report.error_count >= 1


def test_a_refused_identifier_is_never_repeated_in_its_reason():
    _, _, item_list, draft = _setup()
    _fill(item_list, draft)
    conversion = finish(draft, item_list, options=ConvertOptions(check=False), detected=("generic", 0.5, ()))
    upn = next(item for item in conversion.plan.carried_over if "A123" in item.text)
    assert "A123" not in upn.reason and "[value withheld]" in upn.reason
    assert all("A123" not in entry.reason for entry in conversion.report.carried)


def _document_with(body: str, **parts):
    from ehcp_standard.convert.convert import convert_docx

    return lambda **options: convert_docx(make_docx(body, **parts), source="plan.docx",
                                          options=ConvertOptions(check=False, **options))


PLAN = (
    tbl(tr(tc("Name"), tc("Ada Quill")), tr(tc("Date of Birth"), tc("02/11/2013")))
    + p("Section B: Special educational needs", style="Heading1")
    + p("Cognition and learning", style="Heading2")
    + p("Ada finds reading hard.")
)


def test_la_code_applies_only_to_plans_that_do_not_say_which_council_they_belong_to():
    silent = _document_with(PLAN)
    assert silent(la_code="855").plan.metadata.la_code == "855"
    stated = _document_with(PLAN, headers=[p("Suffolk County Council – Education, Health and Care Plan")])
    conversion = stated(la_code="855")
    assert conversion.plan.metadata.la_code == "935"
    assert any(note.code == "la_code" and "935" in note.message for note in conversion.report.notes)
    assert stated().plan.metadata.la_code == "935"


def test_what_the_reader_left_out_reaches_the_report():
    body = PLAN.replace(
        p("Ada finds reading hard."),
        '<w:p><w:r><w:t>Ada finds reading hard.</w:t></w:r>'
        '<w:del w:id="1" w:author="Officer"><w:r><w:delText> Old wording.</w:delText></w:r></w:del></w:p>'
        + p("Only for staff", rpr='<w:vanish/>'))
    conversion = _document_with(body)(la_code="855")
    codes = {note.code for note in conversion.report.notes}
    assert "tracked_deletions" in codes
    assert any(code.startswith("reader:") for code in codes)
    assert "Old wording" not in conversion.plan.to_json()


def test_a_profile_chosen_by_the_user_is_reported_as_chosen_not_scored():
    conversion = _document_with(PLAN)(la_code="855", profile=load_profile("generic"))
    assert "chosen by the user" in conversion.report.to_text()
    assert "score" not in conversion.report.to_text().splitlines()[2]
