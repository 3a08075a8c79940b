"""Each thing the visible layout cannot show (``projection``'s list), one at a time: the page reads back as
``visible_form`` says, and the difference is reported as not shown, with the reason, never as an edit."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ehcp_standard import Plan
from ehcp_standard.model import AreaOfNeed
from ehcp_standard.read import read_docx, visible_form
from ehcp_standard.render import render_docx

BASE: dict[str, Any] = {
    "schema_version": "1.0.0",
    "metadata": {"la_code": "383", "plan_reference": "EHCP-READ-1", "status": "final"},
    "personal_details": {"name": {"forename": "Ada", "surname": "Reader"}, "date_of_birth": "2015-04-01"},
    # the sections the page always shows (item 3), present and empty
    "services": {}, "section_a": {}, "special_educational_needs": {}, "placement": {"placements": []},
    "advice": {"entries": []},
}


def plan(**changes: Any) -> Plan:
    """A small plan: ``BASE`` with ``changes`` (a value of ``None`` leaves the field out)."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Plan.model_validate({key: value for key, value in data.items() if value is not None})


def area(**table: Any) -> dict:
    return {"communication_interaction": table}


def round_trip(source: Plan) -> Plan:
    """Return the plan the page of ``source`` shows, checking it is what ``visible_form`` predicts and that every
    difference is reported as not shown."""
    result = read_docx(render_docx(source))
    assert result.plan == source
    assert result.visible == visible_form(source)
    assert all(d.kind == "not_shown" and d.note for d in result.differences)
    return result.visible


def test_a_plan_with_nothing_the_page_cannot_show_comes_back_exactly():
    source = plan()
    assert round_trip(source) == source
    assert read_docx(render_docx(source)).differences == ()


# -- 1 and 2: text ---------------------------------------------------------------------------------------------------


def test_line_break_kinds_and_a_final_blank_line_do_not_show_but_blank_lines_and_bullet_markers_do():
    source = plan(shorter_term_targets="Termly targets.\r\n\r\nSet with Ada:\n• reading\u2028- writing\n\n")
    assert round_trip(source).shorter_term_targets == "Termly targets.\n\nSet with Ada:\n• reading\n- writing"
    [difference] = read_docx(render_docx(source)).differences
    assert difference.section == "E" and "blank lines" in difference.note


def test_a_required_text_of_line_breaks_only_reads_back_as_one_line_break():
    source = plan(special_educational_needs=area(needs=[{"id": "B-1", "description": "\r\n\r\n"}]))
    need = round_trip(source).special_educational_needs.communication_interaction.needs[0]
    assert need.description == "\n"


def test_a_note_on_an_event_keeps_its_blank_lines_but_not_its_line_break_kinds():
    events = [{"type": "review_meeting", "date": "2026-01-10", "note": "Met at school.\r\n\r\nAll agreed.\n"}]
    source = plan(metadata={**BASE["metadata"], "events": events})
    assert round_trip(source).metadata.events[0].note == "Met at school.\n\nAll agreed."


def test_text_full_of_markup_and_template_syntax_comes_back_exactly():
    hostile = ("Tom & Jerry <b>bold</b> {{ name }} {% if x %} ]]> \"quoted\" 'single' \u202eevil\u202c "
               "👩🏽‍🦯\tTab")
    source = plan(shorter_term_targets=hostile, sign_off={"officer_name": "  O'NEIL, <Zoë> & co  "})
    shown = round_trip(source)
    assert shown.shorter_term_targets == hostile and shown.sign_off.officer_name == "  O'NEIL, <Zoë> & co  "


# -- 3: empty sections -----------------------------------------------------------------------------------------------


def test_empty_sections_read_back_present_and_empty():
    shown = round_trip(plan(services=None, section_a=None, special_educational_needs=None, placement=None,
                            advice=None))
    assert shown.services is not None and shown.section_a is not None
    assert shown.special_educational_needs is not None and shown.advice is not None
    assert shown.placement is not None and shown.placement.placements == ()
    assert shown.health is None and shown.social_care is None and shown.personal_budget is None


def test_a_draft_never_shows_a_placement():
    placements = {"placements": [{"name": "Hollin Vale Primary School"}]}
    source = plan(metadata={**BASE["metadata"], "status": "draft"}, placement=placements)
    assert round_trip(source).placement.placements == ()
    notes = {d.note for d in read_docx(render_docx(source)).differences}
    assert any("draft" in note for note in notes)


# -- 4: entries shown in several tables ------------------------------------------------------------------------------


def test_an_outcome_named_by_needs_in_two_tables_is_read_back_into_its_own_table_by_its_bookmark():
    outcome = {"id": "E-1", "description": "Ada will read aloud to the class."}
    sen = {
        "communication_interaction": {"needs": [{"id": "B-1", "description": "Talk.", "outcome_ids": ["E-1"]}]},
        "cognition_learning": {"needs": [{"id": "B-2", "description": "Read.", "outcome_ids": ["E-1"]}],
                               "outcomes": [outcome]},
    }
    source = plan(special_educational_needs=sen)
    assert round_trip(source) == source
    result = read_docx(render_docx(source))
    assert not any("named by needs in several tables" in w.message for w in result.warnings)


def test_an_entry_no_need_in_its_table_names_stays_in_its_table():
    sen = {
        "communication_interaction": {"needs": [{"id": "B-1", "description": "Talk.", "provision_ids": ["F-2"]}]},
        "cognition_learning": {"provision": [{"id": "F-2", "description": "Reading group."}]},
    }
    source = plan(special_educational_needs=sen)
    assert round_trip(source) == source


