"""A rendered plan is the national standardised layout and a usable document: outline, letters, repeated header
rows, running header and footer, language, markings, lists; the options never change its structure."""

from __future__ import annotations

import re

import pytest

from ehcp_standard.model import AreaOfNeed, CarriedOverItem, Placement, PlanStatus, SectionI, SourceLocation
from ehcp_standard.model.needs import AREA_COP_PARAGRAPHS, NO_NEEDS_SENTENCE
from ehcp_standard.render import RenderOptions, load_logo, render_docx, story_texts
from ehcp_standard.render.page import PROTECTIVE_MARKING

from .docs import (
    EXAMPLE_NAMES,
    NS,
    example,
    headings,
    jpeg_header,
    paragraphs,
    part,
    part_names,
    png,
    rendered,
    rows,
    tables,
    w,
)

PRIMARY = "primary-autism-final"
DRAFT = "under5-health-social-care-draft"
YEAR10 = "year10-pfa-direct-payment"

#: The outline of every rendered plan (the appendices follow when they have content).
OUTLINE = [
    (1, "Plan details"),
    (1, "Child or young person's personal details"),
    (1, "Main contact details"),
    (1, "Services currently involved with this child or young person"),
    (1, "A1 – Summary of the child or young person's history"),
    (1, "A2 – Summary of the views, interests and aspirations of the child and their parent, or of the young person"),
    (1, "B, F and E – Special Educational Needs and Provision"),
    (2, "Communication and interaction"),
    (2, "Cognition and learning"),
    (2, "Social, emotional and mental health difficulties"),
    (2, "Sensory and/or physical needs"),
    (1, "C, G and E – Health care needs and provision"),
    (1, "D, H1, H2 and E – Social care needs and provision"),
    (1, "E – How shorter-term targets will be set"),
    (1, "I – Placement"),
    (1, "J – Direct Payments"),
    (1, "K – The advice and information gathered during the EHC needs assessment"),
    (1, "Sign-off"),
]


def body_text(docx: bytes) -> str:
    return "\n".join(story_texts(docx)["word/document.xml"])


def header_text(docx: bytes) -> str:
    return "\n".join(line for name, lines in story_texts(docx).items() if "header" in name for line in lines)


def footer_text(docx: bytes) -> str:
    return "\n".join(line for name, lines in story_texts(docx).items() if "footer" in name for line in lines)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_headings_follow_the_national_template_in_order(name):
    found = headings(rendered(name))
    assert found[: len(OUTLINE)] == OUTLINE
    assert all(text.startswith("Appendix") for level, text in found[len(OUTLINE):] if level == 1)


def test_headings_use_real_heading_styles_with_outline_levels():
    styles = part(rendered(PRIMARY), "word/styles.xml")
    for style_id, level in (("Heading1", "0"), ("Heading2", "1")):
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:pPr/w:outlineLvl", NS).get(w("val")) == level


