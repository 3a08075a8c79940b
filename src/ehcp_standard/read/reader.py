"""``read_docx``: a rendered plan back into data, from the plan embedded in it and from its visible layout.

The pipeline: ``ooxml.open_package`` (hostile-input safe) -> ``embedded`` (the exact JSON) and ``wordml`` (body
blocks) -> ``visible`` (the layout read into a plan) -> ``differences`` (embedded against visible). Every step
adds located warnings instead of stopping; only a file that cannot be opened safely, or that holds no plan at all,
raises a ``DocumentError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import DocumentError, NotAPlanError, UnsafeDocumentError
from ..model import Plan
from ..ooxml import Limits, Package, open_package
from .cells import Sheet
from .differences import Difference, compare
from .embedded import read_embedded
from .visible import VisibleRead, read_visible
from .warnings import Location, ReadWarning
from .wordml import read_body

Prefer = Literal["embedded", "visible"]
DocxSource = bytes | str | os.PathLike[str]


@dataclass(frozen=True)
class ReadResult:
    """What was read from a plan's Word document.

    ``plan`` is the embedded plan when there is one (exactly the plan that was rendered), else the visible one;
    with ``prefer="visible"`` it is the visible one whenever that could be read. ``embedded`` and ``visible`` are
    each ``None`` when that source gave no plan (``warnings`` say why). ``differences`` compares them, section by
    section (empty unless both were read). ``document_sections`` are the section letters the document's headings
    show, in order, for the checker (``CheckContext.document_sections``). ``source`` names the file."""

    source: str
    plan: Plan
    embedded: Plan | None
    visible: Plan | None
    differences: tuple[Difference, ...] = ()
    warnings: tuple[ReadWarning, ...] = ()
    document_sections: tuple[str, ...] = ()

    @property
    def read_from(self) -> str:
        """Return "embedded" or "visible": where ``plan`` came from."""
        return "embedded" if self.embedded is not None and self.plan is self.embedded else "visible"

    @property
    def edited(self) -> bool:
        """Return whether the visible layout was changed after rendering (an ``edited`` difference)."""
        return any(d.kind == "edited" for d in self.differences)

    def edited_sections(self) -> list[str]:
        """Return the names of the sections with ``edited`` differences, in the order first found."""
        return list(dict.fromkeys(d.section_name for d in self.differences if d.kind == "edited"))

    def as_dict(self, *, with_plan: bool = True) -> dict[str, Any]:
        """Return the result as a JSON-ready dict (the plan as its JSON data unless ``with_plan`` is false)."""
        data: dict[str, Any] = {"source": self.source, "read_from": self.read_from, "edited": self.edited}
        if with_plan:
            data["plan"] = self.plan.model_dump(mode="json", exclude_none=True)
        data["differences"] = [d.as_dict() for d in self.differences]
        data["warnings"] = [w.as_dict() for w in self.warnings]
        data["document_sections"] = list(self.document_sections)
        return data


def read_docx(source: DocxSource, *, prefer: Prefer = "embedded", limits: Limits | None = None,
              name: str | None = None) -> ReadResult:
    """Read a plan from a Word document: ``source`` is its bytes or a path.

    Returns a ``ReadResult``. Raises ``NotADocxError``, ``EncryptedDocumentError``, ``UnsafeDocumentError`` or
    ``CorruptDocumentError`` for a file that cannot be opened safely, ``NotAPlanError`` for a Word document that
    holds no readable plan, and ``DocumentError`` for a path that cannot be read. ``name`` names the file in
    messages (default: the path, or ``"<data>"``)."""
    if prefer not in ("embedded", "visible"):
        raise ValueError(f"prefer must be 'embedded' or 'visible', not {prefer!r}")
    limits = limits or Limits()
    data, label = _load(source, limits, name)
    package = open_package(data, source=label, limits=limits)
    sheet = Sheet()
    for note in package.notes:
        sheet.warn(note)
    embedded = read_embedded(package, sheet.warnings)
    seen = _read_layout(package, sheet)
    return _result(label, embedded, seen, sheet, prefer)


def _load(source: DocxSource, limits: Limits, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<data>"
    label = name or os.fspath(source)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise UnsafeDocumentError(
                f"the file is {size:,} bytes; a Word document is read only up to {limits.max_file_bytes:,} bytes",
                source=label,
            )
        with path.open("rb") as handle:  # at most one byte past the limit, even if the file grew since stat
            return handle.read(limits.max_file_bytes + 1), label
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocumentError(f"cannot read the file ({reason}); check the path", source=label) from error


def _read_layout(package: Package, sheet: Sheet) -> VisibleRead:
    root = package.xml(package.main_document)
    blocks = read_body(root, package.main_document, sheet.warnings)
    return read_visible(blocks, sheet)


def _result(label: str, embedded: Plan | None, seen: VisibleRead, sheet: Sheet, prefer: Prefer) -> ReadResult:
    visible = seen.plan
    if embedded is None and visible is None:
        raise _not_a_plan(label, seen, sheet)
    differences: list[Difference] = []
    if embedded is not None and visible is not None:
        differences = compare(embedded, visible)
    elif embedded is None:
        sheet.warn("the document carries no embedded plan, so the plan was read from its visible layout alone; "
                   "see ehcp_standard.read.projection for what the page cannot show")
    plan = _chosen(embedded, visible, prefer, sheet)
    return ReadResult(label, plan, embedded, visible, tuple(differences), tuple(sheet.warnings.items),
                      seen.document_sections)


def _chosen(embedded: Plan | None, visible: Plan | None, prefer: Prefer, sheet: Sheet) -> Plan:
    if prefer == "visible" and visible is not None:
        return visible
    if prefer == "visible":
        sheet.warn("the visible layout could not be read as a plan, so the embedded plan is returned instead")
    return embedded if embedded is not None else visible  # type: ignore[return-value]


def _not_a_plan(label: str, seen: VisibleRead, sheet: Sheet) -> NotAPlanError:
    reasons = tuple(sheet.warnings.items)
    if seen.data is None:
        message = ("a Word document, but not a standardised EHC plan: it has no embedded plan part "
                   "(urn:ehcp-standard:plan) and not the standard layout (tables captioned ehcp:plan_details, "
                   "ehcp:personal_details...); convert a council's own format with the converter instead")
    else:
        shown = "; ".join(str(w) for w in reasons if w.pointer or w.location is None)[:2000]
        message = ("a plan in the standard layout, but what it shows is not a valid plan, and it has no embedded "
                   f"plan part: {shown}")
    return NotAPlanError(message, source=label, reasons=reasons)


__all__ = ["DocxSource", "Location", "Prefer", "ReadResult", "read_docx"]
