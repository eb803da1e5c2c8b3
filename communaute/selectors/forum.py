"""Reads for the community pages: which spaces a person sees, topic lists, a page of posts."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchRank
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from communaute.models import (
    Attachment,
    LinkPreview,
    Member,
    Post,
    PostLink,
    Reaction,
    ReadState,
    Space,
    SpaceMembership,
    Topic,
)
from communaute.models.forum import POSTS_PER_PAGE
from communaute.permissions.forum import can_post_in_space
from communaute.permissions.viewer import Viewer
from communaute.selectors.home import forget_home
from passerelles.core.search import any_word_query, text_query, words_document

TOPICS_PER_PAGE = 25
# Pages of a topic list asked by number (?page=, older links) are read with OFFSET up to this
# one; later pages are reached by their cursor (?apres=), whose cost does not grow.
OFFSET_PAGES = 5
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"([01])\.(\d{1,17})\.(\d{1,18})")
# A page that stayed open long asks for the new posts by pages this size.
NEW_POSTS_LIMIT = 50


def visible_spaces(user):
    if not user.is_authenticated:
        return Space.objects.filter(visibility=Space.Visibility.PUBLIC)
    member_of = SpaceMembership.objects.filter(member=user, space=OuterRef("pk"))
    if user.is_superuser:
        # Administrators see every space, and which of them they belong to like anyone.
        return Space.objects.annotate(is_member=Exists(member_of))
    return Space.objects.filter(
        Q(visibility__in=[Space.Visibility.PUBLIC, Space.Visibility.MEMBERS])
        | Q(
            visibility=Space.Visibility.PRIVATE,
            pk__in=SpaceMembership.objects.filter(member=user).values("space_id"),
        )
    ).annotate(is_member=Exists(member_of))


def readable_space_ids(user: Member | AnonymousUser) -> list[int]:
    return list(visible_spaces(user).values_list("pk", flat=True))


def topics_of(space, user, *, only="", tag="", include_hidden=False):
    """include_hidden: moderators see topics hidden from members (marked in the list)."""
    topics = space.topics.all() if include_hidden else space.topics.filter(hidden_at__isnull=True)
    topics = topics.select_related("author", "last_poster").order_by(
        "-is_pinned", "-last_activity_at", "-pk"
    )
    if tag:
        topics = topics.filter(tags__slug=tag)
    if only == "sans-reponse":
        topics = topics.filter(post_count=1)
    elif only == "mes-sujets" and user.is_authenticated:
        topics = topics.filter(author=user)
    return topics


def last_read_positions(member: Member, topic_ids: list[int]) -> dict[int, int]:
    """How far this member read each of these topics (0: not at all), so that a list can mark
    what is new: one query for the page's topics, apart from the list, which every reader
    shares."""
    read = dict(
        ReadState.objects.filter(member=member, topic_id__in=topic_ids).values_list(
            "topic_id", "last_read_position"
        )
    )
    return {pk: read.get(pk, 0) for pk in topic_ids}


def topic_cursor(topic: Topic) -> str:
    """Where a topic stands in its space's list: pinned, last activity (µs), id."""
    micros = (topic.last_activity_at - _EPOCH) // timedelta(microseconds=1)
    return f"{int(topic.is_pinned)}.{micros}.{topic.pk}"


def _parse_cursor(text: str) -> tuple[bool, datetime, int] | None:
    match = _CURSOR.fullmatch(text or "")
    if match is None:
        return None
    pinned, micros, pk = match.groups()
    try:
        return pinned == "1", _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


