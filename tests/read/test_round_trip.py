"""Property: plan -> docx -> visible layout -> plan. The page gives back exactly what it can show
(``visible_form``), for any valid plan, hostile text included; and a plan in that form comes back exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from ehcp_standard.read import read_docx, visible_form
from ehcp_standard.render import render_docx
from tests.strategies import plans

ROUND_TRIP = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])


@ROUND_TRIP
@given(plans())
def test_the_visible_layout_gives_back_what_the_page_can_show_of_any_plan(plan):
    result = read_docx(render_docx(plan))
    assert result.plan == plan  # the embedded plan, exactly
    assert result.visible == visible_form(plan)
    assert not result.edited, [str(d) for d in result.differences if d.kind == "edited"]
    unknown = [str(w) for w in result.warnings if "not part of the layout" in w.message or "missing" in w.message]
    assert unknown == []  # every label, row and table the renderer prints is one the reader knows


@ROUND_TRIP
@given(plans())
def test_a_plan_the_page_can_fully_show_comes_back_exactly_from_the_visible_layout(plan):
    shown = visible_form(plan)
    assert visible_form(shown) == shown
    result = read_docx(render_docx(shown))
    assert result.visible == shown
    assert result.differences == ()


@ROUND_TRIP
@given(plans())
def test_without_the_embedded_part_the_plan_read_is_the_visible_one(plan):
    from .helpers import without_embedded_plan

    result = read_docx(without_embedded_plan(render_docx(plan)))
    assert result.embedded is None
    assert result.plan == visible_form(plan)
