"""Writes for access requests: a member asks for a service, the organization answers.

Each write runs in one transaction, checks permission first, and notifies on commit through the
site's one notification centre (communaute).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communaute.models import Member, Notification
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.viewer import Viewer
from passerelles.core.templatetags.passerelles import member_name
from ressources.models import AccessRequest, AccessRequestEvent, Service
from ressources.permissions.access import (
    check_change_request_status_permission,
    check_request_access_permission,
)


class DuplicateRequestError(Exception):
    """The member already has an open request for this service."""

    def __init__(self, existing: AccessRequest) -> None:
        super().__init__(existing)
        self.existing = existing


@dataclass(frozen=True, kw_only=True)
class AccessRequestContext:
    service: str


@dataclass(frozen=True, kw_only=True)
class RequestStatusContext:
    service: str
    status: AccessRequest.Status
    # What the other side wrote with the change, quoted in the email and shown in the site.
    message: str = ""


# In the notification centre's list and in digests, a message is a glimpse; the email has it whole.
MESSAGE_GLIMPSE_CHARS = 200


def describe_status_change(notification: Notification, context: RequestStatusContext) -> str:
    sentence = _("Votre demande pour « %(service)s » est maintenant : %(status)s.") % {
        "service": context.service,
        "status": context.status.label,
    }
    if not context.message.strip():
        return sentence
    glimpse = Truncator(" ".join(context.message.split())).chars(MESSAGE_GLIMPSE_CHARS)
    return _("%(sentence)s Message de l'organisation : « %(message)s »") % {
        "sentence": sentence,
        "message": glimpse,
    }


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
    describe=describe_status_change,
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


def _representatives_of(service: Service, *, exclude: Member | None = None) -> QuerySet[Member]:
    members = get_user_model().objects.filter(
        representations__organization__services=service, is_active=True
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.distinct()


@transaction.atomic
def create_access_request(
    service: Service, *, member: Member, data: Mapping[str, Any]
) -> AccessRequest:
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
def change_request_status(
    access_request: AccessRequest, *, actor: Member, new_status: str, message: str = ""
) -> AccessRequest:
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
        service=access_request.service.title, status=new_status, message=message
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