class _RowComparison(Func):
    """(a, b, c) < (x, y, z): the first half of the expressions against the second."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(parts) // 2
        left, right = ", ".join(parts[:half]), ", ".join(parts[half:])
        return f"({left}) {self.extra['operator']} ({right})", params


def _ids_beyond(topics, cursor, *, before):
    """The ids of the page next to a cursor: the nearest topics after it (before=False) or
    before it, nearest first.

    One row comparison on (last activity, id), served by topic_keyset_idx as a range,
    within the cursor's group (pinned or not); PostgreSQL would judge a comparison starting
    with is_pinned by the few pinned topics and sort every topic past the cursor. Only at
    the edge between the two groups (near the first page) is the other group read too."""
    pinned, last_activity_at, pk = cursor
    wanted = TOPICS_PER_PAGE + 1
    within = topics.filter(
        _RowComparison(
            F("last_activity_at"),
            F("pk"),
            Value(last_activity_at),
            Value(pk),
            operator=">" if before else "<",
        ),
        is_pinned=pinned,
    )
    ids = list((within.reverse() if before else within).values_list("pk", flat=True)[:wanted])
    # Pinned topics come first: after a pinned one come the others, before the others the
    # pinned ones.
    if len(ids) < wanted and pinned != before:
        rest = topics.filter(is_pinned=before)
        rest = rest.reverse() if before else rest
        ids += list(rest.values_list("pk", flat=True)[: wanted - len(ids)])
    return ids


def attach_tags(topics: list[Topic]) -> None:
    """Each topic's tags as topic.tag_list, by name, in one query for the whole list: taggit's
    prefetch builds a queryset for every topic (a fifth of a topic list's rendering)."""
    by_topic: dict[int, list] = {topic.pk: [] for topic in topics}
    if not by_topic:
        return
    tagged = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Topic), object_id__in=by_topic
        )
        .select_related("tag")
        .order_by("tag__name")
    )
    for item in tagged:
        by_topic[item.object_id].append(item.tag)
    for topic in topics:
        topic.tag_list = by_topic[topic.pk]


@dataclass
class TopicPage:
    object_list: list
    number: int
    num_pages: int | None  # None when the total is not stored (a filter, hidden topics)
    previous_cursor: str | None  # "" for the first page
    next_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return self.previous_cursor is not None or self.next_cursor is not None


