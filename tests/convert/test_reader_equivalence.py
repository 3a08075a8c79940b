"""The legacy reader keeps what it read from a styles part for the next document with the very same part (a council's
plans share one template): a document must read exactly the same whether its styles part was seen before or not,
and two different styles parts must never be taken for one another."""

from __future__ import annotations

import pytest

from ehcp_standard.convert import Heading, read_legacy_docx
from ehcp_standard.convert import _styles as styles_module
from ehcp_standard.errors import UnsafeDocumentError

from .docx_fixtures import NS, STYLES, make_docx, p, r, tbl, tc, tr

_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"


@pytest.fixture(autouse=True)
def no_kept_styles(monkeypatch):
    monkeypatch.setattr(styles_module, "_kept", {})


def _with_styles(body: str, styles_xml: str) -> bytes:
    return make_docx(body, styles=False, extra_parts={"word/styles.xml": (_STYLES_TYPE, styles_xml.encode())},
                     extra_rels=[("rIdStyles", "styles", "styles.xml")])


def _heading_style_named(name: str) -> str:
    """A styles part whose style "Custom" is named ``name``; parts made with names of one length differ only there."""
    return (f'<w:styles {NS}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            f'</w:style><w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="{name}"/></w:style>'
            + '<w:style w:type="character" w:styleId="Spare"><w:name w:val="Spare"/></w:style>' * 20
            + "</w:styles>")


_BODY = (p("Section A: views", style="Heading1") + p("Sam likes trains.", rpr="<w:b/>")
         + p("A bullet", style="ListBullet") + tbl(tr(tc(p("Label", style="Label")), tc("Value"))))


def test_a_document_reads_the_same_whether_its_styles_part_was_seen_before_or_not(monkeypatch):
    data = make_docx(_BODY)
    first = read_legacy_docx(data, source="a.docx")
    again = read_legacy_docx(data, source="a.docx")
    monkeypatch.setattr(styles_module, "_KEPT_PARTS", 0)
    fresh = read_legacy_docx(data, source="a.docx")
    assert first == again == fresh
    assert isinstance(first.body[0], Heading)


def test_two_styles_parts_of_one_size_and_ending_are_never_confused():
    one, two = _heading_style_named("heading 1"), _heading_style_named("heading 2")
    assert len(one) == len(two) and one[-256:] == two[-256:]
    body = p("Needs", style="Custom")
    assert read_legacy_docx(_with_styles(body, one)).body[0].level == 1
    assert read_legacy_docx(_with_styles(body, two)).body[0].level == 2
    assert read_legacy_docx(_with_styles(body, one)).body[0].level == 1


def test_only_a_few_styles_parts_are_kept():
    for number in range(styles_module._KEPT_PARTS + 3):
        read_legacy_docx(_with_styles(p("Text"), STYLES.replace("</w:styles>", " " * number + "</w:styles>")))
    assert len(styles_module._kept) == styles_module._KEPT_PARTS


def test_a_styles_part_with_a_doctype_is_refused_every_time():
    hostile = '<!DOCTYPE w:styles [<!ENTITY a "aaaa">]>' + STYLES
    for _ in range(2):
        with pytest.raises(UnsafeDocumentError):
            read_legacy_docx(_with_styles(p("Text"), hostile))
    assert styles_module._kept == {}


def test_run_styles_and_the_default_style_come_from_the_kept_part_as_from_a_fresh_one(monkeypatch):
    body = p("Title", style="Title") + "<w:p>" + r("secret", rpr='<w:rStyle w:val="Secret"/>') + r("shown") + "</w:p>"
    kept = [read_legacy_docx(make_docx(body)) for _ in range(2)]
    monkeypatch.setattr(styles_module, "_KEPT_PARTS", 0)
    assert kept[0] == kept[1] == read_legacy_docx(make_docx(body))
    assert [block.text for block in kept[1].body] == ["Title", "shown"]
