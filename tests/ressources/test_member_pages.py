"""A member's own pages on the resources side: "Mes besoins", the account menu's links and the
welcome page's resource steps."""

import re

import pytest

from ressources.models import Need
from ressources.services.access import create_access_request
from ressources.services.needs import mark_need_met
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import join, make_need

pytestmark = pytest.mark.django_db

MY_NEEDS = "/ressources/besoins/mes-besoins/"


def account_menu(response):
    html = response.content.decode()
    return re.search(r'<nav class="account-menu".*?</nav>', html, re.S).group(0)


def request_access(service, member):
    return create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Bonjour", "timeframe": ""}
    )


def test_my_needs_is_for_signed_in_members(client):
    response = client.get(MY_NEEDS)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")


def test_my_needs_lists_the_needs_a_member_declared_or_shares_with_their_status(
    client, member, other_member
):
    declared = make_need(member, title="Un local de répétition")
    shared = make_need(other_member, title="Une régie de tournée")
    join(shared, member)
    make_need(other_member, title="Un besoin qui n'est pas le sien")
    client.force_login(member)
    html = client.get(MY_NEEDS).content.decode()
    assert "<h1>Mes besoins</h1>" in html
    assert f'<a href="{declared.get_absolute_url()}" lang="fr">Un local de répétition</a>' in html
    assert "déclaré par vous" in html
    assert f'<a href="{shared.get_absolute_url()}" lang="fr">Une régie de tournée</a>' in html
    assert "vous le partagez" in html
    assert "Un besoin qui n'est pas le sien" not in html
    assert html.count(">Non comblé</strong>") == 2


def test_my_needs_shows_a_met_need_as_met(client, member, representative, service):
    need = make_need(member)
    mark_need_met(need, actor=representative, service=service)
    client.force_login(member)
    html = client.get(MY_NEEDS).content.decode()
    assert need.title in html
    assert ">Comblé</strong>" in html


def test_my_needs_without_needs_points_to_declaring_one(client, member):
    client.force_login(member)
    html = client.get(MY_NEEDS).content.decode()
    assert "Vous n'avez encore déclaré ni partagé aucun besoin." in html
    assert 'href="/ressources/besoins/nouveau/"' in html


def test_my_needs_reads_a_bounded_number_of_queries(
    client, member, other_member, django_assert_max_num_queries
):
    client.force_login(member)
    make_need(member, title="Premier besoin")
    client.get(MY_NEEDS)  # the member's facts and header's numbers reach the cache
    with django_assert_max_num_queries(16):
        client.get(MY_NEEDS)
    for number in range(12):
        join(make_need(other_member, title=f"Besoin partagé {number}"), member)
    client.get(MY_NEEDS)
    with django_assert_max_num_queries(16):
        assert client.get(MY_NEEDS).content.decode().count("vous le partagez") == 12


def test_visitors_have_no_personal_links_in_the_account_menu(client):
    menu = account_menu(client.get("/communaute/"))
    assert "Mes demandes" not in menu
    assert "Mes besoins" not in menu


def test_a_member_finds_their_requests_and_needs_in_the_account_menu(client, member):
    client.force_login(member)
    menu = account_menu(client.get("/communaute/"))
    assert '<a href="/ressources/demandes/">Mes demandes</a>' in menu
    assert '<a href="/ressources/besoins/mes-besoins/">Mes besoins</a>' in menu
    assert "Gérer mes services" not in menu


def test_the_current_account_page_is_marked_in_the_menu(client, member):
    client.force_login(member)
    menu = account_menu(client.get(MY_NEEDS))
    assert '<a href="/ressources/besoins/mes-besoins/" aria-current="page">Mes besoins</a>' in menu


def test_a_representative_and_an_administrator_manage_their_services_from_the_menu(
    client, representative, staff
):
    for person in (representative, staff):
        client.force_login(person)
        menu = account_menu(client.get("/communaute/"))
        assert '<a href="/ressources/gestion/">Gérer mes services</a>' in menu
        assert client.get("/ressources/gestion/").status_code == 200


def test_a_member_of_an_organization_without_the_partner_role_gets_no_management_link(
    client, organization
):
    from ressources.services.organizations import add_representative

    member = MemberFactory()
    add_representative(organization, member)
    member.groups.clear()
    client.force_login(member)
    assert "Gérer mes services" not in account_menu(client.get("/communaute/"))


def test_the_account_menu_speaks_english(client, member):
    client.force_login(member)
    menu = account_menu(client.get("/en/communaute/"))
    assert "My requests" in menu
    assert "My needs" in menu


def test_the_welcome_page_marks_the_service_and_need_steps_done(client, member, service):
    client.force_login(member)
    html = client.get("/comptes/bienvenue/").content.decode()
    assert "Trouver un service</a> <span" not in html
    request_access(service, member)
    make_need(member)
    html = client.get("/comptes/bienvenue/").content.decode()
    assert 'Trouver un service</a> <span class="status status--accepted">Fait' in html
    assert 'Déclarer un besoin</a> <span class="status status--accepted">Fait' in html
    assert Need.objects.count() == 1


def test_the_account_menu_asks_no_permission_lookup_of_a_member_who_represents_nothing(
    client, member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        client.get("/ressources/besoins/mes-besoins/")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "ressources_representative" in tables
    assert "auth_permission" not in tables


def test_each_member_gets_their_own_menu_when_pages_alternate(client, representative, member):
    # The menu is drawn once per profile, entries and page (site_header._members_menu): two
    # members opening pages in turn, in both languages, each see their own.
    for _round in range(2):
        for person, manages in ((representative, True), (member, False)):
            for prefix in ("", "/en"):
                client.force_login(person)
                menu = account_menu(client.get(f"{prefix}/communaute/"))
                assert f'href="{prefix}{person.get_absolute_url().removeprefix("/en")}"' in menu
                assert ("/ressources/gestion/" in menu) is manages
                assert menu.count('name="csrfmiddlewaretoken"') == 1
                current = account_menu(client.get(f"{prefix}{MY_NEEDS}"))
                assert f'href="{prefix}{MY_NEEDS}" aria-current="page"' in current
