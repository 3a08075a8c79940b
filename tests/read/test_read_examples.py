"""Every example reads back from its Word document: exactly from the embedded plan, and from the visible layout as
far as the page can show (``projection``); a document without its embedded part is read from its page; an edit in
Word is found and its sections named."""

from __future__ import annotations

import pytest

from ehcp_standard.errors import NotAPlanError
from ehcp_standard.read import ReadResult, read_docx, visible_form

from .helpers import EXAMPLE_NAMES, edit_page, example, rendered, without_embedded_plan


def read(docx: bytes, **options) -> ReadResult:
    return read_docx(docx, name="plan.docx", **options)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_reads_back_exactly_from_its_embedded_plan(name):
    result = read(rendered(name))
    assert result.read_from == "embedded"
    assert result.plan == example(name)
    assert result.plan is result.embedded


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_reads_back_from_its_visible_layout_as_far_as_the_page_shows(name):
    result = read(rendered(name))
    assert result.visible == visible_form(example(name))
    assert not result.edited


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_reads_back_exactly_from_its_visible_layout(name):
    assert read(rendered(name)).visible == example(name)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_what_the_page_cannot_show_is_reported_as_not_shown_never_as_an_edit(name):
    result = read(rendered(name))
    assert all(d.kind == "not_shown" and d.note for d in result.differences)
    shown = {d.pointer for d in result.differences}
    assert all(p.startswith(("/section_a", "/special_educational_needs", "/health", "/personal_budget")) for p in shown)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_document_shows_every_section_letter_in_the_template_order(name):
    assert read(rendered(name)).document_sections == (
        "A1", "A2", "B", "F", "E", "C", "G", "E", "D", "H1", "H2", "E", "E", "I", "J", "K"
    )


def test_prefer_visible_returns_the_plan_the_page_shows():
    result = read(rendered("primary-autism-final"), prefer="visible")
    assert result.read_from == "visible"
    assert result.plan is result.visible and result.embedded == example("primary-autism-final")


def test_prefer_must_be_embedded_or_visible():
    with pytest.raises(ValueError, match="prefer must be 'embedded' or 'visible'"):
        read_docx(rendered("primary-autism-final"), prefer="page")  # type: ignore[arg-type]


def test_a_path_is_read_like_bytes_and_named_in_the_result(tmp_path):
    path = tmp_path / "theo.docx"
    path.write_bytes(rendered("primary-autism-final"))
    result = read_docx(path)
    assert result.source == str(path) and result.plan == example("primary-autism-final")


# -- without the embedded part ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_a_plan_without_its_embedded_part_is_read_from_its_visible_layout(name):
    result = read(without_embedded_plan(rendered(name)))
    assert result.embedded is None and result.read_from == "visible"
    assert result.plan == visible_form(example(name))
    assert result.differences == ()
    assert any("no embedded plan" in w.message for w in result.warnings)


def test_a_table_whose_caption_was_lost_is_found_from_the_heading_before_it():
    docx = edit_page(without_embedded_plan(rendered("primary-autism-final")),
                     '<w:tblCaption w:val="ehcp:k"/>', "")
    result = read(docx)
    assert result.plan.advice == example("primary-autism-final").advice
    assert any("taken as ehcp:k from the heading before it" in w.message for w in result.warnings)


# -- edited in Word --------------------------------------------------------------------------------------------------


def test_a_need_edited_in_word_is_found_and_its_section_named():
    plan = example("primary-autism-final")
    need = plan.special_educational_needs.communication_interaction.needs[0]
    edited = need.description.replace("take turns", "wait for a turn")
    docx = edit_page(rendered("primary-autism-final"), need.description, edited)
    result = read(docx)
    assert result.plan == plan  # the embedded plan is still returned, exactly
    assert result.edited
    [difference] = [d for d in result.differences if d.kind == "edited"]
    assert difference.section == "B"
    assert difference.section_name == "B – Special Educational Needs (Communication and interaction)"
    assert difference.pointer == "/special_educational_needs/communication_interaction/needs/0/description"
    assert difference.embedded == need.description and difference.visible == edited
    assert result.edited_sections() == [difference.section_name]
    assert read(docx, prefer="visible").plan.special_educational_needs.communication_interaction.needs[0] \
        .description == edited


def test_edits_in_several_sections_are_each_named():
    plan = example("year10-pfa-direct-payment")
    docx = rendered("year10-pfa-direct-payment")
    placement = plan.placement.placements[0].name
    docx = edit_page(docx, f">{placement}<", ">Another Academy<", occurrence=2)  # the third time it shows: section I
    docx = edit_page(docx, f">{plan.sign_off.officer_name}<", ">SOMEONE, ELSE<")
    result = read(docx)
    edited = [d for d in result.differences if d.kind == "edited"]
    assert {d.pointer for d in edited} == {"/placement/placements/0/name", "/sign_off/officer_name"}
    assert result.edited_sections() == ["I – Placement", "Sign-off"]


def test_a_provision_line_edited_in_word_is_named_under_f():
    docx = edit_page(rendered("primary-autism-final"), ">45 minutes each time<", ">40 minutes each time<")
    [difference] = [d for d in read(docx).differences if d.kind == "edited"]
    assert difference.section == "F" and difference.pointer.endswith("/duration_minutes")
    assert (difference.embedded, difference.visible) == (45, 40)


def test_an_unreadable_edit_is_a_located_warning_and_the_rest_is_still_read():
    plan = example("primary-autism-final")
    docx = edit_page(rendered("primary-autism-final"), f">{plan.personal_details.date_of_birth.isoformat()}<",
                     ">the ninth of May<")
    result = read(docx, prefer="visible")
    warning = next(w for w in result.warnings if w.pointer == "/personal_details/date_of_birth")
    assert "CCYY-MM-DD" in warning.message and warning.location.caption == "ehcp:personal_details"
    assert result.read_from == "embedded"  # the page no longer makes a valid plan: its date of birth is gone
    assert result.visible is None


def test_a_word_document_that_is_not_a_plan_is_refused_with_a_clear_error():
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Minutes of the annual review meeting")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(NotAPlanError, match="not a standardised EHC plan: it has no embedded plan part"):
        read_docx(buffer.getvalue(), name="minutes.docx")
