"""The notification kinds of the resources side, registered with the site's one centre."""

from django.utils.translation import gettext as _

from communaute.notifications.kinds import register_kind
from ressources.models import AccessRequest


def _actor(notification):
    return notification.actor.public_name if notification.actor else _("Membre supprimé")


def _status_label(notification):
    try:
        return AccessRequest.Status(notification.context.get("status")).label
    except ValueError:
        return ""


def register():
    register_kind(
        "access_request_created",
        describe=lambda n: (
            _("%(member)s demande l'accès à « %(service)s ».")
            % {"member": _actor(n), "service": n.context.get("service", "")}
        ),
        email_template="ressources/emails/access_request_created",
        reason=lambda n: (
            _("vous représentez l'organisme qui offre « %(service)s »")
            % {"service": n.context.get("service", "")}
        ),
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
    register_kind(
        "access_request_status",
        describe=lambda n: (
            _("Votre demande pour « %(service)s » est maintenant : %(status)s.")
            % {"service": n.context.get("service", ""), "status": _status_label(n)}
        ),
        email_template="ressources/emails/access_request_status",
        reason=lambda n: (
            _("vous avez demandé l'accès à « %(service)s »")
            % {"service": n.context.get("service", "")}
        ),
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
    register_kind(
        "access_request_withdrawn",
        describe=lambda n: (
            _("%(member)s a retiré sa demande pour « %(service)s ».")
            % {"member": _actor(n), "service": n.context.get("service", "")}
        ),
        email_template="ressources/emails/access_request_withdrawn",
        reason=lambda n: (
            _(
                "la demande d'accès à « %(service)s » était adressée à l'organisme que vous "
                "représentez"
            )
            % {"service": n.context.get("service", "")}
        ),
    )
    register_kind(
        "need_met",
        describe=lambda n: (
            _("Un besoin que vous partagez est comblé : « %(need)s », par « %(service)s ».")
            % {"need": n.context.get("need", ""), "service": n.context.get("service", "")}
        ),
        email_template="ressources/emails/need_met",
        reason=lambda n: (
            _("vous partagez le besoin « %(need)s »") % {"need": n.context.get("need", "")}
        ),
        # The answer to what these members were waiting for: it leaves at once.
        urgent=True,
    )
    register_kind(
        "service_matches_need",
        describe=lambda n: (
            _("Le service « %(service)s » pourrait répondre à votre besoin « %(need)s ».")
            % {"service": n.context.get("service", ""), "need": n.context.get("need", "")}
        ),
        email_template="ressources/emails/service_matches_need",
        reason=lambda n: (
            _("vous avez déclaré ou partagé le besoin « %(need)s »")
            % {"need": n.context.get("need", "")}
        ),
    )
    register_kind(
        "service_feedback_request",
        describe=lambda n: (
            _("« %(service)s » a-t-il répondu à votre besoin ? Répondez en un clic.")
            % {"service": n.context.get("service", "")}
        ),
        email_template="ressources/emails/service_feedback_request",
        reason=lambda n: (
            _("votre demande d'accès à « %(service)s » a été acceptée")
            % {"service": n.context.get("service", "")}
        ),
        # Its email carries the one-click answers, which a digest line would not.
        urgent=True,
    )
