"""The legacy reader on the shared synthetic council plans (``../shared/legacy-samples``), checked against their
``.truth.json`` files. Skipped when the samples are not there; never copied into the project.

``EHCP_LEGACY_SAMPLES`` may point at another folder of samples.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from ehcp_standard.convert import Flag, block_texts, read_legacy_docx

from .truth_scoring import missing_in_order

SAMPLES = Path(os.environ.get("EHCP_LEGACY_SAMPLES",
                              Path(__file__).resolve().parents[3] / "shared" / "legacy-samples"))
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx")) if SAMPLES.is_dir() else []

pytestmark = pytest.mark.skipif(not SAMPLE_FILES, reason=f"no legacy samples in {SAMPLES}")


def load(path: Path):
    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return read_legacy_docx(path.read_bytes(), source=path.name), truth


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("key", ["all_text_paragraphs", "template_labels", "placeholders"])
def test_every_visible_text_of_the_sample_is_read_in_document_order(path, key):
    document, truth = load(path)
    assert missing_in_order(truth[key], document.all_text(furniture=False)) == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_tracked_deletion_is_read_and_every_one_is_recorded(path):
    document, truth = load(path)
    text = "\n".join(document.all_text())
    assert [d for d in truth["deleted_text"] if d in text] == []
    assert sorted(d.text for d in document.deletions) == sorted(truth["deleted_text"])


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_tracked_insertions_are_read_and_flagged(path):
    document, truth = load(path)
    inserted = [s.text for b in document.iter_blocks() for s in getattr(b, "segments", ())
                if Flag.TRACKED_INSERTION in s.flags]
    assert inserted == truth["inserted_text"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_page_furniture_is_found_in_the_headers_and_footers_and_not_in_the_body(path):
    document, truth = load(path)
    furniture = [text for block in document.headers_footers for text in block_texts(block)]
    assert missing_in_order(truth["page_furniture"], furniture) == []
    body = document.all_text(furniture=False)
    assert [f for f in set(truth["page_furniture"]) if any(f == text.strip() for text in body)] == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_placeholders_and_merge_fields_are_flagged_not_content(path):
    document, truth = load(path)
    flagged = [s.text for b in document.iter_blocks() for s in getattr(b, "segments", ()) if not s.is_content]
    assert flagged == truth["placeholders"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_merged_cells_and_content_controls_do_not_repeat_text(path):
    document, truth = load(path)
    body = Counter(document.all_text(furniture=False))
    labels = set(truth["template_labels"])
    expected = Counter(truth["all_text_paragraphs"])
    assert {s: body[s] for s in expected if s not in labels and body[s] > expected[s]} == {}


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_the_sample_reads_without_warnings(path):
    document, _ = load(path)
    assert [str(w) for w in document.warnings] == []
