"""Writes for funding calls: suggest (for the editors), publish and archive, follow and
unfollow, remind followers before each deadline, look for partners and answer privately.

Each write runs in one transaction and checks permission first; notifications go through the
site's one centre, so that digests, email preferences and unsubscribe apply to them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.models import Conversation, Member
from communaute.notifications.centre import notify_many
from communaute.notifications.kinds import GENERIC_EMAIL, register_kind
from communaute.permissions import roles
from communaute.permissions.viewer import Viewer
from communaute.services.messaging import start_conversation
from passerelles.core.formats import format_long_date
from passerelles.core.models import Discipline, Region
from passerelles.core.templatetags.passerelles import member_name
from ressources.models import (
    FundingCall,
    FundingDeadline,
    FundingFollow,
    FundingReminder,
    PartnerSearch,
)
from ressources.permissions.funding import (
    check_answer_partner_search_permission,
    check_follow_call_permission,
    check_search_partners_permission,
    check_suggest_call_permission,
)
from ressources.selectors import portrait

# Days before a deadline when its followers hear of it, from the furthest.
REMINDER_STEPS = (30, 7, 1)

CALL_FIELDS = (
    "funder",
    "funder_name",
    "program",
    "summary",
    "official_url",
    "amount_min",
    "amount_max",
    "for_artists",
    "for_organizations",
    "for_collectives",
)


@dataclass(frozen=True, kw_only=True)
class DeadlineReminderContext:
    call: str
    # Midnight of the deadline's day: the centre stores moments, and the sentence writes the
    # day in the reader's language.
    deadline: datetime
    days: int


@dataclass(frozen=True, kw_only=True)
class CallSuggestedContext:
    call: str


FUNDING_DEADLINE_REMINDER = register_kind(
    "funding_deadline_reminder",
    context=DeadlineReminderContext,
    describe=lambda n, c: (
        ngettext(
            "Date limite demain (%(date)s) : « %(call)s ».",
            "Date limite dans %(days)s jours (%(date)s) : « %(call)s ».",
            c.days,
        )
        % {"days": c.days, "date": format_long_date(c.deadline.date()), "call": c.call}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous suivez l'appel « %(call)s »") % {"call": c.call},
)
FUNDING_CALL_SUGGESTED = register_kind(
    "funding_call_suggested",
    context=CallSuggestedContext,
    describe=lambda n, c: (
        _("%(member)s propose un appel de financement : « %(call)s ».")
        % {"member": member_name(n.actor), "call": c.call}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _(
        "vous faites partie de l'équipe de rédaction, qui vérifie les appels proposés"
    ),
)


def _editors() -> list[Member]:
    return list(get_user_model().objects.filter(groups__name=roles.EDITORIAL, is_active=True))


@transaction.atomic
def suggest_call(
    *,
    member: Member,
    data: Mapping[str, Any],
    disciplines: Sequence[Discipline] = (),
    provinces: Sequence[Region] = (),
    deadline: date | None = None,
) -> FundingCall:
    """A member's suggestion, kept as SUGGESTED until an editor checks and publishes it."""
    check_suggest_call_permission(Viewer.of(member))
    call = FundingCall.objects.create(
        **{name: data[name] for name in CALL_FIELDS if name in data},
        status=FundingCall.Status.SUGGESTED,
        suggested_by=member,
    )
    call.disciplines.set(disciplines)
    call.provinces.set(provinces)
    if deadline is not None:
        FundingDeadline.objects.create(call=call, date=deadline)
    notify_many(
        _editors(),
        FUNDING_CALL_SUGGESTED,
        url=reverse("admin:ressources_fundingcall_change", args=[call.pk]),
        actor=member,
        context=CallSuggestedContext(call=call.program),
    )
    return call


@transaction.atomic
def publish_call(call: FundingCall) -> FundingCall:
    """Called from the admin, where editors work: a call needs its funder to be published."""
    call = FundingCall.objects.select_for_update().get(pk=call.pk)
    if call.funder_id is None:
        raise ValidationError(_("Choisissez le bailleur de fonds avant de publier l'appel."))
    call.status = FundingCall.Status.PUBLISHED
    call.funder_name = call.funder.name
    call.save(update_fields=["status", "funder_name", "updated_at"])
    return call


@transaction.atomic
def archive_call(call: FundingCall) -> FundingCall:
    """A closed call stays readable, with its partner searches; nobody is reminded of it."""
    call = FundingCall.objects.select_for_update().get(pk=call.pk)
    call.status = FundingCall.Status.ARCHIVED
    call.save(update_fields=["status", "updated_at"])
    PartnerSearch.objects.filter(call=call, is_open=True).update(is_open=False)
    # A bulk update sends no signal: the portrait counts the open searches.
    portrait.forget()
    return call


