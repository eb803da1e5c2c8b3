"""The resources members may set aside (« Mettre de côté »): services and needs, registered
with communaute's bookmarks (communaute/hooks/bookmarks.py) from RessourcesConfig.ready."""

from collections.abc import Collection

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communaute.hooks.bookmarks import BookmarkTarget, register_bookmark_kind
from communaute.permissions.viewer import Viewer
from ressources.models import Need, Service
from ressources.permissions.organizations import is_administrator, represented_organization_ids

SERVICE = "service"
NEED = "need"


def _visible_services(viewer: Viewer, ids: Collection[int]) -> dict[int, BookmarkTarget]:
    # A published service, or a draft of the reader's own organization (can_view_service).
    visible = Q(status=Service.Status.PUBLISHED)
    if is_administrator(viewer):
        visible = Q()
    elif viewer.is_authenticated:
        visible |= Q(organizations__in=represented_organization_ids(viewer))
    services = Service.objects.filter(visible, pk__in=ids).distinct()
    return {
        service.pk: BookmarkTarget(title=service.title, url=service.get_absolute_url())
        for service in services
    }


def _visible_needs(viewer: Viewer, ids: Collection[int]) -> dict[int, BookmarkTarget]:
    # Needs are public to read, met or not.
    return {
        need.pk: BookmarkTarget(title=need.title, url=need.get_absolute_url())
        for need in Need.objects.filter(pk__in=ids).only("pk", "title")
    }


def register() -> None:
    register_bookmark_kind(SERVICE, _("Service"), _visible_services)
    register_bookmark_kind(NEED, _("Besoin"), _visible_needs)
