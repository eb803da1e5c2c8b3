"""Every search box on the demo data: accents, case and plurals forgiven, whole words only
("son" is the sound of a show, never the inside of "personne" or "saison"), the best first.

The demo is seeded once for the module, in a transaction rolled back at its end, with Wagtail's
background indexing switched off: the pages are found because seed_demo indexes them itself.
"""

import re
from html import unescape
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from communaute.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch("modelsearch.signal_handlers.insert_or_update_object_task"):
            call_command("seed_demo", force=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def titles(client, url, params, *, pattern=r"<h3[^>]*>\s*(?:<img [^>]*>)?<a [^>]*>(.*?)</a>"):
    """The result titles of a page, in order."""
    html = client.get(url, params).content.decode()
    found = re.findall(pattern, html, flags=re.S)
    return [unescape(re.sub(r"<[^>]+>", "", title)).strip() for title in found]


def sign_in(client, email):
    client.force_login(Member.objects.get(email=email))


# /recherche/


def search(client, query, kind=""):
    return titles(
        client,
        reverse("search:search"),
        {"q": query, "type": kind},
        pattern=r'<a class="result__title"[^>]*>(.*?)</a>',
    )


def test_site_search_finds_equipment_without_accents_services_and_pages(client):
    assert search(client, "equipement", "services")[0] == "Prêt d'équipements de son et d'éclairage"
    assert "Banque d'équipements scéniques" in search(client, "EQUIPEMENTS", "pages")


def test_site_search_finds_the_same_topics_with_or_without_the_accent(client):
    with_accent = search(client, "tournées", "conversations")
    assert with_accent
    assert search(client, "tournee", "conversations") == with_accent


@pytest.mark.parametrize("query", ["comptabilite", "metadonnees"])
def test_site_search_forgives_accents_in_every_group(client, query):
    assert search(client, query, "services")
    assert search(client, query, "needs")


def test_site_search_son_finds_the_sound_service_first_and_never_inside_words(client):
    services = search(client, "son", "services")
    assert services[0] == "Prêt d'équipements de son et d'éclairage"
    # "Une personne à la comptabilité partagée…" holds "son" only inside a word.
    assert not any("personne" in title for title in search(client, "son", "needs"))
    html = client.get(reverse("search:search"), {"q": "son"}).content.decode()
    assert not re.search(r"<mark>\w*son\w+</mark>|<mark>\w+son</mark>", html)


# The catalogue of services


def catalogue(client, query, sort="pertinence"):
    return titles(client, reverse("ressources:catalogue"), {"q": query, "tri": sort})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("equipement", "Prêt d'équipements de son et d'éclairage"),
        ("comptabilite", "Comptabilité partagée pour petits organismes"),
        ("metadonnees", "Atelier sur les métadonnées de vos œuvres"),
        ("TOURNEE", "Tournées partagées dans l'Atlantique et en Ontario"),
    ],
)
def test_catalogue_forgives_accents_case_and_plurals_best_first(client, query, expected):
    assert catalogue(client, query)[0] == expected


def test_catalogue_son_matches_the_word_only(client):
    found = catalogue(client, "son")
    assert found[0] == "Prêt d'équipements de son et d'éclairage"
    assert "Comptabilité partagée pour petits organismes" not in found


# The needs of the sector


def needs(client, query, sort="pertinence"):
    return titles(client, reverse("ressources:needs"), {"q": query, "tri": sort})


def test_needs_forgive_accents_and_plurals(client):
    assert "Partager un camion et du matériel de scène entre festivals" in needs(
        client, "materiels"
    )
    assert needs(client, "tournee") == ["Faire venir des spectacles francophones dans le Nord"]


def test_needs_by_relevance_put_title_matches_first(client):
    found = needs(client, "comptabilite")
    assert set(found[:2]) == {
        "Une personne à la comptabilité partagée entre petits organismes de l'Ouest",
        "Tenir notre comptabilité sans y passer nos soirées",
    }


def test_needs_son_does_not_match_personne(client):
    assert not any("personne" in title.lower() for title in needs(client, "son"))


# A space's library


def library(client, slug, query):
    html = client.get(reverse("communaute:space_library", args=[slug]), {"q": query})
    return unescape(html.content.decode())


def test_library_finds_files_by_the_words_of_their_name(client):
    html = library(client, "diffusion-et-tournees", "fiches techniques")
    assert "fiche-technique-type.pdf" in html
    assert "trajet-moncton-rimouski.png" not in html
    assert "trajet-moncton-rimouski.png" in library(client, "diffusion-et-tournees", "MONCTON")


def test_library_matches_whole_words_only(client):
    # "ton" is inside "moncton", "tech" the start of "technique": neither is a word there.
    for query in ["ton", "tech"]:
        html = library(client, "diffusion-et-tournees", query)
        assert "trajet-moncton-rimouski.png" not in html
        assert "fiche-technique-type.pdf" not in html


def test_library_finds_files_and_links_without_accents(client):
    sign_in(client, "membre@passerelles.test")
    html = library(client, "outils-numeriques", "metadonnee")
    assert "reperes-metadonnees.odt" in html
    assert "wikipedia.org" in html


# The members directory, by name


def directory(client, name):
    sign_in(client, "membre@passerelles.test")
    return titles(client, reverse("communaute:directory"), {"q": name})


def test_directory_finds_members_by_name_without_accents_or_case(client):
    Member.objects.filter(email="artiste@passerelles.test").update(in_directory=True)
    assert directory(client, "andre") == ["Marc-André Leblanc"]
    assert directory(client, "GAGNON") == ["Sophie Gagnon"]
    assert directory(client, "dia") == ["Amina Diallo"]  # the start of a word


def test_directory_does_not_match_inside_a_name(client):
    assert directory(client, "non") == []
    assert directory(client, "allo") == []


def test_directory_puts_whole_words_before_prefixes(client):
    Member.objects.filter(email="membre@passerelles.test").update(display_name="Sophie Gagnon")
    Member.objects.filter(email="animation@passerelles.test").update(display_name="Sophia Ali")
    assert directory(client, "sophie") == ["Sophie Gagnon"]
    assert directory(client, "soph") == ["Sophia Ali", "Sophie Gagnon"]
