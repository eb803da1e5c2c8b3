from django.utils.translation import gettext as _

from communaute.notifications.kinds import register_kind


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
        reason=lambda n: _(
            "vous faites partie de l'équipe de rédaction, qui vérifie les initiatives proposées "
            "pour la veille"
        ),
        # Someone waits for this answer: it leaves at once, even for digest readers.
        urgent=True,
    )
