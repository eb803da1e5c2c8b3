"""Writes for access requests: a member asks for a service, the organization answers, and
both sides write to each other in the request until one of them closes it.

Each write runs in one transaction on the request's locked row, checks permission first,
notifies the other side on commit through the site's one notification centre (communaute) and
pokes the request's live channel ("request:<id>": ressources/live.py) with the entry's id.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communaute.models import Member, Notification
from communaute.notifications.centre import notify
from communaute.notifications.kinds import GENERIC_EMAIL, register_kind
from communaute.permissions.viewer import Viewer
from communaute.services.files import store_files
from passerelles.core.files import JoinedFile
from passerelles.core.live import publish
from passerelles.core.markdown import render_markdown
from passerelles.core.templatetags.passerelles import member_name
from ressources.models import AccessRequest, AccessRequestEvent, RequestAttachment, Service
from ressources.permissions.access import (
    check_change_request_status_permission,
    check_request_access_permission,
    check_take_part_permission,
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
    file_name: str = ""


@dataclass(frozen=True, kw_only=True)
class RequestMessageContext:
    service: str
    # Quoted whole in the email; a glimpse in the notification centre.
    message: str
    # Which side wrote: the organization (to the member) or the member (to the organization).
    by_organization: bool
    file_name: str = ""


@dataclass(frozen=True, kw_only=True)
class RequestClosedContext:
    service: str
    by_organization: bool


# In the notification centre's list and in digests, a message is a glimpse; the email has it whole.
MESSAGE_GLIMPSE_CHARS = 200


def _glimpse(message: str) -> str:
    return Truncator(" ".join(message.split())).chars(MESSAGE_GLIMPSE_CHARS)


def describe_status_change(notification: Notification, context: RequestStatusContext) -> str:
    sentence = _("Votre demande pour « %(service)s » est maintenant : %(status)s.") % {
        "service": context.service,
        "status": context.status.label,
    }
    if not context.message.strip():
        return sentence
    return _("%(sentence)s Message de l'organisation : « %(message)s »") % {
        "sentence": sentence,
        "message": _glimpse(context.message),
    }


def describe_message(notification: Notification, context: RequestMessageContext) -> str:
    facts = {"service": context.service, "message": _glimpse(context.message)}
    if context.by_organization:
        return (
            _(
                "L'organisation vous a écrit au sujet de votre demande pour « %(service)s » : "
                "« %(message)s »"
            )
            % facts
        )
    return _(
        "%(member)s vous a écrit au sujet de sa demande pour « %(service)s » : « %(message)s »"
    ) % {**facts, "member": member_name(notification.actor)}


def describe_closing(notification: Notification, context: RequestClosedContext) -> str:
    if context.by_organization:
        return _(
            "L'organisation a clos votre demande pour « %(service)s » : elle reste lisible."
        ) % {"service": context.service}
    return _("%(member)s a clos sa demande pour « %(service)s ».") % {
        "member": member_name(notification.actor),
        "service": context.service,
    }


def reason_for_message(notification: Notification, context: RequestMessageContext) -> str:
    """Why the other side hears of a message: the member waits for the organization, the
    representatives for the member."""
    if context.by_organization:
        return _(
            "vous échangez avec l'organisation au sujet de votre demande d'accès à « %(service)s »"
        ) % {"service": context.service}
    return _(
        "vous échangez avec une personne qui demande l'accès à « %(service)s », un service de "
        "votre organisme"
    ) % {"service": context.service}


def reason_for_closing(notification: Notification, context: RequestClosedContext) -> str:
    if context.by_organization:
        return _("vous aviez demandé l'accès à « %(service)s »") % {"service": context.service}
    return _("la demande d'accès à « %(service)s » était adressée à votre organisme") % {
        "service": context.service
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


ACCESS_REQUEST_MESSAGE = register_kind(
    "access_request_message",
    context=RequestMessageContext,
    describe=describe_message,
    email_template="ressources/emails/access_request_message",
    reason=reason_for_message,
    # The other side waits for this answer: it leaves at once, even for digest readers.
    urgent=True,
)
ACCESS_REQUEST_CLOSED = register_kind(
    "access_request_closed",
    context=RequestClosedContext,
    describe=describe_closing,
    email_template=GENERIC_EMAIL,
    reason=reason_for_closing,
)


def _representatives_of(service: Service, *, exclude: Member | None = None) -> QuerySet[Member]:
    members = get_user_model().objects.filter(
        representations__organization__services=service, is_active=True
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.distinct()


def _locked(access_request: AccessRequest) -> AccessRequest:
    return (
        AccessRequest.objects.select_for_update()
        .select_related("service")
        .get(pk=access_request.pk)
    )


def _other_side(access_request: AccessRequest, actor: Member) -> list[Member]:
    if actor.pk == access_request.member_id:
        return list(_representatives_of(access_request.service, exclude=actor))
    return [access_request.member] if access_request.member.is_active else []


def _already_written(
    access_request: AccessRequest, actor: Member, token: str
) -> AccessRequestEvent | None:
    """The entry a first sending of the same form wrote, if this is a second one."""
    if not token:
        return None
    return access_request.events.filter(actor=actor, client_token=token).first()


def _add_event(
    access_request: AccessRequest,
    *,
    actor: Member,
    kind: AccessRequestEvent.Kind,
    message: str = "",
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    from_status: str = "",
    to_status: str = "",
    token: str = "",
) -> AccessRequestEvent:
    """Append an entry to the timeline of a request whose row the caller holds locked."""
    event = AccessRequestEvent.objects.create(
        request=access_request,
        kind=kind,
        actor=actor,
        by_organization=actor.pk != access_request.member_id,
        from_status=from_status,
        to_status=to_status,
        message=message,
        # Markdown made safe; no mentions here: the two sides are already told of everything.
        message_html=render_markdown(message) if message.strip() else "",
        client_token=token,
    )
    store_files(lambda: RequestAttachment(event=event), attachments)
    AccessRequest.objects.filter(pk=access_request.pk).update(updated_at=event.created_at)
    publish(f"request:{access_request.pk}", "message", {"id": event.pk})
    return event


def _file_name(event: AccessRequestEvent) -> str:
    """The names of the files joined to an entry, as kept (cleaned: passerelles/core/files.py)."""
    return ", ".join(event.attachments.order_by("pk").values_list("original_name", flat=True))


@transaction.atomic
def create_access_request(
    service: Service, *, member: Member, data: Mapping[str, Any]
) -> AccessRequest:
    check_request_access_permission(Viewer.of(member), service)
    # Locking the member's row makes a double-submitted form create one request, not two.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    existing = AccessRequest.objects.filter(
        service=service,
        member=member,
        status__in=AccessRequest.OPEN_STATUSES,
        closed_at__isnull=True,
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
    _add_event(
        access_request,
        actor=member,
        kind=AccessRequestEvent.Kind.STATUS,
        to_status=AccessRequest.Status.NEW,
        message=data["message"],
    )
    for representative in _representatives_of(service, exclude=member):
        notify(
            representative,
            ACCESS_REQUEST_CREATED,
            url=access_request.get_management_url(),
            actor=member,
            context=AccessRequestContext(service=service.title),
        )
    return access_request


@transaction.atomic
def change_request_status(
    access_request: AccessRequest,
    *,
    actor: Member,
    new_status: str,
    message: str = "",
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    token: str = "",
) -> AccessRequest:
    """A representative answers (the status, with a message and a file if they like), or the
    member withdraws the request, which closes it."""
    access_request = _locked(access_request)
    if _already_written(access_request, actor, token):
        return access_request
    check_change_request_status_permission(Viewer.of(actor), access_request, new_status)
    previous = access_request.status
    access_request.status = new_status
    update = ["status"]
    if new_status == AccessRequest.Status.WITHDRAWN:
        access_request.closed_at = timezone.now()
        update.append("closed_at")
    access_request.save(update_fields=update)
    event = _add_event(
        access_request,
        actor=actor,
        kind=AccessRequestEvent.Kind.STATUS,
        from_status=previous,
        to_status=new_status,
        message=message,
        attachments=attachments,
        token=token,
    )
    context = RequestStatusContext(
        service=access_request.service.title,
        status=new_status,
        message=message,
        file_name=_file_name(event) if attachments else "",
    )
    kind = (
        ACCESS_REQUEST_WITHDRAWN if actor.pk == access_request.member_id else ACCESS_REQUEST_STATUS
    )
    for recipient in _other_side(access_request, actor):
        notify(recipient, kind, url=access_request.url_for(recipient), actor=actor, context=context)
    return access_request


@transaction.atomic
def post_request_message(
    author: Member,
    access_request: AccessRequest,
    *,
    body: str,
    attachments: Sequence[UploadedFile | JoinedFile] = (),
    token: str = "",
) -> AccessRequestEvent:
    """A message from the member who asked or a representative, whatever the status, until
    the request is closed; the other side is told at once, the message quoted."""
    access_request = _locked(access_request)
    earlier = _already_written(access_request, author, token)
    if earlier is not None:
        return earlier
    check_take_part_permission(Viewer.of(author), access_request)
    event = _add_event(
        access_request,
        actor=author,
        kind=AccessRequestEvent.Kind.MESSAGE,
        message=body,
        attachments=attachments,
        token=token,
    )
    context = RequestMessageContext(
        service=access_request.service.title,
        message=body,
        by_organization=event.by_organization,
        file_name=_file_name(event) if attachments else "",
    )
    for recipient in _other_side(access_request, author):
        notify(
            recipient,
            ACCESS_REQUEST_MESSAGE,
            url=access_request.url_for(recipient),
            actor=author,
            context=context,
        )
    return event


@transaction.atomic
def close_request(access_request: AccessRequest, *, actor: Member) -> AccessRequest:
    """Either side closes the request: it stays readable, nobody writes in it any more.
    The member closing a request still waiting for an answer withdraws it."""
    access_request = _locked(access_request)
    check_take_part_permission(Viewer.of(actor), access_request)
    if actor.pk == access_request.member_id and access_request.is_open:
        return change_request_status(
            access_request, actor=actor, new_status=AccessRequest.Status.WITHDRAWN
        )
    access_request.closed_at = timezone.now()
    access_request.save(update_fields=["closed_at"])
    event = _add_event(access_request, actor=actor, kind=AccessRequestEvent.Kind.CLOSED)
    context = RequestClosedContext(
        service=access_request.service.title, by_organization=event.by_organization
    )
    for recipient in _other_side(access_request, actor):
        notify(
            recipient,
            ACCESS_REQUEST_CLOSED,
            url=access_request.url_for(recipient),
            actor=actor,
            context=context,
        )
    return access_request
