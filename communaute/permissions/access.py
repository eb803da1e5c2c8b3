"""The one way views reach a space, a topic or a post: what a person may not see answers the
same 404 as what never existed, so an address tells an outsider nothing."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from communaute.models import Post, Space, Topic
from communaute.permissions.forum import can_view_space
from communaute.permissions.moderation import can_see_hidden_post, can_view_topic


def visible_space_or_404(user, space):
    if not can_view_space(user, space):
        raise Http404
    return space


def space_or_404(user, slug):
    return visible_space_or_404(user, get_object_or_404(Space, slug=slug))


def topic_or_404(user, pk):
    """A topic in a space this person may read, and not hidden from them."""
    topic = get_object_or_404(Topic.objects.select_related("space", "author"), pk=pk)
    if not can_view_space(user, topic.space) or not can_view_topic(user, topic):
        raise Http404
    return topic


def post_or_404(user, pk):
    """A post this person may see: its space readable, neither it nor its topic hidden from
    them."""
    post = get_object_or_404(Post.objects.select_related("topic__space", "author"), pk=pk)
    if not can_view_space(user, post.topic.space) or not can_view_topic(user, post.topic):
        raise Http404
    if post.is_hidden and not can_see_hidden_post(user, post):
        raise Http404
    return post
