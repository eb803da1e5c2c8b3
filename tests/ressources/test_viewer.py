"""The organizations a member represents reach the Viewer as a registered fact: read once per
viewer, and read again by the next request, so a change made in the admin needs no forgetting."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from communaute.permissions.viewer import Viewer
from ressources.models import Representative
from ressources.permissions.catalogue import can_edit_service, can_manage_service
from ressources.permissions.organizations import represented_organization_ids
from tests.communaute.factories import MemberFactory, activate_totp

pytestmark = pytest.mark.django_db


def test_the_represented_organizations_are_read_once_per_viewer(
    service, representative, organization, django_assert_num_queries
):
    viewer = Viewer(representative)
    with django_assert_num_queries(1):
        assert represented_organization_ids(viewer) == {organization.pk}
        assert represented_organization_ids(viewer) == {organization.pk}
    with django_assert_num_queries(0):
        assert represented_organization_ids(Viewer(AnonymousUser())) == frozenset()


def organization_form(organization, member):
    """The organization's admin page as sent back with one representative added."""
    created = timezone.localtime(organization.created_at)
    now = timezone.localtime()
    return {
        "name": organization.name,
        "slug": organization.slug,
        "kind": organization.kind,
        "description": organization.description,
        "serves_in_french": "on",
        "created_at_0": created.strftime("%Y-%m-%d"),
        "created_at_1": created.strftime("%H:%M:%S"),
        "representatives-TOTAL_FORMS": "1",
        "representatives-INITIAL_FORMS": "0",
        "representatives-MIN_NUM_FORMS": "0",
        "representatives-MAX_NUM_FORMS": "1000",
        "representatives-0-member": member.pk,
        "representatives-0-role": Representative.Role.STAFF,
        "representatives-0-created_at_0": now.strftime("%Y-%m-%d"),
        "representatives-0-created_at_1": now.strftime("%H:%M:%S"),
    }


def test_a_representative_added_in_the_admin_manages_services_on_the_next_request(
    client, staff, service, organization
):
    newcomer = MemberFactory(display_name="Chloé Gallant")
    client.force_login(newcomer)
    edit = f"/ressources/services/{service.slug}/modifier/"
    assert client.get(edit).status_code == 403
    assert not can_manage_service(Viewer(newcomer), service)
    administrator = Client()
    activate_totp(staff)
    administrator.force_login(staff)

    response = administrator.post(
        f"/admin/ressources/organization/{organization.pk}/change/",
        organization_form(organization, newcomer),
    )

    assert response.status_code == 302, response.context["errors"]
    assert organization.representatives.filter(member=newcomer).exists()
    # The new role asks for a second factor at the next privileged page, which then opens.
    assert client.get(edit)["Location"] == "/comptes/2fa/totp/activate/"
    activate_totp(newcomer)
    assert client.get(edit).status_code == 200
    # The same Member object, handed to a service or a new viewer, sees it too.
    assert can_edit_service(Viewer.of(newcomer), service)
