"""The home page a signed-in member sees: their spaces, requests, needs, what is new in the
spaces they follow and the latest publications; visitors keep the public home page."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from communaute.models import Space, Topic
from communaute.selectors.home import HOME_SECONDS, forget_home
from communaute.services.following import follow_space
from communaute.services.forum import create_topic, join_space, reply
from communaute.services.moderation import hide_post, move_topic, restore_post
from communaute.services.news import mark_news_seen
from passerelles.pages.models import ArticleIndexPage
from ressources.models import AccessRequest, Need
from ressources.services.access import change_request_status, create_access_request
from ressources.services.needs import mark_need_met
from ressources.services.organizations import follow_organization
from tests.communaute.factories import MemberFactory
from tests.pages.test_publications import publish
from tests.ressources.factories import (
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db


def make_space(name):
    return Space.objects.create(name=name, slug=slugify(name))


def request_access(service, member):
    return create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Bonjour", "timeframe": ""}
    )


def test_visitors_keep_the_public_home_page(client):
    html = client.get("/").content.decode()
    assert "Rejoindre la communauté" in html
    assert "Mes espaces" not in html


def test_a_new_member_sees_their_home_with_an_empty_state_and_a_link_for_each_block(client, member):
    client.force_login(member)
    response = client.get("/")
    html = response.content.decode()
    assert response.templates[0].name == "pages/home_page_member.html"
    assert "<h1>Bonjour, Sophie Gagnon</h1>" in html
    assert "Rejoindre la communauté" not in html
    assert "Créez votre compte" not in html
    assert "Créer un compte" not in html
    for heading in (
        "Mes espaces",
        "Quoi de neuf",
        "Mes demandes d'accès",
        "Mes besoins",
        "Dernières publications",
    ):
        assert f">{heading}</h2>" in html
    assert '<a href="/communaute/">Découvrir les espaces</a>' in html
    assert "Rien de neuf depuis votre dernière visite." in html
    assert '<a href="/ressources/">Parcourir les services mutualisés</a>' in html
    assert '<a href="/ressources/besoins/nouveau/">Déclarer un besoin</a>' in html
    assert "Votre profil est presque prêt" in html


def fill_home(member, *, size):
    """Spaces with unread topics, requests, needs and publications, `size` of each."""
    author = MemberFactory(display_name="Autrice")
    organization = make_organization(f"Organisation {size}")
    representative = make_representative(organization)
    follow_organization(member, organization)
    index_page = ArticleIndexPage.objects.get()
    for number in range(size):
        space = make_space(f"Espace {size} {number}")
        join_space(space, member=member)
        join_space(space, member=author)
        topic, _post = create_topic(
            space, author=author, title=f"Sujet {size} {number}", body="Bonjour"
        )
        reply(topic, author=author, body="Et une réponse")
        service = make_service(
            organization, representative, title=f"Service {size} {number}", regions=("NB",)
        )
        request_access(service, member)
        make_need(member, title=f"Besoin {size} {number}")
        publish(index_page, organization, f"{size}-{number}", day=number + 1)


def test_a_member_home_shows_their_spaces_requests_needs_and_whats_new(client, member):
    fill_home(member, size=2)
    followed = make_space("Espace suivi")
    author = MemberFactory()
    join_space(followed, member=author)
    create_topic(followed, author=author, title="Une salle à Moncton", body="Qui en a une ?")
    follow_space(member, followed)
    make_space("Espace ignoré")
    client.force_login(member)
    html = client.get("/").content.decode()
    assert '<a href="/communaute/espaces/espace-2-0/">Espace 2 0</a>' in html
    assert "1 sujet avec du nouveau" in html
    assert "Espace ignoré" not in html
    # « Quoi de neuf »: new topics of the spaces the member follows or belongs to.
    assert "Une salle à Moncton</a>" in html
    assert "Sujet 2 1</a>" in html
    assert '<a href="/communaute/quoi-de-neuf/">Tout voir' in html
    assert "Service 2 0</a>" in html
    assert '<strong class="status status--new">Nouvelle</strong>' in html
    assert "Besoin 2 1</a>" in html
    assert '<strong class="status status--new">Non comblé</strong>' in html
    assert "Publication 2-1" in html
    assert '<a href="/ressources/demandes/">Toutes mes demandes</a>' in html
    assert '<a href="/ressources/besoins/mes-besoins/">Tous mes besoins</a>' in html


def test_a_member_home_shows_no_other_members_requests_or_needs(client, member, other_member):
    fill_home(other_member, size=1)
    # The other member's need is news of the sector: « Quoi de neuf » would show it.
    mark_news_seen(member, timezone.now())
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "Service 1 0" not in html
    assert "Besoin 1 0" not in html
    assert "Sujet 1 0" not in html


def test_a_member_home_speaks_english(client, member):
    client.force_login(member)
    html = client.get("/en/").content.decode()
    assert "Hello, Sophie Gagnon" in html
    assert "My needs" in html


def test_a_member_home_reads_a_bounded_number_of_queries(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get("/")
    fill_home(member, size=2)
    client.get("/")  # joining spaces made the member's cached facts be read again, once
    # « Quoi de neuf » reads one or two queries per source (topics, replies, services, needs,
    # publications), whatever the number of items; the spaces' unread counts one more, over
    # the member's read states (issue #16); the next gatherings one (issue #17).
    forget_home(member.pk)
    with django_assert_max_num_queries(31):
        client.get("/")
    # Then the member's own blocks come from the cache: the page, the publications, the next
    # gatherings, the footer, the profile hint and the editor's bar remain.
    with django_assert_max_num_queries(14):
        client.get("/")
    fill_home(member, size=8)
    with django_assert_max_num_queries(31):
        client.get("/")
    with django_assert_max_num_queries(14):
        html = client.get("/").content.decode()
    assert html.count("status--new") >= 10


class TestKeptPerMember:
    """A member's own blocks are read once, then kept: what they do shows at once, what
    others do within HOME_SECONDS, and nobody sees another member's."""

    @pytest.fixture
    def home(self, client, member):
        fill_home(member, size=1)
        client.force_login(member)
        return lambda path="/": client.get(path).content.decode()

    def test_a_second_visit_counts_nothing_again(self, home):
        home()
        with CaptureQueriesContext(connection) as queries:
            html = home()
        assert "Sujet 1 0</a>" in html
        counted = ("communaute_post", "communaute_readstate", "ressources_accessrequest")
        assert not [query for query in queries if any(t in query["sql"] for t in counted)]

    def test_another_member_never_gets_the_first_ones_blocks(self, home, other_member):
        assert "Besoin 1 0</a>" in home()
        # The first member's need is news of the sector: « Quoi de neuf » would show it.
        mark_news_seen(other_member, timezone.now())
        other = Client()
        other.force_login(other_member)
        html = other.get("/").content.decode()
        assert "Besoin 1 0" not in html
        assert "Service 1 0" not in html
        assert "Vous n'avez encore rejoint aucun espace" in html.replace("&#x27;", "'")

    def test_what_the_member_declares_requests_and_joins_shows_at_once(self, home, member):
        home()
        make_need(member, title="Un local de répétition")
        organization = make_organization("Organisation B")
        service = make_service(organization, make_representative(organization), title="Camion")
        request_access(service, member)
        join_space(make_space("Espace rejoint"), member=member)
        html = home()
        assert "Un local de répétition</a>" in html
        assert "Camion</a>" in html
        assert "Espace rejoint</a>" in html

    def test_a_topic_read_again_leaves_the_unread_count_at_once(self, home, member):
        topic = Topic.objects.get(title="Sujet 1 0")
        home(topic.get_absolute_url())
        reply(topic, author=topic.author, body="Une autre réponse")
        assert "1 sujet avec du nouveau" in home()
        # Read further than before: an update of the read state, which sends no signal.
        home(topic.get_absolute_url())
        assert "sujet avec du nouveau" not in home()

    def test_a_request_answered_and_a_need_met_show_at_once(self, home, member):
        home()
        access_request = AccessRequest.objects.get(member=member)
        service = access_request.service
        representative = service.organizations.get().representatives.get().member
        change_request_status(access_request, actor=representative, new_status="accepted")
        mark_need_met(Need.objects.get(author=member), actor=representative, service=service)
        html = home()
        assert '<strong class="status status--accepted">Acceptée</strong>' in html
        assert "Comblé" in html

    def test_what_others_post_shows_within_the_freshness_bound(self, home, member, monkeypatch):
        home()
        author = MemberFactory()
        space = Space.objects.get(name="Espace 1 0")
        join_space(space, member=author)
        create_topic(space, author=author, title="Une salle à Moncton", body="Qui en a une ?")
        assert "Une salle à Moncton" not in home()
        later = time.time() + HOME_SECONDS + 1
        monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
        assert "Une salle à Moncton</a>" in home()

    def test_what_the_moderators_hide_or_move_and_an_author_deletes_leaves_at_once(
        self, home, member, staff, committing
    ):
        """Not HOME_SECONDS later: content out of members' sight leaves every copy."""
        topic = Topic.objects.get(title="Sujet 1 0")
        assert "Sujet 1 0</a>" in home()
        committing(hide_post, topic.posts.get(position=1), actor=staff, reason="Hors sujet")
        assert "Sujet 1 0" not in home()
        committing(restore_post, topic.posts.get(position=1), actor=staff, reason="Erreur")
        assert "Sujet 1 0</a>" in home()
        closed = make_space("Espace fermé")
        closed.visibility = Space.Visibility.PRIVATE
        closed.save()
        committing(move_topic, topic, actor=staff, space=closed, reason="Rangement")
        assert "Sujet 1 0" not in home()

    def test_each_language_reads_its_own_texts(self, home):
        assert "Nouveau sujet :" in home()
        english = home("/en/")
        assert "New topic:" in english
        assert "Nouveau sujet :" not in english


def test_an_administrator_home_lists_only_the_spaces_they_belong_to(client, staff):
    join_space(make_space("Espace équipe"), member=staff)
    make_space("Espace des autres")
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert "Espace équipe</a>" in html
    assert "Espace des autres" not in html
    mine = client.get("/communaute/?filtre=mes-espaces").content.decode()
    assert "Espace équipe</a>" in mine
    assert "Espace des autres</a>" not in mine


def test_an_editor_previewing_the_home_page_sees_the_visitors_home_they_edit(member):
    from django.test import RequestFactory

    from passerelles.pages.models import HomePage

    home = HomePage.objects.get()
    request = RequestFactory().get("/")
    request.user = member
    request.is_preview = True  # as Wagtail's preview handler marks it
    response = home.serve_preview(request, home.default_preview_mode)
    assert response.template_name == "pages/home_page.html"
    assert "Mes espaces" not in response.render().content.decode()