def topics_page(topics, *, after="", before="", number=1, total=None):
    """One page of a topic list (topics_of), by keyset: the page after the topic whose
    cursor is `after`, or before `before`; without either, page `number` by OFFSET, up to
    OFFSET_PAGES. `number` only labels the page; `total` (a stored count) gives the number
    of pages."""
    per_page = TOPICS_PER_PAGE
    num_pages = max(1, -(-total // per_page)) if total is not None else None
    after_key, before_key = _parse_cursor(after), _parse_cursor(before)
    if after_key:
        rows = list(topics.filter(pk__in=_ids_beyond(topics, after_key, before=False)))
        more_before, more_after = True, len(rows) > per_page
        rows = rows[:per_page]
        number = max(number, 2)
    elif before_key:
        # The ids nearest the cursor, read backwards; the page keeps the list's order.
        rows = list(topics.filter(pk__in=_ids_beyond(topics, before_key, before=True)))
        more_before, more_after = len(rows) > per_page, True
        rows = rows[-per_page:]
        number = max(number, 2) if more_before else 1
    else:
        number = min(max(number, 1), OFFSET_PAGES)
        start = (number - 1) * per_page
        rows = list(topics[start : start + per_page + 1])
        if not rows and number > 1:
            number, rows = 1, list(topics[: per_page + 1])
        more_before, more_after = number > 1, len(rows) > per_page
        rows = rows[:per_page]
    if num_pages is not None:
        number = min(number, num_pages)
    attach_tags(rows)
    previous_cursor = None
    if more_before and rows:
        previous_cursor = "" if number <= 2 else topic_cursor(rows[0])
    return TopicPage(
        object_list=rows,
        number=number,
        num_pages=num_pages,
        previous_cursor=previous_cursor,
        next_cursor=topic_cursor(rows[-1]) if more_after and rows else None,
    )


LIBRARY_KINDS = [
    (Attachment.Kind.PDF.value, _("PDF")),
    (Attachment.Kind.IMAGE.value, _("Images")),
    (Attachment.Kind.OFFICE.value, _("Documents de bureautique")),
    (Attachment.Kind.AUDIO.value, _("Audio")),
    ("lien", _("Liens")),
]


def library(space, *, kind="", text="", include_hidden=False):
    """Files and links shared in a space's visible posts, newest first, as one list; with a
    text, those whose file name, address or page title has its words, the best first.

    A UNION of two small row shapes keeps pagination in the database; the page's posts,
    topics and authors are then fetched once (see library_page). Moderators ask for what is
    hidden from members too (include_hidden), and see it marked."""
    visible = {"post__topic__space": space, "post__deleted_at__isnull": True}
    if not include_hidden:
        visible.update({"post__hidden_at__isnull": True, "post__topic__hidden_at__isnull": True})
    files = Attachment.objects.filter(ready=True, **visible)
    links = PostLink.objects.filter(**visible)
    if kind == "lien":
        files = files.none()
    elif kind in Attachment.Kind.values:
        files, links = files.filter(kind=kind), links.none()
    if text:
        query = text_query(text)
        files = files.annotate(document=words_document("original_name")).filter(document=query)
        files = files.annotate(rank=SearchRank(F("document"), query))
        # A link is found by its address or by the title of the page it leads to.
        titles = LinkPreview.objects.annotate(document=words_document("title"))
        page_rank = titles.filter(url=OuterRef("url"), document=query).annotate(
            rank=SearchRank(F("document"), query)
        )
        links = links.annotate(document=words_document("url")).filter(
            Q(document=query) | Q(url__in=titles.filter(document=query).values("url"))
        )
        links = links.annotate(
            rank=Greatest(
                SearchRank(F("document"), query),
                Coalesce(Subquery(page_rank.values("rank")[:1]), Value(0.0)),
            )
        )
    else:
        files = files.annotate(rank=Value(0.0, output_field=FloatField()))
        links = links.annotate(rank=Value(0.0, output_field=FloatField()))
    # Each part without its default ordering: the UNION is ordered as a whole.
    files = (
        files.order_by()
        .annotate(source=Value("file"), title=F("original_name"))
        .values_list("source", "pk", "title", "kind", "post_id", "created_at", "rank")
    )
    links = (
        links.order_by()
        .annotate(source=Value("link"), title=F("url"), link_kind=Value("lien"))
        .values_list("source", "pk", "title", "link_kind", "post_id", "created_at", "rank")
    )
    return LibraryList(files.union(links, all=True).order_by("-rank", "-created_at"))


class LibraryList:
    """A lazy, sliceable library: each slice brings its posts, topics and authors at once."""

    def __init__(self, rows):
        self.rows = rows

    def count(self):
        return self.rows.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        rows = list(self.rows[index]) if isinstance(index, slice) else [self.rows[index]]
        posts = Post.objects.select_related("author", "topic").in_bulk({row[4] for row in rows})
        urls = [row[2] for row in rows if row[0] == "link"]
        # A link reads better by the title of the page it leads to, once its card is known.
        titles = dict(
            LinkPreview.objects.filter(url__in=urls, status=LinkPreview.Status.OK)
            .exclude(title="")
            .values_list("url", "title")
            if urls
            else ()
        )
        items = [
            {
                "source": source,
                "pk": pk,
                "title": title,
                "page_title": titles.get(title, "") if source == "link" else "",
                "kind": kind,
                "post": posts.get(post_id),
                "created_at": created_at,
            }
            for source, pk, title, kind, post_id, created_at, _rank in rows
        ]
        return items if isinstance(index, slice) else items[0]


def post_images(post: Post) -> list[Attachment]:
    """The images of a post, in the order they were joined, ready or not."""
    return list(post.attachments.filter(kind=Attachment.Kind.IMAGE).order_by("pk"))


def post_of_topic(topic: Topic, pk: int | str, *, include_deleted: bool = False) -> Post | None:
    """A post of this topic, with its author, or None. The caller's topic goes on it, as on
    posts_page."""
    posts = Post.objects.filter(topic=topic, pk=pk)
    if not include_deleted:
        posts = posts.filter(deleted_at__isnull=True)
    post = posts.select_related("author").first()
    if post is not None:
        post.topic = topic
    return post


def reaction_count(post: Post, kind: str) -> int:
    return Reaction.objects.filter(post=post, kind=kind).count()


def posts_page(topic, number):
    """One page of a topic by position range: the last page of a long topic costs the same.

    Positions are dense, so the LIMIT changes no result; it tells PostgreSQL the page is
    small, which the range alone does not on a very long topic (a misestimate of 160,000
    rows chose a parallel plan)."""
    first = (number - 1) * POSTS_PER_PAGE + 1
    return _shown_posts(
        topic,
        Post.objects.filter(position__gte=first, position__lt=first + POSTS_PER_PAGE),
        limit=POSTS_PER_PAGE,
    )


def posts_after(topic, post_id, *, limit=NEW_POSTS_LIMIT):
    """The posts added to a topic after the one with this id (oldest first, at most limit),
    for the page that shows them live (static/js/live.js)."""
    return _shown_posts(topic, Post.objects.filter(pk__gt=post_id), limit=limit)


# What only a post's shared HTML shows (its text, what it answers: shared_content) or no page
# shows (its search vector, the token of the form that sent it): a page of posts whose HTML is
# cached read them for nothing, and decoding them was half of the posts' query.
NOT_ON_THE_PAGE = ("body", "body_html", "search_vector", "client_token")


def _shown_posts(topic, posts, *, limit=None):
    """Posts of the topic as its page shows them, in order, with what the page's permission
    checks need; what only their shared HTML shows comes with shared_content, when that HTML is
    not in the cache already (communaute/fragments.py)."""
    posts = (
        posts.filter(topic=topic)
        .select_related("author")
        .defer(*NOT_ON_THE_PAGE)
        .order_by("position")
    )
    posts = list(posts[:limit] if limit else posts)
    for post in posts:
        # The caller's topic (with its space): permission checks per post cost no query.
        post.topic = topic
    return posts


def shared_content(posts):
    """What every reader sees of these posts beside what the page read of their rows: their
    text, what each answers (with its author), attachments, link cards and reaction counts
    (`reaction_counts`, per kind). Five queries whatever the number of posts."""
    found = (
        Post.objects.select_related("reply_to__author")
        .only("body_html", "reply_to__author")
        .in_bulk([post.pk for post in posts])
    )
    for post in posts:
        # A post deleted with its topic since the page read it shows empty, rather than fail.
        row = found.get(post.pk)
        post.body_html = row.body_html if row else ""
        post.reply_to = row.reply_to if row else None
    prefetch_related_objects(
        posts,
        Prefetch("attachments", Attachment.objects.order_by("pk")),
        Prefetch("links", PostLink.objects.order_by("pk")),
    )
    attach_previews(posts)
    counts = {}
    for row in (
        Reaction.objects.filter(post_id__in=[post.pk for post in posts])
        .values("post_id", "kind")
        .annotate(total=Count("pk"))
    ):
        counts.setdefault(row["post_id"], {})[row["kind"]] = row["total"]
    for post in posts:
        post.reaction_counts = counts.get(post.pk, {})


def attach_previews(posts):
    """The link cards of a page of posts, in one query whatever the number of links."""
    urls = {link.url for post in posts for link in post.links.all()}
    cards = {}
    if urls:
        cards = {
            preview.url: preview
            for preview in LinkPreview.objects.filter(url__in=urls, status=LinkPreview.Status.OK)
            if preview.shows_card
        }
    for post in posts:
        post.previews = [
            cards[link.url]
            for link in post.links.all()[: LinkPreview.PER_POST]
            if link.url in cards
        ]


def attach_reactions(posts, member, mine=None):
    """Each post's reactions as its buttons show them: the counts that came with its shared
    HTML (`reaction_counts`) and which ones this member gave, in one query (none for a
    visitor; none either when the page read them already: `mine`, (post id, kind) pairs)."""
    if not member.is_authenticated:
        mine = set()
    elif mine is None:
        mine = set(
            Reaction.objects.filter(
                post_id__in=[post.pk for post in posts], member=member
            ).values_list("post_id", "kind")
        )
    # Read once a page, not once a post: Django builds the list anew at each reading.
    kinds = Reaction.Kind.values
    for post in posts:
        post.reaction_list = [
            {
                "kind": kind,
                "count": post.reaction_counts.get(kind, 0),
                "mine": (post.pk, kind) in mine,
            }
            for kind in kinds
        ]


def mark_read(member, topic, position, *, reading=None):
    """The member has read the topic up to position. Returns the position of the first post
    they had not read before, or None when none was left: one query when they had read it
    all already, two otherwise (one less when the page read where they stopped already:
    `reading`, communaute/selectors/reading.py)."""
    last = reading.last_read if reading is not None else _last_read(member, topic)
    if last is None and position > 0:
        state, created = ReadState.objects.get_or_create(
            member=member, topic=topic, defaults={"last_read_position": position}
        )
        last = 0 if created else state.last_read_position
    if position > (last or 0):
        ReadState.objects.filter(
            member=member, topic=topic, last_read_position__lt=position
        ).update(last_read_position=position)
        # A bulk update sends no signal: the member's home counts what they have not read.
        forget_home(member.pk)
    return _first_unread_after(last or 0, topic)


def first_unread_position(member, topic):
    """The position of the first post this member has not read, or None when none is left."""
    return _first_unread_after(_last_read(member, topic) or 0, topic)


def _last_read(member, topic):
    return (
        ReadState.objects.filter(member=member, topic=topic)
        .values_list("last_read_position", flat=True)
        .first()
    )


def _first_unread_after(last, topic):
    return None if last >= topic.next_position - 1 else last + 1


def similar_topics(space_ids, title, body="", *, limit=5):
    """Topics that look like a new one (title trigrams, words of the text), where the member
    may read, so the community does not repeat itself."""
    from django.contrib.postgres.search import TrigramSimilarity

    topics = Topic.objects.filter(space_id__in=space_ids, hidden_at__isnull=True).select_related(
        "space"
    )
    # Candidates come through two indexes: titles sharing enough trigrams (the % operator, at
    # pg_trgm's similarity threshold, reads topic_title_trgm) and opening posts sharing words
    # (post_search_vector_gin). A filter on a computed similarity would read every title.
    candidates = Topic.objects.filter(title__trigram_similar=title).values("pk")
    search = any_word_query(title, body)
    if search is not None:
        candidates = candidates.union(
            Post.objects.filter(position=1, search_vector=search).values("topic_id")
        )
    return list(
        topics.filter(pk__in=candidates)
        .annotate(similarity=TrigramSimilarity("title", title))
        .order_by("-similarity", "-last_activity_at")[:limit]
    )


def spaces_for_home(user: Member | AnonymousUser, *, mine: bool = False) -> list[Space]:
    """The spaces this person sees, by name, with their unread topics; mine: only the spaces
    they belong to."""
    spaces = visible_spaces(user).order_by("name")
    spaces = list(spaces.filter(is_member=True) if mine else spaces)
    attach_unread_counts(spaces, user)
    return spaces


def attach_unread_counts(spaces: list[Space], user: Member | AnonymousUser) -> None:
    """Each space with how many of its topics have posts this member has not read yet.

    Counted as the space's visible topics (its stored topic_count) less those this member has
    read to the end, in one query over the member's read states: the cost follows what the
    member has read, not the size of the forum."""
    if not user.is_authenticated or not spaces:
        return
    read_to_the_end = dict(
        ReadState.objects.filter(
            member=user,
            topic__space__in=[space.pk for space in spaces],
            topic__hidden_at__isnull=True,
            last_read_position__gte=F("topic__next_position") - 1,
        )
        .order_by()
        .values("topic__space")
        .annotate(total=Count("pk"))
        .values_list("topic__space", "total")
    )
    for space in spaces:
        space.unread_topics = max(space.topic_count - read_to_the_end.get(space.pk, 0), 0)


def shares_into(space, *, limit):
    """Topics pointed to from this space, newest first, with their home spaces: each reader
    sees those whose home space they may read (communaute.fragments.space_parts)."""
    return list(
        space.shared_topics.filter(topic__hidden_at__isnull=True)
        .select_related("topic__space", "shared_by")
        .order_by("-created_at")[:limit]
    )


def spaces_to_share_into(viewer: Viewer, topic):
    """Where this member may point to the topic: spaces they can write in, but its own."""
    if not viewer.is_authenticated:
        return []
    spaces = visible_spaces(viewer.user).exclude(pk=topic.space_id).order_by("name")
    return [space for space in spaces if can_post_in_space(viewer, space)]


def has_postable_space(viewer: Viewer, visible=None) -> bool:
    """Whether this member may write in some space (the community home's « Partager un lien »);
    `visible`: every space they see, when the page has already read them."""
    spaces = visible_spaces(viewer.user) if visible is None else visible
    return any(can_post_in_space(viewer, space) for space in spaces)


def postable_spaces(viewer: Viewer):
    """The spaces this member may write in, as a queryset (for a form's choices)."""
    spaces = list(visible_spaces(viewer.user).order_by("name"))
    return Space.objects.filter(
        pk__in=[space.pk for space in spaces if can_post_in_space(viewer, space)]
    ).order_by("name")
