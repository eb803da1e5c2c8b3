import pytest
from playwright.sync_api import expect

from communaute.models import Space
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.core.sample_files import minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_joins_a_space_is_shown_a_similar_topic_then_starts_their_own(page, site):
    from communaute.services.forum import create_topic

    space = Space.objects.create(
        name="Diffusion et tournées", slug="diffusion", description="Partager les dates."
    )
    create_topic(
        space,
        author=MemberFactory(display_name="Marc-André Leblanc"),
        title="Partager un camion de tournée",
        body="Nous cherchons à partager un camion pour la tournée du printemps.",
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    sign_in(page, site, member.email, PASSWORD)
    page.get_by_role("link", name="Communauté").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communauté")
    assert_accessible(page)
    page.get_by_role("link", name="Diffusion et tournées").click()
    page.get_by_role("button", name="Rejoindre l'espace").click()
    expect(page.get_by_text("Vous faites maintenant partie de cet espace.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lancer un sujet").click()
    assert_accessible(page)
    page.get_by_label("Titre du sujet").fill("Partager un camion entre Moncton et Rimouski")
    page.get_by_label("Votre message").fill("Qui part en **avril** ?")
    page.get_by_role("button", name="Publier le sujet").click()
    # The community does not repeat itself: the look-alike is offered first, what was typed kept.
    suggestions = page.get_by_role("status").filter(has_text="Ces sujets ressemblent au vôtre")
    expect(suggestions.get_by_role("link", name="Partager un camion de tournée")).to_be_visible()
    expect(page.get_by_label("Titre du sujet")).to_have_value(
        "Partager un camion entre Moncton et Rimouski"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Publier quand même").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Partager un camion entre Moncton et Rimouski"
    )
    expect(page.locator("strong", has_text="avril")).to_be_visible()
    page.get_by_label("Votre réponse").fill("Je complète : retour en mai.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.get_by_text("Je complète : retour en mai.")).to_be_visible()
    assert_accessible(page)
    # Reacting does not reload the page (a reload would forget this marker).
    page.evaluate("window.stillHere = true")
    thanks = page.locator("#message-2").get_by_role("button", name="Merci")
    thanks.click()
    expect(thanks).to_have_attribute("aria-pressed", "true")
    expect(thanks.locator(".count")).to_have_text("1")
    assert page.evaluate("window.stillHere") is True

    page.goto(site("/communaute/?filtre=mes-espaces"))
    expect(page.get_by_role("link", name="Diffusion et tournées")).to_be_visible()


def test_a_member_shares_a_link_to_two_spaces_in_one_go(page, site):
    Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    Space.objects.create(name="Outils numériques", slug="outils")
    member = MemberFactory(display_name="Sophie Gagnon")
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site("/communaute/"))
    page.get_by_role("link", name="Partager un lien").click()
    expect(page).to_have_url(site("/communaute/partager/"))
    share = page.locator("main form")
    share.get_by_label("Adresse du lien").fill("https://exemple.ca/appel-mutualisation")
    share.get_by_label("Une ligne pour dire pourquoi").fill("Un appel pour mutualiser nos outils")
    share.get_by_label("Diffusion et tournées").check()
    share.get_by_label("Outils numériques").check()
    share.get_by_role("button", name="Partager").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Un appel pour mutualiser nos outils")
    expect(page.get_by_role("link", name="https://exemple.ca/appel-mutualisation")).to_be_visible()
    assert_accessible(page)
    page.goto(site("/communaute/espaces/outils/"))
    expect(page.get_by_role("link", name="Un appel pour mutualiser nos outils")).to_be_visible()


def test_a_reply_with_a_document_reaches_the_library_and_marks_the_topic_unread(
    page, browser, site, tmp_path
):
    from communaute.services.forum import create_topic

    space = Space.objects.create(name="Outils numériques", slug="outils")
    first = MemberFactory(display_name="Sophie Gagnon")
    second = MemberFactory(display_name="Marc-André Leblanc")
    topic, _post = create_topic(space, author=first, title="Modèles de contrats", body="Qui en a ?")

    sign_in(page, site, first.email, PASSWORD)
    page.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))

    other = browser.new_context().new_page()
    sign_in(other, site, second.email, PASSWORD)
    other.goto(site(f"/communaute/sujets/{topic.pk}-{topic.slug}/"))
    contract = tmp_path / "modele-contrat.pdf"
    contract.write_bytes(minimal_pdf("modele de contrat"))
    other.get_by_label("Votre réponse").fill("Voici le modèle que nous utilisons.")
    other.get_by_label("Pièces jointes (facultatif)").set_input_files(str(contract))
    other.get_by_role("button", name="Publier ma réponse").click()
    expect(other.get_by_role("link", name="modele-contrat.pdf")).to_be_visible()
    other.context.close()

    page.goto(site("/communaute/espaces/outils/"))
    expect(page.get_by_text("nouveaux messages")).to_be_visible()
    page.get_by_role("link", name="Documents et liens").click()
    expect(page.get_by_role("link", name="modele-contrat.pdf")).to_be_visible()
    assert_accessible(page)
    href = page.get_by_role("link", name="modele-contrat.pdf").get_attribute("href")
    response = page.request.get(site(href))
    assert response.ok and response.body().startswith(b"%PDF")


def test_a_signed_out_member_opens_a_private_topic_from_an_email_signs_in_and_lands_on_it(
    page, site
):
    from communaute.models import SpaceMembership
    from communaute.services.forum import create_topic

    space = Space.objects.create(
        name="Cercle des diffuseurs", slug="cercle", visibility=Space.Visibility.PRIVATE
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    SpaceMembership.objects.create(space=space, member=member)
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    topic, _post = create_topic(
        space, author=animator, title="Calendrier des tournées", body="Entre nous."
    )
    page.goto(site(topic.get_absolute_url()))
    page.wait_for_url(site(f"/comptes/login/?next={topic.get_absolute_url()}"))
    assert_accessible(page)
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(site(topic.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier des tournées")
    expect(page.get_by_text("Entre nous.")).to_be_visible()
