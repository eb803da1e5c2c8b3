"""Whether a member is suspended right now, read once per request: a suspended member reads;
every write and every gesture is refused, with the date.

Its own small module: the forum's, the moderation's and the catalogue's permissions all ask it
before a write, and the moderation permissions build on the forum's, so it cannot live in
either.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communaute.models import Suspension


def active_suspension(user):
    """The suspension in force for this person (the one that ends last), or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_active_suspension"):
        now = timezone.now()
        user._active_suspension = (
            Suspension.objects.filter(member=user, starts_at__lte=now, ends_at__gt=now)
            .filter(Q(lifted_at__isnull=True))
            .order_by("-ends_at")
            .first()
        )
    return user._active_suspension


def forget_suspension(user):
    if hasattr(user, "_active_suspension"):
        del user._active_suspension


def check_not_suspended(user):
    suspension = active_suspension(user)
    if suspension is not None:
        raise PermissionDenied(
            _(
                "Votre compte est suspendu jusqu'au %(until)s : vous pouvez lire les "
                "conversations, mais pas y écrire."
            )
            % {"until": until_text(suspension)}
        )


def until_text(suspension):
    return date_format(timezone.localtime(suspension.ends_at), "DATETIME_FORMAT")
