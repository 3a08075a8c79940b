"""The reader's copy of the layout contract matches what the renderer prints: labels, headings, bookmarks and
captions. (The reader never imports the renderer; this test compares the two. The fixed sentences have one copy,
``ehcp_standard._wording``, which both import.)"""

from __future__ import annotations

from ehcp_standard.ooxml import open_package
from ehcp_standard.read import contract
from ehcp_standard.read.details import A2, CONTACT_ROWS, PERSONAL_DETAILS, PLAN_DETAILS, SERVICES, SIGN_OFF
from ehcp_standard.read.embedded import PLAN_NAMESPACE
from ehcp_standard.read.visible import BLOCK_TABLES, HEADING_BLOCKS
from ehcp_standard.read.warnings import Warnings
from ehcp_standard.read.wordml import Paragraph, Table, read_body
from ehcp_standard.render import PLAN_NAMESPACE as RENDERED_NAMESPACE
from ehcp_standard.render import (
    context_sections,
    layout,
    layout_sections,
    render_docx,
)

from .helpers import example, rendered
from .test_projection import plan


def test_the_section_names_and_namespace_are_the_renderers():
    assert contract.SECTION_NAMES == {key.value: name for key, name in context_sections.SECTION_NAMES.items()}
    assert PLAN_NAMESPACE == RENDERED_NAMESPACE


def test_the_row_labels_are_the_templates():
    assert [spec.label for spec in PLAN_DETAILS] == [label for label, _, _ in layout.COVER_ROWS]
    assert [spec.label for spec in PERSONAL_DETAILS] == [label for label, _, _ in layout.PERSON_ROWS]
    assert [spec.label for spec in SERVICES] == [label for label, _, _ in layout.SERVICE_ROWS]
    assert [spec.label for spec in A2] == [label for label, _, _ in layout.A2_ROWS]
    assert [spec.label for spec in SIGN_OFF] == [label for label, _, _ in layout_sections.SIGN_OFF_ROWS]
    assert list(CONTACT_ROWS) == [label for label, _ in layout.CONTACT_FIELDS]


def _everything_rendered() -> bytes:
    """A plan that shows every block of the layout, the appendices included."""
    source = example("primary-autism-final").model_dump(mode="json", exclude_none=True)
    source["carried_over"] = [{"text": "Old text.", "source": {"location": "paragraph 3"}}]
    source["extensions"] = {"leeds": {"panel": "A"}}
    source["metadata"]["history"] = []
    source["metadata"]["events"] = [{"type": "review_meeting", "date": "2026-01-10"}]
    return render_docx(plan(**source))


def test_every_heading_bookmark_and_caption_of_the_layout_is_known_to_the_reader():
    package = open_package(_everything_rendered())
    blocks = read_body(package.xml(package.main_document), package.main_document, Warnings())
    current: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.style in contract.HEADINGS:
            [bookmark] = [b for b in block.bookmarks if b.startswith("ehcp_")]
            name = bookmark.removeprefix("ehcp_")
            assert HEADING_BLOCKS[block.text] == name
            current = list(BLOCK_TABLES.get(name, ()))
        elif isinstance(block, Table):
            assert block.caption == f"ehcp:{current.pop(0)}"


def test_an_example_document_has_every_table_the_reader_looks_for():
    package = open_package(rendered("year10-pfa-direct-payment"))
    blocks = read_body(package.xml(package.main_document), package.main_document, Warnings())
    captions = {block.caption for block in blocks if isinstance(block, Table)}
    wanted = {f"ehcp:{name}" for names in BLOCK_TABLES.values() for name in names}
    assert wanted - captions == {"ehcp:carried_over", "ehcp:extensions"}
