"""Where moderation meets the rest: hidden content and suspensions hold on every path."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from communaute.models import JoinRequest, Notification, Reaction, Space, SpaceMembership
from communaute.notifications.digests import send_due_digests
from communaute.services.following import follow_space, follow_topic
from communaute.services.forum import create_topic, invite_to_space, reply, set_space_role
from communaute.services.moderation import hide_post, suspend_member
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import join_link
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return MemberFactory(is_superuser=True, display_name="Modération")


def suspend(member, moderator):
    suspend_member(member, actor=moderator, days=7, reason="Messages répétés")


def test_quoting_or_answering_a_hidden_post_shows_nothing_of_it(client, member, moderator):
    space = make_space()
    topic, _first = create_topic(space, author=member, title="Sujet", body="Question")
    spam = reply(topic, author=MemberFactory(), body="Texte retiré par la modération")
    hide_post(spam, actor=moderator, reason="Publicité")
    reader = MemberFactory()
    client.force_login(reader)
    url = f"/communaute/sujets/{topic.pk}-{topic.slug}/"
    for parameter in ("citer", "repondre"):
        html = client.get(url, {parameter: spam.pk}).content.decode()
        assert "Texte retiré" not in html
        assert f'name="reply_to" value="{spam.pk}"' not in html
    client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Ok", "reply_to": spam.pk})
    assert topic.posts.order_by("position").last().reply_to is None


def test_a_suspended_member_neither_reacts_nor_joins(client, member, moderator):
    space = make_space("Cercle", Space.Visibility.PRIVATE)
    open_space = make_space("Ouvert", Space.Visibility.MEMBERS)
    _topic, post = create_topic(make_space(), author=member, title="Sujet", body="Texte")
    suspended = MemberFactory()
    suspend(suspended, moderator)
    client.force_login(suspended)
    assert (
        client.post(f"/communaute/messages/{post.pk}/reagir/", {"kind": "merci"}).status_code == 403
    )
    assert client.post(join_link(space)).status_code == 403
    assert client.post(f"/communaute/espaces/{open_space.slug}/rejoindre/").status_code == 403
    assert not Reaction.objects.exists() and not JoinRequest.objects.exists()
    assert not SpaceMembership.objects.filter(member=suspended).exists()


def test_a_suspended_animator_no_longer_acts_for_the_space(client, member, moderator):
    space = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member, role=SpaceMembership.Role.ANIMATOR)
    suspend(member, moderator)
    client.force_login(member)
    response = client.post(
        f"/communaute/espaces/{space.slug}/nouvelle-annonce/",
        {"title": "Annonce", "body": "À toutes et à tous"},
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/communaute/espaces/{space.slug}/inviter/", {"who": MemberFactory().email}
        ).status_code
        == 403
    )
    assert not Notification.objects.exclude(kind="moderation_decision").exists()


def test_an_invitation_from_someone_who_no_longer_animates_is_refused(client, member):
    space = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member, role=SpaceMembership.Role.ANIMATOR)
    other = MemberFactory()
    SpaceMembership.objects.create(space=space, member=other, role=SpaceMembership.Role.ANIMATOR)
    guest = MemberFactory()
    invitation = invite_to_space(space, actor=member, member=guest)
    set_space_role(space, actor=other, member=member, role=SpaceMembership.Role.MEMBER)
    client.force_login(guest)
    response = client.post(
        "/communaute/invitations/", {"invitation": invitation.pk, "decision": "accept"}
    )
    assert response.status_code == 403
    assert not SpaceMembership.objects.filter(space=space, member=guest).exists()


def test_a_hidden_topic_notifies_nobody_and_stays_out_of_counts_and_digests(
    member, moderator, django_capture_on_commit_callbacks
):
    space = make_space()
    follower = MemberFactory()
    follow_space(follower, space)
    topic, first = create_topic(space, author=member, title="Offre commerciale", body="Achetez")
    follow_topic(follower, topic)
    hide_post(first, actor=moderator, reason="Publicité")
    space.refresh_from_db()
    counts = (space.topic_count, space.post_count)
    before = Notification.objects.filter(recipient=follower, kind="topic_reply").count()
    reply(topic, author=member, body="Et encore @" + follower.handle)
    space.refresh_from_db()
    assert (space.topic_count, space.post_count) == counts
    assert Notification.objects.filter(recipient=follower, kind="topic_reply").count() == before
    assert not Notification.objects.filter(recipient=follower, kind="mention").exists()
    # The notice sent before the topic was hidden does not travel on in a digest.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_digests(now=timezone.now() + timedelta(days=2))
    assert all("Offre commerciale" not in message.body for message in mail.outbox)


def test_a_suspended_member_cannot_declare_a_need(client, moderator):
    suspended = MemberFactory()
    suspend(suspended, moderator)
    client.force_login(suspended)
    response = client.post("/ressources/besoins/nouveau/", {"title": "Un besoin"})
    assert response.status_code == 403
    assert "suspendu" in response.content.decode()


def test_a_hidden_topic_can_be_neither_shared_nor_followed(client, member, moderator):
    space = make_space()
    elsewhere = make_space("Ailleurs")
    topic, first = create_topic(space, author=MemberFactory(), title="Offre", body="Achetez")
    hide_post(first, actor=moderator, reason="Publicité")
    client.force_login(member)
    share = client.post(f"/communaute/sujets/{topic.pk}/partager/", {"space": elsewhere.pk})
    assert share.status_code == 404
    follow = client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "follow"})
    assert follow.status_code == 404
    client.force_login(moderator)
    page = client.get(f"/communaute/sujets/{topic.pk}/partager/").content.decode()
    assert "ne se partage pas" in page and 'name="space"' not in page
    share = client.post(f"/communaute/sujets/{topic.pk}/partager/", {"space": elsewhere.pk})
    assert share.status_code == 403 and not elsewhere.shared_topics.exists()


def test_the_permalink_of_a_post_in_a_hidden_topic_leads_nowhere_for_members(
    client, member, moderator
):
    author = MemberFactory()
    topic, first = create_topic(make_space(), author=author, title="Offre", body="Achetez")
    answer = reply(topic, author=member, body="Non merci")
    hide_post(first, actor=moderator, reason="Publicité")
    client.force_login(MemberFactory())
    assert client.get(f"/communaute/messages/{answer.pk}/").status_code == 404
    assert client.get(f"/communaute/messages/{first.pk}/").status_code == 404
    for reader in (author, moderator):
        client.force_login(reader)
        response = client.get(f"/communaute/messages/{answer.pk}/")
        assert response.status_code == 302 and response["Location"].endswith("#message-2")


def test_muted_topics_of_a_space_one_left_are_no_longer_listed(client, member):
    from communaute.services.following import mute_topic
    from communaute.services.forum import leave_space

    circle = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=circle, member=member)
    topic, _post = create_topic(circle, author=member, title="Budget confidentiel", body="…")
    mute_topic(member, topic)
    client.force_login(member)
    assert "Budget confidentiel" in client.get("/comptes/notifications/").content.decode()
    leave_space(circle, member=member)
    assert "Budget confidentiel" not in client.get("/comptes/notifications/").content.decode()
