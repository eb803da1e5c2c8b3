"""The notification centre: writing notifications, reading and marking them read.

A notification is a row that the member reads in their centre. The centre does not send
emails: it announces the rows it wrote with the `notified` signal, in the same transaction,
and delivery (tasks.py) decides what leaves at once and what waits for a digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.shortcuts import get_object_or_404
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from communaute.models import Notification
from communaute.notifications.kinds import NotificationKind, stored_context
from passerelles.core.live import publish_counters

if TYPE_CHECKING:
    from communaute.models import Member

Context = TypeVar("Context")

# Sent with sender=the kind and notifications=the rows written, inside their transaction.
notified = Signal()


def _site_path(url: str) -> str:
    """The path in the site's default language, so that each reader can get it in theirs.

    reverse() during an English request gives "/en/...": the centre and the email would then
    send French readers to the English page.
    """
    # The centre redirects to this address: only a path of this site may go there.
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise ValueError(f"A notification links to a path of the site, not {url!r}.")
    language = translation.get_language_from_path(url)
    if language and language != settings.LANGUAGE_CODE:
        with translation.override(language):
            return translate_url(url, settings.LANGUAGE_CODE)
    return url


@transaction.atomic
def notify(
    recipient: Member,
    kind: NotificationKind[Context],
    *,
    url: str,
    context: Context,
    actor: Member | None = None,
) -> Notification | None:
    """Tell a member that something concerns them; returns None for an inactive account."""
    created = notify_many([recipient], kind, url=url, context=context, actor=actor)
    return created[0] if created else None


@transaction.atomic
def notify_many(
    recipients: Iterable[Member],
    kind: NotificationKind[Context],
    *,
    url: str,
    context: Context,
    actor: Member | None = None,
) -> list[Notification]:
    """The same notification for many members at once (a reply, an announcement): a few
    queries whatever their number. Inactive accounts are left out."""
    stored = stored_context(kind, context)
    url = _site_path(url)
    recipients = [member for member in recipients if member.is_active]
    if not recipients:
        return []
    now = timezone.now()
    created = Notification.objects.bulk_create(
        Notification(
            recipient=member,
            actor=actor,
            kind=kind.kind,
            url=url,
            context=stored,
            created_at=now,
        )
        for member in recipients
    )
    notified.send(sender=kind, notifications=created)
    _counts_changed(member.pk for member in recipients)
    return created


@transaction.atomic
def mark_read(member: Member, notification_id: int) -> Notification:
    """Mark one of the member's notifications read; another member's is not found (404)."""
    notification = get_object_or_404(
        Notification.objects.filter(recipient=member), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _counts_changed([member.pk])
    return notification


@transaction.atomic
def mark_all_read(member: Member) -> int:
    """Mark every unread notification of the member read; returns how many changed."""
    changed = Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        _counts_changed([member.pk])
    return changed


def _counts_changed(member_ids: Iterable[int]) -> None:
    """The members' open pages refresh their header's count, once the write commits
    (static/js/live.js asks communaute.live's counter again)."""
    for member_id in member_ids:
        publish_counters(member_id)


def notifications_for(member: Member) -> QuerySet[Notification]:
    """The member's own notifications, newest first, with the actor that describe() may name."""
    return Notification.objects.filter(recipient=member).select_related("actor")


def unread_count(member: Member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()
