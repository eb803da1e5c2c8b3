from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunauteConfig(AppConfig):
    name = "communaute"
    verbose_name = _("Communauté")

    def ready(self):
        from datetime import time, timedelta

        # The services that send notifications declare their kinds, which every process needs
        # to show and email a notification (the worker's too); tasks sends the emails.
        from communaute import live, signals  # noqa: F401
        from communaute.hooks.welcome import register_step
        from communaute.notifications import tasks  # noqa: F401
        from communaute.notifications.digests import send_due_digests
        from communaute.notifications.tasks import send_due_emails
        from communaute.permissions import drafts  # noqa: F401  (the places of drafts)
        from communaute.permissions.two_factor import register_privileged_views
        from communaute.selectors import bookmarks, news, personal_data, polls  # noqa: F401
        from communaute.selectors.members import is_profile_complete
        from communaute.selectors.search import search_posts
        from communaute.services import (  # noqa: F401
            announcements,
            consents,
            facilitation,
            following,
            forum,
            messaging,
            moderation,
            reports,
            retention,
        )
        from communaute.services.bookmarks import send_bookmark_reminders
        from passerelles.core import navigation
        from passerelles.core import search as site_search
        from passerelles.core.scheduler import register_job

        # Moderation and facilitation: the pages that act on other members' posts.
        register_privileged_views(
            "communaute:post_hide",
            "communaute:post_restore",
            "communaute:topic_moderate",
            "communaute:flag_dismiss",
            "communaute:space_dashboard",
            "communaute:dashboard_pin",
            "communaute:dashboard_welcome",
            "communaute:message_reports",
            "communaute:message_report",
        )
        # Each member's digest goes when their period is over (communaute/notifications/
        # digests.py allows an hour of slack): an hourly pass is what it expects.
        register_job(
            "digests",
            _("Envoie les résumés quotidiens et hebdomadaires des notifications."),
            send_due_digests,
            every=timedelta(hours=1),
        )
        register_job(
            "email_retries",
            _("Envoie de nouveau les courriels de notification qui n'ont pas pu partir."),
            send_due_emails,
            every=timedelta(minutes=10),
        )
        # In the morning, with the day's mail: the date the member chose has come.
        register_job(
            "bookmark_reminders",
            _("Rappelle aux membres ce qu'ils ont mis de côté, à la date qu'ils ont choisie."),
            send_bookmark_reminders,
            at=time(8, 0),
        )
        navigation.register("community", _("Communauté"), 30, url_name="communaute:home")
        navigation.register_account_link(
            "bookmarks", _("Mis de côté"), 10, url_name="communaute:bookmarks"
        )
        navigation.register_account_link(
            "whats_new", _("Quoi de neuf"), 5, url_name="communaute:whats_new"
        )
        navigation.register(
            "directory", _("Membres"), 35, url_name="communaute:directory", signed_in_only=True
        )
        navigation.register_account_link(
            "drafts", _("Mes brouillons"), 10, url_name="communaute:drafts"
        )
        site_search.register("conversations", _("Conversations"), 15, search_posts)
        self._register_private_messages_live()
        register_step(
            "profile",
            _("Compléter mon profil"),
            _(
                "Dites aux autres membres d'où vous venez et ce que vous faites : "
                "votre province ou territoire, vos disciplines, quelques mots sur vous."
            ),
            10,
            url_name="compte:profile_edit",
            done=lambda viewer: is_profile_complete(viewer.user),
        )
        register_step(
            "spaces",
            _("Rejoindre des espaces"),
            _(
                "Les espaces d'échange réunissent les membres par discipline, par région "
                "ou autour d'un projet."
            ),
            20,
            url_name="communaute:home",
            done=lambda viewer: bool(viewer.space_roles),
        )

    def _register_private_messages_live(self):
        # An open conversation hears of its new messages; the header counts unread ones.
        from communaute.permissions.messaging import can_listen_conversation
        from communaute.selectors.messaging import unread_count
        from passerelles.core import live

        live.register_channel("conversation", can_listen_conversation)
        live.register_counter("messages", unread_count)
