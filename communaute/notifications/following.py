"""The notification kinds of following, mentions, reactions, announcements and join requests."""

from django.utils.translation import gettext as _

from communaute.models import Reaction
from communaute.notifications.kinds import register_kind
from passerelles.core.templatetags.passerelles import member_name

GENERIC_EMAIL = "communaute/emails/generic"


def _values(notification):
    return {
        "actor": member_name(notification.actor),
        "topic": notification.context.get("topic", ""),
        "space": notification.context.get("space", ""),
        "title": notification.context.get("title", ""),
    }


def _reaction_label(notification):
    try:
        return Reaction.Kind(notification.context.get("reaction")).label
    except ValueError:
        return ""


def register():
    register_kind(
        "topic_reply",
        describe=lambda n: _("%(actor)s a répondu dans « %(topic)s ».") % _values(n),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("vous suivez le sujet « %(topic)s »") % _values(n),
    )
    register_kind(
        "topic_created",
        describe=lambda n: (
            _("%(actor)s a lancé le sujet « %(topic)s » dans « %(space)s ».") % _values(n)
        ),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("vous suivez l'espace « %(space)s »") % _values(n),
    )
    register_kind(
        "mention",
        # The present tense needs no agreement with the reader's gender.
        describe=lambda n: _("%(actor)s vous mentionne dans « %(topic)s ».") % _values(n),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("votre identifiant @ figure dans un message de ce sujet"),
    )
    register_kind(
        "reaction",
        describe=lambda n: (
            _("%(actor)s a réagi (%(reaction)s) à votre message dans « %(topic)s ».")
            % {**_values(n), "reaction": _reaction_label(n)}
        ),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("vous avez écrit le message auquel on a réagi"),
    )
    register_kind(
        "announcement",
        describe=lambda n: _("Annonce dans « %(space)s » : %(title)s") % _values(n),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("vous êtes membre de l'espace « %(space)s »") % _values(n),
    )
    register_kind(
        "join_request_created",
        describe=lambda n: _("%(actor)s demande à rejoindre l'espace « %(space)s ».") % _values(n),
        email_template=GENERIC_EMAIL,
        reason=lambda n: _("vous animez l'espace « %(space)s »") % _values(n),
        # The person waits for an answer.
        urgent=True,
    )
