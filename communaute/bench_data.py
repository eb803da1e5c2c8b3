"""A forum of a real one's shape for the benchmark (`manage.py seed_bench`, `make bench`).

Bulk inserts (COPY for the posts), yet every stored field is what the services write
(services/forum.py): bodies rendered by post_html, search vectors by the same search.document
expression, positions from 1, the topics' and spaces' counters, the author's own read state
(_read_own_post), reactions.
The set is clearly named so that it lives beside other content and never mixes with it:
members write from @bench.invalid addresses, spaces are called « Banc NN » (slug banc-NN).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.utils import timezone

from communaute.models import (
    Member,
    Post,
    Reaction,
    ReadState,
    Space,
    SpaceMembership,
    Topic,
)
from communaute.permissions import roles
from communaute.services.forum import post_html
from passerelles.core import search
from passerelles.core.slugs import slug_or

BENCH_EMAIL_DOMAIN = "bench.invalid"
BENCH_SLUG_PREFIX = "banc-"
# Every bench account signs in with this password (`make bench` signs in as one of them).
BENCH_PASSWORD = "banc-d-essai-2026"
BATCH = 5000
# COPY is several times faster than INSERT for the posts; the columns left out are NULL.
COPY_POSTS = (
    "COPY communaute_post (topic_id, position, author_id, body, body_html, created_at, "
    "search_vector, client_token) FROM STDIN"
)
# Words of a cultural forum; "culture" is in nearly every message (the common word of the
# benchmark's search), "xylophone" in about one in a thousand (its rare word).
WORD_TEXT = (
    "spectacle résidence tournée diffusion salle public médiation atelier création répétition "
    "subvention programmation festival musique théâtre danse cirque marionnette conte lecture "
    "patrimoine musée exposition artiste compagnie collectif bénévole association budget "
    "billetterie affiche communication partenaire école bibliothèque quartier région province "
    "projet demande dossier calendrier rencontre échange réseau formation accueil technique "
    "lumière son décor costume scène plateau régie bilan saison printemps automne hiver été"
)
WORDS = WORD_TEXT.split()
COMMON_WORD = "culture"
RARE_WORD = "xylophone"


@dataclass(frozen=True)
class Shape:
    """The issue's forum (105,000 posts: 20 spaces, topics of 1 to 24 posts, one topic of
    5,000 posts, 2,000 members), scaled to the number of posts asked for."""

    posts: int
    spaces: int = 20
    long_topic_posts: int = field(init=False)
    members: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "long_topic_posts", max(2, self.posts * 5000 // 105_000))
        object.__setattr__(self, "members", max(10, self.posts * 2000 // 105_000))


@dataclass
class BenchSummary:
    members: int
    spaces: int
    topics: int
    posts: int
    read_states: int
    reactions: int


def bench_members():
    return Member.objects.filter(email__endswith="@" + BENCH_EMAIL_DOMAIN)


def bench_spaces():
    return Space.objects.filter(slug__startswith=BENCH_SLUG_PREFIX)


def other_members_count() -> int:
    return Member.objects.exclude(email__endswith="@" + BENCH_EMAIL_DOMAIN).count()


def bench_exists() -> bool:
    return bench_spaces().exists() or bench_members().exists()


@transaction.atomic
def remove_bench() -> None:
    """Deletes the bench set only (its posts, read states and reactions go with it)."""
    Topic.objects.filter(space__in=bench_spaces()).delete()
    bench_spaces().delete()
    bench_members().delete()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    if rng.random() < 0.9:
        words.insert(rng.randrange(len(words)), COMMON_WORD)
    if rng.random() < 0.001:
        words.insert(rng.randrange(len(words)), RARE_WORD)
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 3))
    ]
    if rng.random() < 0.2:
        paragraphs.append(f"**{rng.choice(WORDS).capitalize()}** : " + _sentence(rng))
    if rng.random() < 0.1:
        paragraphs.append("\n".join(f"- {rng.choice(WORDS)}" for _ in range(3)))
    return "\n\n".join(paragraphs)


def _topic_sizes(shape: Shape, rng: random.Random) -> list[int]:
    """The long topic first, then topics of 1 to 24 posts until the posts are used up."""
    sizes = [shape.long_topic_posts]
    left = shape.posts - shape.long_topic_posts
    while left > 0:
        size = min(left, rng.randint(1, 24))
        sizes.append(size)
        left -= size
    return sizes


def _create_members(shape: Shape) -> list[Member]:
    password = make_password(BENCH_PASSWORD)
    members = Member.objects.bulk_create(
        (
            Member(
                email=f"banc{n:06d}@{BENCH_EMAIL_DOMAIN}",
                display_name=f"Membre d'essai {n}",
                handle=f"banc-{n:06d}",
                password=password,
            )
            for n in range(1, shape.members + 1)
        ),
        batch_size=BATCH,
    )
    # What the post_save signal does for each account created one by one (signals.py).
    group, _created = Group.objects.get_or_create(name=roles.MEMBER)
    through = Member.groups.through
    through.objects.bulk_create(
        (through(member_id=member.pk, group_id=group.pk) for member in members),
        batch_size=BATCH,
    )
    # A confirmed address, as signup leaves it.
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user=member, email=member.email, verified=True, primary=True)
            for member in members
        ),
        batch_size=BATCH,
    )
    return members


def build_bench(posts: int, *, seed: int = 1) -> BenchSummary:
    """Adds the bench set to the database, in one transaction; the same seed gives the same
    forum (ids aside)."""
    shape = Shape(posts=posts)
    rng = random.Random(seed)
    # Rendered once per distinct body: a pool large enough that search and pages see variety.
    pool = [_body(rng) for _ in range(min(4000, max(50, posts // 25)))]
    rendered = {body: post_html(body) for body in pool}
    with transaction.atomic():
        return _build(shape, rng, pool, rendered)


def _build(
    shape: Shape, rng: random.Random, pool: list[str], rendered: dict[str, str]
) -> BenchSummary:
    members = _create_members(shape)
    spaces = Space.objects.bulk_create(
        Space(
            name=f"Banc {n:02d}",
            slug=f"{BENCH_SLUG_PREFIX}{n:02d}",
            description=f"Espace d'essai n° {n} du banc de mesure.",
        )
        for n in range(1, shape.spaces + 1)
    )
    SpaceMembership.objects.bulk_create(
        (
            SpaceMembership(space=space, member=member)
            for member in members
            for space in rng.sample(spaces, k=min(3, len(spaces)))
        ),
        batch_size=BATCH,
    )
    sizes = _topic_sizes(shape, rng)
    # Two years of activity, in order: positions and dates agree.
    start = timezone.now() - timedelta(days=730)
    step = timedelta(days=730) / max(1, shape.posts)
    topic_rows: list[Topic] = []
    plans: list[list[tuple[Member, datetime, str]]] = []
    clock = 0
    for index, size in enumerate(sizes):
        title = f"{rng.choice(WORDS).capitalize()} et {rng.choice(WORDS)} : sujet {index + 1}"
        plan = []
        for _ in range(size):
            plan.append((rng.choice(members), start + step * clock, rng.choice(pool)))
            clock += 1
        author, created_at, _body_text = plan[0]
        last_poster, last_at, _last_body = plan[-1]
        topic_rows.append(
            Topic(
                space=spaces[index % len(spaces)],
                title=title,
                slug=slug_or(title, "sujet", max_length=70),
                author=author,
                created_at=created_at,
                last_activity_at=last_at,
                post_count=size,
                next_position=size + 1,
                last_poster=last_poster,
            )
        )
        plans.append(plan)
    topics = Topic.objects.bulk_create(topic_rows, batch_size=BATCH)

    read_states: dict[tuple[int, int], int] = {}
    vectors = _body_vectors(pool, members[0])
    posts_created = 0
    with connection.cursor() as cursor, cursor.copy(COPY_POSTS) as copy:
        for topic, plan in zip(topics, plans, strict=True):
            own: dict[int, int] = {}
            for position, (author, created_at, body) in enumerate(plan, start=1):
                # The opening post's document also holds the title: written below.
                vector = vectors[body] if position > 1 else None
                copy.write_row(
                    (topic.pk, position, author.pk, body, rendered[body], created_at, vector, "")
                )
                posts_created += 1
                # _read_own_post: the opening post is read by its author; a reply moves the
                # author's mark only when they had read up to the post before it.
                if position == 1:
                    own[author.pk] = 1
                elif own.get(author.pk) == position - 1:
                    own[author.pk] = position
            for member_pk, position in own.items():
                read_states[member_pk, topic.pk] = position
            # Some readers who did not write: part of the topic or all of it.
            for reader in rng.sample(members, k=min(len(members), rng.randint(0, 3))):
                key = (reader.pk, topic.pk)
                if key not in read_states:
                    read_states[key] = rng.randint(1, len(plan))
    ReadState.objects.bulk_create(
        (
            ReadState(member_id=member_pk, topic_id=topic_pk, last_read_position=position)
            for (member_pk, topic_pk), position in read_states.items()
        ),
        batch_size=BATCH,
    )
    posts_qs = Post.objects.filter(topic__space__in=spaces)
    _store_opening_vectors(posts_qs)
    reactions = _add_reactions(posts_qs, members, rng)
    for space in spaces:
        space_topics = [t for t in topics if t.space_id == space.pk]
        space.topic_count = len(space_topics)
        space.post_count = sum(t.post_count for t in space_topics)
        space.last_activity_at = max((t.last_activity_at for t in space_topics), default=None)
    Space.objects.bulk_update(spaces, ["topic_count", "post_count", "last_activity_at"])
    return BenchSummary(
        members=len(members),
        spaces=len(spaces),
        topics=len(topics),
        posts=posts_created,
        read_states=len(read_states),
        reactions=reactions,
    )


def _body_vectors(pool: list[str], any_member: Member) -> dict[str, str]:
    """The document of _refresh_search_vector for a reply, computed by PostgreSQL once per
    distinct body (its text form is what the column reads back)."""
    row = Member.objects.filter(pk=any_member.pk)
    return {
        body: row.annotate(vector=search.document((Value(body), "B")))
        .values_list("vector", flat=True)
        .get()
        for body in pool
    }


def _store_opening_vectors(posts) -> None:
    """An opening post's document holds its topic's title (weight A) before its body."""
    title = Subquery(Topic.objects.filter(pk=OuterRef("topic_id")).values("title")[:1])
    posts.filter(position=1).update(search_vector=search.document((title, "A"), (F("body"), "B")))


def _add_reactions(posts, members: list[Member], rng: random.Random) -> int:
    """One post in ten gets one to three reactions from different members."""
    ids = list(posts.order_by("pk").values_list("pk", flat=True))
    kinds = [kind.value for kind in Reaction.Kind]
    rows = []
    for post_id in rng.sample(ids, k=len(ids) // 10):
        for member in rng.sample(members, k=min(len(members), rng.randint(1, 3))):
            rows.append(Reaction(post_id=post_id, member=member, kind=rng.choice(kinds)))
    Reaction.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
