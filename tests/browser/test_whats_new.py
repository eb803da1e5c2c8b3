"""« Quoi de neuf » in the browser: another member replies in a space the member belongs to;
the member finds the reply under its topic, on the home page and on the page, and follows the
link to it. French on a phone, English on a laptop; axe finds nothing on each page."""

import re

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, join_space, reply
from ressources.services.organizations import follow_organization
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXTS = {
    "fr": {
        "news": "Quoi de neuf",
        "replies": "2 nouvelles réponses dans",
        "see_all": "Tout voir dans Quoi de neuf",
        "nothing": "Rien de neuf depuis votre dernière visite.",
        "service": "Nouveau service :",
    },
    "en": {
        "news": "What's new",
        "replies": "2 new replies in",
        "see_all": "See all in What's new",
        "nothing": "Nothing new since your last visit.",
        "service": "New service:",
    },
}


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_a_member_sees_a_new_reply_grouped_under_its_topic_and_opens_it(
    browser, site, language, viewport
):
    t = TEXTS[language]
    prefix = "" if language == "fr" else "/en"
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon", language=language)
    lise = MemberFactory(display_name="Lise Arsenault")
    join_space(space, member=sophie)
    join_space(space, member=lise)
    topic, _post = create_topic(space, author=sophie, title="Camion partagé", body="Qui part ?")
    reply(topic, author=lise, body="Moi, vendredi.")
    reply(topic, author=lise, body="Et je reviens lundi.")
    organization = make_organization("AAAPNB")
    representative = make_representative(organization)
    follow_organization(sophie, organization)
    make_service(organization, representative, title="Prêt de camion")

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, sophie.email, PASSWORD)

    # The home page's section shows the first items, grouped.
    page.goto(site(f"{prefix}/"))
    section = page.locator("section[aria-labelledby=home-news]")
    expect(section.get_by_role("heading", name="Diffusion et tournées")).to_be_visible()
    expect(section.get_by_role("listitem").filter(has_text=t["replies"])).to_contain_text(
        "Camion partagé"
    )
    assert_accessible(page)
    section.get_by_role("link", name=t["see_all"]).click()

    # The page: headings per space and organization, the reply grouped under its topic.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["news"])
    expect(page.get_by_role("heading", level=2, name="Diffusion et tournées")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="AAAPNB")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=t["service"])).to_contain_text(
        "Prêt de camion"
    )
    assert_accessible(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
    item = page.get_by_role("listitem").filter(has_text=t["replies"])
    item.get_by_role("link", name="Camion partagé").click()

    # The link leads to the first new reply.
    expect(page).to_have_url(re.compile(r"#message-2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Camion partagé")
    expect(page.locator("#message-2")).to_contain_text("Moi, vendredi.")

    # Seen: the next visit has nothing new, and says where to look.
    page.goto(site(f"{prefix}/communaute/quoi-de-neuf/"))
    expect(page.get_by_text(t["nothing"])).to_be_visible()
    assert_accessible(page)
    context.close()
