from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunauteConfig(AppConfig):
    name = "communaute"
    verbose_name = _("Communauté")

    def ready(self):
        from passerelles.core import navigation
        from passerelles.core import search as site_search

        from . import (  # noqa: F401
            following_notifications,
            forum_notifications,
            moderation_notifications,
            moderation_personal_data,
            personal_data,
            signals,
        )
        from .search import search_posts

        forum_notifications.register()
        following_notifications.register()
        moderation_notifications.register()
        navigation.register("community", _("Communauté"), 30, url_name="communaute:home")
        navigation.register(
            "directory", _("Membres"), 35, url_name="communaute:directory", signed_in_only=True
        )
        site_search.register("conversations", _("Conversations"), 15, search_posts)
