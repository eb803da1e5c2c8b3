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
from .previews import LinkPreview

__all__ = [
    "Attachment",
    "JoinRequest",
    "LinkPreview",
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
