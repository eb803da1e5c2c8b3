"""Writes for gatherings: hold one, change it, cancel it; register, leave, and the waiting list
that fills every freed seat; write to the registered people.

Every registration write locks the gathering's row first (select_for_update), so that parallel
registrations for the last seats are served one after the other, in the order they reached the
lock, and the counters on the row stay true. Notifications go through the site's one centre.
"""

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communaute.models import Member, Notification
from communaute.notifications.centre import notify, notify_many
from communaute.notifications.kinds import NotificationKind, register_kind
from communaute.permissions.viewer import Viewer
from passerelles.core.markdown import render_markdown
from passerelles.core.models import Discipline
from ressources.models import CalendarFeedToken, Gathering, GatheringRegistration
from ressources.permissions.gatherings import (
    check_hold_gathering_for_permission,
    check_manage_gathering_permission,
    check_register_permission,
)
from ressources.selectors.gatherings import when_text

GATHERING_FIELDS = (
    "title",
    "description",
    "kind",
    "attendance",
    "address",
    "province",
    "online_url",
    "starts_at",
    "ends_at",
    "time_zone",
    "capacity",
    "registration_closes_at",
    "minutes_url",
)
# What a calendar shows: a change to one of these bumps the SEQUENCE and tells the registered.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "address", "attendance")
MOVING_FIELDS = ("starts_at", "ends_at", "address", "attendance", "online_url")

Registration = GatheringRegistration.Status


@dataclass(frozen=True, kw_only=True)
class GatheringContext:
    gathering: str
    starts_at: datetime
    time_zone: str


@dataclass(frozen=True, kw_only=True)
class GatheringMessageContext:
    gathering: str
    subject: str
    body: str


def _describe_promoted(notification: Notification, context: GatheringContext) -> str:
    return _("Une place s'est libérée : vous êtes inscrite ou inscrit à « %(gathering)s ».") % {
        "gathering": context.gathering
    }


GATHERING_PROMOTED = register_kind(
    "gathering_promoted",
    context=GatheringContext,
    describe=_describe_promoted,
    email_template="ressources/emails/gathering_promoted",
    reason=lambda n, c: (
        _("vous étiez sur la liste d'attente de « %(gathering)s »") % {"gathering": c.gathering}
    ),
    # The seat is theirs now: they must know at once to plan for it, or to free it.
    urgent=True,
)
GATHERING_MOVED = register_kind(
    "gathering_moved",
    context=GatheringContext,
    describe=lambda n, c: (
        _("La rencontre « %(gathering)s » a changé de date ou de lieu.")
        % {"gathering": c.gathering}
    ),
    email_template="ressources/emails/gathering_moved",
    reason=lambda n, c: (
        _(
            "vous êtes inscrite ou inscrit, ou en attente d'une place, à « %(gathering)s » "
            "et son heure ou son lieu a changé"
        )
        % {"gathering": c.gathering}
    ),
    urgent=True,
)
GATHERING_CANCELLED = register_kind(
    "gathering_cancelled",
    context=GatheringContext,
    describe=lambda n, c: (
        _("La rencontre « %(gathering)s » est annulée.") % {"gathering": c.gathering}
    ),
    email_template="ressources/emails/gathering_cancelled",
    reason=lambda n, c: (
        _(
            "vous étiez inscrite ou inscrit, ou en attente d'une place, à « %(gathering)s », "
            "que ses organisateurs ont annulée"
        )
        % {"gathering": c.gathering}
    ),
    urgent=True,
)
GATHERING_MESSAGE = register_kind(
    "gathering_message",
    context=GatheringMessageContext,
    describe=lambda n, c: (
        _("Message des organisateurs de « %(gathering)s » : %(subject)s")
        % {"gathering": c.gathering, "subject": c.subject}
    ),
    email_template="ressources/emails/gathering_message",
    reason=lambda n, c: (
        _("les organisateurs de « %(gathering)s », où vous êtes inscrite ou inscrit, vous écrivent")
        % {"gathering": c.gathering}
    ),
)