@pytest.mark.parametrize("letter", ["A1", "A2", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"])
def test_every_section_is_visibly_labelled_with_its_letter(letter):
    text = body_text(rendered(PRIMARY))
    assert re.search(rf"(^|\n|, ){letter}( |,|\n| –)", text), letter


def test_every_section_has_a_bookmark_and_every_table_a_stable_caption():
    docx = rendered(PRIMARY)
    body = part(docx, "word/document.xml")
    names = {b.get(w("name")) for b in body.iter(w("bookmarkStart"))}
    assert {"ehcp_a1", "ehcp_a2", "ehcp_bfe", "ehcp_cge", "ehcp_dhhe", "ehcp_i", "ehcp_j", "ehcp_k"} <= names
    captions = set(tables(docx))
    for area in AreaOfNeed:
        assert {f"ehcp:bfe:{area.value}:area", f"ehcp:bfe:{area.value}:rows"} <= captions
    assert {"ehcp:personal_details", "ehcp:cge:rows", "ehcp:dhhe:rows", "ehcp:k", "ehcp:sign_off"} <= captions


def test_needs_tables_have_the_templates_column_headers_repeated_on_every_page():
    found = tables(rendered(PRIMARY))
    header = rows(found["ehcp:bfe:communication_interaction:rows"])[0]
    assert header == ["B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"]
    for caption, table in found.items():
        if caption.endswith(":rows") or caption in ("ehcp:k", "ehcp:i", "ehcp:events"):
            first = table.find("w:tr", NS)
            assert first.find("w:trPr/w:tblHeader", NS) is not None, caption


def test_k_has_the_templates_four_columns_and_its_fixed_rows():
    k = rows(tables(rendered(PRIMARY))["ehcp:k"])
    assert k[0] == ["Advice and information requested", "Date received (CCYY-MM-DD)", "Who from", "Appended (YES/NO)"]
    assert any(row[0].startswith("Provision to help children and young people in Year 9") for row in k)


def test_each_area_table_opens_with_its_description_citing_the_code_of_practice_then_strengths():
    found = tables(rendered(PRIMARY))
    for area in AreaOfNeed:
        first, second = rows(found[f"ehcp:bfe:{area.value}:area"])
        assert AREA_COP_PARAGRAPHS[area] in first[0]
        assert second[0] == "Strengths"


def test_an_area_with_no_needs_carries_the_fixed_sentence():
    rows_table = rows(tables(rendered(PRIMARY))["ehcp:bfe:cognition_learning:rows"])
    assert rows_table[1][0] == NO_NEEDS_SENTENCE


def test_provision_shows_the_five_prompts_as_labelled_lines():
    cell = rows(tables(rendered(PRIMARY))["ehcp:bfe:communication_interaction:rows"])[1][1]
    for line in ("What: Structured social communication group", "Who: Teaching assistant (Level 3 teaching",
                 "Ratio / group size: group of 4", "How often: 2 times per week", "How long: 30 minutes each time"):
        assert line in cell


def test_an_outcome_shared_by_two_needs_prints_identically_in_each_row():
    plan = example(PRIMARY)
    shared = [o for _, o in plan.outcomes() if sum(o.id in n.outcome_ids for _, _, n in plan.needs()) > 1]
    assert shared, "the example should share an outcome"
    text = body_text(rendered(PRIMARY))
    block = shared[0].description
    assert text.count(block) == sum(shared[0].id in n.outcome_ids for _, _, n in plan.needs())


def test_multi_paragraph_text_and_bullets_become_real_paragraphs_and_a_list_style():
    a1 = tables(rendered(PRIMARY))["ehcp:a1"]
    found = paragraphs(a1)
    bullets = [p.text for p in found if p.style == "ListBullet"]
    assert "2023: speech and language therapy assessment found a wide vocabulary but difficulties with the social " \
        "use of language and with following instructions of more than two parts." in bullets
    assert not [p for p in found if p.text.startswith(("- ", "• "))]
    assert len([p for p in found if p.style == "" and p.text]) > 4


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_header_shows_name_date_of_birth_and_protective_marking(name):
    plan = example(name)
    header = header_text(rendered(name))
    assert plan.personal_details.name.forename in header and plan.personal_details.name.surname in header
    assert plan.personal_details.date_of_birth.isoformat() in header
    assert PROTECTIVE_MARKING in header
    assert PROTECTIVE_MARKING in footer_text(rendered(name))


def test_the_footer_shows_page_x_of_y_from_fields():
    footer = next(part(rendered(PRIMARY), n) for n in part_names(rendered(PRIMARY)) if "footer" in n)
    instructions = [t.text.strip() for t in footer.iter(w("instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page 1 of 1" in footer_text(rendered(PRIMARY))


def test_the_document_is_british_english_with_a_title():
    docx = rendered(PRIMARY)
    core = part(docx, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}language").text == "en-GB"
    assert core.find(f"{dc}title").text == "Education, Health and Care Plan"
    lang = part(docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("val")) == "en-GB"


def test_the_page_is_a4_landscape_in_arial():
    docx = rendered(PRIMARY)
    size = part(docx, "word/document.xml").find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h")), size.get(w("orient"))) == ("16838", "11906", "landscape")
    fonts = part(docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {fonts.get(w(k)) for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Arial"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_only_a_draft_is_marked_draft(name):
    docx = rendered(name)
    is_draft = example(name).metadata.status is PlanStatus.DRAFT
    assert ("DRAFT" in header_text(docx)) is is_draft
    header = next(part(docx, n) for n in part_names(docx) if "header" in n)
    watermark = [s for s in header.iter("{urn:schemas-microsoft-com:vml}textpath") if s.get("string") == "DRAFT"]
    assert bool(watermark) is is_draft


def test_a_draft_never_names_a_placement_even_if_the_plan_holds_one():
    plan = example(DRAFT)
    named = Placement(name="Brightwater Special School", type="Special school (autism)")
    plan = plan.model_copy(update={"placement": SectionI(placements=(named,))})
    text = body_text(render_docx(plan))
    assert "Brightwater" not in text and "Special school (autism)" not in text
    assert "s.38(5)" in text


def test_a_final_plan_names_its_placement():
    assert "Hollin Vale Primary School" in rows(tables(rendered(PRIMARY))["ehcp:i"])[1][0]


def test_the_carried_over_appendix_appears_only_when_there_is_carried_over_content():
    assert all("Appendix – Content carried over" not in body_text(rendered(n)) for n in EXAMPLE_NAMES)
    item = CarriedOverItem(text="Likes the blue room.", source=SourceLocation(location="table 3, row 2"))
    text = body_text(render_docx(example(PRIMARY).model_copy(update={"carried_over": (item,)})))
    assert "Appendix – Content carried over from the previous plan" in text
    assert "Likes the blue room." in text and "table 3, row 2" in text


def structure(docx: bytes) -> list[tuple[str, str]]:
    """The document's shape: every element of the body, by tag and paragraph style, without the text."""
    body = part(docx, "word/document.xml")
    return [(el.tag, el.get(w("val")) or "") for el in body.iter() if el.tag != w("t")]


def test_council_name_and_logo_never_change_the_structure():
    plain = rendered(YEAR10)
    styled = render_docx(example(YEAR10), RenderOptions(la_name="Kent County Council", logo=load_logo(png(300, 100))))
    assert structure(styled) == structure(plain)
    assert sorted(part_names(styled)) == sorted(part_names(plain))
    assert "Kent County Council" in header_text(styled)


def test_a_jpeg_logo_is_stored_as_a_jpeg():
    docx = render_docx(example(YEAR10), RenderOptions(logo=load_logo(jpeg_header(200, 100))))
    names = part_names(docx)
    assert "word/media/image1.jpeg" in names and "word/media/image1.png" not in names
    rels = next(part(docx, n) for n in names if n.startswith("word/_rels/header"))
    assert any(r.get("Target") == "media/image1.jpeg" for r in rels)
