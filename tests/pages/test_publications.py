import itertools
import re
import xml.etree.ElementTree as ElementTree

import pytest
from wagtail.models import Page
from wagtail.rich_text import RichText

from communaute.models import Notification
from passerelles.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    InitiativeIndexPage,
    InitiativePage,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_organization

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index_page():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def partner_organization(db):
    return make_organization("Culture pour tous")


def publish(index_page, organization, number, *, kind="reflexion", day=1, tags=()):
    article = ArticlePage(
        title=f"Publication {number}",
        slug=f"publication-{number}",
        kind=kind,
        date=f"2026-10-{day:02d}",
        introduction=f"Introduction de la publication {number}.",
        organization=organization,
        body=[
            ("heading", {"text": "Une section", "level": "h2"}),
            ("paragraph", RichText("<p>" + "mot " * 450 + "</p>")),
            ("quote", {"text": "Partager, c'est durer.", "attribution": "Une artiste"}),
            (
                "link_card",
                {
                    "url": "https://exemple.test/guide",
                    "title": "Un guide utile",
                    "description": "Pour commencer.",
                    "source": "Exemple",
                },
            ),
            (
                "call_to_action",
                {
                    "text": "Rejoignez-nous.",
                    "button_label": "Créer un compte",
                    "page": None,
                    "url": "https://exemple.test/",
                },
            ),
        ],
    )
    index_page.add_child(instance=article)
    article.tags.add(*tags)
    article.save_revision().publish()
    return article


def test_the_index_and_its_feeds_exist_after_migrations(client, index_page):
    assert index_page.get_parent().specific_class.__name__ == "HomePage"
    assert InitiativeIndexPage.objects.exists()
    assert client.get(index_page.url).status_code == 200


def test_the_index_lists_newest_first_and_filters_by_kind_and_tag(
    client, index_page, partner_organization
):
    publish(index_page, partner_organization, 1, day=1, tags=["acadie"])
    publish(index_page, partner_organization, 2, day=5, kind="mise-a-jour")
    html = client.get(index_page.url).content.decode()
    assert html.index("Publication 2") < html.index("Publication 1")
    only_updates = client.get(index_page.url, {"sorte": "mise-a-jour"}).content.decode()
    assert "Publication 2" in only_updates and "Publication 1" not in only_updates
    tagged = client.get(index_page.url, {"etiquette": "acadie"}).content.decode()
    assert "Publication 1" in tagged and "Publication 2" not in tagged


@pytest.mark.parametrize("count", [3, 60])
def test_the_index_runs_a_bounded_number_of_queries(
    client, index_page, partner_organization, count, django_assert_max_num_queries
):
    for number in range(count):
        publish(index_page, partner_organization, number, day=number % 28 + 1)
    # Site, settings, navigation, tags and one query per list: constant, whatever the count.
    with django_assert_max_num_queries(20):
        response = client.get(index_page.url)
    assert response.status_code == 200


