"""The editorial team hears of the initiatives members suggest for the watch."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from communaute.models import Member
from communaute.notifications.centre import notify_many
from communaute.notifications.kinds import register_kind
from communaute.permissions import roles
from passerelles.core.templatetags.passerelles import member_name

if TYPE_CHECKING:
    # The page models route to the view that tells the editors: only the type is needed here.
    from passerelles.pages.models import InitiativePage


@dataclass(frozen=True, kw_only=True)
class InitiativeContext:
    initiative: str


INITIATIVE_SUGGESTED = register_kind(
    "initiative_suggested",
    context=InitiativeContext,
    describe=lambda n, c: (
        _("%(member)s propose une initiative pour la veille : « %(initiative)s ».")
        % {"member": member_name(n.actor), "initiative": c.initiative}
    ),
    email_template="pages/emails/initiative_suggested",
    reason=lambda n, c: _(
        "vous faites partie de l'équipe de rédaction, qui vérifie les initiatives proposées "
        "pour la veille"
    ),
    # Someone waits for this answer: it leaves at once, even for digest readers.
    urgent=True,
)


def tell_editors(initiative: "InitiativePage", *, actor: Member) -> None:
    """Every editor hears of a suggested initiative, which waits for them as a draft."""
    editors = get_user_model().objects.filter(groups__name=roles.EDITORIAL, is_active=True)
    notify_many(
        list(editors),
        INITIATIVE_SUGGESTED,
        url=reverse("wagtailadmin_pages:edit", args=[initiative.pk]),
        actor=actor,
        context=InitiativeContext(initiative=initiative.title),
    )
