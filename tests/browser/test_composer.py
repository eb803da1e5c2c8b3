"""The composer in the browser: a reply written with the toolbar, previewed as it will be
published, kept as a draft while the member is away, then published; the draft goes with it."""

import re

import pytest
from playwright.sync_api import expect

from communaute.models import Draft, Space
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = {
    "fr": {
        "prefix": "",
        "field": "Votre réponse",
        "bold": "Gras",
        "preview": "Aperçu",
        "write": "Écrire",
        "saved": "Brouillon enregistré.",
        "saved_on": "Brouillon enregistré le",
        "publish": "Publier ma réponse",
        "drafts": "Mes brouillons",
        "none": "Aucun brouillon pour le moment",
    },
    "en": {
        "prefix": "/en",
        "field": "Your reply",
        "bold": "Bold",
        "preview": "Preview",
        "write": "Write",
        "saved": "Draft saved.",
        "saved_on": "Draft saved on",
        "publish": "Publish my reply",
        "drafts": "My drafts",
        "none": "No drafts for now",
    },
}


@pytest.mark.parametrize(("language", "width"), [("fr", 390), ("en", 1280)])
def test_a_reply_written_with_the_toolbar_previewed_kept_as_a_draft_then_published(
    page, site, language, width
):
    from communaute.services.forum import create_topic

    words = WORDS[language]
    page.set_viewport_size({"width": width, "height": 900})
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    topic, _post = create_topic(
        space,
        author=MemberFactory(display_name="Marc-André Leblanc"),
        title="Partager un camion de tournée",
        body="Qui part en avril ?",
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    sign_in(page, site, member.email, PASSWORD)
    topic_url = site(words["prefix"] + topic.get_absolute_url())
    page.goto(topic_url)

    field = page.get_by_label(words["field"])
    field.fill("Nous partons le 12, important pour nous.")
    # "important" selected, then made bold with the toolbar: the focus stays in the text box.
    field.evaluate(
        "(box) => { const at = box.value.indexOf('important'); box.setSelectionRange(at, at + 9); }"
    )
    page.get_by_role("button", name=words["bold"], exact=True).click()
    expect(field).to_have_value("Nous partons le 12, **important** pour nous.")
    expect(field).to_be_focused()
    expect(page.get_by_role("status").filter(has_text=words["saved"])).to_have_text(words["saved"])

    page.get_by_role("tab", name=words["preview"]).click()
    preview = page.get_by_role("tabpanel")
    expect(preview.locator("strong")).to_have_text("important")
    expect(field).to_be_hidden()
    expect(page.get_by_role("button", name=words["bold"], exact=True)).to_be_hidden()
    assert_accessible(page)
    page.get_by_role("tab", name=words["write"]).click()
    expect(field).to_be_visible()

    # Away and back: the server puts the draft back in the text box.
    page.goto(site(words["prefix"] + "/communaute/"))
    page.goto(topic_url)
    expect(page.get_by_label(words["field"])).to_have_value(
        "Nous partons le 12, **important** pour nous."
    )
    expect(page.get_by_text(words["saved_on"])).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=words["publish"]).click()
    expect(page.locator(".rich-text strong", has_text="important")).to_be_visible()
    expect(page.get_by_label(words["field"])).to_have_value("")
    assert Draft.objects.count() == 0

    page.goto(site(words["prefix"] + "/communaute/brouillons/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words["drafts"])
    expect(page.get_by_text(words["none"])).to_be_visible()
    assert_accessible(page)
    assert not re.search("important", page.locator("main").inner_text())


def test_a_pasted_file_joins_the_form_and_a_draft_is_thrown_away_with_a_confirmation(page, site):
    from communaute.services.forum import create_topic

    page.set_viewport_size({"width": 390, "height": 844})
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    topic, _post = create_topic(
        space, author=MemberFactory(), title="Partager un camion", body="Qui part ?"
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site(topic.get_absolute_url()))
    expect(page.get_by_text("glisser-déposer ou coller des fichiers")).to_be_visible()

    # A screenshot pasted into the text box goes to the form's file input, which is told.
    field = page.get_by_label("Votre réponse")
    chosen = field.evaluate(
        """(box) => {
            const input = box.form.querySelector("input[type='file']");
            let changed = 0;
            input.addEventListener("change", () => { changed += 1; });
            const data = new DataTransfer();
            data.items.add(new File(["png"], "capture.png", { type: "image/png" }));
            const paste = { clipboardData: data, bubbles: true, cancelable: true };
            box.dispatchEvent(new ClipboardEvent("paste", paste));
            return [input.files.length, input.files[0] && input.files[0].name, changed, box.value];
        }"""
    )
    assert chosen == [1, "capture.png", 1, ""]

    field.fill("Un début que je regrette")
    expect(page.get_by_role("status").filter(has_text="Brouillon enregistré")).to_be_visible()
    assert Draft.objects.filter(member=member).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Jeter le brouillon").click()
    expect(field).to_have_value("")
    expect(page.get_by_role("link", name="Jeter le brouillon")).to_be_hidden()
    assert not Draft.objects.filter(member=member).exists()
    assert_accessible(page)
