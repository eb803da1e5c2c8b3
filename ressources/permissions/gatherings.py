"""Who may hold, see and join gatherings: check_* raise PermissionDenied, can_* answer.

A gathering is held for an organization by its representatives, for a space by its animators,
or for the whole portal by the editors (the Rédaction group); administrators may do all three.
Gatherings of a space are seen by those who see the space; the others are public.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from communaute.permissions.forum import can_animate_space, can_view_space
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import Gathering
from ressources.permissions.organizations import (
    is_representative,
    represented_organization_ids,
)


def _acts(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active and viewer.active_suspension is None


def is_portal_editor(viewer: Viewer) -> bool:
    return _acts(viewer) and (
        viewer.is_superuser or viewer.user.groups.filter(name=roles.EDITORIAL).exists()
    )


def organizations_for_gatherings(viewer: Viewer) -> frozenset[int]:
    if not _acts(viewer) or not is_representative(viewer):
        return frozenset()
    return represented_organization_ids(viewer)


def spaces_for_gatherings(viewer: Viewer) -> frozenset[int]:
    if not _acts(viewer):
        return frozenset()
    return frozenset(
        space_id
        for space_id, role in viewer.space_roles.items()
        if role == SpaceMembership.Role.ANIMATOR
    )


def can_hold_gathering_for(viewer: Viewer, organizer: str, *, organization_id=None, space=None):
    if organizer == Gathering.Organizer.ORGANIZATION:
        return (
            _acts(viewer)
            and organization_id is not None
            and (viewer.is_superuser or organization_id in organizations_for_gatherings(viewer))
        )
    if organizer == Gathering.Organizer.SPACE:
        return _acts(viewer) and space is not None and can_animate_space(viewer, space)
    if organizer == Gathering.Organizer.PORTAL:
        return is_portal_editor(viewer)
    return False


def can_create_gathering(viewer: Viewer) -> bool:
    return (
        is_portal_editor(viewer)
        or bool(organizations_for_gatherings(viewer))
        or bool(spaces_for_gatherings(viewer))
    )


def check_create_gathering_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    if not can_create_gathering(viewer):
        raise PermissionDenied(
            _(
                "Les rencontres sont proposées par les organisations partenaires, les personnes "
                "qui animent un espace et l'équipe de rédaction."
            )
        )


def check_hold_gathering_for_permission(
    viewer: Viewer, organizer: str, *, organization_id=None, space=None
) -> None:
    check_not_suspended(viewer)
    if not can_hold_gathering_for(viewer, organizer, organization_id=organization_id, space=space):
        raise PermissionDenied(_("Vous ne pouvez pas organiser une rencontre en ce nom."))


def can_manage_gathering(viewer: Viewer, gathering: Gathering) -> bool:
    return can_hold_gathering_for(
        viewer,
        gathering.organizer,
        organization_id=gathering.organization_id,
        space=gathering.space,
    )


def check_manage_gathering_permission(viewer: Viewer, gathering: Gathering) -> None:
    check_not_suspended(viewer)
    if not can_manage_gathering(viewer, gathering):
        raise PermissionDenied(
            _("Seules les personnes qui organisent cette rencontre y ont accès.")
        )


def can_view_gathering(viewer: Viewer, gathering: Gathering) -> bool:
    return gathering.space is None or can_view_space(viewer, gathering.space)


def can_register(viewer: Viewer, gathering: Gathering) -> bool:
    return _acts(viewer) and gathering.registration_open()


def check_register_permission(viewer: Viewer, gathering: Gathering) -> None:
    check_not_suspended(viewer)
    if not _acts(viewer):
        raise PermissionDenied(_("Connectez-vous pour vous inscrire."))
    if not gathering.registration_open():
        raise PermissionDenied(_("Les inscriptions à cette rencontre sont closes."))


def visible_space_ids_filter(viewer: Viewer):
    """The spaces whose gatherings this viewer may see, as a subquery (so that a list costs no
    query of its own): public ones to all, members' ones to members, private ones to their own."""
    if viewer.is_authenticated and viewer.is_superuser:
        return Space.objects.values("pk")
    if not viewer.is_authenticated:
        return Space.objects.filter(visibility=Space.Visibility.PUBLIC).values("pk")
    return Space.objects.filter(
        Q(visibility__in=(Space.Visibility.PUBLIC, Space.Visibility.MEMBERS))
        | Q(pk__in=SpaceMembership.objects.filter(member=viewer.user).values("space_id"))
    ).values("pk")
