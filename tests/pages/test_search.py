import pytest
from wagtail.models import Site
from wagtail.rich_text import RichText

from passerelles.core.search import highlight
from passerelles.pages.models import StandardPage

pytestmark = pytest.mark.django_db


def publish(title, text, slug):
    page = StandardPage(
        title=title, slug=slug, introduction=text, body=[("paragraph", RichText(f"<p>{text}</p>"))]
    )
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def pages():
    return [
        publish(
            "Prêt d'équipements",
            "Des équipements de scène partagés entre compagnies.",
            "equipements",
        ),
        publish("Chevaux de bois", "Un atelier sur les chevaux du manège.", "chevaux"),
        publish("Comptabilité", "Une comptable partagée pour les petits organismes.", "compta"),
    ]


@pytest.mark.parametrize(
    ("query", "expected_title"),
    [
        ("equipement", "Prêt d'équipements"),  # no accent, singular
        ("ÉQUIPEMENTS", "Prêt d'équipements"),  # case
        ("cheval", "Chevaux de bois"),  # French plural
        ("comptabilite", "Comptabilité"),
    ],
)
def test_french_search_forgives_accents_plurals_and_case(client, pages, query, expected_title):
    html = client.get("/recherche/", {"q": query}).content.decode()
    assert expected_title.replace("'", "&#x27;") in html


def test_results_are_grouped_by_kind_with_highlighted_excerpts(client, pages):
    html = client.get("/recherche/", {"q": "equipements"}).content.decode()
    assert "Pages et publications" in html
    assert "<mark>équipements</mark>" in html


def test_an_empty_result_suggests_how_to_widen_the_search(client, pages):
    html = client.get("/recherche/", {"q": "xylophone"}).content.decode()
    assert "0 résultat" in html
    assert "Aucun résultat" in html


def test_unpublished_pages_are_never_found(client, pages):
    pages[0].unpublish()
    html = client.get("/recherche/", {"q": "equipement"}).content.decode()
    assert "Prêt d" not in html


def test_search_runs_a_bounded_number_of_queries_over_all_kinds(
    client, pages, django_assert_max_num_queries
):
    # One query per kind of result, whatever their number: its rows carry their total (no
    # count query). Besides: Wagtail's page search (view restrictions, ids, then the pages, and
    # their count once more match than a group shows), the newest post's id (where the walk
    # for conversations starts), the site and its footer links. The first request fills the
    # header's and footer's caches: the same bound holds from the second on, at any size.
    client.get("/recherche/", {"q": "partagé"})
    with django_assert_max_num_queries(13):
        client.get("/recherche/", {"q": "partagé"})
    for number in range(30):
        publish(f"Ressource partagée {number}", "Un service partagé.", f"ressource-{number}")
    with django_assert_max_num_queries(13):
        response = client.get("/recherche/", {"q": "partagé"})
    assert "Voir les" in response.content.decode()


def test_one_kind_at_a_time_is_paginated(client, pages):
    for number in range(25):
        publish(f"Ressource partagée {number}", "Un service partagé.", f"ressource-{number}")
    response = client.get("/recherche/", {"q": "partagé", "type": "pages"})
    html = response.content.decode()
    assert "Page 1 sur 2" in html
    assert "type=pages" in html


def test_highlight_escapes_html_and_marks_stems():
    excerpt = highlight("<b>Les chevaux</b> & le cheval", "cheval")
    assert "&lt;b&gt;" in excerpt
    assert "<mark>chevaux</mark>" in excerpt
    assert "<mark>cheval</mark>" in excerpt


def test_the_search_page_without_a_query_shows_the_form(client):
    html = client.get("/recherche/").content.decode()
    assert 'role="search"' in html
    assert '<label for="search-q">' in html
