"""People around a space, one per role that moderation tells apart."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.text import slugify

from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from tests.communaute.factories import MemberFactory


def make_space(name, visibility=Space.Visibility.PUBLIC):
    return Space.objects.create(name=name, slug=slugify(name), visibility=visibility)


def make_animator(space, **kwargs):
    animator = MemberFactory(**kwargs)
    SpaceMembership.objects.create(space=space, member=animator, role=SpaceMembership.Role.ANIMATOR)
    return animator


ROLES = [
    "member",
    "animator of another space",
    "staff without a role",
    "animator of the space",
    "Animation group",
    "superuser",
]


def people(space, other_space):
    """Who may moderate `space` (True) and who may not (False)."""
    return {
        "member": (MemberFactory(display_name="Membre ordinaire"), False),
        "animator of another space": (make_animator(other_space), False),
        "staff without a role": (MemberFactory(is_staff=True), False),
        "animator of the space": (make_animator(space), True),
        "Animation group": (MemberFactory(roles=[roles.ANIMATION]), True),
        "superuser": (MemberFactory(is_staff=True, is_superuser=True), True),
    }


def attempt(writes, *, allowed):
    """Run each write: allowed, it goes through; refused, it raises PermissionDenied."""
    for write in writes:
        if allowed:
            write()
        else:
            with pytest.raises(PermissionDenied):
                write()
