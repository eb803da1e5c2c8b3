"""What pages of the forum show every reader alike, built once and kept in the site's cache
(issue 16, passerelles/core/shared_parts.py): past the page cache, members and visitors on a
miss build only what differs per reader. A topic page's posts, and a space page's topic list,
announcements, calendar and topics shared into it (space_parts, at the end).

A topic page's posts.

Shared, and kept: the author's face and name, the date and « modifié », the post's text, what it
answers, its attachments and link cards, and its reaction counts. Per reader, rendered by
communaute/templatetags/posts.py around it: the « écrire en privé » link, the reaction
buttons and which of them are pressed, the actions (reply, edit, report, moderate, set aside),
the moderation marks and open reports, and which posts are shown at all (a hidden one only to
its author and the moderators). The shared part is rendered without the request, so nothing of
the reader can slip into it.

Kept per post and language (one entry per post, whichever page or reader showed it), under the
page cache's generation: a post edited, deleted, hidden or restored, a reaction, an attachment,
a link card, a member's name or picture all bump it.
"""

import hashlib
from dataclasses import astuple, dataclass
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from communaute.hooks.calendar import CalendarFilters, calendar_entries
from communaute.permissions.access import MAX_SLUG, space_key
from communaute.permissions.forum import can_view_space
from communaute.selectors import forum as forum_selectors
from communaute.selectors.following import recent_announcements
from communaute.selectors.forum import shared_content
from communaute.selectors.home import member_part, member_part_keys
from communaute.templatetags.following import follows_part
from communaute.templatetags.topics import topic_row
from passerelles.core import shared_parts
from passerelles.core.forms import id_or_none

TEMPLATE = "communaute/forum/_post_shared.html"
# Between the pieces of the rendered posts. PostgreSQL's text holds no NUL character, so no
# name, text or file name of a post can contain it.
CUT = "\x00"
PIECES = ("author", "meta", "content")


def topic_page_key(pk, number):
    return f"topicpage:{get_language()}:{pk}:{number}"


def topic_page_posts(topic, number):
    """One page of a topic's posts (posts_page: all of them, each reader's filter comes after)
    with their shared HTML (attach_shared_html), and the topic's tags: kept per topic, page
    and language for every reader."""

    def build():
        posts = forum_selectors.posts_page(topic, number)
        attach_shared_html(posts)
        authors = {}
        for post in posts:
            _forget_shared_sources(post, authors)
        return posts, list(topic.tags.all())

    posts, tags = shared_parts.kept(topic_page_key(topic.pk, number), build)
    for post in posts:
        # The request's topic, as posts_page gives it: the stored copy is the one it was.
        post.topic = topic
    return posts, tags


# What a post holds only to render its shared HTML (shared_content) and the request's topic,
# set again on every read: kept with the page, they made its entry 70 % larger and three times
# slower to unpickle, read by every reader past the page cache (issue 16).
SHARED_SOURCES = ("body_html", "previews", "_prefetched_objects_cache")
SHARED_RELATIONS = ("reply_to", "topic")
# What each reader's part of a post asks of its author (communaute/templatetags/posts.py: the
# « écrire en privé » link); their name and face are in the shared HTML. Kept whole, the
# authors were half of the entry's unpickling. Any other field is deferred: asked, it would
# cost a query, which the pages' query counts forbid, never a wrong value.
AUTHOR_FIELDS = ("id", "handle", "is_active")


def _forget_shared_sources(post, authors):
    """The post as kept: what its shared HTML was rendered from left out, its author slimmed
    (one copy per author, shared by their posts of the page)."""
    for name in SHARED_SOURCES:
        post.__dict__.pop(name, None)
    for name in SHARED_RELATIONS:
        post._state.fields_cache.pop(name, None)
    author = post._state.fields_cache.get("author")
    if author is not None:
        if author.pk not in authors:
            # from_db takes the values in the order of the model's fields.
            names = [
                field.attname
                for field in author._meta.concrete_fields
                if field.attname in AUTHOR_FIELDS
            ]
            authors[author.pk] = type(author).from_db(
                author._state.db, names, [getattr(author, name) for name in names]
            )
        post._state.fields_cache["author"] = authors[author.pk]


def cache_key(language, post):
    return f"postpart:{language}:{post.pk}"


def attach_shared_html(posts):
    """Give each post `shared` (its pieces of HTML, by name) and `reaction_counts`, unless it
    has them (a topic page's posts come with them): from the cache for the posts it holds
    under the current generation (one round trip), rendered with the four queries of
    shared_content for the others, which are then stored."""
    posts = [post for post in posts if not hasattr(post, "shared")]
    if not posts:
        return
    language = get_language()
    keys = {post.pk: cache_key(language, post) for post in posts}
    generation, found = shared_parts.read(list(keys.values()))
    missing = []
    for post in posts:
        entry = found.get(keys[post.pk])
        if entry is None:
            missing.append(post)
        else:
            _attach(post, *entry)
    if not missing:
        return
    shared_content(missing)
    pieces = render_to_string(TEMPLATE, {"posts": missing, "cut": CUT}).split(CUT)
    for index, post in enumerate(missing):
        _attach(post, pieces[index * len(PIECES) : (index + 1) * len(PIECES)], post.reaction_counts)
    shared_parts.store(
        generation,
        {
            keys[post.pk]: ([post.shared[name] for name in PIECES], post.reaction_counts)
            for post in missing
        },
    )


def _attach(post, html, counts):
    post.shared = {name: mark_safe(piece) for name, piece in zip(PIECES, html, strict=True)}
    post.reaction_counts = counts


