"""Mapping a legacy plan's details, metadata and sections A, I, J and K (``map_details``).

Fixtures are tiny fictional plans built in code (``docx_fixtures``), converted end to end; the layouts of
``legacy_layouts`` check the mapping against their truth. Invalid identifiers must be kept (carried over with the
model's reason) and reported without their value; a draft must not name a placement.
"""

from __future__ import annotations

import pytest

from ehcp_standard.convert import find_sections, load_profile, read_legacy_docx
from ehcp_standard.convert.convert import ConvertOptions, convert_docx
from ehcp_standard.convert.draft import Draft, items
from ehcp_standard.convert.map_details import (
    advice_type,
    find_date,
    identifier_problem,
    la_in,
    map_details,
    parse_date,
    plan_status,
    sen_type,
    split_name,
)

from .docx_fixtures import make_docx, p, tbl, tc, tr
from .legacy_layouts import ARCHETYPE_QUIRKS, LAYOUTS, build_docx, fictional_plan, truth

VALID_UPN = "B801200005001"       # the worked example of EHCP-STANDARD.md §7.1
BAD_UPN = "A801200005001"         # the same digits with the wrong check letter
VALID_NHS = "9434765919"          # §7.3
VALID_ULN = "9276308686"          # §7.2


def rows(*pairs: tuple[str, str]) -> str:
    return tbl(*(tr(tc(label), tc(value) if value else tc()) for label, value in pairs))


def bullets(*texts: str) -> str:
    return "".join(p(text, style="ListBullet") for text in texts)


def heading(text: str, level: int = 1) -> str:
    return p(text, style=f"Heading{level}")


COVER = (
    heading("Ada Quill’s Education, Health and Care Plan (Final)")
    + p("This Education, Health and Care Plan is made on 6 December 2024 by Leicestershire County Council "
        "(“the Local Authority”) in respect of Ada Quill.")
)
DETAILS = (
    heading("Personal details")
    + rows(("Name", "Ada Jane Quill"), ("Preferred name", "Ada"), ("Date of Birth", "02.11.2013"),
           ("Gender", "Female"), ("Ethnicity", "White – British"), ("Home language", "English"),
           ("UPN", VALID_UPN), ("ULN", ""), ("NHS Number", "943 476 5919"), ("Care First Number", "4402187"),
           ("Religion", "None given"), ("Education setting", "Castlebrook Junior School"),
           ("Setting unique identifier (URN)", "943551"), ("Known to social care", "Yes"),
           ("Currently a looked after child?", "No"), ("GP", "Dr Alun Meredith, Ashcombe Wells Surgery"))
    + p("Plan status: Final") + p("Date of plan: 06.12.2024") + p("Review by: 05.12.2025")
    + p("Date of initial plan/statement: 03.03.2022")
)
CONTACTS = (
    heading("Contact details")
    + rows(("Parent or carer 1", "Mo Quill"), ("Relationship", "Mother"), ("Email", "mo.quill@example.com"),
           ("Telephone number", "07700 900123"), ("Home Address", "3 Copper Beech Row, Ashcombe Wells, AW7 5LN"),
           ("Parent or carer 2", "Ray Quill"), ("Relationship", "Father"), ("Telephone number", "07700 900456"),
           ("Home address (if different)", ""))
)
SECTION_A = (
    heading("Section A: All about me")
    + heading("My story so far", 2) + p("Ada lives with her mum and dad.") + p("She moved school in Year 3.")
    + heading("How I communicate", 2) + p("Ada talks in short sentences.")
    + heading("My views", 2) + p("“I like maths.”")
    + p("Ada’s views were gathered by her teaching assistant using drawings.")
    + heading("What people like and admire about me", 2) + bullets("Kind", "Funny")
    + heading("What I like doing", 2) + bullets("Trains")
    + heading("What is important to me", 2) + bullets("My ear defenders")
    + heading("My hopes and aspirations for the future", 2) + p("Ada wants to drive a train.")
    + heading("My family’s views", 2) + p("We want Ada to have friends.")
)
SECTIONS_I_J_K = (
    heading("Section I: Placement")
    + p("Name of setting: Castlebrook Junior School") + p("Type of setting: Mainstream maintained junior school")
    + heading("Section J: Personal budget") + p("No personal budget has been requested at this time.")
    + heading("Section K: Advice and information")
    + tbl(tr(tc("Ref"), tc("Advice and information"), tc("Author & Role"), tc("Date of Document")),
          tr(tc("K1"), tc("Parental advice"), tc("Mo & Ray Quill, Parents"), tc("03.06.2024")),
          tr(tc("K1"), tc("Psychological advice"), tc("Dr Marcus Oyelaran, Educational Psychologist"),
             tc("01.07.2024")),
          tr(tc("K2"), tc("Health advice"), tc("Jo Tamworth, School Nurse"), tc("25.06.2024")),
          columns=4)
    + p("Signed: Ravi Sandhu on behalf of Leicestershire County Council") + p("Date: 06.12.2024")
)
PLAN = COVER + DETAILS + CONTACTS + SECTION_A + SECTIONS_I_J_K


