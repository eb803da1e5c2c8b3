"""A newcomer's first hour, whole, as one person lives it: in French on a phone, in English on a
laptop. Every page the journey opens is checked by axe; every redirect is asserted where it lands.
"""

import re
import zipfile

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from communaute.models import Space
from tests.browser.conftest import assert_accessible, link_in, open_menu, sign_in
from tests.communaute.factories import PASSWORD
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERVICE = "Prêt d'équipements de son et d'éclairage"
TOPIC = "Un camion à partager entre Moncton et Caraquet"
ANSWER = "Avec plaisir : passez prendre les projecteurs le 2 mars."


class Journey:
    """The language the newcomer reads the site in, and what they see at their screen's width."""

    def __init__(self, page, site, language):
        self.page = page
        self.site = site
        self.language = language
        self.prefix = "" if language == "fr" else f"/{language}"

    def t(self, message, context=None):
        # The site's own words, in the journey's language: the test reads what the person reads.
        with translation.override(self.language):
            if context:
                return translation.pgettext(context, message)
            return translation.gettext(message)

    def url(self, path):
        return self.site(f"{self.prefix}{path}")

    def expect_at(self, path):
        expect(self.page).to_have_url(re.compile(re.escape(self.url(path)) + r"(\?.*)?$"))

    def menu_link(self, name):
        open_menu(self.page)
        self.page.get_by_role("link", name=name, exact=True).first.click()

    def heading(self):
        return self.page.get_by_role("heading", level=1)


