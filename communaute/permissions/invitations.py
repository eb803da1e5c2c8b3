"""Who may invite people by email, and where: check_* raise, can_* answer.

Any member in good standing invites a colleague to the community. Into a space, the door is
the one the member could open themselves: an open space (public or members) lets its members
bring someone in, a private one only its animators (as invite_to_space decides for accounts).
Pasting a list of addresses is for the people who bring groups in: partners (Partenaire),
the Animation group and the animators of a space.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from communaute.permissions.forum import can_animate_space, is_space_member
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def can_invite(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active and viewer.active_suspension is None


def check_invite_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    if not can_invite(viewer):
        raise PermissionDenied(_("Connectez-vous pour inviter quelqu'un."))


def can_invite_to_space(viewer: Viewer, space: Space) -> bool:
    if not can_invite(viewer):
        return False
    if space.visibility == Space.Visibility.PRIVATE:
        return can_animate_space(viewer, space)
    return viewer.is_superuser or is_space_member(viewer, space)


def check_invite_to_space_permission(viewer: Viewer, space: Space) -> None:
    check_invite_permission(viewer)
    if not can_invite_to_space(viewer, space):
        raise PermissionDenied(_("Vous ne pouvez pas inviter quelqu'un dans cet espace."))


def can_invite_a_list(viewer: Viewer) -> bool:
    if not can_invite(viewer):
        return False
    return (
        viewer.is_superuser
        or viewer.in_animation_group
        or SpaceMembership.Role.ANIMATOR in viewer.space_roles.values()
        or viewer.user.groups.filter(name=roles.PARTNER).exists()
    )
