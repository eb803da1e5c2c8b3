from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.core.forms import (
    BODY_HELP,
    AttachmentsField,
    ComposerTextarea,
    SiteForm,
    SiteModelForm,
    TokenField,
    new_token,
)
from ressources.models import AccessRequest


class OnBehalfFormMixin:
    """Speaking for an organization (an access request, a need) asks for its name."""

    organization_name_missing = _(
        "Indiquez le nom de l'organisation au nom de laquelle vous parlez."
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("on_behalf") == AccessRequest.OnBehalf.ORGANIZATION
            and not cleaned.get("organization_name", "").strip()
        ):
            self.add_error("organization_name", self.organization_name_missing)
        return cleaned


class AccessRequestForm(OnBehalfFormMixin, SiteModelForm):
    class Meta:
        model = AccessRequest
        fields = ["on_behalf", "organization_name", "message", "timeframe"]
        widgets = {
            "on_behalf": forms.RadioSelect,
            "message": ComposerTextarea(attrs={"rows": 6}),
        }
        labels = {
            "message": _("Votre message"),
            "timeframe": _("Échéance souhaitée"),
        }
        help_texts = {
            "message": _("Décrivez votre projet et ce dont vous avez besoin."),
            "timeframe": _("Par exemple : « avant la tournée d'avril » ou « dès que possible »."),
            "organization_name": _(
                "Seulement si vous faites la demande au nom d'une organisation."
            ),
        }

    organization_name_missing = _(
        "Indiquez le nom de l'organisation au nom de laquelle vous faites la demande."
    )


class RequestMessageForm(SiteForm):
    """A message in a request's timeline, from the member who asked or a representative."""

    message = forms.CharField(
        label=_("Votre message"),
        max_length=3000,
        help_text=BODY_HELP,
        widget=ComposerTextarea(attrs={"rows": 5}),
    )
    attachments = AttachmentsField()
    token = TokenField(initial=new_token)


class RequestAnswerForm(RequestMessageForm):
    """A representative's answer: a message, a new status, or both (the status may carry the
    message, shown together in the timeline)."""

    status = forms.ChoiceField(
        label=_("Changer le statut (facultatif)"), required=False, widget=forms.RadioSelect
    )
    field_order = ["status", "message", "attachments"]

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (value, label) for value, label in AccessRequest.Status.choices if value in allowed
        ]
        if choices:
            # A choice to come back to: a radio button once checked cannot be unchecked.
            self.fields["status"].choices = [("", _("Garder le statut actuel")), *choices]
            self.fields["status"].initial = ""
        else:  # Accepted or declined: the conversation goes on, the status stays.
            del self.fields["status"]
        self.fields["message"].required = False
        self.fields["message"].label = _("Message à la personne")

    def clean(self):
        cleaned = super().clean()
        nothing = not cleaned.get("status") and not cleaned.get("message", "").strip()
        if nothing and "message" not in self.errors:
            self.add_error(
                "message", _("Écrivez un message, choisissez un nouveau statut, ou les deux.")
            )
        return cleaned