@pytest.fixture
def community():
    space = Space.objects.create(
        name="Diffusion et tournées",
        slug="diffusion",
        description="Partager les dates, les salles et les camions.",
    )
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    make_service(
        organization,
        representative,
        title=SERVICE,
        summary="Des équipements de scène partagés entre compagnies.",
        category="equipment",
        regions=["NB"],
    )
    return space, representative


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_a_newcomers_first_hour(browser, site, mailoutbox, community, language, viewport):
    space, representative = community
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    journey = Journey(page, site, language)
    t = journey.t
    email = f"lea.{language}@exemple.test"

    # Sign up from the home page.
    page.goto(journey.url("/"))
    assert_accessible(page)
    journey.menu_link(t("Créer un compte"))
    journey.expect_at("/comptes/signup/")
    assert_accessible(page)
    page.get_by_label(t("Nom affiché")).fill("Léa Roy")
    page.get_by_label(t("Courriel")).fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    # Consents are asked with unticked boxes (Law 25): this newcomer wants the emails.
    page.get_by_label(
        t("Recevoir mes notifications et leurs résumés dans ma boîte de réception")
    ).check()
    page.locator("form.form button[type=submit]").click()
    journey.expect_at("/comptes/confirm-email/")
    assert_accessible(page)

    # Confirm from the email, and land on the welcome page.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [email]
    page.goto(link_in(mailoutbox[0]))
    assert_accessible(page)
    page.locator("form.form button[type=submit]").click()
    journey.expect_at("/comptes/bienvenue/")
    expect(journey.heading()).to_contain_text("Léa Roy")
    assert_accessible(page)

    # Complete the profile from the welcome page's first step.
    page.get_by_role("link", name=t("Compléter mon profil")).click()
    journey.expect_at("/comptes/profil/")
    assert_accessible(page)
    page.get_by_label(t("Province ou territoire")).select_option("NB")
    page.get_by_label(t("Musique")).check()
    page.get_by_label(capfirst(t("présentation"))).fill("Autrice-compositrice de Moncton.")
    page.get_by_role("button", name=t("Enregistrer mon profil")).click()
    expect(page.get_by_text(t("Votre profil est enregistré."))).to_be_visible()
    assert_accessible(page)

    # Join a space and post a first topic with a bare address in it.
    journey.menu_link(t("Communauté"))
    journey.expect_at("/communaute/")
    assert_accessible(page)
    page.get_by_role("link", name=space.name).click()
    journey.expect_at(f"/communaute/espaces/{space.slug}/")
    page.get_by_role("button", name=t("Rejoindre l'espace")).click()
    expect(page.get_by_text(t("Vous faites maintenant partie de cet espace."))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=t("Lancer un sujet")).click()
    expect(page.get_by_label(t("Titre du sujet"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label(t("Titre du sujet")).fill(TOPIC)
    page.get_by_label(t("Votre message")).fill(
        "Je pars le 3 mars ; les détails sont ici : https://exemple.ca/tournee-acadie"
    )
    page.get_by_role("button", name=t("Publier le sujet")).click()
    expect(journey.heading()).to_have_text(TOPIC)
    link = page.get_by_role("link", name="https://exemple.ca/tournee-acadie")
    expect(link).to_have_attribute("href", "https://exemple.ca/tournee-acadie")
    assert_accessible(page)

    # Ask for access to a pooled service.
    journey.menu_link(t("Ressources"))
    journey.expect_at("/ressources/")
    assert_accessible(page)
    page.get_by_role("link", name=SERVICE).click()
    expect(journey.heading()).to_have_text(SERVICE)
    assert_accessible(page)
    page.get_by_role("link", name=t("Demander l'accès à ce service")).click()
    expect(page.get_by_label(t("Moi-même"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label(t("Moi-même")).check()
    page.get_by_label(t("Votre message")).fill("Deux projecteurs pour une création en mars.")
    page.get_by_role("button", name=t("Envoyer ma demande")).click()
    expect(
        page.get_by_text(
            t("Votre demande est envoyée. L'organisation vous répondra ici et par courriel.")
        )
    ).to_be_visible()
    assert_accessible(page)
    request_url = page.url

    # Declare a need nobody serves yet.
    page.goto(journey.url("/ressources/besoins/nouveau/"))
    assert_accessible(page)
    page.get_by_label(t("Votre besoin en une phrase")).fill("Une salle de répétition à Caraquet")
    page.get_by_label(t("Description")).fill("Deux semaines en avril, pour un trio.")
    page.get_by_label(t("Catégorie")).select_option("spaces")
    page.get_by_role("button", name=t("Déclarer ce besoin")).click()
    expect(
        page.get_by_text(
            t("Votre besoin est déclaré. Les personnes qui le partagent pourront s'y joindre.")
        )
    ).to_be_visible()
    assert_accessible(page)

    # The representative answers, with a message.
    sent = len(mailoutbox)
    other = browser.new_context().new_page()
    sign_in(other, site, representative.email, PASSWORD)
    other.goto(site("/ressources/gestion/demandes/"))
    other.get_by_role("link", name=SERVICE).click()
    other.get_by_label("Acceptée").check()
    other.get_by_label("Message à la personne").fill(ANSWER)
    other.get_by_role("button", name="Envoyer").click()
    expect(other.locator(".status-line")).to_contain_text("Acceptée")
    other.context.close()

    # The answer reaches the newcomer by email, in the language they signed up in, message
    # included, and its link opens their request in that language.
    answers = [message for message in mailoutbox[sent:] if message.to == [email]]
    assert len(answers) == 1, [message.subject for message in mailoutbox[sent:]]
    assert SERVICE in answers[0].subject
    assert "&#x27;" not in answers[0].subject
    assert ANSWER in answers[0].body
    assert t("L'organisation vous a laissé ce message :") in answers[0].body
    page.goto(link_in(answers[0]))
    expect(page).to_have_url(request_url)
    expect(page.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(page)

    # Export one's data and find the first topic in it.
    # The export hands out personal data: the site asks for the password once more, then
    # comes back to it.
    page.goto(journey.url("/comptes/mes-donnees/"))
    journey.expect_at("/comptes/reauthenticate/")
    assert_accessible(page)
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    journey.expect_at("/comptes/mes-donnees/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").click()
    archive = zipfile.ZipFile(download.value.path())
    contents = "\n".join(archive.read(name).decode() for name in archive.namelist())
    assert TOPIC in contents
    assert "https://exemple.ca/tournee-acadie" in contents
    context.close()
