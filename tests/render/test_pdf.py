"""A real word processor opens our files: every example converts to PDF with LibreOffice, and pdftotext finds
each section's content in it. Skipped, saying why, where LibreOffice or poppler-utils is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ehcp_standard.errors import PdfConversionError
from ehcp_standard.render import convert_to_pdf, extract_embedded_plan, find_soffice
from ehcp_standard.render import pdf as pdf_module
from ehcp_standard.render.pdf import convert_with_libreoffice

from .docs import EXAMPLE_NAMES, example, rendered
from .test_layout import OUTLINE

needs_tools = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed: apt-get install "
    "libreoffice-writer-nogui poppler-utils",
)


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, str]:
    """Every example rendered and converted to PDF, four at a time (each run has its own LibreOffice profile)."""
    folder = tmp_path_factory.mktemp("pdf")

    def convert(name: str) -> tuple[str, str]:
        source = folder / f"{name}.docx"
        source.write_bytes(rendered(name))
        pdf = convert_to_pdf(source, folder / "out")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return name, " ".join(text.split())

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(convert, EXAMPLE_NAMES))


def flat(text: str) -> str:
    return " ".join(text.split())


@needs_tools
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_section_heading_is_in_the_pdf(pdf_texts, name):
    for _, heading in OUTLINE:
        assert flat(heading) in pdf_texts[name], heading


@needs_tools
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_sections_content_is_in_the_pdf(pdf_texts, name):
    plan, text = example(name), pdf_texts[name]
    ids = [n.id for _, _, n in plan.needs()] + [p.id for _, _, p in plan.provision()]
    ids += [o.id for _, o in plan.outcomes()]
    ids += [e.id for e in (plan.advice.entries if plan.advice else ())]
    for item_id in ids:
        assert re.search(rf"(?<![\w-]){re.escape(item_id)}(?![\w-])", text), item_id
    assert flat(plan.personal_details.name.surname) in text
    assert flat(plan.section_a.a1.history.splitlines()[0][:60]) in text
    assert flat(plan.sign_off.officer_name) in text
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text


@needs_tools
def test_the_draft_pdf_is_marked_draft_and_names_no_placement(pdf_texts):
    text = pdf_texts["under5-health-social-care-draft"]
    assert "DRAFT PLAN" in text and "s.38(5)" in text


@needs_tools
def test_a_plan_re_saved_by_libreoffice_still_carries_its_json(tmp_path):
    source = tmp_path / "theo.docx"
    source.write_bytes(rendered("primary-autism-final"))
    resaved = convert_with_libreoffice(source, tmp_path / "resaved", "docx:MS Word 2007 XML")
    assert extract_embedded_plan(resaved.read_bytes()) == example("primary-autism-final").to_json()


def test_a_missing_libreoffice_gets_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    source = tmp_path / "plan.docx"
    source.write_bytes(rendered(EXAMPLE_NAMES[0]))
    with pytest.raises(PdfConversionError, match="LibreOffice is needed to make a PDF"):
        convert_to_pdf(source)


def test_a_failing_conversion_reports_libreoffices_message(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 81\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(fake))
    with pytest.raises(PdfConversionError, match="exit status 81.*could not be loaded"):
        convert_to_pdf(tmp_path / "plan.docx")


def test_a_conversion_that_hangs_times_out(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: str(fake))
    with pytest.raises(PdfConversionError, match="took more than 0.5 seconds"):
        convert_to_pdf(Path(tmp_path / "plan.docx"), timeout=0.5)
