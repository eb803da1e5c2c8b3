"""Blocking and unblocking a member. The blocked member is never notified: nothing they see
changes but the refusal when they try to write ("Impossible d'écrire à ce membre.")."""

from django.db import transaction

from communaute.models import Block, Member
from communaute.permissions.contact import check_block_permission
from communaute.permissions.viewer import Viewer


@transaction.atomic
def block_member(member: Member, *, blocker: Member) -> Block:
    """Idempotent: a second click (or a second tab) keeps the first block and its date."""
    check_block_permission(Viewer.of(blocker), member)
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=member)
    return block


@transaction.atomic
def unblock_member(member: Member, *, blocker: Member) -> None:
    Block.objects.filter(blocker=blocker, blocked=member).delete()
