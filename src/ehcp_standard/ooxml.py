"""Opening a Word package (.docx) safely: the one way this library reads a zip of XML parts it did not write.

Every reader of Word files (the plan reader, the legacy converter, the bulk runner) opens them here, because a
.docx from outside is hostile until proved otherwise::

    package = open_package(data, source="plan.docx")        # raises a DocumentError subclass, never a traceback
    root = package.xml(package.main_document)                 # parsed with entities off and DOCTYPE refused
    for note in package.notes:                                # macros, external links...: ignored, and said so
        print(note)

What is refused, and how (``Limits`` holds the numbers):

- a file larger than ``max_file_bytes``; a zip of more than ``max_parts`` entries;
- a part whose decompressed size passes ``max_part_bytes``, all parts together passing ``max_total_bytes``, or a
  part that expands more than ``max_ratio`` times (a zip bomb). Each is checked on the size the zip header
  declares *and* on the bytes actually counted while streaming, since headers lie: a part that turns out larger
  than its header says is refused as well;
- a part name that is absolute, holds ``..`` or a backslash, or names a drive (path traversal), and duplicate
  names;
- encrypted files: an OLE compound file (``D0 CF 11 E0 A1 B1 1A E1``) holding an ``EncryptedPackage`` stream, and
  zip entries flagged as encrypted (``EncryptedDocumentError``);
- XML with a DOCTYPE (``parse_xml``: no DTD loaded, no entity resolved, no network, and any DOCTYPE rejected).

What is ignored and noted (``Package.notes``): macros (``vbaProject.bin``), ActiveX controls, embedded OLE
objects, and relationships with ``TargetMode="External"`` (never fetched). A zip that is not a Word document
(no ``[Content_Types].xml``, no main document, or an Excel or PowerPoint package) is ``NotADocxError``.
"""

from __future__ import annotations

import copy
import functools
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from .errors import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    NotADocxError,
    UnsafeDocumentError,
)

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
DEFAULT_MAIN = "word/document.xml"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT_REL = "/officeDocument"
#: Main-document content types of a Word package (.docx, .docm, .dotx, .dotm).
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_ENCRYPTED_FLAG = 0x1
_STRONG_ENCRYPTION_FLAG = 0x40
_CHUNK = 64 * 1024
_MiB = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


@dataclass(frozen=True)
class Limits:
    """How much a package may hold before it is refused as unsafe. Sizes are bytes.

    ``max_ratio`` (decompressed size ÷ compressed size of one part) is applied once a part has produced more than
    ``ratio_floor`` bytes, so that small, naturally repetitive parts are never refused.
    """

    max_file_bytes: int = 50 * _MiB
    max_part_bytes: int = 64 * _MiB
    max_total_bytes: int = 256 * _MiB
    max_ratio: float = 100.0
    ratio_floor: int = 1 * _MiB
    max_parts: int = 2000


@dataclass(frozen=True)
class Relationship:
    """An internal relationship of a part: its id, type (a URI) and the part name it targets."""

    id: str
    type: str
    target: str


