"""« Mettre de côté » buttons as small includes that read their own state.

On the topic page, posts follow the page's performance rule: one form for the whole page
(bookmark-post-form) and, in each post, a button that names it with form= (page_post_bookmarked).
Which posts of the page are set aside is asked once, for all the posts in the context.
"""

import functools

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from communaute.permissions.bookmarks import can_bookmark
from communaute.selectors.bookmarks import (
    POST,
    TOPIC,
    bookmarked_ids,
    is_bookmarked,
)
from passerelles.core.forms import csrf_input
from passerelles.core.links import cached_reverse, reversed_with_id

register = template.Library()


@register.simple_tag(takes_context=True)
def bookmark_toggle(context, kind, object_id):
    viewer = context["request"].viewer
    if not can_bookmark(viewer):
        return ""
    return _toggle(context, kind, object_id, is_bookmarked(viewer.user, kind, object_id))


@register.simple_tag(takes_context=True)
def topic_bookmarks(context, topic):
    """The topic's toggle and the one form its posts' buttons send; what the member set aside
    in this topic page came with the page's reading (communaute/selectors/reading.py), for the
    toggle and every post below."""
    request = context["request"]
    if not can_bookmark(request.viewer):
        return ""
    reading = context["reading"]
    request._bookmarked_posts = reading.bookmarked_posts
    return mark_safe(
        f"{_toggle(context, TOPIC, topic.pk, reading.topic_bookmarked)}"
        f'<form method="post" action="{cached_reverse("communaute:bookmark_post")}"'
        f' id="bookmark-post-form" hidden>{csrf_input(context)}</form>'
    )


def _toggle(context, kind, object_id, mine):
    """The toggle, written in Python like the topic page's other controls (its posts',
    communaute/templatetags/posts.py): as an included template it cost a member's page a
    tenth of a millisecond."""
    texts = _texts(get_language())
    action = reversed_with_id("communaute:bookmark_set", object_id, id_name="object_id", kind=kind)
    link = ""
    if mine:
        link = (
            f'<a href="{cached_reverse("communaute:bookmarks")}" class="bookmark-toggle__link">'
            f"{texts['list']}</a>"
        )
    classes = "bookmark bookmark--mine" if mine else "bookmark"
    return mark_safe(
        f'<form method="post" action="{action}" class="inline-form bookmark-toggle">'
        f"{csrf_input(context)}"
        f'<button type="submit" name="on" value="{0 if mine else 1}"'
        f' class="button button--secondary button--small {classes}"'
        f' aria-pressed="{"true" if mine else "false"}">{texts["set_aside"]}</button>{link}</form>'
    )


@functools.cache
def _texts(language):
    """Trusted text, not escaped, as {% translate %} writes it."""
    return {
        "set_aside": mark_safe(gettext("Mettre de côté")),
        "list": mark_safe(gettext("Voir mes éléments mis de côté")),
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
