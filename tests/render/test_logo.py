"""A council's logo is checked before it goes in the header: PNG or JPEG by its first bytes, limited in size."""

from __future__ import annotations

import pytest

from ehcp_standard.errors import LogoError
from ehcp_standard.render import load_logo
from ehcp_standard.render.logo import EMU_PER_CM, MAX_LOGO_BYTES

from .docs import jpeg_header, png


def test_a_png_is_recognised_with_its_size():
    logo = load_logo(png(300, 100))
    assert (logo.kind, logo.width, logo.height) == ("png", 300, 100)


def test_a_jpeg_is_recognised_with_its_size():
    logo = load_logo(jpeg_header(640, 480))
    assert (logo.kind, logo.width, logo.height) == ("jpeg", 640, 480)


def test_a_logo_is_one_centimetre_high_and_at_most_five_wide():
    assert load_logo(png(300, 100)).extent() == (3 * EMU_PER_CM, EMU_PER_CM)
    assert load_logo(png(1000, 100)).extent() == (5 * EMU_PER_CM, EMU_PER_CM // 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a\x01\x00\x01\x00", "not a PNG or JPEG image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG or JPEG image"),
        (b"\x89PNG\r\n\x1a\n", "damaged"),
        (b"\xff\xd8\xff\xd9", "damaged"),
        (png(4001, 10), "at most 4000 pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_LOGO_BYTES, "at most 1,048,576 bytes"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(data, message):
    with pytest.raises(LogoError, match=message):
        load_logo(data)


def test_a_missing_logo_file_is_named(tmp_path):
    with pytest.raises(LogoError, match="cannot read the logo .*missing.png"):
        load_logo(tmp_path / "missing.png")
