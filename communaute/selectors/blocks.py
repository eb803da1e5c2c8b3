"""Reads for blocking: whom a member blocked."""

from django.db.models import QuerySet

from communaute.models import Block, Member

BLOCKS_SHOWN = 200


def has_blocked(blocker: Member, member: Member) -> bool:
    return (
        blocker.is_authenticated and Block.objects.filter(blocker=blocker, blocked=member).exists()
    )


def blocks_made(member: Member) -> QuerySet[Block]:
    """The member's blocks, latest first, each with the blocked member's public fields."""
    return (
        Block.objects.filter(blocker=member)
        .select_related("blocked")
        .only("created_at", "blocked__display_name", "blocked__handle", "blocked__is_active")
        .order_by("-created_at", "-id")[:BLOCKS_SHOWN]
    )
