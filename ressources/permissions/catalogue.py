"""Who may do what with organizations, services and access requests.

check_* raise PermissionDenied with a French message; can_* answer for templates. A member
speaks for an organization through a Representative row; administrators may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import AccessRequest, Representative, Service

# A fact of the Viewer (communaute/hooks/viewer.py), registered in RessourcesConfig.ready().
REPRESENTED_ORGANIZATIONS = "represented_organization_ids"


def _is_admin(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_superuser


def organizations_represented_by(member) -> frozenset[int]:
    return frozenset(
        Representative.objects.filter(member=member).values_list("organization_id", flat=True)
    )


def represented_organization_ids(viewer: Viewer) -> frozenset[int]:
    return viewer.fact(REPRESENTED_ORGANIZATIONS)


def is_representative(viewer: Viewer) -> bool:
    """Who reads an organization's side of the catalogue: its services, requests and demand."""
    return _is_admin(viewer) or (
        viewer.is_authenticated
        and viewer.user.has_perm("ressources.add_service")
        and bool(represented_organization_ids(viewer))
    )


def check_representative_permission(viewer: Viewer) -> None:
    if not is_representative(viewer):
        raise PermissionDenied(
            _(
                "Seules les personnes qui représentent une organisation partenaire "
                "offrent des services."
            )
        )


def can_offer_services(viewer: Viewer) -> bool:
    # As in the forum, a suspended person still reads their organization's pages but acts for
    # it (offers, edits, links a service to a need) only once the suspension ends.
    return is_representative(viewer) and viewer.active_suspension is None


def check_offer_services_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    check_representative_permission(viewer)


def can_manage_service(viewer: Viewer, service: Service) -> bool:
    if _is_admin(viewer):
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


def can_request_access(viewer: Viewer, service: Service) -> bool:
    # Each request emails the representatives at once: a suspended member sends none.
    return (
        viewer.is_authenticated
        and service.status == Service.Status.PUBLISHED
        and viewer.active_suspension is None
    )


def check_request_access_permission(viewer: Viewer, service: Service) -> None:
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour demander l'accès à un service."))
    check_not_suspended(viewer)
    if service.status != Service.Status.PUBLISHED:
        raise PermissionDenied(_("Ce service n'est pas offert en ce moment."))


def can_answer_request(viewer: Viewer, access_request: AccessRequest) -> bool:
    """The offering organization's representatives (and administrators) answer a request."""
    return can_manage_service(viewer, access_request.service)


def can_view_request(viewer: Viewer, access_request: AccessRequest) -> bool:
    return viewer.is_authenticated and (
        access_request.member_id == viewer.pk or can_answer_request(viewer, access_request)
    )


# Which status each side may move a request to, from where.
ANSWER_TRANSITIONS = {
    AccessRequest.Status.NEW: {
        AccessRequest.Status.IN_DISCUSSION,
        AccessRequest.Status.ACCEPTED,
        AccessRequest.Status.DECLINED,
    },
    AccessRequest.Status.IN_DISCUSSION: {
        AccessRequest.Status.IN_DISCUSSION,  # a new message in the discussion
        AccessRequest.Status.ACCEPTED,
        AccessRequest.Status.DECLINED,
    },
}
MEMBER_TRANSITIONS = {
    AccessRequest.Status.NEW: {AccessRequest.Status.WITHDRAWN},
    AccessRequest.Status.IN_DISCUSSION: {AccessRequest.Status.WITHDRAWN},
}


def allowed_statuses(viewer: Viewer, access_request: AccessRequest) -> set[str]:
    allowed = set()
    if can_answer_request(viewer, access_request) and viewer.active_suspension is None:
        allowed |= ANSWER_TRANSITIONS.get(access_request.status, set())
    if viewer.is_authenticated and access_request.member_id == viewer.pk:
        allowed |= MEMBER_TRANSITIONS.get(access_request.status, set())
    return allowed


def check_change_request_status_permission(
    viewer: Viewer, access_request: AccessRequest, new_status: str
) -> None:
    if new_status not in allowed_statuses(viewer, access_request):
        raise PermissionDenied(
            _("Vous ne pouvez pas faire passer cette demande à « %(status)s ».")
            % {"status": AccessRequest.Status(new_status).label}
        )