def convert(body: str, *, headers: list[str] = (), la_code: str | None = None):
    data = make_docx(body, headers=list(headers))
    return convert_docx(data, source="ada.docx", options=ConvertOptions(check=False, la_code=la_code))


def mapped(body: str, *, headers: list[str] = (), profile: str = "generic") -> Draft:
    """Run ``map_details`` alone on ``body``: the draft holds only its values, takes and notes."""
    document = read_legacy_docx(make_docx(body, headers=list(headers)), source="ada.docx")
    chosen = load_profile(profile)
    draft = Draft("ada.docx", chosen)
    map_details(items(document, find_sections(document, chosen)), draft, document=document)
    return draft


def carried(plan, text: str):
    return next(item for item in plan.carried_over if text in item.text)


@pytest.fixture(scope="module")
def ada():
    return convert(PLAN)


# --- personal details, identifiers, services -------------------------------------------------------------------


def test_a_single_name_is_split_into_forename_middle_names_and_surname(ada):
    name = ada.plan.personal_details.name
    assert (name.forename, name.middle_names, name.surname) == ("Ada", "Jane", "Quill")
    assert ada.plan.personal_details.preferred_name == "Ada"


def test_surname_and_other_names_rows_make_the_name():
    draft = mapped(heading("Personal details") + rows(("Surname", "Okafor-Hughes"), ("Other Names", "Zoë Amara")))
    assert draft.get("/personal_details/name") == {"surname": "Okafor-Hughes", "forename": "Zoë",
                                                   "middle_names": "Amara"}


def test_the_child_details_are_read_verbatim(ada):
    details = ada.plan.personal_details
    assert details.date_of_birth.isoformat() == "2013-11-02"
    assert (details.sex, details.ethnicity, details.first_language) == ("Female", "White – British", "English")


def test_valid_identifiers_are_read_without_spaces_and_local_ids_keep_their_system(ada):
    identifiers = ada.plan.personal_details.identifiers
    assert identifiers.upn == VALID_UPN and identifiers.uln is None
    assert ada.plan.services.nhs_number == VALID_NHS
    assert [(local.system, local.value) for local in identifiers.local] == [("CareFirst", "4402187")]


def test_an_empty_identifier_row_is_a_label_with_nothing_put():
    draft = mapped(heading("Personal details") + rows(("ULN", ""), ("UPN", VALID_UPN)))
    assert draft.get("/personal_details/identifiers") == {"upn": VALID_UPN}
    assert [(take.fragment, take.how) for takes in draft.takes.values() for take in takes] == [
        ("Personal details", "label"), ("ULN", "label"), ("UPN", "label"), (VALID_UPN, "identifier")]


def test_an_invalid_upn_is_kept_in_the_carried_over_content_with_the_reason_and_a_warning():
    conversion = convert(PLAN.replace(VALID_UPN, BAD_UPN))
    assert conversion.plan.personal_details.identifiers.upn is None
    item = carried(conversion.plan, BAD_UPN)
    assert item.text == f"UPN: {BAD_UPN}"
    assert item.reason.startswith("not valid at /personal_details/identifiers/upn")
    warning = next(note for note in conversion.report.notes if "UPN" in note.message)
    assert "fails its check letter" in warning.message and "row 7" in warning.location
    assert BAD_UPN not in str(warning)


@pytest.mark.parametrize(("kind", "value", "problem"), [
    ("upn", BAD_UPN, "fails its check letter"),
    ("upn", "B80120000500", "is not in the form of a UPN"),
    ("uln", "9276308687", "fails its check digit"),
    ("uln", "0276308686", "is not 10 digits"),
    ("nhs_number", "9434765918", "fails its Modulus 11 check"),
    ("upn", VALID_UPN, None), ("uln", VALID_ULN, None), ("nhs_number", VALID_NHS, None),
])
def test_identifier_problems_are_named_without_the_value(kind, value, problem):
    found = identifier_problem(kind, value)
    assert (found is None) if problem is None else (found.startswith(problem) and value not in found)


def test_an_invalid_nhs_number_is_put_refused_and_reported():
    draft = mapped(heading("Personal details") + rows(("NHS Number", "943 476 5918")))
    assert draft.get("/services/nhs_number") == "9434765918"
    assert [note.message for note in draft.notes] == [
        ("the NHS number in this row fails its Modulus 11 check; it is kept, carried over with the reason, for a "
         "caseworker to correct")]


def test_yes_and_no_are_read_as_booleans(ada):
    services = ada.plan.services
    assert services.known_to_social_care is True and services.looked_after is False


