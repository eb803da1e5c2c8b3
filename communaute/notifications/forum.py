from django.utils.translation import gettext as _

from communaute.notifications.kinds import register_kind


def register():
    register_kind(
        "join_request_decided",
        describe=lambda n: (
            (
                _("Vous faites maintenant partie de l'espace « %(space)s ».")
                if n.context.get("approved")
                else _("Votre demande pour rejoindre l'espace « %(space)s » n'a pas été acceptée.")
            )
            % {"space": n.context.get("space", "")}
        ),
        email_template="communaute/emails/join_request_decided",
        reason=lambda n: (
            _("vous avez demandé à rejoindre l'espace « %(space)s »")
            % {"space": n.context.get("space", "")}
        ),
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
    register_kind(
        "space_invitation",
        describe=lambda n: (
            _("Vous êtes invité ou invitée à rejoindre l'espace « %(space)s ».")
            % {"space": n.context.get("space", "")}
        ),
        email_template="communaute/emails/space_invitation",
        reason=lambda n: (
            _("une personne qui anime l'espace « %(space)s » vous y invite")
            % {"space": n.context.get("space", "")}
        ),
        # An invitation waits for an answer: it leaves at once, even for digest readers.
        urgent=True,
    )
    register_kind(
        "space_invitation_answered",
        describe=lambda n: (
            (
                _("Votre invitation à l'espace « %(space)s » a été acceptée.")
                if n.context.get("accepted")
                else _("Votre invitation à l'espace « %(space)s » a été déclinée.")
            )
            % {"space": n.context.get("space", "")}
        ),
    )
    register_kind(
        "space_membership_ended",
        describe=lambda n: (
            _("Vous ne faites plus partie de l'espace « %(space)s ».")
            % {"space": n.context.get("space", "")}
        ),
    )
