"""A member's day, two gestures of it: vote in a topic's poll and see the results table, set
a post aside and find it on the « Mis de côté » page. French on a phone, English on a laptop."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, reply
from communaute.services.polls import set_poll
from tests.browser.conftest import assert_accessible, open_menu, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def t(language, message):
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_vote_in_a_poll_then_set_a_post_aside(browser, site, language, viewport):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    author = MemberFactory(display_name="Julien Arsenault")
    voter = MemberFactory(display_name="Léa Cormier", email=f"lea.{language}@exemple.test")
    topic, _first = create_topic(space, author=author, title="Tournée", body="Quand partir ?")
    reply(topic, author=author, body="Le camion est libre en mai.")
    set_poll(topic, member=author, question="Quel mois ?", options=["Avril", "Mai", "Juin"])
    prefix = "" if language == "fr" else f"/{language}"
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, voter.email, PASSWORD)

    page.goto(site(f"{prefix}{topic.get_absolute_url()}"))
    poll = page.locator("#sondage")
    expect(poll.get_by_role("heading", level=2)).to_contain_text("Quel mois ?")
    expect(poll).to_contain_text(t(language, "Les résultats seront visibles après votre vote."))
    assert_accessible(page)
    poll.get_by_label("Mai").check()
    poll.get_by_role("button", name=t(language, "Voter")).click()
    expect(page).to_have_url(re.compile(r"#sondage$"))
    expect(page.locator(".messages")).to_contain_text(t(language, "Votre vote est enregistré."))
    table = page.get_by_role("table", name=t(language, "Résultats du sondage"))
    row = table.get_by_role("row", name=re.compile("Mai"))
    expect(row).to_contain_text("100 %")
    expect(row).to_contain_text(t(language, "votre choix"))
    expect(table.get_by_role("row", name=re.compile("Avril"))).to_contain_text("0 %")
    assert_accessible(page)

    # Set the reply aside: its button says so, pressed.
    button = page.locator("#message-2").get_by_role("button", name=t(language, "Mettre de côté"))
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page).to_have_url(re.compile(r"#message-2$"))
    button = page.locator("#message-2").get_by_role("button", name=t(language, "Mettre de côté"))
    expect(button).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    open_menu(page)
    page.get_by_role("link", name=t(language, "Mis de côté"), exact=True).first.click()
    expect(page).to_have_url(site(f"{prefix}/communaute/mis-de-cote/"))
    with translation.override(language):
        title = translation.gettext("« %(topic)s », message n° %(position)s") % {
            "topic": "Tournée",
            "position": 2,
        }
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(r"#message-2$"))
    page.go_back()
    assert_accessible(page)
    context.close()
