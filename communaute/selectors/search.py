"""What the community contributes to /recherche/: posts of the spaces the visitor may see."""

import re
import time

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, F, Func, TextField, Value
from django.db.models.functions import Cast
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


# A word in more posts than this share is common: the GIN index is not asked for it.
COMMON_SHARE = 0.02
# How long the list of common words (from PostgreSQL's statistics on the posts) is kept.
COMMON_WORDS_SECONDS = 3600
_common_words = {"until": 0.0, "words": frozenset()}
# A query made only of words that must all be there: 'xylophon' & 'cultur'.
_ALL_OF = re.compile(r"'([^'\s]+)'(?: & '([^'\s]+)')*")


def common_words():
    """The words of more than COMMON_SHARE of the posts, by the statistics PostgreSQL keeps
    on their documents (ANALYZE, autovacuum); none before the first."""
    if _common_words["until"] < time.monotonic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = 'communaute_post' "
                "AND attname = 'search_vector'"
            )
            row = cursor.fetchone()
        words, shares = row if row and row[0] else ([], [])
        _common_words["words"] = frozenset(
            word for word, share in zip(words, shares, strict=False) if share > COMMON_SHARE
        )
        _common_words["until"] = time.monotonic() + COMMON_WORDS_SECONDS
    return _common_words["words"]


def _indexed_part(posts, query, query_text):
    """The posts matching `query`, with the GIN index asked only for its uncommon words.

    The index reads the list of every post holding each word it is asked for: for a word in
    nine posts in ten, 400 pages at 1,000,000 posts (ten times fewer at 100,000). When the
    query wants all of its words and some are rare, the index finds the posts with the rare
    ones and the row itself is checked for the whole query (ts_match_vq is @@ as a function,
    which the planner does not hand to the index)."""
    words = re.findall(r"'([^']+)'", query_text) if _ALL_OF.fullmatch(query_text) else []
    rare = [word for word in words if word not in common_words()]
    if not rare or len(rare) == len(words):
        return posts.filter(search_vector=query)
    rare_query = Cast(Value(" & ".join(f"'{word}'" for word in rare)), SearchQueryField())
    return posts.filter(
        Func(
            F("search_vector"),
            rare_query,
            template="(%(expressions)s)",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        ),
        Func(F("search_vector"), query, function="ts_match_vq", output_field=BooleanField()),
    )


def _newest_matches(matching, newest):
    """The ids of the newest CANDIDATES + 1 matches (one more tells whether there were more),
    at a cost that does not grow with the forum, read range by range.

    In a range, a common word walks the id index from the top and stops after a few hundred
    posts; a rare word takes its matches from the GIN index, narrowed by the BRIN index on
    ids to those of the range before any row is read (a word in one post in 200 reads 500 rows
    of the newest 100,000, instead of all its 5,000 at 1,000,000 posts). The newest range is
    asked alone: it holds enough for most words, and planning every range cost a common word
    several times its search. When it holds too few, the older ranges are asked in a second
    query, each keeping its newest matches, and PostgreSQL stops at the first ranges that
    hold enough. A word found nowhere costs a few index pages per range, and the ranges grow
    geometrically."""
    bound = CANDIDATES + 1
    ranges = []
    for low, high in id_ranges(newest):
        in_range = matching
        if low is not None:
            in_range = in_range.filter(pk__gt=low)
        if high is not None:
            in_range = in_range.filter(pk__lte=high)
        ranges.append(in_range.order_by("-pk").values_list("pk", flat=True)[:bound])
    newest_range, *older = ranges
    recent = list(newest_range)
    if len(recent) < bound and older:
        first, *others = older
        recent += first.union(*others, all=True)[: bound - len(recent)] if others else first
    # Newest first whatever order the union returns its rows in.
    return sorted(recent, reverse=True)


def search_posts(query, user):
    posts = shown_posts(
        Post.objects.filter(
            deleted_at__isnull=True, topic__space__in=visible_spaces(user).values("pk")
        ),
        Viewer.of(user),
    )
    tsquery = text_query(query)
    # The newest post's id (where the ranges start) and the query as PostgreSQL reads it.
    newest, query_text = Post.objects.order_by("-pk").values_list(
        "pk", Cast(tsquery, TextField())
    ).first() or (0, "")
    recent = _newest_matches(_indexed_part(posts, tsquery, query_text), newest)
    # Ranked on the posts alone: joining the topics here made PostgreSQL hash the whole topic
    # table for 200 rows (its cost grew with the forum); the page's topics and spaces come after.
    # The hits read the post's text, not its HTML or its document (ranked in SQL, not sent).
    posts = (
        by_rank(Post.objects.filter(pk__in=recent[:CANDIDATES]), query, "-created_at")
        .defer("body_html", "search_vector")
        .prefetch_related("topic__space")
    )

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
