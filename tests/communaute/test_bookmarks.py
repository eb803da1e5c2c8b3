from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from communaute.models import Bookmark, EmailFrequency, Notification, Space, SpaceMembership
from communaute.notifications.preferences import set_email_frequency
from communaute.permissions.viewer import Viewer
from communaute.selectors.bookmarks import bookmarks_of, bookmarks_section
from communaute.services.bookmarks import send_bookmark_reminders, set_aside, set_reminder
from communaute.services.forum import create_topic, leave_space, reply
from communaute.services.moderation import hide_post
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.races import post_in_parallel
from tests.ressources.factories import (
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db

BOOKMARKS = "/communaute/mis-de-cote/"


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


@pytest.fixture
def topic_and_post(space, other_member):
    topic, _first = create_topic(space, author=other_member, title="Tournée", body="Qui part ?")
    return topic, reply(topic, author=other_member, body="Moi, le 12.")


def titles(member):
    return [shown.target.title for shown in bookmarks_of(Viewer.of(member))]


def bookmark_url(kind, pk):
    return f"{BOOKMARKS}{kind}/{pk}/"


def test_a_post_set_aside_from_its_page_is_on_the_bookmarks_page(client, topic_and_post, member):
    topic, post = topic_and_post
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    # One form for the page, a button per post that names it.
    assert html.count('id="bookmark-post-form"') == 1
    assert f'action="{BOOKMARKS}messages/" id="bookmark-post-form"' in html
    assert f'name="post" value="{post.pk}:1"' in html
    assert 'aria-pressed="false"' in html
    response = client.post(f"{BOOKMARKS}messages/", {"post": f"{post.pk}:1"})
    assert response["Location"] == topic.get_position_url(post.position)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f'name="post" value="{post.pk}:0"' in html
    page = client.get(BOOKMARKS).content.decode()
    assert "« Tournée », message n° 2" in page and "Message" in page and "Aucun rappel" in page
    # Sent twice, the form leaves the post set aside; « 0 » takes it back.
    client.post(bookmark_url("post", post.pk), {"on": "1"})
    assert Bookmark.objects.filter(member=member).count() == 1
    client.post(bookmark_url("post", post.pk), {"on": "0"})
    assert "Rien n'est mis de côté pour l'instant." in client.get(BOOKMARKS).content.decode()


def test_the_pages_one_form_refuses_what_names_no_readable_post(client, space, member):
    secret = Space.objects.create(name="Cercle", slug="cercle", visibility="private")
    insider = MemberFactory()
    SpaceMembership.objects.create(space=secret, member=insider)
    _topic, hidden_from_member = create_topic(secret, author=insider, title="Entre nous", body="?")
    client.force_login(member)
    for value in ["", "abc:1", "9" * 40 + ":1", "\x00:1", f"{hidden_from_member.pk}:1"]:
        assert client.post(f"{BOOKMARKS}messages/", {"post": value}).status_code == 404
    assert not Bookmark.objects.exists()


def test_topics_services_and_needs_are_set_aside_too(client, space, member, other_member):
    topic, _post = create_topic(space, author=other_member, title="Un camion", body="?")
    organization = make_organization("AAAPNB")
    owner = make_representative(organization)
    service = make_service(organization, owner, title="Prêt d'équipements")
    draft = make_service(organization, owner, title="Un brouillon", publish=False)
    need = make_need(other_member, title="Un local de répétition")
    client.force_login(member)
    for page, kind, pk in (
        (topic.get_absolute_url(), "topic", topic.pk),
        (service.get_absolute_url(), "service", service.pk),
        (need.get_absolute_url(), "need", need.pk),
    ):
        html = client.get(page).content.decode()
        assert f'action="{bookmark_url(kind, pk)}"' in html and 'aria-pressed="false"' in html
        assert client.post(bookmark_url(kind, pk), {"on": "1"})["Location"] == page
        assert 'aria-pressed="true"' in client.get(page).content.decode()
    # A draft the member may not see is not set aside.
    assert client.post(bookmark_url("service", draft.pk), {"on": "1"}).status_code == 404
    assert titles(member) == ["Un local de répétition", "Prêt d'équipements", "Un camion"]
    html = client.get(BOOKMARKS).content.decode()
    assert "Besoin" in html and "Service" in html and "Sujet" in html


def test_a_bookmark_is_listed_only_while_its_object_may_be_seen(
    client, space, topic_and_post, member
):
    _topic, post = topic_and_post
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member, role="animator")
    SpaceMembership.objects.create(space=private, member=MemberFactory(), role="animator")
    secret, _first = create_topic(private, author=member, title="Entre nous", body="Le budget")
    for kind, pk in (("post", post.pk), ("topic", secret.pk)):
        set_aside(member, kind=kind, object_id=pk, on=True)
    assert titles(member) == ["Entre nous", "« Tournée », message n° 2"]
    hide_post(post, actor=MemberFactory(roles=["Animation"]), reason="Hors sujet")
    leave_space(private, member=member)
    assert titles(member) == []
    client.force_login(member)
    assert "Rien n'est mis de côté" in client.get(BOOKMARKS).content.decode()
    # Nor can its pages be reached.
    bookmark = Bookmark.objects.get(member=member, kind="post")
    assert client.get(f"{BOOKMARKS}{bookmark.pk}/retirer/").status_code == 404
    # An outsider cannot set aside what they may not read.
    assert client.post(bookmark_url("topic", secret.pk), {"on": "1"}).status_code == 404


