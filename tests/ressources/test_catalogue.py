import re

import pytest

from ressources.models import Service
from ressources.services.catalogue import archive_service
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(organization, representative):
    return {
        "compta": make_service(
            organization,
            representative,
            regions=["NB"],
            title="Comptabilité partagée",
            category="management",
            cost_model="member-rate",
        ),
        "sono": make_service(
            organization,
            representative,
            regions=["QC"],
            disciplines=["music"],
            title="Prêt d'équipements de sonorisation",
            summary="Des équipements de scène partagés entre compagnies.",
            category="equipment",
            cost_model="free",
            delivery="in-person",
        ),
        "juridique": make_service(
            organization,
            representative,
            regions=["remote"],
            title="Clinique juridique en ligne",
            summary="Des conseils sur vos contrats d'artiste.",
            category="legal",
            cost_model="free",
            in_english=True,
        ),
    }


def titles(response):
    return re.findall(r'id="service-\d+"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def facet_count(response, facet, value):
    html = response.content.decode()
    match = re.search(
        rf'id="f-{facet}-{value}"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', html
    )
    return int(match.group(1)) if match else 0


def test_the_catalogue_lists_published_services_only(client, catalogue, representative):
    draft = make_service(
        catalogue["compta"].organizations.get(), representative, publish=False, title="Brouillon"
    )
    archive_service(catalogue["sono"], actor=representative)
    found = titles(client.get("/ressources/"))
    assert "Comptabilité partagée" in found
    assert draft.title not in found
    assert "Prêt d&#x27;équipements de sonorisation" not in found


def test_filters_combine_and_facet_counts_keep_the_other_filters(client, catalogue):
    response = client.get("/ressources/", {"cout": "free"})
    assert sorted(titles(response)) == [
        "Clinique juridique en ligne",
        "Prêt d&#x27;équipements de sonorisation",
    ]
    # Counts for another facet follow the cost filter...
    assert facet_count(response, "categorie", "legal") == 1
    assert facet_count(response, "categorie", "management") == 0
    # ...while the cost facet itself still shows what each value would give.
    assert facet_count(response, "cout", "member-rate") == 1
    unfiltered = client.get("/ressources/")
    assert facet_count(unfiltered, "cout", "free") == 2
    assert facet_count(unfiltered, "province", "NB") == 2
    both = client.get("/ressources/", {"cout": "free", "categorie": "legal"})
    assert titles(both) == ["Clinique juridique en ligne"]


def test_a_province_filter_includes_services_offered_at_a_distance(client, catalogue):
    response = client.get("/ressources/", {"province": "NB"})
    assert sorted(titles(response)) == ["Clinique juridique en ligne", "Comptabilité partagée"]
    assert facet_count(response, "province", "QC") == 2  # the QC one and the remote one


def test_language_and_discipline_filters(client, catalogue):
    assert titles(client.get("/ressources/", {"langue": "en"})) == ["Clinique juridique en ligne"]
    # The two other services name no discipline: they serve musicians too.
    assert len(titles(client.get("/ressources/", {"discipline": "music"}))) == 3
    assert titles(client.get("/ressources/", {"discipline": "dance"})) == [
        "Comptabilité partagée",
        "Clinique juridique en ligne",
    ] or sorted(titles(client.get("/ressources/", {"discipline": "dance"}))) == [
        "Clinique juridique en ligne",
        "Comptabilité partagée",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("equipement", "Prêt d&#x27;équipements de sonorisation"),
        ("COMPTABILITE", "Comptabilité partagée"),
        ("contrat", "Clinique juridique en ligne"),
    ],
)
def test_french_search_forgives_accents_plurals_and_case(client, catalogue, text, expected):
    assert titles(client.get("/ressources/", {"q": text})) == [expected]


def test_unknown_filter_values_are_ignored(client, catalogue):
    response = client.get("/ressources/", {"categorie": "n-importe-quoi", "tri": "<script>"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_sort_by_title(client, catalogue):
    assert titles(client.get("/ressources/", {"tri": "titre"})) == [
        "Clinique juridique en ligne",
        "Comptabilité partagée",
        "Prêt d&#x27;équipements de sonorisation",
    ]


def test_an_empty_result_says_how_to_widen_the_search(client, catalogue):
    html = client.get("/ressources/", {"q": "xylophone"}).content.decode()
    assert "Aucun service ne répond à tous ces critères." in html
    assert "retirez un filtre" in html


def test_filters_survive_pagination(client, organization, representative):
    for number in range(23):
        make_service(organization, representative, title=f"Atelier {number}", cost_model="free")
    make_service(organization, representative, title="Payant", cost_model="regular")
    response = client.get("/ressources/", {"cout": "free", "tri": "titre"})
    html = response.content.decode()
    assert "23 services" in html
    assert (
        "cout=free&amp;tri=titre&amp;page=2" in html or "tri=titre&amp;cout=free&amp;page=2" in html
    )
    second = client.get("/ressources/", {"cout": "free", "tri": "titre", "page": 2})
    assert len(titles(second)) == 3
    assert "Payant" not in titles(second)


def test_the_catalogue_runs_a_bounded_number_of_queries(
    client, organization, representative, django_assert_max_num_queries
):
    def create(count):
        for number in range(count):
            make_service(
                organization,
                representative,
                title=f"Service {number}",
                regions=["NB", "QC", "remote"],
                disciplines=["music", "dance"],
            )

    create(3)
    with django_assert_max_num_queries(19):
        client.get("/ressources/", {"q": "service", "province": "NB", "cout": "member-rate"})
    create(57)
    other = make_organization("Québec numérique")
    make_service(other, make_representative(other), title="Autre")
    with django_assert_max_num_queries(19):
        response = client.get(
            "/ressources/", {"q": "service", "province": "NB", "cout": "member-rate"}
        )
    assert "60 services" in response.content.decode()
    assert Service.objects.count() == 61


def test_services_for_all_disciplines_appear_under_every_discipline(
    client, organization, representative
):
    make_service(organization, representative, title="Pour tous", disciplines=[])
    make_service(organization, representative, title="Pour la danse", disciplines=["dance"])
    response = client.get("/ressources/", {"discipline": "music"})
    assert titles(response) == ["Pour tous"]
    assert facet_count(response, "discipline", "dance") == 2
    assert facet_count(response, "discipline", "music") == 1


def test_a_service_in_a_province_and_at_a_distance_counts_once(
    client, organization, representative
):
    make_service(organization, representative, title="Les deux", regions=["NB", "remote"])
    response = client.get("/ressources/")
    assert facet_count(response, "province", "NB") == 1
    assert facet_count(response, "province", "QC") == 1
    assert len(titles(client.get("/ressources/", {"province": "NB"}))) == 1