def test_the_services_hold_the_setting_its_urn_and_the_gp(ada):
    services = ada.plan.services
    assert (services.education_setting.name, services.education_setting.urn) == ("Castlebrook Junior School",
                                                                                 "943551")
    assert services.gp == "Dr Alun Meredith, Ashcombe Wells Surgery"


def test_a_setting_written_with_its_urn_in_brackets_is_split():
    draft = mapped(heading("Personal details") + rows(("Current setting", "Dunmere College (URN 985405)")))
    assert draft.get("/services/education_setting") == {"name": "Dunmere College", "urn": "985405"}


def test_professionals_involved_become_entries_with_role_and_organisation():
    draft = mapped(heading("Professionals involved")
                   + p("Professionals involved: Educational Psychologist; SENCo, Castlebrook Junior School."))
    assert draft.get("/services/other_professionals") == [
        {"role": "Educational Psychologist"}, {"role": "SENCo", "organisation": "Castlebrook Junior School"}]


def test_a_row_with_no_standard_field_is_carried_over_whole(ada):
    assert carried(ada.plan, "None given").text == "Religion: None given"


# --- contacts --------------------------------------------------------------------------------------------------


def test_the_first_parent_is_the_main_contact_and_the_second_parent_or_carer_2(ada):
    contacts = ada.plan.main_contacts
    main, second = contacts.main_contact, contacts.parent_or_carer_2
    assert (main.name, main.relationship, main.email, main.telephone) == (
        "Mo Quill", "Mother", "mo.quill@example.com", "07700 900123")
    assert (main.address.line_1, main.address.town, main.address.postcode) == (
        "3 Copper Beech Row", "Ashcombe Wells", "AW7 5LN")
    assert (second.name, second.relationship, second.telephone, second.address) == (
        "Ray Quill", "Father", "07700 900456", None)


def test_a_contact_given_as_surname_and_other_names_gets_the_childs_address():
    draft = mapped(heading("Personal details") + rows(("Surname", "Rahman"), ("Other names", "Aaliyah"),
                                                      ("Home Address", "9 Willowbrook Gardens\nElmsworth\nEW5 1JA"))
                   + heading("Parent or person responsible")
                   + rows(("Surname", "Rahman"), ("Other names", "Shamima"), ("Relationship to Aaliyah", "Mother"),
                          ("Home address (if different)", "")))
    contact = draft.get("/main_contacts/main_contact")
    assert contact == {"name": "Shamima Rahman", "relationship": "Mother",
                       "address": {"postcode": "EW5 1JA", "line_1": "9 Willowbrook Gardens", "town": "Elmsworth"}}


def test_a_contacts_table_gives_one_contact_a_row():
    draft = mapped(heading("Contact details")
                   + tbl(tr(tc("Name(s)"), tc("Relationship"), tc("Telephone"), tc("Email")),
                         tr(tc("Niamh Kavanagh"), tc("Mother"), tc("07700 900164"), tc("niamh@example.com")),
                         tr(tc("Ciarán Kavanagh"), tc("Father"), tc("07700 900922"), tc()), columns=4))
    assert draft.get("/main_contacts/main_contact/name") == "Niamh Kavanagh"
    assert draft.get("/main_contacts/parent_or_carer_2") == {"name": "Ciarán Kavanagh", "relationship": "Father",
                                                             "telephone": "07700 900922"}


def test_a_contact_label_with_a_relationship_and_a_value_with_a_telephone_number_are_split():
    draft = mapped(heading("Personal details") + rows(("Parent or carer (father)", "Oliver Corrigan, 07700 900785")))
    assert draft.get("/main_contacts/main_contact") == {"name": "Oliver Corrigan", "relationship": "father",
                                                        "telephone": "07700 900785"}


def test_a_young_person_who_is_their_own_main_contact_is_applying_independently():
    draft = mapped(heading("Contact details") + rows(("Main contact", "Sam Lee"), ("Relationship", "Self")))
    assert draft.get("/main_contacts") == {"main_contact": {"name": "Sam Lee", "relationship": "Self"},
                                           "young_person_applying_independently": True}


def test_the_councils_case_officer_is_carried_over_not_made_the_main_contact():
    conversion = convert(PLAN + heading("My plan")
                         + rows(("Main point of contact", "Ravi Sandhu, SEN Case Officer"),
                                ("Email", "ravi.sandhu@example.org")))
    assert conversion.plan.main_contacts.main_contact.name == "Mo Quill"
    officer = carried(conversion.plan, "Ravi Sandhu, SEN Case Officer")
    assert officer.reason.startswith("the council's contact for the plan")
    assert carried(conversion.plan, "ravi.sandhu@example.org").text == "Email: ravi.sandhu@example.org"


# --- metadata --------------------------------------------------------------------------------------------------


