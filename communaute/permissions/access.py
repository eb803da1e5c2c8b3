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
from passerelles.core import shared_parts

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


def _kept(viewer: Viewer, key: str, queryset: QuerySet[M], **lookup: object) -> M:
    """As _existing, the row kept for every reader under the page cache's generation
    (shared_parts): for pages that only read, which then cost no query. Never for a write,
    which must start from the row as it is."""
    found = shared_parts.kept(key, lambda: queryset.filter(**lookup).first())
    if found is None:
        raise refusal(viewer)
    return found


MAX_SLUG = Space._meta.get_field("slug").max_length


def space_key(slug: str) -> str:
    return f"space:{slug}"


def space_or_404(viewer: Viewer, slug: str, *, kept: bool = False) -> Space:
    """`kept`: for a page that only reads (_kept); an address longer than any slug is not
    looked for in the cache (its key would be as long)."""
    if kept and len(slug) <= MAX_SLUG:
        space = _kept(viewer, space_key(slug), Space.objects, slug=slug)
        return visible_space_or_404(viewer, space)
    return visible_space_or_404(viewer, _existing(viewer, Space.objects.all(), slug=slug))


def topic_key(pk: int, related: tuple[str, ...]) -> str:
    return f"topic:{pk}:{','.join(related)}"


def topic_or_404(
    viewer: Viewer, pk: int, *, related: tuple[str, ...] = (), kept: bool = False
) -> Topic:
    """A topic in a space this person may read, and not hidden from them; `related`: what
    else the caller will read of it, in the same query; `kept`: for a page that only reads
    (_kept)."""
    queryset = Topic.objects.select_related("space", "author", *related)
    if kept:
        topic = _kept(viewer, topic_key(pk, related), queryset, pk=pk)
    else:
        topic = _existing(viewer, queryset, pk=pk)
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
