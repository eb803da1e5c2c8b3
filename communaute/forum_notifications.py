from django.utils.translation import gettext as _

from .notifications import register_kind


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
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
