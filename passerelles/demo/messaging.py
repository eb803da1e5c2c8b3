"""Demo private conversations (development only)."""

from datetime import timedelta

from django.utils import timezone

from communaute.models import (
    Conversation,
    ConversationParticipant,
    Member,
    Notification,
    PrivateMessage,
)
from communaute.services.messaging import mark_read, send_message, start_conversation
from passerelles.demo.loader import load

REPLY_GAP = timedelta(hours=5)


def seed_messaging(stdout=None):
    conversations = load("messaging")["conversations"]
    emails = {email for spec in conversations for email in spec["people"]}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    created = 0
    for spec in conversations:
        people = [members.get(email) for email in spec["people"]]
        if None in people or Conversation.objects.filter(subject=spec["subject"]).exists():
            continue
        first, *others = spec["messages"]
        conversation, message = start_conversation(
            members[first["author"]],
            [person for person in people if person.email != first["author"]],
            subject=spec["subject"],
            body=first["body"].strip(),
        )
        written = [message]
        for item in others:
            written.append(
                send_message(
                    conversation, author=members[item["author"]], body=item["body"].strip()
                )
            )
        _date(conversation, written, spec["days_ago"])
        if spec.get("read", False):
            conversation.refresh_from_db()
            for person in people:
                mark_read(conversation, member=person)
        created += 1
    if stdout:
        stdout.write(f"  messaging: {created} private conversations created")


def _date(conversation, messages, days_ago):
    """Move a conversation written just now back to when the demo says it took place."""
    start = timezone.now() - timedelta(days=days_ago)
    moment = start
    for index, message in enumerate(messages):
        moment = start + index * REPLY_GAP
        PrivateMessage.objects.filter(pk=message.pk).update(created_at=moment)
    Conversation.objects.filter(pk=conversation.pk).update(created_at=start, last_message_at=moment)
    ConversationParticipant.objects.filter(conversation=conversation).update(joined_at=start)
    Notification.objects.filter(url=conversation.get_absolute_url()).update(created_at=moment)
