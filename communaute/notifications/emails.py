"""The emails of the notification centre: what each one says, and one attempt at sending it.

An email is a row (EmailDelivery) written in the transaction of what caused it; when it leaves
is tasks.py's business. Every email says why it was sent and carries a one-click unsubscribe
link (a signed token that works without signing in, and the List-Unsubscribe headers of RFC
8058 for mail clients). It is written in the recipient's language (Member.language), with links
to the pages in that language, whatever language the page that caused it was in.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from communaute.models import EmailDelivery, EmailFrequency, Member, Notification
from communaute.notifications import kinds
from communaute.notifications.kinds import NotificationKind
from communaute.selectors.following import frequencies, frequency_of
from passerelles.core.emails import render_subject, render_text
from passerelles.core.links import absolute_url, localized_path

logger = logging.getLogger(__name__)

EMAIL_SUBJECT_PREFIX = "[Passerelles Culture] "
EMAIL_FOOTER_TEMPLATE = "communaute/emails/footer.txt"
UNSUBSCRIBE_SALT = "communaute.emails.unsubscribe"
MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=5)


def unsubscribe_token(member: Member) -> str:
    # No expiry: an email read months later must still let its reader stop the emails.
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def member_from_token(token: str) -> Member | None:
    """The active member a token was made for, or None for a forged or stale token."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=pk, is_active=True).first()


def unsubscribe_url(member: Member) -> str:
    return absolute_url(
        reverse("communaute:unsubscribe", kwargs={"token": unsubscribe_token(member)})
    )


def footer(member: Member, *, reason: str, frequency: str) -> str:
    """The end of every email: why it came, and how to stop or change that in one click."""
    return render_text(
        EMAIL_FOOTER_TEMPLATE,
        {
            "reason": reason,
            "frequency": EmailFrequency(frequency).label,
            "notifications_url": absolute_url(reverse("communaute:notifications")),
            "preferences_url": absolute_url(reverse("compte:email_preferences")),
            "unsubscribe_url": unsubscribe_url(member),
        },
    ).strip()


def _emails_at_once(kind: NotificationKind[Any], frequency: str) -> bool:
    if frequency == EmailFrequency.NONE:
        return False
    return kind.urgent or frequency == EmailFrequency.EACH_EVENT


def deliveries_at_once(
    kind: NotificationKind[Any], notification_list: list[Notification]
) -> list[EmailDelivery]:
    """The emails that leave without waiting for a digest, written beside their notifications
    (the urgent ones, and all of them for members who chose an email per notification)."""
    if not kind.email_template:
        return []
    chosen = frequencies([notification.recipient_id for notification in notification_list])
    return EmailDelivery.objects.bulk_create(
        EmailDelivery(recipient=notification.recipient, notification=notification)
        for notification in notification_list
        if _emails_at_once(kind, chosen[notification.recipient_id])
    )


def _event_message(delivery: EmailDelivery, frequency: str) -> tuple[str, str]:
    notification = delivery.notification
    registered = kinds.get_kind(notification.kind)
    context = kinds.context_of(notification)
    if context is None or not registered.email_template:
        # A kind removed or changed since the row was written: the generic email, which says
        # what the centre says of it.
        template, facts = kinds.GENERIC_EMAIL, {}
    else:
        template, facts = registered.email_template, dataclasses.asdict(context)
    template_context = {
        "notification": notification,
        "recipient": delivery.recipient,
        "actor": notification.actor,
        "description": notification.describe(),
        "notifications_url": absolute_url(reverse("communaute:notifications")),
        # Stored in the site's default language: the recipient's own pages.
        "url": absolute_url(localized_path(notification.url, delivery.recipient.language)),
        **facts,
    }
    subject = render_subject(f"{template}_subject.txt", template_context)
    body = render_text(f"{template}.txt", template_context).rstrip()
    why = footer(delivery.recipient, reason=kinds.reason(notification), frequency=frequency)
    return subject, f"{body}\n\n{why}\n"


def _message(delivery: EmailDelivery) -> EmailMessage:
    recipient = delivery.recipient
    # In the recipient's language, whatever language the page that caused the email was in;
    # reverse() then gives the addresses of the pages in that language too.
    with translation.override(recipient.language):
        if delivery.notification_id:
            frequency = frequency_of(recipient)
            subject, body = _event_message(delivery, frequency)
        else:
            # A digest, written in the recipient's language when it was assembled.
            subject, body = delivery.subject, delivery.body
        link = unsubscribe_url(recipient)
    return EmailMessage(
        EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def deliver(delivery_id: int) -> EmailDelivery | None:
    """Send one pending email; a failure is recorded, with a later next attempt each time,
    until MAX_ATTEMPTS. Returns the row as the attempt left it (SENT, still PENDING after a
    failure, or ABANDONED), or None when there was nothing to send."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "notification__actor")
            .filter(pk=delivery_id, status=EmailDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        if not delivery.recipient.is_active:
            # The account was closed or deactivated since: nobody to write to any more.
            delivery.status = EmailDelivery.Status.ABANDONED
            delivery.last_error = "inactive recipient"
            delivery.save(update_fields=["status", "last_error"])
            return delivery
        try:
            _message(delivery).send()
        except Exception as error:
            _record_failure(delivery, error)
            return delivery
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "sent_at", "attempts"])
        return delivery


def _record_failure(delivery: EmailDelivery, error: Exception) -> None:
    delivery.attempts += 1
    delivery.last_error = repr(error)[:2000]
    delivery.next_attempt_at = timezone.now() + FIRST_RETRY_DELAY * 3 ** (delivery.attempts - 1)
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = EmailDelivery.Status.ABANDONED
    delivery.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
    logger.exception(
        "Notification email %s to member %s failed (attempt %s)",
        delivery.pk,
        delivery.recipient_id,
        delivery.attempts,
    )
