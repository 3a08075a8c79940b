"""Mapping sections B to H2: strengths, needs, outcomes and provision land in the right table and field, the five
prompts are read from the columns or the wording, the golden thread is linked only where the layout states it, and
every unit taken is found in the data. Fixtures are tiny plans built in code; every name and sentence is fictional.
"""

from __future__ import annotations

import pytest

from ehcp_standard.convert import find_sections, load_profile, read_legacy_docx
from ehcp_standard.convert.convert import ConvertOptions, finish
from ehcp_standard.convert.draft import Draft, items, squash
from ehcp_standard.convert.map_needs import map_needs
from ehcp_standard.model.needs import NO_NEEDS_SENTENCE

from .docx_fixtures import make_docx, p, tbl, tc, tr
from .legacy_layouts import ARCHETYPE_QUIRKS, LAYOUTS, PROFILE_OF, build_docx, fictional_plan, truth

CL = "/special_educational_needs/cognition_learning"
CI = "/special_educational_needs/communication_interaction"
SP = "/special_educational_needs/sensory_physical"


def _map(body: str, profile: str = "generic"):
    return _map_bytes(make_docx(body), profile)


def _map_bytes(data: bytes, profile: str):
    document = read_legacy_docx(data, source="fixture.docx")
    chosen = load_profile(profile)
    item_list = items(document, find_sections(document, chosen))
    draft = Draft("fixture.docx", chosen)
    map_needs(item_list, draft)
    return draft, item_list


def _h(text: str, level: int = 1) -> str:
    return p(text, style={1: "Heading1", 2: "Heading2", 3: "Outlined"}[level])


def _bullet(text: str) -> str:
    return p(text, style="ListBullet")


def _wide(*paragraphs: str, columns: int = 4) -> str:
    """A row of one cell spanning the table, holding ``paragraphs``."""
    return tr(tc(*paragraphs, tcpr=f'<w:gridSpan w:val="{columns}"/>'))


def _row(*cells: str) -> str:
    return tr(*(tc(cell) for cell in cells))


def _notes(draft: Draft, code: str) -> list[str]:
    return [note.message for note in draft.notes if note.code == code]


def _taken_texts_hold(draft: Draft) -> list[str]:
    """Every text take whose fragment is not in the value at its pointer (should be none)."""
    lost = []
    for takes in draft.takes.values():
        for take in takes:
            if take.how == "text" and take.pointer is not None:
                value = draft.get(take.pointer)
                if not isinstance(value, str) or squash(take.fragment) not in squash(value):
                    lost.append(f"{take.pointer}: {take.fragment}")
    return lost


# --- Leicestershire-like area tables ----------------------------------------------------------------------------

AREA_TABLE = tbl(
    _wide("Cognition and learning"), _wide("Strengths"),
    _wide(p("Bram counts well. (K1)"), p("Bram loves maps. (K1)")),
    _wide("Needs"),
    _wide(p("Reading (decoding and fluency)"), p("Bram reads slowly and loses the meaning. (K1)")),
    _wide(p("Working memory"), p("Bram forgets instructions quickly. (K1)")),
    _wide("Long Term / Life Outcomes"), _wide("Bram will read for pleasure. (K1)"),
    _wide("Medium Term Outcomes"), _wide("By the end of Key Stage 2, Bram will read a short book aloud. (K1)"),
    _row("Special Educational Provision", "By Whom", "Frequency", "Which Need Does This Provision Meet"),
    _row("Phonics programme – 1:1 (K1)", "Specialist dyslexia teacher", "3 sessions per week, 40 minutes per session",
         "reading decoding & fluency"),
    _row("Memory strategies – Group of up to 4 pupils (K1)", "Teaching assistant", "Daily, 10 minutes",
         "Working memory"),
    _row("Additional time when needed (K1)", "", "", "Swimming"),
    columns=4,
)


def test_an_area_table_gives_strengths_titled_needs_and_outcomes_in_its_area():
    draft, _ = _map(_h("Section B: Special educational needs") + AREA_TABLE, "per_area_tables")
    table = draft.get(CL)
    assert table["strengths"] == "Bram counts well. (K1)\nBram loves maps. (K1)"
    assert [(n["id"], n.get("title"), n["description"]) for n in table["needs"]] == [
        ("B-CL-1", "Reading (decoding and fluency)", "Bram reads slowly and loses the meaning. (K1)"),
        ("B-CL-2", "Working memory", "Bram forgets instructions quickly. (K1)"),
    ]
    assert [(o["id"], o["description"]) for o in table["outcomes"]] == [
        ("E-1", "Bram will read for pleasure. (K1)"),
        ("E-2", "By the end of Key Stage 2, Bram will read a short book aloud. (K1)"),
    ]
    assert "time_frame" not in table["outcomes"][0]
    assert table["outcomes"][1]["time_frame"] == {"by_phase": "the end of Key Stage 2"}
    assert draft.get("/health") is None and draft.get("/shorter_term_targets") is None


