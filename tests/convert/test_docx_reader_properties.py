"""Properties of the legacy reader on random documents: every visible text is read once, in order, and nothing
deleted leaks in — whatever the nesting of tables, content controls and tracked changes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehcp_standard.convert import read_legacy_docx

from .docx_fixtures import make_docx, r, sdt, tbl, tc, tr

TEXT = st.text(alphabet="abcdefghij XYZ0123,'", min_size=1, max_size=30).filter(lambda t: t.strip())


@st.composite
def paragraphs(draw):
    """Return (xml, texts, deleted) for one paragraph of plain, inserted, controlled and deleted runs."""
    pieces = draw(st.lists(st.tuples(st.sampled_from(["plain", "ins", "sdt", "del"]), TEXT), min_size=1, max_size=4))
    xml, shown, deleted = "", "", []
    for kind, text in pieces:
        if kind == "del":
            xml += (f'<w:del w:id="1" w:author="A"><w:r><w:delText xml:space="preserve">DEL{text}</w:delText>'
                    "</w:r></w:del>")
            deleted.append(f"DEL{text}")
            continue
        run = r(text)
        xml += {"plain": run, "ins": f'<w:ins w:id="2" w:author="A">{run}</w:ins>', "sdt": sdt(run)}[kind]
        shown += text
    return f"<w:p>{xml}</w:p>", ([shown] if shown.strip() else []), deleted


def tables(blocks):
    @st.composite
    def build(draw):
        columns = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(blocks, min_size=columns, max_size=columns), min_size=1, max_size=3))
        xml = tbl(*(tr(*(tc(cell[0] or "<w:p/>") for cell in row)) for row in rows), columns=columns)
        texts = [t for row in rows for cell in row for t in cell[1]]
        deleted = [d for row in rows for cell in row for d in cell[2]]
        return xml, texts, deleted
    return build()


BLOCKS = st.recursive(paragraphs(), tables, max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCKS, min_size=1, max_size=5))
def test_every_visible_text_is_read_once_in_order_and_deleted_text_never(blocks):
    body = "".join(xml for xml, _, _ in blocks)
    document = read_legacy_docx(make_docx(body), source="random.docx")
    assert document.all_text() == [t for _, texts, _ in blocks for t in texts]
    assert sorted(d.text for d in document.deletions) == sorted(d for _, _, deleted in blocks for d in deleted)
    assert document.warnings == ()
