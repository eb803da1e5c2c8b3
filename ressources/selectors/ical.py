"""Calendar entries as iCalendar (RFC 5545) files: one gathering's, and the subscribable feeds.

Each event keeps its own zone (TZID, with the VTIMEZONE that defines it), so that a client in
another zone, or after a daylight-saving change, shows the hour the organizers meant. The UID
is stable across edits and SEQUENCE grows with every change a client must apply; a cancelled
event stays in the file with STATUS:CANCELLED so that subscribed clients remove it.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from communaute.hooks.calendar import CalendarEntry
from passerelles.core.links import absolute_url

PRODUCT_ID = "-//Passerelles Culture//Rencontres//FR"
# A feed spans this window around today: recent entries stay while a client refreshes.
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 400


def uid_of(entry: CalendarEntry) -> str:
    return f"{entry.uid}@{urlsplit(settings.SITE_URL).hostname or 'passerelles-culture'}"


def feed_window() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_FUTURE_DAYS)


def _event(entry: CalendarEntry, *, extra_description: str = "") -> Event:
    event = Event()
    event.add("uid", uid_of(entry))
    event.add("dtstamp", entry.updated_at or timezone.now())
    zone = ZoneInfo(entry.time_zone)
    if entry.all_day:
        event.add("dtstart", entry.starts_at.astimezone(zone).date())
        event.add("dtend", entry.starts_at.astimezone(zone).date() + timedelta(days=1))
    else:
        event.add("dtstart", entry.starts_at.astimezone(zone))
        if entry.ends_at:
            event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("summary", entry.title)
    url = absolute_url(entry.url)
    event.add("url", url)
    description = "\n\n".join(part for part in (entry.summary, extra_description, url) if part)
    event.add("description", description)
    if entry.location:
        event.add("location", entry.location)
    event.add("categories", [str(entry.kind_label)])
    return event


def calendar_file(
    entries: Iterable[CalendarEntry], *, name: str, extra_descriptions: dict[str, str] | None = None
) -> bytes:
    """An iCalendar file of the entries, with the VTIMEZONE of each zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    entries = list(entries)
    for entry in entries:
        calendar.add_component(
            _event(entry, extra_description=(extra_descriptions or {}).get(entry.uid, ""))
        )
    if entries:
        # The zones' rules only around the events: a few lines instead of seventy years.
        first = min(entry.starts_at for entry in entries).date() - timedelta(days=366)
        last = max(entry.starts_at for entry in entries).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
