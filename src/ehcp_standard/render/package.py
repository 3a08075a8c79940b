"""A .docx as a zip of named parts: read with size limits, written deterministically.

``write_parts`` puts ``[Content_Types].xml`` first (as Word does) and gives every entry the same timestamp, so the
same parts always make the same bytes. ``deflate`` and ``zip_entries`` let the renderer compress the parts that
never change once, and copy their compressed bytes into every document.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from ..errors import EmbeddedPlanError

#: Largest .docx read (bytes on disk).
MAX_DOCX_BYTES = 50 * 1024 * 1024
#: Largest total size of a .docx's parts once decompressed (a guard against zip bombs).
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
_VERSION = 20  # zip 2.0: deflate
_DEFLATED = 8
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00


def open_docx(data: bytes, *, source: str = "<data>") -> zipfile.ZipFile:
    """Return ``data`` opened as a zip; raise ``EmbeddedPlanError`` if it is too large, not a zip, a zip that is
    not a Word package, or one that would unpack to more than ``MAX_UNZIPPED_BYTES``."""
    if len(data) > MAX_DOCX_BYTES:
        raise EmbeddedPlanError(
            f"the file is {len(data):,} bytes; a .docx plan is read only up to {MAX_DOCX_BYTES:,} bytes", source=source
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise EmbeddedPlanError("not a .docx file: it is not a zip archive", source=source) from error
    if CONTENT_TYPES not in archive.namelist():
        raise EmbeddedPlanError(f"not a .docx file: the zip has no {CONTENT_TYPES}", source=source)
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNZIPPED_BYTES:
        raise EmbeddedPlanError(
            f"the zip would unpack to {total:,} bytes (more than {MAX_UNZIPPED_BYTES:,}); refusing to read it",
            source=source,
        )
    return archive


def read_part(archive: zipfile.ZipFile, name: str, *, source: str = "<data>") -> bytes:
    """Return the bytes of part ``name``; raise ``EmbeddedPlanError`` if the zip entry is corrupt."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise EmbeddedPlanError(f"the part {name} cannot be unpacked ({error})", source=source) from error


def read_parts(data: bytes, *, source: str = "<data>") -> dict[str, bytes]:
    """Return every part of the .docx ``data`` by zip name, in the archive's order."""
    archive = open_docx(data, source=source)
    return {name: read_part(archive, name, source=source) for name in archive.namelist()}


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
