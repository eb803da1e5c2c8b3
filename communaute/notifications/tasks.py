"""When the centre's emails leave: never in the request that caused them.

An email to send at once is a row written in the same transaction as its notification; it is
handed to the background worker once that transaction commits, so a failing mail server never
undoes the write nor loses the email. A failed email is tried again later (the database worker
holds a task until then; `manage.py send_digests` sends whatever is due on every run).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from communaute.models import EmailDelivery, Notification
from communaute.notifications.centre import notified
from communaute.notifications.emails import deliver, deliveries_at_once
from communaute.notifications.kinds import NotificationKind

logger = logging.getLogger(__name__)

BATCH_SIZE = 100

_emails_suppressed = ContextVar("notification_emails_suppressed", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Notifications written inside stay in the centre but leave no email at once: the demo
    (seed_demo) writes dozens that nobody waits for, and would bury the emails someone does."""
    token = _emails_suppressed.set(True)
    try:
        yield
    finally:
        _emails_suppressed.reset(token)


@task()
def send_emails(delivery_ids: list[int]) -> int:
    return sum(_send(pk) for pk in delivery_ids)


def queue_deliveries(delivery_ids: list[int]) -> None:
    """Hand the emails to the background worker once the transaction that wrote them commits."""
    if not delivery_ids:
        return

    def enqueue() -> None:
        for start in range(0, len(delivery_ids), BATCH_SIZE):
            try:
                send_emails.enqueue(delivery_ids[start : start + BATCH_SIZE])
            except Exception:
                # The rows stay pending: `manage.py send_digests` sends them on its next run.
                logger.exception("Could not enqueue notification emails %s", delivery_ids)

    transaction.on_commit(enqueue)


@receiver(notified)
def _email_at_once(
    sender: NotificationKind[Any], notifications: list[Notification], **kwargs: Any
) -> None:
    if _emails_suppressed.get():
        return
    queue_deliveries([delivery.pk for delivery in deliveries_at_once(sender, notifications)])


def _send(delivery_id: int) -> bool:
    delivery = deliver(delivery_id)
    if delivery is None:
        return False
    if delivery.status == EmailDelivery.Status.PENDING:
        _retry_later(delivery.pk, delivery.next_attempt_at)
    return delivery.status == EmailDelivery.Status.SENT


def _retry_later(delivery_id: int, when: datetime) -> None:
    # The database worker can hold a task until a given time; other backends rely on the
    # next run of `manage.py send_digests`, which sends every email that is due.
    if send_emails.get_backend().supports_defer:
        transaction.on_commit(lambda: send_emails.using(run_after=when).enqueue([delivery_id]))


def send_now(delivery_ids: list[int]) -> int:
    """Send these emails at once, abandoned ones too with their attempts started over (an
    administrator tries again once the mail server is fixed). Returns how many left."""
    EmailDelivery.objects.filter(pk__in=delivery_ids, status=EmailDelivery.Status.ABANDONED).update(
        status=EmailDelivery.Status.PENDING, attempts=0
    )
    return sum(_send(pk) for pk in delivery_ids)


def send_due_emails(now: datetime | None = None) -> int:
    """Send the pending emails whose time has come (failed earlier, or never handed over)."""
    now = now or timezone.now()
    due = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return sum(_send(pk) for pk in list(due[:1000]))
