"""Reading the visible layout leniently: a value the model rejects is set aside with a located warning and the
rest of the plan is kept; content the layout has no place for is reported, never silently dropped."""

from __future__ import annotations

import copy

from lxml import etree

from ehcp_standard.read import read_docx
from ehcp_standard.read.cells import Sheet
from ehcp_standard.read.visible import validate

from .helpers import DOCUMENT, edit_page, example, parts, rendered, without_embedded_plan, zip_parts
from .test_projection import BASE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_a_reference_to_an_entry_the_page_no_longer_shows_is_set_aside_with_a_warning():
    data = copy.deepcopy(BASE)
    data["special_educational_needs"] = {"communication_interaction": {
        "needs": [{"id": "B-1", "description": "Talk.", "provision_ids": ["F-9"]}]}}
    sheet = Sheet()
    plan = validate(data, sheet)
    assert plan is not None
    assert plan.special_educational_needs.communication_interaction.needs[0].provision_ids == ()
    [warning] = sheet.warnings.items
    assert warning.pointer == "/special_educational_needs/communication_interaction/needs/0/provision_ids/0"
    assert "'F-9'" in warning.message and "set aside" in warning.message


def test_an_invalid_value_is_set_aside_and_the_rest_kept():
    data = copy.deepcopy(BASE)
    data["main_contacts"] = {"main_contact": {"name": "Zoë", "email": "not an email"}}
    sheet = Sheet()
    plan = validate(data, sheet)
    assert plan.main_contacts.main_contact.name == "Zoë" and plan.main_contacts.main_contact.email is None
    assert sheet.warnings.items[0].pointer == "/main_contacts/main_contact/email"


def test_a_missing_required_value_means_no_visible_plan_with_a_warning_per_problem():
    data = copy.deepcopy(BASE)
    del data["personal_details"]["date_of_birth"]
    sheet = Sheet()
    assert validate(data, sheet) is None
    [warning] = sheet.warnings.items
    assert (warning.pointer, warning.message) == ("/personal_details/date_of_birth",
                                                  "the plan shown is not valid: Field required")


def test_a_fixed_row_of_k_filled_in_by_hand_is_reported_with_its_text():
    items = parts(rendered("primary-autism-final"))
    root = etree.fromstring(items[DOCUMENT])
    table = next(t for t in root.iter(f"{{{W}}}tbl")
                 if t.find(f"{{{W}}}tblPr/{{{W}}}tblCaption").get(f"{{{W}}}val") == "ehcp:k")
    last_row = table.findall(f"{{{W}}}tr")[-1]
    who = last_row.findall(f"{{{W}}}tc")[2]
    etree.SubElement(etree.SubElement(who.find(f"{{{W}}}p"), f"{{{W}}}r"), f"{{{W}}}t").text = "Dr A. Person"
    items[DOCUMENT] = etree.tostring(root)
    result = read_docx(zip_parts(items))
    assert result.plan == example("primary-autism-final") and not result.edited
    [warning] = [w for w in result.warnings if w.pointer == "/advice/entries"]
    assert "has been filled in ('Dr A. Person') but has no id" in warning.message
    assert warning.location.caption == "ehcp:k" and warning.location.row == len(table.findall(f"{{{W}}}tr"))


def test_a_row_added_to_a_label_table_in_word_is_reported_not_dropped():
    plan = example("primary-autism-final")
    docx = without_embedded_plan(rendered("primary-autism-final"))
    docx = edit_page(docx, ">Preferred name<", ">Nickname<")
    result = read_docx(docx)
    assert result.plan.personal_details.preferred_name is None
    texts = [str(w) for w in result.warnings]
    assert any("the row 'Nickname' is not part of the layout; its text" in t and "ehcp:personal_details" in t
               for t in texts)
    assert any("the row 'Preferred name' is missing" in t for t in texts)
    assert plan.personal_details.preferred_name is not None
