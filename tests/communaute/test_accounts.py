import re

import pytest
from django.core import mail

from communaute.models import Member
from communaute.permissions import roles
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Léa Roy",
    "email": "lea@exemple.test",
    "password1": "une-phrase-de-passe-longue",
    "password2": "une-phrase-de-passe-longue",
}


def confirmation_link(message):
    return re.search(
        r"https?://[^/\s]+(/\S*/comptes/confirm-email/\S+|/comptes/confirm-email/\S+)", message.body
    ).group(1)


def test_signup_sends_a_french_verification_email_that_says_why(client):
    response = client.post("/comptes/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    member = Member.objects.get(email="lea@exemple.test")
    assert member.display_name == "Léa Roy"
    assert member.handle == "lea-roy"
    assert member.groups.filter(name=roles.MEMBER).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@exemple.test"]
    assert "Passerelles Culture" in message.subject
    assert "Vous recevez ce courriel parce que cette adresse a été donnée" in message.body
    assert "/comptes/confirm-email/" in message.body


def test_an_unverified_account_cannot_sign_in(client):
    client.post("/comptes/signup/", SIGNUP)
    client.logout()
    response = client.post(
        "/comptes/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_signs_the_member_in(client):
    client.post("/comptes/signup/", SIGNUP)
    link = confirmation_link(mail.outbox[0])
    assert "Confirmer" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    member = Member.objects.get(email="lea@exemple.test")
    assert member.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_refused_signup_keeps_what_was_typed(client):
    response = client.post("/comptes/signup/", {**SIGNUP, "password2": "autre-chose-encore"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Léa Roy"' in html
    assert 'value="lea@exemple.test"' in html
    assert not Member.objects.filter(email="lea@exemple.test").exists()


def test_signup_and_login_pages_speak_french_and_english(client):
    french = client.get("/comptes/signup/").content.decode()
    assert "Adresse courriel" in french
    assert 'lang="fr-CA"' in french
    english = client.get("/en/comptes/signup/").content.decode()
    assert 'lang="en-CA"' in english
    assert "Sign Up" in english
    assert "Email address" in english


def test_repeated_failed_logins_are_rate_limited(client):
    member = MemberFactory()
    for _attempt in range(5):
        client.post("/comptes/login/", {"login": member.email, "password": "mauvais"})
    response = client.post("/comptes/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_in_french(client):
    member = MemberFactory()
    response = client.post("/comptes/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/comptes/password/reset/key/" in mail.outbox[0].body
    assert "réinitialisation du mot de passe a été demandée" in mail.outbox[0].body


def test_logout_asks_for_a_post(client, member):
    client.force_login(member)
    client.post("/comptes/logout/")
    assert "_auth_user_id" not in client.session


def test_signup_and_login_buttons_say_what_they_do(client):
    signup = client.get("/comptes/signup/").content.decode()
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Créer mon compte\s*</button>', signup)
    login = client.get("/comptes/login/").content.decode()
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Se connecter\s*</button>', login)
    english = client.get("/en/comptes/signup/").content.decode()
    assert "Create my account" in english


@pytest.mark.parametrize("address", ["/comptes/password/reset/", "/comptes/password/reset/done/"])
def test_account_pages_that_say_write_to_us_link_to_the_contact_page(client, address):
    html = client.get(address).content.decode()
    assert '<a href="/contact/">' in html
    english = client.get("/en" + address).content.decode()
    assert '<a href="/en/contact/">' in english
