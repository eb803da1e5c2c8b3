from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RessourcesConfig(AppConfig):
    name = "ressources"
    verbose_name = _("Ressources mutualisées")

    def ready(self):
        # Importing the services declares the notification kinds they send.
        from communaute.hooks.viewer import register_fact
        from passerelles.core import navigation
        from passerelles.core import search as site_search
        from ressources import signals  # noqa: F401
        from ressources.permissions import organizations as organization_permissions
        from ressources.selectors import organizations, personal_data  # noqa: F401
        from ressources.selectors.search import search_needs, search_organizations, search_services
        from ressources.services import access, needs  # noqa: F401

        register_fact(
            organization_permissions.REPRESENTED_ORGANIZATIONS,
            organization_permissions.organizations_represented_by,
            anonymous=frozenset(),
        )
        navigation.register("resources", _("Ressources"), 40, url_name="ressources:catalogue")
        navigation.register("needs", _("Besoins"), 45, url_name="ressources:needs")
        site_search.register("services", _("Services mutualisés"), 20, search_services)
        site_search.register("needs", _("Besoins du milieu"), 25, search_needs)
        site_search.register("organizations", _("Organisations"), 30, search_organizations)
