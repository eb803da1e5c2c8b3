"""Private messages in the browser: two members, two browser contexts, the push channel of the
ASGI server (static/js/live.js) bringing the counter and the reply without a reload."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SMALL_SCREEN = {"width": 390, "height": 844}


def fits_a_phone(page):
    return page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_SCREEN["width"]


def test_start_answer_mute_and_leave_on_a_phone(browser, site):
    julie = MemberFactory(display_name="Julie Tremblay", in_directory=True)
    marc = MemberFactory(display_name="Marc-André Leblanc", in_directory=True)
    page = browser.new_context(viewport=SMALL_SCREEN).new_page()
    sign_in(page, site, julie.email, PASSWORD)
    page.goto(site(marc.get_absolute_url()))
    page.get_by_role("link", name="Écrire en privé à Marc-André Leblanc").click()
    assert_accessible(page)
    assert fits_a_phone(page)
    # Sent empty: the errors are on the page, summarized at the top.
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Champ requis.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Sujet (facultatif)").fill("Prêt de projecteurs")
    page.get_by_label("Votre message").fill("Bonjour Marc, tu as **deux projecteurs** ?")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prêt de projecteurs")
    assert_accessible(page)
    assert fits_a_phone(page)
    page.get_by_label("Votre message").fill("Ou un seul, ça ira.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("[data-live-item]")).to_have_count(2)
    page.get_by_role("button", name="Mettre en sourdine").click()
    expect(page.get_by_role("button", name="Retirer la sourdine")).to_be_visible()
    page.get_by_role("link", name="Quitter la conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quitter cette conversation ?")
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    page.goto(site("/communaute/messages/"))
    expect(page.get_by_role("link", name="Prêt de projecteurs")).to_be_visible()
    assert_accessible(page)
    assert fits_a_phone(page)


def test_two_members_write_to_each_other_and_see_it_live(browser, asgi_site):
    julie = MemberFactory(display_name="Julie Tremblay", in_directory=True)
    marc = MemberFactory(display_name="Marc-André Leblanc", in_directory=True)

    # Marc, on a phone, waits on his (empty) inbox.
    marc_page = browser.new_context(viewport=SMALL_SCREEN).new_page()
    sign_in(marc_page, asgi_site, marc.email, PASSWORD)
    marc_page.goto(asgi_site("/communaute/messages/"))
    expect(marc_page.get_by_role("heading", level=1)).to_have_text("Messages privés")
    expect(marc_page.get_by_text("Aucune conversation pour l'instant.")).to_be_visible()
    counter = marc_page.locator('[data-live-counter="messages"]')
    expect(counter).to_be_hidden()
    assert_accessible(marc_page)

    # Julie starts a conversation from Marc's profile.
    julie_page = browser.new_context().new_page()
    sign_in(julie_page, asgi_site, julie.email, PASSWORD)
    julie_page.goto(asgi_site(marc.get_absolute_url()))
    julie_page.get_by_role("link", name="Écrire en privé à Marc-André Leblanc").click()
    expect(julie_page.get_by_role("heading", level=1)).to_have_text("Nouvelle conversation privée")
    expect(julie_page.get_by_label("À qui écrivez-vous ?")).to_have_value(f"@{marc.handle}")
    assert_accessible(julie_page)
    julie_page.get_by_label("Sujet (facultatif)").fill("Prêt de projecteurs")
    julie_page.get_by_label("Votre message").fill("Bonjour Marc, tu as **deux projecteurs** ?")
    julie_page.get_by_role("button", name="Envoyer").click()
    expect(julie_page.get_by_role("heading", level=1)).to_have_text("Prêt de projecteurs")
    expect(julie_page.locator("strong", has_text="deux projecteurs")).to_be_visible()
    assert_accessible(julie_page)

    # Marc's header counter changes without a reload.
    expect(counter.locator("[data-live-count]")).to_have_text("1")
    expect(counter).to_contain_text("1 conversation non lue")
    expect(counter).not_to_have_attribute("hidden", "")

    # He opens the conversation; Julie's answer then appears in it live, and is announced.
    marc_page.goto(asgi_site("/communaute/messages/"))
    marc_page.get_by_role("link", name="Prêt de projecteurs").click()
    expect(marc_page.locator("[data-live-item]")).to_have_count(1)
    assert_accessible(marc_page)
    assert marc_page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_SCREEN["width"]
    marc_page.get_by_label("Votre message").fill("Oui, je les apporte lundi.")
    marc_page.get_by_role("button", name="Envoyer").click()
    expect(marc_page.locator("[data-live-item]")).to_have_count(2)

    # Julie, whose page stayed open, sees Marc's reply arrive.
    expect(julie_page.get_by_text("Oui, je les apporte lundi.")).to_be_visible()
    expect(julie_page.locator("#live-region")).to_contain_text(
        re.compile("Nouveau message de Marc-André Leblanc")
    )
    julie_page.get_by_label("Votre message").fill("Merci, à lundi !")
    julie_page.get_by_role("button", name="Envoyer").click()
    expect(marc_page.get_by_text("Merci, à lundi !")).to_be_visible()
    expect(marc_page.locator("[data-live-item]")).to_have_count(3)
