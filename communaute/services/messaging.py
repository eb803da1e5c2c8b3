"""Writes in private conversations: starting one, sending, adding people, leaving, muting,
reading.

Each runs in one transaction, after the permission checks of permissions/messaging.py. A new
message locks its conversation's row, so the conversation's last message is always the newest;
the other participants who did not mute it are notified (their email preference decides when
an email leaves) and their pages are told through the live channel, once the write commits.
Messages are Markdown through the same sanitizer as the forum's posts, without mentions: a
private message never reaches anyone outside its conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communaute.models import (
    Conversation,
    ConversationParticipant,
    Member,
    MessageAttachment,
    Notification,
    PrivateMessage,
)
from communaute.models.messaging import pair_key_of
from communaute.notifications.centre import notify_many
from communaute.notifications.kinds import register_kind
from communaute.permissions.messaging import (
    check_can_add,
    check_can_send,
    check_can_start,
)
from communaute.permissions.viewer import Viewer
from communaute.services.files import store_files
from communaute.services.posting_limits import check_new_conversation_limit
from passerelles.core.files import JoinedFile
from passerelles.core.live import publish, publish_counters
from passerelles.core.markdown import render_markdown
from passerelles.core.templatetags.passerelles import member_name

# What a notification (and its email) quotes of a message: enough to answer from the email.
EXCERPT_CHARS = 600


@dataclass(frozen=True, kw_only=True)
class PrivateMessageContext:
    conversation_id: int
    subject: str
    excerpt: str


@dataclass(frozen=True, kw_only=True)
class ConversationContext:
    conversation_id: int
    subject: str


PRIVATE_MESSAGE = register_kind(
    "private_message",
    context=PrivateMessageContext,
    describe=lambda n, c: (
        (
            _("%(actor)s vous a écrit en privé : « %(subject)s ».")
            if c.subject
            else _("%(actor)s vous a écrit en privé.")
        )
        % {"actor": member_name(n.actor), "subject": c.subject}
    ),
    email_template="communaute/emails/private_message",
    reason=lambda n, c: _(
        "vous participez à cette conversation privée (vous pouvez la mettre en sourdine "
        "depuis sa page)"
    ),
)
CONVERSATION_JOINED = register_kind(
    "private_conversation_joined",
    context=ConversationContext,
    describe=lambda n, c: (
        (
            _("%(actor)s vous a ajouté à la conversation privée « %(subject)s ».")
            if c.subject
            else _("%(actor)s vous a ajouté à une conversation privée.")
        )
        % {"actor": member_name(n.actor), "subject": c.subject}
    ),
)


def channel_of(conversation_id: int) -> str:
    return f"conversation:{conversation_id}"


def _open_places(conversation: Conversation) -> QuerySet[ConversationParticipant]:
    return ConversationParticipant.objects.filter(conversation=conversation, left_at__isnull=True)


def _add_message(
    conversation: Conversation,
    *,
    author: Member,
    body: str,
    token: str,
    attachments: Sequence[UploadedFile | JoinedFile] = (),
) -> PrivateMessage:
    """Append a message to a conversation whose row the caller holds locked, then tell the
    other participants."""
    now = timezone.now()
    message = PrivateMessage.objects.create(
        conversation=conversation,
        author=author,
        body=body,
        # The forum's sanitizer, without its mention links: nobody is summoned into a
        # private conversation by being named in it.
        body_html=render_markdown(body),
        created_at=now,
        client_token=token,
    )
    # The forum's checks (the form's AttachmentsField) and storage: an image waits hidden
    # until the worker has re-encoded it.
    store_files(lambda: MessageAttachment(message=message), attachments)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=message, last_message_at=now
    )
    conversation.last_message, conversation.last_message_at = message, now
    # One's own message is never unread.
    _open_places(conversation).filter(member=author).update(last_read_id=message.pk)
    _announce(conversation, message)
    return message


def _announce(conversation: Conversation, message: PrivateMessage) -> None:
    others = list(
        Member.objects.filter(
            is_active=True,
            conversation_places__conversation=conversation,
            conversation_places__left_at__isnull=True,
            conversation_places__muted=False,
        ).exclude(pk=message.author_id)
    )
    notify_many(
        others,
        PRIVATE_MESSAGE,
        url=conversation.get_absolute_url(),
        context=PrivateMessageContext(
            conversation_id=conversation.pk,
            subject=conversation.subject,
            excerpt=Truncator(message.body).chars(EXCERPT_CHARS),
        ),
        actor=message.author,
    )
    # Ids only: each open page asks the permission-checked fragment view for the message.
    publish(channel_of(conversation.pk), "message", {"id": message.pk})
    for member in others:
        publish_counters(member.pk)


def _already_sent(author: Member, token: str) -> PrivateMessage | None:
    if not token:
        return None
    return (
        PrivateMessage.objects.filter(author=author, client_token=token)
        .select_related("conversation")
        .first()
    )


def _distinct_others(sender: Member, recipients: Sequence[Member]) -> list[Member]:
    seen: dict[int, Member] = {}
    for member in recipients:
        seen.setdefault(member.pk, member)
    return list(seen.values())


@transaction.atomic
def start_conversation(
    sender: Member,
    recipients: Sequence[Member],
    *,
    body: str,
    subject: str = "",
    token: str = "",
    attachments: Sequence[UploadedFile | JoinedFile] = (),
) -> tuple[Conversation, PrivateMessage]:
    """A new conversation with its first message; between two members who already have one,
    that conversation continues (a subject given now names it if it had none)."""
    recipients = _distinct_others(sender, recipients)
    viewer = Viewer.of(sender)
    check_can_start(viewer, recipients)
    subject = subject.strip()
    # The members' rows are the lock, in a fixed order: the same form sent twice, or the two
    # members writing to each other at once, wait and then find the first conversation.
    locked = [sender.pk] + ([recipients[0].pk] if len(recipients) == 1 else [])
    list(Member.objects.select_for_update().filter(pk__in=locked).order_by("pk"))
    earlier = _already_sent(sender, token)
    if earlier is not None:
        return earlier.conversation, earlier
    pair_key = pair_key_of(sender.pk, recipients[0].pk) if len(recipients) == 1 else ""
    conversation = None
    if pair_key:
        conversation = Conversation.objects.select_for_update().filter(pair_key=pair_key).first()
    if conversation is not None:
        check_can_send(viewer, conversation)
        if subject and not conversation.subject:
            conversation.subject = subject
            conversation.save(update_fields=["subject"])
    else:
        check_new_conversation_limit(viewer)
        conversation = Conversation.objects.create(
            subject=subject, created_by=sender, pair_key=pair_key
        )
        ConversationParticipant.objects.bulk_create(
            ConversationParticipant(conversation=conversation, member=member)
            for member in [sender, *recipients]
        )
    message = _add_message(
        conversation, author=sender, body=body, token=token, attachments=attachments
    )
    return conversation, message


@transaction.atomic
def send_message(
    conversation: Conversation,
    *,
    author: Member,
    body: str,
    token: str = "",
    attachments: Sequence[UploadedFile | JoinedFile] = (),
) -> PrivateMessage:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    check_can_send(Viewer.of(author), conversation)
    earlier = _already_sent(author, token)
    if earlier is not None:
        return earlier
    return _add_message(
        conversation, author=author, body=body, token=token, attachments=attachments
    )


@transaction.atomic
def add_participants(
    conversation: Conversation, *, actor: Member, members: Sequence[Member]
) -> list[Member]:
    """Bring members into a conversation (back in, for those who had left it); they read it
    from its beginning. Returns those who were not already in it."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    present = set(_open_places(conversation).values_list("member_id", flat=True))
    newcomers = [member for member in _distinct_others(actor, members) if member.pk not in present]
    if not newcomers:
        return []
    check_can_add(Viewer.of(actor), conversation, newcomers, len(present))
    now = timezone.now()
    ConversationParticipant.objects.bulk_create(
        [
            ConversationParticipant(conversation=conversation, member=member, joined_at=now)
            for member in newcomers
        ],
        update_conflicts=True,
        unique_fields=["conversation", "member"],
        update_fields=["joined_at", "left_at", "muted"],
    )
    # A group now: "Écrire en privé" to one of them starts a conversation of its own.
    Conversation.objects.filter(pk=conversation.pk).update(pair_key="")
    notify_many(
        newcomers,
        CONVERSATION_JOINED,
        url=conversation.get_absolute_url(),
        context=ConversationContext(conversation_id=conversation.pk, subject=conversation.subject),
        actor=actor,
    )
    for member in newcomers:
        publish_counters(member.pk)
    return newcomers


