"""Reporting a private message, and the moderators' decision on it.

A report reaches every moderator (urgent: an email at once unless they chose none), who sees the
message and the few around it. The decision closes every open report on that message and each
reporter learns the outcome in their notifications; the author is not told who reported.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import Flag, Member, MessageFlag, Notification, PrivateMessage
from communaute.notifications.centre import notify, notify_many
from communaute.notifications.kinds import register_kind
from communaute.permissions import roles
from communaute.permissions.reports import (
    check_flag_message_permission,
    check_review_message_flags_permission,
)
from communaute.permissions.viewer import Viewer

NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True, kw_only=True)
class MessageFlagContext:
    reason: Flag.Reason


@dataclass(frozen=True, kw_only=True)
class MessageFlagReviewContext:
    outcome: MessageFlag.Status


def describe_message_flag_reviewed(
    notification: Notification, context: MessageFlagReviewContext
) -> str:
    if context.outcome == MessageFlag.Status.UPHELD:
        return _(
            "Merci pour votre signalement d'un message privé : l'équipe de modération a pris "
            "des mesures."
        )
    return _(
        "Merci pour votre signalement d'un message privé. Après examen, l'équipe de "
        "modération n'a pas pris de mesure."
    )


MESSAGE_FLAGGED = register_kind(
    "private_message_flagged",
    context=MessageFlagContext,
    describe=lambda n, c: (
        _("Un message privé a été signalé : %(reason)s.") % {"reason": c.reason.label}
    ),
    email_template="communaute/emails/private_message_flagged",
    reason=lambda n, c: _("vous faites partie de l'équipe de modération"),
    # A report waits for someone to look at it.
    urgent=True,
)
MESSAGE_FLAG_REVIEWED = register_kind(
    "private_message_flag_reviewed",
    context=MessageFlagReviewContext,
    describe=describe_message_flag_reviewed,
)


def _moderators() -> list[Member]:
    return list(
        Member.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=roles.ANIMATION))
        .distinct()
    )


@transaction.atomic
def report_message(
    message: PrivateMessage, *, reporter: Member, reason: str, comment: str = ""
) -> tuple[MessageFlag, bool]:
    """File a report; returns (flag, created). A second report by the same person while the
    first is open returns the first."""
    check_flag_message_permission(Viewer.of(reporter), message)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choisissez une raison dans la liste.")})
    existing = MessageFlag.objects.filter(
        message=message, reporter=reporter, status=MessageFlag.Status.OPEN
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = MessageFlag.objects.create(
                message=message, reporter=reporter, reason=reason, comment=comment.strip()[:1000]
            )
    except IntegrityError:
        # The same form sent twice at once: the other request filed it.
        existing = MessageFlag.objects.get(
            message=message, reporter=reporter, status=MessageFlag.Status.OPEN
        )
        return existing, False
    # The author is never asked to judge a report on their own words.
    reviewers = [m for m in _moderators() if m.pk not in (message.author_id, reporter.pk)]
    notify_many(
        reviewers,
        MESSAGE_FLAGGED,
        url=reverse("communaute:message_report", kwargs={"pk": flag.pk}),
        context=MessageFlagContext(reason=flag.reason),
    )
    return flag, True


@transaction.atomic
def decide_message_flag(flag: MessageFlag, *, actor: Member, upheld: bool, note: str) -> int:
    """Close every open report on the flag's message; returns how many were closed."""
    check_review_message_flags_permission(Viewer.of(actor))
    note = " ".join((note or "").split())[:NOTE_MAX_LENGTH]
    if not note:
        raise ValidationError({"note": _("Notez en quelques mots ce qui a été décidé.")})
    status = MessageFlag.Status.UPHELD if upheld else MessageFlag.Status.DISMISSED
    flags = list(
        MessageFlag.objects.select_for_update(of=("self",))
        .filter(message_id=flag.message_id, status=MessageFlag.Status.OPEN)
        .select_related("reporter")
    )
    MessageFlag.objects.filter(pk__in=[row.pk for row in flags]).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision=note
    )
    for row in flags:
        if row.reporter is not None and row.reporter_id != actor.pk:
            notify(
                row.reporter,
                MESSAGE_FLAG_REVIEWED,
                url=reverse("communaute:conversation", kwargs={"pk": flag.message.conversation_id}),
                context=MessageFlagReviewContext(outcome=status),
            )
    return len(flags)
