"""Live updates in the browser (static/js/live.js): a reply announced on an open topic page, the
header's count following the notifications, and the polling fallback where no stream can be
held (the WSGI server answers the stream with 204)."""

import re

import pytest
from playwright.sync_api import expect

from communaute.models import Space, SpaceMembership
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# What the browser does when the member switches tabs, on a page that cannot be hidden here.
SET_VISIBILITY = """state => {
    Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


@pytest.fixture
def conversation():
    """Julie's topic in a space where Marc writes too."""
    from communaute.services.forum import create_topic

    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    julie = MemberFactory(display_name="Julie Arsenault")
    marc = MemberFactory(display_name="Marc Thériault")
    for member in (julie, marc):
        SpaceMembership.objects.create(space=space, member=member)
    topic, _post = create_topic(
        space, author=julie, title="Un camion pour avril", body="Qui part vers Moncton ?"
    )
    return topic, julie, marc


def open_topic(page, site, member, topic):
    page.set_viewport_size(PHONE)
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site(topic.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Un camion pour avril")


def menu_count(page):
    return page.locator("summary [data-live-counter='notifications']")


def test_a_reply_is_announced_on_the_open_topic_and_shown_on_demand(
    page, browser, asgi_site, conversation
):
    topic, julie, marc = conversation
    open_topic(page, asgi_site, julie, topic)
    expect(page.locator("body")).to_have_attribute("data-live-status", "live")
    expect(menu_count(page)).to_be_hidden()

    # Marc answers from his own browser.
    other = browser.new_context()
    marc_page = other.new_page()
    sign_in(marc_page, asgi_site, marc.email, PASSWORD)
    marc_page.goto(asgi_site(topic.get_absolute_url()))
    marc_page.get_by_label("Votre réponse").fill("Moi, le 12 avril.")
    marc_page.get_by_role("button", name="Publier ma réponse").click()
    expect(marc_page.get_by_text("Moi, le 12 avril.")).to_be_visible()
    other.close()

    # Julie's page offers it without reloading; her header counts the notification.
    show = page.get_by_role("button", name="1 nouveau message — l'afficher")
    expect(show).to_be_visible()
    expect(page.locator("#live-region")).to_have_text("1 nouveau message — l'afficher")
    expect(page.get_by_text("Moi, le 12 avril.")).to_have_count(0)
    expect(menu_count(page)).to_be_visible()
    expect(menu_count(page)).to_have_text("(1 notification non lue)")
    assert_accessible(page)
    page.evaluate("window.stillHere = true")
    show.click()
    new_post = page.locator("#message-2")
    expect(new_post).to_be_focused()
    expect(new_post.get_by_text("Moi, le 12 avril.")).to_be_visible()
    expect(page.locator("#live-region")).to_have_text("Nouveau message de Marc Thériault")
    expect(show).to_have_count(0)
    assert page.evaluate("window.stillHere") is True
    assert_accessible(page)

    # Reading the notification elsewhere hides the count here too.
    from communaute.notifications.centre import mark_all_read

    mark_all_read(julie)
    expect(menu_count(page)).to_be_hidden()


def test_two_replies_make_one_button_and_a_mention_counts_at_once(page, asgi_site, conversation):
    from communaute.services.forum import reply

    topic, julie, marc = conversation
    open_topic(page, asgi_site, marc, topic)
    expect(page.locator("body")).to_have_attribute("data-live-status", "live")
    reply(topic, author=julie, body="Le camion part le 12.")
    expect(page.get_by_role("button", name="1 nouveau message — l'afficher")).to_be_visible()
    reply(topic, author=julie, body=f"@{marc.handle} tu confirmes ?")
    show = page.get_by_role("button", name="2 nouveaux messages — les afficher")
    expect(show).to_be_visible()
    expect(menu_count(page)).to_have_text("(1 notification non lue)")
    show.click()
    expect(page.locator("#message-2")).to_be_focused()
    expect(page.locator("#message-3")).to_contain_text("tu confirmes ?")


def test_without_a_stream_the_page_polls_and_still_shows_the_reply(page, site, conversation):
    """The WSGI server answers the stream with 204: the page asks every data-live-poll
    seconds instead (the page's clock is driven here, not waited for)."""
    from communaute.services.forum import reply

    topic, julie, marc = conversation
    page.clock.install()
    open_topic(page, site, julie, topic)
    expect(page.locator("body")).to_have_attribute("data-live-status", "polling")
    reply(topic, author=marc, body="Moi, le 12 avril.")
    # A hidden tab asks nothing; shown again, it catches up at once.
    page.evaluate(SET_VISIBILITY, "hidden")
    page.clock.fast_forward("01:05")
    show = page.get_by_role("button", name="1 nouveau message — l'afficher")
    expect(show).to_have_count(0)
    page.evaluate(SET_VISIBILITY, "visible")
    expect(show).to_be_visible()
    expect(menu_count(page)).to_have_text(re.compile(r"\(1 notification non lue\)"))
    show.click()
    expect(page.locator("#message-2")).to_be_focused()
    assert_accessible(page)


def test_after_a_reconnection_the_page_catches_up_on_what_it_missed(
    page, asgi_site, conversation, settings
):
    """Events published while a stream was down are not replayed: on "ready" again, the page
    asks for its counters and its feeds once."""
    from django.utils import timezone

    from communaute.models import Notification, Post

    topic, julie, marc = conversation
    settings.LIVE_STREAM_SECONDS = 2
    settings.LIVE_RETRY_MILLISECONDS = 300
    open_topic(page, asgi_site, julie, topic)
    expect(page.locator("body")).to_have_attribute("data-live-status", "live")
    # Written without publishing: only the catch-up can find them.
    Notification.objects.create(recipient=julie, kind="topic_reply", url="/communaute/")
    Post.objects.create(
        topic=topic, position=2, author=marc, body="Moi.", body_html="<p>Moi.</p>",
        created_at=timezone.now(),
    )  # fmt: skip
    expect(menu_count(page)).to_have_text("(1 notification non lue)")
    expect(page.get_by_role("button", name="1 nouveau message — l'afficher")).to_be_visible()
