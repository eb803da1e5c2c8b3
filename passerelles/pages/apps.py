from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "passerelles.pages"
    label = "pages"
    verbose_name = _("Pages éditoriales")

    def ready(self):
        from communaute.hooks.viewer import register_fact
        from passerelles.core import navigation
        from passerelles.core import search as site_search
        from passerelles.pages import (  # noqa: F401
            news,
            notifications,
            organization_sections,
            selectors,
            signals,
        )
        from passerelles.pages import permissions as page_permissions
        from passerelles.pages.models import articles_url, home_url
        from passerelles.pages.search import search_pages

        register_fact(
            page_permissions.IS_EDITOR, page_permissions.in_editorial_group, anonymous=False
        )
        post_migrate.connect(signals.sync_site_address, sender=self)
        navigation.register("home", _("Accueil"), 0, resolve=home_url)
        navigation.register("articles", _("Actualités"), 10, resolve=articles_url)
        site_search.register("pages", _("Pages et publications"), 10, search_pages)
