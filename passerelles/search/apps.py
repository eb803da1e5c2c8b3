from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "passerelles.search"
    label = "sitesearch"
    verbose_name = _("Recherche")

    def ready(self):
        from passerelles.core import navigation

        navigation.register("search", _("Recherche"), 90, url_name="search:search")
