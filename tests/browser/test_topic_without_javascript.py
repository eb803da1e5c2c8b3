"""The topic page's shared forms work without JavaScript: a button in a post submits the page's
one form for that action, to that post's address."""

import pytest
from playwright.sync_api import expect

from communaute.models import Space
from tests.browser.conftest import sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


def test_a_reaction_without_javascript_counts_on_its_own_post(page, site):
    from communaute.services.forum import create_topic, reply

    space = Space.objects.create(name="Diffusion", slug="diffusion")
    author = MemberFactory(display_name="Marc-André Leblanc")
    topic, _first = create_topic(space, author=author, title="Un camion", body="Qui part ?")
    reply(topic, author=author, body="Moi, en avril.")
    sign_in(page, site, MemberFactory().email, PASSWORD)
    page.goto(site(topic.get_absolute_url()))
    page.locator("#message-2").get_by_role("button", name="Utile").click()
    page.wait_for_url(f"**{topic.get_absolute_url()}#message-2")
    expect(page.locator("#message-2").get_by_role("button", name="Utile")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#message-2 .reaction--mine .count")).to_have_text("1")
    expect(page.locator("#message-1 .reaction--mine")).to_have_count(0)
