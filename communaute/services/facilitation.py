"""Writes of the facilitation dashboard that are not moderation: welcoming a newcomer."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from communaute.models import SpaceMembership
from communaute.notifications.centre import notify
from communaute.permissions.moderation import check_view_dashboard_permission
from communaute.permissions.viewer import Viewer


@transaction.atomic
def welcome_member(membership, *, actor):
    """An animator welcomes a newcomer: once per membership, through their notifications."""
    membership = (
        SpaceMembership.objects.select_for_update(of=("self",))
        .select_related("space", "member")
        .get(pk=membership.pk)
    )
    check_view_dashboard_permission(Viewer.of(actor), membership.space)
    if membership.welcomed_at is not None:
        return membership
    membership.welcomed_at = timezone.now()
    membership.save(update_fields=["welcomed_at"])
    notify(
        membership.member,
        "space_welcome",
        url=reverse("communaute:space", kwargs={"slug": membership.space.slug}),
        actor=actor,
        context={"space": membership.space.name},
    )
    return membership
