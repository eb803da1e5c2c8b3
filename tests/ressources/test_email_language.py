"""A member's access-request emails speak the member's language, with links to those pages."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from ressources.services.access import change_request_status, create_access_request

pytestmark = pytest.mark.django_db

REQUEST = {
    "on_behalf": "organization",
    "organization_name": "Théâtre du Bas-du-Fleuve",
    "message": "Nous préparons une tournée et cherchons une aide comptable.",
    "timeframe": "avant avril",
}


def answered(service, member, representative, commit, *, page_language):
    access_request = create_access_request(service, member=member, data=REQUEST)
    mail.outbox.clear()
    with translation.override(page_language), commit(execute=True):
        change_request_status(
            access_request, actor=representative, new_status="accepted", message="Bienvenue !"
        )
    [message] = mail.outbox
    assert message.to == [member.email]
    return access_request, message


def test_an_english_members_status_email_is_in_english_with_english_links(
    service, member, representative, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    # The representative answers from a French page.
    access_request, message = answered(
        service, member, representative, django_capture_on_commit_callbacks, page_language="fr"
    )
    assert message.subject == f"[Passerelles Culture] Your access request: {service.title}"
    assert "See where it stands:" in message.body
    assert "Accepted" in message.body
    assert "Why this email?" in message.body
    assert f"{settings.SITE_URL}/en{access_request.get_absolute_url()}" in message.body


def test_a_french_members_status_email_stays_french_even_from_an_english_page(
    service, member, representative, django_capture_on_commit_callbacks
):
    access_request, message = answered(
        service, member, representative, django_capture_on_commit_callbacks, page_language="en"
    )
    assert message.subject == f"[Passerelles Culture] Votre demande d'accès : {service.title}"
    assert "Voyez où elle en est :" in message.body
    assert f"{settings.SITE_URL}{access_request.get_absolute_url()}" in message.body
    assert "/en/" not in message.body
