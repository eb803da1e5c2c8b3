"""Emails of the notification centre: written as rows, sent by a background task, retried.

Every email says why it was sent and carries a one-click unsubscribe link (a signed token
that works without signing in, and the List-Unsubscribe headers of RFC 8058 for mail clients).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from communaute.models import EmailDelivery, EmailFrequency, Member
from communaute.notifications import kinds as notifications
from communaute.selectors.following import frequency_of

logger = logging.getLogger(__name__)

EMAIL_SUBJECT_PREFIX = "[Passerelles Culture] "
EMAIL_LANGUAGE = "fr"
EMAIL_FOOTER_TEMPLATE = "communaute/emails/footer.txt"
UNSUBSCRIBE_SALT = "communaute.emails.unsubscribe"
MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=5)
BATCH_SIZE = 100


def unsubscribe_token(member):
    # No expiry: an email read months later must still let its reader stop the emails.
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def member_from_token(token):
    """The active member a token was made for, or None for a forged or stale token."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=pk, is_active=True).first()


def unsubscribe_url(member):
    path = reverse("communaute:unsubscribe", kwargs={"token": unsubscribe_token(member)})
    return settings.SITE_URL + path


def footer(member, *, reason, frequency):
    """The end of every email: why it came, and how to stop or change that in one click."""
    return render_to_string(
        EMAIL_FOOTER_TEMPLATE,
        {
            "reason": reason,
            "frequency": EmailFrequency(frequency).label,
            "notifications_url": settings.SITE_URL + reverse("communaute:notifications"),
            "preferences_url": settings.SITE_URL + reverse("compte:email_preferences"),
            "unsubscribe_url": unsubscribe_url(member),
        },
    ).strip()


def queue_deliveries(delivery_ids):
    """Hand the emails to the background worker once the transaction that wrote them commits."""
    if not delivery_ids:
        return
    from communaute.notifications.tasks import send_emails

    def enqueue():
        for start in range(0, len(delivery_ids), BATCH_SIZE):
            try:
                send_emails.enqueue(delivery_ids[start : start + BATCH_SIZE])
            except Exception:
                # The rows stay pending: `manage.py send_digests` sends them on its next run.
                logger.exception("Could not enqueue notification emails %s", delivery_ids)

    transaction.on_commit(enqueue)


def _event_message(delivery, frequency):
    notification = delivery.notification
    registered = notifications.get_kind(notification.kind)
    context = {
        "notification": notification,
        "recipient": delivery.recipient,
        "actor": notification.actor,
        "description": notification.describe(),
        "notifications_url": settings.SITE_URL + reverse("communaute:notifications"),
        "url": settings.SITE_URL + notification.url,
        **notification.context,
    }
    subject = render_to_string(f"{registered.email_template}_subject.txt", context)
    body = render_to_string(f"{registered.email_template}.txt", context).rstrip()
    why = footer(delivery.recipient, reason=notifications.reason(notification), frequency=frequency)
    return subject, f"{body}\n\n{why}\n"


def _message(delivery):
    recipient = delivery.recipient
    # Emails are written in French, whatever language the page that caused them was in.
    with translation.override(EMAIL_LANGUAGE):
        if delivery.notification_id:
            frequency = frequency_of(recipient)
            subject, body = _event_message(delivery, frequency)
        else:
            subject, body = delivery.subject, delivery.body
    link = unsubscribe_url(recipient)
    return EmailMessage(
        # A header must hold on one line, whatever the template's line breaks.
        EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def deliver(delivery_id):
    """Send one pending email; a failure is recorded and tried again later, with a longer wait
    each time, until MAX_ATTEMPTS. Returns True when the email left."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "notification__actor")
            .filter(pk=delivery_id, status=EmailDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return False
        if not delivery.recipient.is_active:
            # The account was closed or deactivated since: nobody to write to any more.
            delivery.status = EmailDelivery.Status.ABANDONED
            delivery.last_error = "inactive recipient"
            delivery.save(update_fields=["status", "last_error"])
            return False
        try:
            _message(delivery).send()
        except Exception as error:
            _record_failure(delivery, error)
            return False
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "sent_at", "attempts"])
        return True


def _record_failure(delivery, error):
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
    if delivery.status == EmailDelivery.Status.PENDING:
        _retry_later(delivery)


def _retry_later(delivery):
    from communaute.notifications.tasks import send_emails

    # The database worker can hold a task until a given time; other backends rely on the
    # next run of `manage.py send_digests`, which sends every email that is due.
    if send_emails.get_backend().supports_defer:
        transaction.on_commit(
            lambda: send_emails.using(run_after=delivery.next_attempt_at).enqueue([delivery.pk])
        )


def send_now(delivery_ids):
    """Send these emails at once, abandoned ones too with their attempts started over (an
    administrator tries again once the mail server is fixed). Returns how many left."""
    EmailDelivery.objects.filter(pk__in=delivery_ids, status=EmailDelivery.Status.ABANDONED).update(
        status=EmailDelivery.Status.PENDING, attempts=0
    )
    return sum(deliver(pk) for pk in delivery_ids)


def send_due_emails(now=None):
    """Send the pending emails whose time has come (failed earlier, or never handed over)."""
    now = now or timezone.now()
    due = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return sum(deliver(pk) for pk in list(due[:1000]))
