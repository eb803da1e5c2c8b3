"""Reads for gatherings: the calendar's source, the page of one gathering, its registrations, and
its times written the way people say them, in the event's zone and in the member's.
"""

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.hooks.calendar import CalendarEntry, CalendarFilters
from communaute.permissions.viewer import Viewer
from passerelles.core.formats import format_long_date, format_time
from passerelles.core.links import absolute_url
from ressources.models import (
    PROVINCE_TIME_ZONES,
    Gathering,
    GatheringRegistration,
    GatheringTimeZone,
)
from ressources.permissions.gatherings import visible_space_ids_filter

Registration = GatheringRegistration.Status


def member_time_zone(member) -> str | None:
    """The zone of the member's province (see PROVINCE_TIME_ZONES); None when the site does not
    know where they live."""
    if member is None or not member.is_authenticated:
        return None
    zone = PROVINCE_TIME_ZONES.get(member.province)
    return zone.value if zone else None


def zone_label(zone: str) -> str:
    try:
        return str(GatheringTimeZone(zone).label)
    except ValueError:
        return zone


def _hour(value: datetime) -> str:
    """ "13 h" and "1 p.m." on the hour, "13 h 30" and "1:30 p.m." otherwise."""
    text = format_time(value)
    if value.minute:
        return text
    return text.removesuffix("\u00a000").replace(":00", "")


