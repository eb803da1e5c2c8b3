"""Reports of private messages: who may report one, and who reviews the reports.

Only a participant still in the conversation reports a message of someone else; moderators
(permissions/moderation.py is_moderator) see reported messages and the few around them, never
a conversation or an inbox.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import ConversationParticipant, PrivateMessage
from communaute.permissions.moderation import is_moderator
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def takes_part(viewer: Viewer, message: PrivateMessage) -> bool:
    return (
        viewer.is_authenticated
        and ConversationParticipant.objects.filter(
            conversation_id=message.conversation_id, member_id=viewer.pk, left_at__isnull=True
        ).exists()
    )


def can_flag_message(viewer: Viewer, message: PrivateMessage) -> bool:
    # As for posts, a suspended member files no report (suspensions.py).
    if not viewer.is_authenticated or not viewer.is_active or viewer.active_suspension is not None:
        return False
    return message.author_id != viewer.pk and takes_part(viewer, message)


def check_flag_message_permission(viewer: Viewer, message: PrivateMessage) -> None:
    check_not_suspended(viewer)
    if not can_flag_message(viewer, message):
        raise PermissionDenied(_("Vous ne pouvez pas signaler ce message."))


def can_review_message_flags(viewer: Viewer) -> bool:
    return is_moderator(viewer)


def check_review_message_flags_permission(viewer: Viewer) -> None:
    if not can_review_message_flags(viewer):
        raise PermissionDenied(
            _("Seule l'équipe de modération examine les messages privés signalés.")
        )
