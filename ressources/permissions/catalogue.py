"""Who may do what with organizations, services and access requests.

check_* raise PermissionDenied with a French message; can_* answer for templates. A member
speaks for an organization through a Representative row; administrators may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.suspensions import active_suspension, check_not_suspended
from ressources.models import AccessRequest, Representative, Service


def _is_admin(user):
    return user.is_authenticated and user.is_superuser


def represented_organization_ids(user):
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_represented_organization_ids", None)
    if cache is None:
        cache = set(
            Representative.objects.filter(member=user).values_list("organization_id", flat=True)
        )
        user._represented_organization_ids = cache
    return cache


def is_representative(user):
    """Who reads an organization's side of the catalogue: its services, requests and demand."""
    return _is_admin(user) or (
        user.is_authenticated
        and user.has_perm("ressources.add_service")
        and bool(represented_organization_ids(user))
    )


def check_representative_permission(user):
    if not is_representative(user):
        raise PermissionDenied(
            _(
                "Seules les personnes qui représentent une organisation partenaire "
                "offrent des services."
            )
        )


def can_offer_services(user):
    # As in the forum, a suspended person still reads their organization's pages but acts for
    # it (offers, edits, links a service to a need) only once the suspension ends.
    return is_representative(user) and active_suspension(user) is None


def check_offer_services_permission(user):
    check_not_suspended(user)
    check_representative_permission(user)


def can_manage_service(user, service):
    if _is_admin(user):
        return True
    organization_ids = {organization.pk for organization in service.organizations.all()}
    return bool(organization_ids & represented_organization_ids(user))


def can_edit_service(user, service):
    """Edit, publish, archive: what a suspended representative, who still reads, may not do."""
    return can_manage_service(user, service) and active_suspension(user) is None


def check_manage_service_permission(user, service):
    check_not_suspended(user)
    if not can_manage_service(user, service):
        raise PermissionDenied(
            _("Seules les personnes qui représentent l'organisation peuvent modifier ce service.")
        )


def can_view_service(user, service):
    return service.status == Service.Status.PUBLISHED or can_manage_service(user, service)


def can_request_access(user, service):
    # Each request emails the representatives at once: a suspended member sends none.
    return (
        user.is_authenticated
        and service.status == Service.Status.PUBLISHED
        and active_suspension(user) is None
    )


def check_request_access_permission(user, service):
    if not user.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour demander l'accès à un service."))
    check_not_suspended(user)
    if service.status != Service.Status.PUBLISHED:
        raise PermissionDenied(_("Ce service n'est pas offert en ce moment."))


def can_answer_request(user, access_request):
    """The offering organization's representatives (and administrators) answer a request."""
    return can_manage_service(user, access_request.service)


def can_view_request(user, access_request):
    return user.is_authenticated and (
        access_request.member_id == user.pk or can_answer_request(user, access_request)
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


def allowed_statuses(user, access_request):
    allowed = set()
    if can_answer_request(user, access_request) and active_suspension(user) is None:
        allowed |= ANSWER_TRANSITIONS.get(access_request.status, set())
    if user.is_authenticated and access_request.member_id == user.pk:
        allowed |= MEMBER_TRANSITIONS.get(access_request.status, set())
    return allowed


def check_change_request_status_permission(user, access_request, new_status):
    if new_status not in allowed_statuses(user, access_request):
        raise PermissionDenied(
            _("Vous ne pouvez pas faire passer cette demande à « %(status)s ».")
            % {"status": AccessRequest.Status(new_status).label}
        )
