"""Reads for moderation: what each person may see of hidden content, and the reports on a page.

Hidden content is invisible to members and stays visible, marked, to the moderators of its
space; the author of a hidden post still sees it, marked, so the decision is never a mystery.
"""

from django.db.models import Count, Q, QuerySet

from communaute.models import Flag, Space, SpaceMembership, Topic
from communaute.permissions.moderation import is_moderator
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import visible_spaces


def moderated_spaces(viewer: Viewer):
    """The spaces this person moderates, as a queryset (for subqueries)."""
    if not viewer.is_authenticated or not viewer.is_active or viewer.active_suspension is not None:
        return Space.objects.none()
    if viewer.is_superuser:
        return Space.objects.all()
    if is_moderator(viewer):
        return visible_spaces(viewer.user)
    return Space.objects.filter(
        pk__in=SpaceMembership.objects.filter(
            member=viewer.user, role=SpaceMembership.Role.ANIMATOR
        ).values("space_id")
    )


def move_destinations(viewer: Viewer, topic: Topic) -> QuerySet[Space]:
    """Where this person may move a topic: the other spaces they moderate, by name."""
    return moderated_spaces(viewer).exclude(pk=topic.space_id).order_by("name")


def flag_detail_queryset() -> QuerySet[Flag]:
    return Flag.objects.select_related("post__topic__space", "post__author")


def shown_posts(posts, viewer: Viewer):
    """A Post queryset less what this person may not see (hidden posts, posts of hidden topics)."""
    shown = Q(hidden_at__isnull=True, topic__hidden_at__isnull=True)
    if viewer.is_authenticated:
        shown |= Q(topic__space__in=moderated_spaces(viewer).values("pk"))
    return posts.filter(shown)


def page_posts_for(user, posts, *, moderates):
    """Drop from a page of posts the hidden ones this person may not see; for moderators,
    mark each post with its open reports (one query for the page)."""
    posts = [
        post
        for post in posts
        if not post.is_hidden or moderates or (user.is_authenticated and post.author_id == user.pk)
    ]
    if moderates:
        counts = dict(
            Flag.objects.filter(post__in=posts, status=Flag.Status.OPEN)
            .values("post_id")
            .annotate(total=Count("pk"))
            .values_list("post_id", "total")
        )
        for post in posts:
            post.open_flags = counts.get(post.pk, 0)
    return posts
