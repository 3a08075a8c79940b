"""Fixtures for the reader's tests, built in code: the bundled examples rendered once, and small tools to take a
.docx apart and put it back together (to delete the embedded plan, or edit the page as a person would in Word)."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from ehcp_standard import Plan, load_plan
from ehcp_standard.render import render_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_NAMES = sorted(path.stem for path in (ROOT / "examples").glob("*.json"))
DOCUMENT = "word/document.xml"


@cache
def example(name: str) -> Plan:
    """Return the bundled example plan ``name``."""
    return load_plan(ROOT / "examples" / f"{name}.json")


@cache
def rendered(name: str) -> bytes:
    """Return the bundled example ``name`` rendered to .docx bytes."""
    return render_docx(example(name))


def parts(docx: bytes) -> dict[str, bytes]:
    """Return the parts of a .docx by zip name, in order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_parts(items: dict[str, bytes]) -> bytes:
    """Return a zip (deflated) of ``items``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def without_embedded_plan(docx: bytes) -> bytes:
    """Return ``docx`` with its custom XML parts (the embedded plan) deleted, as a system that drops them would."""
    return zip_parts({name: data for name, data in parts(docx).items() if not name.startswith("customXml/")})


def edit_page(docx: bytes, old: str, new: str, *, occurrence: int | None = None) -> bytes:
    """Return ``docx`` with the text ``old`` replaced by ``new`` in its body, as an edit in Word: ``old`` must occur
    exactly once, or give the ``occurrence`` (0-based) to replace."""
    items = parts(docx)
    body = items[DOCUMENT].decode("utf-8")
    count = body.count(old)
    if occurrence is None:
        assert count == 1, f"{old!r} occurs {count} times in the body"
        occurrence = 0
    assert count > occurrence, f"{old!r} occurs {count} times in the body"
    at = -1
    for _ in range(occurrence + 1):
        at = body.index(old, at + 1)
    items[DOCUMENT] = (body[:at] + new + body[at + len(old):]).encode("utf-8")
    return zip_parts(items)
