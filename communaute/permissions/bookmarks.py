"""Who may set things aside: any signed-in, active member, suspended or not (setting aside
writes nothing anyone else sees). Whether the object may be seen is the kind's question
(communaute/hooks/bookmarks.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.viewer import Viewer


def can_bookmark(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active


def check_bookmark_permission(viewer: Viewer) -> None:
    if not can_bookmark(viewer):
        raise PermissionDenied(_("Connectez-vous pour mettre de côté."))
