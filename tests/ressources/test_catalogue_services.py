import pytest
from django.core.exceptions import PermissionDenied

from passerelles.core.models import Region
from ressources.models import Service
from ressources.services.catalogue import archive_service, create_service, update_service
from tests.ressources.factories import make_service, service_data

pytestmark = pytest.mark.django_db


def test_a_new_service_is_a_draft_with_sanitized_html(organization, representative):
    service = make_service(
        organization,
        representative,
        publish=False,
        description="Bonjour <script>alert(1)</script> [x](javascript:alert(2)) **gras**",
    )
    assert service.status == Service.Status.DRAFT
    assert "<script" not in service.description_html
    assert "javascript:" not in service.description_html
    assert "<strong>gras</strong>" in service.description_html
    assert service.slug == "service-de-comptabilite-partagee"


def test_a_member_who_represents_nobody_cannot_offer_a_service(organization, member):
    with pytest.raises(PermissionDenied):
        create_service(
            actor=member,
            data=service_data(),
            organizations=[organization],
            disciplines=[],
            regions=list(Region.objects.filter(code="QC")),
        )


def test_a_representative_offers_only_in_the_name_of_their_organization(
    other_organization, representative
):
    with pytest.raises(PermissionDenied):
        create_service(
            actor=representative,
            data=service_data(),
            organizations=[other_organization],
            disciplines=[],
            regions=list(Region.objects.filter(code="QC")),
        )


def test_another_organizations_representative_cannot_edit_or_archive(service, other_representative):
    with pytest.raises(PermissionDenied):
        update_service(
            service,
            actor=other_representative,
            data={"title": "Détourné"},
            organizations=list(service.organizations.all()),
            disciplines=[],
            regions=list(service.regions.all()),
        )
    with pytest.raises(PermissionDenied):
        archive_service(service, actor=other_representative)
    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED


def test_two_services_with_the_same_title_get_distinct_slugs(organization, representative):
    first = make_service(organization, representative)
    second = make_service(organization, representative)
    assert first.slug != second.slug


def test_a_representative_edits_a_service_offered_jointly_without_dropping_the_partner(
    organization, other_organization, representative
):
    from ressources.services.catalogue import create_service
    from ressources.services.organizations import add_representative
    from tests.communaute.factories import MemberFactory

    admin = MemberFactory(is_superuser=True, is_staff=True)
    service = create_service(
        actor=admin,
        data=service_data(),
        organizations=[organization, other_organization],
        disciplines=[],
        regions=list(Region.objects.filter(code="NB")),
    )
    add_representative(organization, representative)
    joint = list(service.organizations.all())
    update_service(
        service,
        actor=representative,
        data={"title": "Titre révisé"},
        organizations=joint,
        disciplines=[],
        regions=list(service.regions.all()),
    )
    assert service.organizations.count() == 2
    with pytest.raises(PermissionDenied):  # removing the partner is theirs to decide
        update_service(
            service,
            actor=representative,
            data={},
            organizations=[organization],
            disciplines=[],
            regions=list(service.regions.all()),
        )
