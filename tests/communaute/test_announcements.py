"""Animators speak to every member of their space; nobody else may."""

import pytest
from django.core import mail

from communaute.models import Announcement, EmailFrequency, Notification, Space, SpaceMembership
from communaute.notifications.preferences import set_email_frequency
from communaute.services.announcements import publish_announcement
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

FORM = "/communaute/espaces/cercle/nouvelle-annonce/"
TEXT = {"title": "Rencontre du 6 janvier", "body": "On se voit à **14 h 30** à Moncton."}


@pytest.fixture
def circle():
    space = make_space("Cercle", Space.Visibility.PRIVATE)
    animator = MemberFactory(display_name="Lise Arsenault")
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    members = MemberFactory.create_batch(3)
    for member in members:
        SpaceMembership.objects.create(space=space, member=member)
    return space, animator, members


def test_an_announcement_reaches_every_member_of_the_space_and_nobody_else(
    circle, member, django_capture_on_commit_callbacks
):
    space, animator, members = circle
    set_email_frequency(members[0], EmailFrequency.EACH_EVENT, actor=members[0])
    with django_capture_on_commit_callbacks(execute=True):
        announcement = publish_announcement(space, author=animator, **TEXT)
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {m.pk for m in members}
    notification = Notification.objects.filter(recipient=members[1]).get()
    assert notification.describe() == "Annonce dans « Cercle » : Rencontre du 6 janvier"
    assert notification.url == f"/communaute/annonces/{announcement.pk}/"
    # Emails follow each person's choice: one asked for every notification, the others
    # get it in their digest.
    assert [message.to for message in mail.outbox] == [[members[0].email]]
    assert "vous êtes membre de l'espace « Cercle »" in mail.outbox[0].body


def test_an_announcement_to_a_large_space_costs_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    space = make_space("Grand espace", Space.Visibility.PUBLIC)
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    SpaceMembership.objects.bulk_create(
        SpaceMembership(space=space, member=member) for member in MemberFactory.create_batch(60)
    )
    with django_assert_max_num_queries(12):
        publish_announcement(space, author=animator, **TEXT)
    assert Notification.objects.count() == 60


def test_the_animator_publishes_from_the_site_and_members_read_it(client, circle):
    _space, animator, members = circle
    client.force_login(animator)
    assert "Publier une annonce" in client.get("/communaute/espaces/cercle/").content.decode()
    response = client.post(FORM, {"title": "", "body": TEXT["body"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient une erreur." in html and "14 h 30" in html
    response = client.post(FORM, TEXT)
    announcement = Announcement.objects.get()
    assert response["Location"] == f"/communaute/annonces/{announcement.pk}/"
    client.force_login(members[0])
    html = client.get(response["Location"]).content.decode()
    assert "<strong>14 h 30</strong>" in html
    assert "Rencontre du 6 janvier" in client.get("/communaute/espaces/cercle/").content.decode()


@pytest.mark.parametrize("role", ["visitor", "member_of_space", "outsider", "other_animator"])
def test_only_the_spaces_animators_may_announce(client, circle, role):
    _space, _animator, members = circle
    if role == "member_of_space":
        client.force_login(members[0])
    elif role == "outsider":
        client.force_login(MemberFactory())
    elif role == "other_animator":
        other = make_space("Autre", Space.Visibility.PUBLIC)
        person = MemberFactory()
        SpaceMembership.objects.create(space=other, member=person, role="animator")
        client.force_login(person)
    get, post = client.get(FORM), client.post(FORM, TEXT)
    if role == "visitor":
        assert "/comptes/login/" in get["Location"] and "/comptes/login/" in post["Location"]
    elif role == "member_of_space":
        assert (get.status_code, post.status_code) == (403, 403)
    else:
        # A private space does not exist for those outside it.
        assert (get.status_code, post.status_code) == (404, 404)
    assert not Announcement.objects.exists()
    assert not Notification.objects.exists()


def test_an_announcement_of_a_private_space_is_hidden_from_outsiders(client, circle, member):
    space, animator, _members = circle
    announcement = publish_announcement(space, author=animator, **TEXT)
    client.force_login(member)
    assert client.get(f"/communaute/annonces/{announcement.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/communaute/annonces/{announcement.pk}/")
    assert response["Location"] == f"/comptes/login/?next=/communaute/annonces/{announcement.pk}/"
