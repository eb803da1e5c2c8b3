"""Who may write privately to whom: the rules private conversations ask before a message leaves.

A member writes to another unless:
- either of them blocked the other (the blocked member is never told: the refusal reads only
  "Impossible d'écrire à ce membre.", whatever the reason, so it cannot be told from a
  recipient who is simply out of reach);
- the recipient's account is closed, or the writer's is suspended;
- the recipient is not in the directory and the writer could not already know them: the same
  rule as the suggestions of mentions (known_members), or a conversation they share, since a
  message to a stranger found by guessing handles is what a directory opt-out is meant to
  prevent; other apps may add a rule where the recipient invited messages
  (communaute/hooks/contact.py: a public search for partners).

Inside an existing conversation of two, a block stops the messages too; in a group, where the
others keep talking, it does not (the one who blocked may leave the conversation).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from communaute.hooks.contact import reachable_by_rule
from communaute.models import (
    Block,
    Conversation,
    ConversationParticipant,
    Member,
    Post,
    Space,
    SpaceMembership,
)
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def known_members(spaces: QuerySet[Space] | None = None) -> Q:
    """A condition on members: those one could already know, given the spaces one takes part
    in. Members who chose to be listed in the directory, the people whose posts can be read in
    those spaces and, in a private space, its members (who know one another). Every member of an
    open space is not one of them: that would be a directory of those who declined one."""
    known = Q(in_directory=True)
    if spaces is None:
        return known
    known |= Q(
        pk__in=Post.objects.filter(
            topic__space__in=spaces,
            topic__hidden_at__isnull=True,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        ).values("author_id")
    )
    private = spaces.filter(visibility=Space.Visibility.PRIVATE)
    return known | Q(pk__in=SpaceMembership.objects.filter(space__in=private).values("member_id"))


def spaces_taken_part_in(member: Member) -> QuerySet[Space]:
    """The spaces a member shares with others: those they belong to, and the open ones they
    wrote in (a private space they left is no longer shared)."""
    return Space.objects.filter(
        Q(pk__in=SpaceMembership.objects.filter(member=member).values("space_id"))
        | Q(
            pk__in=Post.objects.filter(
                author=member, deleted_at__isnull=True, hidden_at__isnull=True
            ).values("topic__space_id"),
            visibility__in=[Space.Visibility.PUBLIC, Space.Visibility.MEMBERS],
        )
    )


def blocked_between(member: Member, other: Member) -> bool:
    """Whether either blocked the other."""
    return Block.objects.filter(
        Q(blocker=member, blocked=other) | Q(blocker=other, blocked=member)
    ).exists()


def conversation_partners(member: Member) -> Q:
    """A condition on members: those who share (or shared) a private conversation with them."""
    return Q(
        pk__in=ConversationParticipant.objects.filter(
            conversation__participants__member=member
        ).values("member_id")
    )


def knows(sender: Member, recipient: Member) -> bool:
    known = known_members(spaces_taken_part_in(sender)) | conversation_partners(sender)
    return Member.objects.filter(known, pk=recipient.pk).exists()


def may_write_to(sender: Member | Viewer, recipient: Member) -> bool:
    viewer = Viewer.of(sender)
    if not viewer.is_authenticated or not viewer.is_active or not recipient.is_active:
        return False
    if viewer.pk == recipient.pk or viewer.active_suspension is not None:
        return False
    if blocked_between(viewer.user, recipient):
        return False
    return knows(viewer.user, recipient) or reachable_by_rule(viewer.user, recipient)


def check_write_to_permission(sender: Member | Viewer, recipient: Member) -> None:
    """A suspended writer is told of their suspension; any other refusal says only that it is
    impossible, never why."""
    viewer = Viewer.of(sender)
    check_not_suspended(viewer)
    if not may_write_to(viewer, recipient):
        raise PermissionDenied(_("Impossible d'écrire à ce membre."))


def check_send_in_permission(sender: Member | Viewer, conversation: Conversation) -> None:
    """A block between the two members of a conversation of two stops its messages."""
    viewer = Viewer.of(sender)
    others = list(
        ConversationParticipant.objects.filter(conversation=conversation, left_at__isnull=True)
        .exclude(member_id=viewer.pk)
        .select_related("member")[:2]
    )
    if len(others) == 1 and blocked_between(viewer.user, others[0].member):
        raise PermissionDenied(_("Impossible d'écrire à ce membre."))


def can_block(viewer: Viewer, member: Member) -> bool:
    # A suspended member may still block: protecting oneself is no write in the spaces.
    return viewer.is_authenticated and viewer.is_active and viewer.pk != member.pk


def check_block_permission(viewer: Viewer, member: Member) -> None:
    if not can_block(viewer, member):
        raise PermissionDenied(_("Vous ne pouvez pas vous bloquer vous-même."))
