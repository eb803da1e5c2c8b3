"""A reply with pictures and a document: two images and a PDF chosen at once, the words for one
image typed beside the file input, the images inline after publishing with those words, the PDF
as a card, and a click on an image opens it whole. French on a phone, English on a desktop."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from communaute.models import Attachment, Space
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.core.sample_files import minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = {
    "fr": {
        "prefix": "",
        "files": "Pièces jointes (facultatif)",
        "body": "Votre réponse",
        "alt": "Texte de remplacement pour « scene.png »",
        "publish": "Publier ma réponse",
        "cards": "Pièces jointes",
    },
    "en": {
        "prefix": "/en",
        "files": "Attachments (optional)",
        "body": "Your reply",
        "alt": "Alternative text for “scene.png”",
        "publish": "Publish my reply",
        "cards": "Attachments",
    },
}


def png(name, size, colour):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
)
def test_a_reply_with_two_images_and_a_pdf_shows_the_images_inline(page, site, language, viewport):
    from communaute.services.forum import create_topic

    words = WORDS[language]
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    topic, _post = create_topic(
        space,
        author=MemberFactory(display_name="Marc-André Leblanc"),
        title="La salle de Rimouski",
        body="Quelqu'un a des photos de la scène ?",
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    page.set_viewport_size(viewport)
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site(words["prefix"] + topic.get_absolute_url()))

    page.get_by_label(words["body"]).fill("Voici la scène et la salle ci-dessous, et le devis.")
    page.get_by_label(words["files"]).set_input_files(
        [
            png("scene.png", (1600, 1000), (180, 60, 30)),
            {"name": "devis.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()},
            png("salle.png", (900, 1200), (30, 80, 160)),
        ]
    )
    # One field per image, none for the PDF.
    expect(page.locator(".alt-text input")).to_have_count(2)
    page.get_by_label(words["alt"]).fill("La scène vue du balcon")
    assert_accessible(page)
    page.get_by_role("button", name=words["publish"]).click()

    reply = page.locator("#message-2")
    scene = reply.get_by_role("img", name="La scène vue du balcon")
    expect(scene).to_be_visible()
    # Left empty: the file's name stands in.
    expect(reply.get_by_role("img", name="salle", exact=True)).to_be_visible()
    expect(scene).to_have_attribute("loading", "lazy")
    expect(scene).to_have_attribute("width", "800")
    expect(scene).to_have_attribute("height", "500")
    card = reply.get_by_role("list", name=words["cards"]).get_by_role("link")
    expect(card).to_contain_text("PDF")
    expect(card).to_contain_text("devis.pdf")
    # The picture follows the text that announces it.
    order = reply.evaluate(
        "(post) => [post.querySelector('.rich-text'), post.querySelector('.attachment-image')]"
        ".map((element) => element.getBoundingClientRect().top)"
    )
    assert order[0] < order[1]
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert_accessible(page)

    image = Attachment.objects.get(original_name="scene.png")
    with page.expect_response(re.compile(rf"/communaute/fichiers/{image.pk}/$")) as opened:
        scene.click()
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "image/webp"
    assert page.evaluate("document.contentType") == "image/webp"
    size = page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1600, 1000]