@dataclass
class Package:
    """An opened Word package. ``names`` are its part names in zip order; ``main_document`` is the Word main
    document's part name; ``notes`` say what was ignored on purpose (macros, external relationships...)."""

    source: str
    limits: Limits
    main_document: str
    notes: list[str] = field(default_factory=list)
    _archive: zipfile.ZipFile | None = field(default=None, repr=False)
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict, repr=False)
    _unpacked: int = field(default=0, repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Return the part names, in the zip's order."""
        return tuple(self._infos)

    def namelist(self) -> list[str]:
        """Return the part names as a list, in the zip's order, as ``zipfile.ZipFile.namelist`` does (for code
        written against ``zipfile``; folders are not parts, so they are left out)."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        """Return whether the package holds the part ``name``."""
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Return the bytes of part ``name``, streamed within the limits.

        Raises ``UnsafeDocumentError`` (too large, too compressed, larger than its header says),
        ``CorruptDocumentError`` (cannot be unpacked) or ``KeyError`` if there is no such part."""
        info = self._infos[name]
        data = _stream(self._archive, info, self.limits, self.limits.max_total_bytes - self._unpacked, self.source)
        self._unpacked += len(data)
        return data

    def xml(self, name: str) -> etree._Element:
        """Return part ``name`` parsed safely (see ``parse_xml``)."""
        return parse_xml(self.read(name), source=self.source, part=name)

    def relationships(self, name: str) -> tuple[Relationship, ...]:
        """Return the internal relationships of part ``name`` (``""`` for the package itself); ``()`` if it has
        none. External ones are left out (``open_package`` noted them)."""
        rels_name = rels_part_name(name)
        if not self.has(rels_name):
            return ()
        return tuple(rel for rel, external in _relationships(self, rels_name, name) if not external)


def open_package(data: bytes, *, source: str = "<data>", limits: Limits | None = None) -> Package:
    """Return ``data`` opened as a Word package, checked against ``limits`` (default ``Limits()``).

    Raises ``NotADocxError``, ``EncryptedDocumentError``, ``UnsafeDocumentError`` or ``CorruptDocumentError``,
    each with a message naming ``source``, what was expected and what was found."""
    limits = limits or Limits()
    _check_file_size(len(data), limits, source)
    _check_not_ole(data, source)
    archive = _open_zip(data, source)
    infos = checked_entries(archive, len(data), limits, source)
    package = Package(source=source, limits=limits, main_document="", _archive=archive, _infos=infos)
    _require_content_types(package)
    package.main_document = _main_document(package)
    package.notes.extend(_active_content_notes(package))
    package.notes.extend(_external_relationship_notes(package))
    return package


def parse_xml(data: bytes, *, source: str = "<data>", part: str = "the part") -> etree._Element:
    """Return the root element of the XML ``data``, parsed with no DTD loaded, no entity resolved and no network.

    Raises ``UnsafeDocumentError`` if the XML declares a DOCTYPE (the way to entity-expansion attacks such as
    "billion laughs") or goes past the parser's limits (elements nested thousands deep), and
    ``CorruptDocumentError`` if it is not well-formed."""
    if any(mark in data for mark in _DOCTYPE_MARKS):
        raise _doctype_error(source, part)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if error.code == _RESOURCE_LIMIT:
            raise UnsafeDocumentError(
                f"{part} goes past the XML parser's limits ({error.msg.replace(', use XML_PARSE_HUGE option', '')}"
                "); no real Office document does, so the file was refused as unsafe", source=source
            ) from error
        raise CorruptDocumentError(
            f"{part} should be well-formed XML, but it is not ({error})", source=source
        ) from error
    if root.getroottree().docinfo.doctype:
        raise _doctype_error(source, part)
    return root


#: libxml2's error for XML past its built-in limits (elements nested more than 2,048 deep, say): a hostile file.
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT


def _doctype_error(source: str, part: str) -> UnsafeDocumentError:
    return UnsafeDocumentError(
        f"{part} declares a DOCTYPE; Office XML never has one, and a DOCTYPE can define entities that expand "
        "without limit, so the file was refused",
        source=source,
    )


def rels_part_name(name: str) -> str:
    """Return the name of the relationships part of part ``name`` (``""``: the package's, ``_rels/.rels``)."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


# -- opening -------------------------------------------------------------------------------------------------------


def _check_file_size(size: int, limits: Limits, source: str) -> None:
    if size > limits.max_file_bytes:
        raise UnsafeDocumentError(
            f"the file is {size:,} bytes; a Word document is read only up to {limits.max_file_bytes:,} bytes",
            source=source,
        )


def _check_not_ole(data: bytes, source: str) -> None:
    if not data.startswith(OLE_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedDocumentError(
            "the document is password-protected (an encrypted OLE compound file holding an EncryptedPackage "
            "stream); remove the password in Word (File > Info > Protect Document) and save it again as .docx",
            source=source,
        )
    raise NotADocxError(
        "expected a Word .docx (a zip package), but found an OLE compound file, probably a Word 97-2003 .doc; "
        "open it in Word or LibreOffice and save it as .docx",
        source=source,
    )


def _open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise NotADocxError(
            f"expected a Word .docx (a zip package), but found {describe_content(data)}", source=source
        ) from error


def describe_content(data: bytes) -> str:
    """Return what ``data`` looks like, for a message about a file that is not a zip."""
    head = data[:512].lstrip()
    kinds = [
        (b"%PDF", "a PDF file"),
        (b"{\\rtf", "an RTF document"),
        (b"{", "JSON or other text (a plan's JSON is read with 'ehcp validate' or 'load_plan')"),
        (b"<", "XML or HTML text"),
        (b"PK", "a damaged or truncated zip archive"),
    ]
    if not data:
        return "an empty file"
    for magic, kind in kinds:
        if head.startswith(magic):
            return kind
    return "data that is not a zip archive"


def checked_entries(archive: zipfile.ZipFile, file_size: int, limits: Limits, source: str, *,
                    kind: str = "a Word document") -> dict[str, zipfile.ZipInfo]:
    """Return the zip's file entries by name once every one passes the limits: entry count, names (no traversal),
    no encryption, no lying or oversized size headers, no duplicate names, and the declared total. ``kind`` names
    the package in messages ("a Word document", "a workbook"). Nothing is decompressed here."""
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeDocumentError(
            f"the zip holds {len(infos):,} entries; {kind} is read only up to {limits.max_parts:,}",
            source=source,
        )
    checked: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_entry(info, file_size, limits, source)
        if info.filename in checked:
            raise UnsafeDocumentError(f"the zip holds two entries named {info.filename!r}", source=source)
        if not info.is_dir():
            checked[info.filename] = info
    _check_declared_total(checked.values(), limits, source, kind)
    return checked


def _check_entry(info: zipfile.ZipInfo, file_size: int, limits: Limits, source: str) -> None:
    _check_part_name(info.filename, source)
    if info.flag_bits & (_ENCRYPTED_FLAG | _STRONG_ENCRYPTION_FLAG):
        raise EncryptedDocumentError(
            f"the zip entry {info.filename!r} is encrypted (password-protected); save the document again "
            "without a password",
            source=source,
        )
    if info.compress_size > file_size:
        raise CorruptDocumentError(
            f"the zip entry {info.filename!r} claims {info.compress_size:,} compressed bytes, more than the whole "
            f"file ({file_size:,} bytes)",
            source=source,
        )
    _check_size(info.filename, info.file_size, info.compress_size, limits, source, "declares")


def _check_part_name(name: str, source: str) -> None:
    segments = name.split("/")
    bad = (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or _DRIVE.match(name) is not None
        or any(segment in ("..", ".") for segment in segments)
    )
    if bad:
        raise UnsafeDocumentError(
            f"the zip entry {name!r} has an unsafe name (absolute, '..', '.', a backslash or a drive); a part name "
            "is a relative path inside the package, such as word/document.xml",
            source=source,
        )


def _check_size(name: str, size: int, compressed: int, limits: Limits, source: str, how: str) -> None:
    """Refuse a part of ``size`` bytes (as its header ``declares``, or as ``counted``) that is too large or too
    compressed."""
    if size > limits.max_part_bytes:
        raise UnsafeDocumentError(
            f"the part {name} {how} {size:,} bytes once unpacked; a part is read only up to "
            f"{limits.max_part_bytes:,} bytes",
            source=source,
        )
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise UnsafeDocumentError(
            f"the part {name} {how} {size:,} bytes unpacked from {compressed:,} compressed bytes, a ratio over "
            f"{limits.max_ratio:g} to 1: a zip bomb, refused",
            source=source,
        )


def _check_declared_total(infos: object, limits: Limits, source: str, kind: str = "a Word document") -> None:
    total = sum(info.file_size for info in infos)  # type: ignore[attr-defined]
    if total > limits.max_total_bytes:
        raise UnsafeDocumentError(
            f"the zip declares {total:,} bytes once unpacked; {kind} is read only up to "
            f"{limits.max_total_bytes:,} bytes in all",
            source=source,
        )


# -- streaming one part ---------------------------------------------------------------------------------------------


def _stream(archive: zipfile.ZipFile | None, info: zipfile.ZipInfo, limits: Limits, left: int, source: str) -> bytes:
    """Return the bytes of ``info``, counting them as they come: never more than the part limit, the bytes
    ``left`` of the total, or its header's own size."""
    assert archive is not None
    ceiling = min(limits.max_part_bytes, max(left, 0))
    unbounded = copy.copy(info)
    # zipfile stops at the header's size (and checks the CRC there): let it run a chunk past both the header and
    # our ceiling, so that our own count is what stops a part that is larger than either.
    unbounded.file_size = max(info.file_size, ceiling) + _CHUNK + 1
    out = bytearray()
    try:
        with archive.open(unbounded) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                _check_counted(info, len(out), ceiling, limits, source)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        raise CorruptDocumentError(f"the part {info.filename} cannot be unpacked ({error})", source=source) from error
    if len(out) != info.file_size:
        raise _lying_header(info, len(out), source)
    return bytes(out)


def _check_counted(info: zipfile.ZipInfo, count: int, ceiling: int, limits: Limits, source: str) -> None:
    if count > info.file_size:
        raise _lying_header(info, count, source)
    if count > ceiling and ceiling < limits.max_part_bytes:
        raise UnsafeDocumentError(
            f"the parts read so far unpack to more than {limits.max_total_bytes:,} bytes in all; refused",
            source=source,
        )
    _check_size(info.filename, count, info.compress_size, limits, source, "unpacks to at least")


def _lying_header(info: zipfile.ZipInfo, count: int, source: str) -> UnsafeDocumentError:
    more = "at least " if count > info.file_size else ""
    return UnsafeDocumentError(
        f"the part {info.filename} unpacks to {more}{count:,} bytes, but its zip header says {info.file_size:,}: "
        "the header lies, so the file was refused",
        source=source,
    )


# -- what kind of package -------------------------------------------------------------------------------------------


def _require_content_types(package: Package) -> None:
    if not package.has(CONTENT_TYPES):
        raise NotADocxError(
            f"expected a Word .docx, but the zip has no {CONTENT_TYPES}, so it is not an Office document",
            source=package.source,
        )


def _main_document(package: Package) -> str:
    """Return the main document's part name (from ``_rels/.rels``, else ``word/document.xml``), refusing a package
    whose main part is missing or is not a Word document."""
    target = next((rel.target for rel in package.relationships("") if rel.type.endswith(OFFICE_DOCUMENT_REL)), None)
    name = target or DEFAULT_MAIN
    content_type = _content_type(package, name)
    if content_type is not None and content_type not in WORD_MAIN_TYPES:
        raise NotADocxError(
            f"expected a Word document, but the package's main part {name} is {_kind(content_type)}",
            source=package.source,
        )
    if not package.has(name):
        raise NotADocxError(
            f"expected a Word document, but the zip has no main document ({name}); it is some other kind of zip",
            source=package.source,
        )
    return name


def _kind(content_type: str) -> str:
    if "spreadsheetml" in content_type or "ms-excel" in content_type:
        return "an Excel workbook"
    if "presentationml" in content_type or "ms-powerpoint" in content_type:
        return "a PowerPoint presentation"
    return f"of type {content_type}"


def _content_type(package: Package, name: str) -> str | None:
    """Return the content type ``[Content_Types].xml`` gives part ``name`` (an override), or ``None``."""
    root = package.xml(CONTENT_TYPES)
    for override in root.iter(f"{{{CT_NS}}}Override"):
        if (override.get("PartName") or "").lstrip("/") == name:
            return override.get("ContentType")
    return None


def _relationships(package: Package, rels_name: str, owner: str) -> list[tuple[Relationship, bool]]:
    """Return (relationship, is external) for each relationship in ``rels_name``; internal targets resolved to
    part names. A target that climbs out of the package is dropped and noted."""
    found = []
    for rel in package.xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
        target, kind = rel.get("Target") or "", rel.get("Type") or ""
        if rel.get("TargetMode") == "External":
            found.append((Relationship(rel.get("Id") or "", kind, target), True))
            continue
        resolved = resolve_target(owner, target)
        if resolved is None:
            package.notes.append(f"{rels_name}: the relationship {rel.get('Id')} points outside the package "
                                 f"({target!r}); ignored")
            continue
        found.append((Relationship(rel.get("Id") or "", kind, resolved), False))
    return found


@functools.lru_cache(maxsize=4096)  # the same few relationships recur in every document of a template
def resolve_target(owner: str, target: str) -> str | None:
    """Return the part name an internal relationship ``target`` of part ``owner`` points to, or ``None`` if it
    climbs out of the package."""
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(owner), target)
    normal = posixpath.normpath(joined)
    if normal.startswith(("../", "/")) or normal == "..":
        return None
    return normal


