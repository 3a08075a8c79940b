"""A council's logo for the running header: checked before use (PNG or JPEG by its magic bytes, limited in file
size and in pixels) and sized to the header (1 cm high, at most 5 cm wide, aspect ratio kept)."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import LogoError

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 4000
EMU_PER_CM = 360_000
LOGO_HEIGHT_EMU = EMU_PER_CM
LOGO_MAX_WIDTH_EMU = 5 * EMU_PER_CM
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
#: JPEG start-of-frame markers, which carry the image size.
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes, ``kind`` ("png" or "jpeg") and size in pixels."""

    data: bytes
    kind: str
    width: int
    height: int

    def extent(self) -> tuple[int, int]:
        """Return (width, height) in EMU: 1 cm high, or narrower and lower to stay within 5 cm wide."""
        width = LOGO_HEIGHT_EMU * self.width // self.height
        if width <= LOGO_MAX_WIDTH_EMU:
            return width, LOGO_HEIGHT_EMU
        return LOGO_MAX_WIDTH_EMU, LOGO_MAX_WIDTH_EMU * self.height // self.width


def load_logo(source: bytes | str | os.PathLike[str]) -> Logo:
    """Return the checked logo in ``source`` (a path or the image bytes); raise ``LogoError`` saying what is wrong
    (missing, larger than 1 MB, not PNG or JPEG, or more than 4000 pixels across)."""
    name = "the logo" if isinstance(source, bytes) else os.fspath(source)
    data = source if isinstance(source, bytes) else _read(Path(source))
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(f"{name} is {len(data):,} bytes; a logo may be at most {MAX_LOGO_BYTES:,} bytes")
    kind, (width, height) = _identify(data, name)
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise LogoError(f"{name} is {width}x{height} pixels; a logo may be at most {MAX_LOGO_PIXELS} pixels across")
    return Logo(data, kind, width, height)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise LogoError(f"{path} is larger than {MAX_LOGO_BYTES:,} bytes, the most a logo may be")
        return path.read_bytes()
    except OSError as error:
        raise LogoError(f"cannot read the logo {path} ({error.strerror or error})") from error


def _identify(data: bytes, name: str) -> tuple[str, tuple[int, int]]:
    if data.startswith(PNG_SIGNATURE):
        return "png", _png_size(data, name)
    if data.startswith(JPEG_SIGNATURE):
        return "jpeg", _jpeg_size(data, name)
    raise LogoError(f"{name} is not a PNG or JPEG image (its first bytes are {data[:8]!r}); give a .png or .jpg logo")


def _png_size(data: bytes, name: str) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoError(f"{name} starts like a PNG but has no image header; it is damaged")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes, name: str) -> tuple[int, int]:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        position += 2 + length
    raise LogoError(f"{name} starts like a JPEG but its image size cannot be found; it is damaged")