def test_provision_keeps_its_whole_wording_and_fills_the_prompts_from_the_columns():
    draft, _ = _map(_h("Section B: Special educational needs") + AREA_TABLE, "per_area_tables")
    first, second, vague = draft.get(f"{CL}/provision")
    assert first == {
        "id": "F-CL-1", "description": "Phonics programme (K1)",
        "original_text": "Phonics programme – 1:1 (K1) | Specialist dyslexia teacher | 3 sessions per week, 40 minutes "
                         "per session | reading decoding & fluency",
        "provider_role": "Specialist dyslexia teacher", "ratio": {"staff": 1, "learners": 1},
        "frequency": {"count": 3, "period": "week"}, "duration_minutes": 40,
    }
    # "up to 4" is a ceiling the parser refuses: no group size is recorded, the wording is kept
    assert second["description"] == "Memory strategies (K1)" and "group_size" not in second
    assert second["frequency"] == {"count": 1, "period": "day"} and second["duration_minutes"] == 10
    assert vague["description"] == "Additional time when needed (K1)"
    assert {"frequency", "duration_minutes", "ratio", "provider_role"}.isdisjoint(vague)


def test_the_which_need_column_links_provision_to_the_need_it_names_fuzzily():
    draft, _ = _map(_h("Section B: Special educational needs") + AREA_TABLE, "per_area_tables")
    reading, memory = draft.get(f"{CL}/needs")
    assert reading["provision_ids"] == ["F-CL-1"] and memory["provision_ids"] == ["F-CL-2"]
    assert "outcome_ids" not in reading and "outcome_ids" not in memory
    unlinked = _notes(draft, "unlinked")
    assert any("'Swimming' matches no need of Cognition and learning" in note for note in unlinked)
    # one note for the area: its outcomes and the unmatched provision are not linked
    area_notes = [note for note in unlinked if note.startswith(("1 provision", "2 outcome"))]
    assert area_notes == [("1 provision item(s) and 2 outcome(s) of Cognition and learning are not linked to its "
                           "needs: the legacy plan does not say which need each one is for, so a caseworker must "
                           "link them")]


def test_template_labels_are_labels_and_every_text_taken_is_in_the_data():
    draft, item_list = _map(_h("Section B: Special educational needs") + AREA_TABLE, "per_area_tables")
    labels = {take.fragment for takes in draft.takes.values() for take in takes if take.how == "label"}
    assert {"Cognition and learning", "Strengths", "Needs", "Long Term / Life Outcomes", "Medium Term Outcomes",
            "Special Educational Provision", "By Whom", "Which Need Does This Provision Meet"} <= labels
    assert _taken_texts_hold(draft) == []
    untouched = [u.text for item in item_list for u in item.units if u.text.strip() and u.location not in draft.takes]
    assert untouched == []


# --- outcomes: numbers, steps, health and social care ---------------------------------------------------------

YORK = (
    _h("Section B: My special educational needs")
    + _h("Communication & Interaction", 2) + p("What I find difficult", rpr="<w:b/>")
    + _bullet("Cleo finds group discussion hard to follow.")
    + _h("Section E: My outcomes") + _h("Communication & Interaction", 2)
    + tbl(_row("Ref", "What I want to achieve (outcome by the end of Key Stage 2)", "Steps towards it this year"),
          _row("E1", "By the end of Key Stage 2, Cleo will ask for repetition when she misses something.",
               "By November, Cleo will use an agreed signal."),
          _row("E2", "By the end of Key Stage 2, Cleo will answer one question in each lesson.", ""), columns=3)
    + _h("Section F: Special educational provision") + _h("Communication & Interaction", 2)
    + tbl(_row("Outcome", "What support I will get", "Who will provide it", "How often and how long"),
          _row("E2", "Pre-teaching of topic words – 1:1", "Teaching assistant", "3 sessions per week, 20 minutes"),
          columns=4)
)