def test_label_value_paragraphs_give_status_and_dates(ada):
    metadata = ada.plan.metadata
    assert metadata.status.value == "final"
    dates = metadata.dates
    assert (dates.final_issued.isoformat(), dates.version_issued.isoformat()) == ("2024-12-06", "2024-12-06")
    assert dates.next_review_due.isoformat() == "2025-12-05"
    assert dates.first_issued.isoformat() == "2022-03-03"


def test_the_title_and_the_statutory_sentence_are_retained_as_labels_values_and_repeats(ada):
    targets = dict(ada.report.mapping)
    title, sentence = (targets[f"word/document.xml: body › paragraph {n}"] for n in (1, 2))
    assert set(title) == {"label", "/metadata/status", "/personal_details/name/forename",
                          "/personal_details/name/surname"}
    assert {"/metadata/la_code", "/metadata/dates/final_issued"} <= set(sentence)
    assert ada.plan.metadata.la_code == "855"


@pytest.mark.parametrize(("written", "expected"), [
    ("Amended", "amended_final"), ("Final", "final"), ("DRAFT", "draft"), ("Proposed amendments", "proposed_amendment"),
    ("Amended Final", "amended_final"), ("Ceased", "ceased"), ("Choose an item", None),
])
def test_plan_status_wording(written, expected):
    assert plan_status(written) == expected


def test_an_amended_plans_date_is_the_version_date():
    draft = mapped(heading("Personal details") + p("Plan status: Amended") + p("Date of plan: 15.10.2024"))
    assert draft.get("/metadata/dates") == {"version_issued": "2024-10-15"}
    assert draft.get("/metadata/status") == "amended_final"


def test_a_draft_marking_in_the_page_header_gives_the_status_with_a_warning():
    draft = mapped(heading("Personal details") + rows(("Name", "Ada Quill")),
                   headers=[p("Newcastle City Council – Education, Health and Care Plan (Draft)")])
    assert draft.get("/metadata/status") == "draft"
    assert any("status (draft) was read from the page furniture" in note.message for note in draft.notes)


def test_two_different_dates_for_the_plan_keep_the_first_and_carry_the_second():
    review = p("Review by: 05.12.2025")
    conversion = convert(PLAN.replace(review, review + p("Review date: 01.01.2026")))
    assert conversion.plan.metadata.dates.next_review_due.isoformat() == "2025-12-05"
    assert carried(conversion.plan, "01.01.2026").reason.startswith("a second, different next review due")


@pytest.mark.parametrize(("written", "code"), [
    ("Autism", "ASD"), ("Specific learning difficulty (dyslexia)", "SPLD"), ("SpLD", "SPLD"),
    ("Social, emotional and mental health difficulties", "SEMH"), ("Down syndrome", "DS"),
    ("Cognition and learning", None), ("Communication and interaction", None), ("Autism and dyslexia", None),
])
def test_a_primary_need_is_an_sen_type_only_when_the_wording_names_one(written, code):
    assert sen_type(written) == code


def test_a_primary_need_naming_a_type_is_read_and_an_area_is_carried_over_with_the_reason():
    assert mapped(heading("Personal details") + p("Primary need: Autism")).get("/metadata/primary_need") == "ASD"
    conversion = convert(PLAN + heading("Primary area of need") + p("Cognition and learning"))
    assert conversion.plan.metadata.primary_need is None
    assert carried(conversion.plan, "Cognition and learning").reason.startswith("the primary need names an area")


@pytest.mark.parametrize("written", ["02/11/2013", "02.11.2013", "02.11.13", "02/11/13", "2013-11-02",
                                     "2 November 2013", "2nd November 2013"])
def test_a_date_of_birth_is_read_in_each_of_the_profiles_formats(written):
    draft = mapped(heading("Personal details") + rows(("Date of birth", written)))
    assert draft.get("/personal_details/date_of_birth") == "2013-11-02"
    assert draft.takes[next(iter(draft.takes))][0].how == "label"
    assert any(take.how == "date" and take.fragment == written for takes in draft.takes.values() for take in takes)


def test_a_date_inside_a_sentence_is_found_and_a_non_date_is_not():
    formats = load_profile("generic").date_formats
    assert find_date("Gateshead Council (plan transferred 29/07/2024)", formats) == ("2024-07-29", "29/07/2024")
    assert parse_date("Year 6 to Year 7", formats) is None


def test_a_previous_council_and_transfer_date_make_a_transfer_in_event():
    draft = mapped(heading("Personal details")
                   + p("Previous local authority: Gateshead Council (plan transferred 29/07/2024)"))
    assert draft.get("/services/previous_la") == "390"
    assert draft.get("/services/moving_from_another_la") is True
    assert draft.get("/metadata/events") == [{"type": "transfer_in", "other_la": "390", "date": "2024-07-29"}]


