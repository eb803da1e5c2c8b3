"""Following an organization: the button on its page, and what it brings to « Quoi de neuf »
(its new services and publications), with the sector's new needs and initiatives."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import PageViewRestriction

from communaute.selectors.news import whats_new, window_for
from communaute.services.members import export_personal_data
from passerelles.pages.models import (
    ArticleIndexPage,
    ArticlePage,
    InitiativeIndexPage,
    InitiativePage,
)
from ressources.models import OrganizationFollow, Service
from ressources.services.catalogue import archive_service
from ressources.services.organizations import follow_organization, stop_following_organization
from tests.communaute.factories import MemberFactory
from tests.pages.test_publications import publish
from tests.ressources.factories import make_need, make_service

pytestmark = pytest.mark.django_db


def news_of(member):
    return [(item.kind, item.title) for item in whats_new(member, window_for(member)).items]


def page_of(organization):
    return f"/ressources/organisations/{organization.slug}/"


def follow_url(organization):
    return f"{page_of(organization)}suivi/"


def test_a_member_follows_and_stops_following_from_the_organizations_page(
    client, member, organization
):
    client.force_login(member)
    html = client.get(page_of(organization)).content.decode()
    assert "Suivre cette organisation</button>" in html

    response = client.post(follow_url(organization), {"action": "follow"})
    assert response.status_code == 302 and response.url == page_of(organization)
    assert OrganizationFollow.objects.filter(member=member, organization=organization).exists()
    html = client.get(page_of(organization)).content.decode()
    assert "Vous suivez cette organisation" in html
    assert "Ne plus suivre</button>" in html
    # Twice is once.
    client.post(follow_url(organization), {"action": "follow"})
    assert OrganizationFollow.objects.count() == 1

    client.post(follow_url(organization), {"action": "stop"})
    assert not OrganizationFollow.objects.exists()


def test_visitors_see_no_button_and_are_asked_to_sign_in(client, organization):
    assert "Suivre cette organisation" not in client.get(page_of(organization)).content.decode()
    response = client.post(follow_url(organization), {"action": "follow"})
    assert response.status_code == 302 and response.url.startswith("/comptes/login/")
    assert not OrganizationFollow.objects.exists()


def test_following_answers_404_for_a_missing_organization_and_405_to_a_get(
    client, member, organization
):
    client.force_login(member)
    assert client.post("/ressources/organisations/aucune/suivi/").status_code == 404
    assert client.get(follow_url(organization)).status_code == 405


def test_an_inactive_account_cannot_follow(organization):
    gone = MemberFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        follow_organization(gone, organization)


def test_the_followed_organizations_services_are_news(
    member, organization, other_organization, representative, other_representative
):
    follow_organization(member, organization)
    make_service(organization, representative, title="Comptabilité partagée")
    make_service(other_organization, other_representative, title="Ailleurs")
    make_service(organization, representative, title="Brouillon", publish=False)
    archived = make_service(organization, representative, title="Archivé")
    archive_service(archived, actor=representative)

    items = whats_new(member, window_for(member)).items

    assert [(item.kind, item.title) for item in items] == [("services", "Comptabilité partagée")]
    assert items[0].group_label == "AAAPNB"
    assert items[0].group_url == page_of(organization)
    assert items[0].lead == "Nouveau service :"
    stop_following_organization(member, organization)
    assert news_of(member) == []


def test_a_service_of_two_followed_organizations_shows_once(
    member, organization, other_organization, representative
):
    follow_organization(member, organization)
    follow_organization(member, other_organization)
    service = make_service(organization, representative, title="Partagé")
    service.organizations.add(other_organization)
    assert news_of(member) == [("services", "Partagé")]


def test_the_followed_organizations_publications_and_every_new_initiative_are_news(
    member, organization, other_organization
):
    follow_organization(member, organization)
    index_page = ArticleIndexPage.objects.get()
    publish(index_page, organization, "suivie")
    publish(index_page, other_organization, "autre")
    private = publish(index_page, organization, "privée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    watch = InitiativeIndexPage.objects.get()
    initiative = InitiativePage(
        title="Banque d'instruments",
        slug="banque",
        organization_name="Un collectif",
        description="Des instruments prêtés.",
    )
    watch.add_child(instance=initiative)
    initiative.save_revision().publish()
    draft = InitiativePage(
        title="Pas encore publiée", slug="brouillon", organization_name="X", description="…"
    )
    watch.add_child(instance=draft)
    draft.unpublish()

    items = whats_new(member, window_for(member)).items

    assert [(item.kind, item.title, item.group_label) for item in items] == [
        ("publications", "Banque d'instruments", "Initiatives du milieu"),
        ("publications", "Publication suivie", "AAAPNB"),
    ]
    assert items[0].meta == "Un collectif"
    assert items[1].url == ArticlePage.objects.get(slug="publication-suivie").url


def test_new_needs_of_the_sector_are_news_but_not_ones_own(member, other_member):
    make_need(other_member, title="Un camion", province="NB")
    make_need(member, title="Le mien")
    (item,) = whats_new(member, window_for(member)).items
    assert (item.kind, item.title, item.meta) == ("needs", "Un camion", "Nouveau-Brunswick")
    assert item.group_url == "/ressources/besoins/"


def test_services_and_publications_group_under_their_organization(
    member, organization, representative
):
    follow_organization(member, organization)
    publish(ArticleIndexPage.objects.get(), organization, "une")
    make_service(organization, representative, title="Un service")
    groups = whats_new(member, window_for(member)).groups
    assert [(group["label"], len(group["items"])) for group in groups] == [("AAAPNB", 2)]


def test_old_services_are_not_news(member, organization, representative):
    follow_organization(member, organization)
    service = make_service(organization, representative, title="Ancien")
    Service.objects.filter(pk=service.pk).update(published_at=timezone.now() - timedelta(days=30))
    assert news_of(member) == []


def test_the_export_lists_the_organizations_followed(member, organization):
    follow_organization(member, organization)
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(member)))
    data = json.loads(archive.read("donnees.json"))
    assert [row["organization"] for row in data["organisations_suivies"]] == ["AAAPNB"]
    assert "Organisations suivies" in archive.read("resume.html").decode()


def test_the_organization_page_reads_a_fixed_number_of_queries(
    client, member, organization, django_assert_max_num_queries
):
    client.force_login(member)
    client.get(page_of(organization))
    follow_organization(member, organization)
    with django_assert_max_num_queries(16):
        client.get(page_of(organization))
