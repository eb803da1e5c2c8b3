"""Topic lists (issue #15, item 6): each topic's tags, the faces of who started it and who wrote
last, its replies and its last activity, at a fixed cost; the last poster kept by every write."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from communaute import avatars
from communaute.models import Space, Topic
from communaute.services.forum import create_topic, delete_post, reply
from communaute.services.members import delete_account
from communaute.services.moderation import hide_post, restore_post
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_animator
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

SPACE_URL = "/communaute/espaces/diffusion/"


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


def last_poster(topic):
    return Topic.objects.get(pk=topic.pk).last_poster


def item_of(html, title):
    """The list item of the topic with this title."""
    for item in re.findall(r'<li class="topic-list__item">.*?</div>\s*</li>', html, re.S):
        if f">{title}</a>" in item:
            return item
    raise AssertionError(f"{title} is not listed")


# The last poster -----------------------------------------------------------------------------


def test_the_last_poster_follows_replies_deletions_and_moderation(space, member, other_member):
    topic, opening = create_topic(space, author=member, title="Un camion ?", body="Qui ?")
    assert last_poster(topic) == member
    answer = reply(topic, author=other_member, body="Moi, en avril.")
    assert last_poster(topic) == other_member
    animator = make_animator(space)
    hide_post(answer, actor=animator, reason="Hors sujet.")
    assert last_poster(topic) == member
    restore_post(answer, actor=animator, reason="Finalement utile.")
    assert last_poster(topic) == other_member
    delete_post(answer, actor=other_member)
    assert last_poster(topic) == member
    # A tombstone earlier in the thread changes nothing for the latest post.
    third = MemberFactory(display_name="Yves Départ")
    reply(topic, author=third, body="J'ai aussi un camion.")
    delete_post(opening, actor=member)
    assert last_poster(topic) == third
    # A deleted account leaves its posts without author: the list shows the neutral mark.
    delete_account(third, actor=third)
    assert last_poster(topic) is None


def test_the_migration_fills_the_last_poster_of_existing_topics(space, member, other_member):
    quiet, _post = create_topic(space, author=member, title="Calme", body="?")
    busy, _post = create_topic(space, author=member, title="Animé", body="?")
    reply(busy, author=other_member, body="Oui.")
    removed = reply(busy, author=member, body="Oups.")
    delete_post(removed, actor=member)
    Topic.objects.update(last_poster=None)
    migration = importlib.import_module("communaute.migrations.0031_topic_last_poster")
    migration.fill_last_posters(apps, None)
    assert (last_poster(quiet), last_poster(busy)) == (member, other_member)


# What a list shows ---------------------------------------------------------------------------


def test_each_topic_shows_its_replies_with_french_plurals(client, space, member, other_member):
    create_topic(space, author=member, title="Seul", body="?")
    once, _post = create_topic(space, author=member, title="Une fois", body="?")
    reply(once, author=other_member, body="Oui.")
    thrice, _post = create_topic(space, author=member, title="Trois fois", body="?")
    for _number in range(3):
        reply(thrice, author=other_member, body="Encore.")
    html = client.get(SPACE_URL).content.decode()
    assert "Aucune réponse" in item_of(html, "Seul")
    assert "1 réponse<" in item_of(html, "Une fois")
    assert "3 réponses<" in item_of(html, "Trois fois")
    english = client.get(f"/en{SPACE_URL}").content.decode()
    assert "No replies" in item_of(english, "Seul")
    assert "1 reply<" in item_of(english, "Une fois")
    assert "3 replies<" in item_of(english, "Trois fois")


def test_each_topic_shows_the_faces_of_who_started_it_and_who_wrote_last(
    client, space, member, other_member
):
    topic, _post = create_topic(space, author=member, title="Un camion ?", body="Qui ?")
    item = item_of(client.get(SPACE_URL).content.decode(), "Un camion ?")
    # The starter's face beside their name; no last poster before the first reply.
    assert f'src="{avatars.avatar_url(member)}"' in item and "Sophie Gagnon" in item
    assert "dernier message" not in item
    other_member.avatar.name = "avatars/nadia.webp"
    other_member.save()
    reply(topic, author=other_member, body="Moi.")
    item = item_of(client.get(SPACE_URL).content.decode(), "Un camion ?")
    assert 'src="/media/avatars/nadia.webp" width="24"' in item
    assert "dernier message de Nadia Chartrand" in item
    delete_account(other_member, actor=other_member)
    item = item_of(client.get(SPACE_URL).content.decode(), "Un camion ?")
    assert "img/avatar-deleted.svg" in item and "dernier message de Membre supprimé" in item


def test_tags_lead_to_the_spaces_topics_with_that_tag(client, space, member):
    create_topic(space, author=member, title="Camion", body="?", tags=["tournée", "transport"])
    create_topic(space, author=member, title="Billetterie", body="?", tags=["billets"])
    item = item_of(client.get(SPACE_URL).content.decode(), "Camion")
    links = re.findall(r'<a href="([^"]+)">(tournée|transport)</a>', item)
    assert sorted(name for _href, name in links) == ["tournée", "transport"]
    href = {name: href for href, name in links}["transport"]
    assert href == f"{SPACE_URL}?etiquette=transport"
    filtered = client.get(href).content.decode()
    assert "Camion" in filtered and "Billetterie" not in filtered


def test_the_last_activity_is_relative_for_a_week_then_a_date(client, space, member):
    fresh, _post = create_topic(space, author=member, title="Récent", body="?")
    old, _post = create_topic(space, author=member, title="Ancien", body="?")
    long_ago = timezone.now() - timedelta(days=40)
    Topic.objects.filter(pk=old.pk).update(last_activity_at=long_ago)
    Topic.objects.filter(pk=fresh.pk).update(last_activity_at=timezone.now() - timedelta(hours=3))
    html = client.get(SPACE_URL).content.decode()
    assert "il y a 3\xa0heures" in item_of(html, "Récent")
    old_item = item_of(html, "Ancien")
    assert f'<time datetime="{long_ago.isoformat()}">le ' in old_item and "il y a" not in old_item


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_space_page_costs_the_same_for_3_topics_as_for_30(
    client, space, member, signed_in, django_assert_max_num_queries
):
    def fill(count):
        for number in range(count):
            starter, replier = MemberFactory(), MemberFactory()
            if number % 2:
                replier.avatar.name = f"avatars/{number}.webp"
                replier.save()
            topic, _post = create_topic(
                space,
                author=starter,
                title=f"Sujet {number}",
                body="?",
                tags=[f"étiquette {number}", "commune"],
            )
            reply(topic, author=replier, body="Réponse.")

    if signed_in:
        client.force_login(member)
    fill(3)
    client.get(SPACE_URL)  # warms the site's settings and menus
    with django_assert_max_num_queries(30) as small:
        html = client.get(SPACE_URL).content.decode()
    assert html.count('class="topic-list__item"') == 3
    fill(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(SPACE_URL).content.decode()
    assert html.count('class="topic-list__item"') == 25
    assert html.count("/media/avatars/") >= 12 and html.count("monogrammes/") >= 25
