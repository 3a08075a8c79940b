"""Small readers of rendered .docx files for the render tests: parts, paragraphs with their styles, headings,
tables by caption, and a plan's expected visible strings. Fixtures are the bundled examples, rendered once."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from io import BytesIO
from pathlib import Path

from lxml import etree
from pydantic import BaseModel

from ehcp_standard import Plan, PlanStatus, load_plan
from ehcp_standard.model import (
    CessationEvent,
    ReviewDecisionEvent,
    SectionLetter,
    StatutoryEvent,
    TransferEvent,
)
from ehcp_standard.model.codes import label
from ehcp_standard.model.metadata import EVENT_LABELS
from ehcp_standard.render import render_docx
from ehcp_standard.render.context_sections import SECTION_NAMES
from ehcp_standard.render.text import BULLET_MARKERS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.json"))
EXAMPLE_NAMES = [path.stem for path in EXAMPLE_FILES]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


@cache
def example(name: str) -> Plan:
    """Return the bundled example plan ``name`` (file stem)."""
    return load_plan(ROOT / "examples" / f"{name}.json")


@cache
def rendered(name: str) -> bytes:
    """Return the bundled example ``name`` rendered to .docx bytes."""
    return render_docx(example(name))


def part(docx: bytes, name: str) -> etree._Element:
    """Return part ``name`` of ``docx`` parsed."""
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return etree.fromstring(archive.read(name))


def part_names(docx: bytes) -> list[str]:
    """Return the zip names of ``docx``'s parts."""
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return archive.namelist()


@dataclass(frozen=True)
class Para:
    """A paragraph: its style id ("" for Normal) and its visible text."""

    style: str
    text: str


def paragraphs(element: etree._Element) -> list[Para]:
    """Return every paragraph under ``element`` with its style and text."""
    found = []
    for p in element.iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        text = "".join(t.text or "" for t in p.iter(w("t")))
        found.append(Para(style.get(w("val")) if style is not None else "", text))
    return found


def headings(docx: bytes) -> list[tuple[int, str]]:
    """Return (level, text) for every heading paragraph of the body, in order."""
    body = part(docx, "word/document.xml")
    return [(int(p.style[-1]), p.text) for p in paragraphs(body) if p.style.startswith("Heading")]


def tables(docx: bytes) -> dict[str, etree._Element]:
    """Return the body's top-level tables by caption (``w:tblCaption``)."""
    body = part(docx, "word/document.xml")
    found = {}
    for table in body.iter(w("tbl")):
        caption = table.find("w:tblPr/w:tblCaption", NS)
        if caption is not None:
            found[caption.get(w("val"))] = table
    return found


def rows(table: etree._Element) -> list[list[str]]:
    """Return the text of each cell of each row of ``table`` (paragraphs joined by newlines)."""
    return [
        ["\n".join(p.text for p in paragraphs(tc)) for tc in tr.findall("w:tc", NS)] for tr in table.findall("w:tr", NS)
    ]


def png(width: int, height: int, rgb: tuple[int, int, int] = (31, 56, 100)) -> bytes:
    """Return a solid-colour PNG image of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    """Return the start of a JPEG file (SOI, APP0, SOF0) declaring the given size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


# -- what a plan must show --------------------------------------------------------------------------------------

_EVENTS = (StatutoryEvent, ReviewDecisionEvent, TransferEvent, CessationEvent)


def expected_strings(plan: Plan) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every string a rendered ``plan`` must show: each line of every text (bullet marker
    removed), the wording of every code, every date. Section I of a draft is left out: the law keeps it blank."""
    for name in type(plan).model_fields:
        if name == "placement" and plan.metadata.status is PlanStatus.DRAFT:
            continue
        yield from _strings(getattr(plan, name), f"/{name}")


def _model_strings(model: BaseModel, where: str) -> Iterator[tuple[str, str]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "type" and isinstance(model, _EVENTS):
            yield f"{where}/type", EVENT_LABELS[value]
        else:
            yield from _strings(value, f"{where}/{name}")


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, BaseModel):
        yield from _model_strings(value, where)
    elif isinstance(value, SectionLetter):
        yield where, SECTION_NAMES.get(value, value.value)
    elif isinstance(value, StrEnum):
        yield where, label(value)
    elif isinstance(value, str):
        yield from ((where, line) for line in lines(value))
    elif isinstance(value, dt.date):
        yield where, value.isoformat()
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from ((f"{where}/{key}", line) for line in lines(key))
            yield from _strings(item, f"{where}/{key}")
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}/{index}")


def lines(text: str) -> list[str]:
    """Return the non-empty lines of ``text`` as they are shown: a bullet line without its marker."""
    shown = []
    for line in text.splitlines():
        for marker in BULLET_MARKERS:
            if line.startswith(marker):
                line = line[len(marker):]
                break
        if line:
            shown.append(line)
    return shown
