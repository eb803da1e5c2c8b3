"""A space page's shared parts kept in the cache (communaute/fragments.py, space_parts): the
topic list, announcements, calendar and shared topics are built once for every reader, and
never stale nor another reader's. The cache is on and pages are read through HTTP, past the
page cache, after writes made through the services (their on-commit bumps run)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communaute.models import Space, SpaceMembership
from communaute.services.announcements import publish_announcement
from communaute.services.forum import create_topic, reply, share_topic
from communaute.services.moderation import hide_post
from tests.communaute.moderation_helpers import make_animator, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def space(member, other_member, committing):
    space = make_space("Diffusion et tournées")
    committing(create_topic, space, author=other_member, title="Partager un camion", body="Qui ?")
    return space


def page(client, space, reader=None, **query):
    """The space page as this reader gets it past the page cache (a parameter no page knows
    keeps visitors off it)."""
    if reader is None:
        client.logout()
    else:
        client.force_login(reader)
    response = client.get(f"/communaute/espaces/{space.slug}/", {"banc": "1", **query})
    assert response.status_code == 200
    return response.content.decode()


UNREAD = '<strong class="unread">non lu</strong>'
NEW = '<strong class="unread">nouveaux messages</strong>'


def topic_reads(queries):
    return [q["sql"] for q in queries if 'FROM "communaute_topic"' in q["sql"]]


def test_the_second_reading_takes_the_list_from_the_cache(client, space, member):
    with CaptureQueriesContext(connection) as first:
        html = page(client, space, member)
    with CaptureQueriesContext(connection) as second:
        again = page(client, space, member)
    assert topic_reads(first) and not topic_reads(second)
    assert "Partager un camion" in html and "Partager un camion" in again


def test_each_member_sees_their_own_unread_marks_on_the_shared_list(
    client, space, member, other_member, committing
):
    topic = space.topics.get()
    committing(reply, topic, author=other_member, body="Moi, en avril.")
    # A visitor fills the cache: no mark of anyone's in it.
    assert UNREAD not in page(client, space)
    assert UNREAD in page(client, space, member)
    # The author of both posts has read them all.
    html = page(client, space, other_member)
    assert UNREAD not in html and NEW not in html
    assert UNREAD not in page(client, space)


def test_a_new_topic_and_an_announcement_show_at_once(client, space, member, committing):
    animator = make_animator(space)
    page(client, space)
    page(client, space, member)
    committing(create_topic, space, author=member, title="Un local à Moncton", body="Libre ?")
    committing(
        publish_announcement, space, author=animator, title="Rencontre du mois", body="Lundi."
    )
    for reader in (None, member):
        html = page(client, space, reader)
        assert "Un local à Moncton" in html and "Rencontre du mois" in html


def test_a_hidden_topic_leaves_the_list_and_shows_marked_to_moderators_only(
    client, space, member, committing
):
    moderator = make_animator(space)
    topic = space.topics.get()
    page(client, space)
    committing(hide_post, topic.posts.get(position=1), actor=moderator, reason="Hors sujet.")
    for reader in (None, member):
        assert "Partager un camion" not in page(client, space, reader)
    html = page(client, space, moderator)
    assert "Partager un camion" in html and "Masqué aux membres" in html
    assert "Masqué aux membres" not in page(client, space, member)


def test_a_topic_shared_from_a_private_space_shows_only_to_its_members(
    client, space, member, other_member, committing
):
    private = make_space("Cercle des diffuseurs", visibility=Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    secret = committing(
        create_topic, private, author=member, title="Nos tarifs 2027", body="Entre nous."
    )[0]
    committing(share_topic, secret, member=member, space=space)
    # The first reader is a member of the private space: what is kept must not leak.
    assert "Nos tarifs 2027" in page(client, space, member)
    assert "Nos tarifs 2027" not in page(client, space, other_member)
    assert "Nos tarifs 2027" not in page(client, space)


def test_my_topics_are_never_taken_from_the_cache(client, space, member, other_member, committing):
    committing(create_topic, space, author=member, title="Le mien", body="À moi.")
    assert "Partager un camion" not in page(client, space, member, filtre="mes-sujets")
    html = page(client, space, other_member, filtre="mes-sujets")
    assert "Le mien" not in html and "Partager un camion" in html


def test_each_language_keeps_its_own_list(client, space, member):
    page(client, space, member)
    client.force_login(member)
    english = client.get(f"/en/communaute/espaces/{space.slug}/", {"banc": "1"}).content.decode()
    assert "No replies" in english and "Aucune réponse" not in english
    assert "Aucune réponse" in page(client, space, member)
