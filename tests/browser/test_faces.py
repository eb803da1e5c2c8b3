"""Faces in the forum (issue #15, items 2 and 6): a member opens a space's topic list and a topic,
in French on a phone and in English on a laptop, and sees every face drawn (monograms from the
site's own view, the neutral mark of a deleted account), the replies counted and the tags as
filters. axe finds nothing on any page."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, reply
from communaute.services.members import delete_account
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every face of the page drawn: loaded (lazy ones once scrolled to) with a real width.
FACES_DRAWN = """(faces) => faces.length > 0 && faces.every(
    (face) => face.complete && face.naturalWidth > 0)"""


def see_every_face(page, selector):
    faces = page.locator(selector)
    for index in range(faces.count()):
        faces.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({FACES_DRAWN})([...document.querySelectorAll({selector!r})])")
    return faces.count()


@pytest.fixture
def forum():
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon", email="sophie@exemple.test")
    nadia = MemberFactory(display_name="Émilie Thériault")
    truck, _post = create_topic(
        space,
        author=sophie,
        title="Un camion à partager",
        body="Qui descend vers Caraquet en mars ?",
        tags=["transport", "tournée"],
    )
    reply(truck, author=nadia, body="Moi, le 2 mars.")
    leaving = MemberFactory(display_name="Yves Départ")
    reply(truck, author=leaving, body="Et moi le 3.")
    delete_account(leaving, actor=leaving)
    create_topic(space, author=nadia, title="Une salle libre à Moncton", body="Le 12 avril.")
    return space, truck, sophie


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_a_member_sees_faces_replies_and_tags_in_a_space_and_a_topic(
    browser, site, forum, language, viewport
):
    space, truck, sophie = forum
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    prefix = "" if language == "fr" else f"/{language}"

    def t(message):
        with translation.override(language):
            return translation.gettext(message)

    def plural(singular, plural_form, count):
        with translation.override(language):
            return translation.ngettext(singular, plural_form, count) % {"counter": count}

    sign_in(page, site, sophie.email, PASSWORD)
    page.goto(site(f"{prefix}/communaute/espaces/{space.slug}/"))
    truck_item = page.locator(".topic-list__item", has_text="Un camion à partager")
    hall_item = page.locator(".topic-list__item", has_text="Une salle libre à Moncton")
    expect(truck_item).to_contain_text(plural("%(counter)s réponse", "%(counter)s réponses", 2))
    expect(hall_item).to_contain_text(t("Aucune réponse"))
    # Starter and last poster: here the last one deleted their account, a neutral mark.
    assert truck_item.locator("img.avatar").count() == 2
    deleted = truck_item.locator("img.avatar").nth(1)
    assert "avatar-deleted" in deleted.get_attribute("src")
    assert see_every_face(page, ".topic-list img.avatar") == 3
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)

    # A tag filters the space's list.
    truck_item.get_by_role("link", name="transport").click()
    expect(page).to_have_url(re.compile(r"\?etiquette=transport$"))
    expect(page.locator(".topic-list__item")).to_have_count(1)
    expect(page.locator(".topic-list")).not_to_contain_text("Une salle libre")
    assert_accessible(page)

    # The topic: a face beside each post, the deleted account's neutral one too.
    page.get_by_role("link", name="Un camion à partager").click()
    expect(page).to_have_url(re.compile(re.escape(truck.get_absolute_url()) + "$"))
    assert see_every_face(page, ".post__author img.avatar") == 3
    faces = page.locator(".post__author img.avatar")
    assert "/monogrammes/" in faces.nth(0).get_attribute("src")
    assert faces.nth(0).get_attribute("alt") == ""  # the name is written beside it
    assert "avatar-deleted" in faces.nth(2).get_attribute("src")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)

    # Mention suggestions show each member's face beside their name.
    page.locator("textarea[name='body']").press_sequentially("Merci @emi")
    option = page.get_by_role("option", name=re.compile("Émilie Thériault"))
    expect(option).to_be_visible()
    assert see_every_face(page, "#mention-suggestions img.avatar") == 1
    assert option.locator("img").get_attribute("alt") == ""
    assert_accessible(page)
    context.close()
