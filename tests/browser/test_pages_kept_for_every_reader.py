"""The forum with the production cache on (issue 16: the page cache, the parts kept for every
reader, each member's pieces, the reply form drawn once), on a phone: a visitor reads a topic,
signs in from it and answers; the other member answers twice from the same kept form; each
sees their own unread marks and counts, and what the other wrote, at once; the visitor sees
the replies too."""

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, join_space
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
UNREAD = "strong.unread"


def test_two_members_and_a_visitor_on_pages_kept_for_every_reader(browser, site, settings):
    settings.PAGE_CACHE = True
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon")
    lise = MemberFactory(display_name="Lise Arsenault")
    for member in (sophie, lise):
        join_space(space, member=member)
    topic, _post = create_topic(
        space, author=lise, title="Un camion pour la tournée d'automne", body="Qui en a un ?"
    )
    topic_url = site(topic.get_absolute_url())
    space_url = site(f"/communaute/espaces/{space.slug}/")

    visitor = browser.new_context(viewport=PHONE).new_page()
    visitor.goto(site("/communaute/"))
    visitor.get_by_role("link", name="Diffusion et tournées").first.click()
    expect(visitor).to_have_url(space_url)
    visitor.get_by_role("link", name="Un camion pour la tournée d'automne").click()
    expect(visitor).to_have_url(topic_url)
    expect(visitor.locator("main article")).to_have_count(1)

    # Sophie opens the topic as a visitor first (the cache holds the visitor's page), then
    # signs in from it and comes back to it.
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(topic_url)
    page.get_by_role("link", name="Se connecter pour répondre").click()
    page.locator("#id_login").fill(sophie.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(topic_url)
    # Back on the topic, read: nothing new for her on the community home nor on the list.
    page.goto(site("/communaute/"))
    expect(page.locator("main")).not_to_contain_text("avec du nouveau")
    page.get_by_role("link", name="Diffusion et tournées").first.click()
    expect(page.locator(UNREAD)).to_have_count(0)
    page.get_by_role("link", name="Un camion pour la tournée d'automne").click()
    page.fill("#id_body", "J'en ai un, libre en octobre.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.locator("main article").filter(has_text="libre en octobre")).to_have_count(1)
    assert_accessible(page)

    # Lise, on the topic page drawn from the same kept form, answers twice in a row: each
    # page carries a token of its own, so neither reply is taken for the other sent twice.
    other = browser.new_context(viewport=PHONE).new_page()
    sign_in(other, site, lise.email, PASSWORD)
    other.goto(site("/communaute/"))
    expect(other.locator("main")).to_contain_text("1 sujet avec du nouveau")
    other.goto(space_url)
    expect(other.locator("main")).to_contain_text("nouveaux messages")
    other.get_by_role("link", name="Un camion pour la tournée d'automne").click()
    expect(other.locator("main article").filter(has_text="libre en octobre")).to_have_count(1)
    for text in ("Parfait, je t'écris.", "Et merci !"):
        other.fill("#id_body", text)
        other.get_by_role("button", name="Publier ma réponse").click()
        expect(other.locator("main article").filter(has_text=text)).to_have_count(1)
    expect(other.locator("main article")).to_have_count(4)
    other.goto(site("/communaute/"))
    expect(other.locator("main")).not_to_contain_text("avec du nouveau")

    # Sophie sees Lise's replies as new, at once, on every page that counts them.
    page.goto(site("/communaute/"))
    expect(page.locator("main")).to_contain_text("1 sujet avec du nouveau")
    page.goto(space_url)
    expect(page.locator("main")).to_contain_text("nouveaux messages")
    page.get_by_role("link", name="Un camion pour la tournée d'automne").click()
    expect(page.locator("main article")).to_have_count(4)
    page.goto(space_url)
    expect(page.locator("main")).not_to_contain_text("nouveaux messages")

    # And the visitor, on the page the cache served before.
    visitor.reload()
    expect(visitor.locator("main article")).to_have_count(4)
    expect(visitor.locator("#id_body")).to_have_count(0)