def test_reminders_are_set_changed_and_removed_from_the_bookmarks_page(
    client, topic_and_post, member, other_member
):
    _topic, post = topic_and_post
    set_aside(member, kind="post", object_id=post.pk, on=True)
    bookmark = Bookmark.objects.get(member=member)
    client.force_login(member)
    address = f"{BOOKMARKS}{bookmark.pk}/rappel/"
    assert "Me le rappeler le" in client.get(address).content.decode()
    yesterday = timezone.localdate() - timedelta(days=1)
    refused = client.post(address, {"remind_on": yesterday.isoformat()})
    assert refused.status_code == 400
    assert "Choisissez une date à venir" in refused.content.decode()
    assert yesterday.isoformat() in refused.content.decode()
    for value in ("demain", "99999-01-01", "\x00"):
        assert client.post(address, {"remind_on": value}).status_code == 400
    soon = timezone.localdate() + timedelta(days=3)
    assert client.post(address, {"remind_on": soon.isoformat()})["Location"] == BOOKMARKS
    assert "Rappel le" in client.get(BOOKMARKS).content.decode()
    # Another member's bookmark does not exist for them.
    client.force_login(other_member)
    assert client.get(address).status_code == 404
    assert client.post(f"{BOOKMARKS}{bookmark.pk}/retirer/").status_code == 404
    client.force_login(member)
    assert (
        "Retirer de mes éléments mis de côté ?"
        in client.get(f"{BOOKMARKS}{bookmark.pk}/retirer/").content.decode()
    )
    assert client.post(f"{BOOKMARKS}{bookmark.pk}/retirer/")["Location"] == BOOKMARKS
    assert not Bookmark.objects.filter(pk=bookmark.pk).exists()


def test_a_reminder_is_sent_once_by_the_scheduled_job(
    topic_and_post, member, django_capture_on_commit_callbacks
):
    topic, post = topic_and_post
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    set_aside(member, kind="post", object_id=post.pk, on=True)
    bookmark = set_reminder(
        Bookmark.objects.get(member=member),
        member=member,
        remind_on=timezone.localdate() + timedelta(days=2),
    )
    assert send_bookmark_reminders(timezone.now()) == 0
    later = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_bookmark_reminders(later) == 1
        assert send_bookmark_reminders(later) == 0
    notification = Notification.objects.get(recipient=member, kind="bookmark_reminder")
    assert notification.url == topic.get_position_url(post.position)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # The topic's title quoted once, the post named by its number.
    assert message.subject.endswith("Rappel : message n° 2 de « Tournée »")
    assert "Vous aviez mis de côté le message n° 2 de « Tournée » et demandé" in message.body
    assert topic.get_position_url(post.position) in message.body
    assert "Pourquoi ce courriel ? Vous le recevez parce que vous avez mis" in message.body
    bookmark.refresh_from_db()
    assert bookmark.reminded_at is not None


def remind_now(member, kind, object_id):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    set_aside(member, kind=kind, object_id=object_id, on=True)
    set_reminder(
        Bookmark.objects.get(member=member, kind=kind, object_id=object_id),
        member=member,
        remind_on=timezone.localdate(),
    )
    send_bookmark_reminders(timezone.now())


