import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    # Without the middleware, the language is whatever the previous request left active.
    with translation.override("fr"):
        yield


def test_404_is_a_styled_french_page(client):
    response = client.get("/cette-page-nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'lang="fr-CA"' in html
    assert "site.css" in html


def test_404_offers_visitors_to_sign_in_and_come_back(client, django_user_model):
    # An address that exists only for members somewhere the access functions do not guard:
    # the link to sign in brings visitors back to it.
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/comptes/login/?next=/nulle-part/"' in html
    client.force_login(django_user_model.objects.create_user(email="m@example.org", password="x"))
    assert "next=/nulle-part/" not in client.get("/nulle-part/").content.decode()


def test_404_under_en_speaks_english(client):
    response = client.get("/en/this-page-does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_403_shows_the_reason_in_french(rf, french):
    request = RequestFactory().get("/")
    response = defaults.permission_denied(
        request, PermissionDenied("Vous ne pouvez modifier que votre propre profil.")
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in html
    assert "Vous ne pouvez modifier que votre propre profil." in html


def test_400_and_500_render_without_a_request_context(rf, french):
    bad = defaults.bad_request(rf.get("/"), Exception())
    assert bad.status_code == 400
    assert "Demande invalide" in bad.content.decode()
    server = defaults.server_error(rf.get("/"))
    assert server.status_code == 500
    assert "Un problème est survenu de notre côté" in server.content.decode()
