"""Who may offer, edit and see the catalogue's services.

check_* raise PermissionDenied with a French message; can_* answer for templates.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import Service
from ressources.permissions.organizations import (
    check_representative_permission,
    is_administrator,
    is_representative,
    represented_organization_ids,
)


def can_offer_services(viewer: Viewer) -> bool:
    # As in the forum, a suspended person still reads their organization's pages but acts for
    # it (offers, edits, links a service to a need) only once the suspension ends.
    return is_representative(viewer) and viewer.active_suspension is None


def check_offer_services_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    check_representative_permission(viewer)


def can_manage_service(viewer: Viewer, service: Service) -> bool:
    if is_administrator(viewer):
        return True
    organization_ids = {organization.pk for organization in service.organizations.all()}
    return bool(organization_ids & represented_organization_ids(viewer))


def can_edit_service(viewer: Viewer, service: Service) -> bool:
    """Edit, publish, archive: what a suspended representative, who still reads, may not do."""
    return can_manage_service(viewer, service) and viewer.active_suspension is None


def check_manage_service_permission(viewer: Viewer, service: Service) -> None:
    check_not_suspended(viewer)
    if not can_manage_service(viewer, service):
        raise PermissionDenied(
            _("Seules les personnes qui représentent l'organisation peuvent modifier ce service.")
        )


def can_view_service(viewer: Viewer, service: Service) -> bool:
    return service.status == Service.Status.PUBLISHED or can_manage_service(viewer, service)
