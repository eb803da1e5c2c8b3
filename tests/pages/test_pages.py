import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase

from communaute.models import Member
from passerelles.demo.loader import load
from passerelles.pages.models import FooterLinks, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def home():
    return Site.objects.get(is_default_site=True).root_page.specific


def test_the_site_root_is_the_portals_home_page(client):
    assert isinstance(home(), HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert "Passerelles Culture" in response.content.decode()


def test_the_home_introduction_is_editable(client):
    page = home()
    page.introduction = "<p>Un texte écrit par la rédaction.</p>"
    page.save_revision().publish()
    assert "<p>Un texte écrit par la rédaction.</p>" in client.get("/").content.decode()


class TestPageTree(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_top_of_the_tree(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_fixed_pages_live_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)


def test_a_standard_page_renders_its_blocks_with_breadcrumbs(client):
    page = StandardPage(
        title="Charte",
        slug="charte-test",
        introduction="Nos règles communes.",
        body=[
            ("heading", {"text": "Le respect d'abord", "level": "h2"}),
            ("paragraph", RichText("<p>Nous débattons des idées.</p>")),
        ],
    )
    home().add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/charte-test/").content.decode()
    assert "<h2>Le respect d&#x27;abord</h2>" in html
    assert "Nous débattons des idées." in html
    assert 'aria-label="Fil d\'Ariane"' in html
    assert '<li><a href="/">Accueil</a></li>' in html


def test_seed_demo_is_idempotent_and_fills_the_footer(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Member.objects.count(), Page.objects.count())
    call_command("seed_demo")
    assert (Member.objects.count(), Page.objects.count()) == counts
    # One member per role, and the fictional people who declare the demo needs.
    assert counts[0] == len(load("members")["members"]) + len(load("needs")["members"])
    links = FooterLinks.for_site(Site.objects.get(is_default_site=True))
    assert links.privacy_page.slug == "confidentialite"
    html = client.get("/").content.decode()
    for title in ("Politique de confidentialité", "Charte de la communauté", "Déclaration"):
        assert title in html
    assert client.get("/confidentialite/").status_code == 200


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Member.objects.exists()


def test_seed_demo_if_empty_leaves_a_database_with_members_alone(settings, member):
    settings.DEBUG = True
    call_command("seed_demo", "--if-empty")
    assert Member.objects.count() == 1


def test_english_home_keeps_french_content_marked_as_french(client):
    html = client.get("/en/").content.decode()
    assert 'lang="en-CA"' in html
    assert '<h1 id="home-title" lang="fr">' in html


def test_wagtails_user_bar_shows_on_editorial_pages_only(client, staff):
    client.force_login(staff)
    assert "wagtail-userbar" in client.get("/").content.decode()
    # Elsewhere its accessibility checker would mark members' posts as the editor's to fix.
    assert "wagtail-userbar" not in client.get("/ressources/").content.decode()


def test_the_wagtail_admin_is_titled_with_the_sites_name():
    assert Site.objects.get(is_default_site=True).site_name == "Passerelles Culture"
