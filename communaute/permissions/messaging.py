"""Who may read and write in private conversations: check_* raise, can_* answer.

Only the participants who have not left a conversation read it: for anyone else, moderators
and administrators included, it answers as what never existed. Moderators see a private
message only when a participant reports it.

The services ask check_can_start() before a conversation begins and check_can_send() before
every message: the rules about whom one may write to (blocks, the directory, daily limits) are
added there, so that every path that writes goes through them.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.models import Conversation, ConversationParticipant, Member
from communaute.models.messaging import MAX_PARTICIPANTS
from communaute.permissions.access import refusal
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def open_place(viewer: Viewer, conversation_id: int) -> ConversationParticipant | None:
    """The viewer's place in the conversation, unless they left it (or never had one)."""
    if not viewer.is_authenticated:
        return None
    return (
        ConversationParticipant.objects.filter(
            conversation_id=conversation_id, member_id=viewer.pk, left_at__isnull=True
        )
        .select_related("conversation")
        .first()
    )


def place_or_404(viewer: Viewer, conversation_id: int) -> ConversationParticipant:
    """The one way views reach a conversation: not a participant (any more) answers as a
    conversation that does not exist; a visitor is asked to sign in."""
    place = open_place(viewer, conversation_id)
    if place is None:
        raise refusal(viewer)
    return place


def can_write(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active and viewer.active_suspension is None


def _check_writer(viewer: Viewer) -> None:
    if not viewer.is_authenticated or not viewer.is_active:
        raise PermissionDenied(_("Connectez-vous pour écrire en privé."))
    check_not_suspended(viewer)


def _check_room(count: int) -> None:
    if count > MAX_PARTICIPANTS:
        raise PermissionDenied(
            ngettext(
                "Une conversation privée réunit %(max)s personne au plus.",
                "Une conversation privée réunit %(max)s personnes au plus.",
                MAX_PARTICIPANTS,
            )
            % {"max": MAX_PARTICIPANTS}
        )


def check_can_start(viewer: Viewer, recipients: Sequence[Member]) -> None:
    """Whether the viewer may write to these members (a new conversation, or people added to
    one). The recipients are other people than the viewer."""
    _check_writer(viewer)
    if not recipients:
        raise PermissionDenied(_("Choisissez au moins une personne à qui écrire."))
    if any(member.pk == viewer.pk for member in recipients):
        raise PermissionDenied(_("Vous ne pouvez pas vous écrire à vous-même."))
    if any(not member.is_active for member in recipients):
        raise PermissionDenied(_("Impossible d'écrire à cette personne."))
    _check_room(len(recipients) + 1)


def check_can_send(viewer: Viewer, conversation: Conversation) -> None:
    """Whether the viewer may write in this conversation: a participant who has not left it,
    and is not suspended."""
    _check_writer(viewer)
    if open_place(viewer, conversation.pk) is None:
        raise PermissionDenied(_("Vous ne participez pas à cette conversation."))


def check_can_add(
    viewer: Viewer, conversation: Conversation, newcomers: Sequence[Member], present: int
) -> None:
    """Adding people: the viewer writes in the conversation, may write to each newcomer, and
    the conversation stays small (present: the participants there now)."""
    check_can_send(viewer, conversation)
    check_can_start(viewer, newcomers)
    _check_room(present + len(newcomers))


def can_listen_conversation(user: Member, key: str) -> bool:
    """The live channel "conversation:<id>": the same rule as the page."""
    if not key.isdigit() or len(key) > 18:
        return False
    return open_place(Viewer(user), int(key)) is not None
