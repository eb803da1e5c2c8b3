"""The one way views reach a space, a topic or a post: what a person may not see answers
exactly as what never existed, so an address tells an outsider nothing.

A signed-in outsider gets a 404 for both. A signed-out visitor is asked to sign in for both
(SignInRequired, which ViewerMiddleware turns into the sign-in page with ?next=): a members-only
topic opened from an email brings its member back to it once signed in, and an address that
does not exist then answers the 404, without having told a stranger which private spaces or
topics exist.
"""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from communaute.models import Attachment, Post, Space, Topic
from communaute.permissions.forum import can_view_space
from communaute.permissions.moderation import can_see_hidden_post, can_view_topic
from communaute.permissions.viewer import Viewer

M = TypeVar("M", bound=Model)


class SignInRequired(Exception):
    """A signed-out visitor asked for something that only signed-in people may see."""


def refusal(viewer: Viewer) -> Exception:
    """What to raise when this person may not see an object, or it does not exist."""
    if not viewer.is_authenticated:
        return SignInRequired()
    return Http404()


def _existing(viewer: Viewer, queryset: QuerySet[M], **lookup: object) -> M:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise refusal(viewer) from None


def visible_space_or_404(viewer: Viewer, space: Space) -> Space:
    if not can_view_space(viewer, space):
        raise refusal(viewer)
    return space


def space_or_404(viewer: Viewer, slug: str) -> Space:
    return visible_space_or_404(viewer, _existing(viewer, Space.objects.all(), slug=slug))


def topic_or_404(viewer: Viewer, pk: int, *, related: tuple[str, ...] = ()) -> Topic:
    """A topic in a space this person may read, and not hidden from them; `related`: what
    else the caller will read of it, in the same query."""
    topic = _existing(viewer, Topic.objects.select_related("space", "author", *related), pk=pk)
    if not can_view_space(viewer, topic.space) or not can_view_topic(viewer, topic):
        raise refusal(viewer)
    return topic


def post_or_404(viewer: Viewer, pk: int) -> Post:
    """A post this person may see: its space readable, neither it nor its topic hidden from
    them."""
    post = _existing(viewer, Post.objects.select_related("topic__space", "author"), pk=pk)
    if not can_view_space(viewer, post.topic.space) or not can_view_topic(viewer, post.topic):
        raise refusal(viewer)
    if post.is_hidden and not can_see_hidden_post(viewer, post):
        raise refusal(viewer)
    return post


def attachment_or_404(viewer: Viewer, pk: int) -> Attachment:
    """A file of a post this person may see; a missing file answers as a private one does."""
    attachment = _existing(viewer, Attachment.objects.all(), pk=pk)
    post = post_or_404(viewer, attachment.post_id)
    # An image not yet re-encoded is the file as sent (communaute/services/files.py): it
    # never goes out.
    if post.is_deleted or not attachment.ready:
        raise refusal(viewer)
    return attachment