def test_a_post_reminder_reads_english_for_an_english_member(
    topic_and_post, member, django_capture_on_commit_callbacks
):
    # The scheduler runs in French: the reminder keeps facts, not a French sentence.
    _topic, post = topic_and_post
    member.language = "en"
    member.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        remind_now(member, "post", post.pk)
    message = mail.outbox[0]
    assert message.subject.endswith("Reminder: post no. 2 of “Tournée”")
    assert "You set aside post no. 2 of “Tournée” and asked to be reminded" in message.body
    assert "message n°" not in message.body
    notification = Notification.objects.get(recipient=member, kind="bookmark_reminder")
    assert "you set aside post no. 2 of “Tournée”" in message.body
    with translation.override("en"):
        assert notification.describe() == "Reminder: you had set aside post no. 2 of “Tournée”."


def test_a_topic_reminder_names_the_topic(
    topic_and_post, member, django_capture_on_commit_callbacks
):
    topic, _post = topic_and_post
    with django_capture_on_commit_callbacks(execute=True):
        remind_now(member, "topic", topic.pk)
    assert mail.outbox[0].subject.endswith("Rappel : « Tournée »")
    assert "Vous aviez mis « Tournée » de côté" in mail.outbox[0].body


def test_no_reminder_for_what_the_member_may_no_longer_see(topic_and_post, member):
    _topic, post = topic_and_post
    set_aside(member, kind="post", object_id=post.pk, on=True)
    set_reminder(Bookmark.objects.get(member=member), member=member, remind_on=timezone.localdate())
    hide_post(post, actor=MemberFactory(roles=["Animation"]), reason="Hors sujet")
    assert send_bookmark_reminders(timezone.now()) == 0
    assert not Notification.objects.filter(kind="bookmark_reminder").exists()
    assert Bookmark.objects.get(member=member).reminded_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_same_bookmark_sent_at_once_is_one_row(member, other_member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    _topic, post = create_topic(space, author=other_member, title="Tournée", body="?")
    codes = post_in_parallel(member, bookmark_url("post", post.pk), {"on": "1"})
    assert set(codes) == {302}
    assert Bookmark.objects.filter(member=member).count() == 1


@pytest.mark.parametrize("posts", [3, 17])
def test_the_topic_page_asks_once_which_posts_are_set_aside(
    client, topic_and_post, member, posts, django_assert_max_num_queries
):
    topic, _post = topic_and_post
    for number in range(posts):
        set_aside(
            member,
            kind="post",
            object_id=reply(topic, author=member, body=f"Message {number}").pk,
            on=True,
        )
    client.force_login(member)
    with django_assert_max_num_queries(36):
        html = client.get(topic.get_absolute_url()).content.decode()
    assert html.count('aria-pressed="true"') == posts


@pytest.mark.parametrize("count", [3, 45])
def test_the_bookmarks_page_costs_the_same_whatever_their_number(
    client, space, member, other_member, count, django_assert_max_num_queries
):
    topic, _first = create_topic(space, author=other_member, title="Tournée", body="?")
    need = make_need(other_member, title="Un local")
    set_aside(member, kind="need", object_id=need.pk, on=True)
    for number in range(count):
        post = reply(topic, author=other_member, body=f"Message {number}")
        set_aside(member, kind="post", object_id=post.pk, on=True)
    client.force_login(member)
    # The session, the member, the page's fixed costs, the bookmarks, then one query per kind
    # shown (two for posts: the spaces this member reads, then the posts).
    with django_assert_max_num_queries(16):
        html = client.get(BOOKMARKS).content.decode()
    assert html.count('class="bookmark-list__item"') == min(count + 1, 20)


def test_the_bookmarks_are_in_the_export_and_go_with_the_account(topic_and_post, member):
    _topic, post = topic_and_post
    set_aside(member, kind="post", object_id=post.pk, on=True)
    data, _files = bookmarks_section(member)
    assert data[0]["kind"] == "post" and data[0]["object_id"] == post.pk
    member.delete()
    assert Bookmark.objects.count() == 0


def test_the_account_menu_links_to_the_bookmarks(client, member):
    client.force_login(member)
    assert f'href="{BOOKMARKS}"' in client.get("/communaute/").content.decode()
