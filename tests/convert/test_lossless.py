"""Lossless by construction, and in the right place: every generated legacy layout, plain, with its council's
quirks and with each Word quirk alone, converts with every need, outcome and provision item in its section and area
of need, and every visible content paragraph in the plan (in its standard place or carried over).

The fixtures come from :mod:`tests.convert.legacy_layouts` (built in code; the truth is recorded while the file is
written). Scoring is :mod:`tests.convert.truth_scoring`, the same code the samples benchmark uses.
"""

from __future__ import annotations

import json

import pytest

from ehcp_standard.convert.convert import ConvertOptions, convert_docx
from ehcp_standard.convert.draft import squash

from .legacy_layouts import ARCHETYPE_QUIRKS, LAYOUTS, PROFILE_OF, QUIRKS, build_docx, fictional_plan, truth
from .truth_scoring import placement, retention

CASES = (
    [(layout, "plain", frozenset()) for layout in LAYOUTS]
    + [(layout, "archetype", ARCHETYPE_QUIRKS[layout]) for layout in LAYOUTS]
    + [(layout, quirk, frozenset({quirk})) for layout in LAYOUTS for quirk in sorted(QUIRKS)]
)


def _convert(layout: str, quirks: frozenset[str], seed: int):
    plan = fictional_plan(seed)
    data = build_docx(plan, layout, quirks=quirks)
    # the council converting its own plans says which it is (the generated plans name it only in page headers)
    options = ConvertOptions(check=False, la_code=plan.la_code)
    conversion = convert_docx(data, source=f"{layout}-{seed}.docx", options=options)
    assert conversion.plan.metadata.la_code == plan.la_code
    return data, conversion, truth(plan, layout, quirks)


@pytest.mark.parametrize(("layout", "name", "quirks"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
@pytest.mark.parametrize("seed", [3, 11])
def test_every_item_lands_in_its_section_and_area(layout, name, quirks, seed):
    _, conversion, expected = _convert(layout, quirks, seed)
    assert conversion.report.profile == PROFILE_OF[layout]
    results = placement(json.loads(conversion.plan.to_json()), expected)
    assert results, "the truth names no item: the fixture is empty"
    misses = [(category, text[:60], where) for category, text, ok, where in results if not ok]
    assert misses == []


@pytest.mark.parametrize(("layout", "name", "quirks"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
@pytest.mark.parametrize("seed", [5])
def test_every_visible_paragraph_is_in_the_plan(layout, name, quirks, seed):
    data, conversion, expected = _convert(layout, quirks, seed)
    kept, total, lost = retention(data, conversion.source, conversion, expected)
    assert total > 50 and kept == total
    assert lost == []
    # tracked deletions and page furniture are not content: none of it is carried into the plan
    plan_text = squash(conversion.plan.to_json())
    for deleted in expected.get("deleted_text") or ():
        assert squash(deleted) not in plan_text
    for furniture in expected.get("page_furniture") or ():
        if len(furniture) > 12 and not any(squash(furniture) in squash(t) for t in expected["all_text_paragraphs"]):
            assert not any(squash(furniture) == squash(c.text) for c in conversion.plan.carried_over)


def test_the_carried_over_content_names_where_each_item_came_from():
    _, conversion, _ = _convert("sequential_first_person", ARCHETYPE_QUIRKS["sequential_first_person"], 7)
    for item in conversion.plan.carried_over:
        assert item.source.file == "sequential_first_person-7.docx"
        assert item.source.location.startswith("word/")
        assert item.reason
    assert conversion.report.carried_over == len(conversion.plan.carried_over)
