"""Section J's golden thread (``_budget_links``): a budget item is linked to the needs and outcomes of the provision
its wording clearly names, and to nothing else — a tie, generic words or a single shared word link nothing, and ids
only ever come from the plan's own provision. Fixtures are tiny fictional plans built in code.
"""

from __future__ import annotations

import pytest

from ehcp_standard.convert import load_profile
from ehcp_standard.convert._budget_links import content_words, link_budget_items
from ehcp_standard.convert.convert import ConvertOptions, convert_docx
from ehcp_standard.convert.draft import Draft
from ehcp_standard.model import Plan
from ehcp_standard.rules import check_plan

from .docx_fixtures import make_docx, p, tbl, tc, tr

READ = ("budget item J-1 was read from the wording of section J, which is also kept in its details: check how it is "
        "held, the amount and what it funds")
ASK = ", and link the needs and outcomes it meets"


def _h(text: str, level: int = 1) -> str:
    return p(text, style=f"Heading{level}")


def _row(*cells: str) -> str:
    return tr(*(tc(cell) for cell in cells))


def _plan(*parts: str, budget: str):
    """Convert a plan of Ada Quill (fictional) with ``parts`` (B to H2) and section J saying ``budget``."""
    body = (_h("Personal details") + tbl(_row("Name", "Ada Jane Quill"), _row("Date of Birth", "02.11.2013"))
            + "".join(parts) + _h("Section J: Personal budget") + p(budget))
    return convert_docx(make_docx(body), source="ada.docx", options=ConvertOptions(la_code="855"))


def _learning(*rows: tuple[str, str, str]) -> str:
    """Cognition and learning in one table: each row a need, its provision and its outcome (so they are linked)."""
    return (_h("Section B: Special educational needs") + _h("Cognition and learning", 2)
            + tbl(_row("B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"),
                  *(_row(*row) for row in rows), columns=3))


def _social_care(provision: str, *, linked: bool = True) -> str:
    """Section H2 with one entry: in a row with its need and outcome (linked), or on its own (not linked)."""
    if not linked:
        return _h("Section H2: Other social care provision") + p(provision)
    return (_h("Section H2: Other social care provision")
            + tbl(_row("Need", "Provision", "Outcomes"),
                  _row("Ada misses out on clubs after school.", provision, "By July, Ada will go to a club each week."),
                  columns=3))


TYPING = ("Ada finds handwriting slow and tiring.",
          "Touch-typing programme on a laptop with text-to-speech software, 3 sessions per week",
          "By July, Ada will type 20 words a minute.")
MEMORY = ("Ada forgets instructions.", "Memory strategies taught by a teaching assistant, daily",
          "By July, Ada will use a checklist for each task.")
SOFTWARE = ("A personal budget of £600 per year has been agreed for text-to-speech software licences. The school will "
            "hold the budget; no direct payment is made.")
ASSISTANT = ("A direct payment of £1,200 per year has been agreed for personal assistant support, as set out in "
             "Section H2.")


def _item(conversion):
    return conversion.plan.personal_budget.items[0]


def _notes(conversion, *codes: str) -> list[str]:
    return [note.message for note in conversion.report.notes if note.section == "J" and note.code in codes]


# --- linked --------------------------------------------------------------------------------------------------


def test_a_budget_naming_one_provision_takes_its_needs_and_outcomes():
    conversion = _plan(_learning(TYPING, MEMORY), budget=SOFTWARE)
    item = _item(conversion)
    assert (item.need_ids, item.outcome_ids) == (("B-CL-1",), ("E-1",))
    provision = conversion.plan.special_educational_needs.cognition_learning.provision[0]
    assert provision.id == "F-CL-1" and "text-to-speech software" in provision.description


def test_the_link_is_reported_for_a_caseworker_to_check_and_the_item_no_longer_asks_for_it():
    conversion = _plan(_learning(TYPING, MEMORY), budget=SOFTWARE)
    assert _notes(conversion, "warning") == [READ]
    assert _notes(conversion, "linked_by_wording") == [
        "budget item J-1 was linked by wording to provision F-CL-1: it takes its needs B-CL-1 and outcomes E-1; check"]
    (note,) = [n for n in conversion.report.notes if n.code == "linked_by_wording"]
    assert note.location == next(n.location for n in conversion.report.notes if n.message == READ)


