"""A signed-out visitor who opens a members-only address (a topic from an email, a private
space) is asked to sign in and brought back; a signed-in person without access still gets the
404 of what does not exist (communaute/permissions/access.py)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_topic():
    space = make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)
    author = MemberFactory()
    SpaceMembership.objects.create(space=space, member=author, role="animator")
    topic, _post = create_topic(space, author=author, title="Tournée en Acadie", body="Qui vient ?")
    return topic


@pytest.fixture
def members_topic():
    space = make_space("Outils numériques", Space.Visibility.MEMBERS)
    topic, _post = create_topic(space, author=MemberFactory(), title="Billetterie", body="?")
    return topic


def space_url(space):
    return reverse("communaute:space", kwargs={"slug": space.slug})


def login_address(path):
    return f"/comptes/login/?next={quote(path)}"


def test_a_signed_out_visitor_is_asked_to_sign_in_for_a_members_only_topic(client, members_topic):
    url = members_topic.get_absolute_url() + "?page=1"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == login_address(url)


def test_a_signed_out_visitor_is_asked_to_sign_in_for_a_private_space_and_its_topic(
    client, private_topic
):
    for url in (private_topic.get_absolute_url(), space_url(private_topic.space)):
        response = client.get(url)
        assert response["Location"] == login_address(url)


def test_in_english_the_sign_in_page_is_the_english_one(client, members_topic):
    url = "/en" + members_topic.get_absolute_url()
    response = client.get(url)
    assert response["Location"] == "/en" + login_address(url)


def test_signing_in_brings_the_member_back_to_the_topic(client, private_topic):
    member = MemberFactory()
    SpaceMembership.objects.create(space=private_topic.space, member=member)
    url = private_topic.get_absolute_url()
    location = client.get(url)["Location"]
    response = client.post(location, {"login": member.email, "password": PASSWORD})
    assert response["Location"] == url
    assert "Tournée en Acadie" in client.get(url).content.decode()


def test_a_signed_in_outsider_still_gets_a_404(client, private_topic):
    client.force_login(MemberFactory())
    assert client.get(private_topic.get_absolute_url()).status_code == 404
    assert client.get(space_url(private_topic.space)).status_code == 404


def test_what_does_not_exist_answers_as_what_is_private(client, private_topic):
    # Signed out, a private address and a missing one look alike: neither tells a stranger
    # which private spaces or topics exist.
    for missing, private in (
        ("/communaute/sujets/999999-rien/", private_topic.get_absolute_url()),
        ("/communaute/espaces/rien/", space_url(private_topic.space)),
        ("/communaute/messages/999999/", f"/communaute/messages/{private_topic.posts.get().pk}/"),
    ):
        assert client.get(missing).status_code == client.get(private).status_code == 302
        assert client.get(missing)["Location"] == login_address(missing)
    # Signed in, both are the 404 of what does not exist.
    client.force_login(MemberFactory())
    assert client.get("/communaute/sujets/999999-rien/").status_code == 404
    assert client.get("/communaute/espaces/rien/").status_code == 404


def test_a_public_topic_opens_signed_out(client):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=MemberFactory(), title="Ouvert", body="Bonjour")
    assert client.get(topic.get_absolute_url()).status_code == 200