def test_an_article_renders_every_block_with_reading_time_and_metadata(
    client, index_page, partner_organization
):
    article = publish(index_page, partner_organization, 1)
    html = client.get(article.url).content.decode()
    assert "<h2>Une section</h2>" in html
    assert "Partager, c&#x27;est durer." in html or "Partager, c'est durer." in html
    assert 'href="https://exemple.test/guide"' in html
    assert ">Créer un compte</a>" in html
    assert "2 minutes de lecture" in html
    assert '<link rel="canonical"' in html
    assert 'property="og:title"' in html
    assert '"@type": "Article"' in html
    assert 'aria-label="Fil d\'Ariane"' in html


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_feeds_list_publications_newest_first(
    client, index_page, partner_organization, feed_format
):
    publish(index_page, partner_organization, 1, day=1)
    publish(index_page, partner_organization, 2, day=9, kind="mise-a-jour")
    response = client.get(f"{index_page.url}{feed_format}/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    if feed_format == "rss":
        titles = [item.findtext("title") for item in root.iter("item")]
    else:
        titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Publication 2", "Publication 1"]
    one_kind = ElementTree.fromstring(
        client.get(f"{index_page.url}{feed_format}/mise-a-jour/").content
    )
    assert len(list(one_kind.iter("item" if feed_format == "rss" else f"{ATOM}entry"))) == 1
    assert client.get(f"{index_page.url}{feed_format}/inconnue/").status_code == 404


def test_the_home_page_shows_the_latest_publications(client, index_page, partner_organization):
    publish(index_page, partner_organization, 7)
    html = client.get("/").content.decode()
    assert "Publication 7" in html
    assert "Dernières publications" in html
    assert 'href="/actualites/"' in html


def test_sitemap_and_robots(client, index_page, partner_organization):
    article = publish(index_page, partner_organization, 1)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article.url in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()


def test_a_member_suggests_an_initiative_which_waits_as_a_draft_for_editors(client, member):
    editor = MemberFactory(roles=["Rédaction"])
    watch = InitiativeIndexPage.objects.get()
    assert client.get(f"{watch.url}proposer/").status_code == 302  # visitors sign in first
    client.force_login(member)
    response = client.post(
        f"{watch.url}proposer/",
        {
            "title": "Banque d'instruments",
            "organization_name": "Un collectif",
            "link": "",
            "description": "Des instruments prêtés aux écoles de musique.",
            "region": "ON",
        },
    )
    assert response.status_code == 302
    initiative = InitiativePage.objects.get(title="Banque d'instruments")
    assert not initiative.live
    assert initiative.suggested_by == member
    assert Notification.objects.filter(recipient=editor, kind="initiative_suggested").exists()
    assert "Banque d" not in client.get(watch.url).content.decode()


def test_a_refused_suggestion_keeps_what_was_typed(client, member):
    watch = InitiativeIndexPage.objects.get()
    client.force_login(member)
    response = client.post(
        f"{watch.url}proposer/",
        {"title": "", "organization_name": "Un collectif", "description": "Texte gardé."},
    )
    assert response.status_code == 200
    assert "Texte gardé." in response.content.decode()
    assert Page.objects.filter(title="").count() == 0


def test_images_are_responsive_renditions_with_their_alt_text(
    client, index_page, partner_organization
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Scène", file=get_test_image_file(size=(1600, 900)))
    article = ArticlePage(
        title="Avec image",
        slug="avec-image",
        kind="reflexion",
        introduction="Une image.",
        organization=partner_organization,
        body=[("image", {"image": image, "alt_text": "Une scène éclairée", "caption": "La salle"})],
    )
    index_page.add_child(instance=article)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "<picture>" in html
    assert 'type="image/webp"' in html
    assert 'alt="Une scène éclairée"' in html
    assert 'loading="lazy"' in html
    assert "srcset=" in html
    assert "<figcaption>La salle</figcaption>" in html


def test_an_organizations_page_lists_its_publications(client, index_page, partner_organization):
    publish(index_page, partner_organization, 3)
    html = client.get(partner_organization.get_absolute_url()).content.decode()
    assert "Publications" in html
    assert "Publication 3" in html


def test_a_document_block_offers_the_download_with_its_type(
    client, index_page, partner_organization
):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Rapport de la veille")
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 rapport"), save=False)
    document.save()
    article = ArticlePage(
        title="Avec document",
        slug="avec-document",
        kind="mise-a-jour",
        introduction="Un document.",
        organization=partner_organization,
        body=[("document", {"document": document, "label": "Lire le rapport"})],
    )
    index_page.add_child(instance=article)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert ">Lire le rapport</a>" in html
    assert "(PDF" in html  # the size follows when Wagtail has measured the file


def test_the_index_headings_follow_each_other_in_order(client, index_page, partner_organization):
    publish(index_page, partner_organization, 1)
    html = client.get(index_page.url).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", html.split("<main", 1)[1])]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    assert '<h2 class="card__title"' in html


def test_the_home_page_title_names_the_site_once(client):
    html = client.get("/").content.decode()
    assert "<title>Passerelles Culture</title>" in html
