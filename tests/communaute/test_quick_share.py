"""Quick share: a link and a line, to one or several spaces at once."""

import pytest

from communaute.models import PostLink, Space, SpaceMembership, Topic, TopicShare
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

SHARE_URL = "/communaute/partager/"


def share(
    client,
    *spaces,
    url="https://exemple.ca/appel",
    line="Un appel pour les diffuseurs",
    token="t-1",
):
    return client.post(
        SHARE_URL,
        {"url": url, "line": line, "spaces": [space.pk for space in spaces], "token": token},
    )


def test_a_member_shares_a_link_to_one_space(client, member):
    space = make_space()
    client.force_login(member)
    response = share(client, space)
    topic = Topic.objects.get()
    assert response.status_code == 302 and response.url.startswith(
        f"/communaute/sujets/{topic.pk}-"
    )
    assert topic.space == space and topic.title == "Un appel pour les diffuseurs"
    post = topic.posts.get()
    assert 'href="https://exemple.ca/appel"' in post.body_html
    # Shared links go to the space's library like any other.
    assert PostLink.objects.get(post=post).url == "https://exemple.ca/appel"


def test_several_spaces_get_one_conversation_that_the_others_point_to(client, member):
    private = make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    members_only = make_space("Entre membres", Space.Visibility.MEMBERS)
    public = make_space("Place publique")
    client.force_login(member)
    assert share(client, private, members_only, public).status_code == 302
    topic = Topic.objects.get()
    # It lives where everybody who sees a pointer to it can read it.
    assert topic.space == public
    assert set(TopicShare.objects.values_list("space__name", flat=True)) == {
        "Cercle des diffuseurs",
        "Entre membres",
    }
    response = client.get(f"/communaute/espaces/{members_only.slug}/")
    assert "Un appel pour les diffuseurs" in response.content.decode()


def test_the_same_form_sent_twice_shares_once(client, member):
    first, second = make_space(), make_space("Autre espace")
    client.force_login(member)
    share(client, first, second, token="meme-jeton")
    share(client, first, second, token="meme-jeton")
    assert Topic.objects.count() == 1 and TopicShare.objects.count() == 1


def test_a_private_space_of_others_cannot_be_chosen_and_nothing_typed_is_lost(client, member):
    private = make_space("Cercle fermé", Space.Visibility.PRIVATE)
    public = make_space()
    client.force_login(member)
    response = share(client, public, private, line="Ma ligne à garder")
    html = response.content.decode()
    assert response.status_code == 200 and Topic.objects.count() == 0
    assert "Sélectionnez un choix valide" in html
    assert 'value="Ma ligne à garder"' in html and 'value="https://exemple.ca/appel"' in html
    # The space nobody invited them to is not even offered.
    assert "Cercle fermé" not in html


def test_a_wrong_address_is_explained_in_french(client, member):
    space = make_space()
    client.force_login(member)
    response = share(client, space, url="pas une adresse")
    html = response.content.decode()
    assert "Saisissez une URL valide" in html and 'value="Un appel pour les diffuseurs"' in html
    assert Topic.objects.count() == 0


def test_choosing_no_space_is_explained(client, member):
    make_space()
    client.force_login(member)
    response = client.post(SHARE_URL, {"url": "https://exemple.ca", "line": "Une ligne"})
    assert "Cochez au moins un espace." in response.content.decode()


def test_a_visitor_is_asked_to_sign_in(client):
    space = make_space()
    response = share(client, space)
    assert response.status_code == 302 and "/comptes/login/" in response.url
    assert Topic.objects.count() == 0


def test_an_address_and_a_space_can_be_prefilled(client, member):
    space = make_space()
    make_space("Autre espace")
    client.force_login(member)
    response = client.get(SHARE_URL, {"url": "https://exemple.ca/x", "espace": space.slug})
    html = response.content.decode()
    assert 'value="https://exemple.ca/x"' in html
    assert f'value="{space.pk}" id="id_spaces_1" checked>' in html
    assert 'id="id_spaces_0" checked' not in html


def test_the_community_home_offers_quick_share_to_members_who_can_write(client, member):
    make_space("Cercle fermé", Space.Visibility.PRIVATE)
    link = f'href="{SHARE_URL}">Partager un lien</a>'
    client.force_login(member)
    assert link not in client.get("/communaute/").content.decode()  # no space to write in
    make_space()
    assert link in client.get("/communaute/").content.decode()
    client.logout()
    assert link not in client.get("/communaute/").content.decode()


def test_without_a_space_to_write_in_the_page_says_what_to_do(client, member):
    make_space("Cercle fermé", Space.Visibility.PRIVATE)
    client.force_login(member)
    response = client.get(SHARE_URL)
    assert "Rejoignez d'abord un espace" in response.content.decode()
