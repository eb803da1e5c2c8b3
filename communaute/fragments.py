"""The part of a topic page's posts that every reader sees alike, rendered once and kept in the
site's cache (issue 16): past the page cache, members and visitors on a miss render only what
differs per reader.

Shared, and kept: the author's face and name, the date and « modifié », the post's text, what it
answers, its attachments and link cards, and its reaction counts. Per reader, rendered by
communaute/templatetags/posts.py around it: the « écrire en privé » link, the reaction
buttons and which of them are pressed, the actions (reply, edit, report, moderate, set aside),
the moderation marks and open reports, and which posts are shown at all (a hidden one only to
its author and the moderators). The shared part is rendered without the request, so nothing of
the reader can slip into it.

Kept per post and language (one entry per post, whichever page or reader showed it), under the
page cache's generation (passerelles/core/page_cache.py): it is bumped on commit of any write
to a model the site shows (a post edited, deleted, hidden or restored, a reaction, an
attachment, a link card, a member's name or picture) and after any successful POST, so an entry
is used only while nothing it shows can have changed. Only when the page cache is on (PAGE_CACHE),
which keeps that generation: with it off, every post is rendered on each request.
"""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from communaute.selectors.forum import shared_content
from passerelles.core import page_cache

TEMPLATE = "communaute/forum/_post_shared.html"
# Between the pieces of the rendered posts. PostgreSQL's text holds no NUL character, so no
# name, text or file name of a post can contain it.
CUT = "\x00"
PIECES = ("author", "meta", "content")


def cache_key(language, post):
    return f"postfragment:{language}:{post.pk}"


def attach_shared_html(posts):
    """Give each post `shared` (its pieces of HTML, by name) and `reaction_counts`: from the
    cache for the posts it holds under the current generation (one round trip), rendered with
    the four queries of shared_content for the others, which are then stored."""
    if not posts:
        return
    language = get_language()
    missing, generation = list(posts), None
    if page_cache.enabled():
        keys = {post.pk: cache_key(language, post) for post in posts}
        found = cache.get_many([page_cache.GENERATION_KEY, *keys.values()])
        # Read before rendering, as the page cache does: a write committed meanwhile leaves
        # what is stored below stale at once.
        generation = found.get(page_cache.GENERATION_KEY) or page_cache.current_generation()
        missing = []
        for post in posts:
            entry = found.get(keys[post.pk])
            if entry is not None and entry[0] == generation:
                _attach(post, entry[1], entry[2])
            else:
                missing.append(post)
    if not missing:
        return
    shared_content(missing)
    pieces = render_to_string(TEMPLATE, {"posts": missing, "cut": CUT}).split(CUT)
    for index, post in enumerate(missing):
        _attach(post, pieces[index * len(PIECES) : (index + 1) * len(PIECES)], post.reaction_counts)
    if generation is not None:
        cache.set_many(
            {
                cache_key(language, post): (
                    generation,
                    [post.shared[name] for name in PIECES],
                    post.reaction_counts,
                )
                for post in missing
            },
            timeout=settings.PAGE_CACHE_SECONDS,
        )


def _attach(post, html, counts):
    post.shared = {name: mark_safe(piece) for name, piece in zip(PIECES, html, strict=True)}
    post.reaction_counts = counts
