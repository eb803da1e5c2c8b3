"""Reads for funding calls: the filtered list, a call's page, its partner searches, the searches
that match a member, their followed calls, and the deadlines the calendar shows."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communaute.hooks.calendar import CalendarEntry, CalendarFilters
from communaute.models import Member
from communaute.permissions.viewer import Viewer
from passerelles.core.vocabularies import DisciplineChoice, Province
from ressources.models import FundingCall, FundingDeadline, FundingFollow, PartnerSearch

WINDOWS = {
    "ce-mois": _("Ce mois-ci"),
    "trois-mois": _("Les trois prochains mois"),
}
APPLICANTS = {
    "artiste": ("for_artists", _("Artiste (individu)")),
    "organisation": ("for_organizations", _("Organisation")),
    "collectif": ("for_collectives", _("Collectif")),
}
STATES = {"archives": _("Appels fermés (archives)")}
DEADLINE_KIND = "deadline"


def local_today() -> date:
    return timezone.localdate(timezone.now(), ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class FundingQuery:
    window: str = ""
    discipline: str = ""
    province: str = ""
    applicant: str = ""
    state: str = ""

    @classmethod
    def from_querydict(cls, data) -> "FundingQuery":
        """Unknown values are ignored, as a filter link from an old page would be."""

        def pick(name, allowed):
            value = data.get(name, "")
            return value if value in allowed else ""

        return cls(
            window=pick("echeance", WINDOWS),
            discipline=pick("discipline", DisciplineChoice.values),
            province=pick("province", Province.values),
            applicant=pick("pour", APPLICANTS),
            state=pick("etat", STATES),
        )

    @property
    def is_filtered(self) -> bool:
        return any((self.window, self.discipline, self.province, self.applicant, self.state))


def window_bounds(window: str, today: date) -> tuple[date, date] | None:
    if window == "ce-mois":
        return today, today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if window == "trois-mois":
        return today, today + timedelta(days=92)
    return None


def _open_deadlines(today: date):
    return FundingDeadline.objects.filter(call=OuterRef("pk"), date__gte=today)


def with_next_deadline(calls: QuerySet, today: date) -> QuerySet:
    return calls.annotate(
        next_deadline=Subquery(
            _open_deadlines(today).order_by().values("call").annotate(first=Min("date"))
            .values("first")[:1]
        )
    )  # fmt: skip


def calls_list(query: FundingQuery, today: date | None = None) -> QuerySet[FundingCall]:
    """The calls for this query, the nearest deadline first; calls without a coming deadline
    (continuous intake) after them. Each filter is an EXISTS: no duplicate rows to remove."""
    today = today or local_today()
    status = FundingCall.Status.ARCHIVED if query.state else FundingCall.Status.PUBLISHED
    calls = FundingCall.objects.filter(status=status)
    bounds = window_bounds(query.window, today)
    if bounds:
        calls = calls.filter(
            Exists(FundingDeadline.objects.filter(call=OuterRef("pk"), date__range=bounds))
        )
    through_disciplines = FundingCall.disciplines.through.objects.filter(fundingcall=OuterRef("pk"))
    through_provinces = FundingCall.provinces.through.objects.filter(fundingcall=OuterRef("pk"))
    # A call that names no discipline (no province) is open to all of them.
    if query.discipline:
        calls = calls.filter(
            Exists(through_disciplines.filter(discipline_id=query.discipline))
            | ~Exists(through_disciplines)
        )
    if query.province:
        calls = calls.filter(
            Exists(through_provinces.filter(region_id=query.province)) | ~Exists(through_provinces)
        )
    if query.applicant:
        calls = calls.filter(**{APPLICANTS[query.applicant][0]: True})
    return (
        with_next_deadline(calls, today)
        .select_related("funder")
        .prefetch_related("disciplines", "provinces")
        .defer("summary")
        .order_by(F("next_deadline").asc(nulls_last=True), "program", "pk")
    )


def call_detail(pk: int) -> FundingCall:
    """A published or archived call; a suggestion waiting for the editors does not exist here."""
    return (
        FundingCall.objects.exclude(status=FundingCall.Status.SUGGESTED)
        .select_related("funder")
        .prefetch_related("disciplines", "provinces", "deadlines")
        .get(pk=pk)
    )


def coming_deadlines(call: FundingCall, today: date | None = None) -> list[FundingDeadline]:
    today = today or local_today()
    return [deadline for deadline in call.deadlines.all() if deadline.date >= today]


def is_following(call: FundingCall, member) -> bool:
    if not member.is_authenticated:
        return False
    return FundingFollow.objects.filter(call=call, member=member).exists()


def _searches() -> QuerySet[PartnerSearch]:
    return PartnerSearch.objects.select_related("author", "organization", "call").prefetch_related(
        "disciplines", "provinces"
    )


def partner_searches_of(call: FundingCall) -> QuerySet[PartnerSearch]:
    return _searches().filter(call=call, is_open=True).order_by("-created_at", "-pk")


def matching_partner_searches(member: Member, *, limit: int = 5) -> list[PartnerSearch]:
    """Open searches on published calls that look for the member's discipline or province, as
    needs are matched to services: a search that names none of them matches everyone."""
    if not member.is_authenticated:
        return []
    disciplines = list(member.disciplines.values_list("code", flat=True))
    searches = (
        _searches()
        .filter(is_open=True, call__status=FundingCall.Status.PUBLISHED)
        .exclude(author=member)
    )
    wanted = Q(disciplines__isnull=True) | Q(disciplines__code__in=disciplines)
    where = Q(provinces__isnull=True)
    if member.province:
        where |= Q(provinces__code=member.province)
    ids = searches.filter(wanted & where).values("pk").distinct()
    return list(searches.filter(pk__in=ids).order_by("-created_at", "-pk")[:limit])


def followed_calls(member: Member) -> QuerySet[FundingCall]:
    calls = FundingCall.objects.filter(follows__member=member).exclude(
        status=FundingCall.Status.SUGGESTED
    )
    return (
        with_next_deadline(calls, local_today())
        .select_related("funder")
        .prefetch_related("disciplines", "provinces")
        .order_by(F("next_deadline").asc(nulls_last=True), "program", "pk")
    )


def deadline_entries(
    viewer: Viewer, first: date, last: date, filters: CalendarFilters
) -> list[CalendarEntry]:
    """The calendar source: the deadlines of published calls in the window, all-day entries in
    the zone the funder states them in. Three queries whatever the window."""
    if filters.attendance or filters.space_id:
        # A deadline is neither online nor in person, and belongs to no space.
        return []
    deadlines = FundingDeadline.objects.filter(
        call__status=FundingCall.Status.PUBLISHED, date__range=(first, last)
    )
    if filters.organization_id:
        deadlines = deadlines.filter(call__funder_id=filters.organization_id)
    if filters.discipline:
        deadlines = deadlines.filter(
            Q(call__disciplines__isnull=True) | Q(call__disciplines__code=filters.discipline)
        )
    if filters.province:
        deadlines = deadlines.filter(
            Q(call__provinces__isnull=True) | Q(call__provinces__code=filters.province)
        )
    ids = deadlines.values("pk").distinct()
    rows = (
        FundingDeadline.objects.filter(pk__in=ids)
        .select_related("call__funder")
        .prefetch_related("call__disciplines", "call__provinces")
    )
    entries = []
    for deadline in rows:
        call = deadline.call
        zone = ZoneInfo(deadline.time_zone)
        title = str(call.program)
        if deadline.label:
            title = f"{title} — {deadline.label}"
        entries.append(
            CalendarEntry(
                uid=f"funding-deadline-{deadline.pk}",
                kind=DEADLINE_KIND,
                kind_label=_("Date limite"),
                title=title,
                url=call.get_absolute_url(),
                starts_at=datetime.combine(deadline.date, deadline.time or time(0), tzinfo=zone),
                ends_at=None,
                time_zone=deadline.time_zone,
                all_day=True,
                summary=call.funder_label,
                sequence=deadline.sequence,
                updated_at=deadline.updated_at,
                provinces=tuple(region.code for region in call.provinces.all()),
                disciplines=tuple(discipline.code for discipline in call.disciplines.all()),
            )
        )
    return entries
