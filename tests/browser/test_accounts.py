import pytest
from playwright.sync_api import expect

from communaute.models import Member
from tests.browser.conftest import assert_accessible, link_in

pytestmark = [
    pytest.mark.browser,
    # live_server empties the database after each test: the migrations' data (home page,
    # roles, disciplines) is put back before each one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "une-phrase-de-passe-longue"


def test_a_visitor_signs_up_confirms_signs_in_edits_the_profile_and_signs_out(
    page, site, mailoutbox
):
    page.goto(site("/"))
    page.get_by_role("link", name="Créer un compte").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    assert_accessible(page)

    page.get_by_label("Nom affiché").fill("Léa Roy")
    page.get_by_label("Courriel").fill("lea@exemple.test")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse courriel")

    assert len(mailoutbox) == 1
    page.goto(link_in(mailoutbox[0]))
    page.get_by_role("button", name="Confirmer").click()
    # Confirming signs the new member in and welcomes them (allauth's default was a 404).
    expect(page).to_have_url(site("/comptes/bienvenue/"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    page.get_by_role("link", name="Se connecter").first.click()
    assert_accessible(page)
    page.get_by_label("Courriel").fill("lea@exemple.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Paramètres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier mon profil")
    assert_accessible(page)
    page.get_by_label("Province ou territoire").select_option("NB")
    page.get_by_label("Musique").check()
    page.get_by_label("Présentation").fill("Autrice-compositrice de Moncton.")
    page.get_by_role("button", name="Enregistrer mon profil").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Léa Roy")
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()
    expect(page.get_by_text("Autrice-compositrice de Moncton.")).to_be_visible()
    assert_accessible(page)
    member = Member.objects.get(email="lea@exemple.test")
    assert member.province == "NB"

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Créer un compte").first).to_be_visible()
