"""Small screens: no page scrolls sideways at 320 px (a wide table scrolls inside its own box),
and the header leaves the first screen of a phone to the page."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    # live_server empties the database after each test: the migrations' data is put back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "passerelles-demo-2026"

# The elements that stick out of the window, to say which one when a page scrolls sideways.
WIDEST = """(width) => [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .filter((element) => !element.closest('.table-scroll, .visually-hidden'))
    .slice(0, 5).map((element) => element.tagName + '.' + element.className)"""


def demo_paths():
    from communaute.models import Space, Topic
    from passerelles.pages.models import ArticlePage
    from ressources.models import FundingCall, Gathering, Need, Organization, Service

    space = Space.objects.order_by("pk").first()
    topic = Topic.objects.filter(space=space).order_by("pk").first()
    return {
        "visitor": [
            "/",
            "/ressources/",
            Service.objects.order_by("pk").first().get_absolute_url(),
            Organization.objects.order_by("pk").first().get_absolute_url(),
            "/ressources/organisations/",
            "/ressources/portrait/",
            "/ressources/besoins/",
            Need.objects.order_by("pk").first().get_absolute_url(),
            "/ressources/financements/",
            FundingCall.objects.published().order_by("pk").first().get_absolute_url(),
            "/ressources/rencontres/",
            "/ressources/rencontres/?vue=grille",
            Gathering.objects.order_by("pk").first().get_absolute_url(),
            "/communaute/",
            "/recherche/?q=equipement",
            "/contact/",
            "/comptes/confidentialite/",
            "/comptes/login/",
            "/comptes/signup/",
            ArticlePage.objects.live().first().url,
        ],
        "animation@passerelles.test": [
            f"/communaute/espaces/{space.slug}/",
            topic.get_absolute_url(),
            f"/communaute/espaces/{space.slug}/animation/",
            f"/communaute/espaces/{space.slug}/membres/",
            f"/communaute/espaces/{space.slug}/documents/",
            "/communaute/membres/",
            "/communaute/notifications/",
            "/comptes/confidentialite/",
            "/ressources/rencontres/mon-agenda/",
            "/ressources/financements/suivis/",
            "/communaute/invitations/inviter/",
            "/communaute/invitations/envoyees/",
        ],
        "partenaire@passerelles.test": [
            "/ressources/gestion/",
            "/ressources/gestion/demandes/",
            "/ressources/gestion/besoins/",
            "/ressources/demandes/",
        ],
    }


def test_no_page_scrolls_sideways_at_320_px_wide_tables_scroll_in_their_own_box(
    page, site, settings
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size({"width": 320, "height": 640})

    # A wide table: a labelled region the keyboard reaches and scrolls, with a hint.
    page.goto(site("/ressources/portrait/"))
    box = page.get_by_role(
        "region", name="Besoins non comblés et services par province et territoire"
    )
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("(element) => element.scrollWidth > element.clientWidth")
    assert page.locator(".table-scroll__hint").first.is_visible()
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(element) => element.scrollLeft > 0", arg=box.element_handle())
    assert_accessible(page)

    too_wide = {}
    for who, paths in demo_paths().items():
        if who != "visitor":
            page.context.clear_cookies()
            sign_in(page, site, who, DEMO_PASSWORD)
        for path in paths:
            response = page.goto(site(path))
            assert response.status == 200, path
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 320:
                too_wide[path] = (width, page.evaluate(WIDEST, 320))
    assert too_wide == {}


def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/", "/ressources/", "/communaute/"]:
        page.goto(site(path))
        header = page.locator(".site-header").bounding_box()
        assert header["y"] + header["height"] <= 844 / 4, path
        # The menu is collapsed behind its button, which opens it.
        assert not page.locator(".site-nav").is_visible()
        page.locator(".site-menu__toggle").click()
        assert page.locator(".site-nav").is_visible()
