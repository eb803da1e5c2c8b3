"""Where #15's pieces meet on a phone: a poll's results with real answers fit the screen."""

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic
from communaute.services.polls import set_poll, vote
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_poll_results_fit_a_phone_without_sideways_scrolling(browser, site):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    author = MemberFactory(display_name="Julien Arsenault")
    voter = MemberFactory(display_name="Léa Cormier")
    topic, _first = create_topic(space, author=author, title="Camion", body="On partage ?")
    # The demo's answers: on a 390-pixel screen, the bars once pushed the table out by 40 px.
    poll = set_poll(
        topic,
        member=author,
        question="Partageriez-vous un camion pour vos tournées ?",
        options=["Oui, à chaque tournée", "De temps en temps", "Pas pour l'instant"],
    )
    vote(poll, member=voter, option_ids=[poll.options.first().pk])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, voter.email, PASSWORD)
    page.goto(site(topic.get_absolute_url()))
    expect(page.get_by_role("table", name="Résultats du sondage")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)
    context.close()
