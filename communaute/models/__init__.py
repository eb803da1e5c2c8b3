"""communaute's models, one module per topic: members (and their notifications), the forum,
moderation, the register of confidentiality incidents."""

from communaute.models.blocks import Block
from communaute.models.bookmarks import Bookmark
from communaute.models.consents import ConsentRecord
from communaute.models.directory import MemberSkill
from communaute.models.drafts import Draft
from communaute.models.files import StoredFile
from communaute.models.following import (
    Announcement,
    EmailDelivery,
    EmailFrequency,
    EmailPreference,
    NewsVisit,
    SpaceSubscription,
    TopicSubscription,
)
from communaute.models.forum import (
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
from communaute.models.invitations import Invitation, InvitationOptOut
from communaute.models.members import Member, MemberManager, Notification
from communaute.models.messaging import (
    Conversation,
    ConversationParticipant,
    MessageAttachment,
    PrivateMessage,
)
from communaute.models.moderation import Flag, MessageFlag, ModerationAction, Suspension
from communaute.models.polls import Poll, PollOption, PollVote
from communaute.models.previews import LinkPreview
from communaute.models.privacy import ConfidentialityIncident, ConfidentialityIncidentVersion

__all__ = [
    "Announcement",
    "Attachment",
    "Block",
    "Bookmark",
    "ConfidentialityIncident",
    "ConfidentialityIncidentVersion",
    "ConsentRecord",
    "Conversation",
    "ConversationParticipant",
    "Draft",
    "EmailDelivery",
    "EmailFrequency",
    "EmailPreference",
    "Flag",
    "Invitation",
    "InvitationOptOut",
    "JoinRequest",
    "LinkPreview",
    "Member",
    "MemberManager",
    "MemberSkill",
    "MessageAttachment",
    "MessageFlag",
    "ModerationAction",
    "NewsVisit",
    "Notification",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "PostLink",
    "PostRevision",
    "PrivateMessage",
    "Reaction",
    "ReadState",
    "Space",
    "SpaceMembership",
    "SpaceSubscription",
    "StoredFile",
    "Suspension",
    "Topic",
    "TopicShare",
    "TopicSubscription",
]