@dataclass(frozen=True, kw_only=True)
class ReminderContext:
    gathering: str
    # Written in the recipient's language and the gathering's zone when the reminder leaves.
    when: str
    # For registered people only: the online link, so that the reminder is all they need.
    online_url: str
    minutes_url: str


GATHERING_REMINDER = register_kind(
    "gathering_reminder",
    context=ReminderContext,
    describe=lambda n, c: (
        _("Rappel : « %(gathering)s », %(when)s.") % {"gathering": c.gathering, "when": c.when}
    ),
    email_template="ressources/emails/gathering_reminder",
    reason=lambda n, c: (
        _("vous êtes inscrite ou inscrit à « %(gathering)s »") % {"gathering": c.gathering}
    ),
    # A reminder in tomorrow's digest would come after the gathering.
    urgent=True,
)
GATHERING_FOLLOW_UP = register_kind(
    "gathering_follow_up",
    context=ReminderContext,
    describe=lambda n, c: (
        _("Merci de votre participation à « %(gathering)s » : le compte rendu vous attend.")
        % {"gathering": c.gathering}
        if c.minutes_url
        else _("Merci de votre participation à « %(gathering)s ».") % {"gathering": c.gathering}
    ),
    email_template="ressources/emails/gathering_follow_up",
    reason=lambda n, c: (
        _("vous étiez inscrite ou inscrit à « %(gathering)s »") % {"gathering": c.gathering}
    ),
)

# How long before the start each reminder leaves (the job runs every few minutes).
DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)
# A follow-up is not sent for a gathering that ended longer ago (a scheduler down for days).
FOLLOW_UP_WINDOW = timedelta(days=3)


class AlreadyRegisteredError(Exception):
    """The member is already registered or waiting."""


def _context(gathering: Gathering) -> GatheringContext:
    return GatheringContext(
        gathering=gathering.title, starts_at=gathering.starts_at, time_zone=gathering.time_zone
    )


def _registered_members(
    gathering: Gathering, statuses: Sequence[str] = (Registration.REGISTERED,)
) -> list[Member]:
    return [
        registration.member
        for registration in gathering.registrations.filter(status__in=statuses).select_related(
            "member"
        )
    ]


def _organizer_values(data: Mapping[str, Any]) -> dict[str, Any]:
    organizer = data["organizer"]
    return {
        "organizer": organizer,
        "organization": data.get("organization")
        if organizer == Gathering.Organizer.ORGANIZATION
        else None,
        "space": data.get("space") if organizer == Gathering.Organizer.SPACE else None,
    }


@transaction.atomic
def create_gathering(
    *, actor: Member, data: Mapping[str, Any], disciplines: Sequence[Discipline] = ()
) -> Gathering:
    organizer = _organizer_values(data)
    check_hold_gathering_for_permission(
        Viewer.of(actor),
        organizer["organizer"],
        organization_id=organizer["organization"].pk if organizer["organization"] else None,
        space=organizer["space"],
    )
    values = {name: data[name] for name in GATHERING_FIELDS if name in data}
    gathering = Gathering.objects.create(
        **organizer,
        **values,
        description_html=render_markdown(values.get("description", "")),
        created_by=actor,
    )
    gathering.disciplines.set(disciplines)
    return gathering


@transaction.atomic
def update_gathering(
    gathering: Gathering,
    *,
    actor: Member,
    data: Mapping[str, Any],
    disciplines: Sequence[Discipline] | None = None,
) -> Gathering:
    """Change what the organizers may change; moving it tells every registered person and every
    waiting one (their calendars hold it too)."""
    gathering = (
        Gathering.objects.select_for_update(of=("self",))
        .select_related("space")
        .get(pk=gathering.pk)
    )
    check_manage_gathering_permission(Viewer.of(actor), gathering)
    changed = {
        name for name in GATHERING_FIELDS if name in data and getattr(gathering, name) != data[name]
    }
    for name in changed:
        setattr(gathering, name, data[name])
    gathering.description_html = render_markdown(gathering.description)
    if changed & set(CALENDAR_FIELDS):
        gathering.sequence += 1
    if changed & {"starts_at", "ends_at"}:
        gathering.day_reminder_sent_at = gathering.hour_reminder_sent_at = None
        gathering.follow_up_sent_at = None
    gathering.updated_at = timezone.now()
    gathering.save()
    if disciplines is not None:
        gathering.disciplines.set(disciplines)
    if "capacity" in changed:
        fill_free_seats(gathering)
    if changed & set(MOVING_FIELDS) and not gathering.is_cancelled:
        notify_many(
            _registered_members(gathering, (Registration.REGISTERED, Registration.WAITING)),
            GATHERING_MOVED,
            url=gathering.get_absolute_url(),
            context=_context(gathering),
            actor=actor,
        )
    return gathering