def test_numbered_outcomes_keep_their_numbers_and_steps_go_to_the_shorter_term_targets():
    draft, _ = _map(YORK, "parts_numbering")
    outcomes = draft.get(f"{CI}/outcomes")
    assert [o["id"] for o in outcomes] == ["E-1", "E-2"]
    assert draft.get("/shorter_term_targets") == "E-1: By November, Cleo will use an agreed signal."
    provision = draft.get(f"{CI}/provision/0")
    assert provision["original_text"].startswith("E2 | Pre-teaching of topic words – 1:1 | ")
    # the need is not named anywhere in the layout: nothing is linked, one note says so
    assert "provision_ids" not in draft.get(f"{CI}/needs/0")
    assert len(_notes(draft, "unlinked")) == 1


def test_an_outcome_reference_in_a_provision_row_links_the_outcome_to_the_row_need():
    body = (_h("Section B: My special educational needs") + _h("Communication & Interaction", 2)
            + p("What I find difficult", rpr="<w:b/>") + _bullet("Cleo finds group discussion hard to follow.")
            + _h("Section E: My outcomes") + _h("Communication & Interaction", 2)
            + tbl(_row("Ref", "What I want to achieve"), _row("E1", "By July, Cleo will join in a discussion."),
                  columns=2)
            + _h("Section F: Special educational provision") + _h("Communication & Interaction", 2)
            + tbl(_row("Ref", "Provision", "Which need"),
                  _row("E1", "Group discussion coaching, weekly, 30 minutes", "group discussion"), columns=3))
    draft, _ = _map(body)
    need = draft.get(f"{CI}/needs/0")
    assert need["provision_ids"] == ["F-CI-1"] and need["outcome_ids"] == ["E-1"]
    assert _notes(draft, "unlinked") == []


def test_one_row_holding_a_need_its_provision_and_its_outcome_links_all_three():
    body = (_h("Section B: Special educational needs") + _h("Communication and interaction", 2)
            + tbl(_row("B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"),
                  _row("Ada finds it hard to start a conversation.", "Social skills group, weekly, 45 minutes",
                       "By July, Ada will start a conversation with a peer."), columns=3))
    draft, _ = _map(body)
    table = draft.get(CI)
    assert [n["description"] for n in table["needs"]] == ["Ada finds it hard to start a conversation."]
    assert table["needs"][0]["provision_ids"] == ["F-CI-1"] and table["needs"][0]["outcome_ids"] == ["E-1"]
    assert table["outcomes"][0]["description"] == "By July, Ada will start a conversation with a peer."
    assert table["provision"][0]["frequency"] == {"count": 1, "period": "week"}
    assert _notes(draft, "unlinked") == []


def test_newcastle_short_term_outcome_columns_are_steps_towards_the_long_term_aim():
    body = (_h("OUTCOMES AND SUPPORT PLAN") + _h("Cognition and Learning", 2)
            + p("Section E – Desired Outcomes", rpr="<w:b/>")
            + tbl(_row("Long Term Aim(s)", "Short Term Outcome (1 Year)"),
                  _row("By the end of Key Stage 2, Dev will take notes independently.",
                       "By January, Dev will use a note-taking frame."), columns=2))
    draft, _ = _map(body, "two_column_strengths")
    assert [o["description"] for o in draft.get(f"{CL}/outcomes")] == [
        "By the end of Key Stage 2, Dev will take notes independently."]
    assert draft.get("/shorter_term_targets") == "E-1: By January, Dev will use a note-taking frame."


def test_health_and_social_care_outcomes_under_their_headings_go_to_their_tables_not_the_last_area():
    body = (_h("SECTION E: OUTCOMES") + _h("Educational Outcomes", 2) + _h("Sensory and/or physical", 3)
            + _bullet("By July, Eli will wear his glasses all day.")
            + _h("Health Outcomes", 2) + _bullet("By July, Eli will use his inhaler before PE.")
            + _h("Social Care Outcomes", 2) + _bullet("By July, Eli will go to a youth club each week.")
            + _h("MONITORING ARRANGEMENTS", 2)
            + p("The school will set and review short-term targets with Eli each term."))
    draft, _ = _map(body, "sequential_first_person")
    assert [o["id"] for o in draft.get(f"{SP}/outcomes")] == ["E-1"]
    assert draft.get("/health/outcomes") == [{"id": "E-2", "description": "By July, Eli will use his inhaler before "
                                                                           "PE."}]
    assert draft.get("/social_care/outcomes/0/description") == "By July, Eli will go to a youth club each week."
    assert draft.get("/shorter_term_targets") == "The school will set and review short-term targets with Eli each term."


