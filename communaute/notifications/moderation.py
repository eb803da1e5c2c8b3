"""The notification kinds of moderation and facilitation, registered in AppConfig.ready()."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communaute.models import Flag, ModerationAction
from communaute.notifications.kinds import register_kind
from passerelles.core.templatetags.passerelles import member_name

Kind = ModerationAction.Kind


def _decision_sentence(action):
    return {
        Kind.HIDE_POST: _(
            "Votre message dans « %(title)s » a été masqué par l'équipe d'animation."
        ),
        Kind.RESTORE_POST: _("Votre message dans « %(title)s » est de nouveau visible."),
        Kind.PIN_TOPIC: _("Votre sujet « %(title)s » est épinglé en haut de son espace."),
        Kind.UNPIN_TOPIC: _("Votre sujet « %(title)s » n'est plus épinglé."),
        Kind.LOCK_TOPIC: _(
            "Votre sujet « %(title)s » est verrouillé : on peut le lire, mais plus y répondre."
        ),
        Kind.UNLOCK_TOPIC: _("Votre sujet « %(title)s » est de nouveau ouvert aux réponses."),
        Kind.MOVE_TOPIC: _("Votre sujet « %(title)s » a été déplacé dans l'espace « %(space)s »."),
        Kind.SUSPEND_MEMBER: _(
            "Votre compte est suspendu jusqu'au %(until)s : vous pouvez lire les conversations, "
            "mais pas y écrire."
        ),
        Kind.LIFT_SUSPENSION: _("Votre suspension est levée : vous pouvez de nouveau écrire."),
    }.get(action, _("Une décision de l'équipe d'animation vous concerne."))


def _until(context):
    try:
        moment = datetime.fromisoformat(context.get("until", ""))
    except ValueError:
        return ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def describe_decision(notification):
    context = notification.context
    sentence = _decision_sentence(context.get("action")) % {
        "title": context.get("title", ""),
        "space": context.get("space", ""),
        "until": _until(context),
    }
    return _("%(sentence)s Raison : %(reason)s") % {
        "sentence": sentence,
        "reason": context.get("reason", ""),
    }


def describe_flag_reviewed(notification):
    title = notification.context.get("title", "")
    if notification.context.get("outcome") == Flag.Status.DISMISSED:
        return _(
            "Merci pour votre signalement. Après examen, le message dans « %(title)s » reste "
            "visible."
        ) % {"title": title}
    return _("Merci pour votre signalement. Le message dans « %(title)s » a été masqué.") % {
        "title": title
    }


def describe_post_flagged(notification):
    reason = notification.context.get("reason", "")
    return _("Un message de « %(title)s » a été signalé : %(reason)s.") % {
        "title": notification.context.get("title", ""),
        "reason": Flag.Reason(reason).label if reason in Flag.Reason.values else "",
    }


def describe_welcome(notification):
    return _(
        "%(actor)s vous souhaite la bienvenue dans l'espace « %(space)s ». Présentez-vous ou "
        "posez votre première question quand vous voulez !"
    ) % {"actor": member_name(notification.actor), "space": notification.context.get("space", "")}


def register():
    register_kind(
        "moderation_decision",
        describe=describe_decision,
        email_template="communaute/emails/moderation_decision",
        reason=lambda n: _("une décision de modération concerne votre contribution"),
        # A decision about one's own words is never left for a digest.
        urgent=True,
    )
    register_kind("flag_reviewed", describe=describe_flag_reviewed)
    register_kind(
        "post_flagged",
        describe=describe_post_flagged,
        email_template="communaute/emails/post_flagged",
        reason=lambda n: _("vous modérez l'espace où ce message a été signalé"),
        # A report waits for someone to look at it.
        urgent=True,
    )
    register_kind("space_welcome", describe=describe_welcome)
