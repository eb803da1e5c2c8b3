from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "passerelles.pages"
    label = "pages"
    verbose_name = _("Pages éditoriales")

    def ready(self):
        from communaute.hooks.viewer import register_fact
        from passerelles.core import navigation, read_ahead
        from passerelles.core import search as site_search
        from passerelles.pages import (  # noqa: F401
            news,
            notifications,
            organization_sections,
            selectors,
            signals,
        )
        from passerelles.pages import permissions as page_permissions
        from passerelles.pages.context_processors import footer_links_key
        from passerelles.pages.models import ARTICLES_PATH_CACHE_KEY, articles_url, home_url
        from passerelles.pages.search import search_pages

        register_fact(
            page_permissions.IS_EDITOR, page_permissions.in_editorial_group, anonymous=False
        )
        post_migrate.connect(signals.sync_site_address, sender=self)
        navigation.register("home", _("Accueil"), 0, resolve=home_url)
        navigation.register("articles", _("Actualités"), 10, resolve=articles_url)
        read_ahead.every_page(lambda: ARTICLES_PATH_CACHE_KEY)
        read_ahead.every_page(lambda: footer_links_key(get_language()))
        site_search.register("pages", _("Pages et publications"), 10, search_pages)
