import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from passerelles.core.images import square_webp, validate_image


def image_upload(name="photo.jpg", size=(800, 600), image_format="JPEG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_header_claiming(width, height):
    """A tiny PNG whose header announces a huge picture (a decompression bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
    return SimpleUploadedFile("bombe.png", data + chunk(b"IEND", b""), content_type="image/png")


def test_a_real_image_is_accepted():
    validate_image(image_upload(), max_bytes=2_000_000)


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name():
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="n'est pas une image lisible"):
        validate_image(fake, max_bytes=2_000_000)


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError, match="la limite est de"):
        validate_image(image_upload(size=(600, 600)), max_bytes=100)


def test_a_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="trop grande"):
        validate_image(png_header_claiming(50_000, 50_000), max_bytes=2_000_000)


def test_an_unaccepted_format_is_refused():
    with pytest.raises(ValidationError, match="non accepté"):
        validate_image(image_upload("photo.bmp", image_format="BMP"), max_bytes=2_000_000)


def test_square_webp_crops_resizes_renames_and_drops_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Appareil indiscret"  # camera maker
    result = square_webp(image_upload(exif=exif.tobytes()), 400)
    assert result.name.endswith(".webp")
    assert "photo" not in result.name
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "WEBP"
        assert image.size == (400, 400)
        assert not image.getexif()
