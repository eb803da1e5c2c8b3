import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communaute.models import Member
from communaute.models.messaging import (
    MAX_PARTICIPANTS,
    MESSAGE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from passerelles.core.forms import (
    BODY_HELP,
    AttachmentsField,
    ComposerTextarea,
    SiteForm,
    TokenField,
    new_token,
)

SEPARATORS = re.compile(r"[\s,;]+")


class RecipientsField(forms.CharField):
    """Members named by their public identifier (@handle), separated by commas or spaces;
    cleaned into the active members, in the order typed."""

    def __init__(self, **kwargs):
        super().__init__(max_length=1000, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        handles = list(dict.fromkeys(h.lstrip("@") for h in SEPARATORS.split(text) if h.strip("@")))
        if len(handles) >= MAX_PARTICIPANTS:
            raise ValidationError(
                ngettext(
                    "Une conversation privée réunit %(max)s personne au plus.",
                    "Une conversation privée réunit %(max)s personnes au plus.",
                    MAX_PARTICIPANTS,
                )
                % {"max": MAX_PARTICIPANTS}
            )
        found = {
            member.handle: member
            for member in Member.objects.filter(handle__in=handles, is_active=True)
        }
        unknown = [handle for handle in handles if handle not in found]
        if unknown:
            raise ValidationError(
                _("Aucun membre ne porte cet identifiant : %(handles)s.")
                % {"handles": ", ".join(f"@{handle}" for handle in unknown)}
            )
        if not handles:
            raise ValidationError(_("Indiquez au moins une personne."))
        return [found[handle] for handle in handles]


def recipients_field(label) -> RecipientsField:
    return RecipientsField(
        label=label,
        help_text=_(
            "L'identifiant public de chaque personne, tel que @julie-tremblay (il figure à "
            "l'adresse de son profil), séparés par des virgules."
        ),
    )


class MessageForm(SiteForm):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=BODY_HELP,
        widget=ComposerTextarea(attrs={"rows": 5}),
    )
    attachments = AttachmentsField()
    token = TokenField(initial=new_token)


class StartConversationForm(MessageForm):
    recipients = recipients_field(_("À qui écrivez-vous ?"))
    subject = forms.CharField(
        label=_("Sujet (facultatif)"), max_length=SUBJECT_MAX_LENGTH, required=False
    )

    field_order = ["recipients", "subject", "body", "attachments"]


class AddParticipantsForm(SiteForm):
    recipients = recipients_field(_("Ajouter des personnes"))
