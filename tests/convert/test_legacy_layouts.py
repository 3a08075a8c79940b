"""The fictional legacy plans of ``legacy_layouts``: every layout, plain, with its council's quirks and with every
quirk, reads with the legacy reader, is detected as its profile, and has each need, outcome and provision found in
the section and area its truth names. Generation is deterministic; its speed is printed, never asserted."""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from ehcp_standard.convert import Flag, Table, block_texts, read_legacy_docx
from ehcp_standard.convert.profile import detect_profile, load_profile
from ehcp_standard.convert.sections import find_sections
from ehcp_standard.model.identifiers import check_nhs_number, check_upn
from ehcp_standard.model.la_codes import current_local_authorities

from .legacy_layouts import (
    ARCHETYPE_QUIRKS,
    AREAS,
    LAYOUTS,
    NO_NEEDS,
    PROFILE_OF,
    QUIRKS,
    build_docx,
    corpus,
    corpus_entries,
    fictional_plan,
    truth,
)
from .truth_scoring import missing_in_order

QUIRK_SETS = ("plain", "archetype", "every-quirk")


def quirks_for(layout: str, quirk_set: str) -> frozenset[str]:
    return {"plain": frozenset(), "archetype": ARCHETYPE_QUIRKS[layout], "every-quirk": QUIRKS}[quirk_set]


def first_seed(predicate) -> int:
    """The first seed whose plan satisfies ``predicate``: fixtures chosen by what they contain, not by number."""
    return next(seed for seed in range(500) if predicate(fictional_plan(seed)))


#: A plan with everything: health and social care provision (H1 and H2), an area with no needs, a vague item.
RICH = first_seed(lambda p: p.health_provision and p.h1 and p.h2 and any(a.no_needs_text for a in p.areas)
                  and any(not i.quantified for a in p.areas for i in a.provision))
#: A draft plan, with no health or social care needs.
DRAFT = first_seed(lambda p: p.status == "draft" and not p.health_needs and not p.social_care_needs)
SEEDS = (0, 1, RICH, DRAFT)


@cache
def generated(layout: str, seed: int, quirk_set: str):
    """(BlockDocument, truth) of one generated plan, read once per test session."""
    plan, quirks = fictional_plan(seed), quirks_for(layout, quirk_set)
    data = build_docx(plan, layout, quirks=quirks)
    return read_legacy_docx(data, source=f"{layout}-{seed}.docx"), truth(plan, layout, quirks)


@cache
def section_map(layout: str, seed: int, quirk_set: str):
    document, _ = generated(layout, seed, quirk_set)
    return find_sections(document, detect_profile(document)[0])


CASES = [pytest.param(layout, seed, quirk_set, id=f"{layout}-{seed}-{quirk_set}")
         for layout in LAYOUTS for seed in SEEDS for quirk_set in QUIRK_SETS]


