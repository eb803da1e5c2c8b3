"""The first layer of the community forum (issue 5): models and write services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.text import slugify

from communaute.models import JoinRequest, Post, Space, SpaceMembership
from communaute.services.forum import create_topic, delete_post, edit_post, join_space, reply
from communaute.services.members import remove_member
from tests.communaute.factories import MemberFactory

pytestmark = pytest.mark.django_db


def make_space(name="Diffusion en région", visibility=Space.Visibility.PUBLIC):
    return Space.objects.create(name=name, slug=slugify(name), visibility=visibility)


def test_a_topic_starts_with_its_first_post_and_counts_are_kept(member):
    space = make_space()
    topic, post = create_topic(
        space, author=member, title="Partager une salle ?", body="**Bonjour** à tous"
    )
    space.refresh_from_db()
    assert (space.topic_count, space.post_count, topic.post_count) == (1, 1, 1)
    assert post.position == 1
    assert post.body_html == "<p><strong>Bonjour</strong> à tous</p>"
    assert topic.slug == "partager-une-salle"


def test_replies_take_the_next_positions_and_update_the_counters(member, other_member):
    space = make_space()
    topic, first = create_topic(space, author=member, title="Sujet", body="Un")
    second = reply(topic, author=other_member, body="Deux", reply_to=first)
    third = reply(topic, author=member, body="Trois")
    topic.refresh_from_db()
    space.refresh_from_db()
    assert [second.position, third.position] == [2, 3]
    assert second.reply_to == first
    assert (topic.post_count, space.post_count) == (3, 3)
    assert topic.last_activity_at == third.created_at


def test_markdown_is_sanitized(member):
    _topic, post = create_topic(
        make_space(),
        author=member,
        title="XSS",
        body="<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(2)>",
    )
    assert "<script" not in post.body_html
    assert "javascript:" not in post.body_html
    assert "onerror" not in post.body_html


def test_a_private_space_is_written_by_its_members_only(member, other_member):
    space = make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)
    with pytest.raises(PermissionDenied):
        create_topic(space, author=member, title="Intrus", body="...")
    assert isinstance(
        join_space(space, member=member, message="Je diffuse à Moncton."), JoinRequest
    )
    with pytest.raises(PermissionDenied):
        create_topic(space, author=member, title="Toujours pas", body="...")
    SpaceMembership.objects.create(space=space, member=other_member)
    topic, _post = create_topic(space, author=other_member, title="Bienvenue", body="Entre nous.")
    assert topic.space == space


def test_joining_an_open_space_is_immediate_and_idempotent(member):
    space = make_space()
    first = join_space(space, member=member)
    second = join_space(space, member=member)
    assert first == second
    assert SpaceMembership.objects.filter(space=space, member=member).count() == 1


def test_a_locked_topic_takes_replies_from_animators_only(member, other_member):
    space = make_space()
    topic, _post = create_topic(space, author=member, title="Clos", body="Fin.")
    topic.is_locked = True
    topic.save()
    with pytest.raises(PermissionDenied):
        reply(topic, author=other_member, body="Encore ?")
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role=SpaceMembership.Role.ANIMATOR)
    assert reply(topic, author=animator, body="Sujet clos, merci.").position == 2


def test_an_edit_keeps_the_previous_text_and_only_authors_or_animators_edit(member, other_member):
    _topic, post = create_topic(make_space(), author=member, title="Sujet", body="Première version")
    edited = edit_post(post, editor=member, body="Deuxième version")
    assert edited.edited_at is not None
    assert list(post.revisions.values_list("body", flat=True)) == ["Première version"]
    with pytest.raises(PermissionDenied):
        edit_post(post, editor=other_member, body="Vandalisme")


def test_a_deleted_post_leaves_a_tombstone_in_place(member, other_member):
    topic, _first = create_topic(make_space(), author=member, title="Sujet", body="Un")
    second = reply(topic, author=other_member, body="Deux")
    delete_post(second, actor=other_member)
    second.refresh_from_db()
    assert second.is_deleted
    assert reply(topic, author=member, body="Trois").position == 3


def test_deleting_an_account_keeps_its_posts_without_author(member, other_member, staff):
    topic, post = create_topic(make_space(), author=member, title="Sujet", body="Je reste.")
    reply(topic, author=other_member, body="Moi aussi.")
    remove_member(member, actor=staff)
    post.refresh_from_db()
    assert post.author is None
    assert Post.objects.filter(topic=topic).count() == 2


def test_similar_topics_are_found_by_title_through_the_trigram_index(member):
    from django.db import connection

    from communaute.models import Topic
    from communaute.selectors.forum import similar_topics

    space = make_space()
    wanted, _post = create_topic(
        space, author=member, title="Covoiturage vers Moncton", body="Départ à 8 h."
    )
    create_topic(space, author=member, title="Billetterie en ligne", body="Quel outil ?")
    # Misspelt, the title shares no word with the topic, only most of its trigrams.
    assert similar_topics([space.pk], "Covoitturage pour Monkton") == [wanted]
    # The title candidates, the part of the search that grows with the forum, come from the
    # trigram index. (The whole query's plan differs between PostgreSQL versions on a table
    # this small: 18 merges the candidates by primary key.)
    candidates = Topic.objects.filter(title__trigram_similar="Covoitturage pour Monkton")
    sql, params = candidates.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # On a table this small PostgreSQL would rather read it all; the point is that it can
        # answer from the index as the table grows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "topic_title_trgm" in plan
