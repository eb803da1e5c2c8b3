from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communaute.forms.forum import split_tags
from communaute.models import Member
from communaute.services import consents
from passerelles.core.forms import SiteForm, SiteModelForm, VocabularyMultipleChoiceField
from passerelles.core.images import validate_image
from passerelles.core.models import Discipline


class SignupForm(SiteForm):
    """Extra fields on allauth's signup form (email and password come from allauth)."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=80,
        help_text=_("Le nom que les autres membres verront. Vous pourrez le changer."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # Consents are asked, never presumed: both boxes start unticked (Law 25), and each answer
    # is recorded with its sentence. The privacy centre changes them later in one click.
    in_directory = forms.BooleanField(
        label=_("Paraître dans le répertoire des membres"),
        required=False,
        help_text=_("Seuls les membres connectés voient le répertoire."),
    )
    emails = forms.BooleanField(
        label=_("Recevoir mes notifications et leurs résumés dans ma boîte de réception"),
        required=False,
        help_text=_("Sinon, vous les trouvez dans votre centre de notifications seulement."),
    )

    field_order = ["display_name", "email", "password1", "password2", "in_directory", "emails"]

    def signup(self, request, user):
        # allauth calls this after creating the account; the adapter already set the name.
        consents.record_signup_consents(
            user,
            {
                consents.DIRECTORY: self.cleaned_data.get("in_directory", False),
                consents.EMAILS: self.cleaned_data.get("emails", False),
            },
        )


class ProfileForm(SiteModelForm):
    disciplines = VocabularyMultipleChoiceField(
        label=_("Disciplines"), queryset=Discipline.objects.all(), required=False
    )
    avatar = forms.FileField(
        label=_("Photo ou logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP ou GIF, 2 Mo au plus. L'image est recadrée en carré."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(label=_("Retirer la photo actuelle"), required=False)
    skills = forms.CharField(
        label=_("Peut aider sur"),
        required=False,
        max_length=500,
        help_text=_(
            "Quelques sujets où vous pouvez donner un coup de main, séparés par des virgules, "
            "par exemple : demandes de subvention, billetterie en ligne."
        ),
    )
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
    )

    class Meta:
        model = Member
        fields = [
            "display_name",
            "disciplines",
            "province",
            "organization_name",
            "bio",
            "website",
            "skills",
            "in_directory",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "bio": _("Quelques lignes sur votre pratique, 1000 caractères au plus."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["skills"] = ", ".join(sorted(self.instance.skills.names()))

    def clean_skills(self):
        return split_tags(self.cleaned_data["skills"])

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if upload:
            validate_image(upload, max_bytes=settings.AVATAR_MAX_BYTES)
        return upload


class DeleteAccountForm(SiteForm):
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression de mon compte est définitive."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )
