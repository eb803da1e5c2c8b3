"""« Quoi de neuf »: what happened since a member's last look, in the spaces and organizations
they follow. One selection (whats_new) for the page, the home section and the digest emails.

Each app registers its sources (communaute/hooks/news.py); communaute's own are the new topics
and the new replies of the spaces a member follows or belongs to. A page is a keyset page: its
next page starts after the last item's position, carried in a signed cursor with the window,
so a page never repeats or skips an item when new ones arrive meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.hooks.news import NewsItem, Position, Window, after_q, register_source, sources
from communaute.models import (
    Member,
    NewsVisit,
    Post,
    ReadState,
    SpaceMembership,
    SpaceSubscription,
    Topic,
    TopicSubscription,
)
from communaute.selectors.forum import visible_spaces
from passerelles.core.templatetags.passerelles import member_name

# A first visit shows the last two weeks: enough to see a community alive, not a flood.
FIRST_VISIT = timedelta(days=14)
PER_PAGE = 30
CURSOR_SALT = "communaute.news.cursor"


class BadCursor(ValueError):
    """A ?apres= value that this site did not write (altered, truncated, from elsewhere)."""


@dataclass(frozen=True)
class NewsPage:
    window: Window
    items: list[NewsItem]
    next_position: Position | None

    @property
    def groups(self) -> list[dict]:
        return group_items(self.items)


def seen_until(member: Member) -> datetime | None:
    return NewsVisit.objects.filter(member=member).values_list("seen_until", flat=True).first()


def window_after(last: datetime | None, now: datetime | None = None) -> Window:
    """Since the member's last look, or the last two weeks the first time."""
    now = now or timezone.now()
    return Window(since=last or now - FIRST_VISIT, until=now)


def window_for(member: Member, now: datetime | None = None) -> Window:
    return window_after(seen_until(member), now)


def whats_new(
    member: Member, window: Window, *, after: Position | None = None, limit: int = PER_PAGE
) -> NewsPage:
    """The window's news for this member, newest first: `limit` items after `after`, with the
    position the next page starts after (None on the last page). One or two queries a source."""
    found = []
    for fetch in sources().values():
        found.extend(fetch(member, window, after, limit + 1))
    found.sort(key=lambda item: item.position, reverse=True)
    items = found[:limit]
    more = len(found) > limit
    return NewsPage(window, items, items[-1].position if more and items else None)


def group_items(items: list[NewsItem]) -> list[dict]:
    """Items under their headings (a space, an organization...), each heading where its newest
    item comes, its items in feed order."""
    groups: dict[str, dict] = {}
    for item in items:
        group = groups.setdefault(
            item.group_key,
            {"key": item.group_key, "label": item.group_label, "url": item.group_url, "items": []},
        )
        group["items"].append(item)
    return list(groups.values())


def encode_cursor(window: Window, position: Position) -> str:
    return signing.dumps(
        [
            window.since.isoformat(),
            window.until.isoformat(),
            position.at.isoformat(),
            position.kind,
            position.pk,
        ],
        salt=CURSOR_SALT,
        compress=True,
    )


def decode_cursor(text: str) -> tuple[Window, Position]:
    try:
        since, until, at, kind, pk = signing.loads(text, salt=CURSOR_SALT)
        dates = [parse_datetime(value) for value in (since, until, at)]
    except (signing.BadSignature, ValueError, TypeError):
        raise BadCursor(text) from None
    if None in dates or not isinstance(kind, str) or not isinstance(pk, int):
        raise BadCursor(text)
    return Window(dates[0], dates[1]), Position(dates[2], kind, pk)


def followed_space_ids(member: Member):
    """The spaces a member follows or belongs to, among those they may still read."""
    return (
        visible_spaces(member)
        .filter(
            Q(pk__in=SpaceSubscription.objects.filter(member=member).values("space_id"))
            | Q(pk__in=SpaceMembership.objects.filter(member=member).values("space_id"))
        )
        .values("pk")
    )


def _space_group(topic: Topic) -> dict:
    return {
        "group_key": f"space:{topic.space_id}",
        "group_label": topic.space.name,
        "group_url": reverse("communaute:space", kwargs={"slug": topic.space.slug}),
    }


def new_topics(
    member: Member, window: Window, after: Position | None, limit: int
) -> list[NewsItem]:
    topics = (
        Topic.objects.filter(
            space__in=followed_space_ids(member),
            hidden_at__isnull=True,
            created_at__gt=window.since,
            created_at__lte=window.until,
        )
        .exclude(author=member)
        .filter(after_q(after, "topics", "created_at"))
        .select_related("space", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        NewsItem(
            kind="topics",
            pk=topic.pk,
            at=topic.created_at,
            title=topic.title,
            url=topic.get_absolute_url(),
            lead=_("Nouveau sujet :"),
            meta=_("par %(name)s") % {"name": member_name(topic.author)},
            **_space_group(topic),
        )
        for topic in topics
    ]


def new_replies(
    member: Member, window: Window, after: Position | None, limit: int
) -> list[NewsItem]:
    """One item per topic: how many replies it had in the window that the member has not read
    yet, dated by the latest, linking to the first of them."""
    read_up_to = ReadState.objects.filter(member=member, topic=OuterRef("topic")).values(
        "last_read_position"
    )[:1]
    muted = TopicSubscription.objects.filter(
        member=member, level=TopicSubscription.Level.MUTED
    ).values("topic_id")
    rows = list(
        Post.objects.filter(
            topic__space__in=followed_space_ids(member),
            topic__hidden_at__isnull=True,
            position__gt=1,
            hidden_at__isnull=True,
            deleted_at__isnull=True,
            created_at__gt=window.since,
            created_at__lte=window.until,
        )
        .exclude(author=member)
        .exclude(topic__in=muted)
        .annotate(
            read=Coalesce(Subquery(read_up_to), Value(0), output_field=IntegerField()),
        )
        .filter(position__gt=F("read"))
        .values("topic")
        .annotate(latest=Max("created_at"), count=Count("pk"), first=Min("position"))
        .filter(after_q(after, "replies", "latest", "topic"))
        .order_by("-latest", "-topic")[:limit]
    )
    topics = Topic.objects.select_related("space").in_bulk([row["topic"] for row in rows])
    items = []
    for row in rows:
        topic = topics[row["topic"]]
        items.append(
            NewsItem(
                kind="replies",
                pk=topic.pk,
                at=row["latest"],
                title=topic.title,
                url=topic.get_position_url(row["first"]),
                lead=ngettext(
                    "%(count)s nouvelle réponse dans",
                    "%(count)s nouvelles réponses dans",
                    row["count"],
                )
                % {"count": row["count"]},
                **_space_group(topic),
            )
        )
    return items


register_source("topics", new_topics)
register_source("replies", new_replies)
