"""Reads of private conversations: a member's inbox, a conversation's messages, the header's
count of unread conversations. Each is a fixed number of queries, whatever the number of
conversations, messages or participants."""

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet

from communaute.models import (
    Conversation,
    ConversationParticipant,
    Member,
    MessageAttachment,
    PrivateMessage,
)

MESSAGES_PER_PAGE = 30
# The live fragment brings at most this many messages at once (the oldest first).
NEW_MESSAGES_MAX = 50

UNREAD = Q(conversation__last_message_id__gt=F("last_read_id"))


def _present_members() -> Prefetch:
    """The people in each conversation now, for the inbox's and the page's list of names."""
    return Prefetch(
        "conversation__participants",
        queryset=ConversationParticipant.objects.filter(left_at__isnull=True)
        .select_related("member")
        .order_by("member__display_name", "member_id"),
        to_attr="present",
    )


def inbox(member: Member) -> QuerySet[ConversationParticipant]:
    """The member's places in the conversations they have not left, the latest activity
    first, each with `unread`, its conversation, its last message and its author, and the
    people present (`conversation.present`): three queries for a page, with the count."""
    return (
        ConversationParticipant.objects.filter(member=member, left_at__isnull=True)
        .annotate(unread=ExpressionWrapper(UNREAD, output_field=BooleanField()))
        .select_related("conversation__last_message__author")
        .prefetch_related(_present_members())
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def unread_count(member: Member) -> int:
    """Conversations with a message the member has not read; muted ones do not count."""
    if not member.is_authenticated:
        return 0
    return ConversationParticipant.objects.filter(
        UNREAD, member=member, left_at__isnull=True, muted=False
    ).count()


def participants(conversation: Conversation) -> list[ConversationParticipant]:
    """Everyone who is or was in the conversation, present ones first."""
    return list(
        ConversationParticipant.objects.filter(conversation=conversation)
        .select_related("member")
        .order_by(F("left_at").asc(nulls_first=True), "member__display_name", "member_id")
    )


def messages_of(conversation: Conversation) -> QuerySet[PrivateMessage]:
    """The conversation's messages, oldest first, with their authors and files."""
    return (
        PrivateMessage.objects.filter(conversation=conversation)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", MessageAttachment.objects.order_by("pk")))
    )


def messages_after(conversation: Conversation, after_id: int) -> list[PrivateMessage]:
    """The messages that came after one the page shows (the live fragment), oldest first."""
    return list(messages_of(conversation).filter(pk__gt=after_id).order_by("pk")[:NEW_MESSAGES_MAX])
