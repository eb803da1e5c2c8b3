import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from communaute.models import Member
from communaute.permissions import roles
from communaute.services.members import update_profile
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_identifier_and_is_stored_in_lower_case():
    member = Member.objects.create_user(email="Lea.Roy@Exemple.TEST", password=PASSWORD)
    assert member.email == "lea.roy@exemple.test"
    assert Member.USERNAME_FIELD == "email"
    assert authenticate(email="lea.roy@exemple.test", password=PASSWORD) == member


def test_the_same_email_in_another_case_cannot_register_twice():
    Member.objects.create_user(email="lea@exemple.test", password=PASSWORD)
    with pytest.raises(IntegrityError):
        Member.objects.create(email="LEA@exemple.test", display_name="Autre", handle="autre")


def test_handle_is_made_from_the_display_name_and_kept_unique():
    first = MemberFactory(display_name="Léa Roy")
    second = MemberFactory(display_name="Léa Roy")
    assert first.handle == "lea-roy"
    assert second.handle == "lea-roy-2"


def test_every_new_account_joins_the_membre_group():
    member = MemberFactory()
    assert list(member.groups.values_list("name", flat=True)) == [roles.MEMBER]


def test_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    for name in (roles.PARTNER, roles.EDITORIAL):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=roles.MEMBER).permissions.exists()


def test_new_profiles_stay_out_of_the_directory():
    assert MemberFactory().in_directory is False


def test_a_member_cannot_update_another_members_profile(member, other_member):
    with pytest.raises(PermissionDenied):
        update_profile(other_member, actor=member, changes={"display_name": "Piraté"})
    other_member.refresh_from_db()
    assert other_member.display_name == "Nadia Chartrand"


def test_public_name_and_full_name_use_the_display_name(member):
    assert member.public_name == "Sophie Gagnon"
    assert member.get_full_name() == "Sophie Gagnon"
    assert str(member) == "Sophie Gagnon"
