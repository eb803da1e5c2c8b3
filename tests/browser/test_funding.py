"""A member finds a funding call through the list's filters, follows it and says whom she looks
for; a second member reads it on the call's page, on a phone, and answers in private; she reads
the answer in her messages."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from communaute.models import Conversation
from ressources.models import PartnerSearch
from ressources.selectors.funding import local_today
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import make_funding_call, make_organization

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
PLAN = "Une tournée de notre pièce dans les écoles du Nord-Est, à l'automne."
ANSWER = "Notre compagnie de Bathurst serait partante : nous avons le réseau des écoles."


def test_a_member_looks_for_partners_on_a_call_and_another_answers_in_private(browser, site):
    funder = make_organization("Conseil des arts du Nouveau-Brunswick", kind="public")
    deadline = local_today() + timedelta(days=40)
    call = make_funding_call(
        funder,
        program="Tournées dans les écoles",
        deadlines=[deadline],
        disciplines=["theatre"],
        provinces=["NB"],
    )
    make_funding_call(
        funder, program="Danse en création", deadlines=[deadline], disciplines=["dance"]
    )
    make_funding_call(funder, program="Musique en Ontario", deadlines=[deadline], provinces=["ON"])
    # Outside the directory: her search is what lets a stranger write to her.
    sophie = MemberFactory(display_name="Sophie Gagnon", province="NB", in_directory=False)
    olivier = MemberFactory(display_name="Olivier Cormier", in_directory=False)
    call_url = site(f"/ressources/financements/{call.pk}/")

    # Sophie narrows the list to theatre in New Brunswick.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, sophie.email, PASSWORD)
    page.goto(site("/ressources/financements/"))
    expect(page.get_by_role("heading", level=2, name="3 appels")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Discipline").select_option(label="Théâtre")
    page.get_by_label("Province ou territoire").select_option(label="Nouveau-Brunswick")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(
        re.compile(re.escape(site("/ressources/financements/?")) + r".*discipline=theatre")
    )
    assert "province=NB" in page.url
    expect(page.get_by_role("heading", level=2, name="1 appel", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Danse en création")).to_have_count(0)
    expect(page.get_by_role("link", name="Musique en Ontario")).to_have_count(0)
    assert_accessible(page)

    # She opens the call and follows it: back on the call, which says when she will hear of it.
    page.get_by_role("link", name="Tournées dans les écoles").click()
    expect(page).to_have_url(call_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tournées dans les écoles")
    expect(
        page.get_by_text("Personne ne cherche encore de partenaires pour cet appel.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Suivre cet appel").click()
    expect(page).to_have_url(call_url)
    expect(page.get_by_role("status").first).to_contain_text("Vous suivez cet appel")
    expect(page.get_by_role("button", name="Ne plus suivre")).to_be_visible()
    assert_accessible(page)

    # « Je cherche des partenaires »: what she plans, whom she looks for.
    page.get_by_label("Ce que vous préparez pour cet appel").fill(PLAN)
    page.get_by_label("Compétences recherchées").fill("diffusion scolaire")
    page.get_by_role("group", name="Disciplines recherchées").get_by_label("Théâtre").check()
    page.get_by_role("group", name="Provinces ou territoires recherchés").get_by_label(
        "Nouveau-Brunswick"
    ).check()
    page.get_by_role("button", name="Publier ma recherche").click()
    expect(page).to_have_url(call_url + "#partenaires")
    expect(page.get_by_role("status").first).to_contain_text(
        "Votre recherche de partenaires est publiée sur l'appel."
    )
    search = PartnerSearch.objects.get(call=call, author=sophie)
    card = page.locator(f"#recherche-{search.pk}")
    expect(card).to_contain_text(PLAN)
    expect(card).to_contain_text("diffusion scolaire")
    # Her own search offers her no answer.
    expect(card.get_by_role("link", name="Répondre en privé")).to_have_count(0)
    assert_accessible(page)

    # Olivier, on a phone, finds her search on the call's page and answers in private.
    other = browser.new_context(viewport=PHONE).new_page()
    other.set_default_timeout(10_000)
    sign_in(other, site, olivier.email, PASSWORD)
    other.goto(call_url)
    card = other.locator(f"#recherche-{search.pk}")
    expect(card.get_by_role("heading", level=3)).to_have_text("Sophie Gagnon")
    expect(card).to_contain_text(PLAN)
    assert other.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(other)
    card.get_by_role("link", name="Répondre en privé").click()
    expect(other).to_have_url(site(f"/ressources/financements/partenaires/{search.pk}/repondre/"))
    expect(other.locator("blockquote")).to_contain_text(PLAN)
    assert_accessible(other)
    other.get_by_label("Votre message privé").fill(ANSWER)
    other.get_by_role("button", name="Envoyer").click()
    conversation = Conversation.objects.get()
    expect(other).to_have_url(site(conversation.get_absolute_url()))
    subject = "Partenaires pour « Tournées dans les écoles »"
    expect(other.get_by_role("heading", level=1)).to_have_text(subject)
    expect(other.get_by_text(ANSWER)).to_be_visible()
    assert other.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(other)

    # Sophie reads the answer in her messages.
    page.goto(site("/communaute/messages/"))
    page.get_by_role("link", name=subject).click()
    expect(page).to_have_url(site(conversation.get_absolute_url()))
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Olivier Cormier").first).to_be_visible()
    assert_accessible(page)
