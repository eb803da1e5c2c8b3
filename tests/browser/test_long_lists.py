"""A space's topic list read page by page (by cursor) and a search past its bound (#16)."""

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from communaute.selectors import forum as forum_selectors
from communaute.selectors import search as search_selectors
from communaute.services.forum import create_topic
from tests.browser.conftest import assert_accessible
from tests.communaute.factories import MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def forum(monkeypatch):
    monkeypatch.setattr(forum_selectors, "TOPICS_PER_PAGE", 2)
    monkeypatch.setattr(search_selectors, "CANDIDATES", 2)
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    author = MemberFactory()
    for number in range(5):
        create_topic(space, author=author, title=f"Sujet {number}", body="Des marionnettes")
    return space


def test_the_topic_list_goes_back_and_forth_on_a_phone_in_french(page, site, forum):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site("/communaute/espaces/diffusion/"))
    expect(page.get_by_text("Page 1 sur 3")).to_be_visible()
    page.get_by_role("link", name="Page suivante").click()
    expect(page.get_by_text("Page 2 sur 3")).to_be_visible()
    expect(page.get_by_role("link", name="Sujet 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Page suivante").click()
    expect(page.get_by_role("link", name="Sujet 0")).to_be_visible()
    page.get_by_role("link", name="Page précédente").click()
    expect(page.get_by_text("Page 2 sur 3")).to_be_visible()
    page.get_by_role("link", name="Page précédente").click()
    expect(page.get_by_role("link", name="Sujet 4")).to_be_visible()


def test_a_search_past_its_bound_says_more_than_in_english_on_a_desktop(page, site, forum):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site("/en/recherche/?q=marionnette"))
    expect(page.locator("#results-heading")).to_contain_text("More than 2 results")
    assert_accessible(page)
