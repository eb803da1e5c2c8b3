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


def test_a_small_png_announcing_5000_by_5000_pixels_is_refused_from_its_header(monkeypatch):
    from PIL import ImageFile

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = png_header_claiming(5000, 5000)
    assert bomb.size < 3000
    with pytest.raises(ValidationError, match="mesure 5000 × 5000 pixels : 16 millions"):
        validate_image(bomb, max_bytes=2_000_000)


def test_an_image_at_the_cap_passes_and_one_pixel_more_does_not():
    validate_image(png_header_claiming(4000, 4000), max_bytes=2_000_000)
    with pytest.raises(ValidationError, match="mesure 4001 × 4000 pixels"):
        validate_image(png_header_claiming(4001, 4000), max_bytes=2_000_000)
    with pytest.raises(ValidationError, match="mesure 300 × 300 pixels"):
        validate_image(png_header_claiming(300, 300), max_bytes=2_000_000, max_pixels=80_000)


def test_pillow_refuses_a_bomb_wherever_it_is_opened():
    assert Image.MAX_IMAGE_PIXELS <= 40_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(png_header_claiming(10_000, 10_000))