@transaction.atomic
def follow_call(call: FundingCall, *, member: Member) -> bool:
    """True when the member now follows it; a second click changes nothing."""
    # The row as it is now: an editor may have archived it since the page was shown.
    call = FundingCall.objects.select_for_update().get(pk=call.pk)
    check_follow_call_permission(Viewer.of(member), call)
    _follow, created = FundingFollow.objects.get_or_create(call=call, member=member)
    if created:
        FundingCall.objects.filter(pk=call.pk).update(follower_count=F("follower_count") + 1)
    return created


@transaction.atomic
def unfollow_call(call: FundingCall, *, member: Member) -> bool:
    deleted, _rows = FundingFollow.objects.filter(call=call, member=member).delete()
    if deleted:
        FundingCall.objects.filter(pk=call.pk, follower_count__gt=0).update(
            follower_count=F("follower_count") - 1
        )
    return bool(deleted)


def _step_for(days_left: int) -> int | None:
    """The reminder due this many days before: the nearest step not yet passed, so that a
    scheduler that missed a day, or a member who followed late, still gets one reminder per
    step that remains."""
    for step in sorted(REMINDER_STEPS):
        if 1 <= days_left <= step:
            return step
    return None


@transaction.atomic
def _remind_deadline(deadline: FundingDeadline, step: int, days_left: int) -> int:
    # The deadline's row is the lock: a second run (or a second scheduler) waits, then finds
    # the reminders the first one wrote.
    FundingDeadline.objects.select_for_update().filter(pk=deadline.pk).first()
    already = FundingReminder.objects.filter(deadline=deadline, days_before=step).values(
        "member_id"
    )
    followers = [
        follow.member
        for follow in FundingFollow.objects.filter(call_id=deadline.call_id, member__is_active=True)
        .exclude(member_id__in=already)
        .select_related("member")
    ]
    if not followers:
        return 0
    FundingReminder.objects.bulk_create(
        FundingReminder(deadline=deadline, member=member, days_before=step) for member in followers
    )
    notify_many(
        followers,
        FUNDING_DEADLINE_REMINDER,
        url=deadline.call.get_absolute_url(),
        context=DeadlineReminderContext(
            call=deadline.call.program,
            deadline=datetime.combine(deadline.date, time(0), tzinfo=ZoneInfo(deadline.time_zone)),
            days=days_left,
        ),
    )
    return len(followers)


def send_deadline_reminders(now: datetime) -> int:
    """The daily job: each follower of a published call hears of each deadline 30, 7 and 1 days
    before it, once per step. Returns how many reminders left."""
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    deadlines = FundingDeadline.objects.filter(
        call__status=FundingCall.Status.PUBLISHED,
        date__gt=today,
        date__lte=today + timedelta(days=max(REMINDER_STEPS)),
        call__follower_count__gt=0,
    ).select_related("call")
    sent = 0
    for deadline in deadlines:
        days_left = (deadline.date - today).days
        step = _step_for(days_left)
        if step is not None:
            sent += _remind_deadline(deadline, step, days_left)
    return sent


@transaction.atomic
def post_partner_search(
    call: FundingCall,
    *,
    member: Member,
    data: Mapping[str, Any],
    disciplines: Sequence[Discipline] = (),
    provinces: Sequence[Region] = (),
) -> PartnerSearch:
    """« Je cherche des partenaires », in the member's name or their organization's."""
    organization = data.get("organization")
    check_search_partners_permission(
        Viewer.of(member), call, organization_id=organization.pk if organization else None
    )
    # Locking the member's row makes a form sent twice post once: the second finds the first.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    earlier = PartnerSearch.objects.filter(
        call=call, author=member, plan=data["plan"], is_open=True
    ).first()
    if earlier is not None:
        return earlier
    search = PartnerSearch.objects.create(
        call=call,
        author=member,
        organization=organization,
        plan=data["plan"],
        skills=data.get("skills", ""),
    )
    search.disciplines.set(disciplines)
    search.provinces.set(provinces)
    return search


@transaction.atomic
def close_partner_search(search: PartnerSearch, *, member: Member) -> PartnerSearch:
    """Its author found their partners: the search stays, closed to new answers."""
    updated = PartnerSearch.objects.filter(pk=search.pk, author=member).update(is_open=False)
    if updated:
        search.is_open = False
        # A bulk update sends no signal: the portrait counts the open searches.
        portrait.forget()
    return search


def answer_partner_search(search: PartnerSearch, *, member: Member, body: str) -> Conversation:
    """A private conversation between the one who answers and the one who searches: the
    messaging service checks blocks and limits, and tells the recipient."""
    check_answer_partner_search_permission(Viewer.of(member), search)
    subject = _("Partenaires pour « %(call)s »") % {"call": search.call.program}
    conversation, _message = start_conversation(
        member, [search.author], subject=subject[:200], body=body
    )
    return conversation
