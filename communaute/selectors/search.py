"""What the community contributes to /recherche/: posts of the spaces the visitor may see."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F
from django.urls import reverse
from django.utils.translation import gettext as _

from communaute.models import Post
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import visible_spaces
from communaute.selectors.moderation import shown_posts
from passerelles.core.search import HitSequence, SearchHit, highlight, ranked, text_query

# A common word matches half the forum: only its most recent matches are ranked and counted
# (pages say "more than" beyond), so that a search costs the same at any size (issue #16).
CANDIDATES = 200
# How many of the newest posts (by id, which follows their date) the walk for matches reads.
WINDOW = 50_000


def hidden_meta(post):
    # Only moderators find hidden posts: the mark tells them why members do not.
    return _("%(space)s — masqué aux membres") % {"space": post.topic.space.name}


def _newest_matches(matching):
    """The ids of the newest CANDIDATES + 1 matches (one more tells whether there were more),
    at a cost that does not grow with the forum.

    Left to itself, PostgreSQL walks the date index until it has enough matches: quick for a
    common word, but for a word found nowhere it reads every post (7 s at 1,000,000 posts).
    So the walk is bounded to the newest WINDOW posts; when they hold too few matches the word
    is rare, and the GIN index finds the older ones (the order by an expression keeps the
    planner off the date index: the few matches are sorted instead)."""
    newest = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    bound = CANDIDATES + 1
    recent = list(
        matching.filter(pk__gt=newest - WINDOW)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:bound]
    )
    if len(recent) < bound and newest > WINDOW:
        recent += (
            matching.filter(pk__lte=newest - WINDOW)
            .order_by(
                ExpressionWrapper(
                    F("created_at") + timedelta(0), output_field=DateTimeField()
                ).desc()
            )
            .values_list("pk", flat=True)[: bound - len(recent)]
        )
    return recent


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
    posts = ranked(
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
