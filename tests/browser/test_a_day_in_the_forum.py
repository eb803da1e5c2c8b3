"""A member's day in the forum, whole: read what is new, open the reply it points to, vote in
the topic's poll, answer with a picture pasted into the text box, see it in the published
reply, set the other member's reply aside and find it again. French on a phone, English on a
laptop; axe finds nothing on any page on the way."""

import base64
import io
import re

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from communaute.models import Space
from communaute.services.forum import create_topic, join_space, reply
from communaute.services.polls import set_poll
from tests.browser.conftest import assert_accessible, open_menu, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def t(language, message, **values):
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def screenshot_png():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


PASTE = """([box, data]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "camion.png", { type: "image/png" }));
    box.dispatchEvent(new ClipboardEvent("paste", {
        clipboardData: transfer, bubbles: true, cancelable: true,
    }));
}"""


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_a_members_day_whats_new_a_vote_a_reply_with_a_picture_and_a_bookmark(
    browser, site, language, viewport
):
    prefix = "" if language == "fr" else "/en"
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon", language=language)
    lise = MemberFactory(display_name="Lise Arsenault")
    join_space(space, member=sophie)
    join_space(space, member=lise)
    topic, _first = create_topic(space, author=sophie, title="Camion partagé", body="Qui part ?")
    set_poll(topic, member=sophie, question="Quel mois ?", options=["Avril", "Mai", "Juin"])
    reply(topic, author=lise, body="Moi, en **mai**, si le camion est libre.")

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, sophie.email, PASSWORD)

    # What is new: Lise's reply, under its topic, with her face.
    page.goto(site(f"{prefix}/"))
    open_menu(page)
    page.get_by_role("link", name=t(language, "Quoi de neuf"), exact=True).first.click()
    expect(page).to_have_url(site(f"{prefix}/communaute/quoi-de-neuf/"))
    expect(page.get_by_role("heading", level=2, name="Diffusion et tournées")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Camion partagé").first.click()
    expect(page).to_have_url(re.compile(r"#message-2$"))
    lise_post = page.locator("#message-2")
    expect(lise_post.locator("strong")).to_have_text("mai")
    face = lise_post.locator("img.avatar")
    expect(face).to_be_visible()
    # Faces load lazily: this one starts loading only once the jump brings it into view.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=face.element_handle()
    )

    # A vote: the results show at once, the member's choice marked.
    poll = page.locator("#sondage")
    poll.get_by_label("Mai").check()
    poll.get_by_role("button", name=t(language, "Voter")).click()
    table = page.get_by_role("table", name=t(language, "Résultats du sondage"))
    expect(table.get_by_role("row", name=re.compile("Mai"))).to_contain_text("100 %")
    assert_accessible(page)

    # A reply with a picture pasted into the text box, described, published, shown inline.
    box = page.get_by_label(t(language, "Votre réponse"))
    box.fill("Parfait, voici le camion ci-dessous.")
    page.evaluate(PASTE, [box.element_handle(), screenshot_png()])
    label = t(language, "Texte de remplacement pour « {name} »").replace("{name}", "camion.png")
    alt = page.get_by_label(label)
    alt.fill("Le camion blanc de la tournée")
    assert_accessible(page)
    page.get_by_role("button", name=t(language, "Publier ma réponse")).click()
    mine = page.locator("#message-3")
    picture = mine.get_by_role("img", name="Le camion blanc de la tournée")
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("width", "800")
    expect(picture).to_have_attribute("height", "533")
    # Loaded in full, whenever the browser gets to it (under load it may still be arriving).
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 800", arg=picture.element_handle()
    )
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert_accessible(page)

    # Lise's reply set aside, and found again on the « Mis de côté » page.
    lise_post = page.locator("#message-2")
    lise_post.get_by_role("button", name=t(language, "Mettre de côté")).click()
    expect(page).to_have_url(re.compile(r"#message-2$"))
    expect(
        page.locator("#message-2").get_by_role("button", name=t(language, "Mettre de côté"))
    ).to_have_attribute("aria-pressed", "true")
    open_menu(page)
    page.get_by_role("link", name=t(language, "Mis de côté"), exact=True).first.click()
    expect(page).to_have_url(site(f"{prefix}/communaute/mis-de-cote/"))
    assert_accessible(page)
    title = t(
        language, "« %(topic)s », message n° %(position)s", topic="Camion partagé", position=2
    )
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(r"#message-2$"))
    context.close()
