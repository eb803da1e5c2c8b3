"""Writes for the resources side: services, representatives, access requests.

Each write runs in one transaction, checks permission first, and notifies on commit through the
site's one notification centre (communaute).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.viewer import Viewer
from passerelles.core import search
from passerelles.core.markdown import render_markdown
from passerelles.core.slugs import free_slug
from passerelles.core.templatetags.passerelles import member_name
from ressources.models import AccessRequest, AccessRequestEvent, Representative, Service
from ressources.permissions.catalogue import (
    check_change_request_status_permission,
    check_manage_service_permission,
    check_offer_services_permission,
    check_request_access_permission,
    represented_organization_ids,
)
from ressources.services.needs import tell_members_of_matching_service

SERVICE_FIELDS = (
    "title", "summary", "description", "category", "audience", "delivery", "in_french",
    "in_english", "french_outside_quebec", "cost_model", "price_note", "eligibility_note",
    "capacity_note", "availability", "how_to_access",
)  # fmt: skip


class DuplicateRequestError(Exception):
    """The member already has an open request for this service."""

    def __init__(self, existing):
        super().__init__(existing)
        self.existing = existing


@dataclass(frozen=True, kw_only=True)
class AccessRequestContext:
    service: str


@dataclass(frozen=True, kw_only=True)
class RequestStatusContext:
    service: str
    status: AccessRequest.Status
    has_message: bool


ACCESS_REQUEST_CREATED = register_kind(
    "access_request_created",
    context=AccessRequestContext,
    describe=lambda n, c: (
        _("%(member)s demande l'accès à « %(service)s ».")
        % {"member": member_name(n.actor), "service": c.service}
    ),
    email_template="ressources/emails/access_request_created",
    reason=lambda n, c: (
        _("vous représentez l'organisme qui offre « %(service)s »") % {"service": c.service}
    ),
    # Someone waits for this answer: it leaves at once, even for digest readers.
    urgent=True,
)
ACCESS_REQUEST_STATUS = register_kind(
    "access_request_status",
    context=RequestStatusContext,
    describe=lambda n, c: (
        _("Votre demande pour « %(service)s » est maintenant : %(status)s.")
        % {"service": c.service, "status": c.status.label}
    ),
    email_template="ressources/emails/access_request_status",
    reason=lambda n, c: _("vous avez demandé l'accès à « %(service)s »") % {"service": c.service},
    # Someone waits for this answer: it leaves at once, even for digest readers.
    urgent=True,
)
ACCESS_REQUEST_WITHDRAWN = register_kind(
    "access_request_withdrawn",
    context=RequestStatusContext,
    describe=lambda n, c: (
        _("%(member)s a retiré sa demande pour « %(service)s ».")
        % {"member": member_name(n.actor), "service": c.service}
    ),
    email_template="ressources/emails/access_request_withdrawn",
    reason=lambda n, c: (
        _("la demande d'accès à « %(service)s » était adressée à l'organisme que vous représentez")
        % {"service": c.service}
    ),
)


def _refresh_search_vector(service):
    Service.objects.filter(pk=service.pk).update(
        search_vector=search.document(("title", "A"), ("summary", "B"), ("description", "C"))
    )


def _check_organizations(viewer, organizations, *, current=()):
    """A representative adds or removes only organizations they represent; the partners of a
    jointly offered service (`current`) stay as they are."""
    if not organizations:
        raise PermissionDenied(_("Un service est offert par au moins une organisation."))
    if viewer.is_superuser:
        return
    allowed = represented_organization_ids(viewer)
    wanted = {organization.pk for organization in organizations}
    existing = {organization.pk for organization in current}
    if (wanted ^ existing) - allowed:
        raise PermissionDenied(
            _("Vous ne pouvez offrir un service qu'au nom d'une organisation que vous représentez.")
        )


def refresh_derived_fields(service):
    """The stored HTML and search document follow the text (also after an admin edit)."""
    html = render_markdown(service.description)
    Service.objects.filter(pk=service.pk).update(description_html=html)
    service.description_html = html
    _refresh_search_vector(service)


def _save_service(service, *, data, organizations, disciplines, regions):
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.save()
    service.organizations.set(organizations)
    service.disciplines.set(disciplines)
    service.regions.set(regions)
    refresh_derived_fields(service)
    return service


@transaction.atomic
def create_service(*, actor, data, organizations, disciplines, regions):
    """A new service starts as a draft: its page is a preview until it is published."""
    viewer = Viewer.of(actor)
    check_offer_services_permission(viewer)
    _check_organizations(viewer, organizations)
    service = Service(
        slug=free_slug(
            Service.objects.all(), "slug", data["title"], fallback="service", max_length=70
        ),
        status=Service.Status.DRAFT,
        created_by=actor,
    )
    return _save_service(
        service, data=data, organizations=organizations, disciplines=disciplines, regions=regions
    )


@transaction.atomic
def update_service(service, *, actor, data, organizations, disciplines, regions):
    viewer = Viewer.of(actor)
    check_manage_service_permission(viewer, service)
    _check_organizations(viewer, organizations, current=list(service.organizations.all()))
    service.last_reviewed = timezone.localdate()
    service = _save_service(
        service, data=data, organizations=organizations, disciplines=disciplines, regions=regions
    )
    # A new province or discipline may now answer needs it did not before.
    tell_members_of_matching_service(service)
    return service


@transaction.atomic
def publish_service(service, *, actor):
    check_manage_service_permission(Viewer.of(actor), service)
    service.status = Service.Status.PUBLISHED
    service.published_at = service.published_at or timezone.now()
    service.last_reviewed = timezone.localdate()
    service.save(update_fields=["status", "published_at", "last_reviewed", "updated_at"])
    tell_members_of_matching_service(service)
    return service


@transaction.atomic
def archive_service(service, *, actor):
    """Archived services leave the catalogue; their pages and requests stay for the record."""
    check_manage_service_permission(Viewer.of(actor), service)
    service.status = Service.Status.ARCHIVED
    service.save(update_fields=["status", "updated_at"])
    return service


# Representatives ------------------------------------------------------------------------
# The Partenaire group follows the Representative rows (ressources/signals.py), whatever
# writes them: these functions, the admin's inline, or an account deletion.


@transaction.atomic
def add_representative(
    organization, member, *, role=Representative.Role.STAFF, shown_on_page=False
):
    representative, _created = Representative.objects.update_or_create(
        organization=organization,
        member=member,
        defaults={"role": role, "shown_on_page": shown_on_page},
    )
    return representative


@transaction.atomic
def remove_representative(representative):
    representative.delete()


# Access requests -------------------------------------------------------------------------


def _representatives_of(service, *, exclude=None):
    members = get_user_model().objects.filter(
        representations__organization__services=service, is_active=True
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.distinct()


@transaction.atomic
def create_access_request(service, *, member, data):
    check_request_access_permission(Viewer.of(member), service)
    # Locking the member's row makes a double-submitted form create one request, not two.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    existing = AccessRequest.objects.filter(
        service=service, member=member, status__in=AccessRequest.OPEN_STATUSES
    ).first()
    if existing is not None:
        raise DuplicateRequestError(existing)
    now = timezone.now()
    access_request = AccessRequest.objects.create(
        service=service,
        member=member,
        on_behalf=data["on_behalf"],
        organization_name=data.get("organization_name", ""),
        message=data["message"],
        timeframe=data.get("timeframe", ""),
        created_at=now,
        updated_at=now,
    )
    AccessRequestEvent.objects.create(
        request=access_request,
        actor=member,
        to_status=AccessRequest.Status.NEW,
        message=data["message"],
    )
    for representative in _representatives_of(service, exclude=member):
        notify(
            representative,
            ACCESS_REQUEST_CREATED,
            url=access_request.get_absolute_url(),
            actor=member,
            context=AccessRequestContext(service=service.title),
        )
    return access_request


@transaction.atomic
def change_request_status(access_request, *, actor, new_status, message=""):
    access_request = (
        AccessRequest.objects.select_for_update()
        .select_related("service")
        .get(pk=access_request.pk)
    )
    check_change_request_status_permission(Viewer.of(actor), access_request, new_status)
    previous = access_request.status
    access_request.status = new_status
    access_request.updated_at = timezone.now()
    access_request.save(update_fields=["status", "updated_at"])
    AccessRequestEvent.objects.create(
        request=access_request,
        actor=actor,
        from_status=previous,
        to_status=new_status,
        message=message,
    )
    context = RequestStatusContext(
        service=access_request.service.title, status=new_status, has_message=bool(message)
    )
    if actor.pk == access_request.member_id:
        recipients = _representatives_of(access_request.service, exclude=actor)
        kind = ACCESS_REQUEST_WITHDRAWN
    else:
        recipients = [access_request.member]
        kind = ACCESS_REQUEST_STATUS
    for recipient in recipients:
        notify(recipient, kind, url=access_request.get_absolute_url(), actor=actor, context=context)
    return access_request
