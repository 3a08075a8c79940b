"""The one exception tree of ehcp-standard.

::

    EhcpError                      base of everything this library raises on purpose
    ├── PlanInputError             a plan file could not be read at all (missing, too large, not UTF-8, not JSON)
    ├── PlanValidationError        a plan was read but does not match the model; carries every located problem
    │   └── SchemaVersionError     a plan declares a schema version this library does not read
    ├── RenderError                a plan could not be rendered to Word or converted to PDF
    │   ├── LogoError              the council logo is missing, too large, or not PNG/JPEG
    │   └── PdfConversionError     LibreOffice is missing, failed or timed out
    ├── UnknownRuleError           a rule id or prefix given to the checker names no rule (rules.engine)
    ├── TransferError              a plan cannot be transferred as asked (same or unknown council, draft, ceased...)
    ├── TransferPackError          a transfer pack cannot be written, or failed verification when read
    ├── ExportError                a SEN2 export or indicators report cannot be made as asked
    ├── ProfileError               a converter profile cannot be loaded (convert.profile)
    └── DocumentError              a Word file could not be opened safely or read as a plan (ooxml, read)
        ├── NotADocxError          not a Word .docx: not a zip, or a zip without a Word main document
        ├── EncryptedDocumentError password-protected: an encrypted OLE file, or zip entries flagged encrypted
        ├── UnsafeDocumentError    refused: too large, a zip bomb, a lying size header, too many parts, a
        │                          path-traversal part name, or XML declaring a DOCTYPE (entity expansion)
        ├── CorruptDocumentError   zip entries that cannot be unpacked, or XML that is not well-formed
        │   └── EmbeddedPlanError  a custom XML part, where a rendered plan keeps its JSON, is not well-formed
        │                          (render.extract_embedded_plan)
        ├── NotAPlanError          a Word document, but neither an embedded plan nor the standard layout
        └── IncompletePlanError    a legacy plan was read, but a field every plan must have (name, date of
                                   birth, LA code, status) is nowhere to be found (convert)

Every message states the fact and the evidence: which file, which field (JSON pointer), what was expected and
what was found. The original cause is chained with ``raise ... from``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validation import Problem


class EhcpError(Exception):
    """Base class of every error this library raises on purpose."""


class PlanInputError(EhcpError):
    """A plan file could not be read: missing, unreadable, too large, not UTF-8 or not well-formed JSON.

    ``source`` names the file (or ``"<data>"``); ``line`` and ``column`` are 1-based and set for malformed JSON.
    """

    def __init__(self, message: str, *, source: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.source = source
        self.line = line
        self.column = column


class PlanValidationError(EhcpError):
    """A plan does not match the model. ``problems`` lists every problem found, each located by JSON pointer."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {len(problems)} problem(s)"] + [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class SchemaVersionError(PlanValidationError):
    """A plan declares a ``schema_version`` that this library cannot read."""


class RenderError(EhcpError):
    """A plan could not be rendered as a Word document or converted to PDF; the message says why and what to do."""


class LogoError(RenderError):
    """A council logo given for the header is missing, too large, or not a PNG or JPEG image."""


class PdfConversionError(RenderError):
    """LibreOffice is not installed, or it failed or timed out converting a rendered plan to PDF."""


class TransferError(EhcpError):
    """A plan cannot be transferred to another council as asked: the receiving council is the same one or its code
    is unknown, the move is dated before the plan was issued, or the plan is a draft or has ceased. The message
    names the plan, what was asked and what to do instead."""


class TransferPackError(EhcpError):
    """A transfer pack could not be written, or failed verification when read back. ``problems`` lists each
    problem as (file in the pack, message); the file is ``""`` for the pack as a whole."""

    def __init__(self, message: str, *, source: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.problems = list(problems or [])


class ExportError(EhcpError):
    """A SEN2 export or an indicators report cannot be made as asked, e.g. plans of several councils were given
    for one council's SEN2 return without saying which council, or the collection year is out of range."""


class DocumentError(EhcpError):
    """A Word file could not be opened safely, or read as a plan. ``source`` names the file (or ``"<data>"``);
    the message starts with it and says what was expected and what was found."""

    def __init__(self, message: str, *, source: str = "<data>"):
        super().__init__(f"{source}: {message}")
        self.source = source


class NotADocxError(DocumentError):
    """The file is not a Word .docx: not a zip archive, or a zip without ``[Content_Types].xml`` and a Word main
    document (``word/document.xml``)."""


class EncryptedDocumentError(DocumentError):
    """The file is password-protected: an encrypted OLE compound file, or a zip whose entries are encrypted."""


class UnsafeDocumentError(DocumentError):
    """The file was refused as unsafe to read: too large, a zip bomb (a part too large or too compressed), a part
    larger than its zip header says, too many parts, a part name that climbs out of the package, or XML that
    declares a DOCTYPE (entity expansion)."""


class CorruptDocumentError(DocumentError):
    """A .docx whose zip entries cannot be unpacked (bad CRC, unsupported compression) or whose XML is not
    well-formed."""


class EmbeddedPlanError(CorruptDocumentError):
    """A custom XML part of a .docx, where a rendered plan keeps its JSON (``customXml/item1.xml``), is not
    well-formed XML, so the embedded plan cannot be read (``render.extract_embedded_plan``). The file itself is
    opened as every Word file is (``ooxml``), so one that is not a .docx, encrypted or unsafe raises that
    ``DocumentError`` instead. ``source`` names the file (or ``"<data>"``)."""


class NotAPlanError(DocumentError):
    """A Word document, but not a standardised EHC plan this library can read: it has no embedded plan part and
    its visible layout is not the standard one (or does not make a valid plan). ``reasons`` holds the located
    warnings that say why."""

    def __init__(self, message: str, *, source: str = "<data>", reasons: tuple = ()):
        super().__init__(message, source=source)
        self.reasons = reasons


class IncompletePlanError(DocumentError):
    """A legacy plan was read and mapped, but a field every standard plan must have could not be found in it (the
    child's name or date of birth, the local authority, the plan status). ``missing`` lists each as a JSON pointer;
    the message says where the converter looked and how to supply it (for the LA code, ``--la-code``)."""

    def __init__(self, message: str, *, source: str = "<data>", missing: tuple[str, ...] = ()):
        super().__init__(message, source=source)
        self.missing = missing