@transaction.atomic
def cancel_gathering(gathering: Gathering, *, actor: Member) -> Gathering:
    gathering = (
        Gathering.objects.select_for_update(of=("self",))
        .select_related("space")
        .get(pk=gathering.pk)
    )
    check_manage_gathering_permission(Viewer.of(actor), gathering)
    if gathering.is_cancelled:
        return gathering
    gathering.status = Gathering.Status.CANCELLED
    gathering.sequence += 1
    gathering.updated_at = timezone.now()
    gathering.save(update_fields=["status", "sequence", "updated_at"])
    notify_many(
        _registered_members(gathering, (Registration.REGISTERED, Registration.WAITING)),
        GATHERING_CANCELLED,
        url=gathering.get_absolute_url(),
        context=_context(gathering),
        actor=actor,
    )
    return gathering


def _refresh_counts(gathering: Gathering) -> None:
    counts = dict(
        gathering.registrations.filter(status__in=(Registration.REGISTERED, Registration.WAITING))
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    gathering.registered_count = counts.get(Registration.REGISTERED, 0)
    gathering.waiting_count = counts.get(Registration.WAITING, 0)
    Gathering.objects.filter(pk=gathering.pk).update(
        registered_count=gathering.registered_count, waiting_count=gathering.waiting_count
    )


@transaction.atomic
def register(
    gathering: Gathering, *, member: Member, share_contact: bool = False
) -> GatheringRegistration:
    """A seat if one is left, else a place at the end of the waiting list."""
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    check_register_permission(Viewer.of(member), gathering)
    registration = GatheringRegistration.objects.filter(gathering=gathering, member=member).first()
    if registration is not None and registration.status != Registration.CANCELLED:
        raise AlreadyRegisteredError
    full = gathering.capacity is not None and gathering.registered_count >= gathering.capacity
    # A waiting list already formed is served first, even if a seat is free for a moment.
    status = Registration.WAITING if full or gathering.waiting_count else Registration.REGISTERED
    if registration is None:
        registration = GatheringRegistration.objects.create(
            gathering=gathering, member=member, status=status, share_contact=share_contact
        )
    else:
        registration.status = status
        registration.share_contact = share_contact
        registration.created_at = timezone.now()
        registration.promoted_at = None
        registration.save(update_fields=["status", "share_contact", "created_at", "promoted_at"])
    _refresh_counts(gathering)
    return registration


@transaction.atomic
def cancel_registration(gathering: Gathering, *, member: Member) -> GatheringRegistration | None:
    """The member leaves (the seat or the waiting list); a freed seat goes to the first person
    waiting, who is told by email."""
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    registration = GatheringRegistration.objects.filter(gathering=gathering, member=member).first()
    if registration is None or registration.status == Registration.CANCELLED:
        return registration
    registration.status = Registration.CANCELLED
    registration.save(update_fields=["status"])
    _refresh_counts(gathering)
    fill_free_seats(gathering)
    return registration


def fill_free_seats(gathering: Gathering) -> list[GatheringRegistration]:
    """Give the free seats to the people waiting, first come first served. The caller holds
    the gathering's row locked."""
    if gathering.is_cancelled or gathering.starts_at <= timezone.now():
        return []
    waiting = gathering.registrations.filter(status=Registration.WAITING).select_related("member")
    if gathering.capacity is not None:
        free = gathering.capacity - gathering.registered_count
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if not promoted:
        return []
    now = timezone.now()
    GatheringRegistration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Registration.REGISTERED, promoted_at=now
    )
    _refresh_counts(gathering)
    for registration in promoted:
        notify(
            registration.member,
            GATHERING_PROMOTED,
            url=gathering.get_absolute_url(),
            context=_context(gathering),
        )
    return promoted


