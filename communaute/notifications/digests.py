"""Daily and weekly digests: what is new since the previous one, grouped by space.

A digest lists the notifications the member has not read and that no email told them of,
created since their previous digest, then « Quoi de neuf » for the same period: the very
selection the site's page shows (communaute/selectors/news.py), from the later of the previous
digest and the member's last look at that page, so that site and email agree and neither
repeats what the member has already seen. With nothing new, nothing is sent. Each space is a
short block with a count and a few lines, so the whole reads in seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communaute.hooks.news import NewsItem, Window
from communaute.models import (
    EmailDelivery,
    EmailFrequency,
    EmailPreference,
    Member,
    Notification,
    Topic,
)
from communaute.notifications.emails import footer
from communaute.notifications.tasks import queue_deliveries
from communaute.selectors.news import group_items, seen_until, whats_new
from passerelles.core.emails import render_subject, render_text
from passerelles.core.links import absolute_url

PERIODS = {
    EmailFrequency.DAILY: timedelta(days=1),
    EmailFrequency.WEEKLY: timedelta(days=7),
}
# A cron that runs a few minutes late must not push a daily digest to the next day.
SLACK = timedelta(hours=1)
LINES_PER_SPACE = 5
# « Quoi de neuf » in an email: its newest items, the page has the rest.
NEWS_ITEMS = 20
# The news items a notification already speaks of (a new topic, replies in a followed topic).
TOPIC_KINDS = ("topics", "replies")
# Older unread notifications are not news any more: a digest never reaches further back than
# a week and a day (the longest period, and the margin of a late run).
OLDEST = timedelta(days=8)


def _due(preference: EmailPreference | None, frequency: str, now: datetime) -> bool:
    if frequency not in PERIODS:
        return False
    last = preference.last_digest_at if preference else None
    return last is None or now - last >= PERIODS[frequency] - SLACK


def _since(preference: EmailPreference | None, now: datetime) -> datetime:
    last = preference.last_digest_at if preference else None
    return max(last, now - OLDEST) if last else now - OLDEST


def new_for_digest(member: Member, since: datetime, until: datetime) -> list[Notification]:
    """Unread, unemailed notifications of (since, until]: the next digest starts at until, so
    one created while a run goes through the members belongs to that next digest only."""
    notification_list = list(
        Notification.objects.filter(
            recipient=member,
            read_at__isnull=True,
            created_at__gt=since,
            created_at__lte=until,
        )
        .exclude(email_deliveries__isnull=False)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    # Moderators hid some topics since: a digest does not carry their titles around.
    topic_ids = {
        item.context["topic_id"] for item in notification_list if "topic_id" in item.context
    }
    hidden = set(
        Topic.objects.filter(pk__in=topic_ids, hidden_at__isnull=False).values_list("pk", flat=True)
    )
    return [item for item in notification_list if item.context.get("topic_id") not in hidden]


def group_by_space(
    notification_list: list[Notification],
) -> list[tuple[str, list[Notification]]]:
    """[(space name or "", [notifications])], spaces in alphabetical order, the rest last."""
    groups: dict[str, list[Notification]] = {}
    for notification in notification_list:
        groups.setdefault(notification.context.get("space", ""), []).append(notification)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))


def news_for_digest(
    member: Member, since: datetime, until: datetime, notification_list: list[Notification]
) -> list[NewsItem]:
    """« Quoi de neuf » for the digest's period, less what the member saw on the page since,
    and less the topics a notification of this digest already speaks of."""
    seen = seen_until(member)
    window = Window(since=max(since, seen) if seen else since, until=until)
    if window.since >= window.until:
        return []
    told = {item.context.get("topic_id") for item in notification_list}
    return [
        item
        for item in whats_new(member, window, limit=NEWS_ITEMS).items
        if not (item.kind in TOPIC_KINDS and item.pk in told)
    ]


def render_digest(
    member: Member,
    notification_list: list[Notification],
    frequency: str,
    news: list[NewsItem] | None = None,
) -> tuple[str, str]:
    news = news or []
    # In the member's language: the sentences, and the addresses reverse() gives.
    with translation.override(member.language):
        groups = [
            {
                "space": space,
                "count": len(items),
                "lines": [
                    {
                        "text": item.describe(),
                        "url": absolute_url(
                            reverse("communaute:notification_open", kwargs={"pk": item.pk})
                        ),
                    }
                    for item in items[:LINES_PER_SPACE]
                ],
                "more": max(0, len(items) - LINES_PER_SPACE),
            }
            for space, items in group_by_space(notification_list)
        ]
        context = {
            "member": member,
            "groups": groups,
            "news_groups": [
                {
                    **group,
                    "url": absolute_url(group["url"]) if group["url"] else "",
                    "items": [
                        {"item": item, "url": absolute_url(item.url)} for item in group["items"]
                    ],
                }
                for group in group_items(news)
            ],
            "news_url": absolute_url(reverse("communaute:whats_new")),
            "total": len(notification_list) + len(news),
            "weekly": frequency == EmailFrequency.WEEKLY,
            "notifications_url": absolute_url(reverse("communaute:notifications")),
        }
        subject = render_subject("communaute/emails/digest_subject.txt", context)
        body = render_text("communaute/emails/digest.txt", context).rstrip()
        if notification_list:
            reason = (
                _("vous avez choisi un résumé par semaine de vos notifications non lues")
                if frequency == EmailFrequency.WEEKLY
                else _("vous recevez un résumé par jour de vos notifications non lues")
            )
        else:
            # Only « Quoi de neuf »: the reason names it, not notifications the member has not.
            reason = (
                _("vous avez choisi un résumé par semaine de ce qui est nouveau pour vous")
                if frequency == EmailFrequency.WEEKLY
                else _("vous recevez un résumé par jour de ce qui est nouveau pour vous")
            )
        why = footer(member, reason=reason, frequency=frequency)
    return subject, f"{body}\n\n{why}\n"


@transaction.atomic
def _send_digest(
    member: Member, preference: EmailPreference | None, frequency: str, now: datetime
) -> EmailDelivery | None:
    since = _since(preference, now)
    notification_list = new_for_digest(member, since, now)
    # The news are read in the member's language: their sentences go into the email as such.
    with translation.override(member.language):
        news = news_for_digest(member, since, now, notification_list)
    if not notification_list and not news:
        return None
    subject, body = render_digest(member, notification_list, frequency, news)
    delivery = EmailDelivery.objects.create(recipient=member, subject=subject, body=body)
    # The delivery row and the new starting point are written together: a digest is never
    # sent twice, and a failing mail server only delays it (the row is retried).
    EmailPreference.objects.update_or_create(member=member, defaults={"last_digest_at": now})
    queue_deliveries([delivery.pk])
    return delivery


def send_due_digests(now: datetime | None = None) -> int:
    """Assemble the digests that are due; returns how many were queued for sending."""
    now = now or timezone.now()
    # Every member who wants digests: « Quoi de neuf » may have news for those without
    # notifications. Whose period is over is decided below, without a query.
    members = (
        Member.objects.filter(is_active=True)
        .exclude(email_preference__frequency__in=[EmailFrequency.EACH_EVENT, EmailFrequency.NONE])
        .select_related("email_preference")
        .order_by("pk")
    )
    sent = 0
    for member in members.iterator(chunk_size=200):
        preference = getattr(member, "email_preference", None)
        frequency = preference.frequency if preference else EmailFrequency.DAILY
        if _due(preference, frequency, now) and _send_digest(member, preference, frequency, now):
            sent += 1
    return sent
