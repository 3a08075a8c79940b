"""Nothing is lost: every string of a plan, however hostile (``& < > " '``, template syntax, emoji, right-to-left
and accented text, tabs and line breaks), appears in the rendered document's visible text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ehcp_standard.render import render_docx, visible_text
from ehcp_standard.render.text import paragraphs, xml_text
from tests.strategies import HOSTILE_FRAGMENTS, hostile_text, plans

from .docs import EXAMPLE_NAMES, example, expected_strings, rendered

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def missing_strings(plan, docx: bytes) -> list[tuple[str, str]]:
    shown = visible_text(docx)
    return [(where, text) for where, text in expected_strings(plan) if text not in shown]


def test_every_string_of_every_example_is_shown():
    for name in EXAMPLE_NAMES:
        assert missing_strings(example(name), rendered(name)) == [], name


@SETTINGS
@given(plans())
def test_every_string_of_a_generated_plan_is_shown(plan):
    assert missing_strings(plan, render_docx(plan)) == []


@SETTINGS
@given(st.lists(st.sampled_from(HOSTILE_FRAGMENTS), min_size=1, max_size=6).map("".join))
def test_hostile_fragments_in_a_name_survive_exactly(fragment):
    plan = example("primary-autism-final")
    name = plan.personal_details.name.model_copy(update={"forename": fragment})
    details = plan.personal_details.model_copy(update={"name": name})
    shown = visible_text(render_docx(plan.model_copy(update={"personal_details": details})))
    assert fragment in shown.splitlines()


def test_a_value_like_tom_and_jerry_bold_loses_nothing():
    plan = example("primary-autism-final")
    text = "Tom & Jerry <b>bold</b> {{ name }} {_{ x }_} \"quoted\" 'single'"
    shown = visible_text(render_docx(plan.model_copy(update={"shorter_term_targets": text})))
    assert text in shown.splitlines()


@SETTINGS
@given(hostile_text())
def test_xml_text_is_well_formed_inside_a_run(text):
    run = f'<w:r xmlns:w="urn:w"><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
    etree.fromstring(run)  # raises if the escaped text is not well-formed


def test_paragraphs_split_lines_keep_blank_lines_and_recognise_bullets():
    found = paragraphs("First line\r\n- a bullet\n\n• another\u2028  - not a bullet")
    assert [(str(p.text), p.bullet) for p in found] == [
        ("First line", False), ("a bullet", True), ("", False), ("• another", False), ("  - not a bullet", False),
    ]


def test_an_absent_text_is_one_empty_paragraph():
    assert [(str(p.text), p.bullet) for p in paragraphs(None)] == [("", False)]


def test_escaping_covers_markup_braces_and_tabs():
    assert str(xml_text("a & <b> {{x}}\tz")) == (
        'a &amp; &lt;b&gt; &#123;&#123;x&#125;&#125;</w:t><w:tab/><w:t xml:space="preserve">z'
    )
