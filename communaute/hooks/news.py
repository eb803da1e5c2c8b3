"""The sources of « Quoi de neuf »: what is new for a member, from every app that has news.

communaute cannot import ressources (services, needs, organizations one follows) nor the
editorial pages (publications); each registers a source here in its AppConfig.ready():
`register_source(key, fetch)`, where `fetch(member, window, after, limit)` returns at most
`limit` NewsItems of the window that the member may see, newest first by `NewsItem.position`,
and only those after `after` in that order (keyset pagination: `after_q` builds the filter).

The page, the home section and the digest emails all read through
communaute/selectors/news.py, which merges the sources: what the site shows and what an email
says agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from communaute.models import Member


@dataclass(frozen=True)
class Window:
    """(since, until]: what appeared after since and no later than until."""

    since: datetime
    until: datetime


@dataclass(frozen=True, order=True)
class Position:
    """Where an item sits in the feed: newest first, then by source key, then by id, so that
    two items of the same instant keep one order from page to page."""

    at: datetime
    kind: str
    pk: int


@dataclass(frozen=True)
class NewsItem:
    kind: str  # the source's key
    pk: int
    at: datetime
    title: str
    url: str
    # The heading it is shown under: one space, one organization, the sector's needs...
    group_key: str
    group_label: str
    group_url: str = ""
    # Words before the linked title ("3 nouvelles réponses dans") and after it ("par Awa").
    lead: str = ""
    meta: str = ""

    @property
    def position(self) -> Position:
        return Position(self.at, self.kind, self.pk)


Fetch = Callable[["Member", Window, "Position | None", int], list[NewsItem]]

_sources: dict[str, Fetch] = {}


def register_source(key: str, fetch: Fetch) -> Fetch:
    _sources[key] = fetch
    return fetch


def sources() -> dict[str, Fetch]:
    return dict(sorted(_sources.items()))


def after_q(after: Position | None, kind: str, at_field: str, pk_field: str = "pk") -> Q:
    """The rows of source `kind` that come after `after` in the feed's order (at, kind, pk),
    all descending."""
    if after is None:
        return Q()
    condition = Q(**{f"{at_field}__lt": after.at})
    if kind < after.kind:
        condition |= Q(**{at_field: after.at})
    elif kind == after.kind:
        condition |= Q(**{at_field: after.at, f"{pk_field}__lt": after.pk})
    return condition
