from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "passerelles.pages"
    label = "pages"
    verbose_name = _("Pages éditoriales")

    def ready(self):
        from passerelles.core import navigation
        from passerelles.core import search as site_search

        from .models import home_url
        from .search import search_pages

        navigation.register("home", _("Accueil"), 0, resolve=home_url)
        site_search.register("pages", _("Pages et publications"), 10, search_pages)
