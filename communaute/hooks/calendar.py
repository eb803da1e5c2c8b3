"""What the calendar shows: each app registers a source of dated entries.

communaute registers its gatherings (« Rencontres »); ressources registers the deadlines of the
funding calls. The calendar page and the iCalendar feeds ask every source for the entries of a
window, so that a deadline and a gathering sit side by side without either app importing the
other. A source answers in a bounded number of queries whatever the window's size, and only with
what this reader may see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.functional import Promise

from communaute.permissions.viewer import Viewer


@dataclass(frozen=True)
class CalendarFilters:
    """The calendar page's filters; a source ignores those that do not apply to it."""

    province: str = ""
    discipline: str = ""
    # "online", "in_person" or "" (both): a deadline has no place and is left out by either.
    attendance: str = ""
    organization_id: int | None = None
    space_id: int | None = None
    # The kinds asked for ("gathering", "deadline"); empty means all.
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CalendarEntry:
    # Stable across edits, unique in the whole site: the iCalendar UID is built from it.
    uid: str
    kind: str
    # « Rencontre », « Date limite »: how the page and the feeds label the kind.
    kind_label: str | Promise
    title: str
    url: str
    starts_at: datetime
    ends_at: datetime | None
    # The IANA zone the entry lives in (an event's own zone; a deadline's funder's).
    time_zone: str
    # A deadline is a day (with, when the funder says so, a time in time_zone).
    all_day: bool = False
    summary: str = ""
    location: str = ""
    # Bumped by the source at every change a calendar client must see (iCalendar SEQUENCE).
    sequence: int = 0
    cancelled: bool = False
    updated_at: datetime | None = None
    provinces: tuple[str, ...] = field(default_factory=tuple)
    disciplines: tuple[str, ...] = field(default_factory=tuple)


# (viewer, first day, last day inclusive, filters) -> entries of that window, in any order.
CalendarSource = Callable[[Viewer, date, date, CalendarFilters], list[CalendarEntry]]


@dataclass(frozen=True)
class RegisteredSource:
    kind: str
    label: str | Promise
    entries: CalendarSource


_sources: dict[str, RegisteredSource] = {}


def register_calendar_source(
    kind: str, label: str | Promise, entries: CalendarSource
) -> RegisteredSource:
    registered = RegisteredSource(kind=kind, label=label, entries=entries)
    _sources[kind] = registered
    return registered


def calendar_sources() -> list[RegisteredSource]:
    return list(_sources.values())


def calendar_entries(
    viewer: Viewer, first: date, last: date, filters: CalendarFilters = CalendarFilters()
) -> list[CalendarEntry]:
    """Every source's entries of the window, by start."""
    entries = []
    for source in _sources.values():
        if filters.kinds and source.kind not in filters.kinds:
            continue
        entries.extend(source.entries(viewer, first, last, filters))
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.title))
