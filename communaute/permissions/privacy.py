"""Who may keep the register of confidentiality incidents: check_* raises, can_* answers.

The person in charge of the protection of personal information is given the model's own
permissions ("view", "add", "change" on communaute.ConfidentialityIncident); superusers have them
too. Moderators (the Animation group) and other staff see nothing of it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Member


def can_view_incident_register(user: Member) -> bool:
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("communaute.view_confidentialityincident")
    )


def can_record_incident(user: Member, *, creating: bool) -> bool:
    permission = "add" if creating else "change"
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"communaute.{permission}_confidentialityincident")
    )


def check_record_incident_permission(user: Member, *, creating: bool) -> None:
    if not can_record_incident(user, creating=creating):
        raise PermissionDenied(
            _("Vous n'avez pas la permission de tenir le registre des incidents.")
        )
