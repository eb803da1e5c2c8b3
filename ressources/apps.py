from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RessourcesConfig(AppConfig):
    name = "ressources"
    verbose_name = _("Ressources mutualisées")

    def ready(self):
        from datetime import time, timedelta

        from communaute.hooks.calendar import register_calendar_source
        from communaute.hooks.contact import register_reachable
        from communaute.hooks.polls import register_poll_opener

        # Importing the services declares the notification kinds they send.
        from communaute.hooks.viewer import register_fact
        from communaute.hooks.welcome import register_step
        from communaute.permissions.two_factor import register_privileged_views
        from passerelles.core import navigation, read_ahead
        from passerelles.core import search as site_search
        from passerelles.core.scheduler import register_job
        from ressources import live, signals  # noqa: F401
        from ressources.context_processors import CACHE_KEY as FOOTER_PARTNERS_KEY
        from ressources.permissions import drafts  # noqa: F401  (the places of drafts)
        from ressources.permissions import funding as funding_permissions
        from ressources.permissions import organizations as organization_permissions
        from ressources.permissions.needs import can_declare_need, opens_poll_in_need_conversation
        from ressources.selectors import (  # noqa: F401
            bookmarks,
            news,
            organizations,
            personal_data,
        )
        from ressources.selectors import gatherings as gathering_selectors
        from ressources.selectors.access import requests_of_member
        from ressources.selectors.funding import DEADLINE_KIND, deadline_entries
        from ressources.selectors.needs import needs_of_member
        from ressources.selectors.search import (
            search_funding_calls,
            search_gatherings,
            search_needs,
            search_organizations,
            search_services,
        )
        from ressources.services import access, funding, gatherings, needs  # noqa: F401
        from ressources.services.funding import send_deadline_reminders
        from ressources.services.needs import ask_due_feedback

        # Every few minutes: the hour-before reminder must leave within its hour.
        register_job(
            "gathering_reminders",
            _(
                "Rappelle leurs rencontres aux personnes inscrites, la veille et une heure avant, "
                "puis les invite au compte rendu."
            ),
            gatherings.send_gathering_reminders,
            every=timedelta(minutes=5),
        )
        # In the morning, when the question is read with the day's mail.
        register_job(
            "service_feedback",
            _(
                "Demande aux membres, quelque temps après l'acceptation de leur demande, si le "
                "service a répondu à leur besoin."
            ),
            ask_due_feedback,
            at=time(10, 0),
        )
        # Early, so that a reminder is read before the day's work: its count is in days.
        register_job(
            "funding_deadline_reminders",
            _(
                "Rappelle aux membres qui suivent un appel ses dates limites, 30, 7 et 1 "
                "jours avant."
            ),
            send_deadline_reminders,
            at=time(7, 0),
        )
        register_reachable(funding_permissions.invites_answers)
        register_calendar_source(DEADLINE_KIND, _("Date limite"), deadline_entries)
        register_fact(
            organization_permissions.REPRESENTED_ORGANIZATIONS,
            organization_permissions.organizations_represented_by,
            anonymous=frozenset(),
        )
        # What representatives (the Partenaire group) do for their organization: publish
        # services and answer requests. They sign in with a second factor to reach these pages.
        register_privileged_views(
            "ressources:manage",
            "ressources:dashboard",
            "ressources:request_manage",
            "ressources:demand",
            "ressources:service_create",
            "ressources:service_edit",
            "ressources:service_publish",
            "ressources:service_archive",
            # Organizers of gatherings: the list of registered people and its export.
            "ressources:gathering_create",
            "ressources:gathering_edit",
            "ressources:gathering_registrations",
            "ressources:gathering_attendance_csv",
        )
        live.register()
        register_calendar_source("gathering", _("Rencontres"), gathering_selectors.calendar_entries)
        navigation.register("calendar", _("Rencontres"), 47, url_name="ressources:calendar")
        bookmarks.register()
        register_poll_opener(opens_poll_in_need_conversation)
        navigation.register("resources", _("Ressources"), 40, url_name="ressources:catalogue")
        navigation.register("needs", _("Besoins"), 45, url_name="ressources:needs")
        navigation.register("funding", _("Financements"), 48, url_name="ressources:funding_calls")
        read_ahead.every_page(lambda: FOOTER_PARTNERS_KEY)
        navigation.register_account_link(
            "my_requests", _("Mes demandes"), 20, url_name="ressources:my_requests"
        )
        navigation.register_account_link(
            "my_needs", _("Mes besoins"), 30, url_name="ressources:my_needs"
        )
        navigation.register_account_link(
            "manage_services",
            _("Gérer mes services"),
            40,
            url_name="ressources:manage",
            visible=organization_permissions.is_representative,
        )
        site_search.register("services", _("Services mutualisés"), 20, search_services)
        site_search.register("needs", _("Besoins du milieu"), 25, search_needs)
        site_search.register("organizations", _("Organisations"), 30, search_organizations)
        site_search.register("gatherings", _("Rencontres"), 35, search_gatherings)
        site_search.register("funding", _("Appels de financement"), 40, search_funding_calls)
        register_step(
            "service",
            _("Trouver un service"),
            _(
                "Équipements, locaux, expertise : les organisations partenaires mettent "
                "leurs ressources en commun. Demandez-y accès en quelques lignes."
            ),
            30,
            url_name="ressources:catalogue",
            done=lambda viewer: requests_of_member(viewer.user).exists(),
        )
        register_step(
            "need",
            _("Déclarer un besoin"),
            _(
                "Ce qui vous manque manque peut-être à d'autres : les partenaires partent "
                "des besoins déclarés pour bâtir leurs services."
            ),
            40,
            url_name="ressources:need_create",
            done=lambda viewer: needs_of_member(viewer.user).exists(),
            visible=can_declare_need,
        )
