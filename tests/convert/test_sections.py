"""Finding sections by label: one small plan per layout archetype, built in code with python-docx, each block's
expected placement written beside it. Every name and sentence is fictional."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import docx
import pytest

from ehcp_standard.convert import read_legacy_docx
from ehcp_standard.convert.profile import detect_profile, load_profile
from ehcp_standard.convert.sections import find_sections

CL, CI = "cognition_and_learning", "communication_and_interaction"
SEMH, SP = "social_emotional_mental_health", "sensory_and_physical"

# A spec is a list of steps; each names a kind of block, its text and where it must be placed:
# (section, subsection, area). Tables give a list of rows and one expected placement per row; a row's first cell
# may be None to continue the cell above (merged down).

SEQUENTIAL = [
    ("title", "Ada Quill's Education, Health and Care Plan", ("cover", None, None)),
    ("table", [["MY EHC PLAN includes:", ""], ["Section A", "ABOUT ME: MY views, interests and aspirations"],
               ["Section B", "My Special Educational Needs (SEN)"], ["Section F", "Special Educational Provision"]],
     [("cover", None, None)] * 4),
    ("table", [["OTHER INFORMATION", ""], ["Unique pupil no.", "A123456789012"], ["Care First no.", "4400001"]],
     [("personal_details", None, None)] * 3),
    ("h1", "SECTION A: ABOUT ME: MY views, interests and aspirations", ("A", None, None)),
    ("h3", "My story so far", ("A", "history", None)),
    ("p", "Ada lives with her gran and two cats.", ("A", "history", None)),
    ("h3", "What people like and admire about me", ("A", "strengths", None)),
    ("bullet", "Patient with younger children", ("A", "strengths", None)),
    ("h1", "SECTION B: My Special Educational Needs (SEN)", ("B", None, None)),
    ("h2", "Social, emotional and mental health", ("B", None, SEMH)),
    ("bold", "What I am good at:", ("B", "strengths", SEMH)),
    ("bullet", "Ada is a loyal friend.", ("B", "strengths", SEMH)),
    ("bold", "What I find difficult:", ("B", "needs", SEMH)),
    ("number", "Ada becomes anxious in the dining hall.", ("B", "needs", SEMH)),
    ("h2", "Communication and interaction", ("B", None, CI)),
    ("bold", "What I find difficult:", ("B", "needs", CI)),
    ("number", "Ada finds group instructions hard to follow.", ("B", "needs", CI)),
    ("h1", "SECTION E: OUTCOMES", ("E", None, None)),
    ("h2", "Educational Outcomes", ("E", "education", None)),
    ("h3", "Communication and interaction", ("E", "education", CI)),
    ("number", "By the end of Key Stage 2, Ada will follow a two-part instruction.", ("E", "education", CI)),
    ("h1", "SECTION F: Special Educational Provision Required by Me", ("F", None, None)),
    ("table", [["Communication and interaction", "Visual timetable checked each morning"],
               [None, "Small-group language sessions, 3 times a week"]],
     [("F", None, CI), ("F", None, CI)]),
    ("h1", "SECTION K: Advice and Information used to write my EHC Plan", ("K", None, None)),
]

PER_AREA = [
    ("bold", "Education, Health and Care Plan", ("cover", None, None)),
    ("h1", "A1 Summary of the child or young person's history", ("A", "history", None)),
    ("p", "Bram moved to the village in Year 1.", ("A", "history", None)),
    ("h1", "A2 - Summary of the views, interests and aspirations of the child", ("A", "views", None)),
    ("table", [["Views", "Bram says maths is his favourite."], ["Aspirations", "Bram wants to be a vet."]],
     [("A", "views", None), ("A", "aspirations", None)]),
    ("h1", "Primary area of need", ("cover", None, None)),
    ("table", [["Cognition and learning", "", "", ""], ["Strengths", "", "", ""], ["Bram counts well.", "", "", ""],
               ["Needs", "", "", ""], ["Reading\nBram reads slowly.", "", "", ""],
               ["Long Term / Life Outcomes", "", "", ""], ["Bram will read for pleasure.", "", "", ""],
               ["Medium Term Outcomes", "", "", ""], ["By July, Bram will read a short book.", "", "", ""],
               ["Special Educational Provision", "By Whom", "Frequency", "Which Need Does This Provision Meet"],
               ["Phonics programme", "Teaching assistant", "Daily, 20 minutes", "Reading"]],
     [("B", None, CL), ("B", "strengths", CL), ("B", "strengths", CL), ("B", "needs", CL), ("B", "needs", CL),
      ("E", "long_term", CL), ("E", "long_term", CL), ("E", "short_term", CL), ("E", "short_term", CL),
      ("F", None, CL), ("F", None, CL)]),
    ("table", [["Communication and interaction", "", "", ""], ["Needs", "", "", ""],
               ["Bram has no identified special educational needs in this area.", "", "", ""]],
     [("B", None, CI), ("B", "needs", CI), ("B", "needs", CI)]),
    ("h1", "D - Social care needs which relate to SEN", ("D", None, None)),
    ("p", "Bram has no identified social care needs.", ("D", None, None)),
    ("h2", "H1 Social Care Provision (section 2 of the Chronically Sick and Disabled Persons Act 1970)",
     ("H1", None, None)),
]

PARTS = [
    ("h1", "Part 1: Who I am and what's in my plan", ("personal_details", None, None)),
    ("table", [["First name", "Cleo"], ["Unique Pupil Number (UPN)", "A123456789012"]],
     [("personal_details", None, None)] * 2),
    ("h1", "Part 2: Information gathered by me and my family", ("A", None, None)),
    ("h2", "Section A: My views, interests and aspirations", ("A", None, None)),
    ("h3", "My hopes and dreams for the future", ("A", "aspirations", None)),
    ("p", "Cleo wants to run a bakery.", ("A", "aspirations", None)),
    ("h1", "Part 3: Information about my special educational needs", ("B", None, None)),
    ("h2", "Section B: My special educational needs", ("B", None, None)),
    ("h3", "Sensory & Physical", ("B", None, SP)),
    ("bold", "What I find difficult", ("B", "needs", SP)),
    ("bullet", "Cleo tires quickly when writing.", ("B", "needs", SP)),
    ("h1", "Part 6: Provision agreed (EHCP only)", ("F", None, None)),
    ("h2", "Section F: Special educational provision", ("F", None, None)),
    ("h3", "Sensory & Physical", ("F", None, SP)),
    ("table", [["Outcome", "What support I will get", "Who will provide it", "How often and how long"],
               ["E1", "Sloped writing board", "Class teacher", "Every written lesson"]],
     [("F", None, SP), ("F", None, SP)]),
    ("h1", "Part 7: Relevant advice and information that supports my plan", ("K", None, None)),
]

TWO_COLUMN = [
    ("h1", "PERSONAL DETAILS", ("personal_details", None, None)),
    ("h1", "SECTION A: MY PROFILE", ("A", None, None)),
    ("h2", "my BACKGROUND", ("A", "history", None)),
    ("p", "Dev joined the school in Year 7.", ("A", "history", None)),
    ("h1", "SECTION B: SPECIAL EDUCATIONAL NEEDS", ("B", None, None)),
    ("table", [["COGNITION AND LEARNING", ""],
               ["What is working (Strengths / Resources)", "What is not working so well (Needs / Concerns)"],
               ["Dev remembers pictures well.", "Dev finds note-taking hard."]],
     [("B", None, CL), ("B", None, CL), ("B", None, CL)]),
    ("h1", "SECTION D: SOCIAL CARE NEEDS", ("D", None, None)),
    ("table", [["PREPARING FOR ADULTHOOD", ""], ["Dev wants to travel to college alone.", ""]],
     [("D", None, SP), ("D", None, SP)]),
    ("h1", "OUTCOMES AND SUPPORT PLAN", ("E", None, None)),
    ("h2", "Communication and Interaction", ("E", None, CI)),
    ("bold", "Section E – Desired Outcomes", ("E", None, CI)),
    ("table", [["Long Term Aim(s)", "Short Term Outcome (1 Year)"], ["Dev will ask for help in class.", ""]],
     [("E", None, CI), ("E", None, CI)]),
    ("bold", "Section F – Special Educational Provision", ("F", None, CI)),
    ("table", [["Provision", "By whom", "How often / how long"], ["Social skills group", "SENCo", "Weekly"]],
     [("F", None, CI), ("F", None, CI)]),
    ("h2", "Cognition and Learning", ("E", None, CL)),
    ("bold", "Section F – Special Educational Provision", ("F", None, CL)),
]

ARCHETYPES = {
    "sequential_first_person": SEQUENTIAL,
    "per_area_tables": PER_AREA,
    "parts_numbering": PARTS,
    "two_column_strengths": TWO_COLUMN,
}


def build(spec) -> bytes:
    """Write a spec as a .docx with python-docx and return its bytes."""
    document = docx.Document()
    for kind, content, *_ in spec:
        _add(document, kind, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add(document, kind: str, content) -> None:
    if kind == "title":
        document.add_heading(content, level=0)
    elif kind in {"h1", "h2", "h3"}:
        document.add_heading(content, level=int(kind[1]))
    elif kind == "bold":
        document.add_paragraph().add_run(content).bold = True
    elif kind in {"bullet", "number"}:
        document.add_paragraph(content, style="List Bullet" if kind == "bullet" else "List Number")
    elif kind == "p":
        document.add_paragraph(content)
    else:
        _add_table(document, content)


def _add_table(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                table.cell(r - 1, c).merge(table.cell(r, c))
            else:
                table.cell(r, c).text = text


def expected(spec) -> list[tuple]:
    """Return (text, section, subsection, area) for every block and table row of a spec, in order."""
    rows = []
    for kind, content, where in spec:
        if kind == "table":
            rows += [(" | ".join(t for t in row if t is not None), *w) for row, w in zip(content, where)]
        else:
            rows.append((content, *where))
    return rows


def read(spec, name: str = "fixture.docx"):
    return read_legacy_docx(build(spec), source=name)


def placed(section_map) -> list[tuple]:
    return [(p.text, p.section, p.subsection, p.area) for p in section_map.placements]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_each_archetype_is_placed_exactly_with_its_own_profile(archetype):
    section_map = find_sections(read(ARCHETYPES[archetype]), load_profile(archetype))
    assert placed(section_map) == expected(ARCHETYPES[archetype])


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_each_archetype_is_placed_exactly_with_the_generic_profile(archetype):
    section_map = find_sections(read(ARCHETYPES[archetype]), load_profile("generic"))
    assert placed(section_map) == expected(ARCHETYPES[archetype])


def test_areas_are_found_by_label_whatever_their_order():
    spec = [("h1", "Section B", ("B", None, None)), ("h2", "Sensory and/or physical", ("B", None, SP)),
            ("h2", "SEMH", ("B", None, SEMH)), ("h2", "Cognition & Learning", ("B", None, CL))]
    assert placed(find_sections(read(spec), load_profile("generic"))) == expected(spec)


@pytest.mark.parametrize("label, section", [
    ("Section B", "B"), ("B – Special educational needs", "B"), ("(B) Needs", "B"), ("Part 3: About my needs", "B"),
    ("H2 Other social care", "H2"), ("4.1 Health Provision", "G"), ("Personal Budget", "J"),
    ("Zed's Special Educational Needs", "B"), ("Speshal educational provision", "F"),
])
def test_a_section_label_is_recognised_in_its_common_variants(label, section):
    section_map = find_sections(read([("h1", label, None)]), load_profile("generic"))
    assert section_map.placements[0].section == section


def test_a_capital_letter_starting_a_sentence_is_not_a_section_letter():
    spec = [("h1", "Section C", ("C", None, None)), ("bold", "A great start to the day", ("C", None, None))]
    assert placed(find_sections(read(spec), load_profile("generic"))) == expected(spec)


def test_how_a_label_matched_is_recorded_with_its_confidence():
    spec = [("h1", "SECTION B: Needs", None), ("h2", "4.2 Communication & Interaction:", None),
            ("h2", "Cognition and learning", None), ("p", "Some text.", None)]
    section_map = find_sections(read(spec), load_profile("generic"))
    assert [(p.method, p.confidence) for p in section_map.placements] == [
        ("letter", 0.98), ("normalised", 0.95), ("exact", 1.0), ("inherited", 1.0)]


def test_unknown_headings_and_what_sits_under_them_stay_unplaced_with_their_location():
    spec = [("h1", "Section B", None), ("h1", "Transport arrangements", None), ("p", "A taxi on Mondays.", None),
            ("h1", "Section C", None)]
    section_map = find_sections(read(spec), load_profile("generic"))
    assert [(p.text, p.section) for p in section_map.unplaced()] == [
        ("Transport arrangements", None), ("A taxi on Mondays.", None)]
    assert [str(p.location) for p in section_map.unplaced()] == [
        "word/document.xml: body › paragraph 2", "word/document.xml: body › paragraph 3"]
    assert section_map.placements[-1].section == "C"


def test_an_unknown_sub_heading_keeps_its_content_in_the_section():
    spec = [("h1", "Section B", None), ("h2", "Things we tried", None), ("p", "A reading buddy.", None)]
    section_map = find_sections(read(spec), load_profile("generic"))
    assert [(p.section, p.method) for p in section_map.placements] == [
        ("B", "letter"), (None, "unplaced"), ("B", "inherited")]


def test_a_health_or_social_care_outcomes_heading_closes_the_open_area_whatever_its_level():
    spec = [("h1", "Section E", ("E", None, None)), ("h2", "Cognition and learning", ("E", None, CL)),
            ("bullet", "By July, Ada will read a short story aloud.", ("E", None, CL)),
            ("h2", "Health outcomes", ("E", "health", None)),
            ("bullet", "By July, Ada will use her inhaler before PE.", ("E", "health", None)),
            ("h3", "Social care outcomes", ("E", "social_care", None)),
            ("bullet", "By July, Ada will go to a youth club.", ("E", "social_care", None))]
    assert placed(find_sections(read(spec), load_profile("generic"))) == expected(spec)


def test_a_sub_section_heading_above_the_areas_closes_the_open_area():
    spec = [("h1", "SECTION E: OUTCOMES", ("E", None, None)), ("h2", "Educational Outcomes", ("E", "education", None)),
            ("h3", "Cognition and learning", ("E", "education", CL)),
            ("h2", "Long term outcomes", ("E", "long_term", None)),
            ("p", "Ada will live independently.", ("E", "long_term", None))]
    assert placed(find_sections(read(spec), load_profile("sequential_first_person"))) == expected(spec)


def test_a_sub_section_label_below_an_area_heading_stays_in_the_area():
    spec = [("h1", "Section E", ("E", None, None)), ("h2", "Cognition and learning", ("E", None, CL)),
            ("bold", "Steps towards it this year:", ("E", "short_term", CL)),
            ("bullet", "By January, Ada will blend three-letter words.", ("E", "short_term", CL))]
    assert placed(find_sections(read(spec), load_profile("generic"))) == expected(spec)


def test_a_budget_tables_header_naming_another_sections_title_stays_in_j():
    spec = [("h1", "Section J: Personal budget", ("J", None, None)),
            ("table", [["Provision", "Amount", "Mechanism"],
                       ["Personal assistant", "£2,400 per year", "Direct payment"]],
             [("J", None, None)] * 2),
            ("h1", "Section K: Advice and information", ("K", None, None))]
    assert placed(find_sections(read(spec), load_profile("generic"))) == expected(spec)


def test_a_fifth_area_is_mapped_to_its_national_area_with_a_warning():
    spec = [("h1", "Section B", None), ("h2", "Self-care and independence", None), ("p", "Dressing after PE.", None)]
    section_map = find_sections(read(spec), load_profile("generic"))
    last = section_map.placements[-1]
    assert (last.section, last.area, last.extra_area) == ("B", SP, "self_care_and_independence")
    assert "fifth area" in last.warnings[0]
    assert [w.split(": '")[0] for w in section_map.warnings] == [
        "word/document.xml: body › paragraph 2", "word/document.xml: body › paragraph 3"]


def test_a_recognised_header_row_names_the_columns_of_the_rows_below():
    section_map = find_sections(read(PER_AREA), load_profile("per_area_tables"))
    provision = next(p for p in section_map.placements if p.text.startswith("Phonics"))
    assert provision.columns == ("provision", "who", "frequency", "which_need")


def test_nothing_is_dropped():
    document = read(SEQUENTIAL)
    section_map = find_sections(document, load_profile("generic"))
    rows = sum(len(b.rows) if hasattr(b, "rows") else 1 for b in document.body)
    assert len(section_map.placements) == rows


# --- the shared samples (skipped when absent) -------------------------------------------------------------------

SAMPLES = Path(os.environ.get("EHCP_LEGACY_SAMPLES",
                              Path(__file__).resolve().parents[3] / "shared" / "legacy-samples"))
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx")) if SAMPLES.is_dir() else []
AREA_KEYS = {"needs": "B", "strengths": "B", "outcomes": "E", "long_term_aims": "E", "short_term_steps": "E",
             "provision": "F"}
TAG = re.compile(r"\s*\((?:K\d|A|PR|TR|P|I|LEPS)\)\s*$")


def truth_expectations(truth) -> list[tuple[str, str, str | None]]:
    """(text, section, area) of each truth item with an unambiguous section: area needs, strengths, outcomes and
    provision; health needs/outcomes/provision; social care needs/outcomes/H1/H2; section A topics."""
    items = [(i, s, a) for a, block in truth["areas"].items() for k, s in AREA_KEYS.items() for i in block.get(k) or []]
    health, social = truth.get("health") or {}, truth.get("social_care") or {}
    items += [(i, s, None) for k, s in (("needs", "C"), ("outcomes", "E"), ("provision", "G")) for i in
              health.get(k) or []]
    items += [(i, s, None) for k, s in (("needs", "D"), ("outcomes", "E"), ("h1", "H1"), ("h2", "H2")) for i in
              social.get(k) or []]
    topics = ("history", "views", "interests", "aspirations", "parent_views", "admire", "communication")
    items += [(i, "A", None) for k in topics for i in truth["section_a"].get(k) or []]
    return [((i["text"] if isinstance(i, dict) else i), s, a) for i, s, a in items]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def truth_score(section_map, truth) -> tuple[int, int]:
    """Count the truth items found whole in at least one placement with the right section (and area)."""
    texts = [(squash(p.text), p) for p in section_map.placements]
    right = total = 0
    for text, section, area in truth_expectations(truth):
        probe = squash(TAG.sub("", text))
        total += 1
        right += any(probe in t and p.section == section and area in (None, p.area) for t, p in texts)
    return right, total


@pytest.mark.skipif(not SAMPLE_FILES, reason=f"no legacy samples in {SAMPLES}")
@pytest.mark.parametrize("use_generic", [False, True], ids=["detected-profile", "generic-profile"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_sample_places_at_least_95_percent_of_its_labelled_content_correctly(path, use_generic):
    document = read_legacy_docx(path.read_bytes(), source=path.name)
    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    profile = load_profile("generic") if use_generic else detect_profile(document)[0]
    right, total = truth_score(find_sections(document, profile), truth)
    print(f"{path.stem}: {profile.name} {right}/{total}")
    assert right / total >= 0.95
