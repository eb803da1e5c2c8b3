"""Private conversations between members: one-to-one or small groups (MAX_PARTICIPANTS).

A conversation is read only by its participants who have not left it; moderators never open an
inbox, they see a message only when someone reports it. The conversation row carries its last
message, and each participant the id of the last message they read, so that the inbox and the
header's counter tell unread conversations apart without counting messages.
Messages point at their author with SET_NULL: a deleted account leaves the others' copies.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Small groups only: beyond this, a private space of the forum is the better place.
MAX_PARTICIPANTS = 10
SUBJECT_MAX_LENGTH = 150
MESSAGE_MAX_LENGTH = 10000


def pair_key_of(first_id: int, second_id: int) -> str:
    """The key of the one-to-one conversation between two members, whoever started it."""
    low, high = sorted((first_id, second_id))
    return f"{low}:{high}"


class Conversation(models.Model):
    subject = models.CharField(_("sujet"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lancée le"), default=timezone.now)
    last_message_at = models.DateTimeField(_("dernier message le"), default=timezone.now)
    last_message = models.ForeignKey(
        "PrivateMessage", on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    # Set while the conversation is between exactly two members who are both still in it: a
    # second "Écrire en privé" to the same person continues it. Cleared for good when someone
    # is added or leaves. Unique, so two tabs starting it at once make one conversation.
    pair_key = models.CharField(max_length=41, blank=True, editable=False)

    class Meta:
        verbose_name = _("conversation privée")
        verbose_name_plural = _("conversations privées")
        constraints = [
            models.UniqueConstraint(
                fields=["pair_key"], condition=~models.Q(pair_key=""), name="one_pair_conversation"
            )
        ]
        indexes = [models.Index(fields=["-last_message_at"], name="conversation_activity_idx")]

    def __str__(self):
        return self.subject or str(_("Conversation n° %(number)s") % {"number": self.pk})

    def get_absolute_url(self):
        return reverse("communaute:conversation", kwargs={"pk": self.pk})


class ConversationParticipant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    # The member's own place in the conversation: it goes with the account (their messages
    # stay, signed "Membre supprimé").
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_places",
        # The inbox index below starts with the member.
        db_index=False,
    )
    joined_at = models.DateTimeField(_("arrivée le"), default=timezone.now)
    left_at = models.DateTimeField(_("partie le"), null=True, blank=True)
    muted = models.BooleanField(_("en sourdine"), default=False)
    # The id of the last message this participant has read (0: none); the conversation is
    # unread while its last message's id is greater.
    last_read_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("participant ou participante")
        verbose_name_plural = _("participants et participantes")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="one_place_per_conversation"
            )
        ]
        indexes = [
            # "My conversations": the member's places still open, joined to the conversations
            # ordered by their last activity.
            models.Index(
                fields=["member", "conversation"],
                name="conversation_inbox_idx",
                condition=models.Q(left_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.member} — {self.conversation_id}"

    @property
    def has_left(self):
        return self.left_at is not None


class PrivateMessage(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="private_messages",
    )
    body = models.TextField(
        pgettext_lazy("private message", "message"), max_length=MESSAGE_MAX_LENGTH
    )
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The form's one-time token: a form sent twice (double click, reload) makes one message.
    client_token = models.CharField(max_length=36, blank=True, editable=False)

    class Meta:
        ordering = ["conversation", "id"]
        verbose_name = pgettext_lazy("private message", "message privé")
        verbose_name_plural = pgettext_lazy("private message", "messages privés")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=~models.Q(client_token=""),
                name="private_message_token_unique",
            )
        ]
        indexes = [models.Index(fields=["conversation", "id"], name="private_message_order_idx")]

    def __str__(self):
        return f"{self.conversation_id} #{self.pk}"
