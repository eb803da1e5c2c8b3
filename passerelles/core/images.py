"""Checks and processing for images that members upload (avatars, and later attachments).

The type is read from the content, never from the name; the pixel count is checked before the
image is decoded so that a decompression bomb is refused without using memory; what is kept is a
re-encoded copy, which drops the camera's metadata (location and so on).
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 25_000_000


def validate_image(file, *, max_bytes):
    if file.size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    file.seek(0)
    too_many_pixels = ValidationError(
        _("Cette image est trop grande : %(limit)s millions de pixels au plus.")
        % {"limit": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise too_many_pixels
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
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


def square_webp(file, size):
    """A centred square crop of `size` pixels, as a WebP file with a name nobody can guess."""
    file.seek(0)
    with Image.open(file) as image:
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
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, format="WEBP", quality=85, method=4)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")
