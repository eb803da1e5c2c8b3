from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "passerelles.core"
    label = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        from passerelles.core import checks  # noqa: F401
