import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_contact_page_says_whom_to_write_to_and_who_answers_for_privacy(client, settings):
    settings.CONTACT_EMAIL = "bonjour@passerelles.test"
    settings.CONTACT_ADDRESS = "1000, rue de l'Exemple, Montréal"
    settings.PRIVACY_OFFICER_NAME = "Dominique Leblanc"
    settings.PRIVACY_OFFICER_EMAIL = "vie-privee@passerelles.test"

    response = client.get("/contact/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nous joindre</h1>" in html
    assert 'href="mailto:bonjour@passerelles.test"' in html
    assert "1000, rue de l&#x27;Exemple, Montréal" in html
    assert "Dominique Leblanc" in html
    assert "Responsable de la protection des renseignements personnels" in html
    assert 'href="mailto:vie-privee@passerelles.test"' in html


def test_the_contact_page_exists_in_english(client):
    with translation.override("en"):
        url = reverse("contact")
    response = client.get(url)
    assert url == "/en/contact/"
    assert response.status_code == 200
    assert "<h1>Contact us</h1>" in response.content.decode()


def test_the_footer_of_every_page_leads_to_the_contact_page(client, settings):
    settings.CONTACT_EMAIL = "bonjour@passerelles.test"
    html = client.get("/ressources/").content.decode()
    assert 'href="/contact/"' in html
    assert 'href="mailto:bonjour@passerelles.test"' in html


def test_without_an_address_the_page_says_so_rather_than_showing_an_empty_link(client, settings):
    settings.CONTACT_EMAIL = ""
    html = client.get("/contact/").content.decode()
    assert "mailto:" not in html.split("Protection des renseignements")[0]
    assert "pas encore publiée" in html


def test_the_verification_page_after_signup_leads_to_the_contact_page(client):
    response = client.get(reverse("account_email_verification_sent"))
    assert response.status_code == 200
    assert 'href="/contact/"' in response.content.decode()
