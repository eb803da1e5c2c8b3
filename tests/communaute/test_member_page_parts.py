"""What pages past the page cache keep (issue 16): the row of a topic or space a page reads
(permissions/access.py, kept=True), a topic page's posts with their HTML, and the pieces of a
member's pages read from their own rows (selectors/home.py, member_part). Kept, they cost no
query; what the member or anyone else does shows on the very next page. The cache is on and
pages are read through HTTP, past the page cache, after writes made through the services
(their on-commit work runs)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from communaute.forms.forum import PostForm
from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from communaute.services.following import follow_space
from communaute.services.forum import create_topic, invite_to_space, reply
from communaute.services.moderation import hide_post, move_topic, set_topic_locked
from passerelles.core.models import Discipline
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_animator, make_space

pytestmark = pytest.mark.django_db

# A parameter no page knows: visitors go past the page cache too.
PAST_THE_CACHE = {"banc": "1"}
NEWS = "sujet avec du nouveau"
UNREAD = '<strong class="unread">non lu</strong>'
INVITED = "Vous avez une invitation à rejoindre un espace."
HINT = "Votre profil est presque prêt"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def space(other_member, committing):
    space = make_space("Diffusion et tournées")
    committing(create_topic, space, author=other_member, title="Partager un camion", body="Qui ?")
    return space


def read(client, url, reader=None, status=200):
    if reader is None:
        client.logout()
    else:
        client.force_login(reader)
    response = client.get(url, PAST_THE_CACHE)
    assert response.status_code == status, response
    return response.content.decode()


def home(client, reader=None):
    return read(client, "/communaute/", reader)


def forum_reads(queries):
    """The queries that read the forum or the member's rows (not the session's)."""
    return [
        q["sql"]
        for q in queries
        if any(
            f"communaute_{table}" in q["sql"]
            for table in ("space", "topic", "post", "readstate", "joinrequest", "spacesubscription")
        )
        or "member_disciplines" in q["sql"]
    ]


def test_a_topic_page_read_again_costs_no_forum_query(client, space, member):
    topic = space.topics.get()
    for reader in (None, member):
        # The member's first visit counts the topic read, which makes their pieces stale.
        read(client, topic.get_absolute_url(), reader)
        read(client, topic.get_absolute_url(), reader)
        with CaptureQueriesContext(connection) as again:
            html = read(client, topic.get_absolute_url(), reader)
        assert "Partager un camion" in html and "Qui ?" in html
        assert not forum_reads(again)


def test_a_kept_topic_changes_at_once(client, space, member, other_member, committing):
    topic = space.topics.get()
    animator = make_animator(space)
    url = topic.get_absolute_url()
    read(client, url)
    read(client, url, member)
    committing(set_topic_locked, topic, actor=animator, locked=True, reason="Fini.")
    assert "Ce sujet est verrouillé" in read(client, url, member)
    elsewhere = make_space("Équipements partagés")
    moderator = MemberFactory(roles=[roles.ANIMATION])
    committing(move_topic, topic, actor=moderator, space=elsewhere, reason="Mieux là.")
    assert "Équipements partagés" in read(client, url, member)
    committing(hide_post, topic.posts.get(position=1), actor=moderator, reason="Hors sujet.")
    # Hidden, the topic answers as if it did not exist: to the visitor and to the member.
    read(client, url, member, status=404)
    assert read(client, url, status=302) == ""


def test_a_kept_space_changes_at_once(client, space, member, committing):
    url = f"/communaute/espaces/{space.slug}/"
    read(client, url)
    read(client, url, member)
    with CaptureQueriesContext(connection) as again:
        read(client, url)
    assert not forum_reads(again)
    space.name = "Tournées en Acadie"
    committing(space.save)
    assert "Tournées en Acadie" in read(client, url)
    space.visibility = Space.Visibility.PRIVATE
    committing(space.save)
    read(client, url, member, status=404)


def test_the_visitors_community_home_is_kept_and_changes_at_once(client, space, committing):
    home(client)
    with CaptureQueriesContext(connection) as again:
        home(client)
    assert not forum_reads(again)
    space.name = "Tournées en Acadie"
    committing(space.save)
    assert "Tournées en Acadie" in home(client)


def test_the_member_community_home_read_again_costs_no_forum_query(client, space, member):
    home(client, member)
    with CaptureQueriesContext(connection) as again:
        html = home(client, member)
    assert "Diffusion et tournées" in html
    assert not forum_reads(again)


def test_the_unread_counts_follow_the_member_and_the_others(
    client, space, member, other_member, committing
):
    topic = space.topics.get()
    assert NEWS in home(client, member)
    # Reading the topic counts it read: gone from the member's home at once.
    read(client, topic.get_absolute_url(), member)
    assert NEWS not in home(client, member)
    # Someone else's reply: back at once.
    committing(reply, topic, author=other_member, body="En avril.")
    assert NEWS in home(client, member)
    # Nobody else's parts: the other member wrote everything.
    assert NEWS not in home(client, other_member)


def test_an_invitation_and_a_membership_show_at_once(client, member, committing):
    private = make_space("Cercle des diffuseurs", visibility=Space.Visibility.PRIVATE)
    animator = make_animator(private)
    card = f'href="/communaute/espaces/{private.slug}/"'
    html = home(client, member)
    assert card not in html and INVITED not in html
    committing(invite_to_space, private, actor=animator, member=member)
    assert INVITED in home(client, member)
    SpaceMembership.objects.create(space=private, member=member)
    assert card in home(client, member)


def test_the_profile_hint_goes_once_a_discipline_is_named(client, member):
    member.bio = ""
    member.save()
    assert "vos disciplines" in home(client, member)
    member.disciplines.add(Discipline.objects.first())
    assert "vos disciplines" not in home(client, member)
    # Removed from the discipline's side, as the admin may: back at once.
    Discipline.objects.first().members.clear()
    assert "vos disciplines" in home(client, member)


def test_following_a_space_and_reading_its_topics_show_at_once(
    client, space, member, other_member, committing
):
    url = f"/communaute/espaces/{space.slug}/"
    html = read(client, url, member)
    assert "Suivre l'espace" in html and UNREAD in html
    committing(follow_space, member, space)
    html = read(client, url, member)
    assert "Vous suivez cet espace" in html
    read(client, space.topics.get().get_absolute_url(), member)
    assert UNREAD not in read(client, url, member)
    # The other member's marks are theirs.
    assert "Vous suivez cet espace" not in read(client, url, other_member)


def test_the_reply_form_drawn_once_is_each_members_own(space, member, other_member):
    topic = space.topics.get()
    url = topic.get_absolute_url()
    sophie, nadia = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = read(sophie, url, member)
    second = read(nadia, url, other_member)
    assert "stand-in" not in first + second
    assert field(first, "csrfmiddlewaretoken") != field(second, "csrfmiddlewaretoken")
    assert field(first, "token") != field(read(sophie, url, member), "token")
    # A draft saved while typing shows on the next page, to its author alone.
    saved = nadia.post(
        "/communaute/brouillons/enregistrer/",
        {
            "place": f"reply:{topic.pk}",
            "body": "Mon brouillon de réponse",
            "csrfmiddlewaretoken": field(second, "csrfmiddlewaretoken"),
        },
    )
    assert saved.json()["saved"] is True
    assert "Mon brouillon de réponse" in read(nadia, url, other_member)
    assert "Mon brouillon de réponse" not in read(sophie, url, member)
    # The form drawn once posts, with this member's tokens.
    page = read(sophie, url, member)
    response = sophie.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {
            "body": "Réponse par le formulaire dessiné une fois",
            "token": field(page, "token"),
            "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"),
        },
    )
    assert response.status_code == 302
    assert "Réponse par le formulaire dessiné une fois" in read(sophie, url, member)


def test_a_blank_reply_form_is_built_only_for_its_drawing(space, member, monkeypatch):
    # Drawn once, a blank reply form needs no PostForm on the pages after; a quote or a
    # draft, which only this page shows, is built and drawn for it.
    built = []
    build = PostForm.__init__

    def counted(form, *args, **kwargs):
        built.append(kwargs.get("initial"))
        build(form, *args, **kwargs)

    monkeypatch.setattr(PostForm, "__init__", counted)
    topic = space.topics.get()
    url = topic.get_absolute_url()
    client = Client()
    read(client, url, member)
    built.clear()
    page = read(client, url, member)
    assert built == []
    assert 'id="reply"' in page and 'name="token"' in page
    first = topic.posts.get()
    quoted = client.get(url, {"citer": first.pk}).content.decode()
    assert len(built) == 1 and built[0]["reply_to"] == first.pk
    assert "&gt; Qui ?" in quoted


def field(html, name):
    """The value of the page's reply form's hidden field."""
    form = html.split('id="reply"', 1)[1]
    return form.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
