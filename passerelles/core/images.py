"""Checks and processing for images that members upload (avatars, and later attachments).

The type is read from the content, never from the name; the pixel count is checked before the
image is decoded so that a decompression bomb is refused without using memory; what is kept is a
re-encoded copy, which drops the camera's metadata (location and so on).
"""

import io
import math
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# The site never shows more than 2000 pixels on a side (attachments) or 400 (avatars): 16 million
# pixels take any phone's photo (12 million) and keep what decoding one costs below a second.
MAX_PIXELS = 16_000_000


def validate_image(file, *, max_bytes, max_pixels=MAX_PIXELS):
    """Refuse what is too heavy, not an image, or larger than `max_pixels`, reading only the
    header: nothing is decoded, so a small file that announces a huge picture costs nothing."""
    if file.size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels, width, height)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible. Formats acceptés : JPEG, PNG, WebP ou GIF."),
            code="not_an_image",
        ) from exc
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Format d'image non accepté. Formats acceptés : JPEG, PNG, WebP ou GIF."),
            code="format",
        )


def _too_many_pixels(max_pixels, width=None, height=None):
    side = math.isqrt(max_pixels)
    limit = {"limit": max_pixels // 1_000_000, "side": side}
    if width is None:
        message = _(
            "Cette image est trop grande : %(limit)s millions de pixels au plus "
            "(par exemple %(side)s × %(side)s). Réduisez-la, puis envoyez-la de nouveau."
        )
    else:
        message = _(
            "Cette image mesure %(width)s × %(height)s pixels : %(limit)s millions de pixels "
            "au plus (par exemple %(side)s × %(side)s). Réduisez-la, puis envoyez-la de nouveau."
        )
        limit.update(width=width, height=height)
    return ValidationError(message % limit, code="too_many_pixels")


def _decode_small(image, side):
    """A JPEG decodes straight at a half, quarter or eighth of its size when that still covers
    `side` on both sides: a phone's photo made into a 400-pixel avatar costs a fraction."""
    if image.format == "JPEG":
        image.draft("RGB", (side, side))


def square_webp(file, size):
    """A centred square crop of `size` pixels, as a WebP file with a name nobody can guess."""
    file.seek(0)
    with Image.open(file) as image:
        _decode_small(image, size)
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
        image = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="WEBP", quality=85, method=4)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def bounded_webp(file, max_side):
    """The image at most `max_side` pixels on its longer side, re-encoded without metadata."""
    file.seek(0)
    with Image.open(file) as image:
        _decode_small(image, max_side)
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="WEBP", quality=85, method=4)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def thumbnail_webp(file, max_width, max_height):
    """The image shrunk to fit `max_width` × `max_height` (never enlarged), as WebP without
    metadata, and its (width, height) for the page's <img>."""
    file.seek(0)
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
        image.thumbnail((max_width, max_height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="WEBP", quality=80, method=4)
        size = image.size
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp"), size
