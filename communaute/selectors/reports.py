"""Reads for the reports of private messages: the moderators' queue, and one report with the
few messages around the reported one (never the rest of the conversation)."""

from django.db.models import QuerySet

from communaute.models import MessageFlag, PrivateMessage

CONTEXT_MESSAGES = 2
QUEUE_SHOWN = 100


def open_message_flags() -> list[MessageFlag]:
    return list(
        MessageFlag.objects.filter(status=MessageFlag.Status.OPEN)
        .select_related("message__author", "reporter")
        .order_by("created_at", "id")[:QUEUE_SHOWN]
    )


def message_flag_queryset() -> QuerySet[MessageFlag]:
    return MessageFlag.objects.select_related("message__author", "reporter", "decided_by")


def context_of(message: PrivateMessage) -> list[PrivateMessage]:
    """The reported message with up to CONTEXT_MESSAGES before and after it, in order."""
    same = PrivateMessage.objects.filter(conversation_id=message.conversation_id).select_related(
        "author"
    )
    before = list(same.filter(id__lt=message.pk).order_by("-id")[:CONTEXT_MESSAGES])
    after = list(same.filter(id__gt=message.pk).order_by("id")[:CONTEXT_MESSAGES])
    return [*reversed(before), message, *after]
