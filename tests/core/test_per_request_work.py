"""The work every page repeats (issue 16, item 3): one Redis client per process and server, the
footer's links read once for every page (and the site root paths once for all of them), and the
loops rendered without localizing their numbers printing exactly as before."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, translate_url
from django.utils.html import escape
from django.utils.translation import override
from wagtail.models import Site

from communaute.models import Space
from communaute.services.forum import create_topic, reply
from passerelles.core import cache as resilient
from passerelles.core.templatetags import site_header
from passerelles.pages.context_processors import footer_links_key
from passerelles.pages.models import ARTICLES_PATH_CACHE_KEY
from ressources.context_processors import CACHE_KEY as FOOTER_PARTNERS_KEY
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.core.test_redis_resilience import redis_server  # noqa: F401

pytestmark = pytest.mark.django_db


def test_one_redis_client_serves_every_call_and_every_thread(redis_server):  # noqa: F811
    cache = caches["default"]
    cache.set("un", 1)
    first = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is first
    assert cache.get("un") == 1
    seen = {}

    def other_thread():
        other = caches["default"]
        seen["same object"] = other is cache
        seen["client"] = other._cache.get_client()
        seen["value"] = other.get("un")

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(5)
    assert seen["same object"] is False
    assert seen["client"] is first
    assert seen["value"] == 1


def test_the_shared_client_survives_redis_restarting(redis_server):  # noqa: F811
    cache = caches["default"]
    cache.set("avant", 1)
    redis_server.stop()
    assert cache.get("avant") is None  # served by the fallback table
    redis_server.start()
    cache.set("apres", 2)
    assert cache.get("apres") == 2
    assert resilient._clients


def footer_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('class="site-footer"')[1]


@pytest.fixture
def footer_pages():
    from passerelles.pages.models import FooterLinks

    site = Site.objects.get(is_default_site=True)
    root = site.root_page
    links = FooterLinks.for_site(site)
    for field in ("about_page", "code_of_conduct_page", "privacy_page", "accessibility_page"):
        setattr(links, field, root)
    links.save()
    return links


def test_the_footer_reads_the_site_root_paths_once_per_page(client, monkeypatch, footer_pages):
    root = footer_pages.about_page
    calls = []
    original = Site.get_site_root_paths

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(counted))
    footer = footer_of(client.get(reverse("communaute:home")))
    assert len(calls) <= 1
    assert footer.count(f'href="{root.url}"') == 4


def test_the_footers_links_cost_no_query_once_read(client, footer_pages):
    client.get(reverse("communaute:home"))
    with CaptureQueriesContext(connection) as queries:
        footer = footer_of(client.get(reverse("communaute:home")))
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "pages_footerlinks" not in sql
    assert "wagtailcore_site" not in sql
    assert footer.count(f'href="{footer_pages.about_page.url}"') == 4


def test_a_renamed_or_withdrawn_page_shows_in_the_footer_on_the_next_page(client, footer_pages):
    from passerelles.pages.models import StandardPage

    home = footer_pages.about_page
    charter = home.add_child(instance=StandardPage(title="Charte", slug="charte-essai"))
    footer_pages.code_of_conduct_page = charter
    footer_pages.save()
    assert ">Charte<" in footer_of(client.get(reverse("communaute:home")))
    charter.title = "Charte de la communauté de pratique"
    charter.save_revision().publish()
    footer = footer_of(client.get(reverse("communaute:home")))
    assert ">Charte de la communauté de pratique<" in footer
    charter.unpublish()
    footer = footer_of(client.get(reverse("communaute:home")))
    assert "Charte de la communauté de pratique" not in footer
    assert footer.count(f'href="{home.url}"') == 3


def test_the_header_and_footer_entries_come_in_one_look_up(client, footer_pages, cache_lookups):
    """Their keys are registered by the apps that own them (read_ahead.every_page)."""
    client.get("/communaute/")  # read and kept
    page_keys = {ARTICLES_PATH_CACHE_KEY, footer_links_key("fr"), FOOTER_PARTNERS_KEY}
    for url in ("/communaute/", "/ressources/"):
        cache_lookups.clear()
        assert client.get(url).status_code == 200
        assert [keys & page_keys for keys in cache_lookups if keys & page_keys] == [page_keys]


@pytest.mark.parametrize(
    "url",
    [
        "/communaute/",
        "/en/communaute/",
        "/ressources/?categorie=comptabilite&page=2",
        "/en/ressources/?page=2",
        "/",
        "/en/",
        "/page-qui-n-existe-pas/",
    ],
)
def test_the_language_links_lead_to_the_same_page_in_the_other_language(client, url):
    """As Django's translate_url() writes them, without resolving the address again."""
    response = client.get(url)
    html = response.content.decode()
    current = "en" if url.startswith("/en/") else "fr"
    other = "fr" if current == "en" else "en"
    with override(current):
        expected = translate_url(url, other)
    assert f'<a href="{escape(expected)}" lang="{other}" hreflang="{other}">' in html
    assert expected != url or response.status_code == 404


