from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunauteConfig(AppConfig):
    name = "communaute"
    verbose_name = _("Communauté")

    def ready(self):
        # The services that send notifications declare their kinds, which every process needs
        # to show and email a notification (the worker's too); tasks sends the emails.
        from communaute import signals  # noqa: F401
        from communaute.notifications import tasks  # noqa: F401
        from communaute.selectors import personal_data  # noqa: F401
        from communaute.selectors.search import search_posts
        from communaute.services import (  # noqa: F401
            announcements,
            facilitation,
            following,
            forum,
            moderation,
        )
        from passerelles.core import navigation
        from passerelles.core import search as site_search

        navigation.register("community", _("Communauté"), 30, url_name="communaute:home")
        navigation.register(
            "directory", _("Membres"), 35, url_name="communaute:directory", signed_in_only=True
        )
        site_search.register("conversations", _("Conversations"), 15, search_posts)