def test_a_list_of_health_and_social_care_outcomes_is_split_by_wording_with_a_note():
    body = (_h("Section C: My health needs") + _bullet("Eli has asthma and uses an inhaler.")
            + _h("Section D: My social care needs") + _bullet("Eli cannot yet travel to see friends.")
            + _h("Section E: My outcomes") + _h("Health and social care outcomes", 2)
            + _bullet("By July, Eli will use his inhaler correctly.")
            + _bullet("By July, Eli will meet friends at a youth club."))
    draft, _ = _map(body, "parts_numbering")
    assert draft.get("/health/outcomes/0/description") == "By July, Eli will use his inhaler correctly."
    assert draft.get("/social_care/outcomes/0/description") == "By July, Eli will meet friends at a youth club."
    assert len(_notes(draft, "placed_by_wording")) == 2


def test_an_outcomes_row_after_the_health_needs_is_a_health_outcome():
    body = (_h("C - Health needs which relate to SEN, G - Health Provision")
            + tbl(_wide("Health"), _wide("Needs"), _wide("Eli has asthma. (K2)"), _wide("Outcomes"),
                  _wide("By July, Eli will manage his inhaler. (K2)"), columns=4))
    draft, _ = _map(body, "per_area_tables")
    assert draft.get("/health/needs") == [{"id": "C-1", "description": "Eli has asthma. (K2)"}]
    assert draft.get("/health/outcomes/0/description") == "By July, Eli will manage his inhaler. (K2)"


# --- needs: lists, headings, stray paragraphs -------------------------------------------------------------------


def test_list_items_are_one_need_each_and_a_dashed_heading_becomes_the_title():
    body = (_h("Section B – Special educational needs") + _h("Cognition and learning", 2)
            + p("Strengths:") + _bullet("Ada remembers facts.") + p("Needs:")
            + _bullet("Early reading – Ada knows letter sounds but cannot blend them yet.")
            + _bullet("When tired, Ada stops working – often before lunch.")
            + p("The reports listed in Section K were used to write this plan."))
    draft, item_list = _map(body)
    needs = draft.get(f"{CL}/needs")
    assert needs == [
        {"id": "B-CL-1", "title": "Early reading", "description": "Ada knows letter sounds but cannot blend them yet."},
        {"id": "B-CL-2", "description": "When tired, Ada stops working – often before lunch."},
    ]
    assert draft.get(f"{CL}/strengths") == "Ada remembers facts."
    stray = next(u for item in item_list for u in item.units if u.text.startswith("The reports"))
    assert stray.location not in draft.takes
    assert draft.carry_reasons[stray.location][0] == "a paragraph among a list of needs, not itself one of them"


def test_two_column_rows_split_strengths_from_needs_in_b_c_and_d():
    header = _row("What is working (Strengths / Resources)", "What is not working so well (Needs / Concerns)")
    body = (_h("SECTION B: SPECIAL EDUCATIONAL NEEDS")
            + tbl(_row("COGNITION AND LEARNING", ""), header,
                  tr(tc("Dev remembers pictures well."), tc(p("Dev finds note-taking hard."), p("Dev tires quickly."))),
                  columns=2)
            + _h("SECTION C: HEALTH NEEDS") + tbl(header, _row("Dev sees his GP.", "Dev has eczema."), columns=2)
            + _h("SECTION D: SOCIAL CARE NEEDS")
            + tbl(header, _row("FAMILY AND COMMUNITY LIFE", ""), _row("Dev's family support him.", "Dev is isolated."),
                  columns=2))
    draft, _ = _map(body, "two_column_strengths")
    assert draft.get(f"{CL}/strengths") == "Dev remembers pictures well."
    assert [n["description"] for n in draft.get(f"{CL}/needs")] == ["Dev finds note-taking hard.", "Dev tires quickly."]
    assert draft.get("/health") == {"strengths": "Dev sees his GP.",
                                    "needs": [{"id": "C-1", "description": "Dev has eczema."}]}
    assert draft.get("/social_care/needs") == [{"id": "D-1", "description": "Dev is isolated."}]
    assert draft.get("/social_care/strengths") == "Dev's family support him."
    # a D sub-area is a heading of social care, not a fifth area of B
    assert _notes(draft, "fifth_area") == []


