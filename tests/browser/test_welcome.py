import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, link_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "une-phrase-de-passe-longue"


def test_a_new_member_confirms_the_email_lands_on_the_welcome_page_and_completes_the_profile(
    page, site, mailoutbox
):
    page.goto(site("/comptes/signup/"))
    page.get_by_label("Nom affiché").fill("Léa Roy")
    page.get_by_label("Courriel").fill("lea@exemple.test")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse courriel")

    assert len(mailoutbox) == 1
    page.goto(link_in(mailoutbox[0]))
    page.get_by_role("button", name="Confirmer").click()

    expect(page).to_have_url(site("/comptes/bienvenue/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Léa Roy")
    steps = page.locator(".welcome-steps")
    for label in (
        "Compléter mon profil",
        "Rejoindre des espaces",
        "Trouver un service",
        "Déclarer un besoin",
    ):
        expect(steps.get_by_role("link", name=label)).to_be_visible()
    expect(steps.get_by_text("Fait", exact=True)).to_have_count(0)
    assert_accessible(page)

    steps.get_by_role("link", name="Compléter mon profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier mon profil")
    page.get_by_label("Province ou territoire").select_option("NB")
    page.get_by_label("Présentation").fill("Autrice-compositrice de Moncton.")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()

    page.goto(site("/comptes/bienvenue/"))
    done = page.locator(".welcome-step--done")
    expect(done).to_have_count(1)
    expect(done.get_by_role("link", name="Compléter mon profil")).to_be_visible()

    # The home page is now the member's own, with the account menu's personal links.
    page.get_by_role("link", name="Aller à mon accueil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour, Léa Roy")
    expect(page.get_by_text("Votre profil est presque prêt")).to_have_count(0)
    expect(page.get_by_role("link", name="Créer un compte")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    menu = page.get_by_role("navigation", name="Mon compte")
    menu.get_by_role("link", name="Mes besoins").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes besoins")
    expect(page).to_have_url(re.compile(r"/ressources/besoins/mes-besoins/$"))
    assert_accessible(page)
