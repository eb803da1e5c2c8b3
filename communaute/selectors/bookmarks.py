"""Reads for what members set aside: the « Mis de côté » page and the toggles' state.

Registers the community's own kinds, posts and topics (communaute/hooks/bookmarks.py). The
page reads the member's bookmarks, then one query per kind for the objects still visible to
them: a post hidden since, or in a space they left, is simply not listed.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communaute.hooks.bookmarks import (
    BookmarkKind,
    BookmarkTarget,
    bookmark_kinds,
    get_bookmark_kind,
    register_bookmark_kind,
)
from communaute.hooks.privacy import register_section
from communaute.models import Bookmark, Member, Post, Topic
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import readable_space_ids

POST = "post"
TOPIC = "topic"


def _visible_posts(viewer: Viewer, ids: Collection[int]) -> dict[int, BookmarkTarget]:
    posts = Post.objects.filter(
        pk__in=ids,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        topic__hidden_at__isnull=True,
        topic__space_id__in=readable_space_ids(viewer.user),
    ).select_related("topic")
    return {
        post.pk: BookmarkTarget(
            title=_("« %(topic)s », message n° %(position)s")
            % {"topic": post.topic.title, "position": post.position},
            url=post.topic.get_position_url(post.position),
            name=post.topic.title,
            position=post.position,
        )
        for post in posts
    }


def _visible_topics(viewer: Viewer, ids: Collection[int]) -> dict[int, BookmarkTarget]:
    topics = Topic.objects.filter(
        pk__in=ids, hidden_at__isnull=True, space_id__in=readable_space_ids(viewer.user)
    )
    return {
        topic.pk: BookmarkTarget(title=topic.title, url=topic.get_absolute_url())
        for topic in topics
    }


register_bookmark_kind(TOPIC, gettext_lazy("Sujet"), _visible_topics)
register_bookmark_kind(POST, gettext_lazy("Message"), _visible_posts)


@dataclass(frozen=True)
class ShownBookmark:
    bookmark: Bookmark
    kind: BookmarkKind
    target: BookmarkTarget

    @property
    def pk(self) -> int:
        return self.bookmark.pk

    @property
    def remind_on(self) -> date | None:
        return self.bookmark.remind_on

    @property
    def created_at(self) -> datetime:
        return self.bookmark.created_at


def resolve(viewer: Viewer, bookmarks: list[Bookmark]) -> list[ShownBookmark]:
    """These bookmarks with their objects, without those the reader may no longer see: one
    query per kind present."""
    ids_by_kind: dict[str, list[int]] = {}
    for bookmark in bookmarks:
        ids_by_kind.setdefault(bookmark.kind, []).append(bookmark.object_id)
    targets: dict[str, dict[int, BookmarkTarget]] = {}
    for kind, ids in ids_by_kind.items():
        registered = get_bookmark_kind(kind)
        targets[kind] = registered.visible(viewer, ids) if registered else {}
    return [
        ShownBookmark(
            bookmark=bookmark,
            kind=get_bookmark_kind(bookmark.kind),
            target=targets[bookmark.kind][bookmark.object_id],
        )
        for bookmark in bookmarks
        if bookmark.object_id in targets[bookmark.kind]
    ]


def bookmarks_of(viewer: Viewer) -> list[ShownBookmark]:
    """The member's bookmarks they may still see, newest first (the page paginates them)."""
    bookmarks = list(
        Bookmark.objects.filter(
            member_id=viewer.pk, kind__in=[kind.kind for kind in bookmark_kinds()]
        ).order_by("-created_at", "-pk")
    )
    return resolve(viewer, bookmarks)


def bookmark_of(member: Member, pk: int) -> Bookmark | None:
    return Bookmark.objects.filter(member=member, pk=pk).first()


def is_bookmarked(member: Member, kind: str, object_id: int) -> bool:
    if not member.is_authenticated:
        return False
    return Bookmark.objects.filter(member=member, kind=kind, object_id=object_id).exists()


def bookmarked_ids(member: Member, kind: str, ids: Collection[int]) -> set[int]:
    """Which of these objects the member set aside: one query for a page of posts."""
    if not member.is_authenticated or not ids:
        return set()
    return set(
        Bookmark.objects.filter(member=member, kind=kind, object_id__in=ids).values_list(
            "object_id", flat=True
        )
    )


@register_section(
    "mis_de_cote",
    gettext_lazy("Mis de côté"),
    covers=["communaute.Bookmark.member"],
    labels={
        "kind": gettext_lazy("Type"),
        "object_id": gettext_lazy("Numéro"),
        "created_at": gettext_lazy("Date"),
        "remind_on": gettext_lazy("Me le rappeler le"),
        "reminded_at": gettext_lazy("Rappel envoyé le"),
    },
)
def bookmarks_section(member: Member) -> tuple[list, list]:
    # Every bookmark, shown or not: what the member set aside is theirs even once it is gone.
    return list(
        Bookmark.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values("kind", "object_id", "created_at", "remind_on", "reminded_at")
    ), []