# How far ahead, and how many, of the space's calendar its page shows.
SPACE_CALENDAR_DAYS = 90
SPACE_CALENDAR_ENTRIES = 5
# The topics shared into a space that its page keeps, before each reader's own filter (a
# topic from a private space shows only to that space's members): enough for the ten it shows.
SHARED_KEPT = 30
SHARED_SHOWN = 10
# The list filters every reader sees alike (« mes sujets » is the reader's own).
SHARED_FILTERS = ("", "sans-reponse")


@dataclass
class SpaceParts:
    page: forum_selectors.TopicPage  # its object_list holds TopicRow
    announcements: list
    upcoming: list
    shared: list


@dataclass(frozen=True)
class ListQuery:
    """Which page of a space's topic list the address asks for."""

    only: str
    tag: str
    after: str
    before: str
    number: int


def list_query(request) -> ListQuery:
    return ListQuery(
        only=request.GET.get("filtre", ""),
        tag=request.GET.get("etiquette", "")[:60],
        after=request.GET.get("apres", ""),
        before=request.GET.get("avant", ""),
        number=id_or_none(request.GET.get("page")) or 1,
    )


@dataclass(frozen=True)
class SpaceKeys:
    side: str
    # None: a list no other reader sees alike (« mes sujets »), not kept.
    list: str | None
    # The member's pieces: whether they follow the space, how far they read the listed topics.
    follows: str
    read: str | None


def space_keys(slug: str, query: ListQuery) -> SpaceKeys:
    """The entries of a space page, named from its address: kept by slug, so that its view
    can name them before the space is read (read_ahead.declare); a space renamed bumps the
    generation they are kept under."""
    language = get_language()
    list_key = None
    # Not the names of the entries kept by the space's id before: a slug may be all digits,
    # and workers of the two versions share the cache while a deploy reloads them.
    if query.only in SHARED_FILTERS:
        hashed = hashlib.sha256(repr(astuple(query)).encode()).hexdigest()
        list_key = f"space-list:{language}:{slug}:{hashed[:32]}"
    return SpaceKeys(
        side=f"space-side:{language}:{slug}:{timezone.localdate().isoformat()}",
        list=list_key,
        follows=follows_part(slug),
        read=f"read:{list_key}" if list_key else None,
    )


def space_page_keys(request, member_id, slug):
    """Everything a space page reads of the cache (space_parts), the space itself first."""
    if len(slug) > MAX_SLUG:
        return []
    keys = space_keys(slug, list_query(request))
    mine = [keys.follows, keys.read] if keys.read else [keys.follows]
    return [
        space_key(slug),
        keys.side,
        *([keys.list] if keys.list else []),
        *member_part_keys(member_id, mine),
    ]


def space_parts(space, viewer, query: ListQuery, *, moderates):
    """A space page's topic list (one page of it), announcements, coming calendar entries and
    topics shared into it. Its list is kept per space, filter, page and language, except for
    moderators (they see hidden topics) and « mes sujets »; the rest per space, language and
    day. The reader's own parts are added after: how far they read each listed topic, and
    which shared topics come from spaces they may read."""
    today = timezone.localdate()
    keys = space_keys(space.slug, query)
    list_key = keys.list if not moderates else None
    read_part = keys.read if not moderates else None
    # Read ahead with the member's own pieces by its view (space_page_keys).
    shared_keys = [keys.side, list_key] if list_key else [keys.side]
    generation, found = shared_parts.read(shared_keys)
    built = {}
    page = found.get(list_key) if list_key else None
    if page is None:
        topics = forum_selectors.topics_of(
            space, viewer.user, only=query.only, tag=query.tag, include_hidden=moderates
        )
        # The space stores how many topics members see: no count(*) per view.
        unfiltered = not (query.only or query.tag or moderates)
        page = forum_selectors.topics_page(
            topics,
            after=query.after,
            before=query.before,
            number=query.number,
            total=space.topic_count if unfiltered else None,
        )
        page.object_list = [topic_row(topic) for topic in page.object_list]
        if list_key:
            built[list_key] = page
    side = found.get(keys.side)
    if side is None:
        side = built[keys.side] = _space_side(space, viewer, today)
    shared_parts.store(generation, built)
    if viewer.is_authenticated and page.object_list:
        ids = [row.pk for row in page.object_list]
        read = None
        if read_part:
            # Kept with the list it was read for: a list built again under the same generation
            # (its entry expired first) may hold other topics.
            kept_ids, read = member_part(
                viewer.pk,
                read_part,
                lambda: (ids, forum_selectors.last_read_positions(viewer.user, ids)),
            )
            read = read if kept_ids == ids else None
        if read is None:
            read = forum_selectors.last_read_positions(viewer.user, ids)
        for row in page.object_list:
            row.last_read = read[row.pk]
    now = timezone.now()
    return SpaceParts(
        page=page,
        announcements=side["announcements"],
        upcoming=[entry for entry in side["upcoming"] if (entry.ends_at or entry.starts_at) >= now][
            :SPACE_CALENDAR_ENTRIES
        ],
        shared=[share for share in side["shared"] if can_view_space(viewer, share.topic.space)][
            :SHARED_SHOWN
        ],
    )


def _space_side(space, viewer, today):
    """What a space page shows beside its list. The calendar's entries of a space are those of
    its gatherings, alike for whoever may read the space."""
    now = timezone.now()
    entries = calendar_entries(
        viewer,
        today,
        today + timedelta(days=SPACE_CALENDAR_DAYS),
        CalendarFilters(space_id=space.pk),
    )
    return {
        "announcements": recent_announcements(space),
        "upcoming": [
            entry
            for entry in entries
            if not entry.cancelled and (entry.ends_at or entry.starts_at) >= now
        ],
        "shared": forum_selectors.shares_into(space, limit=SHARED_KEPT),
    }