def test_council_names_are_found_with_their_council_words():
    assert la_in("made by Suffolk County Council") == ("935", "Suffolk County Council")
    assert la_in("Newcastle City Council")[0] == "391"
    assert la_in("a council somewhere") is None


# --- section A -------------------------------------------------------------------------------------------------


def test_section_a_prompts_go_to_their_a1_and_a2_fields(ada):
    a1, a2 = ada.plan.section_a.a1, ada.plan.section_a.a2
    assert a1.history == "Ada lives with her mum and dad.\nShe moved school in Year 3."
    assert a1.communication == "Ada talks in short sentences."
    assert a2.views == "“I like maths.”"
    assert a2.views_gathered == "Ada’s views were gathered by her teaching assistant using drawings."
    assert a2.strengths == "- Kind\n- Funny"
    assert a2.aspirations == "Ada wants to drive a train."
    assert a2.parent_aspirations == "We want Ada to have friends."


def test_a_second_prompt_into_the_same_field_keeps_its_heading_as_a_line(ada):
    assert ada.plan.section_a.a2.interests == "- Trains\nWhat is important to me\n- My ear defenders"


def test_child_and_parent_voices_in_one_cell_are_split():
    draft = mapped(heading("A2 - Summary of the views, interests and aspirations of the child and their parent, "
                           "or of the young person")
                   + tbl(tr(tc("Views"), tc("Child/Young Person's Voice:", "“Reading is hard.”",
                                            "Parent/Carer's Voice:", "We worry about secondary school."))))
    assert draft.get("/section_a/a2") == {"views": "“Reading is hard.”",
                                          "parent_aspirations": "We worry about secondary school."}


def test_how_best_to_support_me_is_kept_in_a1_with_a_warning():
    draft = mapped(heading("Section A: All about me") + heading("How best to support me", 2)
                   + bullets("Give me time to answer."))
    assert draft.get("/section_a/a1/communication") == "- Give me time to answer."
    assert any("belongs in section F" in note.message for note in draft.notes)


def test_a_summary_mixing_strengths_and_needs_is_carried_over_with_the_reason():
    conversion = convert(PLAN + heading("Summary of my skills and strengths, needs and support")
                         + bullets("Determined", "Listening fatigue"))
    item = carried(conversion.plan, "Listening fatigue")
    assert item.reason.startswith("a summary that mixes strengths and needs") and item.suggested_section == "A"
    body = PLAN + heading("Summary of my skills and strengths, needs and support") + bullets("Determined")
    title = next(block.location for block in read_legacy_docx(make_docx(body), source="ada.docx").body
                 if getattr(block, "text", "").startswith("Summary of my skills"))
    assert mapped(body).carry_reasons[title] == (item.reason, "A")   # the heading goes with its list


# --- sections I, J and K -----------------------------------------------------------------------------------------


def test_section_i_gives_the_placement_name_and_type(ada):
    placement = ada.plan.placement.placements[0]
    assert (placement.name, placement.type) == ("Castlebrook Junior School", "Mainstream maintained junior school")


def test_a_draft_plan_must_not_name_a_placement():
    body = PLAN.replace("Plan status: Final", "Plan status: Draft").replace("(Final)", "(Draft)")
    conversion = convert(body)
    assert conversion.plan.metadata.status.value == "draft"
    assert conversion.plan.placement is None
    item = carried(conversion.plan, "Name of setting: Castlebrook Junior School")
    assert (item.reason, item.suggested_section) == ("a draft plan must not name a placement (CFA s.38(5))", "I")
    assert conversion.plan.metadata.dates.draft_issued.isoformat() == "2024-12-06"


def test_a_draft_plans_placement_wording_is_carried_over():
    body = (PLAN.replace("Plan status: Final", "Plan status: Draft").replace("(Final)", "(Draft)")
            .replace(p("Name of setting: Castlebrook Junior School") + p("Type of setting: Mainstream maintained "
                                                                         "junior school"),
                     p("To be named in the final EHC plan.")))
    item = carried(convert(body).plan, "To be named in the final EHC plan.")
    assert item.reason.startswith("a draft plan names no placement")


def test_no_personal_budget_is_not_applicable_with_the_wording_kept(ada):
    budget = ada.plan.personal_budget
    assert budget.not_applicable is True
    assert budget.details == "No personal budget has been requested at this time."


def test_a_personal_budget_is_kept_as_its_details():
    text = "A personal budget of £600 per year has been agreed for software licences."
    draft = mapped(heading("Section J: Personal budget") + p(text))
    assert draft.get("/personal_budget") == {"details": text}


J = heading("Section J: Personal budget")


