"""Writes of the facilitation dashboard that are not moderation: welcoming a newcomer."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import Member, SpaceMembership
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.moderation import check_view_dashboard_permission
from communaute.permissions.viewer import Viewer
from passerelles.core.templatetags.passerelles import member_name


@dataclass(frozen=True, kw_only=True)
class WelcomeContext:
    space: str


SPACE_WELCOME = register_kind(
    "space_welcome",
    context=WelcomeContext,
    describe=lambda n, c: (
        _(
            "%(actor)s vous souhaite la bienvenue dans l'espace « %(space)s ». Présentez-vous ou "
            "posez votre première question quand vous voulez !"
        )
        % {"actor": member_name(n.actor), "space": c.space}
    ),
)


@transaction.atomic
def welcome_member(membership: SpaceMembership, *, actor: Member) -> SpaceMembership:
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
        SPACE_WELCOME,
        url=reverse("communaute:space", kwargs={"slug": membership.space.slug}),
        actor=actor,
        context=WelcomeContext(space=membership.space.name),
    )
    return membership
