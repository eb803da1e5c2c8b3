import re

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, join_space
from communaute.services.members import update_profile
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_mentions_another_who_sees_it_and_opens_the_post(page, browser, site):
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon")
    lise = MemberFactory(display_name="Lise Arsenault", in_directory=True)
    # Suggestions name people one could already know (here, from the directory), not every
    # account: a member who did not join the directory is not offered.
    join_space(space, member=lise)
    join_space(space, member=MemberFactory(display_name="Line Discrète"))
    topic, _post = create_topic(space, author=sophie, title="Camion partagé", body="Qui part ?")

    sign_in(page, site, sophie.email, PASSWORD)
    page.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))
    answer = page.get_by_label("Votre réponse")
    answer.fill("Je pense à ")
    # The autocomplete suggests Lise after "@Li"; choosing her writes the handle.
    answer.press_sequentially("@Li")
    suggestion = page.get_by_role("option", name="Lise Arsenault")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("option", name="Line Discrète")).to_have_count(0)
    answer.press("ArrowDown")
    answer.press("Enter")
    expect(answer).to_have_value(f"Je pense à @{lise.handle} ")
    answer.press_sequentially("pour le retour.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.get_by_text("pour le retour.")).to_be_visible()
    page.context.close()

    other = browser.new_context().new_page()
    sign_in(other, site, lise.email, PASSWORD)
    unread = other.get_by_role("link", name=re.compile(r"^Notifications \(1 non lue"))
    expect(unread).to_be_visible()
    unread.click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_accessible(other)
    other.get_by_role("link", name="Sophie Gagnon vous mentionne dans « Camion partagé ».").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Camion partagé")
    expect(other.locator("#message-2")).to_contain_text("pour le retour.")
    # Mentioned, Lise now follows the topic.
    expect(other.get_by_text("Vous suivez ce sujet")).to_be_visible()
    assert_accessible(other)
    expect(other.get_by_role("link", name="Notifications", exact=True)).to_be_visible()


def test_preferences_and_directory_pages_are_accessible(page, site):
    member = MemberFactory(display_name="Sophie Gagnon")
    listed = MemberFactory(display_name="Lise Arsenault")
    update_profile(
        listed, actor=listed, changes={"in_directory": True, "province": "NB"}, skills=["Tournées"]
    )
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site("/comptes/notifications/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications par courriel")
    assert_accessible(page)
    page.get_by_label("Un résumé par semaine").check()
    page.get_by_role("button", name="Enregistrer mon choix").click()
    expect(page.get_by_text("Vos préférences de courriel sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Un résumé par semaine")).to_be_checked()

    page.goto(site("/communaute/membres/"))
    assert_accessible(page)
    page.get_by_label("Province ou territoire").select_option("NB")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Lise Arsenault", exact=True)).to_be_visible()
    expect(page.get_by_text("Peut aider sur : Tournées")).to_be_visible()
    assert_accessible(page)