def test_a_fifth_area_is_mapped_to_its_national_area_with_the_warning():
    body = (_h("Section B: Special educational needs") + _h("Self-care and independence", 2)
            + _bullet("Ada cannot yet dress herself after PE.")
            + _h("Section F: Special educational provision") + _h("Self-care and independence", 2)
            + _bullet("Dressing practice with a teaching assistant, daily, 10 minutes"))
    draft, _ = _map(body)
    assert draft.get(f"{SP}/needs/0/description") == "Ada cannot yet dress herself after PE."
    assert draft.get(f"{SP}/provision/0/preparing_for_adulthood") is True
    warnings = _notes(draft, "fifth_area")
    assert len(warnings) == 1
    assert "fifth area (self_care_and_independence) mapped to sensory_and_physical" in warnings[0]


# --- no-needs and no-provision statements -----------------------------------------------------------------------


def test_no_needs_statements_set_the_flag_and_keep_their_own_wording():
    body = (_h("Section B: Special educational needs")
            + _h("Communication and interaction", 2)
            + p("Ada has no identified special educational needs in this area.")
            + _h("Sensory and/or physical", 2) + p(f"{NO_NEEDS_SENTENCE}.")
            + _h("Section C: Health needs") + p("Ada has no health needs relating to her SEN.")
            + _h("Section D: Social care needs") + p("Ada has no identified social care needs.")
            + _h("Section H1: Social care provision (Chronically Sick and Disabled Persons Act 1970, s.2)")
            + p("No provision in this section.")
            + _h("Section H2: Other social care provision") + p("No provision in this section."))
    draft, item_list = _map(body)
    assert draft.get(CI) == {"no_identified_needs": True,
                             "no_needs_statement": "Ada has no identified special educational needs in this area."}
    assert draft.get(SP) == {"no_identified_needs": True}
    assert draft.get("/health/no_needs_statement") == "Ada has no health needs relating to her SEN."
    assert draft.get("/social_care") == {
        "no_identified_needs": True,
        "no_needs_statement": "Ada has no identified social care needs.\nNo provision in this section."}
    units = [u for item in item_list for u in item.units if u.text == "No provision in this section."]
    assert len(units) == 2 and all(u.location in draft.takes for u in units)


def test_none_in_h1_beside_real_social_care_needs_is_carried_over_not_dropped():
    body = (_h("Section D: Social care needs") + p("Ada needs short breaks.")
            + _h("Section H1: Social care provision (Chronically Sick and Disabled Persons Act 1970, s.2)")
            + p("None.")
            + _h("Section H2: Other social care provision") + p("Short breaks club, weekly, 2 hours"))
    draft, item_list = _map(body)
    assert draft.get("/social_care/no_identified_needs") is None
    assert draft.get("/social_care/h2_provision/0/description") == "Short breaks club, weekly, 2 hours"
    none = next(u for item in item_list for u in item.units if u.text == "None.")
    assert none.location not in draft.takes
    assert draft.carry_reasons[none.location][0].startswith("says there is nothing in H1")


# --- quantities -------------------------------------------------------------------------------------------------


def test_quantities_are_read_from_the_wording_only_where_it_leaves_no_doubt():
    body = (_h("Section F: Special educational provision") + _h("Communication and interaction", 2)
            + _bullet("Speech and language therapy, 2 x 30 minutes weekly, 1:1, term time only")
            + _bullet("Support from an adult as required")
            + _h("Section G: Health provision") + p("Physiotherapy review, termly, 45 minutes"))
    draft, _ = _map(body)
    therapy, vague = draft.get(f"{CI}/provision")
    text = "Speech and language therapy, 2 x 30 minutes weekly, 1:1, term time only"
    assert therapy == {"id": "F-CI-1", "description": text, "original_text": text,
                       "frequency": {"count": 2, "period": "week"}, "duration_minutes": 30,
                       "ratio": {"staff": 1, "learners": 1}, "term_time_only": True}
    assert vague == {"id": "F-CI-2", "description": "Support from an adult as required",
                     "original_text": "Support from an adult as required"}
    assert draft.get("/health/provision/0/frequency") == {"count": 1, "period": "term"}


