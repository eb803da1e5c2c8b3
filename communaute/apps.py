from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunauteConfig(AppConfig):
    name = "communaute"
    verbose_name = _("Communauté")

    def ready(self):
        from . import personal_data, signals  # noqa: F401
