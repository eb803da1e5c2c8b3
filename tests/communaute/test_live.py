"""The community's side of live updates (communaute/live.py): who may listen to a topic, the
fragment of new posts a topic page asks for, what is published and when, the notifications
counter. The stream itself: tests/core/test_live_stream.py; the browser: tests/browser/test_live.py.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from communaute.models import Post, Space, SpaceMembership, Topic
from communaute.notifications.centre import mark_all_read, mark_read
from communaute.services.forum import create_topic, reply
from passerelles.core.live import can_listen, counters_for
from passerelles.core.live.broker import get_broker
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_animator

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """What reaches the broker: (channel, event, data) in order."""
    sent = []
    broker = get_broker()
    monkeypatch.setattr(
        broker,
        "publish",
        lambda channel, payload: sent.append((channel, payload["event"], payload["data"])),
    )
    return sent


@pytest.fixture
def spaces():
    public = Space.objects.create(name="Diffusion", slug="diffusion")
    private = Space.objects.create(
        name="Cercle", slug="cercle", visibility=Space.Visibility.PRIVATE
    )
    return public, private


@pytest.fixture
def author():
    return MemberFactory(display_name="Julie Arsenault")


def topic_in(space, author, title="Un camion pour avril"):
    SpaceMembership.objects.get_or_create(space=space, member=author)
    topic, _post = create_topic(space, author=author, title=title, body="Qui part ?")
    return topic


def new_posts(client, topic, after):
    return client.get(
        reverse("communaute:topic_new_posts", kwargs={"pk": topic.pk}), {"apres": after}
    )


def first_post(topic):
    return Post.objects.get(topic=topic, position=1)


# Who may listen ---------------------------------------------------------------------------------


def test_a_public_topic_is_listened_to_by_members_not_visitors(spaces, author):
    topic = topic_in(spaces[0], author)
    assert can_listen(MemberFactory(), f"topic:{topic.pk}")
    assert not can_listen(AnonymousUser(), f"topic:{topic.pk}")


def test_a_private_space_s_topic_only_by_its_members(spaces, author):
    topic = topic_in(spaces[1], author)
    insider = MemberFactory()
    SpaceMembership.objects.create(space=spaces[1], member=insider)
    assert can_listen(insider, f"topic:{topic.pk}")
    assert not can_listen(MemberFactory(), f"topic:{topic.pk}")
    # A site-wide moderator is no member of a private space: it stays closed to them too.
    assert not can_listen(MemberFactory(roles=["Animation"]), f"topic:{topic.pk}")
    assert can_listen(MemberFactory(is_staff=True, is_superuser=True), f"topic:{topic.pk}")


def test_a_hidden_topic_only_by_its_author_and_its_moderators(spaces, author):
    topic = topic_in(spaces[0], author)
    Topic.objects.filter(pk=topic.pk).update(hidden_at=timezone.now())
    assert can_listen(author, f"topic:{topic.pk}")
    assert can_listen(make_animator(spaces[0]), f"topic:{topic.pk}")
    assert not can_listen(MemberFactory(), f"topic:{topic.pk}")


@pytest.mark.parametrize("key", ["987654", "abc", "0", "-1", "9" * 30, "1_2"])
def test_a_missing_or_malformed_topic_is_refused_without_an_error(key):
    assert not can_listen(MemberFactory(), f"topic:{key}")


# The fragment of new posts --------------------------------------------------------------------


def test_the_fragment_holds_the_posts_after_the_one_shown_as_the_page_shows_them(
    client, spaces, author
):
    topic = topic_in(spaces[0], author)
    reader = MemberFactory()
    first = reply(topic, author=MemberFactory(display_name="Marc Thériault"), body="Moi, le 12.")
    second = reply(topic, author=author, body="Parfait.")
    client.force_login(reader)
    response = new_posts(client, topic, first_post(topic).pk)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert html.index(f'data-live-item="{first.pk}"') < html.index(f'data-live-item="{second.pk}"')
    assert 'data-live-announce="Nouveau message de Marc Thériault"' in html
    assert 'id="message-2"' in html and "Moi, le 12." in html
    assert "<html" not in html
    assert new_posts(client, topic, first.pk).content.decode().count("data-live-item=") == 1
    assert new_posts(client, topic, second.pk).status_code == 204


def test_a_hidden_post_is_left_out_for_members_and_shown_to_its_author_and_moderators(
    client, spaces, author
):
    topic = topic_in(spaces[0], author)
    writer = MemberFactory()
    hidden = reply(topic, author=writer, body="Un message masqué.")
    Post.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    after = first_post(topic).pk
    client.force_login(MemberFactory())
    assert new_posts(client, topic, after).status_code == 204
    for allowed in (writer, make_animator(spaces[0])):
        client.force_login(allowed)
        assert "Un message masqué." in new_posts(client, topic, after).content.decode()


def test_the_fragment_answers_as_the_topic_page_does_to_outsiders(client, spaces, author):
    topic = topic_in(spaces[1], author)
    after = first_post(topic).pk
    assert new_posts(client, topic, after).status_code == 302  # visitors: sign in
    client.force_login(MemberFactory())
    assert new_posts(client, topic, after).status_code == 404
    Topic.objects.filter(pk=topic.pk).update(hidden_at=timezone.now())
    client.force_login(author)
    assert new_posts(client, topic, after).status_code == 204


@pytest.mark.parametrize("after", ["", "abc", "0", "-3", "1\x00", "9" * 40, "1.5"])
def test_a_bad_apres_answers_400(client, spaces, author, after):
    topic = topic_in(spaces[0], author)
    client.force_login(MemberFactory())
    assert new_posts(client, topic, after).status_code == 400


def test_a_missing_apres_answers_400_and_a_post_is_refused(client, spaces, author):
    topic = topic_in(spaces[0], author)
    client.force_login(MemberFactory())
    url = reverse("communaute:topic_new_posts", kwargs={"pk": topic.pk})
    assert client.get(url).status_code == 400
    assert client.post(url, {"apres": 1}).status_code == 405


def test_the_fragment_costs_the_same_queries_for_3_or_40_posts_and_stops_at_50(
    client, spaces, author, django_assert_max_num_queries
):
    topic = topic_in(spaces[0], author)
    writers = [MemberFactory() for _ in range(3)]
    client.force_login(MemberFactory())
    after = first_post(topic).pk
    for count in (3, 40):
        while topic.posts.count() < count + 1:
            reply(topic, author=writers[topic.posts.count() % 3], body="Une réponse de plus.")
        # One of them asks which of the fragment's posts the reader has set aside.
        with django_assert_max_num_queries(15):
            response = new_posts(client, topic, after)
        assert response.content.decode().count("data-live-item=") == count
    for _ in range(20):
        reply(topic, author=writers[0], body="Encore une.")
    assert new_posts(client, topic, after).content.decode().count("data-live-item=") == 50


def test_only_the_last_page_of_a_topic_is_a_live_feed(client, spaces, author):
    from communaute.models.forum import POSTS_PER_PAGE

    topic = topic_in(spaces[0], author)
    for _ in range(POSTS_PER_PAGE):
        reply(topic, author=author, body="Une réponse.")
    client.force_login(MemberFactory())
    last = Post.objects.filter(topic=topic).order_by("-position").first()
    first_page = client.get(topic.get_absolute_url()).content.decode()
    assert "data-live-feed" not in first_page
    last_page = client.get(topic.get_page_url(2)).content.decode()
    assert f'data-live-channel="topic:{topic.pk}"' in last_page
    assert f'data-live-after="{last.pk}"' in last_page
    assert 'data-live-mode="announce"' in last_page
    assert "data-live-feed" not in client.get(f"/en{topic.get_page_url(1)}").content.decode()
    # Visitors have no stream: their page is as it was.
    client.logout()
    assert "data-live-feed" not in client.get(topic.get_page_url(2)).content.decode()


# What is published, and when -------------------------------------------------------------------


def test_a_reply_is_published_once_its_transaction_commits(
    spaces, author, published, django_capture_on_commit_callbacks
):
    topic = topic_in(spaces[0], author)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        post = reply(topic, author=MemberFactory(), body="Moi, le 12.")
        assert not any(channel.startswith("topic:") for channel, *_ in published)
    assert callbacks
    assert (f"topic:{topic.pk}", "post", {"id": post.pk}) in published


def test_a_reply_that_rolls_back_publishes_nothing(
    spaces, author, published, django_capture_on_commit_callbacks
):
    topic = topic_in(spaces[0], author)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reply(topic, author=MemberFactory(), body="Moi, le 12.")
        raise RuntimeError("the request failed after the reply")
    assert published == []


def test_a_hidden_post_is_never_announced(spaces, author, published):
    from communaute.live import post_added

    topic = topic_in(spaces[0], author)
    post = first_post(topic)
    post.hidden_at = timezone.now()
    with transaction.atomic():
        post_added(post)
    assert published == []


# The notifications counter ---------------------------------------------------------------------


def test_the_state_counts_unread_notifications(client, spaces, author):
    topic = topic_in(spaces[0], author)
    reply(topic, author=MemberFactory(), body="Moi, le 12.")
    assert counters_for(author)["notifications"] == 1
    client.force_login(author)
    assert client.get(reverse("live:state")).json()["counters"]["notifications"] == 1


def test_notifying_and_reading_tell_the_member_s_pages_on_commit(
    spaces, author, published, django_capture_on_commit_callbacks
):
    topic = topic_in(spaces[0], author)
    own = (f"user:{author.pk}", "counters", {})
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, author=MemberFactory(), body="Moi, le 12.")
    assert published.count(own) == 1
    notification = author.notifications.get()
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(author, notification.pk)
        mark_read(author, notification.pk)  # already read: nothing changes
    assert published.count(own) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert mark_all_read(author) == 0
    assert published.count(own) == 2


def test_the_live_labels_are_translated(client, spaces, author):
    topic = topic_in(spaces[0], author)
    reply(topic, author=MemberFactory(display_name="Marc Thériault"), body="Moi.")
    client.force_login(author)
    page = client.get(f"/en{topic.get_absolute_url()}").content.decode()
    assert 'data-live-label-one="1 new reply — show it"' in page
    assert 'data-live-label-other="{n} new replies — show them"' in page
    assert 'data-live-label-one="unread notification"' in page
    with translation.override("en"):
        url = reverse("communaute:topic_new_posts", kwargs={"pk": topic.pk})
    assert url.startswith("/en/")
    fragment = client.get(url, {"apres": first_post(topic).pk})
    assert 'data-live-announce="New message from Marc Thériault"' in fragment.content.decode()
