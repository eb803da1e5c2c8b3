from django.utils.translation import gettext as _

from communaute.notifications import register_kind


def register():
    register_kind(
        "initiative_suggested",
        describe=lambda n: (
            _("%(member)s propose une initiative pour la veille : « %(initiative)s ».")
            % {
                "member": n.actor.public_name if n.actor else _("Membre supprimé"),
                "initiative": n.context.get("initiative", ""),
            }
        ),
        email_template="pages/emails/initiative_suggested",
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
