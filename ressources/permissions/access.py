"""Who may ask for a service, see an access request and move it to another status.

check_* raise PermissionDenied with a French message; can_* answer for templates.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import AccessRequest, Service
from ressources.permissions.catalogue import can_manage_service


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
    if access_request.is_closed:
        return allowed
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


def can_take_part(viewer: Viewer, access_request: AccessRequest) -> bool:
    """Write in a request or close it: the member who asked or a representative of the
    organization, not suspended, while the request is open (closed requests are read-only)."""
    return (
        can_view_request(viewer, access_request)
        and viewer.active_suspension is None
        and not access_request.is_closed
    )


def check_take_part_permission(viewer: Viewer, access_request: AccessRequest) -> None:
    if not can_view_request(viewer, access_request):
        raise PermissionDenied(_("Cette demande ne vous concerne pas."))
    if access_request.is_closed:
        raise PermissionDenied(
            _("Cette demande est close : elle reste lisible, mais on ne peut plus y écrire.")
        )
    check_not_suspended(viewer)
