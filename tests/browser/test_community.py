import pytest
from playwright.sync_api import expect

from communaute.models import Space
from tests.communaute.factories import PASSWORD, MemberFactory

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_starts_a_topic_and_reads_it(page, site):
    Space.objects.create(
        name="Diffusion et tournées", slug="diffusion", description="Partager les dates."
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    sign_in(page, site, member.email, PASSWORD)
    page.get_by_role("link", name="Communauté").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communauté")
    assert_accessible(page)
    page.get_by_role("link", name="Diffusion et tournées").click()
    assert_accessible(page)
    page.get_by_role("link", name="Lancer un sujet").click()
    assert_accessible(page)
    page.get_by_label("Titre du sujet").fill("Partager un camion entre Moncton et Rimouski")
    page.get_by_label("Votre message").fill("Qui part en **avril** ?")
    page.get_by_role("button", name="Publier le sujet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Partager un camion entre Moncton et Rimouski"
    )
    expect(page.locator("strong", has_text="avril")).to_be_visible()
    page.get_by_label("Votre réponse").fill("Je complète : retour en mai.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.get_by_text("Je complète : retour en mai.")).to_be_visible()
    assert_accessible(page)