def write_to_registered(gathering: Gathering, *, actor: Member, subject: str, body: str) -> int:
    check_manage_gathering_permission(Viewer.of(actor), gathering)
    created = notify_many(
        _registered_members(gathering),
        GATHERING_MESSAGE,
        url=gathering.get_absolute_url(),
        context=GatheringMessageContext(gathering=gathering.title, subject=subject, body=body),
        actor=actor,
    )
    return len(created)


def calendar_feed_token(member: Member) -> str:
    """The member's private feed token, made the first time it is asked for."""
    feed, _created = CalendarFeedToken.objects.get_or_create(
        member=member, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed.token


@transaction.atomic
def renew_calendar_feed(member: Member) -> str:
    """A new secret address: the old one answers 404 from now on."""
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.update_or_create(
        member=member, defaults={"token": token, "created_at": timezone.now()}
    )
    return token


def _notify_registered_in_their_language(
    gathering: Gathering, kind: NotificationKind[ReminderContext], *, with_link: bool
) -> int:
    """One notification per registered person, the time written in each one's language."""
    members = _registered_members(gathering)
    by_language: dict[str, list[Member]] = {}
    for member in members:
        by_language.setdefault(member.language or settings.LANGUAGE_CODE, []).append(member)
    sent = 0
    for language, recipients in by_language.items():
        with translation.override(language):
            when = when_text(gathering.starts_at, gathering.ends_at, gathering.time_zone)
        context = ReminderContext(
            gathering=gathering.title,
            when=when,
            online_url=gathering.online_url if with_link and gathering.is_online else "",
            minutes_url=gathering.minutes_url,
        )
        sent += len(
            notify_many(recipients, kind, url=gathering.get_absolute_url(), context=context)
        )
    return sent


def _claim(field: str, **conditions: Any) -> list[Gathering]:
    """The gatherings due for one message, marked sent in the same transaction: a second
    scheduler (or a run that overlaps) finds them claimed and skips them."""
    due = list(
        Gathering.objects.select_for_update(skip_locked=True)
        .filter(status=Gathering.Status.SCHEDULED, **{f"{field}__isnull": True}, **conditions)
        .order_by("starts_at")
    )
    Gathering.objects.filter(pk__in=[gathering.pk for gathering in due]).update(
        **{field: timezone.now()}
    )
    return due


@transaction.atomic
def send_gathering_reminders(now: datetime | None = None) -> dict[str, int]:
    """The day-before and hour-before reminders, and the follow-up after the gathering."""
    now = now or timezone.now()
    counts = {"day": 0, "hour": 0, "follow_up": 0}
    # Inside the last hour only the hour reminder leaves: two reminders at once say nothing more.
    hour_due = _claim("hour_reminder_sent_at", starts_at__gt=now, starts_at__lte=now + HOUR_BEFORE)
    Gathering.objects.filter(
        pk__in=[gathering.pk for gathering in hour_due], day_reminder_sent_at__isnull=True
    ).update(day_reminder_sent_at=now)
    for gathering in hour_due:
        counts["hour"] += _notify_registered_in_their_language(
            gathering, GATHERING_REMINDER, with_link=True
        )
    for gathering in _claim(
        "day_reminder_sent_at", starts_at__gt=now + HOUR_BEFORE, starts_at__lte=now + DAY_BEFORE
    ):
        counts["day"] += _notify_registered_in_their_language(
            gathering, GATHERING_REMINDER, with_link=True
        )
    for gathering in _claim(
        "follow_up_sent_at", ends_at__lte=now, ends_at__gt=now - FOLLOW_UP_WINDOW
    ):
        counts["follow_up"] += _notify_registered_in_their_language(
            gathering, GATHERING_FOLLOW_UP, with_link=False
        )
    return counts
