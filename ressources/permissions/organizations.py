"""Who speaks for an organization: a member through a Representative row; administrators may
do everything.

check_* raise PermissionDenied with a French message; can_*/is_* answer for templates.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.viewer import Viewer
from ressources.models import Representative

# A fact of the Viewer (communaute/hooks/viewer.py), registered in RessourcesConfig.ready().
REPRESENTED_ORGANIZATIONS = "represented_organization_ids"


def is_administrator(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_superuser


def organizations_represented_by(member) -> frozenset[int]:
    return frozenset(
        Representative.objects.filter(member=member).values_list("organization_id", flat=True)
    )


def represented_organization_ids(viewer: Viewer) -> frozenset[int]:
    return viewer.fact(REPRESENTED_ORGANIZATIONS)


def is_representative(viewer: Viewer) -> bool:
    """Who reads an organization's side of the catalogue: its services, requests and demand."""
    # The Viewer's fact before the permission lookups: the account menu asks on every page, and
    # a member who represents nothing then costs one query.
    return is_administrator(viewer) or (
        viewer.is_authenticated
        and bool(represented_organization_ids(viewer))
        and viewer.user.has_perm("ressources.add_service")
    )


def check_representative_permission(viewer: Viewer) -> None:
    if not is_representative(viewer):
        raise PermissionDenied(
            _(
                "Seules les personnes qui représentent une organisation partenaire "
                "offrent des services."
            )
        )


def can_follow_organization(viewer: Viewer) -> bool:
    # Following only changes what the member reads: a suspended member may too, as for spaces.
    return viewer.is_authenticated and viewer.is_active


def check_follow_organization_permission(viewer: Viewer) -> None:
    if not can_follow_organization(viewer):
        raise PermissionDenied(_("Connectez-vous pour suivre une organisation."))
