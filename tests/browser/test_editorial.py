import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from communaute.permissions import roles
from passerelles.pages.models import ArticleKind, ArticlePage
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import make_organization, make_representative

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "La tournée acadienne en douze villes"


def test_a_partner_writes_a_publication_that_an_editor_approves_and_it_goes_live(
    page, browser, site
):
    organization = make_organization("AAAPNB")
    partner = make_representative(organization, display_name="Julien Arsenault")
    editor = MemberFactory(display_name="Rose Comeau", roles=[roles.EDITORIAL])

    sign_in(page, site, partner.email, PASSWORD)
    page.goto(site("/cms/"))
    page.get_by_role("link", name="1 Page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Actualités et réflexions")
    page.get_by_role("link", name="Ajouter une sous-page").click()

    page.get_by_role("textbox", name="Titre").fill(TITLE)
    page.get_by_label("Type de publication").select_option(label="Mise à jour du projet")
    expect(page.get_by_label("Organisation partenaire")).to_have_value(str(organization.pk))
    page.get_by_role("textbox", name="Introduction").fill(
        "Ce que douze villes ont appris aux compagnies."
    )
    page.get_by_role("button", name="Insérer un bloc").click()
    page.get_by_role("option", name="Paragraphe").click()
    paragraph = page.locator(".Draftail-Editor [contenteditable=true]")
    paragraph.click()
    page.keyboard.type("De Caraquet à Moncton, le public était au rendez-vous.")
    # Draftail copies what is typed into the form's hidden field a moment later (debounced):
    # a person never submits that fast, a test must wait for it.
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("rendez-vous"))
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Soumettre à Relecture par la rédaction").click()
    expect(page.get_by_text("soumise pour modération")).to_be_visible()

    article = ArticlePage.objects.get()
    assert (article.kind, article.organization) == (ArticleKind.UPDATE, organization)
    assert not article.live
    assert article.workflow_in_progress

    editor_page = browser.new_context().new_page()
    editor_page.set_default_timeout(10_000)
    sign_in(editor_page, site, editor.email, PASSWORD)
    editor_page.goto(site("/cms/"))
    awaiting = editor_page.get_by_role("region", name="En attente de votre vérification")
    expect(awaiting.get_by_role("link", name=TITLE)).to_be_visible()
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approuver", exact=True).click()
    # The dashboard reloads once the approval is recorded; the review list is then empty.
    expect(editor_page.get_by_role("link", name=TITLE)).to_have_count(0)
    editor_page.context.close()

    article.refresh_from_db()
    assert article.live
    assert [message.to for message in mail.outbox][-1] == [partner.email]

    response = page.goto(site(article.url))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("le public était au rendez-vous")).to_be_visible()
    assert_accessible(page)
    feed = page.request.get(site("/actualites/rss/"))
    assert feed.ok
    assert TITLE in feed.text()

    page.goto(site("/"))
    home_articles = page.get_by_role("region", name="Dernières publications")
    expect(home_articles.get_by_role("link", name=TITLE)).to_be_visible()
