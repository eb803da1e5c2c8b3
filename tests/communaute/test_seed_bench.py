"""The benchmark's forum (communaute/bench_data.py) stores what the services would have stored."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from communaute import bench_data
from communaute.models import Member, Post, ReadState, Space, Topic
from communaute.services import forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench():
    return bench_data.build_bench(300, seed=7)


def test_the_shape_follows_the_issue(bench):
    assert bench.posts == 300
    assert bench.spaces == 20
    assert Post.objects.filter(topic__space__in=bench_data.bench_spaces()).count() == 300
    sizes = list(
        Topic.objects.filter(space__in=bench_data.bench_spaces())
        .order_by("pk")
        .values_list("post_count", flat=True)
    )
    assert sizes[0] == bench_data.Shape(300).long_topic_posts
    assert all(1 <= size <= 24 for size in sizes[1:])
    assert bench.read_states > 0 and bench.reactions > 0
    assert bench_data.bench_members().count() == bench.members
    # As after signup: in the Membre group, with a confirmed address.
    member = bench_data.bench_members().first()
    assert member.groups.filter(name="Membre").exists()
    assert member.emailaddress_set.get().verified


def _stored(topic):
    return list(
        Post.objects.filter(topic=topic)
        .order_by("position")
        .values_list("position", "author_id", "body", "body_html", "search_vector")
    )


def test_a_topic_replayed_through_the_services_is_stored_alike(bench):
    generated = (
        Topic.objects.filter(space__in=bench_data.bench_spaces(), post_count__gte=3)
        .order_by("pk")
        .last()
    )
    posts = list(generated.posts.order_by("position").select_related("author"))
    topic, _first = forum.create_topic(
        generated.space, author=posts[0].author, title=generated.title, body=posts[0].body
    )
    for post in posts[1:]:
        forum.reply(topic, author=post.author, body=post.body)
    topic.refresh_from_db()

    assert _stored(topic) == _stored(generated)
    # Stemmed words: the body's common word, the title's words weighted A.
    vector = _stored(topic)[0][4]
    assert "'cultur'" in vector and "'sujet':4A" in vector
    for name in ("post_count", "next_position", "last_poster_id", "slug"):
        assert getattr(topic, name) == getattr(generated, name), name
    # The authors' own read states are the services'; the bench adds readers beside them.
    replayed = dict(
        ReadState.objects.filter(topic=topic).values_list("member_id", "last_read_position")
    )
    assert replayed
    assert (
        replayed.items()
        <= dict(
            ReadState.objects.filter(topic=generated).values_list("member_id", "last_read_position")
        ).items()
    )


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_counters_agree_with_the_rows(bench):
    assert not _rows(
        """
        SELECT t.id FROM communaute_topic t
        JOIN communaute_space s ON s.id = t.space_id AND s.slug LIKE 'banc-%%'
        JOIN LATERAL (
            SELECT count(*) AS n, max(p.position) AS last, min(p.position) AS first,
                   max(p.created_at) AS latest,
                   (array_agg(p.author_id ORDER BY p.position DESC))[1] AS last_author
            FROM communaute_post p WHERE p.topic_id = t.id
        ) p ON true
        WHERE t.post_count <> p.n OR t.next_position <> p.last + 1 OR p.first <> 1
           OR p.n <> p.last OR t.last_activity_at <> p.latest
           OR t.last_poster_id <> p.last_author OR t.created_at <> (
               SELECT created_at FROM communaute_post WHERE topic_id = t.id AND position = 1)
        """
    )
    assert not _rows(
        """
        SELECT s.id FROM communaute_space s
        LEFT JOIN LATERAL (
            SELECT count(*) AS topics, coalesce(sum(t.post_count), 0) AS posts,
                   max(t.last_activity_at) AS latest
            FROM communaute_topic t WHERE t.space_id = s.id AND t.hidden_at IS NULL
        ) t ON true
        WHERE s.slug LIKE 'banc-%%'
          AND (s.topic_count <> t.topics OR s.post_count <> t.posts
               OR s.last_activity_at IS DISTINCT FROM t.latest)
        """
    )
    assert not _rows(
        """
        SELECT r.id FROM communaute_readstate r JOIN communaute_topic t ON t.id = r.topic_id
        WHERE r.last_read_position < 1 OR r.last_read_position >= t.next_position
        """
    )
    assert not Post.objects.filter(search_vector__isnull=True).exists()


def test_the_same_seed_builds_the_same_forum(bench):
    def content():
        return list(
            Post.objects.filter(topic__space__in=bench_data.bench_spaces())
            .order_by("topic__space__slug", "topic__title", "position")
            .values_list("topic__space__slug", "topic__title", "position", "body", "author__email")
        )

    first = content()
    bench_data.remove_bench()
    assert not bench_data.bench_exists()
    bench_data.build_bench(300, seed=7)
    assert content() == first


def test_the_command_adds_only_a_bench_set_and_refuses_real_sites(capsys):
    call_command("seed_bench", posts=100)
    assert "100 posts" in capsys.readouterr().out
    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_bench", posts=100)
    call_command("seed_bench", posts=120, replace=True)
    assert Post.objects.count() == 120
    Member.objects.bulk_create(
        Member(email=f"vrai{n}@exemple.test", handle=f"vrai-{n}", display_name="Vrai")
        for n in range(bench_data_real_limit() + 1)
    )
    with pytest.raises(CommandError, match="real accounts"):
        call_command("seed_bench", posts=100, replace=True)
    call_command("seed_bench", posts=100, replace=True, force=True)
    assert Space.objects.filter(slug__startswith="banc-").count() == 20


def bench_data_real_limit():
    from communaute.management.commands.seed_bench import REAL_SITE_MEMBERS

    return REAL_SITE_MEMBERS
