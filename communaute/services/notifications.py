"""The site's one notification centre: every app tells members what concerns them through here.

A notification is a row that the member reads in their centre, plus an email when its kind has
one. The email leaves only once the write that caused it is committed, and a failing mail server
never undoes that write.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from .. import notifications
from ..models import Notification

logger = logging.getLogger(__name__)

EMAIL_SUBJECT_PREFIX = "[Passerelles Culture] "
EMAIL_LANGUAGE = "fr"
EMAIL_FOOTER_TEMPLATE = "communaute/emails/footer.txt"


def _site_path(url):
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
def notify(recipient, kind, *, url, context=None, actor=None):
    """Tell a member that something concerns them; returns None for an inactive account."""
    registered = notifications.get_kind(kind)
    if registered is None:
        raise ValueError(f"Unknown notification kind {kind!r}: register it with register_kind().")
    url = _site_path(url)
    if not recipient.is_active:
        return None
    notification = Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, url=url, context=context or {}
    )
    if registered.email_template:
        transaction.on_commit(lambda: _send_email(notification, registered.email_template))
    return notification


def _send_email(notification, template_prefix):
    recipient = notification.recipient
    try:
        # Emails are written in French, whatever language the page that caused them was in.
        with translation.override(EMAIL_LANGUAGE):
            context = {
                "notification": notification,
                "recipient": recipient,
                "actor": notification.actor,
                "description": notification.describe(),
                "notifications_url": settings.SITE_URL + reverse("communaute:notifications"),
                "url": settings.SITE_URL + notification.url,
                **notification.context,
            }
            subject = render_to_string(f"{template_prefix}_subject.txt", context)
            body = render_to_string(f"{template_prefix}.txt", context).rstrip()
            footer = render_to_string(EMAIL_FOOTER_TEMPLATE, context).strip()
        send_mail(
            # A header must hold on one line, whatever the template's line breaks.
            EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            f"{body}\n\n{footer}\n",
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email],
        )
    except Exception:
        # The write is committed and the notification is in the centre: log, do not raise.
        logger.exception(
            "Notification email %s (%s) to member %s failed",
            notification.pk,
            notification.kind,
            recipient.pk,
        )


@transaction.atomic
def mark_read(member, notification_id):
    """Mark one of the member's notifications read; another member's is not found (404)."""
    notification = get_object_or_404(
        Notification.objects.filter(recipient=member), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(member):
    """Mark every unread notification of the member read; returns how many changed."""
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
