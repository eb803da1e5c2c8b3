"""A suspended member reads; every write and every gesture is refused, with the date.

Its own small module: the forum's, the moderation's and the catalogue's permissions all ask it
before a write, and the moderation permissions build on the forum's, so it cannot live in
either. The suspension in force is one of the Viewer's facts (viewer.py).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communaute.models import Suspension
from communaute.permissions.viewer import Viewer


def check_not_suspended(viewer: Viewer) -> None:
    suspension = viewer.active_suspension
    if suspension is not None:
        raise PermissionDenied(
            _(
                "Votre compte est suspendu jusqu'au %(until)s : vous pouvez lire les "
                "conversations, mais pas y écrire."
            )
            % {"until": until_text(suspension)}
        )


def until_text(suspension: Suspension) -> str:
    return date_format(timezone.localtime(suspension.ends_at), "DATETIME_FORMAT")
