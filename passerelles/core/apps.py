from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "passerelles.core"
    label = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from passerelles.core import checks  # noqa: F401
        from passerelles.core.images import MAX_PIXELS

        # Pillow refuses to open anything past twice this (DecompressionBombError), wherever it
        # is opened: no more than the largest image any part of the site accepts.
        Image.MAX_IMAGE_PIXELS = max(
            MAX_PIXELS, getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", MAX_PIXELS)
        )