def _active_content_notes(package: Package) -> list[str]:
    notes = []
    for name in package.names:
        lower = name.lower()
        if lower.endswith("vbaproject.bin"):
            notes.append(f"the document contains macros ({name}); they were ignored and never run")
        elif "/activex/" in f"/{lower}" and lower.endswith(".xml"):
            notes.append(f"the document contains an ActiveX control ({name}); it was ignored")
        elif "/embeddings/" in f"/{lower}":
            notes.append(f"the document contains an embedded object ({name}); it was ignored")
    return notes


def _external_relationship_notes(package: Package) -> list[str]:
    notes = []
    for name in package.names:
        if not name.endswith(".rels"):
            continue
        owner = _owner_of(name)
        for rel, external in _relationships(package, name, owner):
            if external:
                kind = rel.type.rsplit("/", 1)[-1]
                notes.append(f"{name}: an external {kind} relationship to {rel.target[:200]!r} was ignored "
                             "(never fetched)")
    return notes


def _owner_of(rels_name: str) -> str:
    """Return the part whose relationships ``rels_name`` holds (``""`` for the package's)."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


__all__ = [
    "CONTENT_TYPES",
    "DocumentError",
    "Limits",
    "Package",
    "Relationship",
    "describe_content",
    "open_package",
    "parse_xml",
    "rels_part_name",
    "resolve_target",
]
