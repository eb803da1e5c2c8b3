"""An access request as a conversation, in the browser: the organization asks for a proof of
insurance, the member answers from the email's link with a PDF, and the representative, whose
page is open, sees the answer appear (live updates, served by the ASGI server)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from ressources.models import AccessRequest
from ressources.services.access import create_access_request
from tests.browser.conftest import assert_accessible, link_in, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.core.sample_files import minimal_pdf
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Pouvez-vous nous envoyer une preuve d'assurance responsabilité ?"
ANSWER = "La voici, elle couvre toute la tournée."
# The live client (H3's static/js/live.js) appends new entries to the open page.


@pytest.fixture
def access_request():
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    service = make_service(
        organization, representative, title="Prêt d'équipements de son et d'éclairage"
    )
    member = MemberFactory(display_name="Sophie Gagnon")
    access_request = create_access_request(
        service,
        member=member,
        data={"on_behalf": "self", "message": "Une console pour trois spectacles en mars."},
    )
    return access_request, representative, member


def ask_for_insurance(page, asgi_site, representative, access_request):
    sign_in(page, asgi_site, representative.email, PASSWORD)
    page.goto(asgi_site(access_request.get_management_url()))
    page.get_by_label("En discussion").check()
    page.get_by_label("Message à la personne").fill(QUESTION)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".status-line")).to_contain_text("En discussion")
    expect(page.locator(".timeline")).to_contain_text(QUESTION)
    assert_accessible(page)


def answer_with_a_pdf(page, asgi_site, member):
    sign_in(page, asgi_site, member.email, PASSWORD)
    [email] = [message for message in mail.outbox if message.to == [member.email]]
    assert f"> {QUESTION}" in email.body
    page.goto(link_in(email))
    expect(page.locator(".timeline")).to_contain_text(QUESTION)
    assert_accessible(page)
    page.get_by_label("Votre message").fill(ANSWER)
    page.get_by_label("Pièces jointes (facultatif)").set_input_files(
        {"name": "preuve-assurance.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
    )
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Votre message est ajouté à la demande.")).to_be_visible()
    expect(page.get_by_role("link", name="preuve-assurance.pdf")).to_be_visible()
    assert_accessible(page)


def test_the_member_answers_the_organizations_question_with_a_pdf(
    page, browser, asgi_site, access_request
):
    access_request, representative, member = access_request
    ask_for_insurance(page, asgi_site, representative, access_request)

    member_page = browser.new_context().new_page()
    answer_with_a_pdf(member_page, asgi_site, member)
    # A small phone: the timeline and the form still read and pass the checks.
    member_page.set_viewport_size({"width": 390, "height": 844})
    member_page.reload()
    assert_accessible(member_page)
    member_page.context.close()

    page.reload()
    expect(page.locator(".timeline")).to_contain_text(ANSWER)
    with page.expect_download() as download:
        page.get_by_role("link", name="preuve-assurance.pdf").click()
    assert download.value.suggested_filename == "preuve-assurance.pdf"
    assert AccessRequest.objects.get().status == AccessRequest.Status.IN_DISCUSSION


def test_the_representative_sees_the_answer_appear_without_reloading(
    page, browser, asgi_site, access_request
):
    access_request, representative, member = access_request
    ask_for_insurance(page, asgi_site, representative, access_request)

    member_page = browser.new_context().new_page()
    answer_with_a_pdf(member_page, asgi_site, member)
    member_page.context.close()

    # The representative's page, open all along, shows the answer and announces it.
    expect(page.locator(".timeline")).to_contain_text(ANSWER)
    expect(page.get_by_role("link", name="preuve-assurance.pdf")).to_be_visible()
    expect(page.locator("#live-region")).to_contain_text("Nouveau message de Sophie Gagnon")
    assert_accessible(page)
