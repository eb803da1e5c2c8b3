"""communaute's models, one module per topic: members (and their notifications), the forum."""

from .forum import (
    JoinRequest,
    Post,
    PostRevision,
    Reaction,
    ReadState,
    Space,
    SpaceMembership,
    Topic,
)
from .members import Member, MemberManager, Notification

__all__ = [
    "JoinRequest",
    "Member",
    "MemberManager",
    "Notification",
    "Post",
    "PostRevision",
    "Reaction",
    "ReadState",
    "Space",
    "SpaceMembership",
    "Topic",
]