def expectations(expected: dict) -> list[tuple[str, str, str | None, dict | None]]:
    """(text, section, area, provision item) of every need, outcome and provision in a truth: area strengths, needs
    and the no-needs statement in B, outcomes in E, provision in F; health in C/E/G; social care in D/E/H1/H2."""
    items = []
    for key, block in expected["areas"].items():
        items += [(text, "B", key, None) for text in block["strengths"] + block["needs"]]
        items += [(block["no_needs_text"], "B", key, None)] if block["no_needs_text"] else []
        items += [(text, "E", key, None) for k in ("outcomes", "short_term_steps", "long_term_aims")
                  for text in block[k]]
        items += [(item["text"], "F", key, item) for item in block["provision"]]
    health, social = expected["health"], expected["social_care"]
    items += [(text, "C", None, None) for text in health["needs"]]
    items += [(text, "E", None, None) for text in health["outcomes"] + social["outcomes"]]
    items += [(item["text"], "G", None, item) for item in health["provision"]]
    items += [(text, "D", None, None) for text in social["needs"]]
    items += [(item["text"], letter.upper(), None, item) for letter in ("h1", "h2") for item in social[letter]]
    return items


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- every layout reads, is detected, and places its content --------------------------------------------------


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_the_plan_reads_without_warnings_and_is_detected_as_its_profile(layout, seed, quirk_set):
    document, _ = generated(layout, seed, quirk_set)
    assert [str(w) for w in document.warnings] == []
    profile, score, evidence = detect_profile(document)
    assert profile.name == PROFILE_OF[layout], (score, evidence)


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_every_need_outcome_and_provision_of_the_truth_is_read(layout, seed, quirk_set):
    document, expected = generated(layout, seed, quirk_set)
    text = "\n".join(document.all_text(furniture=False))
    fields = [item[k] for *_, item in expectations(expected) if item for k in ("who", "frequency", "duration")
              if item[k]]
    assert [t for t, *_ in expectations(expected) if t not in text] == []
    assert [f for f in fields if f not in text] == []


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_each_need_outcome_and_provision_is_placed_in_its_section_and_area(layout, seed, quirk_set):
    placements = [(squash(p.text), p) for p in section_map(layout, seed, quirk_set).placements]
    wrong = []
    for text, section, area, _ in expectations(generated(layout, seed, quirk_set)[1]):
        probe = squash(text)
        if not any(probe in t and p.section == section and area in (None, p.area) for t, p in placements):
            found = [(p.section, p.area) for t, p in placements if probe in t]
            wrong.append((text[:60], section, area, found))
    assert wrong == []


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_section_a_is_placed_in_section_a(layout, seed, quirk_set):
    placements = [(squash(p.text), p.section) for p in section_map(layout, seed, quirk_set).placements]
    texts = [t for topic in generated(layout, seed, quirk_set)[1]["section_a"].values() for t in topic]
    assert [t for t in texts if not any(squash(t) in text and section == "A" for text, section in placements)] == []


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_a_provision_item_is_one_row_with_its_provider_frequency_duration_ratio_and_need(layout, seed, quirk_set):
    placements = [squash(p.text) for p in section_map(layout, seed, quirk_set).placements if p.kind == "row"]
    # a need cell merged down over several provision rows shows on the first of them only
    keys = ("text", "who", "frequency", "duration", "ratio") + (() if "merged_cells" in quirks_for(layout, quirk_set)
                                                                else ("need",))
    loose = []
    for text, *_, item in expectations(generated(layout, seed, quirk_set)[1]):
        parts = [squash(item[k]) for k in keys if item and item[k]]
        if item and not any(all(part in row for part in parts) for row in placements):
            loose.append(text[:60])
    assert loose == []


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
@pytest.mark.parametrize("key", ["all_text_paragraphs", "template_labels", "placeholders"])
def test_every_visible_text_of_the_truth_is_read_in_document_order(layout, seed, quirk_set, key):
    document, expected = generated(layout, seed, quirk_set)
    assert missing_in_order(expected[key], document.all_text(furniture=False)) == []


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_the_truth_accounts_for_every_visible_body_text_once(layout, seed, quirk_set):
    document, expected = generated(layout, seed, quirk_set)
    read = Counter(document.all_text(furniture=False))
    labels = set(expected["template_labels"])
    written = Counter(t for t in expected["all_text_paragraphs"] + expected["placeholders"] if t not in labels)
    unexplained = [t for t in read if t not in labels and not any(t.startswith(label) for label in labels)
                   and t not in written]
    assert unexplained == []
    assert {t: read[t] for t in written if read[t] > written[t]} == {}


@pytest.mark.parametrize(("layout", "seed", "quirk_set"), CASES)
def test_tracked_changes_page_furniture_and_placeholders_match_the_truth(layout, seed, quirk_set):
    document, expected = generated(layout, seed, quirk_set)
    assert sorted(d.text for d in document.deletions) == sorted(expected["deleted_text"])
    inserted = [s.text for b in document.iter_blocks() for s in getattr(b, "segments", ())
                if Flag.TRACKED_INSERTION in s.flags]
    assert inserted == expected["inserted_text"]
    furniture = [text for block in document.headers_footers for text in block_texts(block)]
    assert missing_in_order(expected["page_furniture"], furniture) == []
    flagged = [s.text for b in document.iter_blocks() for s in getattr(b, "segments", ()) if not s.is_content]
    assert flagged == expected["placeholders"]


# --- each quirk shows in the document read ---------------------------------------------------------------------


def _segments(document):
    return [s for b in document.iter_blocks() for s in getattr(b, "segments", ())]


QUIRK_EVIDENCE = {
    "merged_cells": lambda d: any(c.merged_from is not None or c.grid_span > 1
                                  for b in d.iter_blocks() if isinstance(b, Table) for r in b.rows for c in r.cells),
    "nested_table": lambda d: any(isinstance(inner, Table) for b in d.body if isinstance(b, Table) for r in b.rows
                                  for c in r.cells for inner in c.blocks),
    "tracked_changes": lambda d: bool(d.deletions) and any(Flag.TRACKED_INSERTION in s.flags for s in _segments(d)),
    "content_controls": lambda d: any(Flag.CONTENT_CONTROL in s.flags for s in _segments(d)),
    "merge_field": lambda d: any(Flag.MERGE_FIELD in s.flags for s in _segments(d)),
    "placeholder": lambda d: any(Flag.PLACEHOLDER in s.flags for s in _segments(d)),
    "headers_footers": lambda d: bool(d.headers_footers),
    "typed_bullets": lambda d: any(Flag.TYPED_MARKER in getattr(b, "flags", ()) for b in d.iter_blocks()),
    "line_breaks": lambda d: any("\n" in getattr(b, "text", "") for b in d.iter_blocks() if not isinstance(b, Table)),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("quirk", sorted(QUIRKS))
def test_each_quirk_alone_shows_in_the_document_and_is_absent_without_it(layout, quirk):
    plan = fictional_plan(RICH)
    with_quirk = read_legacy_docx(build_docx(plan, layout, quirks=frozenset({quirk})))
    plain = read_legacy_docx(build_docx(plan, layout))
    assert QUIRK_EVIDENCE[quirk](with_quirk)
    assert not QUIRK_EVIDENCE[quirk](plain)
    assert with_quirk.warnings == ()


def test_the_quirk_evidence_covers_every_quirk():
    assert set(QUIRK_EVIDENCE) == QUIRKS


# --- gaps found by the generated layouts, now closed ------------------------------------------------------------


def test_a_provision_table_nested_beside_its_label_is_placed_as_a_content_row():
    plan = fictional_plan(RICH)
    document = read_legacy_docx(build_docx(plan, "sequential_first_person", quirks=frozenset({"nested_table"})))
    placements = find_sections(document, load_profile("sequential_first_person")).placements
    placement = next(p for p in placements if plan.health_provision[0].text in p.text)
    assert (placement.section, placement.kind) == ("G", "row")


HEALTH_OUTCOMES = first_seed(lambda p: p.health_outcomes and p.social_care_outcomes)


# 'Health Outcomes' (Suffolk H2, Essex H2) or 'Health and social care outcomes' (York H3) at the level of the area
# headings or above: the outcomes below it were once placed in the last educational area.
@pytest.mark.parametrize("layout", ["sequential_first_person", "parts_numbering", "outcomes_before_needs"])
def test_health_and_social_care_outcomes_under_their_own_heading_have_no_area(layout):
    plan = fictional_plan(HEALTH_OUTCOMES)
    document = read_legacy_docx(build_docx(plan, layout))
    placements = find_sections(document, load_profile(PROFILE_OF[layout])).placements
    for text in plan.health_outcomes + plan.social_care_outcomes:
        placement = next(p for p in placements if text in p.text)
        assert (placement.section, placement.area) == ("E", None)


# --- the plans and the truth -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(0, 200, 7))
def test_a_fictional_plan_has_valid_identifiers_and_only_fictional_contacts(seed):
    plan = fictional_plan(seed)
    assert check_upn(plan.upn) and plan.upn[1:4] == plan.la_code
    assert check_nhs_number(plan.nhs_number) and plan.nhs_number.startswith("999")
    assert current_local_authorities()[plan.la_code].name == plan.la_name
    assert all(re.fullmatch(r"07700 900\d{3}", person.phone) for person in plan.parents)
    assert re.fullmatch(r"01632 960\d{3}", plan.caseworker_phone)
    assert all(re.search(r"@example\.(com|org|net)$", e) for e in [plan.caseworker_email] +
               [person.email for person in plan.parents])
    assert re.fullmatch(r"9\d{5}", plan.setting.urn)
    assert plan.review_date > plan.issue_date > plan.dob


@pytest.mark.parametrize("seed", range(0, 200, 7))
def test_a_plan_covers_two_to_four_areas_with_needs_and_links_each_provision_to_a_need(seed):
    plan = fictional_plan(seed)
    with_needs = [area for area in plan.areas if area.needs]
    assert 2 <= len(with_needs) <= 4
    assert all(area.no_needs_text == NO_NEEDS and not area.provision for area in plan.areas if not area.needs)
    assert [a.key for a in plan.areas] == sorted((a.key for a in plan.areas), key=AREAS.index)
    for area in with_needs:
        assert len(area.outcomes) == len(area.short_term_steps) == len(area.needs)
        assert {item.need for item in area.provision} <= {need.title for need in area.needs}
    assert (plan.placement is None) == (plan.status == "draft")


def test_plans_vary_with_the_seed():
    plans = [fictional_plan(seed) for seed in range(50)]
    assert len({p.name for p in plans}) > 30
    assert len({need.description for p in plans for a in p.areas for need in a.needs}) > 40
    assert len({p.la_code for p in plans}) > 30
    assert {p.status for p in plans} == {"final", "draft"}


SAMPLES = Path(os.environ.get("EHCP_LEGACY_SAMPLES",
                              Path(__file__).resolve().parents[3] / "shared" / "legacy-samples"))
SAMPLE_TRUTHS = sorted(SAMPLES.glob("*__*.truth.json")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLE_TRUTHS, reason=f"no legacy samples in {SAMPLES}")
@pytest.mark.parametrize("layout", LAYOUTS[:4])
def test_the_truth_has_the_shape_of_the_shared_samples_truth(layout):
    sample = json.loads(next(p for p in SAMPLE_TRUTHS if p.name.startswith(layout)).read_text(encoding="utf-8"))
    mine = truth(fictional_plan(RICH), layout, ARCHETYPE_QUIRKS[layout])
    assert set(mine) >= {"child", "plan", "la_code", "areas", "health", "social_care", "placement", "advice",
                         "all_text_paragraphs", "template_labels", "placeholders", "page_furniture", "deleted_text",
                         "inserted_text"}
    sample_area = next(iter(sample["areas"].values()))
    for block in mine["areas"].values():
        assert set(block) == set(sample_area)
        assert all(set(item) == set(sample_area["provision"][0]) for item in block["provision"])
    assert set(mine["child"]) <= set(sample["child"])
    assert set(mine["advice"][0]) == set(sample["advice"][0])


def test_truth_states_only_what_the_layout_shows():
    plan = fictional_plan(RICH)
    york, leicestershire = truth(plan, "parts_numbering"), truth(plan, "per_area_tables")
    area = next(key for key, block in york["areas"].items() if block["provision"])
    assert york["areas"][area]["long_term_aims"] == [] and york["areas"][area]["short_term_steps"]
    assert leicestershire["areas"][area]["long_term_aims"] and leicestershire["areas"][area]["short_term_steps"] == []
    assert all(item["need"] is None for item in york["areas"][area]["provision"])
    assert all(item["need"] for item in leicestershire["areas"][area]["provision"])


def test_unknown_layouts_and_quirks_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="per_area_tables"):
        build_docx(fictional_plan(0), "kent_appendices")
    with pytest.raises(ValueError, match="watermark"):
        build_docx(fictional_plan(0), "per_area_tables", quirks=frozenset({"watermark"}))


