"""Reads for a space's facilitation dashboard. Each block is one aggregate query, bounded to a
few rows, whatever the size of the space."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from communaute.models import Attachment, Flag, Post, PostLink, SpaceMembership, Topic

UNANSWERED_AFTER = timedelta(hours=48)
NEWCOMER_DAYS = 30
QUIET_AFTER = timedelta(days=60)
WEEKS = 12
ROWS = 10
DOCUMENTS = 5


def _shown_posts(space):
    return Post.objects.filter(
        topic__space=space,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        topic__hidden_at__isnull=True,
    )


def unanswered_topics(space, *, now=None):
    """Open topics where nobody but their author has written for 48 hours, oldest first."""
    now = now or timezone.now()
    answered = _shown_posts(space).filter(topic=OuterRef("pk")).exclude(author=OuterRef("author"))
    return list(
        Topic.objects.filter(
            space=space,
            hidden_at__isnull=True,
            is_locked=False,
            created_at__lte=now - UNANSWERED_AFTER,
        )
        .exclude(Exists(answered))
        .select_related("author")
        .order_by("created_at")[:ROWS]
    )


def newcomers_without_posts(space, *, now=None):
    """Who joined in the last 30 days and has not written in the space yet."""
    now = now or timezone.now()
    posted = Post.objects.filter(topic__space=space, author=OuterRef("member_id"))
    return list(
        SpaceMembership.objects.filter(
            space=space,
            role=SpaceMembership.Role.MEMBER,
            joined_at__gte=now - timedelta(days=NEWCOMER_DAYS),
            member__is_active=True,
        )
        .exclude(Exists(posted))
        .select_related("member")
        .order_by("joined_at")[:ROWS]
    )


def quiet_members(space, *, now=None):
    """Members who used to write here and have not for two months, the quietest first."""
    now = now or timezone.now()
    last_post = (
        _shown_posts(space)
        .filter(author=OuterRef("member_id"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    # The animators themselves are not someone to write to from their own dashboard.
    return list(
        SpaceMembership.objects.filter(
            space=space, role=SpaceMembership.Role.MEMBER, member__is_active=True
        )
        .annotate(last_post_at=Subquery(last_post))
        .filter(last_post_at__lt=now - QUIET_AFTER)
        .select_related("member")
        .order_by("last_post_at")[:ROWS]
    )


@dataclass(frozen=True)
class Week:
    start: date
    posts: int
    people: int


def weekly_activity(space, *, now=None):
    """Posts and distinct authors per week over the last 12 weeks, every week present."""
    today = timezone.localdate(now or timezone.now())
    first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    rows = (
        _shown_posts(space)
        .filter(created_at__date__gte=first_monday)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(posts=Count("pk"), people=Count("author", distinct=True))
        .order_by()
    )
    by_week = {row["week"].date(): row for row in rows}
    weeks = []
    for index in range(WEEKS):
        start = first_monday + timedelta(weeks=index)
        row = by_week.get(start, {})
        weeks.append(Week(start=start, posts=row.get("posts", 0), people=row.get("people", 0)))
    return weeks


@dataclass(frozen=True)
class SharedDocument:
    title: str
    times: int
    attachment_id: int | None = None
    url: str = ""


def most_shared_documents(space):
    """The files and links shared most often in the space's visible posts (two queries)."""
    visible = {
        "post__topic__space": space,
        "post__deleted_at__isnull": True,
        "post__hidden_at__isnull": True,
        "post__topic__hidden_at__isnull": True,
    }
    files = (
        Attachment.objects.filter(**visible)
        .values("original_name")
        .annotate(times=Count("post", distinct=True), last=Max("pk"))
        .order_by("-times", "-last")[:DOCUMENTS]
    )
    links = (
        PostLink.objects.filter(**visible)
        .values("url")
        .annotate(times=Count("post", distinct=True), last=Max("pk"))
        .order_by("-times", "-last")[:DOCUMENTS]
    )
    documents = [
        SharedDocument(title=row["original_name"], times=row["times"], attachment_id=row["last"])
        for row in files
    ] + [SharedDocument(title=row["url"], times=row["times"], url=row["url"]) for row in links]
    return sorted(documents, key=lambda document: -document.times)[:DOCUMENTS]


def open_flags(space):
    return list(
        Flag.objects.filter(post__topic__space=space, status=Flag.Status.OPEN)
        .select_related("post__topic", "reporter")
        .order_by("created_at")[:ROWS]
    )
