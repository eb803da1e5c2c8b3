"""communaute's models, one module per topic: members (and their notifications), the forum,
moderation."""

from .directory import MemberSkill
from .following import (
    Announcement,
    EmailDelivery,
    EmailFrequency,
    EmailPreference,
    SpaceSubscription,
    TopicSubscription,
)
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
from .previews import LinkPreview

__all__ = [
    "Announcement",
    "Attachment",
    "EmailDelivery",
    "EmailFrequency",
    "EmailPreference",
    "Flag",
    "JoinRequest",
    "LinkPreview",
    "Member",
    "MemberManager",
    "MemberSkill",
    "ModerationAction",
    "Notification",
    "Post",
    "PostLink",
    "PostRevision",
    "Reaction",
    "ReadState",
    "Space",
    "SpaceMembership",
    "SpaceSubscription",
    "Suspension",
    "Topic",
    "TopicShare",
    "TopicSubscription",
]