# --- determinism, the corpus and speed -----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_seed_gives_identical_bytes_and_another_seed_does_not(layout):
    first = build_docx(fictional_plan(5), layout, quirks=QUIRKS)
    assert build_docx(fictional_plan(5), layout, quirks=QUIRKS) == first
    assert build_docx(fictional_plan(6), layout, quirks=QUIRKS) != first
    assert fictional_plan(5) == fictional_plan(5)


def test_a_corpus_rotates_the_layouts_and_is_deterministic():
    entries = list(corpus(12, seed=3))
    assert [name for name, _ in entries][:6] == [f"{layout}-{i:05d}.docx" for i, layout in enumerate(LAYOUTS)] + [
        f"{LAYOUTS[0]}-00005.docx"]
    assert entries == list(corpus(12, seed=3))
    assert entries != list(corpus(12, seed=4))
    assert len({data for _, data in entries}) == 12
    entry = next(corpus_entries(1, seed=3))
    assert entry.quirks == ARCHETYPE_QUIRKS[entry.layout] and entry.build() == entries[0][1]


def test_generation_speed_is_printed_for_the_benchmark(capsys):
    count = 250
    start = time.perf_counter()
    size = sum(len(data) for _, data in corpus(count, seed=11))
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nlegacy_layouts: {count} plans in {elapsed:.2f} s = {1000 * elapsed / count:.2f} ms/plan, "
              f"{size / count / 1024:.1f} KiB each")
