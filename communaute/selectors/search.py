"""What the community contributes to /recherche/: posts of the spaces the visitor may see."""

from django.urls import reverse
from django.utils.translation import gettext as _

from communaute.models import Post
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import visible_spaces
from communaute.selectors.moderation import shown_posts
from passerelles.core.search import HitSequence, SearchHit, by_rank, highlight, text_query

# A common word matches half the forum: only its most recent matches are ranked and counted
# (pages say "more than" beyond), so that a search costs the same at any size (issue #16).
CANDIDATES = 200
# The newest posts (by id, which follows their date) where the matches are looked for first;
# each older range is GROWTH times the one before it.
WINDOW = 100_000
GROWTH = 4


def hidden_meta(post):
    # Only moderators find hidden posts: the mark tells them why members do not.
    return _("%(space)s — masqué aux membres") % {"space": post.topic.space.name}


def id_ranges(newest):
    """(lowest id excluded, highest id included) of the ranges searched, newest first: the
    newest WINDOW posts, then ranges GROWTH times larger, the last one down to the first post.
    None: no bound."""
    ranges, high, size = [], None, WINDOW
    while newest - size > 0:
        ranges.append((newest - size, high))
        high, size = newest - size, size * GROWTH
    return [*ranges, (None, high)]


def _newest_matches(matching):
    """The ids of the newest CANDIDATES + 1 matches (one more tells whether there were more),
    at a cost that does not grow with the forum: one query, read range by range.

    Each range of ids keeps its newest matches, and PostgreSQL stops at the first ranges that
    hold enough. In a range, a common word walks the id index from the top and stops after a
    few hundred posts; a rare word takes its matches from the GIN index, narrowed by the BRIN
    index on ids to those of the range before any row is read (a word in one post in 200
    reads 500 rows of the newest 100,000, instead of all its 5,000 at 1,000,000 posts). A word
    found nowhere costs a few index pages per range, and the ranges grow geometrically."""
    newest = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    bound = CANDIDATES + 1
    ranges = []
    for low, high in id_ranges(newest):
        in_range = matching
        if low is not None:
            in_range = in_range.filter(pk__gt=low)
        if high is not None:
            in_range = in_range.filter(pk__lte=high)
        ranges.append(in_range.order_by("-pk").values_list("pk", flat=True)[:bound])
    first, *older = ranges
    # Newest first whatever order the union returns its rows in.
    return sorted(first.union(*older, all=True)[:bound] if older else first, reverse=True)


def search_posts(query, user):
    posts = shown_posts(
        Post.objects.filter(
            deleted_at__isnull=True, topic__space__in=visible_spaces(user).values("pk")
        ),
        Viewer.of(user),
    )
    recent = _newest_matches(posts.filter(search_vector=text_query(query)))
    # Ranked on the posts alone: joining the topics here made PostgreSQL hash the whole topic
    # table for 200 rows (its cost grew with the forum); the page's topics and spaces come after.
    posts = by_rank(
        Post.objects.filter(pk__in=recent[:CANDIDATES]), query, "-created_at"
    ).prefetch_related("topic__space")

    def to_hit(post):
        return SearchHit(
            title=post.topic.title,
            url=reverse("communaute:post", kwargs={"pk": post.pk}),
            text=highlight(post.body, query),
            meta=hidden_meta(post)
            if post.hidden_at or post.topic.hidden_at
            else post.topic.space.name,
        )

    return HitSequence(
        posts,
        to_hit,
        total=min(len(recent), CANDIDATES),
        capped=len(recent) > CANDIDATES,
    )