def test_a_table_keeps_the_order_of_its_entries_whatever_order_its_rows_show_them_in():
    table = {
        "needs": [{"id": "B-1", "description": "Talk.", "provision_ids": ["F-2", "F-1"]}],
        "provision": [{"id": "F-1", "description": "One."}, {"id": "F-2", "description": "Two."},
                      {"id": "F-3", "description": "Not linked."}],
    }
    shown = round_trip(plan(special_educational_needs=area(**table)))
    assert [p.id for p in shown.special_educational_needs.communication_interaction.provision] == ["F-1", "F-2", "F-3"]


def test_a_social_care_need_reads_its_h1_provision_before_its_h2():
    social = {"needs": [{"id": "D-1", "description": "Care.", "provision_ids": ["H2-1", "H1-1"]}],
              "h1_provision": [{"id": "H1-1", "description": "Short breaks."}],
              "h2_provision": [{"id": "H2-1", "description": "Child in need plan."}]}
    shown = round_trip(plan(social_care=social))
    assert shown.social_care.needs[0].provision_ids == ("H1-1", "H2-1")


# -- 5 and 6: who and hours ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "qualification", "read_role", "read_qualification"), [
    ("Teacher", "QTS (Primary)", "Teacher", "QTS (Primary)"),
    (None, "HCPC registered", None, "HCPC registered"),
    ("Speech and language therapist (SLT)", None, "Speech and language therapist", "SLT"),
    ("Not specified", None, None, None),
    ("Tutor", None, "Tutor", None),
])
def test_who_is_split_at_the_bracket_that_closes_the_line(role, qualification, read_role, read_qualification):
    item = {"id": "F-1", "description": "Support.", "provider_role": role, "qualification": qualification}
    item = {key: value for key, value in item.items() if value is not None}
    shown = round_trip(plan(special_educational_needs=area(provision=[item])))
    provision = shown.special_educational_needs.communication_interaction.provision[0]
    assert (provision.provider_role, provision.qualification) == (read_role, read_qualification)


def test_hours_read_back_exactly():
    item = {"id": "F-1", "description": "Support.", "hours": {"hours": 1234.5678, "period": "year"}}
    shown = round_trip(plan(special_educational_needs=area(provision=[item])))
    assert shown.special_educational_needs.communication_interaction.provision[0].hours.hours == 1234.5678


# -- 7: extensions ---------------------------------------------------------------------------------------------------


def test_extension_values_come_back_as_the_page_spells_them():
    extensions = {"leeds": {"panel": "2026-01-10", "count": 3, "ratio": 0.25, "flag": True, "none": None,
                            "spelled": "true", "numbers": [1, 2], "indexed": {"0": "a", "1": "b"},
                            "empty": [], "nested": {"a › b": "x"}}}
    shown = round_trip(plan(extensions=extensions)).extensions["leeds"]
    assert shown["panel"] == "2026-01-10" and shown["count"] == 3 and shown["ratio"] == 0.25
    assert shown["flag"] is True and shown["none"] is None and shown["spelled"] is True
    assert list(shown["numbers"]) == [1, 2] and list(shown["indexed"]) == ["a", "b"] and list(shown["empty"]) == []
    assert shown["nested"]["a"]["b"] == "x"


# -- 4, settled by the renderer: home bookmarks ----------------------------------------------------------------------


def with_home_bookmarks(docx: bytes, source: Plan) -> bytes:
    """Return ``docx`` with a home bookmark (``needs.HOME_BOOKMARK``) on the id paragraph where each provision entry
    and outcome is first printed, as a renderer that settles item 4 would write it."""
    from lxml import etree

    from .helpers import DOCUMENT, parts, zip_parts

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    items = parts(docx)
    root = etree.fromstring(items[DOCUMENT])
    first = {}
    for paragraph in root.iter(f"{w}p"):
        style = paragraph.find(f"{w}pPr/{w}pStyle")
        if style is not None and style.get(f"{w}val") == "EHCPId":
            first.setdefault("".join(t.text or "" for t in paragraph.iter(f"{w}t")), paragraph)
    data = source.model_dump(mode="json", exclude_none=True)
    tables = [(area, data["special_educational_needs"].get(area)) for area in data["special_educational_needs"]]
    tables += [("health", data.get("health")), ("social_care", data.get("social_care"))]
    columns = {"provision": "f", "h1_provision": "h1", "h2_provision": "h2", "outcomes": "e"}
    for name, table in tables:
        for key, column in columns.items():
            column = "g" if name == "health" and key == "provision" else column
            for position, item in enumerate((table or {}).get(key, [])):
                mark = etree.Element(f"{w}bookmarkStart", {f"{w}id": str(900 + len(first)),
                                                             f"{w}name": f"ehcp_{column}_{name}_{position}"})
                first[item["id"]].insert(1, mark)
    items[DOCUMENT] = etree.tostring(root)
    return zip_parts(items)


@pytest.mark.parametrize("name", ["year10-pfa-direct-payment", "under5-health-social-care-draft"])
def test_home_bookmarks_put_every_entry_back_in_its_own_table_and_place(name):
    from .helpers import example, rendered

    source = example(name)
    result = read_docx(with_home_bookmarks(rendered(name), source))
    for path in ("special_educational_needs", "health", "social_care"):
        shown, wanted = getattr(result.visible, path), getattr(source, path)
        tables = [(getattr(shown, a.value), getattr(wanted, a.value)) for a in AreaOfNeed] \
            if path == "special_educational_needs" else [(shown, wanted)]
        for shown_table, wanted_table in tables:
            for key in ("provision", "h1_provision", "h2_provision", "outcomes"):
                if hasattr(wanted_table, key):
                    assert [e.id for e in getattr(shown_table, key)] == [e.id for e in getattr(wanted_table, key)]
    assert not any("named by needs in several tables" in w.message for w in result.warnings)
