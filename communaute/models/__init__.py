"""communaute's models, one module per topic: members (and their notifications), the forum."""

from .forum import (
    Attachment,
    JoinRequest,
    Post,
    PostLink,
    PostRevision,
    Reaction,
    ReadState,
    Space,
    SpaceMembership,
    Topic,
    TopicShare,
)
from .members import Member, MemberManager, Notification

__all__ = [
    "Attachment",
    "JoinRequest",
    "Member",
    "MemberManager",
    "Notification",
    "Post",
    "PostLink",
    "PostRevision",
    "Reaction",
    "ReadState",
    "Space",
    "SpaceMembership",
    "Topic",
    "TopicShare",
]
