"""The needs pages through HTTP: who may see and do what, bad input, similar needs shown once,
and bounded queries on the list."""

import re

import pytest

from communaute.models import Notification
from communaute.services.moderation import suspend_member
from ressources.models import Need, NeedSupport
from ressources.services.needs import mark_need_met
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import sign_in
from tests.ressources.factories import (
    join,
    make_need,
    make_organization,
    make_representative,
    make_service,
)
from tests.ressources.test_catalogue import facet_count

pytestmark = pytest.mark.django_db


def refused_mark_met(client, need, service):
    """The need page offers no 'met' form, a POST is refused (403, returned) and the need stays
    open."""
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Marquer ce besoin comme comblé" not in page
    response = client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": service.pk})
    assert response.status_code == 403
    need.refresh_from_db()
    assert need.is_open
    return response


def need_titles(response):
    return re.findall(
        r'id="need-\d+"><a href="[^"]+" lang="fr">([^<]+)</a>', response.content.decode()
    )


def declare_form(**overrides):
    data = {
        "title": "Un graphiste à partager entre compagnies",
        "description": "Nos affiches coûtent trop cher à faire faire chacun de son côté.",
        "category": "marketing",
        "province": "ON",
        "urgency": "medium",
        "on_behalf": "self",
        "organization_name": "",
    }
    data.update(overrides)
    return data


# The list --------------------------------------------------------------------------------


def test_visitors_see_the_needs_most_widely_shared_first(client, member):
    few = make_need(member, title="Un besoin peu partagé")
    many = make_need(MemberFactory(), title="Un besoin très partagé", category="legal")
    for _number in range(3):
        join(many, MemberFactory())

    response = client.get("/ressources/besoins/")

    assert response.status_code == 200
    assert need_titles(response) == [many.title, few.title]
    assert "4 personnes partagent ce besoin" in response.content.decode()


def test_the_needs_list_filters_like_the_catalogue(client, member):
    make_need(member, title="Un local à Moncton", category="spaces", province="NB")
    legal = make_need(member, title="Un avocat à Winnipeg", category="legal", province="MB")
    shared_from_nb = make_need(member, title="Un avocat pour tous", category="legal", province="QC")
    join(shared_from_nb, MemberFactory(), province="NB")

    by_category = client.get("/ressources/besoins/", {"categorie": "legal"})
    by_province = client.get("/ressources/besoins/", {"province": "NB", "categorie": "legal"})

    assert sorted(need_titles(by_category)) == sorted([legal.title, shared_from_nb.title])
    # A need counts in a province where it was declared or where someone sharing it lives.
    assert need_titles(by_province) == [shared_from_nb.title]
    # Each facet counts with the other filters kept.
    assert facet_count(by_province, "province", "NB") == 1
    assert facet_count(by_province, "province", "MB") == 1
    assert facet_count(by_province, "categorie", "spaces") == 1


def test_the_needs_list_has_an_empty_state(client):
    response = client.get("/ressources/besoins/")

    assert "Aucun besoin n'est encore déclaré." in response.content.decode()


def test_the_needs_list_runs_a_bounded_number_of_queries(
    client, member, django_assert_max_num_queries
):
    def create(count):
        for number in range(count):
            need = make_need(
                MemberFactory(), title=f"Besoin {number}", disciplines=["music", "theatre"]
            )
            join(need, MemberFactory(), province="ON")

    create(3)
    with django_assert_max_num_queries(17):
        client.get("/ressources/besoins/", {"province": "NB", "discipline": "music"})
    create(40)
    with django_assert_max_num_queries(17):
        response = client.get("/ressources/besoins/", {"province": "NB", "discipline": "music"})
    assert "43 besoins" in response.content.decode()


# Declaring -------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_before_declaring(client):
    response = client.get("/ressources/besoins/nouveau/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_a_member_declares_a_need_with_their_province_proposed(client, member):
    member.province = "ON"
    member.save()
    sign_in(client, member)

    page = client.get("/ressources/besoins/nouveau/")
    assert 'value="ON" required id="id_province_' in page.content.decode() or (
        '<option value="ON" selected>' in page.content.decode()
    )
    response = client.post("/ressources/besoins/nouveau/", declare_form(disciplines=["music"]))

    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert need.author == member
    assert list(need.disciplines.values_list("code", flat=True)) == ["music"]


def test_bad_input_is_explained_next_to_the_field_and_kept(client, member):
    sign_in(client, member)

    response = client.post(
        "/ressources/besoins/nouveau/",
        declare_form(title="", on_behalf="organization", organization_name=""),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 2 erreurs." in html
    assert "Dites votre besoin en une phrase." in html
    assert "Indiquez le nom de l&#x27;organisation" in html
    assert "Nos affiches coûtent trop cher" in html
    assert not Need.objects.exists()


def test_similar_needs_are_shown_once_before_declaring(client, member, other_member):
    existing = make_need(
        other_member, title="Un graphiste partagé entre compagnies", category="marketing"
    )
    sign_in(client, member)

    first = client.post("/ressources/besoins/nouveau/", declare_form())
    html = first.content.decode()
    assert first.status_code == 200
    assert "Cela existe peut-être déjà" in html
    assert existing.get_absolute_url() in html
    assert "Un graphiste à partager entre compagnies" in html  # what was typed is kept
    assert Need.objects.count() == 1

    second = client.post("/ressources/besoins/nouveau/", declare_form(checked_similar="on"))
    assert second.status_code == 302
    assert Need.objects.count() == 2


def test_suggestions_while_typing_show_similar_needs_and_matching_services(
    client, member, organization, representative
):
    existing = make_need(
        member, title="Un graphiste partagé entre compagnies", category="marketing"
    )
    service = make_service(
        organization,
        representative,
        title="Design graphique mutualisé",
        category="marketing",
        regions=["ON"],
    )

    response = client.get(
        "/ressources/besoins/semblables/",
        {"title": "Un graphiste pour nos affiches", "category": "marketing", "province": "ON"},
    )

    html = response.content.decode()
    assert existing.get_absolute_url() in html
    assert service.get_absolute_url() in html


def test_suggestions_wait_for_a_few_letters(client, member):
    make_need(member, title="Un graphiste partagé")

    response = client.get("/ressources/besoins/semblables/", {"title": "Un"})

    assert response.content.decode().strip() == ""


# A need's page ---------------------------------------------------------------------------


def test_nobody_sees_who_shares_a_need_unless_they_chose_to(client, member, other_member):
    need = make_need(member, show_name=False)
    join(need, other_member, show_name=True, province="ON")
    hidden = MemberFactory(display_name="Personne Discrète")
    join(need, hidden, province="ON")

    html = client.get(need.get_absolute_url()).content.decode()

    assert other_member.display_name in html
    assert member.display_name not in html
    assert hidden.display_name not in html
    assert "3 personnes partagent ce besoin" in html
    assert re.search(r"Ontario</th><td>2</td>", html)


@pytest.fixture
def discreet_need(member, other_member):
    """A need whose two people chose not to show their names."""
    need = make_need(
        member,
        title="Une comptable partagée entre compagnies",
        category="management",
        province="NB",
        show_name=False,
    )
    join(need, other_member, province="NB", show_name=False)
    return need


def assert_nobody_named(html, *people):
    for person in people:
        assert person.display_name not in html
        assert person.email not in html
        assert person.get_absolute_url() not in html


def test_the_needs_list_names_nobody_who_did_not_choose_it(
    client, discreet_need, member, other_member
):
    as_visitor = client.get("/ressources/besoins/").content.decode()
    client.force_login(MemberFactory())
    as_member = client.get("/ressources/besoins/").content.decode()

    for html in (as_visitor, as_member):
        assert discreet_need.get_absolute_url() in html
        assert_nobody_named(html, member, other_member)


def test_the_representatives_demand_names_nobody_who_did_not_choose_it(
    client, discreet_need, member, other_member, representative, service
):
    sign_in(client, representative)

    html = client.get("/ressources/gestion/besoins/").content.decode()

    assert discreet_need.get_absolute_url() in html
    assert_nobody_named(html, member, other_member)


def test_the_suggestions_while_typing_name_nobody_who_did_not_choose_it(
    client, discreet_need, member, other_member
):
    html = client.get(
        "/ressources/besoins/semblables/",
        {"title": "Une comptable pour nos compagnies", "category": "management"},
    ).content.decode()

    assert discreet_need.get_absolute_url() in html
    assert_nobody_named(html, member, other_member)


def test_the_author_is_named_only_when_they_chose_it(client, member):
    need = make_need(member, show_name=True)

    html = client.get(need.get_absolute_url()).content.decode()

    assert member.display_name in html
    assert "a déclaré ce besoin" in html


def test_a_member_joins_a_need_from_its_page(client, member, other_member):
    need = make_need(member)
    sign_in(client, other_member)

    response = client.post(
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {
            "moi-aussi-province": "MB",
            "moi-aussi-discipline": "dance",
            "moi-aussi-on_behalf": "self",
        },
    )

    assert response.status_code == 302
    support = NeedSupport.objects.get(need=need, member=other_member)
    assert (support.province, support.discipline_id) == ("MB", "dance")
    assert "Vous partagez ce besoin." in client.get(need.get_absolute_url()).content.decode()


def test_joining_with_bad_input_shows_the_error_on_the_need_page(client, member, other_member):
    need = make_need(member)
    sign_in(client, other_member)

    response = client.post(
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {"moi-aussi-province": "MB", "moi-aussi-on_behalf": "organization"},
    )

    assert response.status_code == 400
    assert "Indiquez le nom de l&#x27;organisation" in response.content.decode()
    assert not NeedSupport.objects.filter(member=other_member).exists()


def test_a_visitor_cannot_join_a_need(client, member):
    need = make_need(member)

    response = client.post(
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {"moi-aussi-province": "MB", "moi-aussi-on_behalf": "self"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert need.supports.count() == 1


def test_nobody_joins_a_need_that_is_met(client, member, other_member, representative, service):
    need = make_need(member, category=service.category)
    mark_need_met(need, actor=representative, service=service)
    sign_in(client, other_member)

    response = client.post(
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {"moi-aussi-province": "MB", "moi-aussi-on_behalf": "self"},
    )

    assert response.status_code == 403


def test_leaving_a_need_asks_for_confirmation_first(client, member, other_member):
    need = make_need(member)
    join(need, other_member)
    sign_in(client, other_member)

    confirmation = client.get(f"/ressources/besoins/{need.pk}/retirer/")
    assert "Ne plus partager" in confirmation.content.decode()
    assert need.supports.count() == 2

    client.post(f"/ressources/besoins/{need.pk}/retirer/")
    assert need.supports.count() == 1


def test_an_unknown_need_is_not_found(client):
    assert client.get("/ressources/besoins/999999/").status_code == 404


# The conversation -------------------------------------------------------------------------


def test_a_member_opens_the_needs_conversation_and_others_find_it(client, member, other_member):
    need = make_need(member)
    sign_in(client, other_member)

    response = client.post(f"/ressources/besoins/{need.pk}/conversation/")

    need.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/communaute/sujets/{need.topic.pk}-{need.topic.slug}/"
    client.logout()
    assert response["Location"] in client.get(need.get_absolute_url()).content.decode()


def test_the_button_says_the_conversation_opens_under_the_clickers_name(
    client, member, other_member
):
    need = make_need(member)
    sign_in(client, other_member)

    html = client.get(need.get_absolute_url()).content.decode()

    assert "La conversation s'ouvre sous votre nom" in html


def test_a_newcomers_conversation_meets_the_forums_first_post_limits(client, other_member):
    links = " ".join(f"https://exemple.ca/{number}" for number in range(4))
    need = make_need(other_member, description=f"Nos liens : {links}")
    newcomer = MemberFactory()
    sign_in(client, newcomer)

    response = client.post(f"/ressources/besoins/{need.pk}/conversation/", follow=True)

    need.refresh_from_db()
    assert need.topic is None
    assert "Un premier message peut contenir au plus 2 liens" in response.content.decode()


def test_a_visitor_cannot_open_a_conversation(client, member):
    need = make_need(member)

    response = client.post(f"/ressources/besoins/{need.pk}/conversation/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    need.refresh_from_db()
    assert need.topic is None


# Marking a need met ------------------------------------------------------------------------


def test_a_representative_marks_a_need_met_with_their_service(
    client, member, representative, service
):
    need = make_need(member, category=service.category)
    sign_in(client, representative)

    page = client.get(need.get_absolute_url()).content.decode()
    assert "Marquer ce besoin comme comblé" in page
    response = client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": service.pk})

    need.refresh_from_db()
    assert response.status_code == 302
    assert need.met_by_service == service
    assert Notification.objects.filter(recipient=member, kind="need_met").exists()


def test_a_member_neither_sees_nor_uses_the_met_form(client, member, other_member, service):
    need = make_need(member, category=service.category)
    sign_in(client, other_member)

    refused_mark_met(client, need, service)


def test_a_representative_cannot_link_another_organizations_service(
    client, member, other_representative, other_organization, service
):
    make_service(other_organization, other_representative, title="Le nôtre")
    need = make_need(member, category=service.category)
    sign_in(client, other_representative)

    response = client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": service.pk})

    assert response.status_code == 400
    need.refresh_from_db()
    assert need.is_open


def test_a_visitor_cannot_mark_a_need_met(client, member, service):
    need = make_need(member, category=service.category)

    response = client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": service.pk})

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.is_open


def test_an_administrator_marks_a_need_met(client, member, staff, service):
    need = make_need(member, category=service.category)
    sign_in(client, staff)

    client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": service.pk})

    need.refresh_from_db()
    assert need.met_by_service == service


# The representatives' demand ---------------------------------------------------------------


def test_representatives_see_unmet_needs_in_their_categories_and_provinces(
    client, member, representative, service
):
    # The service: management, offered in NB.
    ours = make_need(
        member, title="Une comptable pour trois compagnies", category="management", province="NB"
    )
    joined_from_nb = make_need(
        member, title="Tenue de livres", category="management", province="QC"
    )
    join(joined_from_nb, MemberFactory(), province="NB")
    make_need(member, title="Une comptable en Alberta", category="management", province="AB")
    make_need(member, title="Un avocat à Moncton", category="legal", province="NB")
    met = make_need(
        member, title="Une comptable déjà trouvée", category="management", province="NB"
    )
    mark_need_met(met, actor=representative, service=service)
    sign_in(client, representative)

    response = client.get("/ressources/gestion/besoins/")

    assert sorted(need_titles(response)) == sorted([ours.title, joined_from_nb.title])


def test_an_organization_serving_at_a_distance_sees_every_province(
    client, member, organization, representative
):
    make_service(organization, representative, category="legal", regions=["remote"])
    far = make_need(member, title="Un avocat au Yukon", category="legal", province="YT")
    sign_in(client, representative)

    assert need_titles(client.get("/ressources/gestion/besoins/")) == [far.title]


def test_members_and_visitors_do_not_see_the_demand_page(client, member):
    assert client.get("/ressources/gestion/besoins/").status_code == 302
    sign_in(client, member)
    assert client.get("/ressources/gestion/besoins/").status_code == 403


def test_the_demand_page_runs_a_bounded_number_of_queries(
    client, representative, service, django_assert_max_num_queries
):
    for number in range(3):
        make_need(
            MemberFactory(), title=f"Comptable {number}", category="management", province="NB"
        )
    sign_in(client, representative)
    # The first page a member sees creates site-wide rows once (footer links, admin profile).
    client.get("/ressources/")
    with django_assert_max_num_queries(18):
        client.get("/ressources/gestion/besoins/")
    for number in range(30):
        make_need(
            MemberFactory(),
            title=f"Comptable bis {number}",
            category="management",
            province="NB",
            disciplines=["music"],
        )
    with django_assert_max_num_queries(18):
        response = client.get("/ressources/gestion/besoins/")
    assert "33 besoins non comblés" in response.content.decode()


def test_an_administrator_sees_every_unmet_need_as_demand(client, member, staff):
    make_need(member, category="funding", province="NU")
    sign_in(client, staff)

    assert len(need_titles(client.get("/ressources/gestion/besoins/"))) == 1


def test_representatives_of_another_organization_do_not_see_its_draft_services_as_options(
    client, member, organization
):
    rep = make_representative(make_organization("TIESS"))
    need = make_need(member, category="management")
    sign_in(client, rep)

    # No published service of their own: nothing to link.
    assert (
        "Marquer ce besoin comme comblé" not in client.get(need.get_absolute_url()).content.decode()
    )


def test_site_search_finds_needs_without_naming_who_shares_them(client, member):
    need = make_need(member, title="Des locaux de répétition", show_name=False)

    html = client.get("/recherche/", {"q": "repetition"}).content.decode()

    assert "Besoins du milieu" in html
    assert need.get_absolute_url() in html
    assert "1 personne le partage" in html
    assert member.display_name not in html


def test_a_visitor_is_sent_to_sign_in_before_leaving_a_need(client, member):
    need = make_need(member)

    response = client.post(f"/ressources/besoins/{need.pk}/retirer/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert need.supports.count() == 1


def test_leaving_a_need_one_does_not_share_changes_nothing(client, member, other_member):
    need = make_need(member)
    sign_in(client, other_member)

    response = client.post(f"/ressources/besoins/{need.pk}/retirer/", follow=True)

    assert "Vous ne partagez pas ce besoin." in response.content.decode()
    assert need.supports.count() == 1


# Suspensions and gestures repeated ---------------------------------------------------------


@pytest.fixture
def suspend(staff):
    def suspend(person):
        suspend_member(person, actor=staff, days=7, reason="Messages répétés")

    return suspend


def test_a_suspended_representative_cannot_mark_a_need_met(
    client, member, representative, service, suspend
):
    need = make_need(member, category=service.category)
    suspend(representative)
    sign_in(client, representative)

    response = refused_mark_met(client, need, service)

    assert "Votre compte est suspendu jusqu" in response.content.decode()
    assert not Notification.objects.filter(kind="need_met").exists()


def test_a_suspended_representative_reads_their_pages_but_offers_nothing(
    client, representative, service, suspend
):
    suspend(representative)
    sign_in(client, representative)

    assert client.get("/ressources/gestion/").status_code == 200
    assert client.get("/ressources/gestion/besoins/").status_code == 200
    assert client.get("/ressources/services/nouveau/").status_code == 403
    response = client.post(f"/ressources/services/{service.slug}/archiver/")
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.is_published


def test_marking_a_need_already_met_is_refused_with_a_clear_message(
    client, member, representative, service, organization
):
    need = make_need(member, category=service.category)
    mark_need_met(need, actor=representative, service=service)
    other = make_service(organization, representative, title="Un autre service")
    sign_in(client, representative)

    response = client.post(f"/ressources/besoins/{need.pk}/comble/", {"service": other.pk})

    assert response.status_code == 403
    assert "Ce besoin est déjà comblé" in response.content.decode()
    need.refresh_from_db()
    assert need.met_by_service == service


def test_a_representative_without_a_published_service_cannot_mark_a_need_met(
    client, member, other_organization, other_representative
):
    draft = make_service(other_organization, other_representative, publish=False)
    need = make_need(member, category=draft.category)
    sign_in(client, other_representative)

    response = refused_mark_met(client, need, draft)

    assert "pas encore de service publié" in response.content.decode()


def test_a_suspended_member_can_neither_join_a_need_nor_open_its_conversation(
    client, member, other_member, suspend
):
    need = make_need(member)
    suspend(other_member)
    sign_in(client, other_member)

    joined = client.post(
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {"moi-aussi-province": "MB", "moi-aussi-on_behalf": "self"},
    )
    opened = client.post(f"/ressources/besoins/{need.pk}/conversation/")

    assert joined.status_code == opened.status_code == 403
    assert "Votre compte est suspendu jusqu" in opened.content.decode()
    assert need.supports.count() == 1
    need.refresh_from_db()
    assert need.topic is None


def test_a_visitor_posting_the_need_form_is_sent_to_sign_in(client):
    response = client.post("/ressources/besoins/nouveau/", declare_form())

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert not Need.objects.exists()


def test_joining_the_same_need_twice_says_so_kindly(client, member, other_member):
    need = make_need(member)
    sign_in(client, other_member)
    form = {"moi-aussi-province": "MB", "moi-aussi-on_behalf": "self"}

    client.post(f"/ressources/besoins/{need.pk}/moi-aussi/", form)
    response = client.post(f"/ressources/besoins/{need.pk}/moi-aussi/", form, follow=True)

    assert response.status_code == 200
    assert "Vous partagez déjà ce besoin." in response.content.decode()
    assert need.supports.count() == 2