def when_text(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    """« le jeudi 12 février 2026 de 13 h à 15 h (heure de l'Atlantique) »."""
    start = starts_at.astimezone(ZoneInfo(zone))
    end = ends_at.astimezone(ZoneInfo(zone))
    if start.date() == end.date():
        return _("%(date)s de %(start)s à %(end)s (%(zone)s)") % {
            "date": format_long_date(start),
            "start": _hour(start),
            "end": _hour(end),
            "zone": zone_label(zone),
        }
    return _("du %(start_date)s, %(start)s, au %(end_date)s, %(end)s (%(zone)s)") % {
        "start_date": format_long_date(start).removeprefix("le "),
        "start": _hour(start),
        "end_date": format_long_date(end).removeprefix("le "),
        "end": _hour(end),
        "zone": zone_label(zone),
    }


def local_time_text(starts_at: datetime, zone: str, member_zone: str | None) -> str:
    """« 13 h (heure du Centre) — 15 h chez vous », or "" when the member lives in the event's
    zone's hours (or the site does not know where they live)."""
    if not member_zone:
        return ""
    there = starts_at.astimezone(ZoneInfo(zone))
    here = starts_at.astimezone(ZoneInfo(member_zone))
    if there.utcoffset() == here.utcoffset():
        return ""
    local = _hour(here)
    if here.date() != there.date():
        local = _("%(date)s à %(time)s") % {"date": format_long_date(here), "time": local}
    return _("%(start)s (%(zone)s) — %(local)s chez vous") % {
        "start": _hour(there),
        "zone": zone_label(zone),
        "local": local,
    }


def entry_time_text(entry: CalendarEntry) -> str:
    """ "13 h (heure du Centre)" for a calendar line; "" for a whole day."""
    if entry.all_day:
        return ""
    start = _hour(entry.starts_at.astimezone(ZoneInfo(entry.time_zone)))
    return f"{start} ({zone_label(entry.time_zone)})"


def visible_gatherings(viewer: Viewer) -> QuerySet[Gathering]:
    return Gathering.objects.filter(
        Q(space__isnull=True) | Q(space__in=visible_space_ids_filter(viewer))
    )


def gathering_detail_queryset(viewer: Viewer) -> QuerySet[Gathering]:
    return (
        visible_gatherings(viewer)
        .select_related("organization", "space", "created_by")
        .prefetch_related("disciplines")
    )


def registration_of(gathering: Gathering, member) -> GatheringRegistration | None:
    if not member.is_authenticated:
        return None
    return GatheringRegistration.objects.filter(gathering=gathering, member=member).first()


def waiting_position(registration: GatheringRegistration) -> int:
    return (
        GatheringRegistration.objects.filter(
            gathering_id=registration.gathering_id,
            status=Registration.WAITING,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def registrations_for_organizers(gathering: Gathering) -> QuerySet[GatheringRegistration]:
    return (
        gathering.registrations.exclude(status=Registration.CANCELLED)
        .select_related("member")
        .order_by("status", "created_at", "pk")
    )


def attendance_csv(gathering: Gathering) -> str:
    """The registered people, with only what each agreed to share: the others are counted on
    an anonymous line each."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("Nom"), _("Courriel"), _("Organisation"), _("État"), _("Inscription")])
    for registration in registrations_for_organizers(gathering):
        member = registration.member
        if registration.share_contact:
            row = [member.display_name, member.email, member.organization_name]
        else:
            row = [_("Personne inscrite (coordonnées non partagées)"), "", ""]
        writer.writerow(
            [*row, registration.get_status_display(), registration.created_at.date().isoformat()]
        )
    return output.getvalue()


def _window_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def gatherings_of_window(
    viewer: Viewer, first: date, last: date, filters: CalendarFilters
) -> QuerySet[Gathering]:
    start, end = _window_bounds(first, last)
    gatherings = visible_gatherings(viewer).filter(starts_at__lt=end, ends_at__gte=start)
    if filters.province:
        gatherings = gatherings.filter(province=filters.province)
    if filters.discipline:
        gatherings = gatherings.filter(disciplines__code=filters.discipline)
    if filters.attendance == "online":
        gatherings = gatherings.exclude(attendance=Gathering.Attendance.IN_PERSON)
    elif filters.attendance == "in_person":
        gatherings = gatherings.exclude(attendance=Gathering.Attendance.ONLINE)
    if filters.organization_id:
        gatherings = gatherings.filter(organization_id=filters.organization_id)
    if filters.space_id:
        gatherings = gatherings.filter(space_id=filters.space_id)
    return gatherings.select_related("organization", "space").prefetch_related("disciplines")


def entry_of(gathering: Gathering) -> CalendarEntry:
    return CalendarEntry(
        uid=f"gathering-{gathering.pk}",
        kind="gathering",
        kind_label=_("Rencontre"),
        title=gathering.title,
        url=gathering.get_absolute_url(),
        # In the event's own zone: a page that writes the hour writes the organizers' hour.
        starts_at=gathering.starts_at.astimezone(ZoneInfo(gathering.time_zone)),
        ends_at=gathering.ends_at.astimezone(ZoneInfo(gathering.time_zone)),
        time_zone=gathering.time_zone,
        summary=gathering.get_kind_display(),
        location=gathering.address if gathering.is_in_person else "",
        sequence=gathering.sequence,
        cancelled=gathering.is_cancelled,
        updated_at=gathering.updated_at,
        provinces=(gathering.province,) if gathering.province else (),
        disciplines=tuple(d.code for d in gathering.disciplines.all()),
    )


def calendar_entries(
    viewer: Viewer, first: date, last: date, filters: CalendarFilters
) -> list[CalendarEntry]:
    """The calendar source of gatherings (registered in RessourcesConfig.ready): two queries."""
    return [
        entry_of(gathering)
        for gathering in gatherings_of_window(viewer, first, last, filters).distinct()
    ]


def registered_gatherings(member, first: date, last: date) -> list[Gathering]:
    """The gatherings of a member's "mes inscriptions" feed: registered or waiting, cancelled
    ones included (their STATUS:CANCELLED removes them from the member's calendar)."""
    start, end = _window_bounds(first, last)
    return list(
        Gathering.objects.filter(
            registrations__member=member,
            registrations__status__in=(Registration.REGISTERED, Registration.WAITING),
            starts_at__lt=end,
            ends_at__gte=start,
        )
        # The same join as the filter's: the member's own registration.
        .annotate(my_status=F("registrations__status"))
        .prefetch_related("disciplines")
    )


def upcoming_gatherings(viewer: Viewer, *, limit: int = 5) -> list[tuple[Gathering, str]]:
    """The next scheduled gatherings, each with its time written in its own zone: one query."""
    return [
        (gathering, when_text(gathering.starts_at, gathering.ends_at, gathering.time_zone))
        for gathering in visible_gatherings(viewer).scheduled().upcoming()[:limit]
    ]


ATTENDANCE_MODES = {
    Gathering.Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Gathering.Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Gathering.Attendance.BOTH: "https://schema.org/MixedEventAttendanceMode",
}
# Escaped as json_script does, so that no text can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def structured_data(gathering: Gathering) -> str:
    """The schema.org Event of the gathering's page, as JSON ready for a <script> element. The
    online link stays out: it is for registered people only."""
    zone = ZoneInfo(gathering.time_zone)
    url = absolute_url(gathering.get_absolute_url())
    locations = []
    if gathering.is_in_person:
        locations.append(
            {
                "@type": "Place",
                "name": gathering.address,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": gathering.address,
                    "addressRegion": gathering.province,
                    "addressCountry": "CA",
                },
            }
        )
    if gathering.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    organizer = (
        gathering.organization.name
        if gathering.organization
        else gathering.space.name
        if gathering.space
        else "Passerelles Culture"
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": gathering.title,
        "description": gathering.description,
        "startDate": gathering.starts_at.astimezone(zone).isoformat(),
        "endDate": gathering.ends_at.astimezone(zone).isoformat(),
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if gathering.is_cancelled
            else "https://schema.org/EventScheduled"
        ),
        "eventAttendanceMode": ATTENDANCE_MODES[gathering.attendance],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": organizer},
        "inLanguage": "fr-CA",
        "url": url,
    }
    return json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
