"""The member's path (issue 16, item 4): the facts every page needs and the header's numbers
come from the cache, and every change forgets them at once, so a suspension, a removal or a role
takes effect on the very next page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends import cached_db
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communaute.authentication import MemberBackend, member_key, reading_only
from communaute.models import Member, Post, Space, SpaceMembership, Suspension
from communaute.notifications.centre import mark_all_read
from communaute.permissions import roles
from communaute.permissions.viewer import facts_key
from communaute.services import moderation
from communaute.services.forum import create_topic
from communaute.services.messaging import mark_read, start_conversation
from passerelles.core import sessions
from passerelles.core.live import counters_key
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.communaute.test_topic_page_weight import full_topic

pytestmark = pytest.mark.django_db


def count_in(html, name):
    found = re.search(rf'data-live-counter="{name}"[^>]*>\(<span data-live-count>(\d+)<', html)
    return int(found.group(1))


@pytest.fixture
def topic(member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=MemberFactory(), title="Mutualiser", body="Oui")
    return topic


def sql_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_members_facts_are_read_once_then_found_in_the_cache(client, member, topic):
    client.force_login(member)
    facts = (
        'FROM "communaute_suspension"',
        '"communaute_spacemembership"."role"',
        'FROM "auth_group"',
        'FROM "ressources_representative"',
        'FROM "communaute_notification"',  # the header's numbers
    )
    first = sql_of(client, topic.get_absolute_url())
    assert all(fact in first for fact in facts)
    again = sql_of(client, topic.get_absolute_url())
    assert [fact for fact in facts if fact in again] == []


def test_a_member_suspended_while_their_facts_are_cached_is_refused_at_once(
    client, member, topic, staff
):
    client.force_login(member)
    assert 'id="reply-heading"' in client.get(topic.get_absolute_url()).content.decode()
    assert cache.get(facts_key(member.pk)) is not None
    moderation.suspend_member(member, actor=staff, days=2, reason="Pause.")
    assert 'id="reply-heading"' not in client.get(topic.get_absolute_url()).content.decode()
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Quand même"})
    assert response.status_code in (302, 403)
    assert Post.objects.filter(topic=topic).count() == 1


def test_a_write_never_trusts_the_cached_facts(client, member, topic, staff):
    """A suspension put back past the signals (a script's update) shows late on the pages that
    only read, but the write itself asks the database."""
    suspension = moderation.suspend_member(member, actor=staff, days=2, reason="Pause.")
    moderation.lift_suspension(suspension, actor=staff, reason="Fin.")
    client.force_login(member)
    client.get(topic.get_absolute_url())  # the facts, not suspended, in the cache
    Suspension.objects.filter(pk=suspension.pk).update(lifted_at=None)  # back, unannounced
    assert 'id="reply-heading"' in client.get(topic.get_absolute_url()).content.decode()
    client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Quand même"})
    assert Post.objects.filter(topic=topic).count() == 1


def test_a_suspension_that_starts_later_takes_effect_without_a_write(client, member, topic, staff):
    from datetime import timedelta

    from django.utils import timezone

    suspension = moderation.suspend_member(member, actor=staff, days=2, reason="Pause.")
    Suspension.objects.filter(pk=suspension.pk).update(
        starts_at=timezone.now() + timedelta(hours=1)
    )
    client.force_login(member)
    assert 'id="reply-heading"' in client.get(topic.get_absolute_url()).content.decode()
    # An hour later, with nothing written: the cached suspension's own dates decide.
    cached = cache.get(facts_key(member.pk))
    cached["suspensions"][0].starts_at = timezone.now()
    cache.set(facts_key(member.pk), cached)
    assert 'id="reply-heading"' not in client.get(topic.get_absolute_url()).content.decode()


def test_a_member_removed_from_a_private_space_loses_it_at_once(client, member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    membership = SpaceMembership.objects.create(space=private, member=member)
    topic, _post = create_topic(private, author=member, title="Entre nous", body="Secret")
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 200
    membership.delete()
    assert client.get(topic.get_absolute_url()).status_code == 404
    SpaceMembership.objects.create(space=private, member=member)
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_group_changes_from_either_side_are_seen_at_once(member):
    from communaute.permissions.viewer import StoredViewer

    animation, _created = Group.objects.get_or_create(name=roles.ANIMATION)
    assert not StoredViewer(member).in_animation_group
    member.groups.add(animation)
    assert StoredViewer(member).in_animation_group
    animation.user_set.clear()
    assert not StoredViewer(member).in_animation_group
    animation.user_set.add(member)
    assert StoredViewer(member).in_animation_group
    member.groups.clear()
    assert not StoredViewer(member).in_animation_group


def test_representing_an_organization_is_seen_at_once(member):
    from communaute.permissions.viewer import StoredViewer
    from ressources.models import Organization, Representative
    from ressources.permissions.organizations import REPRESENTED_ORGANIZATIONS

    organization = Organization.objects.create(name="Théâtre du Quai", slug="theatre-du-quai")
    assert StoredViewer(member).fact(REPRESENTED_ORGANIZATIONS) == frozenset()
    representative = Representative.objects.create(organization=organization, member=member)
    assert organization.pk in StoredViewer(member).fact(REPRESENTED_ORGANIZATIONS)
    representative.delete()
    assert StoredViewer(member).fact(REPRESENTED_ORGANIZATIONS) == frozenset()


@pytest.fixture
def reader():
    # In the directory: anyone may write to them.
    return MemberFactory(in_directory=True)


def test_the_headers_numbers_follow_messages_and_reading(client, member, reader):
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert count_in(html, "notifications") == 0 and count_in(html, "messages") == 0
    assert cache.get(counters_key(reader.pk)) is not None
    conversation, _message = start_conversation(member, [reader], body="Bonjour")
    html = client.get("/").content.decode()
    assert count_in(html, "notifications") == 1 and count_in(html, "messages") == 1
    mark_read(conversation, member=reader)
    html = client.get("/").content.decode()
    assert count_in(html, "notifications") == 0 and count_in(html, "messages") == 0


def test_reading_every_notification_clears_the_count(client, member, reader):
    start_conversation(member, [reader], body="Bonjour")
    client.force_login(reader)
    assert count_in(client.get("/").content.decode(), "notifications") == 1
    mark_all_read(reader)
    assert count_in(client.get("/").content.decode(), "notifications") == 0


def test_a_members_topic_page_costs_a_few_queries_more_than_a_visitors(
    client, django_capture_on_commit_callbacks
):
    """Session and member (the test's sessions are in the database), then what the member has
    of the page, read in one query (read state, own reactions, draft, follow level and
    bookmarks: communaute/selectors/reading.py): three, whatever the page holds; the
    facts and the header's numbers, none."""
    for count in (3, 20):
        Space.objects.all().delete()
        topic, reader = full_topic(count, django_capture_on_commit_callbacks)
        client.get(topic.get_absolute_url())
        with CaptureQueriesContext(connection) as anonymous:
            client.get(topic.get_absolute_url())
        client.force_login(reader)
        client.get(topic.get_absolute_url())
        with CaptureQueriesContext(connection) as signed_in:
            client.get(topic.get_absolute_url())
        assert len(signed_in) <= len(anonymous) + 3, (len(signed_in), len(anonymous))
        read_states = [q for q in signed_in.captured_queries if "communaute_readstate" in q["sql"]]
        assert len(read_states) == 1
        client.logout()


def member_row_read(sql, member):
    return f'WHERE "communaute_member"."id" = {member.pk} LIMIT 21' in sql


def test_a_members_own_row_is_read_once_then_found_in_the_cache(client, member, topic):
    client.force_login(member)
    assert member_row_read(sql_of(client, topic.get_absolute_url()), member)
    assert cache.get(member_key(member.pk)) is not None
    assert not member_row_read(sql_of(client, topic.get_absolute_url()), member)


@pytest.mark.parametrize(
    "change",
    [
        lambda member: setattr(member, "is_active", False),
        lambda member: member.set_password("un tout autre mot de passe"),
    ],
    ids=["deactivated", "new password"],
)
def test_a_change_to_the_account_signs_the_member_out_on_the_next_page(
    client, member, topic, change, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.get(topic.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        change(member)
        member.save()
    response = client.get(reverse("communaute:notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_new_name_shows_on_the_next_page(
    client, member, topic, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert "Sophie Gagnon" in client.get(reverse("compte:profile_edit")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Sophie Gagnon-Leblanc"
        member.save(update_fields=["display_name"])
    assert "Sophie Gagnon-Leblanc" in client.get(reverse("compte:profile_edit")).content.decode()


def test_a_request_that_writes_reads_the_row_from_the_database(member):
    stale = Member.objects.get(pk=member.pk)
    stale.display_name = "Copie périmée"
    cache.set(member_key(member.pk), stale)
    backend = MemberBackend()
    with reading_only(True):
        assert backend.get_user(member.pk).display_name == "Copie périmée"
    with reading_only(False):
        assert backend.get_user(member.pk).display_name == "Sophie Gagnon"
    assert backend.get_user(member.pk).display_name == "Sophie Gagnon"


def test_a_members_row_facts_and_numbers_come_in_one_look_up(client, member, topic, cache_lookups):
    client.force_login(member)
    client.get(topic.get_absolute_url())  # counted and kept
    cache_lookups.clear()
    assert client.get(topic.get_absolute_url()).status_code == 200
    members_keys = {member_key(member.pk), facts_key(member.pk), counters_key(member.pk)}
    assert [keys & members_keys for keys in cache_lookups if keys & members_keys] == [members_keys]


def test_a_page_that_reads_a_conversation_shows_the_numbers_it_changed(client, member, reader):
    """The numbers were read ahead with the member's row; reading the conversation changes
    them before the header is drawn, which must then count again."""
    conversation, _message = start_conversation(member, [reader], body="Bonjour")
    client.force_login(reader)
    assert count_in(client.get("/").content.decode(), "messages") == 1
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "Bonjour" in html
    assert count_in(html, "messages") == 0 and count_in(html, "notifications") == 0


@pytest.fixture
def cached_sessions(settings):
    """Production's sessions: in the cache and in PostgreSQL (passerelles/core/sessions.py)."""
    settings.SESSION_ENGINE = "passerelles.core.sessions"
    sessions._owners.clear()
    yield
    sessions._owners.clear()


def test_a_known_session_comes_with_its_members_entries_in_one_look_up(
    client, member, topic, cached_sessions, cache_lookups
):
    client.force_login(member)
    client.get(topic.get_absolute_url())  # the session read once: this process knows its owner
    cache_lookups.clear()
    assert client.get(topic.get_absolute_url()).status_code == 200
    session = cached_db.KEY_PREFIX + client.session.session_key
    members_keys = {session, member_key(member.pk), facts_key(member.pk), counters_key(member.pk)}
    assert [keys & members_keys for keys in cache_lookups if keys & members_keys] == [members_keys]


def test_the_guess_of_a_sessions_owner_never_decides_who_is_signed_in(
    client, member, topic, cached_sessions
):
    other = MemberFactory(display_name="Quelqu'un d'autre")
    client.force_login(member)
    client.get(topic.get_absolute_url())
    sessions._owners[client.session.session_key] = str(other.pk)
    html = client.get(reverse("communaute:notifications")).content.decode()
    assert member.get_absolute_url() in html and other.get_absolute_url() not in html


def test_a_session_missing_from_the_cache_is_read_from_the_database(
    client, member, topic, cached_sessions
):
    client.force_login(member)
    cache.delete(cached_db.KEY_PREFIX + client.session.session_key)
    html = client.get(reverse("communaute:notifications")).content.decode()
    assert member.get_absolute_url() in html
    assert cache.get(cached_db.KEY_PREFIX + client.session.session_key) is not None


def page_of(topic, page):
    if page == "topic":
        return topic.get_absolute_url()
    if page == "space":
        return reverse("communaute:space", kwargs={"slug": topic.space.slug})
    return reverse("communaute:home")


@pytest.mark.parametrize("page", ["topic", "space", "community home"])
def test_a_members_page_asks_the_cache_once(
    client, member, topic, cached_sessions, cache_lookups, settings, page
):
    """The view names its entries from its address (read_ahead.declare): they come in the
    round trip that brings the session and the member's own, pieces of the member's included."""
    settings.PAGE_CACHE = True
    url = page_of(topic, page)
    client.force_login(member)
    # The first reads the session and counts the topic read; the second keeps the pieces.
    client.get(url, {"banc": "1"})
    client.get(url, {"banc": "1"})
    cache_lookups.clear()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, {"banc": "1"}).content.decode()
    assert member.get_absolute_url() in html
    # The pieces found in that round trip were used, not read again.
    assert len(queries) == 0
    session = cached_db.KEY_PREFIX + client.session.session_key
    [keys] = cache_lookups
    assert {session, member_key(member.pk), facts_key(member.pk)} <= keys
    assert [key for key in keys if key.startswith(f"member-part:{member.pk}:")]


@pytest.mark.parametrize("page", ["topic", "space", "community home"])
def test_a_visitors_page_past_the_page_cache_asks_the_cache_once(
    client, topic, cache_lookups, settings, page
):
    settings.PAGE_CACHE = True
    url = page_of(topic, page)
    client.get(url, {"banc": "1"})
    cache_lookups.clear()
    assert client.get(url, {"banc": "1"}).status_code == 200
    assert len(cache_lookups) == 1