def test_a_clear_budget_line_becomes_a_budget_item_and_stays_in_the_details():
    text = "Direct payment: £2,400 per year for a personal assistant"
    draft = mapped(J + p(text))
    assert draft.get("/personal_budget/details") == text
    assert draft.get("/personal_budget/items") == [{"id": "J-1", "mechanism": "direct_payment",
                                                   "amount_pence": 240000, "period": "year",
                                                   "funds": "a personal assistant"}]
    takes = {(take.fragment, take.pointer, take.how) for take in next(iter(
        t for t in draft.takes.values() if t[0].fragment == text))}
    assert takes == {(text, "/personal_budget/details", "text"),
                     ("Direct payment", "/personal_budget/items/0/mechanism", "enum"),
                     ("£2,400", "/personal_budget/items/0/amount_pence", "number"),
                     ("per year", "/personal_budget/items/0/period", "enum"),
                     ("a personal assistant", "/personal_budget/items/0/funds", "text")}
    assert [note.section for note in draft.notes] == ["J"]


def test_a_budget_table_gives_one_item_per_row_read_by_its_columns():
    table = tbl(tr(tc("Provision"), tc("Amount"), tc("Mechanism"), tc("Paid to")),
                tr(tc("Personal assistant after school"), tc("£1,560.50 a year"), tc("Direct payment"), tc()),
                tr(tc("Speech therapy sessions"), tc("£45 per week"), tc("Third-party arrangement"),
                   tc("Brightwater Therapy Ltd")),
                tr(tc("Reading software licence"), tc("£120 one-off"), tc("Organised by the LA"), tc()),
                tr(tc("Respite care"), tc("£25 per hour"), tc("Direct payment"), tc()), columns=4)
    draft = mapped(J + table)
    assert draft.get("/personal_budget/items") == [
        {"id": "J-1", "funds": "Personal assistant after school", "mechanism": "direct_payment",
         "amount_pence": 156050, "period": "year"},
        {"id": "J-2", "funds": "Speech therapy sessions", "mechanism": "third_party", "amount_pence": 4500,
         "period": "week", "provider": "Brightwater Therapy Ltd"},
        {"id": "J-3", "funds": "Reading software licence", "mechanism": "arrangement", "amount_pence": 12000,
         "period": "one_off"}]
    details = draft.get("/personal_budget/details")
    assert "Provision\nAmount\nMechanism\nPaid to" in details and "£25 per hour" in details


def test_a_budget_sentence_is_read_past_a_bracketed_sum_and_a_negated_mechanism():
    text = ("A personal budget of £900 per year (3 hours a week at £6 an hour) has been agreed for touch-typing "
            "software. The school will hold the budget; no direct payment is made.")
    draft = mapped(J + p(text))
    assert draft.get("/personal_budget/items") == [{"id": "J-1", "mechanism": "arrangement", "amount_pence": 90000,
                                                   "period": "year", "funds": "touch-typing software"}]
    assert draft.get("/personal_budget/details") == text


@pytest.mark.parametrize("text", [
    "A personal budget of £600 per year has been agreed for software licences.",        # how it is held?
    "A direct payment or a third-party arrangement of £600 per year for a tutor.",       # two ways
    "Direct payment: £600 per year, or £50 per month, for a tutor.",                     # two sums
    "Direct payment: £18 per hour for a personal assistant.",                            # no such period
    "Direct payment: £1,200 per year.",                                                  # funds what?
    "A direct payment is being considered for a personal assistant.",                    # how much?
    "No personal budget: a direct payment of £500 per year for a tutor was refused.",    # not applicable
])
def test_budget_wording_that_is_not_clear_stays_only_in_the_details(text):
    draft = mapped(J + p(text))
    assert draft.get("/personal_budget/items") is None
    assert draft.get("/personal_budget/details") == text


def test_a_label_and_value_row_is_read_as_one_budget_statement():
    draft = mapped(J + rows(("Direct payment", "£1,200 per year towards short breaks at a holiday club")))
    assert draft.get("/personal_budget/items") == [{"id": "J-1", "mechanism": "direct_payment",
                                                   "amount_pence": 120000, "period": "year",
                                                   "funds": "short breaks at a holiday club"}]
    assert draft.get("/personal_budget/details") == (
        "Direct payment: £1,200 per year towards short breaks at a holiday club")


def test_budget_items_are_valid_in_the_plan_and_every_unit_of_j_is_retained():
    table = tbl(tr(tc("What it funds"), tc("Amount"), tc("How it is held")),
                tr(tc("Personal assistant after school"), tc("£2,400 per year"), tc("Direct payment")),
                tr(tc("Laptop and software"), tc("£650"), tc("Held by the school")), columns=3)
    body = PLAN.replace(p("No personal budget has been requested at this time."),
                        table + p("Direct payment: £300 per month for swimming lessons with a specialist coach"))
    conversion = convert(body)
    budget = conversion.plan.personal_budget
    assert [(i.id, i.mechanism.value, i.amount_pence, i.period and i.period.value, i.funds) for i in budget.items] == [
        ("J-1", "direct_payment", 240000, "year", "Personal assistant after school"),
        ("J-2", "arrangement", 65000, None, "Laptop and software"),
        ("J-3", "direct_payment", 30000, "month", "swimming lessons with a specialist coach")]
    assert budget.not_applicable is False and "£300 per month" in budget.details
    assert not [item for item in conversion.plan.carried_over if "£" in item.text]
    assert sum("budget item" in warning for warning in conversion.report.warnings) == 3