def test_a_fragment_without_header_or_footer_reads_none_of_their_entries(client, cache_lookups):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, first = create_topic(space, author=MemberFactory(), title="Tournée", body="Qui part ?")
    reply(topic, author=MemberFactory(), body="Moi")
    client.get("/communaute/")  # the page's entries read and kept
    cache_lookups.clear()
    response = client.get(f"/communaute/sujets/{topic.pk}/nouveaux/", {"apres": first.pk})
    assert response.status_code == 200 and "Moi" in response.content.decode()
    page_keys = {ARTICLES_PATH_CACHE_KEY, footer_links_key("fr"), FOOTER_PARTNERS_KEY}
    assert [keys for keys in cache_lookups if keys & page_keys] == []


def test_the_footer_is_drawn_once_for_the_same_entries_and_anew_when_they_change(
    client, footer_pages, monkeypatch
):
    """Pages drawn from the same cached entries share one footer (site_header.site_footer); a
    new partner, like a renamed page, changes the entries and so the footer at once, in each
    language."""
    from django.template import loader

    from passerelles.core.templatetags import site_header
    from tests.ressources.factories import make_organization

    drawn = []
    render = loader.render_to_string

    def counting(name, *args, **kwargs):
        if name == "includes/footer.html":
            drawn.append(name)
        return render(name, *args, **kwargs)

    monkeypatch.setattr(site_header, "render_to_string", counting)
    site_header._footer.cache_clear()
    first = footer_of(client.get(reverse("communaute:home")))
    assert footer_of(client.get(reverse("ressources:catalogue"))) == first
    assert len(drawn) == 1
    assert "Compagnie des Marées" not in first
    make_organization(name="Compagnie des Marées")
    assert "Compagnie des Marées" in footer_of(client.get(reverse("communaute:home")))
    english = footer_of(client.get("/en" + reverse("communaute:home")))
    assert "Compagnie des Marées" in english and "Contact us" in english
    assert len(drawn) == 3


def test_the_menus_labels_are_in_the_pages_language(client):
    """Translated once per language (passerelles/core/navigation.py): the French page first,
    then the English one, in the same process."""
    client.force_login(MemberFactory())
    french = client.get("/communaute/").content.decode()
    english = client.get("/en/communaute/").content.decode()
    assert ">Communauté</a>" in french and ">Mes brouillons</a>" in french
    assert ">Community</a>" in english and ">My drafts</a>" in english
    assert "Mes brouillons" not in english


def test_the_header_menus_drawn_once_are_drawn_again_for_other_addresses(client, member, settings):
    client.get("/communaute/", {"banc": "1"})
    client.force_login(member)
    client.get("/communaute/")
    assert site_header._visitors_menu.cache_info().currsize
    assert site_header._members_menu.cache_info().currsize
    # Another URLconf (a test's, the benchmark's) has other addresses: nothing drawn is kept.
    settings.ROOT_URLCONF = "passerelles.bench_urls"
    assert site_header._visitors_menu.cache_info().currsize == 0
    assert site_header._members_menu.cache_info().currsize == 0
