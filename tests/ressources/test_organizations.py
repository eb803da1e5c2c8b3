"""Organizations and the people who represent them: the Partenaire role follows the
Representative rows, and the organization pages show only the representatives who agreed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communaute.permissions import roles
from communaute.services.members import remove_member
from ressources.models import Representative, Service
from ressources.services.organizations import add_representative, remove_representative
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import (
    make_funding_call,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db


def test_a_representative_is_a_partner_and_leaving_removes_the_role(organization, representative):
    assert representative.groups.filter(name=roles.PARTNER).exists()
    remove_representative(Representative.objects.get(member=representative))
    assert not representative.groups.filter(name=roles.PARTNER).exists()


def test_representing_two_organizations_keeps_the_role_until_the_last_one(
    organization, other_organization, representative
):
    add_representative(other_organization, representative)
    remove_representative(
        Representative.objects.get(member=representative, organization=organization)
    )
    assert representative.groups.filter(name=roles.PARTNER).exists()


def test_deleting_a_representatives_account_keeps_the_organizations_services(
    service, representative
):
    admin = MemberFactory(is_staff=True, is_superuser=True)
    remove_member(representative, actor=admin)
    assert Service.objects.filter(pk=service.pk).exists()
    assert not Representative.objects.exists()


def test_an_organization_logo_must_be_a_real_image(organization):
    organization.logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        organization.full_clean()


def test_organization_pages_show_services_and_only_opted_in_people(
    client, organization, service, representative, django_assert_max_num_queries
):
    hidden = make_representative(organization, display_name="Personne discrète")
    Representative.objects.filter(member=hidden).update(shown_on_page=False)
    with django_assert_max_num_queries(17):
        html = client.get(organization.get_absolute_url()).content.decode()
    assert service.title in html
    assert "Julien Arsenault" in html
    assert "Personne discrète" not in html
    listing = client.get("/ressources/organisations/").content.decode()
    assert "AAAPNB" in listing
    assert "1 service" in listing


def test_a_representatives_profile_links_to_the_organization(
    client, representative, member, organization
):
    client.force_login(member)
    html = client.get(representative.get_absolute_url()).content.decode()
    assert f'<a href="{organization.get_absolute_url()}">AAAPNB</a>' in html


def test_the_footer_links_to_every_partner_organization(client, organization, other_organization):
    html = client.get("/").content.decode()
    assert f'<a href="{other_organization.get_absolute_url()}">Culture pour tous</a>' in html
    other_organization.name = "Culture pour tous (renommée)"
    other_organization.save()
    assert "Culture pour tous (renommée)" in client.get("/").content.decode()


def test_a_funder_known_only_for_its_calls_is_not_a_partner_in_the_footer(client, organization):
    funder = make_organization("Conseil des arts du Canada", kind="public")
    make_funding_call(funder, program="Explore et crée", deadlines=[date(2031, 2, 12)])
    footer = client.get("/").content.decode().split('id="footer-partners"')[1]
    assert "AAAPNB" in footer and "Conseil des arts du Canada" not in footer
    # The day it offers a pooled service, it pools resources here: a partner.
    make_service(funder, make_representative(funder), title="Conseils aux demandes")
    footer = client.get("/").content.decode().split('id="footer-partners"')[1]
    assert "Conseil des arts du Canada" in footer
