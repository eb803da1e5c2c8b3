"""« Mettre de côté » buttons as small includes that read their own state.

On the topic page, posts follow the page's performance rule: one form for the whole page
(bookmark-post-form) and, in each post, a button that names it with form= (page_post_bookmarked).
Which posts of the page are set aside is asked once, for all the posts in the context.
"""

from django import template

from communaute.permissions.bookmarks import can_bookmark
from communaute.selectors.bookmarks import (
    POST,
    TOPIC,
    bookmarked_ids,
    is_bookmarked,
)

register = template.Library()


@register.inclusion_tag("communaute/bookmarks/_toggle.html", takes_context=True)
def bookmark_toggle(context, kind, object_id):
    viewer = context["request"].viewer
    if not can_bookmark(viewer):
        return {"allowed": False}
    return {
        "allowed": True,
        "kind": kind,
        "object_id": object_id,
        "mine": is_bookmarked(viewer.user, kind, object_id),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("communaute/bookmarks/_topic_header.html", takes_context=True)
def topic_bookmarks(context, topic):
    """The topic's toggle and the one form its posts' buttons send; what the member set aside
    in this topic page came with the page's reading (communaute/selectors/reading.py), for the
    toggle and every post below."""
    request = context["request"]
    if not can_bookmark(request.viewer):
        return {"allowed": False}
    reading = context["reading"]
    mine, request._bookmarked_posts = reading.topic_bookmarked, reading.bookmarked_posts
    return {
        "allowed": True,
        "kind": TOPIC,
        "object_id": topic.pk,
        "mine": mine,
        "csrf_token": context.get("csrf_token"),
    }


def page_post_bookmarked(context, post):
    """Whether the reader set this post of the page aside, or None when they may not set
    anything aside (communaute/templatetags/posts.py draws the button)."""
    request = context["request"]
    if not can_bookmark(request.viewer):
        return None
    mine = getattr(request, "_bookmarked_posts", None)
    if mine is None:
        page_posts = context.get("posts") or [post]
        mine = bookmarked_ids(request.user, POST, [item.pk for item in page_posts])
        request._bookmarked_posts = mine
    return post.pk in mine