def test_section_k_rows_become_entries_with_kinds_authors_roles_and_dates(ada):
    entries = ada.plan.advice.entries
    assert [(e.id, e.advice_type.value, e.description, e.who_from, e.role, e.date_received.isoformat())
            for e in entries] == [
        ("K-1", "parent_or_young_person", "Parental advice", "Mo & Ray Quill", "Parents", "2024-06-03"),
        ("K-2", "educational_psychologist", "Psychological advice", "Dr Marcus Oyelaran", "Educational Psychologist",
         "2024-07-01"),
        ("K-3", "medical", "Health advice", "Jo Tamworth", "School Nurse", "2024-06-25")]
    assert not any("K1" in item.text or "K2" in item.text for item in ada.plan.carried_over)


def test_separate_name_and_role_columns_and_two_digit_years_are_read():
    draft = mapped(heading("Section K: Advice and information")
                   + tbl(tr(tc("Advice"), tc("Name"), tc("Role"), tc("Date")),
                         tr(tc("Medical advice"), tc("Dr Ruth Abernethy"), tc("Community Paediatrician"),
                            tc("09.12.21")), columns=4),
                   profile="per_area_tables")
    assert draft.get("/advice/entries") == [{"id": "K-1", "description": "Medical advice",
                                            "who_from": "Dr Ruth Abernethy", "role": "Community Paediatrician",
                                            "date_received": "2021-12-09", "advice_type": "medical"}]


@pytest.mark.parametrize(("texts", "kind"), [
    (("Educational advice (annual review report)",), "educational"),
    (("Speech and language therapy report",), "medical"),
    (("Adult social care transition assessment",), "social_care"),
    (("Preparing for adulthood advice (Year 9+)",), "preparing_for_adulthood"),
    (("Young person and parent views",), "parent_or_young_person"),
    (("Annual review report", "Teacher of the Deaf"), "educational"),
    (("EHC plan and advice from previous authority", "Previous local authority"), "other"),
])
def test_the_kind_of_advice_is_read_from_its_wording(texts, kind):
    assert advice_type(*texts) == kind


def test_the_sign_off_names_the_officer_and_the_date(ada):
    sign_off = ada.plan.sign_off
    assert (sign_off.officer_name, sign_off.date.isoformat()) == ("Ravi Sandhu", "2024-12-06")


def test_an_unsigned_sign_off_line_is_reported_and_its_date_carried_over():
    conversion = convert(PLAN.replace("Signed: Ravi Sandhu on behalf", "Signed:  on behalf"))
    assert conversion.plan.sign_off is None
    assert carried(conversion.plan, "Date: 06.12.2024").reason.startswith("a sign-off date with no officer")
    assert any(note.message == "the sign-off line names no officer" for note in conversion.report.notes)


# --- the whole: nothing lost, nothing personal in a warning --------------------------------------------------------


def test_every_unit_of_the_details_and_a_i_j_k_is_retained_or_carried_with_a_reason(ada):
    lost = [entry for entry in ada.report.carried if entry.reason.startswith("no standard field")]
    assert [entry.location for entry in lost] == ["word/document.xml: body › table 1 › row 11"]   # Religion


def test_warnings_name_rows_never_personal_data():
    draft = mapped(PLAN.replace(VALID_UPN, BAD_UPN))
    personal = ["Ada", "Quill", BAD_UPN, "943 476 5919", "AW7 5LN", "mo.quill@example.com", "Ravi", "07700"]
    assert draft.notes
    for note in draft.notes:
        assert not any(value in str(note) for value in personal), str(note)


@pytest.mark.parametrize(("text", "split"), [
    ("Rhys Dafydd Pritchard", ("Rhys", "Dafydd", "Pritchard")),
    ("Callum O’Brien-Reid", ("Callum", None, "O’Brien-Reid")),
    ("Anna van der Berg", ("Anna", None, "van der Berg")),
    ("QUILL, Ada Jane", ("Ada", "Jane", "QUILL")),
    ("Ada", None),
])
def test_split_name(text, split):
    assert split_name(text) == split


# --- the generated layouts ------------------------------------------------------------------------------------------


DRAFT_SEED = next(seed for seed in range(200) if fictional_plan(seed).status == "draft")


