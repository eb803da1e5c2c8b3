"""The privacy centre on a phone: a member withdraws their directory listing and gives it back."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_withdraws_the_directory_from_the_account_menu_and_gives_it_back(page, site):
    from communaute.services.members import update_profile
    from tests.communaute.factories import PASSWORD, MemberFactory

    member = MemberFactory(display_name="Lise Arsenault", email="lise@exemple.test")
    update_profile(member, actor=member, changes={"in_directory": True})
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, member.email, PASSWORD)

    # The account menu, behind the menu button on a phone.
    page.locator(".site-menu__toggle").click()
    page.locator(".account-menu").get_by_role("link", name="Confidentialité", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Centre de confidentialité")
    expect(
        page.get_by_role(
            "heading", name="Personne responsable de la protection des renseignements personnels"
        )
    ).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)

    page.get_by_role("button", name="Retirer mon consentement : Répertoire des membres").click()
    expect(page.get_by_text("est retiré, partout sur le portail")).to_be_visible()
    expect(page.locator(".consent-history li")).to_have_count(2)
    assert_accessible(page)

    page.goto(site("/communaute/membres/"))
    expect(page.locator(".card-list").get_by_text("Lise Arsenault")).to_have_count(0)

    page.goto(site("/comptes/confidentialite/"))
    page.get_by_role("button", name="Donner mon consentement : Répertoire des membres").click()
    expect(
        page.get_by_text("Votre consentement « Répertoire des membres » est donné.")
    ).to_be_visible()
    page.goto(site("/communaute/membres/"))
    expect(page.locator(".card-list").get_by_role("link", name="Lise Arsenault")).to_be_visible()
