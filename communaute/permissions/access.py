"""The one way views reach a space, a topic or a post: what a signed-in person may not see
answers the same 404 as what never existed, so an address tells an outsider nothing.

A signed-out visitor refused something that exists (a members-only topic opened from an email,
a private space's link) is asked to sign in instead (SignInRequired, which ViewerMiddleware
turns into the sign-in page with ?next=): a member who signs in comes back to it, and anyone
else then gets the 404 a signed-in outsider gets.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from communaute.models import Post, Space, Topic
from communaute.permissions.forum import can_view_space
from communaute.permissions.moderation import can_see_hidden_post, can_view_topic
from communaute.permissions.viewer import Viewer


class SignInRequired(Exception):
    """A signed-out visitor asked for something that only signed-in people may see."""


def refusal(viewer: Viewer) -> Exception:
    """What to raise when this person may not see an object that exists."""
    if not viewer.is_authenticated:
        return SignInRequired()
    return Http404()


def visible_space_or_404(viewer: Viewer, space: Space) -> Space:
    if not can_view_space(viewer, space):
        raise refusal(viewer)
    return space


def space_or_404(viewer: Viewer, slug: str) -> Space:
    return visible_space_or_404(viewer, get_object_or_404(Space, slug=slug))


def topic_or_404(viewer: Viewer, pk: int) -> Topic:
    """A topic in a space this person may read, and not hidden from them."""
    topic = get_object_or_404(Topic.objects.select_related("space", "author"), pk=pk)
    if not can_view_space(viewer, topic.space) or not can_view_topic(viewer, topic):
        raise refusal(viewer)
    return topic


def post_or_404(viewer: Viewer, pk: int) -> Post:
    """A post this person may see: its space readable, neither it nor its topic hidden from
    them."""
    post = get_object_or_404(Post.objects.select_related("topic__space", "author"), pk=pk)
    if not can_view_space(viewer, post.topic.space) or not can_view_topic(viewer, post.topic):
        raise refusal(viewer)
    if post.is_hidden and not can_see_hidden_post(viewer, post):
        raise refusal(viewer)
    return post
