"""Whether a member is suspended right now, read once per request.

Its own small module: the forum's permissions ask it before any write, and the moderation
permissions build on the forum's, so neither may import the other for this.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

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


def until_text(suspension):
    return date_format(timezone.localtime(suspension.ends_at), "DATETIME_FORMAT")