@transaction.atomic
def leave_conversation(conversation: Conversation, *, member: Member) -> None:
    """The member no longer reads nor hears of the conversation; the others keep it, with
    the member's messages."""
    left = _open_places(conversation).filter(member=member).update(left_at=timezone.now())
    if not left:
        raise PermissionDenied(_("Vous ne participez pas à cette conversation."))
    # Whoever writes to the other person next starts afresh.
    Conversation.objects.filter(pk=conversation.pk).update(pair_key="")
    _mark_notifications_read(member, conversation)
    publish_counters(member.pk)


@transaction.atomic
def set_muted(conversation: Conversation, *, member: Member, muted: bool) -> None:
    """A muted conversation neither notifies nor counts in the header; it still shows its
    unread messages in the inbox."""
    changed = _open_places(conversation).filter(member=member).update(muted=muted)
    if not changed:
        raise PermissionDenied(_("Vous ne participez pas à cette conversation."))
    publish_counters(member.pk)


@transaction.atomic
def mark_read(conversation: Conversation, *, member: Member, up_to: int | None = None) -> bool:
    """The member has read the conversation up to a message (its last one by default), and
    the notifications that announced it. Returns whether anything changed."""
    up_to = up_to if up_to is not None else conversation.last_message_id or 0
    changed = (
        _open_places(conversation)
        .filter(member=member, last_read_id__lt=up_to)
        .update(last_read_id=up_to)
    )
    notifications = _mark_notifications_read(member, conversation)
    if changed or notifications:
        publish_counters(member.pk)
    return bool(changed)


def _mark_notifications_read(member: Member, conversation: Conversation) -> int:
    return Notification.objects.filter(
        Q(kind=PRIVATE_MESSAGE.kind) | Q(kind=CONVERSATION_JOINED.kind),
        recipient=member,
        read_at__isnull=True,
        context__conversation_id=conversation.pk,
    ).update(read_at=timezone.now())
