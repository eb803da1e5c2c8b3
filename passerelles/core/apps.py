from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "passerelles.core"
    label = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        from datetime import time

        from django.conf import settings
        from PIL import Image

        from passerelles.core import (
            checks,  # noqa: F401
            page_cache,
        )
        from passerelles.core.images import MAX_PIXELS
        from passerelles.core.retention import run_retention
        from passerelles.core.scheduler import register_job

        # At night, when nobody is waiting on the site.
        register_job(
            "retention",
            _("Supprime les données personnelles dont la durée de conservation est passée."),
            run_retention,
            at=time(3, 30),
        )

        page_cache.connect_signals(self)

        # Pillow refuses to open anything past twice this (DecompressionBombError), wherever it
        # is opened: no more than the largest image any part of the site accepts.
        Image.MAX_IMAGE_PIXELS = max(
            MAX_PIXELS, getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", MAX_PIXELS)
        )
