"""No address, whatever its query string, answers 500: a NUL byte (which PostgreSQL refuses in
text), a number too large for any column, or a word where a number is expected."""

from urllib.parse import urlencode

import pytest

from communaute.models import Space
from communaute.services.forum import create_topic
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import (
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db

# Every query parameter a view reads (grep GET.get / GET.getlist in the apps).
PARAMETERS = (
    "q", "page", "filtre", "type", "etiquette", "espace", "disciplines", "version", "url",
    "titre", "title", "statut", "sorte", "service", "repondre", "region", "province", "message",
    "description", "citer", "category", "tri",
)  # fmt: skip
HOSTILE = {
    "nul": "\x00",
    "huge": "9" * 30,
    "negative": "-1",
    "word": "abc",
    "tsquery": "'\"<>&|!():*\\",
    "long": "é" * 3000,
}


@pytest.fixture
def addresses():
    space = Space.objects.create(name="Diffusion", slug="diffusion", description="Des dates.")
    member = MemberFactory()
    topic, _ = create_topic(space, author=member, title="Un camion", body="Qui part en avril ?")
    organization = make_organization("AAAPNB")
    representative = make_representative(organization)
    service = make_service(organization, representative, title="Prêt d'équipements")
    need = make_need(member)
    paths = [
        "/",
        "/recherche/",
        "/communaute/",
        "/communaute/espaces/diffusion/",
        "/communaute/espaces/diffusion/documents/",
        "/communaute/espaces/diffusion/nouveau-sujet/",
        topic.get_absolute_url(),
        "/communaute/membres/",
        "/communaute/mentions/",
        "/communaute/notifications/",
        "/ressources/",
        service.get_absolute_url(),
        f"{service.get_absolute_url()}demander/",
        "/ressources/demandes/",
        "/ressources/gestion/",
        "/ressources/gestion/demandes/",
        "/ressources/besoins/",
        "/ressources/besoins/nouveau/",
        "/ressources/besoins/mes-besoins/",
        "/ressources/besoins/semblables/",
        need.get_absolute_url(),
        "/ressources/gestion/besoins/",
        "/ressources/portrait/",
        "/ressources/organisations/",
        "/comptes/bienvenue/",
    ]
    return member, representative, paths


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_page_answers_500_whatever_its_query_string(client, addresses, value):
    member, representative, paths = addresses
    query = urlencode(dict.fromkeys(PARAMETERS, value))
    for person in (None, member, representative):
        client.logout()
        if person is not None:
            client.force_login(person)
        for path in paths:
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, (path, person, response.status_code)


def test_a_nul_byte_in_an_address_answers_the_400_page_in_the_visitors_language(client):
    response = client.get("/recherche/?q=%00")
    assert response.status_code == 400
    assert "Demande invalide" in response.content.decode()
    assert "Content-Security-Policy" in response

    response = client.get("/en/communaute/?filtre=a%00b")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_search_box_drops_control_characters_and_keeps_the_words(client):
    from passerelles.core.search import clean_query

    assert clean_query("  équipement\t\x07 de   son\n", 200) == "équipement de son"
    assert clean_query("x" * 500, 200) == "x" * 200
