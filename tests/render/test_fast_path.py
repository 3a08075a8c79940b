"""Compile once, render many: the fast path makes the same document as a fresh docxtpl ``DocxTemplate`` per plan."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from ehcp_standard.render import RenderOptions, load_logo, render_docx, render_docx_with_docxtpl, visible_text
from ehcp_standard.render.renderer import CompiledTemplate, compiled_template, template_bytes
from tests.strategies import plans

from .docs import EXAMPLE_NAMES, example, part, part_names, png, rendered

#: Parts both paths write from the template (core properties differ only in an empty dc:identifier docxtpl adds).
STORIES = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "customXml/item1.xml", "word/styles.xml")


def canonical(docx: bytes, name: str) -> bytes:
    return etree.tostring(part(docx, name), method="c14n")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_fast_path_writes_the_same_xml_as_plain_docxtpl(name):
    fast, plain = rendered(name), render_docx_with_docxtpl(example(name))
    assert sorted(part_names(fast)) == sorted(part_names(plain))
    for story in STORIES:
        assert canonical(fast, story) == canonical(plain, story), story
    assert visible_text(fast) == visible_text(plain)


def test_the_paths_agree_with_a_logo_and_a_council_name():
    options = RenderOptions(la_name="Kent County Council", logo=load_logo(png(120, 60)))
    plan = example("year10-pfa-direct-payment")
    fast, plain = render_docx(plan, options), render_docx_with_docxtpl(plan, options)
    assert canonical(fast, "word/header1.xml") == canonical(plain, "word/header1.xml")
    assert visible_text(fast) == visible_text(plain)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_paths_agree_on_generated_plans(plan):
    fast, plain = render_docx(plan), render_docx_with_docxtpl(plan)
    assert canonical(fast, "word/document.xml") == canonical(plain, "word/document.xml")
    assert visible_text(fast) == visible_text(plain)


def test_the_template_is_compiled_once_per_process():
    assert compiled_template() is compiled_template()
    assert template_bytes() is template_bytes()


def test_a_compiled_template_renders_many_plans_without_leaking_one_into_the_next():
    compiled = CompiledTemplate(template_bytes())
    first = compiled.render(example("primary-autism-final"))
    compiled.render(example("under5-health-social-care-draft"))
    assert compiled.render(example("primary-autism-final")) == first