def test_a_ratio_whose_words_put_the_learners_first_is_read_as_the_words_say():
    body = (_h("Section F: Special educational provision")
            + tbl(_row("Area of need", "What provision I need", "Group size / ratio", "How often", "How long"),
                  _row("Cognition and learning", "Money skills in real settings", "2:1 (two learners to one adult)",
                       "1 session per week", "2 hours"),
                  _row("Cognition and learning", "Work placement with a job coach", "1:1", "Daily", "6 hours"),
                  columns=5))
    draft, _ = _map(body, "sequential_first_person")
    money, placement = draft.get(f"{CL}/provision")
    assert money["ratio"] == {"staff": 1, "learners": 2} and money["frequency"] == {"count": 1, "period": "week"}
    assert money["duration_minutes"] == 120
    assert placement["ratio"] == {"staff": 1, "learners": 1}


def test_how_often_and_how_long_columns_are_read_together():
    body = (_h("Section F: Special educational provision") + _h("Cognition and learning", 2)
            + tbl(_row("Provision", "Who will provide it", "How often", "How long"),
                  _row("Work station with a task tray", "Teaching assistant", "Daily", "2 × 15-minute sessions"),
                  columns=4))
    draft, _ = _map(body)
    assert draft.get(f"{CL}/provision/0") == {
        "id": "F-CL-1", "description": "Work station with a task tray",
        "original_text": "Work station with a task tray | Teaching assistant | Daily | 2 × 15-minute sessions",
        "provider_role": "Teaching assistant", "frequency": {"count": 2, "period": "day"}, "duration_minutes": 15}


def test_a_provision_table_nested_beside_its_label_is_read_row_by_row():
    inner = tbl(_row("Provision", "Who will provide it", "How often"),
                _row("Sleep programme for the family", "Sleep practitioner", "6 sessions per term"), columns=3)
    body = (_h("SECTION G: Health Provision") + tbl(tr(tc("Health provision"), tc(inner, p())), columns=2))
    draft, _ = _map(body, "sequential_first_person")
    assert draft.get("/health/provision") == [{
        "id": "G-1", "description": "Sleep programme for the family",
        "original_text": "Sleep programme for the family | Sleep practitioner | 6 sessions per term",
        "provider_role": "Sleep practitioner", "frequency": {"count": 6, "period": "term"}}]


# --- the generated layouts --------------------------------------------------------------------------------------


AREA_KEYS = {"communication_and_interaction": "communication_interaction",
             "cognition_and_learning": "cognition_learning",
             "social_emotional_mental_health": "semh", "sensory_and_physical": "sensory_physical"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_generated_layout_maps_each_need_once_and_links_only_what_it_names(layout):
    plan = fictional_plan(7)
    quirks = ARCHETYPE_QUIRKS[layout]
    draft, _ = _map_bytes(build_docx(plan, layout, quirks=quirks), PROFILE_OF[layout])
    names_needs = any(item["need"] for area in truth(plan, layout, quirks)["areas"].values()
                      for item in area["provision"])
    for area in plan.areas:
        table = draft.get(f"/special_educational_needs/{AREA_KEYS[area.key]}") or {}
        assert len(table.get("needs", ())) == len(area.needs)
        assert len(table.get("provision", ())) == len(area.provision)
        for need, source in zip(table.get("needs", ()), area.needs):
            assert source.description in need["description"]
            linked = [p["description"] for p in table["provision"] if p["id"] in need.get("provision_ids", ())]
            named = [item.text for item in area.provision if item.need == source.title] if names_needs else []
            assert len(linked) == len(named) and all(text in description for text, description in zip(named, linked))
    assert _taken_texts_hold(draft) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_whatever_of_b_to_h2_is_carried_over_was_left_for_a_stated_reason(layout):
    plan = fictional_plan(11)
    quirks = ARCHETYPE_QUIRKS[layout]
    draft, item_list = _map_bytes(build_docx(plan, layout, quirks=quirks), PROFILE_OF[layout])
    for key, value in {"/metadata/la_code": plan.la_code, "/metadata/plan_reference": "REF-1",
                       "/metadata/status": "final", "/metadata/version": 1, "/personal_details/name/forename": "A",
                       "/personal_details/name/surname": "B", "/personal_details/date_of_birth": "2015-01-01"}.items():
        draft.put(key, value)
    conversion = finish(draft, item_list, options=ConvertOptions(check=False), detected=(layout, 1.0, ()))
    lettered = {"B", "C", "D", "E", "F", "G", "H1", "H2"}
    mine = {str(item.location): item for item in item_list if item.section in lettered}
    carried = [mine[entry.location] for entry in conversion.report.carried if entry.location in mine]
    assert [item.text for item in carried if not any(u.location in draft.carry_reasons for u in item.units)] == []
