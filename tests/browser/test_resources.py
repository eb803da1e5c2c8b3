import pytest
from playwright.sync_api import expect

from ressources.models import AccessRequest
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogue():
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    make_service(
        organization,
        representative,
        title="Prêt d'équipements de son et d'éclairage",
        summary="Des équipements de scène partagés entre compagnies.",
        category="equipment",
        regions=["NB"],
    )
    make_service(
        organization, representative, title="Clinique juridique", category="legal", regions=["QC"]
    )
    return organization, representative


def test_a_member_asks_for_a_service_and_the_representative_accepts(page, browser, site, catalogue):
    organization, representative = catalogue
    member = MemberFactory(display_name="Sophie Gagnon")

    sign_in(page, site, member.email, PASSWORD)
    page.get_by_role("link", name="Ressources").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Services mutualisés")
    assert_accessible(page)
    page.get_by_label("Nouveau-Brunswick").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="1 service")).to_be_visible()
    page.get_by_role("link", name="Prêt d'équipements de son et d'éclairage").click()
    assert_accessible(page)

    page.get_by_role("link", name="Demander l'accès à ce service").click()
    page.get_by_label("Moi-même").check()
    page.get_by_label("Votre message").fill(
        "J'ai besoin de deux projecteurs pour une création en mars."
    )
    page.get_by_label("Échéance souhaitée").fill("début mars")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_text("Votre demande est envoyée.")).to_be_visible()
    expect(page.locator(".status-line")).to_contain_text("Nouvelle")
    assert_accessible(page)
    request_url = page.url

    representative_page = browser.new_context().new_page()
    sign_in(representative_page, site, representative.email, PASSWORD)
    representative_page.goto(site("/ressources/gestion/demandes/"))
    assert_accessible(representative_page)
    representative_page.get_by_role("link", name="Prêt d'équipements de son et d'éclairage").click()
    expect(representative_page.get_by_text("J'ai besoin de deux projecteurs")).to_be_visible()
    representative_page.get_by_label("Acceptée").check()
    representative_page.get_by_label("Message à la personne").fill(
        "Avec plaisir : passez les prendre le 2 mars."
    )
    representative_page.get_by_role("button", name="Envoyer").click()
    expect(representative_page.locator(".status-line")).to_contain_text("Acceptée")
    representative_page.goto(site(organization.get_absolute_url()))
    assert_accessible(representative_page)
    representative_page.context.close()

    page.goto(request_url)
    expect(page.locator(".status-line")).to_contain_text("Acceptée")
    expect(page.get_by_text("Avec plaisir : passez les prendre le 2 mars.")).to_be_visible()
    page.get_by_role("link", name="Notifications").click()
    notice = "Votre demande pour « Prêt d'équipements de son et d'éclairage » est maintenant"
    expect(page.get_by_text(f"{notice} : Acceptée.")).to_be_visible()
    assert AccessRequest.objects.get().status == AccessRequest.Status.ACCEPTED
