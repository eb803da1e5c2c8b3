"""What the community contributes to /recherche/: posts of the spaces the visitor may see."""

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


def hidden_meta(post):
    # Only moderators find hidden posts: the mark tells them why members do not.
    return _("%(space)s — masqué aux membres") % {"space": post.topic.space.name}


def search_posts(query, user):
    posts = shown_posts(
        Post.objects.filter(
            deleted_at__isnull=True, topic__space__in=visible_spaces(user).values("pk")
        ),
        Viewer.of(user),
    )
    # One run of the matching, newest first and bounded: the GIN index finds the matches and
    # PostgreSQL stops at the bound (one more tells whether there were more).
    recent = list(
        posts.filter(search_vector=text_query(query))
        .order_by("-created_at")
        .values_list("pk", flat=True)[: CANDIDATES + 1]
    )
    posts = ranked(
        Post.objects.filter(pk__in=recent[:CANDIDATES]), query, "-created_at"
    ).select_related("topic__space")

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
