"""A .docx as a zip of named parts: read through ``ooxml`` (every limit of a hostile file), written
deterministically.

``open_docx``, ``read_part`` and ``read_parts`` open a .docx with ``ooxml.open_package``, as every reader of Word
files in this library does, so a zip bomb, a lying size header, an encrypted file, a traversal part name or a
DOCTYPE is refused with the same ``DocumentError`` the converter and ``read_docx`` raise, naming the file.
``write_parts`` puts ``[Content_Types].xml`` first (as Word does) and gives every entry the same timestamp, so the
same parts always make the same bytes. ``deflate`` and ``zip_entries`` let the renderer compress the parts that
never change once, and copy their compressed bytes into every document.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from ..ooxml import CONTENT_TYPES, Limits, Package, open_package

#: Largest .docx read (bytes on disk): ``ooxml.Limits().max_file_bytes``.
MAX_DOCX_BYTES = Limits().max_file_bytes
#: Largest total size of a .docx's parts once decompressed (a guard against zip bombs):
#: ``ooxml.Limits().max_total_bytes``. One part may unpack to at most ``Limits().max_part_bytes``, and at most
#: ``Limits().max_ratio`` times its compressed size.
MAX_UNZIPPED_BYTES = Limits().max_total_bytes
_VERSION = 20  # zip 2.0: deflate
_DEFLATED = 8
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00


def open_docx(data: bytes, *, source: str = "<data>", limits: Limits | None = None) -> Package:
    """Return ``data`` opened as a Word package (``ooxml.open_package``), checked against ``limits`` (default
    ``ooxml.Limits()``).

    Raises ``NotADocxError``, ``EncryptedDocumentError``, ``UnsafeDocumentError`` or ``CorruptDocumentError``, each
    naming ``source`` and saying what was expected and what was found."""
    return open_package(data, source=source, limits=limits)


def read_part(archive: Package, name: str, *, source: str | None = None) -> bytes:
    """Return the bytes of part ``name`` of ``archive``, streamed within its limits.

    Raises ``UnsafeDocumentError`` (too large, too compressed, or larger than its zip header says),
    ``CorruptDocumentError`` (cannot be unpacked) or ``KeyError`` (no such part). Messages name the file the
    package was opened as; ``source`` is accepted for callers written before, and not used."""
    del source
    return archive.read(name)


def read_parts(data: bytes, *, source: str = "<data>", limits: Limits | None = None) -> dict[str, bytes]:
    """Return every part of the .docx ``data`` by part name, in the archive's order (see ``open_docx`` for what
    is refused)."""
    package = open_docx(data, source=source, limits=limits)
    return {name: package.read(name) for name in package.names}


@dataclass(frozen=True)
class Entry:
    """One zip entry, already compressed (raw deflate): name, CRC-32, size before and after compression, data."""

    name: bytes
    crc: int
    size: int
    data: bytes


def deflate(name: str, data: bytes, *, level: int = 6) -> Entry:
    """Return part ``data`` compressed as the zip entry ``name``."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Entry(name.encode("utf-8"), zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def zip_entries(entries: list[Entry]) -> bytes:
    """Return a zip archive of ``entries`` in the given order, every entry dated 1980-01-01 (no zip64: a .docx
    of a plan is far below 4 GB and 65,535 parts)."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        fields = (_VERSION, 0, _DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc, len(entry.data), entry.size, len(entry.name))
        central += (struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _VERSION, *fields, 0, 0, 0, 0, 0, offset), entry.name)
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0)
        local += (header, entry.name, entry.data)
        offset += len(header) + len(entry.name) + len(entry.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join((*local, directory, end))


def ordered(names: list[str]) -> list[str]:
    """Return part names with ``[Content_Types].xml`` first, as Word writes it."""
    return [CONTENT_TYPES, *(name for name in names if name != CONTENT_TYPES)]


def write_parts(parts: dict[str, bytes], *, level: int = 6) -> bytes:
    """Return a .docx (zip) holding ``parts``: content types first, then the others in the order given."""
    return zip_entries([deflate(name, parts[name], level=level) for name in ordered(list(parts))])