def test_the_warning_names_ids_only_no_name_amount_or_wording():
    conversion = _plan(_learning(TYPING, MEMORY), budget=SOFTWARE)
    (message,) = _notes(conversion, "linked_by_wording")
    assert not {"Ada", "Quill", "£", "600", "software", "text"} & set(message.replace(":", " ").split())


def test_the_section_the_budget_names_is_the_only_one_searched():
    in_class = ("Ada cannot yet join in group work.", "Personal assistant support in class for group work",
                "By July, Ada will work in a group of four.")
    conversion = _plan(_learning(in_class), _social_care("Personal assistant support to go to a drama club"),
                       budget=ASSISTANT)
    assert (_item(conversion).need_ids, _item(conversion).outcome_ids) == (("D-1",), ("E-2",))
    assert "to provision H2-1:" in _notes(conversion, "linked_by_wording")[0]


def test_a_linked_plan_is_valid_and_its_ids_resolve():
    conversion = _plan(_learning(TYPING, MEMORY), _social_care("Personal assistant support to go to a drama club"),
                       budget=ASSISTANT)
    data = conversion.plan.model_dump(mode="json")
    again = Plan.model_validate(data)       # the model checks every id names an entry of the right section
    assert again.personal_budget.items[0].need_ids == ("D-1",)
    assert not [item for item in conversion.plan.carried_over if "need_ids" in item.reason]


def test_a_linked_direct_payment_states_its_needs_and_outcomes_for_ehcp_j001():
    conversion = _plan(_learning(TYPING), _social_care("Personal assistant support to go to a drama club"),
                       budget=ASSISTANT)
    budget = conversion.plan.personal_budget.model_copy(update={"details": None})   # J001 trusts any Details text
    linked = conversion.plan.model_copy(update={"personal_budget": budget})
    unlinked_item = budget.items[0].model_copy(update={"need_ids": (), "outcome_ids": ()})
    unlinked = linked.model_copy(update={"personal_budget": budget.model_copy(update={"items": (unlinked_item,)})})
    assert not [f for f in check_plan(linked) if f.rule_id == "EHCP-J001"]
    assert [f.rule_id for f in check_plan(unlinked) if f.rule_id == "EHCP-J001"] == ["EHCP-J001"]


# --- not linked ------------------------------------------------------------------------------------------------


def _unlinked(conversion) -> None:
    item = _item(conversion)
    assert (item.need_ids, item.outcome_ids) == ((), ())
    assert _notes(conversion, "warning") == [READ + ASK]
    assert _notes(conversion, "linked_by_wording") == []


def test_two_provisions_the_wording_names_alike_link_nothing():
    other = ("Ada cannot read worksheets fluently.", "Text-to-speech software for reading worksheets in class",
             "By July, Ada will read a worksheet with the software.")
    _unlinked(_plan(_learning(TYPING, other, MEMORY), budget=SOFTWARE))


def test_without_the_section_it_names_the_same_budget_is_a_tie():
    in_class = ("Ada cannot yet join in group work.", "Personal assistant support in class for group work",
                "By July, Ada will work in a group of four.")
    _unlinked(_plan(_learning(in_class), _social_care("Personal assistant support to go to a drama club"),
                    budget=ASSISTANT.replace(", as set out in Section H2", "")))


def test_generic_words_alone_link_nothing():
    hours = ("Ada needs help to stay on task.", "Support at school for 5 hours each week",
             "By July, Ada will finish a task on her own.")
    _unlinked(_plan(_learning(hours), budget="Direct payment: £2,400 per year for support at school, 5 hours a week"))


def test_one_shared_word_is_not_enough():
    prompts = ("Ada needs reminders to start work.", "An assistant, daily", "By July, Ada will start work unprompted.")
    _unlinked(_plan(_learning(prompts, MEMORY), budget="Direct payment: £2,400 per year for a personal assistant"))


def test_a_budget_naming_a_section_without_its_provision_links_nothing():
    _unlinked(_plan(_learning(TYPING, MEMORY), budget=SOFTWARE.replace("licences.", "licences (Section G).")))