@pytest.mark.parametrize("seed", [0, DRAFT_SEED])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_layouts_map_to_their_truth(layout, seed):
    quirks = ARCHETYPE_QUIRKS[layout]
    plan = fictional_plan(seed)
    expected = truth(plan, layout, quirks)
    result = convert_docx(build_docx(plan, layout, quirks=quirks), source=f"{layout}.docx",
                          options=ConvertOptions(check=False, la_code=expected["la_code"])).plan
    child, details = expected["child"], result.personal_details
    assert (details.name.forename, details.name.middle_names, details.name.surname) == (
        child["forename"], child["middle_names"], child["surname"])
    assert details.date_of_birth.isoformat() == child["dob"]
    assert (details.identifiers.upn, result.services.nhs_number) == (child["upn"], child["nhs_number"])
    metadata = result.metadata
    assert metadata.status.value == expected["plan"]["status"]
    dates = metadata.dates
    assert (dates.final_issued or dates.draft_issued).isoformat() == expected["plan"]["issue_date"]
    assert dates.next_review_due.isoformat() == expected["plan"]["review_date"]
    assert [(e.description, e.who_from, e.role, e.date_received.isoformat()) for e in result.advice.entries] == [
        (a["title"], a["author"], a["role"], a["date"]) for a in expected["advice"]]
    assert result.section_a.a1.history == "\n".join(expected["section_a"]["history"])
    if expected["plan"]["status"] == "draft":
        assert result.placement is None
    else:
        assert (result.placement.placements[0].name, result.placement.placements[0].type) == (
            expected["placement"]["name"], expected["placement"]["type"])


# --- the profile's details labels ----------------------------------------------------------------------------------


OUR_LABELS = """\
name: ours
description: Our council's layout.
extends: generic
labels:
  personal_details:
    forename: [Pupil's forename]
    surname: [Pupil's surname]
  contacts: [Key worker]
  services:
    professionals: [Team around the child]
  sen_types:
    SLCN: [developmental language disorder]
  advice_kinds:
    educational: [inclusion team]
"""
OUR_DETAILS = (
    heading("Personal details")
    + rows(("Pupil's forename", "Ada"), ("Pupil's surname", "Quill"),
           ("Primary need", "Developmental language disorder"), ("Team around the child", "Inclusion team"))
    + heading("Contact details") + rows(("Key worker", "Sam Lee"), ("Telephone number", "07700 900123"))
)


@pytest.fixture
def ours(tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text(OUR_LABELS, encoding="utf-8")
    return str(path)


def test_labels_a_profile_adds_make_their_fields_map(ours):
    draft = mapped(OUR_DETAILS, profile=ours)
    assert draft.get("/personal_details/name") == {"forename": "Ada", "surname": "Quill"}
    assert draft.get("/main_contacts/main_contact") == {"name": "Sam Lee", "telephone": "07700 900123"}
    assert draft.get("/services/other_professionals") == [{"role": "Inclusion team"}]
    assert draft.get("/metadata/primary_need") == "SLCN"


def test_the_same_labels_are_not_read_by_a_profile_without_them():
    draft = mapped(OUR_DETAILS)
    assert draft.get("/personal_details/name") is None and draft.get("/services/other_professionals") is None
    assert draft.get("/main_contacts/main_contact") == {"telephone": "07700 900123"}
    assert draft.get("/metadata") is None


def test_a_profile_adding_labels_still_reads_the_labels_it_inherits(ours):
    draft = mapped(DETAILS + CONTACTS, profile=ours)
    assert draft.get("/personal_details/name") == mapped(DETAILS + CONTACTS).get("/personal_details/name")
    assert draft.get("/main_contacts") == mapped(DETAILS + CONTACTS).get("/main_contacts")


def test_the_sen_type_and_the_kind_of_advice_are_read_with_the_profiles_words(ours):
    profile = load_profile(ours)
    assert (sen_type("DLD"), sen_type("Developmental language disorder")) == (None, None)
    assert sen_type("Developmental language disorder", profile) == "SLCN"
    assert (advice_type("Inclusion team report"), advice_type("Inclusion team report", profile=profile)) == (
        "other", "educational")
    assert advice_type("Psychological advice", profile=profile) == "educational_psychologist"


def test_a_profile_that_extends_generic_and_adds_nothing_converts_exactly_as_generic(tmp_path):
    path = tmp_path / "same.yaml"
    path.write_text("name: generic\ndescription: Any layout; sections found by letters, Part numbers, statutory "
                    "titles and common variants.\nextends: generic\n", encoding="utf-8")
    data = make_docx(PLAN)
    generic, same = (convert_docx(data, source="ada.docx", options=ConvertOptions(check=False, profile=profile))
                     for profile in (load_profile("generic"), load_profile(path)))
    assert same.plan.to_json() == generic.plan.to_json()
    assert same.report.to_dict() == generic.report.to_dict()
