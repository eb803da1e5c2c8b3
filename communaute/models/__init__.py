"""communaute's models, one module per topic: members (and their notifications), the forum,
moderation."""

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
from .moderation import Flag, ModerationAction, Suspension

__all__ = [
    "Attachment",
    "Flag",
    "JoinRequest",
    "Member",
    "MemberManager",
    "ModerationAction",
    "Notification",
    "Post",
    "PostLink",
    "PostRevision",
    "Reaction",
    "ReadState",
    "Space",
    "SpaceMembership",
    "Suspension",
    "Topic",
    "TopicShare",
]