def test_a_provision_linked_to_no_need_is_named_for_a_caseworker_to_link_first():
    conversion = _plan(_learning(TYPING), _social_care("Personal assistant support to go to a drama club",
                                                       linked=False), budget=ASSISTANT)
    item = _item(conversion)
    assert (item.need_ids, item.outcome_ids) == ((), ())
    assert _notes(conversion, "warning") == [READ + ASK]
    assert _notes(conversion, "unlinked") == [(
        "budget item J-1 funds, by its wording, provision H2-1, which is not linked to a need either: link H2-1, "
        "then link J-1 to the same needs and outcomes")]


# --- on the draft: items already linked, a named group ----------------------------------------------------------


def _draft(item: dict, provision: list[dict], need: dict) -> Draft:
    draft = Draft("ada.docx", load_profile("generic"))
    draft.data = {"personal_details": {"name": {"forename": "Ada", "surname": "Quill"}},
                  "special_educational_needs": {"cognition_learning": {"needs": [need], "provision": provision}},
                  "personal_budget": {"items": [item]}}
    return draft


SOFTWARE_PROVISION = [{"id": "F-CL-1", "description": "Text-to-speech software on the class laptop"},
                      {"id": "F-CL-2", "description": "Text-to-speech software on the home laptop"}]
NEED = {"id": "B-CL-1", "description": "Ada reads slowly.", "provision_ids": ["F-CL-1", "F-CL-2"],
        "outcome_ids": ["E-1"]}


@pytest.mark.parametrize("ids", [{"need_ids": ["B-CL-2"]}, {"outcome_ids": ["E-3"]}])
def test_an_item_that_already_links_needs_or_outcomes_is_left_as_it_is(ids):
    item = {"id": "J-1", "mechanism": "arrangement", "funds": "text-to-speech software licences", **ids}
    draft = _draft(dict(item), SOFTWARE_PROVISION, NEED)
    link_budget_items(draft)
    assert draft.get("/personal_budget/items/0") == item and draft.notes == []


def test_a_group_of_provision_with_the_same_links_is_named_whole():
    draft = _draft({"id": "J-1", "mechanism": "arrangement", "funds": "text-to-speech software licences"},
                   SOFTWARE_PROVISION, NEED)
    link_budget_items(draft)
    assert draft.get("/personal_budget/items/0/need_ids") == ["B-CL-1"]
    assert draft.get("/personal_budget/items/0/outcome_ids") == ["E-1"]
    assert [note.message for note in draft.notes] == [(
        "budget item J-1 was linked by wording to provision F-CL-1, F-CL-2: it takes their needs B-CL-1 and outcomes "
        "E-1; check")]
    assert draft.takes == {}        # a link, like map_needs' links, is put with no source text of its own


def test_provision_matching_alike_and_linked_to_no_need_is_not_taken_for_a_group():
    draft = _draft({"id": "J-1", "mechanism": "arrangement", "funds": "text-to-speech software licences"},
                   SOFTWARE_PROVISION, {"id": "B-CL-1", "description": "Ada reads slowly."})
    link_budget_items(draft)
    assert draft.get("/personal_budget/items/0") == {"id": "J-1", "mechanism": "arrangement",
                                                     "funds": "text-to-speech software licences"}
    assert draft.notes == []


def test_the_childs_names_and_generic_words_are_not_content_words():
    assert content_words("a personal assistant to support Ada at school for 6 hours per week",
                         frozenset({"ada"})) == {"personal", "assistant"}
    assert content_words("Assistive technology (text-to-speech) licences") == {
        "assistive", "technology", "text", "speech", "licences"}


def test_a_spelling_variant_counts_as_the_same_word():
    provision = [{"id": "F-CL-1", "description": "Software licences for mind-mapping"},
                 {"id": "F-CL-2", "description": "Software for touch-typing practice"}]
    need = {"id": "B-CL-1", "description": "Ada plans her writing slowly.", "provision_ids": ["F-CL-1"]}
    draft = _draft({"id": "J-1", "mechanism": "arrangement", "funds": "software licenses"}, provision, need)
    link_budget_items(draft)
    assert draft.get("/personal_budget/items/0/need_ids") == ["B-CL-1"]
    assert draft.get("/personal_budget/items/0/outcome_ids") is None
    assert [note.message for note in draft.notes] == [(
        "budget item J-1 was linked by wording to provision F-CL-1: it takes its needs B-CL-1 (no outcome is linked "
        "to them); check")]
